// End to end: index the bundled corpus into a temporary directory and check the Xapian database:
// document and term counts, regions computed from ICU, metadata, spelling, synonyms, idempotent
// rebuilds, and that a failed run leaves the live index as it was.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <unicode/region.h>
#include <xapian.h>

#include "core/error.h"
#include "core/schema.h"
#include "indexer/corpus_reader.h"
#include "indexer/index_writer.h"
#include "tests/support/indexed_corpus.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;

using r2p::test::TempDir;

/// What `r2p-index --rebuild --corpus CORPUS --db DB` does.
r2p::IndexSummary rebuild_index(const std::string& corpus_dir, const fs::path& db) {
  r2p::IndexerOptions options = r2p::test::bundled_corpus_options(db.string());
  options.corpora = {corpus_dir};
  options.rebuild = true;
  return r2p::run_indexer(options).summary;
}

const r2p::Corpus& corpus() {
  return r2p::test::linked_corpus();
}

/// The bundled corpus indexed into a temporary directory of its own.
struct IndexedCorpus {
  TempDir dir;
  fs::path db = dir.path() / "db";
  r2p::IndexSummary summary = r2p::test::index_bundled_corpus(db.string()).summary;
};

std::string filter(r2p::Field field, const std::string& value) {
  return r2p::filter_term(field, value);
}

/// Ids (Q terms without the Q) of the documents matching `query`, counted exactly.
std::set<std::string> matching_ids(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
  REQUIRE(mset.get_matches_lower_bound() == mset.get_matches_upper_bound());
  REQUIRE(mset.size() == mset.get_matches_estimated());
  std::set<std::string> ids;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      if ((*t)[0] == 'Q') ids.insert((*t).substr(1));
  }
  return ids;
}

/// The continent and sub-region ICU assigns to a territory, straight from ICU.
std::pair<std::string, std::string> icu_regions(const std::string& alpha2) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Region* region = icu::Region::getInstance(alpha2.c_str(), status);
  if (U_FAILURE(status) || !region) throw std::runtime_error("ICU does not know " + alpha2);
  const icu::Region* continent = region->getContainingRegion(URGN_CONTINENT);
  const icu::Region* subregion = region->getContainingRegion(URGN_SUBCONTINENT);
  if (!continent || !subregion) throw std::runtime_error("ICU has no region for " + alpha2);
  return {continent->getRegionCode(), subregion->getRegionCode()};
}

/// Every document's stored record and termlist, keyed by its Q term, with its document id.
struct Snapshot {
  std::map<std::string, Xapian::docid> docids;
  std::map<std::string, std::string> data;
  std::map<std::string, std::vector<std::string>> terms;
};

Snapshot snapshot(const Xapian::Database& db) {
  Snapshot s;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
    auto posting = db.postlist_begin(*it);
    REQUIRE(posting != db.postlist_end(*it));
    const Xapian::Document doc = db.get_document(*posting);
    s.docids[*it] = *posting;
    s.data[*it] = r2p::record_data(doc);
    s.terms[*it] = {doc.termlist_begin(), doc.termlist_end()};
  }
  return s;
}

std::vector<std::string> version_dirs(const fs::path& db) {
  std::vector<std::string> out;
  const std::string prefix = "." + db.filename().string() + ".v";
  for (const auto& entry : fs::directory_iterator(db.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.push_back(name);
  }
  return out;
}

}  // namespace

TEST_CASE("the index holds one document per record, by type", "[integration]") {
  IndexedCorpus indexed;
  REQUIRE(fs::is_symlink(indexed.db));
  Xapian::Database db(indexed.db.string());
  CHECK(db.get_doccount() == corpus().records.size());
  CHECK(indexed.summary.documents == static_cast<int>(corpus().records.size()));

  std::map<std::string, Xapian::doccount> per_type;
  for (const auto& r : corpus().records) {
    ++per_type[r2p::to_string(r.type)];
    CHECK(db.term_exists(r2p::id_term(r.id)));
    CHECK(db.get_termfreq(r2p::id_term(r.id)) == 1);
  }
  REQUIRE(per_type.size() == 5);
  for (const auto& [type, count] : per_type) {
    CAPTURE(type);
    CHECK(db.get_termfreq(filter(r2p::Field::type, type)) == count);
    CHECK(indexed.summary.records_per_type.at(type) == static_cast<int>(count));
  }
  CHECK(db.get_termfreq("XTmeeting") == 6);
  CHECK(db.get_termfreq("XTcountry") == 39);
  CHECK(db.get_termfreq("XTorganisation") == 8);
  CHECK(db.get_termfreq("XTperson") == 1);
  CHECK(db.get_termfreq("XTrecommendation") == 4);
}

TEST_CASE("country records fall in the continents and sub-regions ICU assigns", "[integration]") {
  IndexedCorpus indexed;
  Xapian::Database db(indexed.db.string());
  std::map<std::string, std::set<std::string>> expected;  // M.49 code -> country record ids
  for (const auto& r : corpus().records) {
    if (r.type != r2p::RecordType::country) continue;
    const auto [continent, subregion] = icu_regions(r.country_code);
    // The gazetteer agrees with ICU.
    const r2p::Country* country = corpus().gazetteer.country(r.country_code);
    REQUIRE(country != nullptr);
    CHECK(country->continent == continent);
    CHECK(country->subregion == subregion);
    expected[continent].insert(r.id);
    expected[subregion].insert(r.id);
  }
  // Every continent ICU knows, including those with no country in the corpus.
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> continents(
      icu::Region::getAvailable(URGN_CONTINENT, status));
  REQUIRE(U_SUCCESS(status));
  while (const char* code = continents->next(nullptr, status)) expected[code];

  const Xapian::Query countries(filter(r2p::Field::type, "country"));
  for (const auto& [code, ids] : expected) {
    CAPTURE(code);
    const std::string term = filter(r2p::Field::region, code);
    const auto found =
        matching_ids(db, Xapian::Query(Xapian::Query::OP_FILTER, countries, Xapian::Query(term)));
    CHECK(found == ids);
  }
  // Europe holds the European countries of the page, and none of Africa's.
  const auto europe = expected.at("150");
  for (const char* id : {"country-dk", "country-si", "country-at", "country-gb", "country-ba"})
    CHECK(europe.count(id) == 1);
  for (const char* id : {"country-gh", "country-cd", "country-bw", "country-au", "country-ar"})
    CHECK(europe.count(id) == 0);
  // Meetings carry their venue's regions: Ljubljana is in Europe, Accra in Africa.
  const Xapian::Query meetings(filter(r2p::Field::type, "meeting"));
  auto meetings_in = [&](const std::string& code) {
    return matching_ids(db, Xapian::Query(Xapian::Query::OP_FILTER, meetings,
                                          Xapian::Query(filter(r2p::Field::region, code))));
  };
  CHECK(meetings_in(icu_regions("SI").first) == std::set<std::string>{"ljubljana-2013"});
  CHECK(meetings_in(icu_regions("GH").first) == std::set<std::string>{"accra-2013"});
}

TEST_CASE("the index stores its schema version and passes Xapian's check", "[integration]") {
  IndexedCorpus indexed;
  Xapian::Database db(indexed.db.string());
  CHECK(db.get_metadata(r2p::kSchemaVersionKey) == std::to_string(r2p::kSchemaVersion));
  CHECK(db.get_metadata(r2p::kLegacySchemaVersionKey).empty());
  for (r2p::Field field : r2p::facet_fields())
    CHECK_FALSE(
        db.get_metadata(r2p::kFacetWidthKeyPrefix + std::string(r2p::field_spec(field).name))
            .empty());
  std::ostringstream log;
  CHECK(Xapian::Database::check(fs::canonical(indexed.db).string(), Xapian::DBCHECK_FULL_TREE,
                                &log) == 0);
  CAPTURE(log.str());
}

TEST_CASE("spelling and synonym data are in the index", "[integration]") {
  IndexedCorpus indexed;
  Xapian::Database db(indexed.db.string());
  CHECK(db.get_spelling_suggestion("ljubliana") == "ljubljana");
  const std::vector<std::string> icc(db.synonyms_begin("Zicc"), db.synonyms_end("Zicc"));
  CAPTURE(icc);
  CHECK(std::find(icc.begin(), icc.end(), "XOicc") != icc.end());
  CHECK(indexed.summary.synonyms > 0);
}

TEST_CASE("indexing the same corpus again gives the same documents", "[integration]") {
  IndexedCorpus indexed;
  const fs::path first_target = fs::read_symlink(indexed.db);
  const Snapshot first = snapshot(Xapian::Database(indexed.db.string()));
  REQUIRE(first.docids.size() == corpus().records.size());

  rebuild_index(R2P_TEST_CORPUS, indexed.db);
  const fs::path second_target = fs::read_symlink(indexed.db);
  CHECK(second_target != first_target);
  const Snapshot second = snapshot(Xapian::Database(indexed.db.string()));
  CHECK(second.docids == first.docids);
  CHECK(second.data == first.data);
  CHECK(second.terms == first.terms);

  // The previous version stays for open readers; older ones go.
  rebuild_index(R2P_TEST_CORPUS, indexed.db);
  const auto versions = version_dirs(indexed.db);
  CAPTURE(versions);
  CHECK(versions.size() == 2);
  CHECK(std::count(versions.begin(), versions.end(), second_target.filename().string()) == 1);
}

TEST_CASE("a broken corpus is rejected and the live index is unchanged", "[integration]") {
  IndexedCorpus indexed;
  const fs::path target = fs::read_symlink(indexed.db);
  const Xapian::doccount doccount = Xapian::Database(indexed.db.string()).get_doccount();

  TempDir broken;
  fs::copy(R2P_TEST_CORPUS, broken.path(), fs::copy_options::recursive);
  const fs::path meetings = broken.path() / "meetings.jsonl";
  std::size_t lines = 0;
  {
    std::ifstream in(meetings);
    for (std::string line; std::getline(in, line);) ++lines;
  }
  {
    std::ofstream out(meetings, std::ios::app);
    out << R"({"id":"broken-2014","type":"meeting","title":5})"
        << "\n";
  }

  bool threw = false;
  try {
    // What r2p-index does with the same --db: nothing is written when the corpus is bad.
    rebuild_index(broken.path().string(), indexed.db);
  } catch (const r2p::CorpusError& e) {
    threw = true;
    std::vector<std::string> messages;
    for (const auto& p : e.problems()) messages.push_back(p.format());
    CAPTURE(messages);
    REQUIRE_FALSE(messages.empty());
    const std::string at =
        meetings.string() + ":" + std::to_string(lines + 1) + ": record 'broken-2014': ";
    CHECK(std::all_of(messages.begin(), messages.end(),
                      [&](const std::string& m) { return m.rfind(at, 0) == 0; }));
    CHECK(e.exit_code() == r2p::kExitUsage);
  }
  CHECK(threw);
  CHECK(fs::read_symlink(indexed.db) == target);
  CHECK(Xapian::Database(indexed.db.string()).get_doccount() == doccount);
}

TEST_CASE("an index that cannot be built leaves the live index unchanged", "[integration]") {
  IndexedCorpus indexed;
  const fs::path target = fs::read_symlink(indexed.db);
  const auto versions = version_dirs(indexed.db);

  // A record id too long for a Xapian term makes the build fail after documents were added.
  std::vector<r2p::Record> records = corpus().records;
  records.back().id = std::string(300, 'x');
  CHECK_THROWS_AS(
      r2p::write_index(records, corpus().aliases, corpus().gazetteer, indexed.db.string()),
      r2p::IndexError);
  CHECK(fs::read_symlink(indexed.db) == target);
  CHECK(version_dirs(indexed.db) == versions);
  CHECK(Xapian::Database(indexed.db.string()).get_doccount() == corpus().records.size());
}

TEST_CASE("an index's clean-ups touch only its own versions, never another index's",
          "[integration]") {
  r2p::test::TempDir dir("r2p-target");
  auto make = [&](const std::string& name) {
    fs::create_directories(dir.path() / name);
    return dir.path() / name;
  };
  // Another index beside this one, named so that a plain prefix would take its files.
  const fs::path other_live = make(".kb.v2.v100-7");
  make(".kb.v2.v99-7");
  fs::create_directory_symlink(".kb.v2.v100-7", dir.path() / "kb.v2");
  std::ofstream(dir.path() / ".kb.v2.lock").close();
  // A killed run of this index, and something that only looks like one.
  make(".kb.v5-123");
  make(".kb.v5-123.parts");
  make(".kb.vold");

  r2p::IndexTarget target((dir.path() / "kb").string());
  const std::string first = target.new_version();
  fs::create_directories(first);
  target.publish(first);
  const std::string second = target.new_version();
  fs::create_directories(second);
  target.publish(second);
  // A run that fails after its version and parts were made.
  const std::string third = target.new_version();
  fs::create_directories(third);
  fs::create_directories(third + ".parts");
  target.remove_unpublished();

  std::set<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir.path()))
    left.insert(entry.path().filename().string());
  const std::set<std::string> expected = {".kb.v2.v100-7",
                                          ".kb.v2.v99-7",
                                          "kb.v2",
                                          ".kb.v2.lock",
                                          ".kb.vold",
                                          ".kb.lock",
                                          "kb",
                                          fs::path(first).filename().string(),
                                          fs::path(second).filename().string()};
  CHECK(left == expected);
  CHECK(fs::read_symlink(dir.path() / "kb").string() == fs::path(second).filename().string());
  CHECK(fs::exists(other_live));
}
