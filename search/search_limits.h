// Limits on one search (SECURITY.md "Limits"), the same for every front end.
#pragma once

#include <cstddef>

namespace r2p {

/// Hits one search returns at most, whatever its limit (0 = "all" included): a front end that
/// wants more asks for the next page (offset). With snippets, about 2 KiB each.
constexpr std::size_t kMaxHitsPerSearch = 10000;
/// Seconds the exhaustive count of matches (total and facets) may run: after it Xapian stops
/// counting and the total and facet counts are estimates (SearchResults::exact is false).
constexpr double kCountSeconds = 2.0;

}  // namespace r2p
