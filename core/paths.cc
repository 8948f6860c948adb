// Default paths from the environment (XDG base directories).
#include "core/paths.h"

#include <cstdlib>

#ifndef R2P_BUNDLED_CORPUS
#define R2P_BUNDLED_CORPUS "corpus"
#endif

namespace r2p {

namespace {
std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}
}  // namespace

std::string default_index_path() {
  if (auto db = env("R2P_DB"); !db.empty()) return db;
  if (auto data = env("XDG_DATA_HOME"); !data.empty()) return data + "/r2p-kb/index";
  if (auto home = env("HOME"); !home.empty()) return home + "/.local/share/r2p-kb/index";
  return "r2p-kb-index";
}

std::string bundled_corpus_path() {
  return R2P_BUNDLED_CORPUS;
}

}  // namespace r2p
