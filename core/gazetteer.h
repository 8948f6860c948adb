// The gazetteer: countries and UN M.49 regions from ICU data, names in the six UN languages,
// plus the corpus's alias table (the page's own spellings, organisations and their acronyms).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/closest.h"

namespace r2p {

/// The six official UN languages, in the order names are shown.
const std::vector<std::string>& un_languages();  // ar zh en fr ru es

/// The English name of a country (alpha-2; ISO's short name from iso-codes, its inversion undone:
/// "Democratic Republic of the Congo") or UN M.49 region code (ICU's: "002" -> "Africa"), without
/// building a Gazetteer; the code itself when neither has a name for it.
std::string english_name(std::string_view code);

struct RegionInfo;

/// The level of a UN M.49 region code in ICU's region data: "continent" (002 Africa),
/// "sub-region" (011 Western Africa), "grouping" (419 Latin America and the Caribbean), or ""
/// for anything else.
std::string region_level(std::string_view code);

/// UN M.49 continents, sub-regions and numeric groupings (RegionInfo::parts) from ICU, by code,
/// without building a Gazetteer (cheap: no country names are folded).
const std::vector<RegionInfo>& un_regions();

/// Every UN M.49 region code ICU has an English name for ("002" Africa, "155" Western Europe,
/// "419" Latin America), read from its display names alone: cheaper than un_regions(), which
/// loads ICU's containment data. For finding region names in a question.
const std::vector<std::pair<std::string, std::string>>& m49_region_names();

struct Country {
  std::string alpha2;                        ///< ISO 3166-1 alpha-2, e.g. "CI"
  std::string alpha3;                        ///< ISO 3166-1 alpha-3, e.g. "CIV"
  std::string numeric;                       ///< ISO 3166-1 numeric / M.49, e.g. "384"
  std::map<std::string, std::string> names;  ///< language ("en", "fr", ...) -> ICU display name
  std::string continent;                     ///< M.49 code of the continent, e.g. "002"
  std::string subregion;                     ///< M.49 code of the sub-region, e.g. "011"
  const std::string& english_name() const { return names.at("en"); }
};

struct RegionInfo {
  std::string code;  ///< M.49 code, e.g. "002", "151"
  std::string name;  ///< English name, e.g. "Africa", "Eastern Europe"
  bool continent = false;
  /// For an M.49 grouping across continents' sub-regions (419 Latin America, 202 Sub-Saharan
  /// Africa, 003 North America), the sub-regions it spans; empty for a continent or sub-region.
  std::vector<std::string> parts;
};

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

/// One country from ICU by alpha-2 code (any case) — codes, names in the six UN languages and
/// M.49 regions — without building a Gazetteer: for a page about one country. nullopt when ICU
/// knows no such country.
std::optional<Country> icu_country(std::string_view alpha2);

/// A name found in running text.
struct Mention {
  std::string id;         ///< alpha-2 for countries, organisation id for organisations
  std::size_t word = 0;   ///< index of the first word in fold_words(text)
  std::size_t words = 0;  ///< how many words it spans
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
  std::vector<Country> countries_;
  std::vector<RegionInfo> regions_;
  std::vector<Organisation> organisations_;
  std::map<std::string, std::size_t> country_index_;       // alpha-2 -> index in countries_
  std::map<std::string, std::string> country_by_code_;     // "DK", "DNK" -> "DK"
  std::map<std::string, std::string> country_by_name_;     // name_key -> alpha-2 (unambiguous only)
  std::map<std::string, std::string> country_text_index_;  // country_by_name_ minus bare codes
  std::map<std::string, std::vector<std::string>> ambiguous_countries_;  // name_key -> alpha-2s
  std::vector<std::pair<std::string, std::string>> country_names_;
  std::vector<Suggestion> country_suggestions_;  // English names and aliases
  std::map<std::string, std::size_t> region_index_;   // code -> index in regions_
  std::map<std::string, std::string> region_by_key_;  // code or name_key -> code
  std::vector<Suggestion> region_suggestions_;  // English names
  std::map<std::string, std::size_t> organisation_index_;   // id -> index in organisations_
  std::map<std::string, std::string> organisation_by_key_;  // name_key -> id

  /// The names of a key -> id table by their first word, for finding them in running text.
  class PhraseIndex {
   public:
    explicit PhraseIndex(const std::map<std::string, std::string>& by_key = {});
    /// Greedy longest match at each word: the phrases of `words` that are keys, in order.
    std::vector<Mention> find(const std::vector<std::string>& words) const;

   private:
    struct Phrase {
      std::vector<std::string> rest;  ///< the words after the first
      std::string id;
    };
    /// A bit per cheap hash of the first words: most words of running text start no name, and
    /// the bit tells so without hashing the whole word.
    static std::size_t filter_bit(const std::string& word);
    bool may_start_a_name(const std::string& word) const;

    std::unordered_map<std::string, std::vector<Phrase>> by_first_word_;  // longest first
    std::vector<std::uint64_t> first_word_filter_;
  };
  PhraseIndex country_phrases_;       // country_text_index_
  PhraseIndex organisation_phrases_;  // organisation_by_key_
  PhraseIndex ambiguous_phrases_;     // ambiguous country names -> themselves
};

}  // namespace r2p
