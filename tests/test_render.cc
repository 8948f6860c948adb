// Renderer tests: golden output for text, JSON and CSV over one hand-built SearchResults, plus
// focused checks of the contracts each format promises (JSON keys, RFC 4180, ANSI only on request).
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/render.h"
#include "tests/support/csv.h"
#include "tests/support/golden.h"
#include "tests/support/text_layout.h"

using Catch::Generators::table;

namespace {

using r2p::test::check_golden;
using r2p::test::lines_of;
using r2p::test::parse_csv;
using r2p::test::visible_width;

// A long snippet (to wrap), entities, marks, a newline, unicode and a title with a comma and quote.
r2p::SearchResults sample_results() {
  r2p::SearchResults results;
  results.query = "Accra OR ljublana";
  results.interpretation.matching = "exact";
  results.total = 14;
  results.offset = 0;
  results.limit = 2;
  results.suggestion = "Accra OR ljubljana";
  results.notes = {"unknown field \"place:\"; searched as plain words"};

  r2p::Hit accra;
  accra.id = "accra-2013";
  accra.type = "meeting";
  accra.title = "Third meeting, \"Accra\": C\u00f4te d\u2019Ivoire and Ghana on prevention";
  accra.date = "2013-06-11";
  accra.year = 2013;
  accra.regions = {"Africa", "Western Africa"};
  accra.meetings = {"accra-2013"};
  accra.countries = {"GH", "CI", "DK"};
  accra.organisations = {"global-centre", "kaiptc"};
  accra.score = 87.5;
  accra.snippet =
      "Focal points met in <mark>Accra</mark> to discuss early warning &amp; prevention, with "
      "delegations from C\u00f4te d\u2019Ivoire, Ghana and Denmark; the &lt;network&gt; agreed "
      "that <mark>Accra</mark>\u2019s host would circulate the summary\u2026";
  accra.source = "source/003_accra-2013.txt \u00b616\u201317";

  r2p::Hit note;
  note.id = "ljubljana-note";
  note.type = "document";
  note.title = "Note from Ljubljana on S\u00e3o Tom\u00e9 e Pr\u00edncipe";
  note.regions = {};
  note.countries = {"ST"};
  note.score = 3.14159;
  note.snippet =
      "First line of the note\nthen <mark>Ljubljana</mark>, &quot;quoted&quot; and "
      "&#39;single&#39;";
  note.source = "source/011_note.txt \u00b62";
  results.hits = {accra, note};

  results.facets.push_back(
      {r2p::Field::year,
       {{"2013", "2013", 9, ""}, {"2011", "2011", 4, ""}, {"2019", "2019", 1, ""}}});
  r2p::Facet region{r2p::Field::region, {}};
  const std::vector<std::pair<const char*, const char*>> regions = {
      {"002", "Africa"},
      {"011", "Western Africa"},
      {"150", "Europe"},
      {"154", "Northern Europe"},
      {"019", "Americas"},
      {"142", "Asia"},
      {"014", "Eastern Africa"},
      {"155", "Western Europe"},
      {"009", "Oceania"},
      {"419", "Latin America and the Caribbean"},
      {"035", "South-eastern Asia"},
      {"053", "Australia and New Zealand"}};
  std::size_t count = 12;
  for (const auto& [value, label] : regions) region.values.push_back({value, label, count--, ""});
  results.facets.push_back(region);
  results.facets.push_back({r2p::Field::country,
                            {{"GH", "Ghana", 9, ""},
                             {"CI", "C\u00f4te d\u2019Ivoire", 5, ""},
                             {"DK", "Denmark", 2, ""},
                             {"ST", "S\u00e3o Tom\u00e9 & Pr\u00edncipe", 1, ""}}});
  return results;
}

std::string text_output(const r2p::SearchResults& results, bool color) {
  std::ostringstream out;
  r2p::render_text(results, r2p::TextStyle{color}, out);
  return out.str();
}

std::string json_output(const r2p::SearchResults& results) {
  std::ostringstream out;
  r2p::render_json(results, out);
  return out.str();
}

std::string csv_output(const r2p::SearchResults& results) {
  std::ostringstream out;
  r2p::render_csv(results, out);
  return out.str();
}

std::string first_line(const r2p::SearchResults& results) {
  return lines_of(text_output(results, false)).at(0);
}

template <typename Json>
std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

}  // namespace

TEST_CASE("text output matches the golden file", "[render][text]") {
  check_golden("render.txt", text_output(sample_results(), false));
}

TEST_CASE("colored text output matches the golden file", "[render][text]") {
  check_golden("render_color.txt", text_output(sample_results(), true));
}

TEST_CASE("JSON output matches the golden file", "[render][json]") {
  check_golden("render.json", json_output(sample_results()));
}

TEST_CASE("CSV output matches the golden file", "[render][csv]") {
  check_golden("render.csv", csv_output(sample_results()));
}

TEST_CASE("JSON has exactly the contract's keys, in order", "[render][json]") {
  const std::string text = json_output(sample_results());
  REQUIRE(text.back() == '\n');
  const auto j = nlohmann::ordered_json::parse(text);
  CHECK(keys_of(j) == std::vector<std::string>{"query", "total", "offset", "limit", "suggestion",
                                               "exact", "notes", "interpretation", "answer", "hits",
                                               "facets"});
  CHECK(keys_of(j["interpretation"]) ==
        std::vector<std::string>{"matching", "ignored", "understood"});
  CHECK(j["interpretation"]["matching"] == "exact");
  CHECK(j["answer"].is_null());
  CHECK(j["query"] == "Accra OR ljublana");
  CHECK(j["total"] == 14);
  CHECK(j["offset"] == 0);
  CHECK(j["limit"] == 2);
  CHECK(j["suggestion"] == "Accra OR ljubljana");
  REQUIRE(j["hits"].size() == 2);
  for (const auto& hit : j["hits"]) {
    CHECK(keys_of(hit) == std::vector<std::string>{"id", "type", "title", "date", "year", "region",
                                                   "meeting", "countries", "organisations", "score",
                                                   "snippet", "source"});
    CHECK(hit["score"].is_number_float());
    CHECK(hit["region"].is_array());
    CHECK(hit["meeting"].is_array());
    CHECK(hit["countries"].is_array());
    CHECK(hit["organisations"].is_array());
  }
  const auto& accra = j["hits"][0];
  CHECK(accra["title"] ==
        "Third meeting, \"Accra\": C\u00f4te d\u2019Ivoire and Ghana on prevention");
  CHECK(accra["date"] == "2013-06-11");
  CHECK(accra["year"] == 2013);
  CHECK(accra["score"].get<double>() == 87.5);
  CHECK(accra["snippet"].get<std::string>().find("<mark>Accra</mark>") != std::string::npos);
  const auto& note = j["hits"][1];
  CHECK(note["date"].is_null());
  CHECK(note["year"].is_null());
  CHECK(note["region"].empty());
  CHECK(note["score"].get<double>() == 3.14159);

  CHECK(keys_of(j["facets"]) == std::vector<std::string>{"year", "region", "country"});
  for (const auto& [name, values] : j["facets"].items()) {
    CAPTURE(name);
    for (const auto& value : values) {
      std::vector<std::string> keys{"value", "label", "count"};
      if (name == "region") keys.push_back("level");
      // A sub-region names its continent.
      if (name == "region" && value["level"] == "sub-region") keys.push_back("parent");
      CHECK(keys_of(value) == keys);
    }
  }
  CHECK(j["facets"]["region"][0]["level"] == "continent");  // 002 Africa
  for (const auto& value : j["facets"]["region"]) {
    CAPTURE(value.dump());
    if (value["value"] == "011") CHECK(value["parent"] == "002");  // Western Africa, Africa
    if (value["value"] == "154") CHECK(value["parent"] == "150");  // Northern Europe, Europe
  }
  CHECK(j["facets"]["region"].size() == 12);
  CHECK(j["facets"]["country"][1]["label"] == "C\u00f4te d\u2019Ivoire");
  CHECK(j["facets"]["year"][0]["count"] == 9);
}

TEST_CASE("JSON of empty results: null suggestion, empty hits, facets {}", "[render][json]") {
  r2p::SearchResults empty;
  empty.query = "xyz";
  empty.limit = 10;
  const auto j = nlohmann::ordered_json::parse(json_output(empty));
  CHECK(j["suggestion"].is_null());
  CHECK((j["hits"].is_array() && j["hits"].empty()));
  CHECK(j["facets"].is_object());
  CHECK(j["facets"].empty());
  CHECK(json_output(empty) ==
        "{\n  \"query\": \"xyz\",\n  \"total\": 0,\n  \"offset\": 0,\n  \"limit\": 10,\n"
        "  \"suggestion\": null,\n  \"exact\": true,\n  \"notes\": [],\n  \"interpretation\": {\n  "
        "  \"matching\": \"all\",\n"
        "    \"ignored\": [],\n    \"understood\": []\n  },\n  \"answer\": null,\n"
        "  \"hits\": [],\n  \"facets\": {}\n}\n");
}

/// Results of a question that named one meeting, whose record ranked first.
r2p::SearchResults question_results() {
  r2p::SearchResults results;
  results.query = "what was discussed in Accra?";
  results.total = 1;
  results.limit = 10;
  results.interpretation.matching = "some";
  results.interpretation.ignored = {"what", "was", "in"};
  results.interpretation.understood = {
      {r2p::Field::meeting, "accra-2013", "Third meeting, Accra", "Accra", "--meeting accra-2013"},
      {r2p::Field::organisation, "icc", "International Criminal Court", "ICC", ""}};
  r2p::AnswerCard card;
  card.kind = "meeting";
  card.id = "accra-2013";
  card.record = "accra-2013";
  card.title = "Third meeting, Accra";
  card.facts = {{"Date", "2013-06-11 to 2013-06-12"}, {"Venue", "Accra, Ghana"}};
  card.command = "r2p-search --dossier accra-2013";
  card.link = "/dossier/accra-2013";
  results.answer = card;
  r2p::Hit hit;
  hit.id = "accra-2013";
  hit.type = "meeting";
  hit.title = "Third meeting, Accra";
  hit.snippet = "…held in <mark>Accra</mark>…";
  results.hits.push_back(hit);
  return results;
}

TEST_CASE("a question's reading and answer card, as text and JSON", "[render][question]") {
  const r2p::SearchResults results = question_results();
  SECTION("text: the reading under the header, the card above the hits") {
    const auto lines = lines_of(text_output(results, false));
    REQUIRE(lines.size() >= 10);
    CHECK(lines[0] == "1 result for \"what was discussed in Accra?\"");
    CHECK(lines[1] == "No record has all the words; showing those with the most.");
    CHECK(lines[2] == "Ignored: what, was, in");
    CHECK(lines[3] ==
          "Understood: Accra = meeting Third meeting, Accra (--meeting accra-2013); ICC = "
          "organisation International Criminal Court");
    CHECK(lines[5] == "Third meeting, Accra");
    CHECK(lines[6] == "  Date   2013-06-11 to 2013-06-12");
    CHECK(lines[7] == "  Venue  Accra, Ghana");
    CHECK(lines[8] == "  Full page: r2p-search --dossier accra-2013");
    CHECK(lines[10] == " 1. Third meeting, Accra");
  }
  SECTION("JSON: interpretation and answer") {
    const auto j = nlohmann::ordered_json::parse(json_output(results));
    CHECK(j["interpretation"]["matching"] == "some");
    CHECK(j["interpretation"]["ignored"] == std::vector<std::string>{"what", "was", "in"});
    const auto& meeting = j["interpretation"]["understood"][0];
    CHECK(keys_of(meeting) == std::vector<std::string>{"kind", "id", "label", "words", "filter"});
    CHECK(meeting["kind"] == "meeting");
    CHECK(meeting["filter"] == "--meeting accra-2013");
    CHECK(j["interpretation"]["understood"][1]["filter"].is_null());
    CHECK(keys_of(j["answer"]) ==
          std::vector<std::string>{"kind", "id", "record", "title", "facts", "command", "link"});
    CHECK(j["answer"]["facts"][1]["value"] == "Accra, Ghana");
    CHECK(j["answer"]["link"] == "/dossier/accra-2013");
  }
}

TEST_CASE("a query with quotes is quoted once, and no hits print no facets", "[render][text]") {
  r2p::SearchResults results;
  results.query = "\"Adama Dieng\"";
  results.facets.push_back({r2p::Field::type, {}});
  const auto lines = lines_of(text_output(results, false));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "No results for \"Adama Dieng\"");
}

TEST_CASE("CSV parses back into a header and one row per hit", "[render][csv]") {
  const auto records = parse_csv(csv_output(sample_results()));
  REQUIRE(records.size() == 3);
  CHECK(records[0] == std::vector<std::string>{"id", "type", "title", "date", "year", "region",
                                               "meeting", "countries", "organisations", "score",
                                               "snippet", "source"});
  for (const auto& record : records) CHECK(record.size() == 12);
  const auto& accra = records[1];
  CHECK(accra[0] == "accra-2013");
  CHECK(accra[2] == "Third meeting, \"Accra\": C\u00f4te d\u2019Ivoire and Ghana on prevention");
  CHECK(accra[3] == "2013-06-11");
  CHECK(accra[4] == "2013");
  CHECK(accra[5] == "Africa; Western Africa");
  CHECK(accra[6] == "accra-2013");
  CHECK(accra[7] == "GH; CI; DK");
  CHECK(accra[8] == "global-centre; kaiptc");
  CHECK(accra[9] == "87.5000");
  CHECK(accra[10].find("met in Accra to discuss early warning & prevention") != std::string::npos);
  CHECK(accra[10].find("the <network> agreed") != std::string::npos);
  CHECK(accra[11] == "source/003_accra-2013.txt \u00b616\u201317");
  const auto& note = records[2];
  CHECK(note[3].empty());
  CHECK(note[4].empty());
  CHECK(note[5].empty());
  CHECK(note[8].empty());
  CHECK(note[9] == "3.1416");
  CHECK(note[10] == "First line of the note\nthen Ljubljana, \"quoted\" and 'single'");
}

TEST_CASE("CSV of no hits is the header alone", "[render][csv]") {
  CHECK(csv_output(r2p::SearchResults{}) ==
        "id,type,title,date,year,region,meeting,countries,organisations,score,snippet,source\r\n");
}

TEST_CASE("csv_field quotes only when RFC 4180 requires it", "[render][csv]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"", ""},
      {"plain", "plain"},
      {"C\u00f4te d\u2019Ivoire", "C\u00f4te d\u2019Ivoire"},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"\"", "\"\"\"\""},
      {"line\nbreak", "\"line\nbreak\""},
      {"carriage\rreturn", "\"carriage\rreturn\""},
      {"crlf\r\n", "\"crlf\r\n\""},
      {" spaces kept ", " spaces kept "},
      {"semi;colon", "semi;colon"},
  }));
  CAPTURE(input);
  CHECK(r2p::csv_field(input) == expected);
}

TEST_CASE("text output uses ANSI escapes only when color is on", "[render][text]") {
  const std::string plain = text_output(sample_results(), false);
  const std::string color = text_output(sample_results(), true);
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(plain.find("<mark>") == std::string::npos);
  CHECK(plain.find("met in Accra to discuss") != std::string::npos);
  CHECK(color.find("met in \x1b[1mAccra\x1b[0m to discuss") != std::string::npos);
  CHECK(color.find("\x1b[1mFacets\x1b[0m\n") != std::string::npos);
  CHECK(color.find("\x1b[1myear\x1b[0m\n") != std::string::npos);
}

TEST_CASE("snippet_plain_text strips marks and decodes entities", "[render][snippet]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"", ""},
      {"<mark>Accra</mark> 2013", "Accra 2013"},
      {"a &amp; b", "a & b"},
      {"&lt;mark&gt; is literal", "<mark> is literal"},
      {"&quot;q&quot; &#39;s&#39;", "\"q\" 's'"},
      {"&amp;lt; stays escaped once", "&lt; stays escaped once"},
      {"AT&T &unknown; & alone", "AT&T &unknown; & alone"},
      {"C\u00f4te d\u2019<mark>Ivoire</mark>", "C\u00f4te d\u2019Ivoire"},
      {"line\nbreak", "line\nbreak"},
  }));
  CAPTURE(input);
  CHECK(r2p::snippet_plain_text(input) == expected);
}

TEST_CASE("text lines fit 100 columns and have no trailing spaces", "[render][text]") {
  for (bool color : {false, true}) {
    const std::string text = text_output(sample_results(), color);
    CHECK(text.back() == '\n');
    for (const auto& line : lines_of(text)) {
      CAPTURE(color, line);
      CHECK(visible_width(line) <= 100);
      CHECK((line.empty() || line.back() != ' '));
    }
  }
}

TEST_CASE("text first line: results, records, pages", "[render][text]") {
  struct Case {
    std::string query;
    std::size_t total, offset, hits;
    std::string expected;
  };
  for (const auto& [query, total, offset, hits, expected] : std::vector<Case>{
           {"Accra", 3, 0, 3, "3 results for \"Accra\""},
           {"Accra", 1, 0, 1, "1 result for \"Accra\""},
           {"Xyz", 0, 0, 0, "No results for \"Xyz\""},
           {"", 0, 0, 0, "No records"},
           {"", 12, 0, 10, "12 records, showing 1\u201310"},
           {"", 12, 10, 2, "12 records, showing 11\u201312"},
           {"", 12, 40, 0, "12 records, none from offset 40"},
       }) {
    r2p::SearchResults results;
    results.query = query;
    results.total = total;
    results.offset = offset;
    results.hits.resize(hits);
    CAPTURE(query, total, offset, hits);
    CHECK(first_line(results) == expected);
  }
}

TEST_CASE("text hit: numbering from offset, year when there is no date", "[render][text]") {
  r2p::SearchResults results;
  results.query = "x";
  results.total = 120;
  results.offset = 99;
  r2p::Hit hit;
  hit.id = "h";
  hit.type = "document";
  hit.title = "Title";
  hit.year = 2011;
  results.hits = {hit, hit};
  const auto lines = lines_of(text_output(results, false));
  REQUIRE(lines.size() == 7);
  CHECK(lines[2] == "100. Title");
  CHECK(lines[3] == "     document \u00b7 2011");
  CHECK(lines[5] == "101. Title");
}

TEST_CASE("facet bars scale to the largest count", "[render][text]") {
  r2p::SearchResults results;
  results.total = 41;  // facets are printed for results that have hits
  results.facets.push_back({r2p::Field::type,
                            {{"meeting", "Meeting", 40, ""},
                             {"document", "Document", 1, ""},
                             {"statement", "Statement", 0, ""}}});
  const auto lines = lines_of(text_output(results, false));
  const std::string bar = "\u2587";
  std::string twenty;
  for (int i = 0; i < 20; ++i) twenty += bar;
  REQUIRE(lines.size() == 8);
  CHECK(lines[4] == "type");
  CHECK(lines[5] == "  Meeting    " + twenty + " 40");
  CHECK(lines[6] == "  Document   " + bar + " 1");
  CHECK(lines[7] == "  Statement  0");
}
