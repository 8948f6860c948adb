// Bring your own documents: the Markdown, HTML and text examples in corpus/examples indexed with
// the bundled corpus, then found by their text and by every facet, as r2p-index and r2p-search
// would do it; the HTML page's scripts, styles, navigation and footer are not searchable.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/schema.h"
#include "indexer/corpus_reader.h"
#include "indexer/document_formats.h"
#include "indexer/indexing.h"
#include "search/entities.h"
#include "search/index.h"
#include "search/request.h"
#include "search/searcher.h"
#include "tests/support/indexed_corpus.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using r2p::Field;
using r2p::test::TempDir;

const std::string kExamples = std::string(R2P_TEST_CORPUS) + "/examples";
const std::string kMarkdown = "doc-2013-06-accra-meeting-report";
const std::string kHtml = "doc-ljubljana-regional-meeting";
const std::string kText = "doc-focal-point-recommendations";

struct DocumentsFixture {
  TempDir dir;
  std::string db = (dir.path() / "db").string();
  r2p::IndexerReport report;
  std::unique_ptr<r2p::Index> index;

  DocumentsFixture() {
    r2p::IndexerOptions options = r2p::test::bundled_corpus_options(db);
    options.corpora.push_back(kExamples);
    report = r2p::run_indexer(options);
    index = std::make_unique<r2p::Index>(db);
  }
};

DocumentsFixture& fixture() {
  static DocumentsFixture instance;
  return instance;
}

r2p::SearchResults search(const std::string& query,
                          const std::map<Field, std::vector<std::string>>& filters = {}) {
  r2p::RawOptions raw;
  if (!query.empty()) raw.query_words = {query};
  raw.filters = filters;
  raw.limit = 0;
  r2p::Index& index = *fixture().index;
  return r2p::run_search(r2p::make_request(raw, index), index);
}

std::set<std::string> ids(const r2p::SearchResults& results) {
  std::set<std::string> out;
  for (const auto& hit : results.hits) out.insert(hit.id);
  return out;
}

std::size_t facet_count(const r2p::SearchResults& results, Field field, const std::string& value) {
  for (const auto& facet : results.facets)
    if (facet.field == field)
      for (const auto& v : facet.values)
        if (v.value == value) return v.count;
  return 0;
}

r2p::Record stored(const std::string& id) {
  auto record = fixture().index->record(id);
  if (!record) throw std::runtime_error("no record " + id + " in the index");
  return *record;
}

}  // namespace

TEST_CASE("the three example documents are indexed beside the bundled corpus as documents") {
  const auto& report = fixture().report;
  CHECK_FALSE(report.incremental);
  CHECK(report.skipped.empty());
  CHECK(report.documents == 58 + 3);
  CHECK(report.summary.records_per_type.at("document") == 3);
  const auto all_documents = search("", {{Field::type, {"document"}}});
  CHECK(ids(all_documents) == std::set<std::string>{kMarkdown, kHtml, kText});
}

TEST_CASE("each document's metadata is resolved or derived") {
  const r2p::Record md = stored(kMarkdown);
  CHECK(md.title == "Third meeting of the Global Network of R2P Focal Points in Accra");
  CHECK(md.kind == "report");
  CHECK(md.date.iso() == "2013-06");                             // from the file name
  CHECK(md.meetings == std::vector<std::string>{"accra-2013"});  // "Accra 2013": venue and year
  for (const char* code : {"GH", "DK", "BI", "LR", "CD"})        // stated, then named in the text
    CHECK(std::count(md.countries.begin(), md.countries.end(), code) == 1);
  CHECK(std::count(md.organisations.begin(), md.organisations.end(), "kaiptc") == 1);
  CHECK(std::count(md.organisations.begin(), md.organisations.end(), "global-centre") == 1);
  CHECK(std::count(md.regions.begin(), md.regions.end(), "002") == 1);  // Africa
  CHECK(md.source_document == "2013-06-accra-meeting-report.md");
  // The first heading is the page's own title, not a paragraph; list items are paragraphs.
  CHECK(md.text.front().rfind("The third meeting of the Global Network", 0) == 0);
  CHECK(md.text.back().rfind("The agenda of the meeting", 0) == 0);

  const r2p::Record html = stored(kHtml);
  CHECK(html.title == "First European regional meeting of R2P Focal Points, Ljubljana");
  CHECK(html.date.iso() == "2013-04-10");  // "10 April 2013" in <meta name="date">
  CHECK(html.meetings == std::vector<std::string>{"ljubljana-2013"});
  CHECK(html.kind == "web page");
  for (const char* code : {"SI", "AT", "BA", "BG", "HU"})
    CHECK(std::count(html.countries.begin(), html.countries.end(), code) == 1);
  CHECK(std::count(html.regions.begin(), html.regions.end(), "150") == 1);  // Europe

  const r2p::Record txt = stored(kText);
  CHECK(txt.title == "Recommendations for governments appointing a national R2P Focal Point");
  CHECK(txt.date.iso() == "2012-02");
  CHECK(txt.meetings == std::vector<std::string>{"workshop-2012"});
  CHECK(txt.text.size() == 2);
}

TEST_CASE("documents are found by their text") {
  CHECK(ids(search("\"limiting the number of formal speeches\"")).count(kMarkdown) == 1);
  CHECK(ids(search("operationalization")).count(kHtml) == 1);
  CHECK(ids(search("check-list")).count(kText) == 1);
}

TEST_CASE("the HTML page's scripts, styles, navigation and footer are not searchable") {
  for (const char* word : {"scriptonlyword", "trackingBeacon", "Navigationonlyword",
                           "Footeronlyword", "font-family", "banner"}) {
    INFO(word);
    CHECK(ids(search(word)).count(kHtml) == 0);
  }
}

TEST_CASE("documents are found by year, region, meeting and country facets and filters") {
  struct Case {
    std::string id;
    std::string year;
    std::string region;
    std::string meeting;
    std::string country;
  };
  for (const Case& c : {Case{kMarkdown, "2013", "002", "accra-2013", "LR"},
                        Case{kHtml, "2013", "150", "ljubljana-2013", "AT"},
                        Case{kText, "2012", "009", "workshop-2012", "CR"}}) {
    INFO(c.id);
    const auto docs = search("", {{Field::type, {"document"}}});
    CHECK(facet_count(docs, Field::year, c.year) >= 1);
    CHECK(facet_count(docs, Field::meeting, c.meeting) == 1);
    CHECK(ids(search("", {{Field::year, {c.year}}})).count(c.id) == 1);
    CHECK(ids(search("", {{Field::meeting, {c.meeting}}})).count(c.id) == 1);
    CHECK(ids(search("", {{Field::country, {c.country}}})).count(c.id) == 1);
    CHECK(ids(search("", {{Field::region, {c.region}}})).count(c.id) == 1);
  }
  // Filters exclude too: the Ljubljana page names only European countries and meetings.
  CHECK(ids(search("", {{Field::region, {"002"}}})).count(kHtml) == 0);
  CHECK(ids(search("", {{Field::meeting, {"accra-2013"}}})).count(kHtml) == 0);
}

TEST_CASE("a document's bad metadata is an error naming the file, line and field") {
  std::vector<r2p::Problem> problems;
  const std::string md =
      "---\ntitle: A report\ncountries: [Ghana, Atlantis]\nmeeting: Paris 2031\ndate: soon\n---\n"
      "Some text.\n";
  const auto source = r2p::parse_document(md, r2p::DocumentFormat::markdown, "r/a.md", problems);
  REQUIRE(problems.empty());
  r2p::Gazetteer gazetteer;
  const std::vector<r2p::MeetingInfo> meetings = {
      {"accra-2013", "Third meeting", "Accra", "GH", 2013}};
  CHECK_FALSE(r2p::document_record(source, "r/a.md", "a.md", gazetteer, meetings, problems));
  std::vector<std::string> lines;
  for (const auto& p : problems) lines.push_back(p.format());
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
          return l.rfind("r/a.md:3: record 'doc-a': countries[1]: unknown country 'Atlantis'", 0) ==
                 0;
        }) == 1);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
          return l.rfind("r/a.md:4: record 'doc-a': meetings[0]: unknown meeting 'Paris 2031'",
                         0) == 0;
        }) == 1);
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) {
          return l.rfind("r/a.md:5: record 'doc-a': date: 'soon' is not a date", 0) == 0;
        }) == 1);
}

TEST_CASE("a misspelt metadata field is reported; a site generator's own fields are not") {
  std::vector<r2p::Problem> problems;
  const auto source =
      r2p::parse_document("---\ncontries: Ghana\nlayout: post\ntags: [a, b]\n---\nText.\n",
                          r2p::DocumentFormat::markdown, "b.md", problems);
  r2p::Gazetteer gazetteer;
  CHECK_FALSE(r2p::document_record(source, "b.md", "b.md", gazetteer, {}, problems));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() ==
        "b.md:2: record 'doc-b': contries: unknown field; did you mean 'countries'?");
}

TEST_CASE("a document with no text is indexed by its title, with a warning") {
  r2p::Gazetteer gazetteer;
  for (const std::string& md : {std::string(), std::string("---\ntitle: An abstract\n---\n")}) {
    std::vector<r2p::Problem> problems, notes;
    const auto source = r2p::parse_document(md, r2p::DocumentFormat::markdown, "r/x.md", problems);
    const auto record =
        r2p::document_record(source, "r/x.md", "x.md", gazetteer, {}, problems, "", &notes);
    CHECK(problems.empty());
    REQUIRE(record);
    CHECK(record->text == std::vector<std::string>{record->title});
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].format() ==
          "r/x.md:1: record 'doc-x': text: the file has no text; indexed by its title alone");
  }
}

TEST_CASE("front matter declaring a meeting is a meeting record, checked as a JSON record is") {
  r2p::Gazetteer gazetteer;
  std::vector<r2p::Problem> problems;
  const std::string md =
      "---\nid: meeting-2016\ntype: meeting\nkind: annual\ndate: 2016-06\nvenue:\n  city: "
      "Madrid\n  country: Spain\nparticipation:\n  - count: 40\n    qualifier: more than\n    "
      "of: countries\n    text: More than forty countries\ncountries: [Ghana]\n---\n\n# Sixth "
      "meeting\n\nThe meeting was held in Madrid.\n";
  auto source = r2p::parse_document(md, r2p::DocumentFormat::markdown, "r/m.md", problems);
  REQUIRE(problems.empty());
  auto record = r2p::document_record(source, "r/m.md", "m.md", gazetteer, {}, problems);
  CHECK(problems.empty());
  REQUIRE(record);
  CHECK(record->type == r2p::RecordType::meeting);
  CHECK(record->id == "meeting-2016");
  CHECK(record->title == "Sixth meeting");
  CHECK(record->date.iso() == "2016-06");
  CHECK(record->venue_city == "Madrid");
  CHECK(record->venue_country == "ES");
  REQUIRE(record->participation.size() == 1);
  CHECK(record->participation[0].count == 40);
  CHECK(record->countries == std::vector<std::string>{"GH"});
  CHECK(record->text == std::vector<std::string>{"The meeting was held in Madrid."});
  CHECK(record->source_document == "m.md");

  // The same checks as for a JSON record, each problem on the line of its field, once.
  const std::string bad =
      "---\nid: meeting-2017\ntype: meeting\nkind: yearly\nvenue:\n  "
      "country: Atlantis\n---\n# A meeting\n\nText.\n";
  source = r2p::parse_document(bad, r2p::DocumentFormat::markdown, "r/b.md", problems);
  REQUIRE(problems.empty());
  CHECK_FALSE(r2p::document_record(source, "r/b.md", "b.md", gazetteer, {}, problems));
  std::vector<std::string> lines;
  for (const auto& p : problems) lines.push_back(p.format());
  CHECK(lines == std::vector<std::string>{
                     "r/b.md:1: record 'meeting-2017': date: missing; this field is required",
                     "r/b.md:4: record 'meeting-2017': kind: 'yearly' is not one of launch, "
                     "annual, workshop, regional",
                     "r/b.md:5: record 'meeting-2017': venue.country: unknown country 'Atlantis' "
                     "(closest known: 'Albania', 'Algeria', 'Argentina'); fix the spelling or "
                     "add the name to aliases.jsonl"});
}

TEST_CASE("document ids are slugs of the path inside the corpus") {
  CHECK(r2p::document_id("reports/Accra 2013.md") == "doc-reports-accra-2013");
  CHECK(r2p::document_id("Réunion_de-Genève.html") == "doc-reunion-de-geneve");
  CHECK(r2p::document_id("notes.txt") == "doc-notes");
  // Names in other scripts keep what they can and are told apart by a hash of the path.
  const std::string chinese = r2p::document_id("报告.txt");
  const std::string russian = r2p::document_id("доклад.txt");
  CHECK(chinese.rfind("doc-", 0) == 0);
  CHECK(chinese.size() == 4 + 16);
  CHECK(chinese != russian);
  CHECK(r2p::document_id("报告 2013.txt").rfind("doc-2013-", 0) == 0);
  CHECK(r2p::document_id("报告 2013.txt") != r2p::document_id("доклад 2013.txt"));
  const std::string long_name(400, 'a');
  const std::string id = r2p::document_id(long_name + ".md");
  CHECK(id.size() <= r2p::kMaxIdBytes);
  CHECK(id != r2p::document_id(long_name + "b.md"));
}

TEST_CASE("a meeting page lists the documents tied to the meeting") {
  const r2p::MeetingPage accra = r2p::meeting_page("accra-2013", *fixture().index);
  REQUIRE(accra.documents.size() == 1);
  CHECK(accra.documents[0].id == kMarkdown);
  const r2p::MeetingPage workshop = r2p::meeting_page("workshop-2012", *fixture().index);
  REQUIRE(workshop.documents.size() == 1);
  CHECK(workshop.documents[0].id == kText);
  // A country's dossier names the documents that mention it.
  const r2p::CountryDossier liberia = r2p::country_dossier("LR", *fixture().index);
  CHECK(std::count_if(liberia.mentioned_in.begin(), liberia.mentioned_in.end(),
                      [](const r2p::RecordRef& ref) { return ref.id == kMarkdown; }) == 1);
}
