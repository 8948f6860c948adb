// The fixture of the search tests: requests run as r2p-search runs them, against the bundled
// corpus's index (tests/support/indexed_corpus.h), and the linked records to check them by.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/schema.h"
#include "search/index.h"
#include "search/request.h"
#include "search/searcher.h"
#include "tests/support/indexed_corpus.h"

namespace r2p::test {

/// Filter values by field, as flags give them.
using Filters = std::map<Field, std::vector<std::string>>;

inline r2p::Index& index() {
  return bundled_index();
}
inline const std::map<std::string, r2p::Record>& records() {
  return linked_records();
}
inline const r2p::Record& record(const std::string& id) {
  return linked_record(id);
}
inline const r2p::Gazetteer& gazetteer() {
  return linked_corpus().gazetteer;
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
