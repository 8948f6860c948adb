// The gazetteer: countries and UN M.49 regions from ICU data, names in the six UN languages,
// plus the corpus's alias table (the page's own spellings, organisations and their acronyms).
// Countries (core/country_names.h), regions (core/m49_regions.h) and finding names in text
// (core/phrase_index.h) have units of their own.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/closest.h"
#include "core/country_names.h"
#include "core/m49_regions.h"
#include "core/phrase_index.h"

namespace r2p {

struct CountryKeys;

struct Organisation {
  std::string id;  ///< corpus id, e.g. "icc"
  std::string name;
  std::vector<std::string> acronyms;
  std::vector<std::string> variants;
  /// A "term" (e.g. R2P) is searchable by name and acronym like an organisation, but is no
  /// organisation and is not listed as one.
  bool term = false;
};

/// An alias the corpus adds for a country name ICU does not know in the page's spelling.
struct CountryAlias {
  std::string name;
  std::string alpha2;
};

/// The corpus's alias table (corpus/aliases.jsonl).
struct AliasTable {
  std::vector<CountryAlias> countries;
  std::vector<Organisation> organisations;  ///< also holds "term" entries such as R2P

  /// The organisation (or term) with corpus id `id`, or nullptr.
  const Organisation* organisation(std::string_view id) const;
};

class Gazetteer {
 public:
  /// Builds from ICU's region and locale data plus `aliases`. Alias codes must be known to ICU.
  /// \throws std::invalid_argument when an alias names an unknown code.
  explicit Gazetteer(const AliasTable& aliases = {});

  /// Resolves an ISO alpha-2 or alpha-3 code (any case), or any name in the six UN languages,
  /// ICU's variant/short names, or an alias — folded, so case, accents, apostrophes and hyphens
  /// do not matter. Returns the alpha-2 code, or nullopt.
  std::optional<std::string> resolve_country(std::string_view name_or_code) const;
  /// The alpha-2 codes of every country a name fits when it fits several ("Congo", "Guinea",
  /// "Korea", "Virgin Islands"), sorted; empty when it fits one or none. resolve_country()
  /// resolves no such name (unless the corpus's alias table does).
  std::vector<std::string> ambiguous_country(std::string_view name) const;
  /// The country for an alpha-2 code, or nullptr.
  const Country* country(std::string_view alpha2) const;
  /// Every country ICU knows (UN M.49 territories), sorted by alpha-2.
  const std::vector<Country>& countries() const { return countries_; }

  /// Resolves a continent or sub-region by M.49 code ("002", "2") or English name (folded).
  std::optional<std::string> resolve_region(std::string_view name_or_code) const;
  const RegionInfo* region(std::string_view code) const;
  const std::vector<RegionInfo>& regions() const { return regions_; }

  /// Resolves an organisation by id, name, variant or acronym; returns its id.
  std::optional<std::string> resolve_organisation(std::string_view name) const;
  const Organisation* organisation(std::string_view id) const;
  const std::vector<Organisation>& organisations() const { return organisations_; }

  /// Countries named in `text` (longest match first, word-aligned, names only — never bare
  /// codes, which collide with ordinary words). In order of first mention, one per mention.
  std::vector<Mention> countries_in_text(std::string_view text) const;
  /// Organisations named in `text` by name, variant or acronym.
  std::vector<Mention> organisations_in_text(std::string_view text) const;
  /// The same for text already split by fold_words(), so that one split serves both lookups.
  std::vector<Mention> countries_in_words(const std::vector<std::string>& words) const;
  std::vector<Mention> organisations_in_words(const std::vector<std::string>& words) const;
  /// Mentions of country names that fit several countries (Mention::id is the folded name) outside
  /// the names countries_in_words() finds, for saying that they tie no country.
  std::vector<Mention> ambiguous_countries_in_words(const std::vector<std::string>& words) const;

  /// Every (name, alpha-2) pair the country resolver accepts, names as given (not folded): for
  /// synonyms and spelling. Codes are not included.
  std::vector<std::pair<std::string, std::string>> country_names() const;

  /// Up to `n` known country names closest to `text` (for "did you mean" in error messages).
  std::vector<std::string> closest_countries(std::string_view text, std::size_t n = 3) const;
  std::vector<std::string> closest_regions(std::string_view text, std::size_t n = 3) const;

 private:
  // The steps of building, in order.
  void index_country_codes();
  std::vector<NamedCountry> add_country_aliases(const std::vector<CountryAlias>& aliases,
                                                CountryKeys& keys);
  void index_countries_in_text();
  void list_country_names(const std::vector<NamedCountry>& icu_names,
                          const std::vector<NamedCountry>& alias_names);
  void index_regions();
  void index_organisations(const std::vector<Organisation>& organisations);

  std::vector<Country> countries_;
  std::vector<RegionInfo> regions_;
  std::vector<Organisation> organisations_;
  std::map<std::string, std::size_t> country_index_;       // alpha-2 -> index in countries_
  std::map<std::string, std::string> country_by_code_;     // "DK", "DNK" -> "DK"
  std::map<std::string, std::string> country_by_name_;     // name_key -> alpha-2 (unambiguous only)
  std::map<std::string, std::string> country_text_index_;  // country_by_name_ minus bare codes
  std::map<std::string, std::vector<std::string>> ambiguous_countries_;  // name_key -> alpha-2s
  std::vector<std::pair<std::string, std::string>> country_names_;
  std::vector<Suggestion> country_suggestions_;             // English names and aliases
  std::map<std::string, std::size_t> region_index_;         // code -> index in regions_
  std::map<std::string, std::string> region_by_key_;        // code or name_key -> code
  std::vector<Suggestion> region_suggestions_;              // English names
  std::map<std::string, std::size_t> organisation_index_;   // id -> index in organisations_
  std::map<std::string, std::string> organisation_by_key_;  // name_key -> id

  PhraseIndex country_phrases_;       // country_text_index_
  PhraseIndex organisation_phrases_;  // organisation_by_key_
  PhraseIndex ambiguous_phrases_;     // ambiguous country names -> themselves
};

}  // namespace r2p
