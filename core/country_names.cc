// Countries and the names they go by, from ICU and iso-codes (see country_names.h).
#include "core/country_names.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/unistr.h>

#include "core/icu_names.h"
#include "core/iso_codes.h"
#include "core/text.h"

namespace r2p {
namespace {

// "Congo - Kinshasa", "Congo (DRC)", "Korea, Republic of" -> "Congo", "Congo", "Korea"; "" when
// the name has no such qualifier.
std::string without_qualifier(const std::string& name) {
  for (const char* mark : {" - ", " (", ", "}) {
    const std::size_t at = name.find(mark);
    if (at != std::string::npos && at > 0) return name.substr(0, at);
  }
  return {};
}

void fold_keys(NamedCountry& n) {
  n.key = name_key(n.name);
  if (const std::string unqualified = without_qualifier(n.name); !unqualified.empty())
    n.unqualified_key = name_key(unqualified);
  const std::vector<std::string> words = fold_words(n.name);
  if (!n.short_name || words.size() < 2) return;
  auto joined = [&](std::size_t first, std::size_t last) {
    std::string key;
    for (std::size_t i = first; i < last; ++i) key += (key.empty() ? "" : " ") + words[i];
    return key;
  };
  n.near_keys = {joined(1, words.size()), joined(0, words.size() - 1)};
}

// ISO 3166-1 names by alpha-2 (iso-codes).
const std::map<std::string, const IsoCountry*>& iso_by_code() {
  static const std::map<std::string, const IsoCountry*> by_code = [] {
    std::map<std::string, const IsoCountry*> out;
    for (const IsoCountry& c : iso_countries()) out.emplace(c.alpha2, &c);
    return out;
  }();
  return by_code;
}

// The English name shown for a country: ISO's (display_name), else ICU's.
void use_iso_display_name(Country& country) {
  const auto it = iso_by_code().find(country.alpha2);
  if (it != iso_by_code().end()) country.names["en"] = display_name(*it->second);
}

// ISO's short, official and common names of a country, in English and their translations.
void add_iso_names(const Country& country, std::vector<NamedCountry>& names) {
  const auto it = iso_by_code().find(country.alpha2);
  if (it == iso_by_code().end()) return;
  const IsoCountry& iso = *it->second;
  const std::vector<std::pair<std::string, bool>> english = {{iso.name, true},
                                                             {iso.common_name, true},
                                                             {display_name(iso), true},
                                                             {iso.official_name, false}};
  for (const auto& [name, is_short] : english) {
    if (name.empty()) continue;
    NamedCountry named{name, country.alpha2, is_short};
    names.push_back(named);
    for (const auto& [language, catalogue] : iso_translations())
      if (const auto t = catalogue.find(name); t != catalogue.end()) {
        named.name = t->second;
        names.push_back(named);
      }
  }
}

// Variant and short names ("Ivory Coast", "UK") of the countries in `known`.
void add_alternate_names(const std::string& lang, const std::set<std::string>& known,
                         std::vector<NamedCountry>& names) {
  for (const char* table : {"Countries%variant", "Countries%short"})
    for_each_region_name(lang.c_str(), table, [&](const char* code, const std::string& name) {
      if (known.count(code)) names.push_back({name, code});  // not "UN" in the English short names
    });
}

// The country ICU knows by alpha-2 `code` (a territory with a continent, a sub-region, an
// alpha-3 and a numeric code), or nullopt.
std::optional<Country> read_icu_country(const char* code) {
  UErrorCode region_status = U_ZERO_ERROR;
  const icu::Region* region = icu::Region::getInstance(code, region_status);
  if (U_FAILURE(region_status) || !region || region->getType() != URGN_TERRITORY) return {};
  const icu::Region* continent = region->getContainingRegion(URGN_CONTINENT);
  const icu::Region* subregion = region->getContainingRegion();
  if (!continent || !subregion) return {};
  const icu::Locale locale("", code);
  const char* alpha3 = locale.getISO3Country();
  // No alpha-3 (AC, CP, DG, TA) or no numeric code (EA, IC): special reservations, not countries.
  if (!alpha3 || !*alpha3 || region->getNumericCode() < 0) return {};
  Country country;
  country.alpha2 = region->getRegionCode();
  country.alpha3 = alpha3;
  char numeric[16];
  std::snprintf(numeric, sizeof numeric, "%03d", region->getNumericCode());
  country.numeric = numeric;
  country.continent = continent->getRegionCode();
  country.subregion = subregion->getRegionCode();
  for (const auto& lang : un_languages()) {
    icu::UnicodeString name;
    locale.getDisplayCountry(icu::Locale(lang.c_str()), name);
    country.names[lang] = to_utf8(name);
  }
  return country;
}

// An ICU country with the English name ISO gives it.
std::optional<Country> read_country(const char* code) {
  std::optional<Country> country = read_icu_country(code);
  if (country) use_iso_display_name(*country);
  return country;
}

IcuGazetteerData load_icu_data() {
  IcuGazetteerData data;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> territories(
      icu::Region::getAvailable(URGN_TERRITORY, status));
  if (U_FAILURE(status) || !territories) throw std::runtime_error("ICU: no region data");
  while (const char* code = territories->next(nullptr, status)) {
    if (U_FAILURE(status)) break;
    if (auto country = read_icu_country(code)) data.countries.push_back(std::move(*country));
  }
  // CLDR's display names stay names of the country (and keep "Bosnia & Herzegovina" resolving);
  // the English one shown becomes ISO's.
  std::sort(data.countries.begin(), data.countries.end(),
            [](const Country& a, const Country& b) { return a.alpha2 < b.alpha2; });

  std::set<std::string> known;
  for (auto& c : data.countries) {
    known.insert(c.alpha2);
    for (const auto& [lang, name] : c.names) data.names.push_back({name, c.alpha2});
    add_iso_names(c, data.names);
    use_iso_display_name(c);
  }
  for (const auto& lang : un_languages()) add_alternate_names(lang, known, data.names);
  for (auto& n : data.names) fold_keys(n);

  data.regions = un_regions();
  return data;
}

}  // namespace

const IcuGazetteerData& icu_data() {
  static const IcuGazetteerData data = load_icu_data();
  return data;
}

std::optional<Country> icu_country(std::string_view alpha2) {
  if (alpha2.size() != 2) return std::nullopt;
  return read_country(ascii_upper(std::string(alpha2)).c_str());
}

std::string english_name(std::string_view code) {
  // Only an alpha-2 code can be ISO's: a region's ("002") need not read iso-codes at all.
  if (code.size() == 2)
    if (const auto iso = iso_by_code().find(std::string(code)); iso != iso_by_code().end())
      return display_name(*iso->second);
  const std::string name = english_region_name(std::string(code).c_str());
  return name.empty() ? std::string(code) : name;
}

const std::vector<std::string>& un_languages() {
  static const std::vector<std::string> languages{"ar", "zh", "en", "fr", "ru", "es"};
  return languages;
}

}  // namespace r2p
