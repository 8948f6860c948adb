// Snippets: the passage of a record's text shown under a hit, its matching words marked, as
// HTML-escaped text with <mark>…</mark> (snippet_spans.h reads it back as spans).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace r2p {

/// How snippets weigh the query's terms: each the same, 1 per term (binary wdf, no idf, no
/// length normalisation). Not the hits' BM25 weights: Xapian 1.4 adds up each shard's bound on a
/// term's weight, and BM25's bounds depend on the shard's own document lengths and term counts,
/// so snippets chosen with them differ between a single index and the same records in shards
/// (local or remote). Weighing by idf alone ("btn") is not enough either: the sum of N equal
/// shares is exact only for N a power of two, and windows that tie in one index then do not tie
/// in the other. Whole numbers add up exactly for any number of shards.
Xapian::TfIdfWeight snippet_weighting();

/// The weights snippets give the terms they mark (BuiltQuery::highlight): from a pass over `db`
/// that only opens those terms.
Xapian::MSet snippet_weights(Xapian::Database& db, const Xapian::Query& highlight);

/// The snippet of a record's text (its paragraphs): the best passage of about 300 bytes for
/// `weights`, its matches marked; the start of the text when no word matches.
std::string make_snippet(const Xapian::MSet& weights, const std::vector<std::string>& paragraphs,
                         const Xapian::Stem& stemmer);

}  // namespace r2p
