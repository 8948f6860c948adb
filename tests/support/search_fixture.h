// The fixture of the search tests: the bundled corpus, linked as r2p-index links it and indexed
// into a temporary directory, and requests run against it as r2p-search runs them.
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/schema.h"
#include "indexer/corpus_reader.h"
#include "indexer/index_writer.h"
#include "indexer/linker.h"
#include "search/index.h"
#include "search/request.h"
#include "search/searcher.h"
#include "tests/temp_dir.h"

namespace r2p::test {

/// Filter values by field, as flags give them.
using Filters = std::map<Field, std::vector<std::string>>;

/// The bundled corpus, linked as r2p-index links it, indexed once per test program. Being a
/// function-local static, it is destroyed (index closed, directory removed) at exit.
struct SearchFixture {
  TempDir dir;
  r2p::Corpus corpus = r2p::read_corpus(R2P_TEST_CORPUS);
  std::map<std::string, r2p::Record> records;  ///< linked records by id
  std::string db = (dir.path() / "db").string();
  std::unique_ptr<r2p::Index> index;

  SearchFixture() {
    for (auto& record : corpus.records) {
      r2p::link_record(record, corpus.gazetteer);
      records[record.id] = record;
    }
    r2p::write_index(corpus.records, corpus.aliases, corpus.gazetteer, db);
    index = std::make_unique<r2p::Index>(db);
  }
};

inline SearchFixture& fixture() {
  static SearchFixture instance;
  return instance;
}

inline r2p::Index& index() {
  return *fixture().index;
}
inline const std::map<std::string, r2p::Record>& records() {
  return fixture().records;
}
inline const r2p::Gazetteer& gazetteer() {
  return fixture().corpus.gazetteer;
}

inline const r2p::Record& record(const std::string& id) {
  auto it = records().find(id);
  if (it == records().end()) throw std::runtime_error("no record " + id + " in the corpus");
  return it->second;
}

inline r2p::RawOptions options(const std::string& query, const Filters& filters = {},
                               std::size_t limit = 0) {
  r2p::RawOptions raw;
  if (!query.empty()) raw.query_words = {query};
  raw.filters = filters;
  raw.limit = limit;
  return raw;
}

inline r2p::SearchResults run_request(const r2p::RawOptions& raw) {
  const r2p::SearchRequest request = r2p::make_request(raw, index());
  return r2p::run_search(request, index());
}

inline r2p::SearchResults run_request(const std::string& query, const Filters& filters = {},
                                      std::size_t limit = 0) {
  return run_request(options(query, filters, limit));
}

}  // namespace r2p::test
