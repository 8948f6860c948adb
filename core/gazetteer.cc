// The gazetteer: resolves country, region and organisation names in any of the six UN languages
// (from ICU's region and locale data plus the corpus's aliases) and finds them in running text.
#include "core/gazetteer.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <stdexcept>
#include <utility>

#include <unicode/locid.h>
#include <unicode/region.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utypes.h>

#include "core/closest.h"
#include "core/iso_codes.h"
#include "core/text.h"

namespace r2p {
namespace {

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string ascii_upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

bool is_code_like(std::string_view key) {
  return (key.size() == 2 || key.size() == 3) &&
         std::all_of(key.begin(), key.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// "e u", the key of "É.-U.": single letters only.
bool only_initials(std::string_view key) {
  std::size_t word_length = 0;
  for (const char c : key) {
    word_length = c == ' ' ? 0 : word_length + 1;
    if (word_length > 1) return false;
  }
  return true;
}

// "2", "02" and "002" all name the M.49 code "002".
std::string pad_m49(std::string_view digits) {
  const auto first = digits.find_first_not_of('0');
  std::string trimmed(first == std::string_view::npos ? std::string_view("0")
                                                      : digits.substr(first));
  if (trimmed.size() < 3) trimmed.insert(0, 3 - trimmed.size(), '0');
  return trimmed;
}

// Bits in a PhraseIndex's first-word filter (8 KB).
constexpr std::size_t kFilterBits = 1 << 16;

// A name as written, the country it denotes, and its lookup keys.
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

// Everything taken from ICU. Folding ~2,000 names is the expensive part of construction, so it
// is done once per process and shared by every Gazetteer.
struct IcuGazetteerData {
  std::vector<Country> countries;   // sorted by alpha-2
  std::vector<RegionInfo> regions;  // sorted by code
  std::vector<NamedCountry> names;  // display, variant and short names in the six languages
};

// Variant and short names ("Ivory Coast", "UK") live in ICU's internal region bundle; when the
// layout differs in another ICU version the names are simply missing.
void add_alternate_names(const std::string& lang, const std::set<std::string>& known,
                         std::vector<NamedCountry>& names) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UResourceBundle, decltype(&ures_close)> bundle(
      ures_open(U_ICUDATA_NAME "-region", lang.c_str(), &status), &ures_close);
  if (U_FAILURE(status) || !bundle) return;
  for (const char* table_name : {"Countries%variant", "Countries%short"}) {
    UErrorCode table_status = U_ZERO_ERROR;
    std::unique_ptr<UResourceBundle, decltype(&ures_close)> table(
        ures_getByKey(bundle.get(), table_name, nullptr, &table_status), &ures_close);
    if (U_FAILURE(table_status) || !table) continue;
    while (ures_hasNext(table.get())) {
      UErrorCode entry_status = U_ZERO_ERROR;
      const char* code = nullptr;
      int32_t length = 0;
      const UChar* value = ures_getNextString(table.get(), &length, &code, &entry_status);
      if (U_FAILURE(entry_status) || !code || !value) continue;
      if (!known.count(code)) continue;  // e.g. "UN" in the English short names
      names.push_back({to_utf8(icu::UnicodeString(value, length)), code});
    }
  }
}

std::string english_region_name(const char* code) {
  icu::UnicodeString out;
  icu::Locale("", code).getDisplayCountry(icu::Locale("en"), out);
  return to_utf8(out);
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

const IcuGazetteerData& icu_data() {
  static const IcuGazetteerData data = load_icu_data();
  return data;
}

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

std::string region_level(std::string_view code) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Region* region = icu::Region::getInstance(std::string(code).c_str(), status);
  if (U_FAILURE(status) || !region) return "";
  switch (region->getType()) {
    case URGN_CONTINENT:
      return "continent";
    case URGN_SUBCONTINENT:
      return "sub-region";
    case URGN_GROUPING:
      return "grouping";
    default:
      return "";
  }
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

std::optional<Country> icu_country(std::string_view alpha2) {
  if (alpha2.size() != 2) return std::nullopt;
  return read_country(ascii_upper(std::string(alpha2)).c_str());
}

const Organisation* AliasTable::organisation(std::string_view id) const {
  for (const Organisation& org : organisations)
    if (org.id == id) return &org;
  return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& m49_region_names() {
  static const std::vector<std::pair<std::string, std::string>> names = [] {
    std::vector<std::pair<std::string, std::string>> out;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UResourceBundle, decltype(&ures_close)> bundle(
        ures_open(U_ICUDATA_NAME "-region", "en", &status), &ures_close);
    if (U_FAILURE(status) || !bundle) return out;
    std::unique_ptr<UResourceBundle, decltype(&ures_close)> table(
        ures_getByKey(bundle.get(), "Countries", nullptr, &status), &ures_close);
    if (U_FAILURE(status) || !table) return out;
    while (ures_hasNext(table.get())) {
      UErrorCode entry_status = U_ZERO_ERROR;
      const char* code = nullptr;
      int32_t length = 0;
      const UChar* value = ures_getNextString(table.get(), &length, &code, &entry_status);
      if (U_FAILURE(entry_status) || !code || !value || !all_digits(code)) continue;
      if (std::string_view(code) == "001") continue;  // the world is no region to narrow to
      out.emplace_back(code, to_utf8(icu::UnicodeString(value, length)));
    }
    return out;
  }();
  return names;
}

std::string english_name(std::string_view code) {
  if (const auto iso = iso_by_code().find(std::string(code)); iso != iso_by_code().end())
    return display_name(*iso->second);
  const std::string name = english_region_name(std::string(code).c_str());
  return name.empty() ? std::string(code) : name;
}

const std::vector<std::string>& un_languages() {
  static const std::vector<std::string> languages{"ar", "zh", "en", "fr", "ru", "es"};
  return languages;
}

Gazetteer::Gazetteer(const AliasTable& aliases) {
  const IcuGazetteerData& icu = icu_data();
  countries_ = icu.countries;
  regions_ = icu.regions;

  for (std::size_t i = 0; i < countries_.size(); ++i) {
    const Country& c = countries_[i];
    country_index_[c.alpha2] = i;
    country_by_code_[c.alpha2] = c.alpha2;
    country_by_code_[c.alpha3] = c.alpha2;
  }

  // Names from ICU and ISO. A key that spells another country's code (Spanish short "RU" for
  // the United Kingdom) is left out, because codes are resolved first. A key that fits several
  // countries is ambiguous (ambiguous_country() lists them): one that names several, counting
  // names without their qualifier ("Congo" for "Congo - Kinshasa" and "Congo - Brazzaville"),
  // or the name of one that two others extend by a word ("Guinea": "Equatorial Guinea",
  // "Guinea-Bissau"). One such other is not enough: "Sudan" stays Sudan beside "South Sudan".
  std::map<std::string, std::set<std::string>> exact, near;
  for (const auto& n : icu.names) {
    if (n.key.empty()) continue;
    const auto code = country_by_code_.find(ascii_upper(n.key));
    if (code != country_by_code_.end() && code->second != n.alpha2) continue;
    exact[n.key].insert(n.alpha2);
    if (!n.unqualified_key.empty()) exact[n.unqualified_key].insert(n.alpha2);
    for (const auto& key : n.near_keys) near[key].insert(n.alpha2);
  }
  std::map<std::string, std::string> icu_keys;
  std::map<std::string, std::set<std::string>> ambiguous;
  for (const auto& [key, codes] : exact) {
    std::set<std::string> extended;
    if (const auto it = near.find(key); it != near.end())
      for (const auto& c : it->second)
        if (!codes.count(c)) extended.insert(c);
    if (codes.size() == 1 && extended.size() < 2) {
      icu_keys.emplace(key, *codes.begin());
      continue;
    }
    std::set<std::string>& candidates = ambiguous[key];
    candidates.insert(codes.begin(), codes.end());
    candidates.insert(extended.begin(), extended.end());
  }
  for (const auto& [key, codes] : near)
    if (!exact.count(key) && codes.size() >= 2) ambiguous[key] = codes;
  // Running text names an ambiguous country only by a country's own name ("Congo", "Guinea"),
  // never by a bare word that several names share ("islands", "republic").
  std::map<std::string, std::string> ambiguous_names;
  for (const auto& [key, codes] : ambiguous)
    if (exact.count(key) && !only_initials(key) && !is_code_like(key))
      ambiguous_names.emplace(key, key);
  ambiguous_phrases_ = PhraseIndex(ambiguous_names);

  // Aliases are the corpus's own decisions, so they override ICU; two aliases that disagree
  // are ambiguous.
  std::map<std::string, std::string> alias_keys;
  std::set<std::string> ambiguous_aliases;
  std::vector<NamedCountry> alias_names;
  for (const auto& alias : aliases.countries) {
    const std::string alpha2 = ascii_upper(alias.alpha2);
    if (!country_index_.count(alpha2))
      throw std::invalid_argument("country alias \"" + alias.name + "\" names unknown code \"" +
                                  alias.alpha2 + "\"; use an ISO 3166-1 alpha-2 code ICU knows");
    const std::string key = name_key(alias.name);
    if (key.empty()) continue;
    alias_names.emplace_back(alias.name, alpha2);
    alias_names.back().key = key;
    const auto [it, inserted] = alias_keys.emplace(key, alpha2);
    if (!inserted && it->second != alpha2) ambiguous_aliases.insert(key);
  }
  for (const auto& key : ambiguous_aliases) {
    alias_keys.erase(key);
    icu_keys.erase(key);
  }
  country_by_name_ = std::move(icu_keys);
  for (const auto& [key, alpha2] : alias_keys) {
    country_by_name_[key] = alpha2;
    ambiguous.erase(key);
  }
  for (const auto& [key, codes] : ambiguous)
    ambiguous_countries_.emplace(key, std::vector<std::string>(codes.begin(), codes.end()));

  // Running text is full of words that spell codes ("in", "to", "us") and of initials ("E.U."
  // for the European Union would otherwise match the French "É.-U."), so neither counts there.
  for (const auto& [key, alpha2] : country_by_name_) {
    if (is_code_like(key) && country_by_code_.count(ascii_upper(key))) continue;
    if (only_initials(key)) continue;
    country_text_index_.emplace(key, alpha2);
  }
  country_phrases_ = PhraseIndex(country_text_index_);

  std::set<std::pair<std::string, std::string>> seen;
  auto add_name = [&](const NamedCountry& n) {
    const auto it = country_by_name_.find(n.key);
    if (it == country_by_name_.end() || it->second != n.alpha2) return;
    if (seen.emplace(n.name, n.alpha2).second) country_names_.emplace_back(n.name, n.alpha2);
  };
  for (const auto& n : icu.names) add_name(n);
  for (const auto& n : alias_names) add_name(n);

  std::set<std::string> suggested;
  for (const auto& c : countries_)
    if (suggested.insert(c.english_name()).second)
      country_suggestions_.push_back({c.english_name(), {name_key(c.english_name())}});
  for (const auto& n : alias_names)
    if (suggested.insert(n.name).second) country_suggestions_.push_back({n.name, {n.key}});

  for (std::size_t i = 0; i < regions_.size(); ++i) {
    const RegionInfo& r = regions_[i];
    region_index_[r.code] = i;
    region_by_key_[name_key(r.code)] = r.code;
    if (all_digits(r.code)) region_by_key_[pad_m49(r.code)] = r.code;
    region_by_key_[name_key(r.name)] = r.code;
    region_suggestions_.push_back({r.name, {name_key(r.name)}});
  }

  organisations_ = aliases.organisations;
  std::set<std::string> ambiguous_organisations;
  for (std::size_t i = 0; i < organisations_.size(); ++i) {
    const Organisation& o = organisations_[i];
    if (!o.id.empty()) organisation_index_[o.id] = i;
    std::vector<std::string> spellings{o.id, o.name};
    spellings.insert(spellings.end(), o.acronyms.begin(), o.acronyms.end());
    spellings.insert(spellings.end(), o.variants.begin(), o.variants.end());
    for (const auto& spelling : spellings) {
      const std::string key = name_key(spelling);
      if (key.empty()) continue;
      const auto [it, inserted] = organisation_by_key_.emplace(key, o.id);
      if (!inserted && it->second != o.id) ambiguous_organisations.insert(key);
    }
  }
  for (const auto& key : ambiguous_organisations) organisation_by_key_.erase(key);
  organisation_phrases_ = PhraseIndex(organisation_by_key_);
}

Gazetteer::PhraseIndex::PhraseIndex(const std::map<std::string, std::string>& by_key) {
  // Keys are name_key()s: words joined by single spaces.
  for (const auto& [key, id] : by_key) {
    std::vector<std::string> words;
    for (std::size_t start = 0;;) {
      const std::size_t space = key.find(' ', start);
      words.push_back(key.substr(start, space - start));
      if (space == std::string::npos) break;
      start = space + 1;
    }
    by_first_word_[words.front()].push_back({{words.begin() + 1, words.end()}, id});
  }
  first_word_filter_.assign(kFilterBits / 64, 0);
  for (const auto& [word, phrases] : by_first_word_) {
    const std::size_t bit = filter_bit(word);
    first_word_filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  // At most one key of each length can match at a word, so the first match, longest first, is
  // the longest match.
  for (auto& [word, phrases] : by_first_word_)
    std::stable_sort(phrases.begin(), phrases.end(), [](const Phrase& a, const Phrase& b) {
      return a.rest.size() > b.rest.size();
    });
}

std::size_t Gazetteer::PhraseIndex::filter_bit(const std::string& word) {
  // Length, first two and last bytes, mixed: cheap, and enough to tell most words apart.
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(word[i]); };
  std::uint32_t h = static_cast<std::uint32_t>(word.size());
  if (!word.empty()) h = (h * 31 + byte(0)) * 31 + byte(word.size() - 1);
  if (word.size() > 1) h = h * 31 + byte(1);
  return ((h * 2654435761u) >> 16) % kFilterBits;
}

bool Gazetteer::PhraseIndex::may_start_a_name(const std::string& word) const {
  const std::size_t bit = filter_bit(word);
  return !first_word_filter_.empty() && (first_word_filter_[bit / 64] >> (bit % 64) & 1) != 0;
}

std::vector<Mention> Gazetteer::PhraseIndex::find(const std::vector<std::string>& words) const {
  std::vector<Mention> mentions;
  for (std::size_t i = 0; i < words.size();) {
    std::size_t matched = 0;
    const auto candidates =
        may_start_a_name(words[i]) ? by_first_word_.find(words[i]) : by_first_word_.end();
    if (candidates != by_first_word_.end()) {
      const std::size_t following = words.size() - i - 1;
      for (const Phrase& phrase : candidates->second) {
        if (phrase.rest.size() > following ||
            !std::equal(phrase.rest.begin(), phrase.rest.end(), words.begin() + i + 1))
          continue;
        matched = phrase.rest.size() + 1;
        mentions.push_back({phrase.id, i, matched});
        break;
      }
    }
    i += matched ? matched : 1;
  }
  return mentions;
}

std::optional<std::string> Gazetteer::resolve_country(std::string_view name_or_code) const {
  const std::string key = name_key(name_or_code);
  if (is_code_like(key)) {
    const auto code = country_by_code_.find(ascii_upper(key));
    if (code != country_by_code_.end()) return code->second;
  }
  const auto it = country_by_name_.find(key);
  if (it != country_by_name_.end()) return it->second;
  return std::nullopt;
}

std::vector<std::string> Gazetteer::ambiguous_country(std::string_view name) const {
  const auto it = ambiguous_countries_.find(name_key(name));
  return it == ambiguous_countries_.end() ? std::vector<std::string>() : it->second;
}

std::vector<Mention> Gazetteer::ambiguous_countries_in_words(
    const std::vector<std::string>& words) const {
  std::vector<Mention> ambiguous = ambiguous_phrases_.find(words);
  if (ambiguous.empty()) return ambiguous;
  // "Korea" in "the Republic of Korea" is part of a name that fits one country.
  std::vector<bool> named(words.size(), false);
  for (const Mention& m : countries_in_words(words))
    std::fill(named.begin() + m.word, named.begin() + m.word + m.words, true);
  ambiguous.erase(std::remove_if(ambiguous.begin(), ambiguous.end(),
                                 [&](const Mention& m) { return named[m.word]; }),
                  ambiguous.end());
  return ambiguous;
}

const Country* Gazetteer::country(std::string_view alpha2) const {
  const auto it = country_index_.find(ascii_upper(std::string(alpha2)));
  return it == country_index_.end() ? nullptr : &countries_[it->second];
}

std::optional<std::string> Gazetteer::resolve_region(std::string_view name_or_code) const {
  std::string key = name_key(name_or_code);
  if (all_digits(key)) key = pad_m49(key);
  const auto it = region_by_key_.find(key);
  if (it != region_by_key_.end()) return it->second;
  return std::nullopt;
}

const RegionInfo* Gazetteer::region(std::string_view code) const {
  std::string canonical = ascii_upper(std::string(code));
  if (all_digits(canonical)) canonical = pad_m49(canonical);
  const auto it = region_index_.find(canonical);
  return it == region_index_.end() ? nullptr : &regions_[it->second];
}

std::optional<std::string> Gazetteer::resolve_organisation(std::string_view name) const {
  const auto it = organisation_by_key_.find(name_key(name));
  if (it != organisation_by_key_.end()) return it->second;
  return std::nullopt;
}

const Organisation* Gazetteer::organisation(std::string_view id) const {
  const auto it = organisation_index_.find(std::string(id));
  return it == organisation_index_.end() ? nullptr : &organisations_[it->second];
}

std::vector<Mention> Gazetteer::countries_in_text(std::string_view text) const {
  return country_phrases_.find(fold_words(text));
}

std::vector<Mention> Gazetteer::organisations_in_text(std::string_view text) const {
  return organisation_phrases_.find(fold_words(text));
}

std::vector<Mention> Gazetteer::countries_in_words(const std::vector<std::string>& words) const {
  return country_phrases_.find(words);
}

std::vector<Mention> Gazetteer::organisations_in_words(
    const std::vector<std::string>& words) const {
  return organisation_phrases_.find(words);
}

std::vector<std::pair<std::string, std::string>> Gazetteer::country_names() const {
  return country_names_;
}

std::vector<std::string> Gazetteer::closest_countries(std::string_view text, std::size_t n) const {
  return closest(name_key(text), country_suggestions_, {n});
}

std::vector<std::string> Gazetteer::closest_regions(std::string_view text, std::size_t n) const {
  return closest(name_key(text), region_suggestions_, {n});
}

}  // namespace r2p
