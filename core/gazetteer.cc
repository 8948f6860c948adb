// The gazetteer: resolves country, region and organisation names in any of the six UN languages
// (from ICU's region and locale data plus the corpus's aliases) and finds them in running text.
// What it is built from is loaded by country_names and m49_regions; it sorts the names out.
#include "core/gazetteer.h"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <utility>

#include "core/text.h"

namespace r2p {

/// Name keys of countries from ICU and ISO, sorted out by how many countries they fit.
struct CountryKeys {
  std::map<std::string, std::set<std::string>> exact;      ///< each country's own names (and them
                                                           ///< without their qualifier) -> alpha-2s
  std::map<std::string, std::string> unique;               ///< keys that fit one country
  std::map<std::string, std::set<std::string>> ambiguous;  ///< keys that fit several
};

namespace {

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

// Names from ICU and ISO, sorted out. A key that spells another country's code (Spanish short
// "RU" for the United Kingdom) is left out, because codes are resolved first. A key that fits
// several countries is ambiguous (ambiguous_country() lists them): one that names several,
// counting names without their qualifier ("Congo" for "Congo - Kinshasa" and "Congo -
// Brazzaville"), or the name of one that two others extend by a word ("Guinea": "Equatorial
// Guinea", "Guinea-Bissau"). One such other is not enough: "Sudan" stays Sudan beside "South
// Sudan".
CountryKeys sort_country_keys(const std::vector<NamedCountry>& names,
                              const std::map<std::string, std::string>& country_by_code) {
  CountryKeys keys;
  std::map<std::string, std::set<std::string>>& exact = keys.exact;
  std::map<std::string, std::set<std::string>> near;
  for (const auto& n : names) {
    if (n.key.empty()) continue;
    const auto code = country_by_code.find(ascii_upper(n.key));
    if (code != country_by_code.end() && code->second != n.alpha2) continue;
    exact[n.key].insert(n.alpha2);
    if (!n.unqualified_key.empty()) exact[n.unqualified_key].insert(n.alpha2);
    for (const auto& key : n.near_keys) near[key].insert(n.alpha2);
  }
  for (const auto& [key, codes] : exact) {
    std::set<std::string> extended;
    if (const auto it = near.find(key); it != near.end())
      for (const auto& c : it->second)
        if (!codes.count(c)) extended.insert(c);
    if (codes.size() == 1 && extended.size() < 2) {
      keys.unique.emplace(key, *codes.begin());
      continue;
    }
    std::set<std::string>& candidates = keys.ambiguous[key];
    candidates.insert(codes.begin(), codes.end());
    candidates.insert(extended.begin(), extended.end());
  }
  for (const auto& [key, codes] : near)
    if (!exact.count(key) && codes.size() >= 2) keys.ambiguous[key] = codes;
  return keys;
}

// Running text names an ambiguous country only by a country's own name ("Congo", "Guinea"),
// never by a bare word that several names share ("islands", "republic").
std::map<std::string, std::string> ambiguous_names_in_text(const CountryKeys& keys) {
  std::map<std::string, std::string> names;
  for (const auto& [key, codes] : keys.ambiguous)
    if (keys.exact.count(key) && !only_initials(key) && !is_code_like(key)) names.emplace(key, key);
  return names;
}

}  // namespace

const Organisation* AliasTable::organisation(std::string_view id) const {
  for (const Organisation& org : organisations)
    if (org.id == id) return &org;
  return nullptr;
}

Gazetteer::Gazetteer(const AliasTable& aliases) {
  const IcuGazetteerData& icu = icu_data();
  countries_ = icu.countries;
  regions_ = icu.regions;
  index_country_codes();
  CountryKeys keys = sort_country_keys(icu.names, country_by_code_);
  ambiguous_phrases_ = PhraseIndex(ambiguous_names_in_text(keys));
  const std::vector<NamedCountry> alias_names = add_country_aliases(aliases.countries, keys);
  index_countries_in_text();
  list_country_names(icu.names, alias_names);
  index_regions();
  index_organisations(aliases.organisations);
}

void Gazetteer::index_country_codes() {
  for (std::size_t i = 0; i < countries_.size(); ++i) {
    const Country& c = countries_[i];
    country_index_[c.alpha2] = i;
    country_by_code_[c.alpha2] = c.alpha2;
    country_by_code_[c.alpha3] = c.alpha2;
  }
}

// Aliases are the corpus's own decisions, so they override ICU; two aliases that disagree
// are ambiguous.
std::vector<NamedCountry> Gazetteer::add_country_aliases(const std::vector<CountryAlias>& aliases,
                                                         CountryKeys& keys) {
  std::map<std::string, std::string> alias_keys;
  std::set<std::string> ambiguous_aliases;
  std::vector<NamedCountry> alias_names;
  for (const auto& alias : aliases) {
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
    keys.unique.erase(key);
  }
  country_by_name_ = std::move(keys.unique);
  for (const auto& [key, alpha2] : alias_keys) {
    country_by_name_[key] = alpha2;
    keys.ambiguous.erase(key);
  }
  for (const auto& [key, codes] : keys.ambiguous)
    ambiguous_countries_.emplace(key, std::vector<std::string>(codes.begin(), codes.end()));
  return alias_names;
}

// Running text is full of words that spell codes ("in", "to", "us") and of initials ("E.U."
// for the European Union would otherwise match the French "É.-U."), so neither counts there.
void Gazetteer::index_countries_in_text() {
  for (const auto& [key, alpha2] : country_by_name_) {
    if (is_code_like(key) && country_by_code_.count(ascii_upper(key))) continue;
    if (only_initials(key)) continue;
    country_text_index_.emplace(key, alpha2);
  }
  country_phrases_ = PhraseIndex(country_text_index_);
}

// The names the resolver accepts, each once, and the names suggested for an unknown one.
void Gazetteer::list_country_names(const std::vector<NamedCountry>& icu_names,
                                   const std::vector<NamedCountry>& alias_names) {
  std::set<std::pair<std::string, std::string>> seen;
  auto add_name = [&](const NamedCountry& n) {
    const auto it = country_by_name_.find(n.key);
    if (it == country_by_name_.end() || it->second != n.alpha2) return;
    if (seen.emplace(n.name, n.alpha2).second) country_names_.emplace_back(n.name, n.alpha2);
  };
  for (const auto& n : icu_names) add_name(n);
  for (const auto& n : alias_names) add_name(n);

  std::set<std::string> suggested;
  for (const auto& c : countries_)
    if (suggested.insert(c.english_name()).second)
      country_suggestions_.push_back({c.english_name(), {name_key(c.english_name())}});
  for (const auto& n : alias_names)
    if (suggested.insert(n.name).second) country_suggestions_.push_back({n.name, {n.key}});
}

void Gazetteer::index_regions() {
  for (std::size_t i = 0; i < regions_.size(); ++i) {
    const RegionInfo& r = regions_[i];
    region_index_[r.code] = i;
    region_by_key_[name_key(r.code)] = r.code;
    if (all_digits(r.code)) region_by_key_[pad_m49(r.code)] = r.code;
    region_by_key_[name_key(r.name)] = r.code;
    region_suggestions_.push_back({r.name, {name_key(r.name)}});
  }
}

void Gazetteer::index_organisations(const std::vector<Organisation>& organisations) {
  organisations_ = organisations;
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
