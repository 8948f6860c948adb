// Corpus reader tests: every class of bad input is reported as `file:line: record 'id': field:
// problem` at the right place, and valid records of each type parse into the right fields.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/gazetteer.h"
#include "core/record.h"
#include "indexer/corpus_reader.h"

namespace {

using nlohmann::json;

// A slice of corpus/aliases.jsonl: the spellings and organisations the records below use.
const char* const kAliases =
    R"({"kind":"country","name":"Cote d'Ivoire","code":"CI","paragraph":21})"
    "\n"
    R"({"kind":"country","name":"Bosnia- Herzegovina","code":"BA","paragraph":19})"
    "\n"
    R"({"kind":"organisation","id":"global-centre","name":"Global Centre for the Responsibility to Protect","acronyms":["GCR2P"],"variants":["Global Centre"],"paragraph":4})"
    "\n"
    R"({"kind":"organisation","id":"kaiptc","name":"Kofi Annan International Peacekeeping Training Centre","acronyms":["KAIPTC"],"variants":[],"paragraph":16})"
    "\n"
    R"({"kind":"term","id":"r2p","name":"Responsibility to Protect","acronyms":["R2P"],"paragraph":4})"
    "\n";

const r2p::Gazetteer& gazetteer() {
  static const r2p::Gazetteer instance = [] {
    std::vector<r2p::Problem> problems;
    r2p::AliasTable aliases = r2p::parse_aliases(kAliases, "aliases.jsonl", problems);
    if (!problems.empty()) throw std::runtime_error(problems.front().format());
    return r2p::Gazetteer(aliases);
  }();
  return instance;
}

json source(std::vector<int> paragraphs) {
  return {{"document", "source/page.txt"}, {"paragraphs", std::move(paragraphs)}};
}

json meeting(const std::string& id) {
  return {{"id", id},
          {"type", "meeting"},
          {"kind", "annual"},
          {"title", "Third meeting of the Global Network of R2P Focal Points, Accra"},
          {"date", "2013-06-11"},
          {"end_date", "2013-06-12"},
          {"venue", {{"city", "Accra"}, {"country", "Ghana"}}},
          {"hosts", {{"countries", {"Denmark", "Ghana"}}, {"organisations", {"kaiptc"}}}},
          {"organisations", {"global-centre", "kaiptc"}},
          {"participation",
           {{{"count", 35},
             {"qualifier", "more than"},
             {"of", "countries"},
             {"text", "More than thirty-five countries"}}}},
          {"people", {{{"name", "Adama Dieng"}, {"role", "UN Special Adviser"}}}},
          {"discussed", {"The agenda of the meeting aimed at encouraging genuine discussion."}},
          {"region", json::array()},
          {"countries", {"Cote d'Ivoire", "Ghana"}},
          {"text", {"The third meeting was held in Accra, Ghana."}},
          {"source", source({16, 17})}};
}

json recommendation(const std::string& id) {
  return {{"id", id},
          {"type", "recommendation"},
          {"title", "National R2P Focal Points Recommendations"},
          {"date", "2012-02"},
          {"items", {"Mass atrocity risk is dynamic and universal."}},
          {"drafted_by", {"global-centre"}},
          {"input_from", {{"countries", {"Denmark"}}, {"organisations", json::array()}}},
          {"meetings", {"accra-2013"}},
          {"region", {"Europe"}},
          {"countries", {"Denmark"}},
          {"text", {"The Global Centre drafted a set of recommendations."}},
          {"source", source({13})}};
}

json country(const std::string& id, const std::string& name, const std::string& code) {
  return {{"id", id},
          {"type", "country"},
          {"title", name},
          {"name", name},
          {"code", code},
          {"status", "appointed"},
          {"status_date", nullptr},
          {"status_source",
           {{"paragraph", 20}, {"sentence", "37 countries have appointed a Focal Point:"}}},
          {"involvement",
           {{{"role", "co-host"},
             {"date", "2013-06-11"},
             {"meeting", "accra-2013"},
             {"paragraph", 16},
             {"sentence", "The third meeting was co-hosted by Denmark and Ghana."}}}},
          {"text", {"The third meeting was co-hosted by Denmark and Ghana."}},
          {"source", source({16, 20, 21})}};
}

struct Loaded {
  std::vector<r2p::Record> records;
  std::vector<r2p::Problem> problems;
};

/// What read_corpus does for one file, without touching the file system.
Loaded load(const std::string& content) {
  Loaded out;
  out.records = r2p::parse_records(content, "f.jsonl", true, gazetteer(), out.problems);
  r2p::check_cross_references(out.records, out.problems);
  return out;
}

/// The records of `content`, which must load without problems and hold `count` records.
std::vector<r2p::Record> load_valid(const std::string& content, std::size_t count) {
  const Loaded loaded = load(content);
  REQUIRE(loaded.problems.empty());
  REQUIRE(loaded.records.size() == count);
  return loaded.records;
}

std::vector<std::string> formatted(const std::vector<r2p::Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.format());
  return out;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

/// One bad line placed as line 2 of a three-line file between two valid meetings.
struct BadLine {
  const char* what;
  std::function<std::string()> line;
  std::string prefix;                  ///< expected start of Problem::format()
  std::vector<std::string> fragments;  ///< further text the message must contain
  std::size_t records_kept;            ///< records parse_records still returns
};

std::string dumped(json value, const std::function<void(json&)>& change) {
  change(value);
  return value.dump();
}

}  // namespace

TEST_CASE("each class of bad input is reported at its file, line, record and field",
          "[reader][problems]") {
  const std::vector<BadLine> rows = {
      {"malformed JSON",
       [] { return std::string(R"({"id":"bad-record","type":"meeting",)"); },
       "f.jsonl:2: malformed JSON: ",
       {},
       2},
      {"wrong type",
       [] { return dumped(meeting("bad-record"), [](json& j) { j["title"] = 5; }); },
       "f.jsonl:2: record 'bad-record': title: ",
       {"expected a string, found a number"},
       2},
      {"missing required field",
       [] { return dumped(meeting("bad-record"), [](json& j) { j.erase("kind"); }); },
       "f.jsonl:2: record 'bad-record': kind: ",
       {"missing", "required"},
       2},
      {"unknown country name",
       [] {
         return dumped(meeting("bad-record"), [](json& j) { j["countries"][1] = "Atlantis"; });
       },
       "f.jsonl:2: record 'bad-record': countries[1]: ",
       {"unknown country 'Atlantis'", "closest known", "aliases.jsonl"},
       2},
      {"duplicate id",
       [] { return meeting("accra-2013").dump(); },
       "f.jsonl:2: record 'accra-2013': id: ",
       {"duplicate id", "already used at f.jsonl:1"},
       3},
      {"invalid UTF-8",
       [] {
         std::string line = meeting("bad-record").dump();
         const std::string word = "Accra";
         return line.replace(line.find(word), word.size(),
                             "Acc\xE9\x28"
                             "a");
       },
       "f.jsonl:2: invalid UTF-8 at byte ",
       {"save the file as UTF-8"},
       2},
      {"meeting id no meeting defines",
       [] {
         return dumped(country("country-gh", "Ghana", "GH"),
                       [](json& j) { j["involvement"][0]["meeting"] = "accra-2031"; });
       },
       "f.jsonl:2: record 'country-gh': involvement[0].meeting: ",
       {"no meeting record defines the id 'accra-2031'", "did you mean 'accra-2013'?"},
       3},
      {"bad date",
       [] { return dumped(meeting("bad-record"), [](json& j) { j["date"] = "2013-13-01"; }); },
       "f.jsonl:2: record 'bad-record': date: ",
       {"'2013-13-01' is not a date", "YYYY-MM-DD"},
       2},
      {"unknown field (a typo)",
       [] {
         return dumped(meeting("bad-record"), [](json& j) {
           j["discused"] = j["discussed"];
           j.erase("discussed");
         });
       },
       "f.jsonl:2: record 'bad-record': discused: ",
       {"unknown field", "did you mean 'discussed'?"},
       2},
      {"unknown role",
       [] {
         return dumped(country("country-gh", "Ghana", "GH"),
                       [](json& j) { j["involvement"][0]["role"] = "host"; });
       },
       "f.jsonl:2: record 'country-gh': involvement[0].role: ",
       {"'host' is not a role a country record may hold", "co-host", "announced-intention"},
       2},
  };

  for (const auto& row : rows) {
    SECTION(row.what) {
      const std::string bad = row.line();
      const std::string content = meeting("accra-2013").dump() + "\n" + bad + "\n" +
                                  meeting("ljubljana-2013").dump() + "\n";
      const Loaded loaded = load(content);
      const auto messages = formatted(loaded.problems);
      CAPTURE(bad, messages);
      REQUIRE(loaded.problems.size() == 1);
      const std::string& message = messages.front();
      CHECK(starts_with(message, row.prefix));
      CHECK(message.size() > row.prefix.size());  // a problem follows the location
      for (const auto& fragment : row.fragments) CHECK(message.find(fragment) != std::string::npos);
      CHECK(loaded.problems.front().where.line == 2);
      CHECK(loaded.records.size() == row.records_kept);
    }
  }
}

TEST_CASE("invalid UTF-8 names the byte of the line where the bad sequence starts",
          "[reader][problems]") {
  std::string line = meeting("accra-2013").dump();
  const std::size_t at = line.find("Accra");
  line[at + 1] = '\xFF';
  std::vector<r2p::Problem> problems;
  const auto records =
      r2p::parse_records("\n" + line + "\n", "f.jsonl", true, gazetteer(), problems);
  REQUIRE(problems.size() == 1);
  CHECK(records.empty());
  CHECK(problems[0].format() == "f.jsonl:2: invalid UTF-8 at byte " + std::to_string(at + 2) +
                                    " of the line; save the file as UTF-8");
}

TEST_CASE("an unknown country is named with the closest known names", "[reader][problems]") {
  const auto closest = gazetteer().closest_countries("Atlantis");
  REQUIRE_FALSE(closest.empty());
  const Loaded loaded =
      load(dumped(meeting("accra-2013"), [](json& j) { j["venue"]["country"] = "Atlantis"; }));
  REQUIRE(loaded.problems.size() == 1);
  const std::string message = loaded.problems[0].format();
  CAPTURE(message);
  // The field path of a nested object names the object.
  CHECK(starts_with(message,
                    "f.jsonl:1: record 'accra-2013': venue.country: unknown country "
                    "'Atlantis' (closest known: "));
  for (const auto& name : closest) CHECK(message.find("'" + name + "'") != std::string::npos);
  CHECK(loaded.records.empty());
}

TEST_CASE("every problem of a file is reported, not just the first", "[reader][problems]") {
  const std::string content =
      dumped(meeting("first-bad"), [](json& j) { j["date"] = "2013-02-30"; }) + "\n" +
      meeting("accra-2013").dump() + "\n" +
      dumped(recommendation("rec-bad"), [](json& j) { j["items"] = "one item"; }) + "\n";
  const Loaded loaded = load(content);
  const auto messages = formatted(loaded.problems);
  CAPTURE(messages);
  REQUIRE(messages.size() == 2);
  CHECK(starts_with(messages[0], "f.jsonl:1: record 'first-bad': date: '2013-02-30' is not a"));
  CHECK(starts_with(messages[1],
                    "f.jsonl:3: record 'rec-bad': items: expected a list of strings, found a "
                    "string"));
  REQUIRE(loaded.records.size() == 1);
  CHECK(loaded.records[0].id == "accra-2013");
}

TEST_CASE("a JSON file (not JSON Lines) reports a syntax error at its line", "[reader][problems]") {
  const std::string content = "{\n  \"id\": \"accra-2013\",\n  \"type\" \"meeting\"\n}\n";
  std::vector<r2p::Problem> problems;
  const auto records = r2p::parse_records(content, "f.json", false, gazetteer(), problems);
  REQUIRE(problems.size() == 1);
  CHECK(records.empty());
  CHECK(starts_with(problems[0].format(), "f.json:3: malformed JSON: "));
}

TEST_CASE("the alias table reports bad entries with their line", "[reader][aliases]") {
  const std::string content =
      R"({"kind":"country","name":"DRC","code":"CD","paragraph":21,"note":"common abbreviation"})"
      "\n"
      R"({"kind":"continent","name":"Africa"})"
      "\n"
      R"({"kind":"organisation","id":"icc","name":"International Criminal Court","acronym":["ICC"],"variants":[]})"
      "\n";
  std::vector<r2p::Problem> problems;
  const r2p::AliasTable table = r2p::parse_aliases(content, "a.jsonl", problems);
  const auto messages = formatted(problems);
  CAPTURE(messages);
  REQUIRE(messages.size() == 2);
  CHECK(starts_with(messages[0], "a.jsonl:2: kind: 'continent' is not one of"));
  CHECK(starts_with(messages[1], "a.jsonl:3: acronym: unknown field; did you mean 'acronyms'?"));
  REQUIRE(table.countries.size() == 1);
  CHECK(table.countries[0].name == "DRC");
  CHECK(table.countries[0].alpha2 == "CD");
  CHECK(table.organisations.empty());
}

TEST_CASE("a valid meeting parses with names resolved to codes", "[reader][valid]") {
  const r2p::Record r = load_valid(meeting("accra-2013").dump() + "\n", 1).at(0);
  CHECK(r.id == "accra-2013");
  CHECK(r.type == r2p::RecordType::meeting);
  CHECK(r.kind == "annual");
  CHECK(r.title == "Third meeting of the Global Network of R2P Focal Points, Accra");
  CHECK(r.date.iso() == "2013-06-11");
  CHECK(r.end_date.iso() == "2013-06-12");
  CHECK(r.venue_city == "Accra");
  CHECK(r.venue_country == "GH");
  CHECK(r.host_countries == std::vector<std::string>{"DK", "GH"});
  CHECK(r.host_organisations == std::vector<std::string>{"kaiptc"});
  CHECK(r.organisations == std::vector<std::string>{"global-centre", "kaiptc"});
  CHECK(r.countries == std::vector<std::string>{"CI", "GH"});
  REQUIRE(r.participation.size() == 1);
  CHECK(r.participation[0].count == 35);
  CHECK(r.participation[0].qualifier == "more than");
  CHECK(r.participation[0].of == "countries");
  CHECK(r.participation[0].text == "More than thirty-five countries");
  REQUIRE(r.people.size() == 1);
  CHECK(r.people[0].name == "Adama Dieng");
  CHECK(r.people[0].role == "UN Special Adviser");
  CHECK(r.discussed.size() == 1);
  CHECK(r.regions.empty());
  CHECK(r.text == std::vector<std::string>{"The third meeting was held in Accra, Ghana."});
  CHECK(r.source_document == "source/page.txt");
  CHECK(r.source == std::vector<int>{16, 17});
  CHECK(r.file == "f.jsonl");
  CHECK(r.line == 1);
}

TEST_CASE("a valid recommendation parses with its ties", "[reader][valid]") {
  const std::string content =
      meeting("accra-2013").dump() + "\n" + recommendation("rec-guidance").dump() + "\n";
  const r2p::Record r = load_valid(content, 2).at(1);
  CHECK(r.id == "rec-guidance");
  CHECK(r.type == r2p::RecordType::recommendation);
  CHECK(r.date.iso() == "2012-02");
  CHECK(r.items == std::vector<std::string>{"Mass atrocity risk is dynamic and universal."});
  CHECK(r.drafted_by == std::vector<std::string>{"global-centre"});
  CHECK(r.input_countries == std::vector<std::string>{"DK"});
  CHECK(r.input_organisations.empty());
  CHECK(r.meetings == std::vector<std::string>{"accra-2013"});
  CHECK(r.countries == std::vector<std::string>{"DK"});
  CHECK(r.regions == std::vector<std::string>{*gazetteer().resolve_region("Europe")});
  CHECK(r.line == 2);
}

TEST_CASE("a valid country parses with its code, status and involvement", "[reader][valid]") {
  const std::string content = meeting("accra-2013").dump() + "\n" +
                              country("country-ci", "Cote d'Ivoire", "CI").dump() + "\n";
  const r2p::Record r = load_valid(content, 2).at(1);
  CHECK(r.id == "country-ci");
  CHECK(r.type == r2p::RecordType::country);
  CHECK(r.title == "Cote d'Ivoire");
  CHECK(r.country_code == "CI");
  CHECK(r.status == "appointed");
  CHECK(r.status_date.empty());
  CHECK(r.status_paragraph == 20);
  CHECK(r.status_sentence == "37 countries have appointed a Focal Point:");
  REQUIRE(r.involvement.size() == 1);
  CHECK(r.involvement[0].role == "co-host");
  CHECK(r.involvement[0].date.iso() == "2013-06-11");
  CHECK(r.involvement[0].meeting == "accra-2013");
  CHECK(r.involvement[0].paragraph == 16);
  CHECK(r.involvement[0].sentence == "The third meeting was co-hosted by Denmark and Ghana.");
  CHECK(r.source == std::vector<int>{16, 20, 21});
}

TEST_CASE("a country whose code does not match its name is rejected", "[reader][problems]") {
  const Loaded loaded = load(country("country-ci", "Cote d'Ivoire", "GH").dump() + "\n");
  const auto messages = formatted(loaded.problems);
  CAPTURE(messages);
  REQUIRE(messages.size() == 1);
  CHECK(starts_with(messages[0], "f.jsonl:1: record 'country-ci': code: 'GH' does not match"));
  CHECK(loaded.records.empty());
}
