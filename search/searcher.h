// Runs a SearchRequest against the index: ranked hits with snippets, the exact total, and exact
// facet counts over the whole match set.
#pragma once

#include "search/facet_labels.h"
#include "search/index.h"
#include "search/request.h"
#include "search/results.h"
#include "search/search_limits.h"

namespace r2p {

/// Runs the search; reopens the index and retries if it was replaced while being read.
/// \throws UsageError for bad field values in the query text, IndexError for index problems.
SearchResults run_search(const SearchRequest& request, Index& index);

/// The hit shown for a record (everything but score and snippet).
Hit make_hit(const Record& record);

}  // namespace r2p
