#include "core/version.h"

#include <unicode/uversion.h>

#include <xapian.h>

#include "core/schema.h"

#ifndef R2P_VERSION
#define R2P_VERSION "unknown"
#endif

namespace r2p {

std::string_view project_version() {
  return R2P_VERSION;
}

std::string version_text(std::string_view program) {
  UVersionInfo icu;
  u_getVersion(icu);
  char icu_text[U_MAX_VERSION_STRING_LENGTH];
  u_versionToString(icu, icu_text);
  return std::string(program) + " " + std::string(project_version()) + "\nXapian " +
         Xapian::version_string() + ", ICU " + icu_text + ", index schema " +
         std::to_string(kSchemaVersion);
}

}  // namespace r2p
