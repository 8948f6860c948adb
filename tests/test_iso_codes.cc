// iso-codes reading: the display rule for ISO short names, iso_3166-1.json, and gettext
// catalogues (a hand-built one, so every field's meaning is checked), then the installed data.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/iso_codes.h"

namespace {

using Catch::Generators::table;

void put_u32(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

// A little-endian .mo catalogue of `pairs` (msgid, msgstr), strings after the tables.
std::string mo_catalogue(const std::vector<std::pair<std::string, std::string>>& pairs) {
  const auto n = static_cast<std::uint32_t>(pairs.size());
  const std::uint32_t originals = 28, translations = originals + 8 * n;
  std::uint32_t offset = translations + 8 * n;
  std::string header, strings;
  put_u32(header, 0x950412de);
  put_u32(header, 0);
  put_u32(header, n);
  put_u32(header, originals);
  put_u32(header, translations);
  put_u32(header, 0);
  put_u32(header, 0);
  std::string original_table, translation_table;
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& pair : pairs) {
      const std::string& text = pass == 0 ? pair.first : pair.second;
      put_u32(pass == 0 ? original_table : translation_table,
              static_cast<std::uint32_t>(text.size()));
      put_u32(pass == 0 ? original_table : translation_table, offset);
      strings += text + std::string(1, '\0');
      offset += static_cast<std::uint32_t>(text.size()) + 1;
    }
  return header + original_table + translation_table + strings;
}

}  // namespace

TEST_CASE("ISO short names are shown with their inversion undone", "[iso]") {
  const auto [name, official, common, shown] =
      GENERATE(table<std::string, std::string, std::string, std::string>({
          {"Ghana", "Republic of Ghana", "", "Ghana"},
          {"Korea, Republic of", "", "South Korea", "Republic of Korea"},
          {"Congo, The Democratic Republic of the", "", "", "Democratic Republic of the Congo"},
          {"Palestine, State of", "the State of Palestine", "", "State of Palestine"},
          {"Virgin Islands, British", "British Virgin Islands", "", "British Virgin Islands"},
          {"Taiwan, Province of China", "Taiwan, Province of China", "Taiwan", "Taiwan"},
          {"Bonaire, Sint Eustatius and Saba", "", "", "Bonaire, Sint Eustatius and Saba"},
      }));
  CHECK(r2p::display_name({"XX", name, official, common}) == shown);
}

TEST_CASE("iso_3166-1.json entries are read with their optional names", "[iso]") {
  const auto countries = r2p::parse_iso_3166(R"({"3166-1": [
    {"alpha_2": "KR", "alpha_3": "KOR", "name": "Korea, Republic of", "common_name": "South Korea",
     "numeric": "410"},
    {"alpha_2": "GH", "name": "Ghana", "official_name": "Republic of Ghana"},
    {"alpha_3": "XXX", "name": "no alpha-2"}, 7]})");
  REQUIRE(countries.size() == 2);
  CHECK(countries[0].alpha2 == "KR");
  CHECK(countries[0].common_name == "South Korea");
  CHECK(countries[0].official_name.empty());
  CHECK(countries[1].official_name == "Republic of Ghana");
  CHECK_THROWS_AS(r2p::parse_iso_3166("{}"), std::runtime_error);
  CHECK_THROWS_AS(r2p::parse_iso_3166("not json"), std::runtime_error);
}

TEST_CASE("iso_3166-1.json is read as a stream: only the list's own entries and names count",
          "[iso]") {
  // Names nested deeper, a list under another key, non-string names and a truncated document.
  const auto countries = r2p::parse_iso_3166(R"({"other": [{"alpha_2": "FR", "name": "France"}],
    "3166-1": [
      {"alpha_2": "GH", "extra": {"name": "nested"}, "name": "Ghana", "tags": ["x", {"a": 1}]},
      [{"alpha_2": "DE", "name": "in a nested list"}],
      {"alpha_2": "KE", "name": 5},
      {"alpha_2": "CD", "name": "Congo", "name": "Congo, The Democratic Republic of the"}]})");
  REQUIRE(countries.size() == 2);
  CHECK(countries[0].alpha2 == "GH");
  CHECK(countries[0].name == "Ghana");
  CHECK(countries[1].name == "Congo, The Democratic Republic of the");  // the last value wins
  CHECK_THROWS_AS(r2p::parse_iso_3166(R"({"3166-1": "no list"})"), std::runtime_error);
  CHECK_THROWS_AS(r2p::parse_iso_3166(R"([{"3166-1": [{"alpha_2": "GH", "name": "Ghana"}]}])"),
                  std::runtime_error);
  CHECK_THROWS_AS(r2p::parse_iso_3166(R"({"3166-1": [{"alpha_2": "GH", "name": "Ghana"})"),
                  std::runtime_error);
  CHECK_THROWS_AS(r2p::parse_iso_3166(R"({"3166-1": [{"alpha_3": "GHA"}]})"), std::runtime_error);
}

TEST_CASE("gettext catalogues map each name to its translation", "[iso]") {
  const std::string bytes = mo_catalogue({{"", "Content-Type: text/plain; charset=UTF-8\n"},
                                          {"Ghana", "Gana"},
                                          {"Denmark", "Dinamarca"}});
  const auto catalogue = r2p::parse_mo_catalogue(bytes);
  CHECK(catalogue.size() == 2);  // the header entry is left out
  CHECK(catalogue.at("Ghana") == "Gana");
  CHECK(catalogue.at("Denmark") == "Dinamarca");
}

TEST_CASE("broken gettext catalogues are errors, never reads out of bounds", "[iso]") {
  const std::string good = mo_catalogue({{"Ghana", "Gana"}});
  CHECK_THROWS_AS(r2p::parse_mo_catalogue(""), std::runtime_error);
  CHECK_THROWS_AS(r2p::parse_mo_catalogue("not a catalogue at all"), std::runtime_error);
  for (std::size_t cut = 0; cut < good.size() - 1; ++cut) {
    CAPTURE(cut);
    // A truncated catalogue either still holds whole strings or is refused.
    try {
      (void)r2p::parse_mo_catalogue(good.substr(0, cut));
    } catch (const std::runtime_error&) {
    }
  }
  std::string huge_count = good;
  huge_count[8] = '\xff';
  huge_count[9] = '\xff';
  CHECK_THROWS_AS(r2p::parse_mo_catalogue(huge_count), std::runtime_error);
}

TEST_CASE("the installed iso-codes data has every UN member and its translations", "[iso]") {
  CHECK(r2p::iso_countries().size() >= 193);
  const r2p::IsoTranslations& translations = r2p::iso_translations();
  for (const char* language : {"ar", "zh", "fr", "ru", "es"}) {
    CAPTURE(language);
    REQUIRE(translations.count(language) == 1);
    CHECK(translations.at(language).count("Ghana") == 1);
  }
  CHECK(translations.at("fr").at("Denmark") == "Danemark");
}
