// Runs a SearchRequest against the index: ranked hits with snippets, the exact total, and exact
// facet counts over the whole match set.
#pragma once

#include "search/facet_labels.h"
#include "search/index.h"
#include "search/request.h"
#include "search/results.h"

namespace r2p {

// Limits on one search (SECURITY.md "Limits"), the same for every front end.
/// Hits one search returns at most, whatever its limit (0 = "all" included): a front end that
/// wants more asks for the next page (offset). With snippets, about 2 KiB each.
constexpr std::size_t kMaxHitsPerSearch = 10000;
/// Seconds the exhaustive count of matches (total and facets) may run: after it Xapian stops
/// counting and the total and facet counts are estimates (SearchResults::exact is false).
constexpr double kCountSeconds = 2.0;

/// Runs the search; reopens the index and retries if it was replaced while being read.
/// \throws UsageError for bad field values in the query text, IndexError for index problems.
SearchResults run_search(const SearchRequest& request, Index& index);

/// The hit shown for a record (everything but score and snippet).
Hit make_hit(const Record& record);

}  // namespace r2p
