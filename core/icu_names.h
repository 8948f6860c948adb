// Small ICU helpers the gazetteer's units share: UTF-8 from ICU strings, and the names ICU's region
// data gives countries and regions.
#pragma once

#include <functional>
#include <string>

#include <unicode/unistr.h>

namespace r2p {

/// `s` as UTF-8.
std::string to_utf8(const icu::UnicodeString& s);

/// ICU's English name of a region or country code ("002" -> "Africa"); "" when it has none.
std::string english_region_name(const char* code);

/// Calls `each(code, name)` for every entry of `table` ("Countries", "Countries%variant",
/// "Countries%short") of ICU's region names in `language`. The table lives in ICU's internal
/// region bundle: when its layout differs in another ICU version, there are simply no entries.
void for_each_region_name(
    const char* language, const char* table,
    const std::function<void(const char* code, const std::string& name)>& each);

}  // namespace r2p
