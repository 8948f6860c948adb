// UN M.49 regions from ICU's region data: continents, sub-regions and the groupings across them.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace r2p {

struct RegionInfo {
  std::string code;  ///< M.49 code, e.g. "002", "151"
  std::string name;  ///< English name, e.g. "Africa", "Eastern Europe"
  bool continent = false;
  /// For an M.49 grouping across continents' sub-regions (419 Latin America, 202 Sub-Saharan
  /// Africa, 003 North America), the sub-regions it spans; empty for a continent or sub-region.
  std::vector<std::string> parts;
};

/// The level of a UN M.49 region code in ICU's region data: "continent" (002 Africa),
/// "sub-region" (011 Western Africa), "grouping" (419 Latin America and the Caribbean), or ""
/// for anything else.
std::string region_level(std::string_view code);

/// The continent a UN M.49 sub-region belongs to ("011" Western Africa → "002" Africa), from
/// ICU's containment data; "" for a continent, a grouping or an unknown code.
std::string region_parent(std::string_view code);

/// UN M.49 continents, sub-regions and numeric groupings (RegionInfo::parts) from ICU, by code,
/// without building a Gazetteer (cheap: no country names are folded).
const std::vector<RegionInfo>& un_regions();

/// Every UN M.49 region code ICU has an English name for ("002" Africa, "155" Western Europe,
/// "419" Latin America), read from its display names alone: cheaper than un_regions(), which
/// loads ICU's containment data. For finding region names in a question.
const std::vector<std::pair<std::string, std::string>>& m49_region_names();

}  // namespace r2p
