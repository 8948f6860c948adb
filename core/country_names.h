// Countries and the names they go by: ICU's territories with their display names in the six UN
// languages and ICU's variant and short names, and ISO 3166-1's names (core/iso_codes.h), each
// with its lookup keys. Loaded once per process, for every Gazetteer.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/m49_regions.h"

namespace r2p {

/// The six official UN languages, in the order names are shown.
const std::vector<std::string>& un_languages();  // ar zh en fr ru es

struct Country {
  std::string alpha2;                        ///< ISO 3166-1 alpha-2, e.g. "CI"
  std::string alpha3;                        ///< ISO 3166-1 alpha-3, e.g. "CIV"
  std::string numeric;                       ///< ISO 3166-1 numeric / M.49, e.g. "384"
  std::map<std::string, std::string> names;  ///< language ("en", "fr", ...) -> ICU display name
  std::string continent;                     ///< M.49 code of the continent, e.g. "002"
  std::string subregion;                     ///< M.49 code of the sub-region, e.g. "011"
  const std::string& english_name() const { return names.at("en"); }
};

/// The English name of a country (alpha-2; ISO's short name from iso-codes, its inversion undone:
/// "Democratic Republic of the Congo") or UN M.49 region code (ICU's: "002" -> "Africa"), without
/// building a Gazetteer; the code itself when neither has a name for it.
std::string english_name(std::string_view code);

/// One country from ICU by alpha-2 code (any case) — codes, names in the six UN languages and
/// M.49 regions — without building a Gazetteer: for a page about one country. nullopt when ICU
/// knows no such country.
std::optional<Country> icu_country(std::string_view alpha2);

/// A name as written, the country it denotes, and its lookup keys.
struct NamedCountry {
  NamedCountry(std::string name_, std::string alpha2_, bool short_ = true)
      : name(std::move(name_)), alpha2(std::move(alpha2_)), short_name(short_) {}

  std::string name;
  std::string alpha2;
  /// A short name ("Congo - Kinshasa", "South Korea"), not an official one ("Republic of ..."):
  /// only short names make a shorter name ambiguous (see near_keys).
  bool short_name = true;
  std::string key;
  /// The key without the qualifier that tells two countries of one name apart: "congo" for
  /// "Congo - Kinshasa", "Congo (DRC)" and "Congo, The Democratic Republic of the"; "" if none.
  std::string unqualified_key;
  /// For a short name of several words, the keys one word shorter at either end: "korea" for
  /// "South Korea", "guinea" for "Equatorial Guinea" and "Guinea-Bissau".
  std::vector<std::string> near_keys;
};

/// Everything taken from ICU and iso-codes.
struct IcuGazetteerData {
  std::vector<Country> countries;   // sorted by alpha-2
  std::vector<RegionInfo> regions;  // sorted by code
  std::vector<NamedCountry> names;  // display, variant and short names in the six languages
};

/// The countries, regions and names, loaded on first use. Folding ~2,000 names is the expensive
/// part of building a Gazetteer, so it is done once per process and shared by every Gazetteer.
const IcuGazetteerData& icu_data();

}  // namespace r2p
