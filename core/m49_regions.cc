// UN M.49 regions from ICU's region data (see m49_regions.h).
#include "core/m49_regions.h"

#include <algorithm>
#include <memory>

#include <unicode/region.h>

#include "core/icu_names.h"
#include "core/text.h"

namespace r2p {
namespace {

// M.49's numeric groupings (ICU lists country groupings such as EU and UN beside them).
std::vector<RegionInfo> un_groupings() {
  std::vector<RegionInfo> out;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> codes(icu::Region::getAvailable(URGN_GROUPING, status));
  if (U_FAILURE(status) || !codes) return out;
  while (const char* code = codes->next(nullptr, status)) {
    if (U_FAILURE(status)) break;
    if (!all_digits(code)) continue;
    UErrorCode region_status = U_ZERO_ERROR;
    const icu::Region* region = icu::Region::getInstance(code, region_status);
    if (U_FAILURE(region_status) || !region) continue;
    std::unique_ptr<icu::StringEnumeration> contained(region->getContainedRegions(region_status));
    RegionInfo grouping{code, english_region_name(code), false, {}};
    while (contained && U_SUCCESS(region_status))
      if (const char* part = contained->next(nullptr, region_status))
        grouping.parts.push_back(part);
      else
        break;
    std::sort(grouping.parts.begin(), grouping.parts.end());
    if (!grouping.parts.empty()) out.push_back(std::move(grouping));
  }
  return out;
}

}  // namespace

// Both read ICU's containment table alone (region_tree()): a one-off search labels its region
// facets with them, and icu::Region would load all of ICU's region data for that.
std::string region_level(std::string_view code) {
  const RegionTree& tree = region_tree();
  const std::string region(code);
  if (tree.groupings.count(region)) return "grouping";
  const std::string container = tree.container(region);
  if (container == "001") return "continent";
  if (!container.empty() && tree.container(container) == "001") return "sub-region";
  return "";
}

std::string region_parent(std::string_view code) {
  return region_level(code) == "sub-region" ? region_tree().container(std::string(code)) : "";
}

const std::vector<RegionInfo>& un_regions() {
  static const std::vector<RegionInfo> regions = [] {
    std::vector<RegionInfo> out;
    for (const URegionType type : {URGN_CONTINENT, URGN_SUBCONTINENT}) {
      UErrorCode list_status = U_ZERO_ERROR;
      std::unique_ptr<icu::StringEnumeration> codes(icu::Region::getAvailable(type, list_status));
      if (U_FAILURE(list_status) || !codes) continue;
      while (const char* code = codes->next(nullptr, list_status)) {
        if (U_FAILURE(list_status)) break;
        out.push_back({code, english_region_name(code), type == URGN_CONTINENT, {}});
      }
    }
    for (RegionInfo& grouping : un_groupings()) out.push_back(std::move(grouping));
    std::sort(out.begin(), out.end(),
              [](const RegionInfo& a, const RegionInfo& b) { return a.code < b.code; });
    return out;
  }();
  return regions;
}

const std::vector<std::pair<std::string, std::string>>& m49_region_names() {
  static const std::vector<std::pair<std::string, std::string>> names = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for_each_region_name("en", "Countries", [&](const char* code, const std::string& name) {
      if (!all_digits(code)) return;
      if (std::string_view(code) == "001") return;  // the world is no region to narrow to
      out.emplace_back(code, name);
    });
    return out;
  }();
  return names;
}

}  // namespace r2p
