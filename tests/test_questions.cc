// Plain-language questions over the bundled corpus: questions find their answer in the first
// three hits, stopwords and relaxed matching, explicit syntax kept exact, names understood, the
// answer card, suggestions that only help, snippets that mark the match, and tokens as typed.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "search/question.h"
#include "tests/support/search_fixture.h"

namespace {

using r2p::Field;
using r2p::test::index;
using r2p::test::run_request;

std::vector<std::string> ids(const r2p::SearchResults& results) {
  std::vector<std::string> out;
  for (const auto& hit : results.hits) out.push_back(hit.id);
  return out;
}

std::set<std::string> id_set(const r2p::SearchResults& results) {
  const auto list = ids(results);
  return {list.begin(), list.end()};
}

struct Question {
  std::string text;
  std::vector<std::string> answers;
};

std::vector<Question> read_questions() {
  std::ifstream in(std::string(R2P_TEST_FIXTURES) + "/questions.tsv");
  std::vector<Question> questions;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    Question q{line.substr(0, tab), {}};
    std::stringstream answers(line.substr(tab + 1));
    for (std::string id; std::getline(answers, id, ',');) q.answers.push_back(id);
    questions.push_back(q);
  }
  return questions;
}

bool in_first_three(const r2p::SearchResults& results, const std::vector<std::string>& answers) {
  for (std::size_t i = 0; i < results.hits.size() && i < 3; ++i)
    for (const auto& answer : answers)
      if (results.hits[i].id == answer) return true;
  return false;
}

std::set<std::string> understood(const std::string& text) {
  std::set<std::string> out;
  for (const auto& u : r2p::understand(text, index()))
    out.insert(std::string(r2p::field_spec(u.field).name) + ":" + u.id);
  return out;
}

}  // namespace

TEST_CASE("plain-language questions find their answer in the first three hits",
          "[search][questions]") {
  const auto questions = read_questions();
  REQUIRE(questions.size() >= 30);
  for (const auto& q : questions) {
    const auto results = run_request(q.text, {}, 3);
    INFO(q.text << " -> " << Catch::Detail::stringify(ids(results)));
    CHECK(in_first_three(results, q.answers));
  }
}

TEST_CASE("stopwords are left out of plain words, kept in phrases and when alone",
          "[search][questions]") {
  const auto asked = run_request("what was discussed in Accra", {}, 10);
  CHECK(asked.interpretation.matching == "all");
  CHECK(asked.interpretation.ignored == std::vector<std::string>{"what", "was", "in"});
  CHECK(ids(asked).front() == "accra-2013");
  // The same words without the stopwords find the same records.
  CHECK(id_set(asked) == id_set(run_request("discussed Accra", {}, 10)));

  // Inside quotes they count: "of" must sit between the two words.
  const auto phrase = run_request("\"community of commitment\"", {}, 10);
  CHECK(phrase.interpretation.matching == "all");
  CHECK(ids(phrase) == std::vector<std::string>{"rec-focal-point-elements"});
  CHECK(run_request("\"community commitment\"", {}, 10).total == 0);

  // A query of stopwords only still searches them.
  const auto only = run_request("which were", {}, 10);
  CHECK(only.interpretation.ignored.empty());
  CHECK(only.total > 0);

  // A name is no stopword: "EU" is on the French list.
  const auto eu = run_request("what did the EU do", {}, 10);
  CHECK(std::count(eu.interpretation.ignored.begin(), eu.interpretation.ignored.end(), "eu") == 0);
  const auto eu_ids = ids(eu);
  CHECK(eu_ids.front() == "eu");  // the European Union's own record, then its meeting
  CHECK(std::count(eu_ids.begin(), eu_ids.end(), "ljubljana-2013") == 1);
}

TEST_CASE("every word when some record has them all, else the best partial matches",
          "[search][questions]") {
  SECTION("no record names both venues: records with either, and total counts them") {
    const auto relaxed = run_request("Accra Ljubljana meeting", {}, 0);
    CHECK(relaxed.interpretation.matching == "some");
    const auto accra = id_set(run_request("Accra", {}, 0));
    const auto ljubljana = id_set(run_request("Ljubljana", {}, 0));
    for (const auto& id : accra) CHECK(id_set(relaxed).count(id) == 1);
    for (const auto& id : ljubljana) CHECK(id_set(relaxed).count(id) == 1);
    CHECK(relaxed.total == relaxed.hits.size());
  }
  SECTION("a record with all the words: only those") {
    const auto all = run_request("Accra Denmark", {}, 0);
    CHECK(all.interpretation.matching == "all");
    CHECK(all.total > 0);
    CHECK(id_set(all) == id_set(run_request("Accra AND Denmark", {}, 0)));
    CHECK(all.total < run_request("Accra OR Denmark", {}, 0).total);
  }
  SECTION("explicit syntax stays exact") {
    CHECK(run_request("Accra AND Ljubljana", {}, 0).total == 0);
    CHECK(run_request("+Accra +Ljubljana", {}, 0).total == 0);
    CHECK(run_request("Accra AND Ljubljana", {}, 0).interpretation.matching == "exact");
    CHECK(id_set(run_request("Accra OR Ljubljana", {}, 0)) ==
          id_set(run_request("Accra Ljubljana", {}, 0)));
    const auto excluded = run_request("meeting -regional", {}, 0);
    for (const auto& hit : excluded.hits) CHECK(hit.id != "ljubljana-2013");
  }
  SECTION("never nothing while a word is in the index") {
    const auto results = run_request("zzzunknownword Ljubljana xxqq", {}, 0);
    CHECK(results.interpretation.matching == "some");
    CHECK(ids(results).front() == "ljubljana-2013");
  }
}

TEST_CASE("names in a question are understood, with the filter that pins them",
          "[search][questions][entities]") {
  const std::vector<std::pair<std::string, std::set<std::string>>> table = {
      {"what was discussed in Accra", {"meeting:accra-2013"}},
      {"who hosted the Ljubljana meeting", {"meeting:ljubljana-2013"}},
      {"what happened at the third meeting", {"meeting:accra-2013"}},
      {"what was said at the second meeting", {"meeting:meeting-2012"}},
      {"who came to the first meeting", {"meeting:meeting-2011"}},
      {"the first European regional meeting", {"meeting:ljubljana-2013", "region:150"}},
      {"what was the Ghanaian government's role", {"country:GH"}},
      {"which African countries intend to appoint", {"region:002"}},
      {"Latin American countries", {"region:419"}},  // the M.49 grouping, through ICU
      {"Western Europe", {"region:155"}},
      {"Dinamarca", {"country:DK"}},
      {"Côte d'Ivoire and the ICC", {"country:CI", "organisation:icc"}},
      {"what did KAIPTC do in 2013", {"organisation:kaiptc", "year:2013"}},
      {"what happened in 1999", {}},
      {"how do focal points work", {}},
  };
  for (const auto& [question, expected] : table) {
    INFO(question);
    CHECK(understood(question) == expected);
  }
  const auto results = run_request("what was the Ghanaian government's role", {}, 3);
  REQUIRE(results.interpretation.understood.size() == 1);
  CHECK(results.interpretation.understood[0].filter == "--country GH");
  CHECK(results.interpretation.understood[0].label == "Ghana");
}

TEST_CASE("an answer card for the one meeting or country a question names",
          "[search][questions][answer]") {
  const auto meeting = run_request("what was discussed in Accra", {}, 10);
  REQUIRE(meeting.answer.has_value());
  CHECK(meeting.answer->kind == "meeting");
  CHECK(meeting.answer->id == "accra-2013");
  CHECK(meeting.answer->command == "r2p-search --dossier accra-2013");
  bool venue = false;
  for (const auto& fact : meeting.answer->facts)
    if (fact.label == "Venue") venue = fact.value.find("Accra") != std::string::npos;
  CHECK(venue);

  const auto country = run_request("has Ghana appointed a focal point?", {}, 10);
  REQUIRE(country.answer.has_value());
  CHECK(country.answer->kind == "country");
  CHECK(country.answer->id == "GH");
  CHECK(country.answer->facts.front().label == "Status");

  CHECK_FALSE(run_request("Accra Ljubljana", {}, 10).answer.has_value());  // two meetings
  CHECK_FALSE(run_request("mass atrocities", {}, 10).answer.has_value());  // no name
}

TEST_CASE("did you mean: only unknown words, never stopwords or names, only when it finds more",
          "[search][questions][spelling]") {
  CHECK_FALSE(run_request("what was discussed in Accra", {}, 10).suggestion.has_value());
  CHECK_FALSE(run_request("which African countries", {}, 10).suggestion.has_value());
  CHECK_FALSE(run_request("how many countries", {}, 10).suggestion.has_value());
  const auto misspelt = run_request("Ljubliana meeting", {}, 10);
  REQUIRE(misspelt.suggestion.has_value());
  CHECK(*misspelt.suggestion == "ljubljana meeting");
}

TEST_CASE("snippets mark the match: phrase, acronym, wildcard, stem", "[search][snippets]") {
  for (const std::string query :
       {"Accra", "\"Adama Dieng\"", "ICC", "EU", "KAIPTC", "\"Stanley Foundation\"",
        "\"community of commitment\"", "atroc*", "discussion", "focal point recommendations",
        "what was discussed in Accra"}) {
    const auto results = run_request(query, {}, 3);
    INFO(query);
    REQUIRE_FALSE(results.hits.empty());
    CHECK(results.hits.front().snippet.find("<mark>") != std::string::npos);
  }
  const auto icc = run_request("ICC", {}, 1);
  CHECK(icc.hits.front().snippet.find("<mark>Criminal</mark>") != std::string::npos);
}

TEST_CASE("tokens as people type them", "[search][questions][tokens]") {
  SECTION("a hyphenated word is never stricter than its parts") {
    const auto hyphen = id_set(run_request("co-hosted", {}, 0));
    const auto apart = id_set(run_request("co hosted", {}, 0));
    CHECK_FALSE(hyphen.empty());
    CHECK(hyphen == apart);
    CHECK(id_set(run_request("thirty-one countries", {}, 0)) ==
          id_set(run_request("thirty one countries", {}, 0)));
  }
  SECTION("numbers match as written") {
    const auto results = run_request("37 countries", {}, 0);
    CHECK(results.interpretation.matching == "all");
    CHECK(results.total > 0);
  }
  SECTION("punctuation typed in a question changes nothing") {
    CHECK(ids(run_request("Accra?", {}, 0)) == ids(run_request("Accra", {}, 0)));
    CHECK(ids(run_request("Ghana's", {}, 0)) == ids(run_request("Ghana", {}, 0)));
    CHECK(ids(run_request("Denmark, Ghana", {}, 0)) == ids(run_request("Denmark Ghana", {}, 0)));
  }
}

TEST_CASE("long questions are searched, quickly bounded to their best words",
          "[search][questions][long]") {
  std::string paragraph;
  for (const auto& [id, record] : r2p::test::records())
    if (id == "accra-2013")
      for (const auto& p : record.text) paragraph += p + " ";
  REQUIRE(paragraph.size() > 900);
  const auto results = run_request(paragraph, {}, 3);
  REQUIRE_FALSE(results.hits.empty());
  CHECK(results.hits.front().id == "accra-2013");
}

TEST_CASE("relevance ties are ordered by date, oldest (or undated) first, then id",
          "[search][sort]") {
  const auto results = run_request("appointed", {{Field::type, {"country"}}}, 0);
  REQUIRE(results.hits.size() > 10);
  for (std::size_t i = 1; i < results.hits.size(); ++i) {
    const auto& a = results.hits[i - 1];
    const auto& b = results.hits[i];
    if (a.score != b.score) continue;
    INFO(a.id << " then " << b.id);
    CHECK(a.year.value_or(0) <= b.year.value_or(0));
    if (!a.year && !b.year) CHECK(a.id < b.id);
  }
}
