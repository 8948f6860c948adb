// Gazetteer tests: the page's country spellings, names in the six UN languages, regions,
// organisations, and names found in running text.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/gazetteer.h"
#include "core/icu_names.h"
#include "core/m49_regions.h"

#include <memory>

#include <unicode/region.h>
#include "core/text.h"

namespace {

using Catch::Generators::filter;
using Catch::Generators::from_range;
using Catch::Generators::table;
using r2p::Gazetteer;

// The page's unusual spellings, as corpus/aliases.jsonl lists them.
r2p::AliasTable page_aliases() {
  r2p::AliasTable aliases;
  aliases.countries = {{"Bosnia-Herzegovina", "BA"},
                       {"Bosnia- Herzegovina", "BA"},
                       {"Czech Republic", "CZ"},
                       {"Democratic Republic of Congo", "CD"},
                       {"Democratic Republic of the Congo", "CD"},
                       {"DRC", "CD"},
                       {"Cote d'Ivoire", "CI"},
                       {"United States", "US"},
                       {"United Kingdom", "GB"}};
  return aliases;
}

r2p::AliasTable organisation_aliases() {
  r2p::AliasTable aliases;
  aliases.organisations = {
      {"icc", "International Criminal Court", {"ICC"}, {}},
      {"osce", "Organization for Security and Co-operation in Europe", {"OSCE"}, {}},
      {"un", "United Nations", {"UN"}, {}},
      {"unga", "United Nations General Assembly", {"UNGA"}, {}},
      {"global-centre",
       "Global Centre for the Responsibility to Protect",
       {"GCR2P"},
       {"Global Centre for R2P", "Global Centre"}}};
  return aliases;
}

const Gazetteer& page_gazetteer() {
  static const Gazetteer gazetteer(page_aliases());
  return gazetteer;
}

const Gazetteer& icu_gazetteer() {
  static const Gazetteer gazetteer;
  return gazetteer;
}

// Every spelling of a country the page uses, with its ISO code.
const std::vector<std::pair<std::string, std::string>> kPageSpellings = {
    {"Albania", "AL"},
    {"Argentina", "AR"},
    {"Australia", "AU"},
    {"Austria", "AT"},
    {"Belgium", "BE"},
    {"Bosnia-Herzegovina", "BA"},
    {"Bosnia- Herzegovina", "BA"},
    {"Botswana", "BW"},
    {"Bulgaria", "BG"},
    {"Costa Rica", "CR"},
    {"Cote d'Ivoire", "CI"},
    {"Czech Republic", "CZ"},
    {"Democratic Republic of the Congo", "CD"},
    {"Democratic Republic of Congo", "CD"},
    {"DRC", "CD"},
    {"Denmark", "DK"},
    {"Finland", "FI"},
    {"France", "FR"},
    {"Georgia", "GE"},
    {"Germany", "DE"},
    {"Greece", "GR"},
    {"Ghana", "GH"},
    {"Guatemala", "GT"},
    {"Hungary", "HU"},
    {"Ireland", "IE"},
    {"Italy", "IT"},
    {"Liechtenstein", "LI"},
    {"Lithuania", "LT"},
    {"Luxembourg", "LU"},
    {"Montenegro", "ME"},
    {"Netherlands", "NL"},
    {"New Zealand", "NZ"},
    {"Poland", "PL"},
    {"Slovenia", "SI"},
    {"Spain", "ES"},
    {"Sweden", "SE"},
    {"Switzerland", "CH"},
    {"Uruguay", "UY"},
    {"United Kingdom", "GB"},
    {"United States", "US"},
    {"Burundi", "BI"},
    {"Liberia", "LR"},
};

// The DR Congo spellings, which the check of ICU's and ISO's names alone leaves out.
bool names_dr_congo(const std::pair<std::string, std::string>& spelling) {
  return spelling.first == "Democratic Republic of the Congo" ||
         spelling.first == "Democratic Republic of Congo" || spelling.first == "DRC";
}

std::vector<std::string> ids(const std::vector<r2p::Mention>& mentions) {
  std::vector<std::string> out;
  for (const auto& m : mentions) out.push_back(m.id);
  return out;
}

// Each mention as "id@word+words", so that two lists of mentions compare (and print) whole.
std::vector<std::string> placed_ids(const std::vector<r2p::Mention>& mentions) {
  std::vector<std::string> out;
  for (const auto& m : mentions)
    out.push_back(m.id + "@" + std::to_string(m.word) + "+" + std::to_string(m.words));
  return out;
}

}  // namespace

TEST_CASE("every spelling the page uses resolves to its ISO code", "[gazetteer][country]") {
  const auto [spelling, alpha2] = GENERATE(from_range(kPageSpellings));
  CAPTURE(spelling);
  CHECK(page_gazetteer().resolve_country(spelling) == alpha2);
}

// ICU's and ISO's names alone resolve every spelling of the page but two: "Democratic Republic
// of Congo" (without "the") and "DRC", which only the corpus's alias table knows.
TEST_CASE("ICU and ISO alone resolve the page's spellings but two", "[gazetteer][country]") {
  const auto [spelling, alpha2] = GENERATE(
      filter([](const auto& row) { return !names_dr_congo(row); }, from_range(kPageSpellings)));
  CAPTURE(spelling);
  CHECK(icu_gazetteer().resolve_country(spelling) == alpha2);
}

TEST_CASE("two DR Congo spellings need the alias table", "[gazetteer][country]") {
  const auto spelling = GENERATE(as<std::string>{}, "Democratic Republic of Congo", "DRC");
  CAPTURE(spelling);
  CHECK_FALSE(icu_gazetteer().resolve_country(spelling).has_value());
  CHECK(page_gazetteer().resolve_country(spelling) == std::string("CD"));
}

TEST_CASE("names in the six UN languages, variants, short names and codes resolve",
          "[gazetteer][country]") {
  const auto [input, alpha2] = GENERATE(table<std::string, std::string>({
      {"Dinamarca", "DK"},                         // Spanish
      {"\xD0\x93\xD0\xB0\xD0\xBD\xD0\xB0", "GH"},  // Russian "Гана"
      {"\xE5\x8A\xA0\xE7\xBA\xB3", "GH"},          // Chinese "加纳"
      {"\xE4\xB8\xB9\xE9\xBA\xA6", "DK"},          // Chinese "丹麦"
      {"\xD8\xA7\xD9\x84\xD8\xAF\xD8\xA7\xD9\x86\xD9\x85\xD8\xB1\xD9\x83", "DK"},  // "الدانمرك"
      {"Danemark", "DK"},                                                          // French
      {"C\xC3\xB4te d\xE2\x80\x99Ivoire", "CI"},  // "Côte d’Ivoire", as ICU writes it
      {"Cote d'Ivoire", "CI"},
      {"C\xC3\x94TE D'IVOIRE", "CI"},  // "CÔTE D'IVOIRE"
      {"  cote   d ivoire ", "CI"},
      {"Costa de Marfil", "CI"},  // Spanish
      {"Ivory Coast", "CI"},      // English variant
      {"UK", "GB"},               // English short name
      {"\xC3\x89.-U.", "US"},     // French short name "É.-U."
      {"Bosnia & Herzegovina", "BA"},
      {"Bosnia and Herzegovina", "BA"},              // ISO short name
      {"Republic of Bosnia and Herzegovina", "BA"},  // ISO official name
      {"United States of America", "US"},
      {"United Kingdom of Great Britain and Northern Ireland", "GB"},
      {"Republic of Korea", "KR"},
      {"Korea, Republic of", "KR"},
      {"South Korea", "KR"},  // ISO common name and CLDR
      {"Democratic People's Republic of Korea", "KP"},
      {"Trinidad and Tobago", "TT"},
      {"Democratic Republic of the Congo", "CD"},
      {"Congo, The Democratic Republic of the", "CD"},
      {"Republic of the Congo", "CG"},
      {"Congo-Brazzaville", "CG"},
      {"Viet Nam", "VN"},
      {"Russian Federation", "RU"},
      {"Syrian Arab Republic", "SY"},
      {"Sudan", "SD"},  // beside South Sudan: one longer name is no ambiguity
      {"Netherlands", "NL"},
      {"Samoa", "WS"},
      {"China", "CN"},
      {"Georgia", "GE"},
      {"Cor\xC3\xA9"
       "e, R\xC3\xA9publique de",
       "KR"},  // French ISO short name
      {"Congo - Kinshasa", "CD"},
      {"Congo (DRC)", "CD"},
      {"CI", "CI"},
      {"ci", "CI"},
      {"civ", "CI"},
      {"DNK", "DK"},
      {"dk", "DK"},
      {"DK", "DK"},
      {"RU", "RU"},  // the code, not Spanish short "RU" (Reino Unido)
      {"us", "US"},
  }));
  CAPTURE(input);
  CHECK(icu_gazetteer().resolve_country(input) == alpha2);
}

TEST_CASE("a name that fits several countries resolves to none and lists them",
          "[gazetteer][country][ambiguous]") {
  const auto [input, candidates] = GENERATE(table<std::string, std::vector<std::string>>({
      {"Congo", {"CD", "CG"}},
      {"congo", {"CD", "CG"}},
      {"Guinea", {"GN", "GQ", "GW"}},
      {"Korea", {"KP", "KR"}},
      {"Virgin Islands", {"VG", "VI"}},
      {"Cor\xC3\xA9"
       "e",
       {"KP", "KR"}},  // French "Corée"
  }));
  CAPTURE(input);
  CHECK_FALSE(page_gazetteer().resolve_country(input).has_value());
  CHECK(page_gazetteer().ambiguous_country(input) == candidates);
}

TEST_CASE("a name that fits one country or none is not ambiguous",
          "[gazetteer][country][ambiguous]") {
  const auto input =
      GENERATE(as<std::string>{}, "Ghana", "Sudan", "Netherlands", "China", "Atlantis", "");
  CAPTURE(input);
  CHECK(page_gazetteer().ambiguous_country(input).empty());
}

TEST_CASE("running text names an ambiguous country by its own name only",
          "[gazetteer][country][ambiguous]") {
  const Gazetteer& g = page_gazetteer();
  const auto words = r2p::fold_words(
      "Delegates from Congo, the Republic of Korea and Guinea; the islands and "
      "the republic");
  CHECK(ids(g.ambiguous_countries_in_words(words)) == std::vector<std::string>{"congo", "guinea"});
  CHECK(ids(g.countries_in_words(words)) == std::vector<std::string>{"KR"});
}

TEST_CASE("English names shown are ISO short names with their inversion undone",
          "[gazetteer][country]") {
  const auto [alpha2, english] = GENERATE(table<std::string, std::string>({
      {"BA", "Bosnia and Herzegovina"},
      {"CD", "Democratic Republic of the Congo"},
      {"CG", "Congo"},
      {"KR", "Republic of Korea"},
      {"TZ", "United Republic of Tanzania"},
      {"PS", "State of Palestine"},
      {"VG", "British Virgin Islands"},
      {"TW", "Taiwan"},
      {"GB", "United Kingdom"},
      {"GH", "Ghana"},
  }));
  CAPTURE(alpha2);
  CHECK(r2p::english_name(alpha2) == english);
  CHECK(icu_gazetteer().country(alpha2)->english_name() == english);
  CHECK(r2p::icu_country(alpha2)->english_name() == english);
}

TEST_CASE("unknown countries do not resolve", "[gazetteer][country]") {
  const auto input = GENERATE(as<std::string>{}, "Atlantis", "", "  ", "ZZ", "XYZ", "Denmrak");
  CAPTURE(input);
  CHECK_FALSE(page_gazetteer().resolve_country(input).has_value());
}

TEST_CASE("closest_countries suggests English names and aliases", "[gazetteer][country]") {
  const auto suggestions = page_gazetteer().closest_countries("Denmrak");
  REQUIRE(suggestions.size() == 3);
  CHECK(suggestions.front() == "Denmark");
  CHECK(page_gazetteer().closest_countries("Ghana", 1) == std::vector<std::string>{"Ghana"});
  CHECK(page_gazetteer().closest_countries("Democratic Republc of Congo", 1) ==
        std::vector<std::string>{"Democratic Republic of Congo"});
}

TEST_CASE("country records carry codes, names and M.49 regions", "[gazetteer][country]") {
  const auto [alpha2, alpha3, numeric, continent, subregion, english] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string, std::string>({
          {"GH", "GHA", "288", "002", "011", "Ghana"},
          {"DK", "DNK", "208", "150", "154", "Denmark"},
          {"GE", "GEO", "268", "142", "145", "Georgia"},
          {"AU", "AUS", "036", "009", "053", "Australia"},
          {"CD", "COD", "180", "002", "017", "Democratic Republic of the Congo"},
          {"BA", "BIH", "070", "150", "039", "Bosnia and Herzegovina"},
          {"KR", "KOR", "410", "142", "030", "Republic of Korea"},
          {"AL", "ALB", "008", "150", "039", "Albania"},
      }));
  CAPTURE(alpha2);
  const r2p::Country* c = icu_gazetteer().country(alpha2);
  REQUIRE(c != nullptr);
  CHECK(c->alpha2 == alpha2);
  CHECK(c->alpha3 == alpha3);
  CHECK(c->numeric == numeric);
  CHECK(c->continent == continent);
  CHECK(c->subregion == subregion);
  CHECK(c->english_name() == english);
  CHECK(c->names.size() == r2p::un_languages().size());
  for (const auto& lang : r2p::un_languages()) CHECK(c->names.count(lang) == 1);
}

TEST_CASE("the country list holds countries only, sorted", "[gazetteer][country]") {
  const auto& countries = icu_gazetteer().countries();
  CHECK(countries.size() >= 240);
  CHECK(std::is_sorted(countries.begin(), countries.end(),
                       [](const auto& a, const auto& b) { return a.alpha2 < b.alpha2; }));
  for (const auto& c : countries) {
    CAPTURE(c.alpha2);
    CHECK(c.alpha3.size() == 3);
    CHECK(c.numeric.size() == 3);
    CHECK(icu_gazetteer().region(c.continent) != nullptr);
    CHECK(icu_gazetteer().region(c.subregion) != nullptr);
  }
}

TEST_CASE("a country's continent and sub-region read from ICU's containment table alone",
          "[gazetteer][country]") {
  // The cheap reading must give what icu::Region gives, country by country.
  for (const auto& c : icu_gazetteer().countries()) {
    CAPTURE(c.alpha2);
    const r2p::ContainingRegions regions = r2p::containing_regions(c.alpha2);
    CHECK(regions.continent == c.continent);
    CHECK(regions.subregion == c.subregion);
  }
  CHECK(r2p::containing_regions("GH").subregion == "011");
  CHECK(r2p::containing_regions("AQ").subregion == "QO");  // Outlying Oceania
  CHECK(r2p::containing_regions("AQ").continent == "009");
  CHECK(r2p::containing_regions("002").continent.empty());  // a continent is in none
  CHECK(r2p::containing_regions("ZZ").continent.empty());
  CHECK(r2p::containing_regions("EU").subregion.empty());  // a grouping is in no tree
}

// region_level() and region_parent() as icu::Region gives them, for comparison.
std::pair<std::string, std::string> icu_level_and_parent(const icu::Region& region) {
  switch (region.getType()) {
    case URGN_CONTINENT:
      return {"continent", ""};
    case URGN_SUBCONTINENT: {
      const icu::Region* continent = region.getContainingRegion(URGN_CONTINENT);
      return {"sub-region", continent ? continent->getRegionCode() : ""};
    }
    case URGN_GROUPING:
      return {"grouping", ""};
    default:
      return {"", ""};
  }
}

TEST_CASE("every ICU region's level and continent read from the containment table alone",
          "[gazetteer][region]") {
  std::size_t compared = 0;
  for (const URegionType type : {URGN_WORLD, URGN_CONTINENT, URGN_SUBCONTINENT, URGN_GROUPING,
                                 URGN_TERRITORY, URGN_DEPRECATED}) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::StringEnumeration> codes(icu::Region::getAvailable(type, status));
    REQUIRE(U_SUCCESS(status));
    while (const char* code = codes->next(nullptr, status)) {
      CAPTURE(code);
      const icu::Region* region = icu::Region::getInstance(code, status);
      REQUIRE(region);
      const auto [level, parent] = icu_level_and_parent(*region);
      CHECK(r2p::region_level(code) == level);
      CHECK(r2p::region_parent(code) == parent);
      ++compared;
    }
  }
  CHECK(compared > 280);
  CHECK(r2p::region_level("QO") == "sub-region");
  CHECK(r2p::region_parent("011") == "002");
  CHECK(r2p::region_level("419") == "grouping");
}

TEST_CASE("placeholders, groupings and special reservations are not countries",
          "[gazetteer][country]") {
  // Placeholders, groupings and ICU's special reservations are not countries.
  const auto code = GENERATE(as<std::string>{}, "ZZ", "QO", "EU", "UN", "EZ", "AC", "CP", "DG",
                             "TA", "EA", "IC", "001", "002");
  CAPTURE(code);
  CHECK(icu_gazetteer().country(code) == nullptr);
}

TEST_CASE("continents and sub-regions resolve by code and folded English name",
          "[gazetteer][region]") {
  const auto [input, code] = GENERATE(table<std::string, std::string>({
      {"Africa", "002"},
      {"africa", "002"},
      {"AFRICA", "002"},
      {"002", "002"},
      {"2", "002"},
      {"Western Africa", "011"},
      {"western  africa", "011"},
      {"11", "011"},
      {"eastern europe", "151"},
      {"Europe", "150"},
      {"Asia", "142"},
      {"Oceania", "009"},
      {"Americas", "019"},
  }));
  CAPTURE(input);
  CHECK(icu_gazetteer().resolve_region(input) == code);
}

TEST_CASE("region records", "[gazetteer][region]") {
  const Gazetteer& g = icu_gazetteer();
  REQUIRE(g.region("002") != nullptr);
  CHECK(g.region("002")->name == "Africa");
  CHECK(g.region("002")->continent);
  REQUIRE(g.region("151") != nullptr);
  CHECK(g.region("151")->name == "Eastern Europe");
  CHECK_FALSE(g.region("151")->continent);
  CHECK(std::count_if(g.regions().begin(), g.regions().end(),
                      [](const r2p::RegionInfo& r) { return r.continent; }) == 5);
  CHECK(g.closest_regions("Westrn Afrika", 1) == std::vector<std::string>{"Western Africa"});
}

TEST_CASE("M.49 groupings resolve and list the sub-regions they span", "[gazetteer][region]") {
  const auto [name, code, parts] =
      GENERATE(table<std::string, std::string, std::vector<std::string>>({
          {"Latin America", "419", {"005", "013", "029"}},
          {"Sub-Saharan Africa", "202", {"011", "014", "017", "018"}},
          {"419", "419", {"005", "013", "029"}},
      }));
  CAPTURE(name);
  const Gazetteer& g = icu_gazetteer();
  REQUIRE(g.resolve_region(name) == code);
  CHECK(g.region(code)->parts == parts);
  CHECK_FALSE(g.region(code)->continent);
  CHECK(g.region("002")->parts.empty());                        // a continent is no grouping
  CHECK_FALSE(g.resolve_region("European Union").has_value());  // groupings of countries are not
}

TEST_CASE("unknown regions do not resolve", "[gazetteer][region]") {
  const auto unknown = GENERATE(as<std::string>{}, "Atlantis", "", "999", "Ghana", "001");
  CAPTURE(unknown);
  CHECK_FALSE(icu_gazetteer().resolve_region(unknown).has_value());
}

TEST_CASE("the page's sentence yields its countries in order", "[gazetteer][text]") {
  const Gazetteer& g = page_gazetteer();
  const std::string page =
      "The fifth meeting was held in Accra, Ghana and co-hosted by Denmark and the Kofi Annan "
      "centre, with focal points from the Democratic Republic of Congo, Burundi and Liberia.";
  const auto mentions = g.countries_in_text(page);
  CHECK(ids(mentions) == std::vector<std::string>{"GH", "DK", "CD", "BI", "LR"});
  REQUIRE(mentions.size() == 5);
  CHECK(mentions[2].words == 4);  // "democratic republic of congo", not "congo" alone
  CHECK(std::none_of(mentions.begin(), mentions.end(),
                     [](const r2p::Mention& m) { return m.id == "CG"; }));
}

TEST_CASE("countries are found in running text by name, never by bare code", "[gazetteer][text]") {
  const auto [text, expected] = GENERATE(table<std::string, std::vector<std::string>>({
      {"Focal points from Bosnia- Herzegovina attended.", {"BA"}},
      {"Bosnia-Herzegovina and Bosnia & Herzegovina", {"BA", "BA"}},
      {"CÔTE D’IVOIRE, then Ghana, then Côte d'Ivoire", {"CI", "GH", "CI"}},
      {"Guinea-Bissau, Papua New Guinea and Guinea", {"GW", "PG"}},  // "Guinea" alone: ambiguous
      {"Niger and Nigeria", {"NE", "NG"}},
      {"The E.U. and the UK, EE. UU.", {"GB", "US"}},  // initials are not names in text
      {"Tell us in time to be at it; no one is in DE or DNK or GHA", {}},
      {"", {}},
  }));
  CAPTURE(text);
  CHECK(ids(page_gazetteer().countries_in_text(text)) == expected);
}

TEST_CASE("mentions report word positions in fold_words(text)", "[gazetteer][text]") {
  const auto mentions = page_gazetteer().countries_in_text("Held in New Zealand and Ghana");
  REQUIRE(mentions.size() == 2);
  CHECK(mentions[0].id == "NZ");
  CHECK(mentions[0].word == 2);
  CHECK(mentions[0].words == 2);
  CHECK(mentions[1].id == "GH");
  CHECK(mentions[1].word == 5);
  CHECK(mentions[1].words == 1);
}

TEST_CASE("the longest name starting at a word wins, even at the end of the text",
          "[gazetteer][text]") {
  const auto [text, expected, words] =
      GENERATE(table<std::string, std::vector<std::string>, std::vector<std::size_t>>({
          {"the Democratic Republic of the Congo and the Congo",
           {"CD"},
           {5}},                                          // "Congo": ambiguous
          {"in the Republic of the Congo", {"CG"}, {4}},  // ISO's official name
          {"from the Democratic Republic of Congo", {"CD"}, {4}},
          {"from the Democratic Republic of", {}, {}},  // a longer name cut off by the end
          {"Papua New Guinea-Bissau", {"PG"}, {3}},     // "Guinea" is taken by Papua New Guinea
          {"Guinea", {}, {}},
          {"Equatorial Guinea", {"GQ"}, {2}},
      }));
  CAPTURE(text);
  const auto mentions = page_gazetteer().countries_in_text(text);
  CHECK(ids(mentions) == expected);
  std::vector<std::size_t> spans;
  for (const auto& m : mentions) spans.push_back(m.words);
  CHECK(spans == words);
}

TEST_CASE("the _in_words lookups agree with the _in_text ones", "[gazetteer][text]") {
  const Gazetteer g(organisation_aliases());
  const auto text =
      GENERATE(as<std::string>{},
               "Cooperation with the International Criminal Court (ICC), the OSCE "
               "and the United Nations General Assembly in Ghana and C\xC3\xB4te d'Ivoire",
               "Global Centre for R2P; Global Centre; the UN in New Zealand", "",
               "Bosnia-Herzegovina, Guinea-Bissau, Papua New Guinea");
  CAPTURE(text);
  const auto words = r2p::fold_words(text);
  for (const auto& [from_text, from_words] :
       {std::pair{g.countries_in_text(text), g.countries_in_words(words)},
        std::pair{g.organisations_in_text(text), g.organisations_in_words(words)}}) {
    CHECK(placed_ids(from_text) == placed_ids(from_words));
  }
}

TEST_CASE("alias codes must be known", "[gazetteer][alias]") {
  r2p::AliasTable aliases;
  aliases.countries = {{"Atlantis", "QQ"}};
  CHECK_THROWS_AS(Gazetteer(aliases), std::invalid_argument);
  aliases.countries = {{"Atlantis", ""}};
  CHECK_THROWS_AS(Gazetteer(aliases), std::invalid_argument);
  aliases.countries = {{"Atlantis", "gr"}};  // codes are case-insensitive
  CHECK(Gazetteer(aliases).resolve_country("atlantis") == std::string("GR"));
}

TEST_CASE("a name that denotes two countries resolves to neither", "[gazetteer][alias]") {
  r2p::AliasTable aliases;
  aliases.countries = {{"The Islands", "FJ"}, {"the islands", "TO"}, {"Fiji Islands", "FJ"}};
  const Gazetteer g(aliases);
  CHECK_FALSE(g.resolve_country("The Islands").has_value());
  CHECK(ids(g.countries_in_text("The Islands and the Fiji Islands")) ==
        std::vector<std::string>{"FJ"});
  const auto names = g.country_names();
  CHECK(std::none_of(names.begin(), names.end(),
                     [](const auto& p) { return p.first == "The Islands"; }));
  CHECK(g.resolve_country("Fiji Islands") == std::string("FJ"));
}

TEST_CASE("every name country_names lists resolves to its country", "[gazetteer][country]") {
  const Gazetteer& g = page_gazetteer();
  const auto names = g.country_names();
  CHECK(names.size() > 4 * g.countries().size());
  for (const auto& [name, alpha2] : names) {
    CAPTURE(name);
    CHECK(g.resolve_country(name) == alpha2);
  }
}

TEST_CASE("country_names includes ICU names, variants and aliases", "[gazetteer][country]") {
  const auto names = page_gazetteer().country_names();
  const auto [name, alpha2] = GENERATE(table<std::string, std::string>({
      {"C\xC3\xB4te d\xE2\x80\x99Ivoire", "CI"},
      {"Ivory Coast", "CI"},
      {"Dinamarca", "DK"},
      {"\xE5\x8A\xA0\xE7\xBA\xB3", "GH"},
      {"Democratic Republic of Congo", "CD"},
      {"DRC", "CD"},
      {"Bosnia- Herzegovina", "BA"},
  }));
  CAPTURE(name);
  CHECK(std::find(names.begin(), names.end(), std::make_pair(name, alpha2)) != names.end());
}

TEST_CASE("organisations resolve by id, name, variant and acronym", "[gazetteer][organisation]") {
  static const Gazetteer g(organisation_aliases());
  const auto [input, id] = GENERATE(table<std::string, std::string>({
      {"International Criminal Court", "icc"},
      {"international criminal court", "icc"},
      {"ICC", "icc"},
      {"icc", "icc"},
      {"OSCE", "osce"},
      {"Organization for Security and Co-operation in Europe", "osce"},
      {"Global Centre for R2P", "global-centre"},
      {"global centre", "global-centre"},
      {"GCR2P", "global-centre"},
      {"UN", "un"},
  }));
  CAPTURE(input);
  CHECK(g.resolve_organisation(input) == id);
}

TEST_CASE("organisations are found in text, acronyms included", "[gazetteer][organisation]") {
  const Gazetteer g(organisation_aliases());
  CHECK_FALSE(g.resolve_organisation("International Court").has_value());
  REQUIRE(g.organisation("icc") != nullptr);
  CHECK(g.organisation("icc")->name == "International Criminal Court");
  CHECK(g.organisation("nato") == nullptr);

  CHECK(ids(g.organisations_in_text("Cooperation with the International Criminal Court (ICC) "
                                    "and the OSCE; the United Nations General Assembly and "
                                    "the UN.")) ==
        std::vector<std::string>{"icc", "icc", "osce", "unga", "un"});
  CHECK(ids(g.organisations_in_text("The Court was not named.")).empty());
  CHECK(ids(Gazetteer().organisations_in_text("International Criminal Court")).empty());
}

TEST_CASE("country and organisation indexes are separate", "[gazetteer]") {
  const Gazetteer g(organisation_aliases());
  CHECK(g.countries_in_text("International Criminal Court").empty());
  CHECK_FALSE(g.resolve_country("ICC").has_value());
  CHECK_FALSE(g.resolve_organisation("Ghana").has_value());
}
