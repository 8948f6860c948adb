// Small ICU helpers the gazetteer's units share: UTF-8 from ICU strings, the names ICU's region
// data gives countries and regions, and the regions containing a country.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include <unicode/unistr.h>

namespace r2p {

/// `s` as UTF-8.
std::string to_utf8(const icu::UnicodeString& s);

/// ICU's English name of a region or country code ("002" -> "Africa"); "" when it has none.
std::string english_region_name(const char* code);

/// ICU's territory containment (supplementalData), read without loading all of ICU's region data
/// as icu::Region does (about 0.8 ms per process): each region's direct container ("GH" -> "011",
/// "011" -> "002", "002" -> "001", the world) and the groupings ("EU", "419"), which contain
/// regions but are no one's container. Read once per process.
struct RegionTree {
  std::map<std::string, std::string> container_of;
  std::set<std::string> groupings;
  /// The direct container of `code`, or "".
  std::string container(const std::string& code) const;
};
const RegionTree& region_tree();

/// The continent and the sub-region (M.49 codes, "002" and "011" for "GH") containing a country or
/// region code, from region_tree(); empty strings when ICU places it under no continent. The same
/// answer as icu::Region's getContainingRegion(URGN_CONTINENT) and getContainingRegion().
struct ContainingRegions {
  std::string continent;
  std::string subregion;
};
ContainingRegions containing_regions(const std::string& code);

/// Calls `each(code, name)` for every entry of `table` ("Countries", "Countries%variant",
/// "Countries%short") of ICU's region names in `language`. The table lives in ICU's internal
/// region bundle: when its layout differs in another ICU version, there are simply no entries.
void for_each_region_name(
    const char* language, const char* table,
    const std::function<void(const char* code, const std::string& name)>& each);

}  // namespace r2p
