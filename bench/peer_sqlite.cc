// r2p-peer-sqlite: the SQLite FTS5 peer of the benchmark: a record table, an FTS5 table (porter
// tokenizer) over title and text, side tables for the ties, and facets by GROUP BY. Its trec-*
// modes are bench/quality's FTS5 baseline: bm25(), any word.
#include <sqlite3.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "bench/peer_record.h"
#include "bench/trec_collection.h"
#include "bench/trec_metrics.h"

namespace {

using r2p::bench::MixQuery;

/// The tie tables: name, column; each holds (value, rid) and is indexed both ways.
const std::vector<std::pair<std::string, std::string>> kTies = {{"record_year", "year"},
                                                                {"record_region", "region"},
                                                                {"record_meeting", "meeting"},
                                                                {"record_country", "country"}};

class Db {
 public:
  explicit Db(const std::string& path, bool create) {
    // Queries write a temp table, so the database is opened read-write in both modes.
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + path + ": " + sqlite3_errmsg(db_));
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      throw std::runtime_error(message + " in: " + sql);
    }
  }
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

/// A prepared statement, reset after each use.
class Statement {
 public:
  Statement(Db& db, const std::string& sql) : db_(db.handle()) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string(sqlite3_errmsg(db_)) + " in: " + sql);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, const std::string& text) {
    sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind(int i, sqlite3_int64 number) {
    sqlite3_bind_int64(stmt_, i, number);
    return *this;
  }
  /// True while there is a row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db_));
    return false;
  }
  void run() {
    while (step()) {
    }
    reset();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  sqlite3_int64 integer(int column) { return sqlite3_column_int64(stmt_, column); }
  const unsigned char* text(int column) { return sqlite3_column_text(stmt_, column); }
  std::size_t bytes(int column) {
    sqlite3_column_text(stmt_, column);
    return static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

int index_corpus(const std::string& corpus, const std::string& db_path) {
  const double start = r2p::bench::now_ms();
  std::filesystem::remove(db_path);
  Db db(db_path, true);
  db.exec(
      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-131072;"
      "PRAGMA temp_store=MEMORY; BEGIN;"
      "CREATE TABLE record(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,"
      " date INTEGER, data TEXT NOT NULL);"
      "CREATE VIRTUAL TABLE record_fts USING fts5(title, body, content='',"
      " tokenize='porter unicode61 remove_diacritics 2');");
  for (const auto& [table, column] : kTies)
    db.exec("CREATE TABLE " + table + "(" + column +
            " TEXT NOT NULL, rid INTEGER NOT NULL, PRIMARY KEY(" + column +
            ", rid)) WITHOUT ROWID;");
  Statement record(db,
                   "INSERT INTO record(rowid, id, type, date, data) VALUES(?1, ?2, ?3, ?4, ?5)");
  Statement fts(db, "INSERT INTO record_fts(rowid, title, body) VALUES(?1, ?2, ?3)");
  std::vector<std::unique_ptr<Statement>> ties;
  for (const auto& [table, column] : kTies)
    ties.push_back(std::make_unique<Statement>(
        db, "INSERT OR IGNORE INTO " + table + "(" + column + ", rid) VALUES(?1, ?2)"));

  r2p::bench::PeerRecordReader reader;
  sqlite3_int64 rowid = 0;
  const std::size_t bytes = r2p::bench::for_each_line(corpus, [&](const std::string& line) {
    const r2p::bench::PeerRecord r = reader.read(nlohmann::json::parse(line));
    ++rowid;
    record.bind(1, rowid).bind(2, r.id).bind(3, r.type);
    if (r.date_key) record.bind(4, static_cast<sqlite3_int64>(r.date_key));
    record.bind(5, line).run();
    std::string body;
    for (const auto& p : r.paragraphs) body += (body.empty() ? "" : "\n") + p;
    fts.bind(1, rowid).bind(2, r.title).bind(3, body).run();
    const std::vector<const std::vector<std::string>*> values = {&r.years, &r.regions, &r.meetings,
                                                                 &r.countries};
    for (std::size_t t = 0; t < ties.size(); ++t)
      for (const auto& v : *values[t]) ties[t]->bind(1, v).bind(2, rowid).run();
  });
  // Indexes for the facet joins (rid -> value) and for browsing by type and date.
  for (const auto& [table, column] : kTies)
    db.exec("CREATE INDEX " + table + "_rid ON " + table + "(rid, " + column + ");");
  db.exec(
      "CREATE INDEX record_type_date ON record(type, date);"
      "CREATE INDEX record_date ON record(date);"
      "INSERT INTO record_fts(record_fts) VALUES('optimize');"
      "COMMIT; ANALYZE;");
  return r2p::bench::print_index_timings("sqlite-fts5", static_cast<std::size_t>(rowid), bytes,
                                         start);
}

/// A question's content words as an FTS5 expression any of which matches: "w1" OR "w2" ...
std::string any_word_match(const std::string& text) {
  std::string out;
  for (const auto& w : r2p::bench::content_words(text))
    out += (out.empty() ? "\"" : " OR \"") + w + "\"";
  return out;
}

/// Keeps the hits' data and facet rows from being optimised away.
volatile std::size_t sink_ = 0;

int query_mix(const std::string& db_path, const r2p::bench::TimingOptions& options) {
  Db db(db_path, false);
  db.exec("PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;");
  db.exec("CREATE TEMP TABLE m(rid INTEGER PRIMARY KEY)");
  r2p::bench::PeerRecordReader names;
  sqlite3_int64 doccount = 0;
  {
    Statement count(db, "SELECT count(*) FROM record");
    if (count.step()) doccount = count.integer(0);
  }

  const auto run = [&](const MixQuery& q, bool facets) -> std::size_t {
    // The filters as SQL over a row id column `col`, with their bound values. The unary + keeps
    // SQLite from handing `rowid IN (...)` to FTS5 as a rowid constraint, which evaluates the
    // MATCH once per listed row (seconds per query); as written the list is probed per match.
    std::vector<std::string> values;
    auto filters = [&](const std::string& col) {
      std::string sql;
      auto tie = [&](const std::string& table, const std::string& column, const std::string& v) {
        values.push_back(v);
        sql += " AND +" + col + " IN (SELECT rid FROM " + table + " WHERE " + column + " = ?" +
               std::to_string(values.size() + 1) + ")";
      };
      if (!q.type.empty()) {
        values.push_back(q.type);
        sql += " AND +" + col + " IN (SELECT rowid FROM record WHERE type = ?" +
               std::to_string(values.size() + 1) + ")";
      }
      if (!q.year.empty()) tie("record_year", "year", q.year);
      if (!q.region.empty()) tie("record_region", "region", names.region_code(q.region));
      if (!q.country.empty()) tie("record_country", "country", names.country_code(q.country));
      return sql;
    };
    const bool browse = q.text.empty();
    const std::string match = q.any_word() ? any_word_match(q.text) : q.text;
    // ?1 is the MATCH expression (unused when browsing), ?2... the filter values.
    const std::string match_set =
        browse ? "SELECT rowid FROM record WHERE 1" + filters("rowid")
               : "SELECT rowid FROM record_fts WHERE record_fts MATCH ?1" + filters("rowid");
    auto bind_all = [&](Statement& s) {
      if (!browse) s.bind(1, match);
      for (std::size_t i = 0; i < values.size(); ++i) s.bind(static_cast<int>(i + 2), values[i]);
    };

    std::size_t total = 0;
    std::string top;
    if (facets) {
      Statement fill(db, "INSERT INTO m(rid) " + match_set);
      bind_all(fill);
      fill.run();
      Statement count(db, "SELECT count(*) FROM m");
      if (count.step()) total = static_cast<std::size_t>(count.integer(0));
      top = browse ? "SELECT r.data FROM m JOIN record r ON r.rowid = m.rid ORDER BY r.date DESC "
                     "LIMIT 10"
                   : "SELECT r.data FROM record_fts JOIN record r ON r.rowid = record_fts.rowid "
                     "WHERE record_fts MATCH ?1 AND +record_fts.rowid IN m ORDER BY rank LIMIT 10";
    } else {
      Statement count(db, "SELECT count(*) FROM (" + match_set + ")");
      bind_all(count);
      if (count.step()) total = static_cast<std::size_t>(count.integer(0));
      values.clear();
      top = browse ? "SELECT r.data FROM record r WHERE 1" + filters("r.rowid") +
                         " ORDER BY r.date DESC LIMIT 10"
                   : "SELECT r.data FROM record_fts JOIN record r ON r.rowid = record_fts.rowid "
                     "WHERE record_fts MATCH ?1" +
                         filters("record_fts.rowid") + " ORDER BY rank LIMIT 10";
    }
    Statement hits(db, top);
    if (!browse) hits.bind(1, match);
    if (!facets)
      for (std::size_t i = 0; i < values.size(); ++i) hits.bind(static_cast<int>(i + 2), values[i]);
    while (hits.step()) sink_ = hits.bytes(0);

    if (facets) {
      std::vector<std::string> groups = {
          "SELECT r.type, count(*) AS n FROM m JOIN record r ON r.rowid = m.rid GROUP BY r.type "
          "ORDER BY n DESC"};
      for (const auto& [table, column] : kTies)
        groups.push_back("SELECT t." + column + ", count(*) AS n FROM m JOIN " + table +
                         " t ON t.rid = m.rid GROUP BY t." + column + " ORDER BY n DESC");
      for (const auto& sql : groups) {
        Statement group(db, sql);
        while (group.step()) sink_ = group.bytes(0);
      }
      db.exec("DELETE FROM m");
    }
    return total;
  };
  return r2p::bench::print_query_mix_timings(run, options, "sqlite-fts5", {{"doccount", doccount}});
}

/// A TREC-style collection (bench/trec_collection.h) in one FTS5 table with the porter tokenizer
/// (over unicode61) and the columns title, author and text; the collection's ids in a side table.
int trec_index(const std::string& docs_path, const std::string& db_path) {
  const std::vector<r2p::trec::Document> docs = r2p::trec::read_documents(docs_path);
  std::filesystem::remove(db_path);
  Db db(db_path, true);
  db.exec(
      "BEGIN;"
      "CREATE VIRTUAL TABLE doc USING fts5(title, author, text, tokenize='porter');"
      "CREATE TABLE doc_id(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL);");
  Statement fts(db, "INSERT INTO doc(rowid, title, author, text) VALUES(?1, ?2, ?3, ?4)");
  Statement ids(db, "INSERT INTO doc_id(rowid, id) VALUES(?1, ?2)");
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto rowid = static_cast<sqlite3_int64>(i + 1);
    fts.bind(1, rowid).bind(2, docs[i].title).bind(3, docs[i].author).bind(4, docs[i].text).run();
    ids.bind(1, rowid).bind(2, docs[i].id).run();
  }
  db.exec("COMMIT;");
  return 0;
}

/// The query as any of its words: each token "quoted" (so FTS5 reads no operator or column
/// filter into it) and joined with OR. Tokens are runs of ASCII letters and digits and of
/// non-ASCII bytes, unicode61's token characters as far as ASCII goes; empty for no token.
std::string any_word(const std::string& query) {
  std::string expression;
  std::string token;
  const auto flush = [&] {
    if (token.empty()) return;
    expression += (expression.empty() ? "\"" : " OR \"") + token + "\"";
    token.clear();
  };
  for (const char c : query) {
    const bool ascii_word =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (ascii_word || static_cast<unsigned char>(c) >= 0x80)
      token += c;
    else
      flush();
  }
  flush();
  return expression;
}

/// Every query as any of its words (any_word), ranked by bm25() with its defaults (k1 = 1.2,
/// b = 0.75, every column weighted 1), the row id breaking ties; the top kDepth as run lines.
int trec_run(const std::string& db_path, const std::string& queries_path) {
  Db db(db_path, false);
  std::vector<std::string> ids(1);  // by row id, from 1
  {
    Statement all(db, "SELECT id FROM doc_id ORDER BY rowid");
    while (all.step()) ids.emplace_back(reinterpret_cast<const char*>(all.text(0)));
  }
  Statement search(db,
                   "SELECT rowid FROM doc WHERE doc MATCH ?1 ORDER BY bm25(doc), rowid LIMIT ?2");
  for (const auto& q : r2p::trec::read_queries(queries_path)) {
    std::vector<std::string> docs;
    const std::string expression = any_word(q.query);
    if (!expression.empty()) {
      search.bind(1, expression).bind(2, static_cast<sqlite3_int64>(r2p::trec::kDepth));
      while (search.step()) docs.push_back(ids.at(static_cast<std::size_t>(search.integer(0))));
      search.reset();
    }
    r2p::trec::write_run(std::cout, q.id, docs, "sqlite-fts5-bm25-or");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return r2p::bench::peer_main(argc, argv, "r2p-peer-sqlite", "DB_FILE",
                               {index_corpus, query_mix, trec_index, trec_run});
}
