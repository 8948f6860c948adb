// Small ICU helpers the gazetteer's units share (see icu_names.h).
#include "core/icu_names.h"

#include <memory>

#include <unicode/locid.h>
#include <unicode/ures.h>
#include <unicode/utypes.h>

namespace r2p {

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string english_region_name(const char* code) {
  icu::UnicodeString out;
  icu::Locale("", code).getDisplayCountry(icu::Locale("en"), out);
  return to_utf8(out);
}

void for_each_region_name(
    const char* language, const char* table_name,
    const std::function<void(const char* code, const std::string& name)>& each) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UResourceBundle, decltype(&ures_close)> bundle(
      ures_open(U_ICUDATA_NAME "-region", language, &status), &ures_close);
  if (U_FAILURE(status) || !bundle) return;
  std::unique_ptr<UResourceBundle, decltype(&ures_close)> table(
      ures_getByKey(bundle.get(), table_name, nullptr, &status), &ures_close);
  if (U_FAILURE(status) || !table) return;
  while (ures_hasNext(table.get())) {
    UErrorCode entry_status = U_ZERO_ERROR;
    const char* code = nullptr;
    int32_t length = 0;
    const UChar* value = ures_getNextString(table.get(), &length, &code, &entry_status);
    if (U_FAILURE(entry_status) || !code || !value) continue;
    each(code, to_utf8(icu::UnicodeString(value, length)));
  }
}

}  // namespace r2p
