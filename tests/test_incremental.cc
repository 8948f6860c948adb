// Incremental indexing: after files change, are renamed, removed, added or only touched, an
// update re-reads just those files and leaves an index equal to a full rebuild's — the same
// documents (data, terms with wdf and positions, values), spelling dictionary, synonyms and
// metadata. Bad files are refused, or with keep_going left out while their previous version
// stays.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <xapian.h>

#include "core/error.h"
#include "core/facet_table.h"
#include "core/record_codec.h"
#include "core/schema.h"
#include "indexer/indexing.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using r2p::test::TempDir;

/// Everything an index holds, keyed so that document ids do not matter.
struct IndexDump {
  struct Document {
    std::string data;
    std::vector<std::tuple<std::string, Xapian::termcount, std::vector<Xapian::termpos>>> terms;
    std::map<Xapian::valueno, std::string> values;
    bool operator==(const Document& o) const {
      return data == o.data && terms == o.terms && values == o.values;
    }
  };
  std::map<std::string, Document> documents;  ///< by record id
  std::map<std::string, Xapian::termcount> spelling;
  std::map<std::string, std::vector<std::string>> synonyms;
  std::map<std::string, std::string> metadata;
  Xapian::totallength total_length = 0;
  Xapian::doccount doccount = 0;
};

IndexDump dump(const std::string& db_path) {
  Xapian::Database db(db_path);
  // Records compare as stored JSON, whatever dictionary compressed them.
  const r2p::RecordCodec codec(db.get_metadata(r2p::kRecordDictionaryKey));
  IndexDump out;
  out.total_length = db.get_total_length();
  out.doccount = db.get_doccount();
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    IndexDump::Document d;
    d.data = codec.decode(r2p::record_data(doc));
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
      d.terms.emplace_back(
          *t, t.get_wdf(),
          std::vector<Xapian::termpos>(t.positionlist_begin(), t.positionlist_end()));
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) d.values[v.get_valueno()] = *v;
    out.documents[doc.get_value(r2p::kSlotId)] = std::move(d);
  }
  for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s)
    out.spelling[*s] = s.get_termfreq();
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k)
    out.synonyms[*k] = {db.synonyms_begin(*k), db.synonyms_end(*k)};
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k)
    out.metadata[*k] = db.get_metadata(*k);
  return out;
}

/// Lists what differs, for a readable failure.
std::string differences(const IndexDump& a, const IndexDump& b) {
  std::ostringstream out;
  if (a.doccount != b.doccount)
    out << "document counts differ: " << a.doccount << " and " << b.doccount << "\n";
  for (const auto& [id, doc] : a.documents) {
    auto it = b.documents.find(id);
    if (it == b.documents.end())
      out << "only in the first: " << id << "\n";
    else if (!(it->second == doc))
      out << "differs: " << id << "\n";
  }
  for (const auto& [id, doc] : b.documents)
    if (!a.documents.count(id)) out << "only in the second: " << id << "\n";
  if (a.spelling != b.spelling) out << "spelling differs\n";
  if (a.synonyms != b.synonyms) out << "synonyms differ\n";
  for (const auto& [key, value] : a.metadata) {
    auto it = b.metadata.find(key);
    if (it == b.metadata.end() || it->second != value) out << "metadata differs: " << key << "\n";
  }
  for (const auto& [key, value] : b.metadata)
    if (!a.metadata.count(key)) out << "metadata only in the second: " << key << "\n";
  if (a.total_length != b.total_length) out << "total length differs\n";
  return out.str();
}

using StoredFacets = std::map<std::string, std::map<r2p::Field, std::vector<std::string>>>;

/// Every document's facet values as its shard's stored facet table gives them, by record id.
StoredFacets stored_facets(const std::string& db_path) {
  StoredFacets out;
  for (const auto& entry : fs::directory_iterator(fs::canonical(db_path))) {
    if (entry.path().filename().string().rfind("shard-", 0) != 0) continue;
    Xapian::Database shard(entry.path().string());
    const r2p::FacetTable table = r2p::decode_facet_table(shard.get_metadata(r2p::kFacetTableKey));
    for (const auto& column : table.columns)
      CHECK(column.shards.at(0).last_docid() <= shard.get_lastdocid());
    for (auto it = shard.postlist_begin(""); it != shard.postlist_end(""); ++it) {
      auto& facets = out[shard.get_document(*it).get_value(r2p::kSlotId)];
      for (const auto& column : table.columns) {
        const r2p::FacetIds& ids = column.shards.at(0);
        for (auto v = ids.begin(*it); v != ids.end(*it); ++v)
          facets[column.field].push_back(column.values.at(*v));
      }
    }
  }
  return out;
}

/// The version directory the live link of `db_path` names.
std::string live_version(const std::string& db_path) {
  return fs::read_symlink(db_path).string();
}

/// The index's entry for a corpus file ("" when it has none).
std::string file_entry(const IndexDump& index, const std::string& path) {
  const std::string needle = "\"path\":\"" + path + "\"";
  for (const auto& [key, value] : index.metadata) {
    if (key.rfind(r2p::kFileKeyPrefix, 0) != 0) continue;
    const auto text = r2p::file_entry_text(value);
    REQUIRE(text.has_value());
    if (text->find(needle) != std::string::npos) {
      CHECK(value.size() < text->size());  // stored compressed
      return *text;
    }
  }
  return "";
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

/// Replaces the first occurrence of `from` in the file.
void edit(const fs::path& path, const std::string& from, const std::string& to) {
  std::string content = read(path);
  const auto at = content.find(from);
  REQUIRE(at != std::string::npos);
  content.replace(at, from.size(), to);
  write(path, content);
}

/// A corpus of the bundled records and the example documents in one directory.
struct Workspace {
  TempDir dir;
  fs::path corpus = dir.path() / "corpus";
  std::string db = (dir.path() / "db").string();
  unsigned shards = 0;  ///< IndexerOptions::index.shards of every run

  Workspace() {
    fs::create_directories(corpus);
    for (const char* name :
         {"aliases.jsonl", "countries.jsonl", "meetings.jsonl", "recommendations.jsonl"})
      fs::copy_file(fs::path(R2P_TEST_CORPUS) / name, corpus / name);
    for (const auto& entry : fs::directory_iterator(fs::path(R2P_TEST_CORPUS) / "examples"))
      fs::copy_file(entry.path(), corpus / entry.path().filename());
  }

  r2p::IndexerReport index(const std::string& db_path, bool rebuild = false,
                           bool keep_going = false, double update_share = 1.0) {
    r2p::IndexerOptions options;
    options.corpora = {corpus.string()};
    options.db = db_path;
    options.rebuild = rebuild;
    options.keep_going = keep_going;
    // The changes below touch most of this small corpus: allow updates of any size, unless a
    // test is about the threshold.
    options.update_share = update_share;
    options.index.shards = shards;
    return r2p::run_indexer(options);
  }
};

/// One record changed, one file renamed (same records), one document removed, one added, one
/// document changed (a paragraph and a country more), and one file touched without a change.
void change_corpus(const Workspace& w) {
  edit(w.corpus / "recommendations.jsonl", "\"title\":\"", "\"title\":\"Revised: ");
  fs::create_directories(w.corpus / "sub");
  fs::rename(w.corpus / "meetings.jsonl", w.corpus / "sub" / "meetings-renamed.jsonl");
  fs::remove(w.corpus / "focal-point-recommendations.txt");
  write(w.corpus / "new-note.txt",
        "A note on the Accra meeting\n\nThe third meeting was held in Accra in June 2013.\n");
  edit(w.corpus / "2013-06-accra-meeting-report.md", "## Announcements",
       "An added paragraph about Liberia.\n\n## Announcements");
  edit(w.corpus / "2013-06-accra-meeting-report.md", "countries: [Ghana,",
       "countries: [Togo, Ghana,");
  fs::last_write_time(w.corpus / "countries.jsonl",
                      fs::last_write_time(w.corpus / "countries.jsonl") + std::chrono::seconds(5));
}

}  // namespace

TEST_CASE(
    "an update after changes, a rename, a removal, an addition and a touch equals a rebuild") {
  Workspace w;
  const auto first = w.index(w.db);
  CHECK_FALSE(first.incremental);
  CHECK(first.full_reason == "no index yet");
  CHECK(first.documents == 52);

  const auto again = w.index(w.db);
  CHECK(again.incremental);
  CHECK(again.up_to_date);
  CHECK(again.files.unchanged == 6);
  CHECK(again.documents == 52);

  change_corpus(w);

  const std::string version = live_version(w.db);
  const auto update = w.index(w.db);
  REQUIRE(update.incremental);
  CHECK_FALSE(update.up_to_date);
  CHECK(live_version(w.db) == version);  // written in place, not into a new version
  CHECK(update.files.added == 2);        // sub/meetings-renamed.jsonl, new-note.txt
  CHECK(update.files.changed == 2);      // recommendations.jsonl, the Markdown report
  CHECK(update.files.removed == 2);      // meetings.jsonl, the text document
  CHECK(update.files.unchanged == 2);    // countries.jsonl (touched), the HTML page
  CHECK(update.records.added == 1);
  CHECK(update.records.changed == 2);
  CHECK(update.records.removed == 1);
  CHECK(update.records.unchanged == 49);
  CHECK(update.documents == 52);

  const std::string rebuilt_db = (w.dir.path() / "rebuilt").string();
  const auto rebuilt = w.index(rebuilt_db, /*rebuild=*/true);
  CHECK_FALSE(rebuilt.incremental);
  CHECK(differences(dump(w.db), dump(rebuilt_db)).empty());
  CHECK(differences(dump(w.db), dump(rebuilt_db)) == "");

  // The touched file's new modification time is recorded: the next run reads nothing.
  const auto settled = w.index(w.db);
  CHECK(settled.up_to_date);
}

TEST_CASE("a sharded index is updated in place and then equals a sharded rebuild") {
  Workspace w;
  w.shards = 2;
  CHECK_FALSE(w.index(w.db).incremental);
  const std::string version = live_version(w.db);
  change_corpus(w);

  const auto update = w.index(w.db);
  REQUIRE(update.incremental);
  CHECK(live_version(w.db) == version);
  CHECK(update.records.added == 1);
  CHECK(update.records.changed == 2);
  CHECK(update.records.removed == 1);
  CHECK(update.documents == 52);
  const std::string rebuilt_db = (w.dir.path() / "rebuilt").string();
  w.index(rebuilt_db, true);
  CHECK(differences(dump(w.db), dump(rebuilt_db)) == "");
  // The shards' facet tables (with which remote shards count facets) follow their documents.
  const StoredFacets facets = stored_facets(w.db);
  CHECK(facets.size() == 52);
  CHECK(facets == stored_facets(rebuilt_db));
  CHECK(facets.at("doc-2013-06-accra-meeting-report").at(r2p::Field::country).size() > 1);

  SECTION("another number of shards, or none, builds in full") {
    w.shards = 3;
    CHECK(w.index(w.db).full_reason == "the index has 2 shards");
    w.shards = 0;
    CHECK(w.index(w.db).full_reason == "the index is sharded");
    CHECK(w.index(w.db).incremental);
    w.shards = 2;
    CHECK(w.index(w.db).full_reason == "the index is not sharded");
  }
  SECTION("an update interrupted between shards makes the next run build in full") {
    {
      Xapian::WritableDatabase dictionary((fs::canonical(w.db) / "dictionary").string(),
                                          Xapian::DB_OPEN);
      dictionary.set_metadata(r2p::kUpdatePendingKey, "1");
      dictionary.commit();
    }
    const auto report = w.index(w.db);
    CHECK_FALSE(report.incremental);
    CHECK(report.full_reason == "an update of the shards was interrupted");
    CHECK(differences(dump(w.db), dump(rebuilt_db)) == "");
  }
}

TEST_CASE("a changed meeting record re-reads the documents that name meetings") {
  Workspace w;
  // A note that names no meeting, but a venue and a date: it belongs to a meeting held there then.
  write(w.corpus / "kumasi.txt", "A note from Kumasi\n\nWe met in Kumasi in June 2013.\n");
  edit(w.corpus / "2013-06-accra-meeting-report.md", "meeting: Accra 2013", "meeting: accra-2013");
  w.index(w.db);
  CHECK(dump(w.db).documents.at("doc-kumasi").data.find("accra-2013") == std::string::npos);
  // Move the Accra meeting to Kumasi: the note, itself unchanged, now belongs to it.
  edit(w.corpus / "meetings.jsonl", "{\"city\":\"Accra\"", "{\"city\":\"Kumasi\"");
  const auto update = w.index(w.db);
  REQUIRE(update.incremental);
  CHECK(dump(w.db).documents.at("doc-kumasi").data.find("accra-2013") != std::string::npos);
  const std::string rebuilt_db = (w.dir.path() / "rebuilt").string();
  w.index(rebuilt_db, true);
  CHECK(differences(dump(w.db), dump(rebuilt_db)) == "");
}

TEST_CASE("a bad file is refused and leaves the index as it was") {
  Workspace w;
  w.index(w.db);
  const IndexDump before = dump(w.db);
  edit(w.corpus / "2013-06-accra-meeting-report.md", "countries: [Ghana,",
       "countries: [Atlantis, Ghana,");
  CHECK_THROWS_AS(w.index(w.db), r2p::CorpusError);
  CHECK(differences(before, dump(w.db)) == "");

  SECTION("with keep_going, the good files are indexed and the bad one keeps its last version") {
    write(w.corpus / "extra.txt", "An extra note\n\nAbout the network of Focal Points.\n");
    const auto report = w.index(w.db, false, /*keep_going=*/true);
    CHECK(report.incremental);
    REQUIRE(report.skipped_files.size() == 1);
    CHECK(report.skipped_files[0] == (w.corpus / "2013-06-accra-meeting-report.md").string());
    REQUIRE(report.skipped.size() == 1);
    CHECK(report.skipped[0].message.find("unknown country 'Atlantis'") != std::string::npos);
    const IndexDump after = dump(w.db);
    CHECK(after.documents.count("doc-extra") == 1);
    CHECK(after.documents.at("doc-2013-06-accra-meeting-report") ==
          before.documents.at("doc-2013-06-accra-meeting-report"));
    const std::string report_path = (w.corpus / "2013-06-accra-meeting-report.md").string();
    CHECK(file_entry(after, report_path) == file_entry(before, report_path));
    CHECK_FALSE(file_entry(before, report_path).empty());
  }
  SECTION("with keep_going, a full build leaves the bad file out") {
    const auto report = w.index((w.dir.path() / "fresh").string(), true, true);
    CHECK_FALSE(report.incremental);
    CHECK(report.skipped_files.size() == 1);
    CHECK(report.documents == 51);
  }
}

TEST_CASE("what forces a full build") {
  Workspace w;
  w.index(w.db);
  SECTION("--rebuild") {
    CHECK(w.index(w.db, true).full_reason == "--rebuild");
  }
  SECTION("a changed alias table") {
    edit(w.corpus / "aliases.jsonl", "\"acronyms\":[\"KAIPTC\"]",
         "\"acronyms\":[\"KAIPTC\",\"KAIPTC-GH\"]");
    const auto report = w.index(w.db);
    CHECK_FALSE(report.incremental);
    CHECK(report.full_reason == "the alias table changed");
  }
  SECTION("documents laid out by an earlier version, until rebuilt") {
    {
      Xapian::WritableDatabase live(fs::canonical(w.db).string(), Xapian::DB_OPEN);
      live.set_metadata(r2p::kDocumentLayoutKey, std::to_string(r2p::kDocumentLayout - 1));
      live.commit();
    }
    const auto report = w.index(w.db);
    CHECK_FALSE(report.incremental);
    CHECK(report.full_reason ==
          "the index was built by another version, which lays out documents differently");
    CHECK(w.index(w.db).incremental);
  }
}

TEST_CASE("an update that would leave no records is refused like a build") {
  Workspace w;
  w.index(w.db);
  const IndexDump before = dump(w.db);
  for (const auto& entry : fs::directory_iterator(w.corpus))
    if (entry.path().filename() != "aliases.jsonl") fs::remove(entry.path());
  try {
    w.index(w.db);
    FAIL("an empty corpus was accepted");
  } catch (const r2p::CorpusError& e) {
    CHECK(std::string(e.what()).find("no records found") != std::string::npos);
  }
  CHECK(differences(before, dump(w.db)) == "");
}

TEST_CASE("a duplicate id in a new file is blamed on it, as a full build does") {
  Workspace w;
  w.index(w.db);
  const std::string meetings = read(w.corpus / "meetings.jsonl");
  write(w.corpus / "z.jsonl", meetings.substr(0, meetings.find('\n') + 1));
  const std::string z = (w.corpus / "z.jsonl").string();
  try {
    w.index(w.db);
    FAIL("a duplicate id was accepted");
  } catch (const r2p::CorpusError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].where.file == z);
    CHECK(e.problems()[0].message.find("duplicate id") != std::string::npos);
  }
  const auto report = w.index(w.db, false, /*keep_going=*/true);
  CHECK(report.skipped_files == std::vector<std::string>{z});
  CHECK(dump(w.db).doccount == 52);
}

/// What a run of r2p-index gives: the problems it refuses the corpus for (formatted, sorted), or
/// "indexed".
std::vector<std::string> outcome(const std::function<void()>& run) {
  try {
    run();
    return {"indexed"};
  } catch (const r2p::CorpusError& e) {
    std::vector<std::string> problems;
    for (const auto& p : e.problems()) problems.push_back(p.format());
    std::sort(problems.begin(), problems.end());
    return problems;
  }
}

/// The first line of `path` whose text contains `needle`, with its newline.
std::string line_with(const fs::path& path, const std::string& needle) {
  std::istringstream in(read(path));
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) return line + "\n";
  FAIL("no line of " << path << " has " << needle);
  return "";
}

TEST_CASE("an update finds the problems that span records exactly as a full build does") {
  // Each change, made after a first build: the update (which asks the index about the records
  // of the files it does not read) and a full build of the changed corpus must agree.
  using Change = std::function<void(const fs::path&)>;
  const std::vector<std::pair<std::string, Change>> changes = {
      {"a changed record names an unchanged meeting",
       [](const fs::path& c) {
         edit(c / "recommendations.jsonl", "\"title\":\"", "\"title\":\"Revised: ");
       }},
      {"a new file repeats a record of an unchanged file",
       [](const fs::path& c) { write(c / "z.jsonl", line_with(c / "countries.jsonl", "GH")); }},
      {"a new file holds a second record for a country",
       [](const fs::path& c) {
         std::string line = line_with(c / "countries.jsonl", "\"code\":\"GH\"");
         line.replace(line.find("country-gh"), 10, "country-gh2");
         write(c / "z.jsonl", line);
       }},
      {"a changed record names a meeting nothing defines",
       [](const fs::path& c) {
         edit(c / "recommendations.jsonl", "\"workshop-2012\"", "\"workshop-2021\"");
       }},
      {"a meeting unchanged records name is taken away",
       [](const fs::path& c) {
         edit(c / "meetings.jsonl", line_with(c / "meetings.jsonl", "\"id\":\"accra-2013\""), "");
       }},
      {"a meeting unchanged records name gets another id",
       [](const fs::path& c) {
         edit(c / "meetings.jsonl", "\"id\":\"accra-2013\"", "\"id\":\"accra-2014\"");
       }},
      {"a meeting moves to a new file",
       [](const fs::path& c) {
         const std::string line = line_with(c / "meetings.jsonl", "\"id\":\"accra-2013\"");
         edit(c / "meetings.jsonl", line, "");
         write(c / "more-meetings.jsonl", line);
       }},
      {"a meeting no record names is taken away",
       [](const fs::path& c) {
         edit(c / "meetings.jsonl", line_with(c / "meetings.jsonl", "\"id\":\"meeting-2011\""), "");
       }},
  };
  for (const auto& [name, change] : changes) {
    INFO(name);
    Workspace w;
    w.index(w.db);
    change(w.corpus);
    const std::string fresh = (w.dir.path() / "fresh").string();
    const auto updated = outcome([&] {
      const auto report = w.index(w.db);
      CHECK(report.incremental);
    });
    const auto built = outcome([&] { w.index(fresh, true); });
    CHECK(updated == built);
    if (updated == std::vector<std::string>{"indexed"})
      CHECK(differences(dump(w.db), dump(fresh)) == "");
  }
}

TEST_CASE("with keep_going, leaving out a file that others depend on falls back to a full build") {
  Workspace w;
  // A note that names the 2011 meeting, whose record then goes.
  write(w.corpus / "note.md", "---\nmeeting: meeting-2011\n---\nA note on the first meeting.\n");
  w.index(w.db);
  std::string meetings = read(w.corpus / "meetings.jsonl");
  const auto at = meetings.find("{\"id\":\"meeting-2011\"");
  REQUIRE(at != std::string::npos);
  meetings.erase(at, meetings.find('\n', at) + 1 - at);
  write(w.corpus / "meetings.jsonl", meetings);
  CHECK_THROWS_AS(w.index(w.db), r2p::CorpusError);
  const auto report = w.index(w.db, false, /*keep_going=*/true);
  CHECK_FALSE(report.skipped_files.empty());
  CHECK(dump(w.db).documents.count("doc-note") == 0);
}

TEST_CASE("a large change runs a full build; a touched file does not count as a change") {
  Workspace w;
  w.index(w.db, false, false, 0.25);
  edit(w.corpus / "countries.jsonl", "\"title\":\"", "\"title\":\"Revised: ");
  const auto big = w.index(w.db, false, false, 0.25);
  CHECK_FALSE(big.incremental);
  CHECK(big.full_reason.find("files to read again") != std::string::npos);
  // Touching every file changes no content: an update, not a build.
  for (const auto& entry : fs::directory_iterator(w.corpus))
    fs::last_write_time(entry.path(), fs::last_write_time(entry.path()) + std::chrono::seconds(3));
  const auto touched = w.index(w.db, false, false, 0.25);
  CHECK(touched.incremental);
  CHECK(touched.files.unchanged == 6);
  CHECK(touched.records.unchanged == 52);
}

TEST_CASE("files with long paths and names in other scripts are indexed and updated") {
  Workspace w;
  fs::path deep = w.corpus;
  for (int i = 0; i < 6; ++i) deep /= std::string(50, static_cast<char>('a' + i));
  write(deep / "note.txt", "A deep note\n\nAbout the network.\n");
  write(w.corpus / "报告.txt", "报告\n\nA report on Focal Points.\n");
  write(w.corpus / "доклад.txt", "Доклад\n\nA report on the network.\n");
  const auto first = w.index(w.db);
  CHECK(first.documents == 55);
  write(deep / "note.txt", "A deep note\n\nAbout the network, revised.\n");
  const auto update = w.index(w.db);
  CHECK(update.incremental);
  CHECK(update.records.changed == 1);
  const std::string rebuilt_db = (w.dir.path() / "rebuilt").string();
  w.index(rebuilt_db, true);
  CHECK(differences(dump(w.db), dump(rebuilt_db)) == "");
}

TEST_CASE("the same files seen from roots in another order are indexed again") {
  Workspace w;
  write(w.corpus / "sub" / "n.txt", "A note\n\nAbout the network.\n");
  auto run = [&](std::vector<std::string> roots, bool rebuild, const std::string& db) {
    r2p::IndexerOptions options;
    options.corpora = std::move(roots);
    options.db = db;
    options.rebuild = rebuild;
    options.update_share = 1.0;
    return r2p::run_indexer(options);
  };
  const std::string root = w.corpus.string(), sub = (w.corpus / "sub").string();
  run({root, sub}, false, w.db);
  CHECK(dump(w.db).documents.count("doc-sub-n") == 1);
  run({sub, root}, false, w.db);  // sub/n.txt is now first seen from `sub`: its id is doc-n
  const std::string rebuilt_db = (w.dir.path() / "rebuilt").string();
  run({sub, root}, true, rebuilt_db);
  CHECK(dump(rebuilt_db).documents.count("doc-n") == 1);
  CHECK(differences(dump(w.db), dump(rebuilt_db)) == "");
}

TEST_CASE("a damaged file entry reads as damaged, not as something else") {
  CHECK(r2p::file_entry_text("{\"path\":\"a.jsonl\"}") ==
        std::optional<std::string>("{\"path\":\"a.jsonl\"}"));  // stored uncompressed
  CHECK_FALSE(r2p::file_entry_text("z").has_value());
  CHECK_FALSE(r2p::file_entry_text(std::string("z\x05\0\0\0\0\0\0\0garbage", 16)).has_value());
}

TEST_CASE("a renamed document keeps its id, through later updates and rebuilds") {
  Workspace w;
  w.index(w.db);
  REQUIRE(dump(w.db).documents.count("doc-focal-point-recommendations") == 1);
  fs::create_directories(w.corpus / "moved");
  fs::rename(w.corpus / "focal-point-recommendations.txt", w.corpus / "moved" / "focal.txt");

  const auto update = w.index(w.db);
  REQUIRE(update.incremental);
  CHECK(update.files.added == 1);
  CHECK(update.files.removed == 1);
  CHECK(update.records.added == 0);
  CHECK(update.records.removed == 0);
  CHECK(update.documents == 52);
  const IndexDump after = dump(w.db);
  REQUIRE(after.documents.count("doc-focal-point-recommendations") == 1);
  CHECK(after.documents.count("doc-moved-focal") == 0);
  CHECK(after.documents.at("doc-focal-point-recommendations").data.find("moved/focal.txt") !=
        std::string::npos);

  // A rebuild of the same index consults the ids it kept: the same index as the update's.
  const std::string kept_copy = (w.dir.path() / "kept-copy").string();
  fs::copy(fs::read_symlink(w.db).is_absolute() ? fs::read_symlink(w.db)
                                                : w.dir.path() / fs::read_symlink(w.db),
           kept_copy);
  const auto rebuilt = w.index(w.db, /*rebuild=*/true);
  CHECK_FALSE(rebuilt.incremental);
  CHECK(differences(dump(kept_copy), dump(w.db)) == "");

  // A later change to the moved file keeps the id too.
  edit(w.corpus / "moved" / "focal.txt", "Recommendations for governments",
       "Revised recommendations for governments");
  const auto changed = w.index(w.db);
  REQUIRE(changed.incremental);
  CHECK(changed.records.changed == 1);
  CHECK(dump(w.db).documents.count("doc-focal-point-recommendations") == 1);
  CHECK(dump(w.db).documents.count("doc-moved-focal") == 0);

  // A new file where the renamed one was takes the id of its path; the moved one yields it.
  fs::copy_file(fs::path(R2P_TEST_CORPUS) / "examples" / "focal-point-recommendations.txt",
                w.corpus / "focal-point-recommendations.txt");
  edit(w.corpus / "focal-point-recommendations.txt", "Recommendations", "Other recommendations");
  const auto yielded = w.index(w.db);
  REQUIRE(yielded.incremental);
  const IndexDump both = dump(w.db);
  CHECK(both.documents.count("doc-moved-focal") == 1);
  CHECK(both.documents.at("doc-focal-point-recommendations").data.find("Other recommendations") !=
        std::string::npos);
  const std::string fresh_db = (w.dir.path() / "fresh").string();
  w.index(fresh_db, /*rebuild=*/true);
  CHECK(differences(both, dump(fresh_db)) == "");
}

TEST_CASE("a document that states its id keeps it wherever it moves") {
  Workspace w;
  write(w.corpus / "notes" / "a.md",
        "---\nid: field-notes\ntitle: Field notes\n---\n\nNotes from the Accra meeting.\n");
  w.index(w.db);
  REQUIRE(dump(w.db).documents.count("field-notes") == 1);
  fs::rename(w.corpus / "notes", w.corpus / "archive");
  edit(w.corpus / "archive" / "a.md", "Notes from", "Later notes from");  // moved and changed
  const auto update = w.index(w.db);
  REQUIRE(update.incremental);
  const IndexDump after = dump(w.db);
  CHECK(after.documents.count("field-notes") == 1);
  CHECK(after.documents.at("field-notes").data.find("archive/a.md") != std::string::npos);
  const std::string fresh_db = (w.dir.path() / "fresh").string();
  w.index(fresh_db, /*rebuild=*/true);
  CHECK(differences(after, dump(fresh_db)) == "");
}

TEST_CASE("a document that states no id and is renamed and changed at once gets its new path's") {
  Workspace w;
  w.index(w.db);
  fs::rename(w.corpus / "focal-point-recommendations.txt", w.corpus / "focal.txt");
  edit(w.corpus / "focal.txt", "Recommendations for governments", "Advice for governments");
  const auto update = w.index(w.db);
  REQUIRE(update.incremental);
  CHECK(update.records.added == 1);
  CHECK(update.records.removed == 1);
  const IndexDump after = dump(w.db);
  CHECK(after.documents.count("doc-focal") == 1);
  CHECK(after.documents.count("doc-focal-point-recommendations") == 0);
  const std::string fresh_db = (w.dir.path() / "fresh").string();
  w.index(fresh_db, /*rebuild=*/true);
  CHECK(differences(after, dump(fresh_db)) == "");
}
