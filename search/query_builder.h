// SearchRequest -> Xapian::Query: the QueryParser configured from the schema (field prefixes,
// filters resolved through the gazetteer, stemming, synonyms, spelling, wildcards), then the
// request's filter flags applied as boolean filters.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "search/index.h"
#include "search/request.h"
#include "search/results.h"

namespace r2p {

// Limits on the work one query asks of the index (SECURITY.md "Limits"); the CLI and the server
// share them. Over a hard limit build_query throws a UsageError naming it (exit 2).
/// Wildcards (`prefix*`) in one query.
constexpr std::size_t kMaxWildcards = 50;
/// Words one wildcard stands for, at most: its most frequent ones in the index (with a note).
constexpr unsigned kMaxWildcardTerms = 200;
/// Words all the query's wildcards stand for together: with more than five wildcards each gets an
/// equal share (50 wildcards: 20 words each).
constexpr unsigned kMaxExpandedTerms = 1000;
/// Index terms the query holds once wildcards and synonyms are expanded.
constexpr std::size_t kMaxQueryTerms = 4096;
/// Terms inside phrases and NEAR/ADJ groups, whose positions are compared in every candidate.
constexpr std::size_t kMaxPositionalTerms = 64;

/// What a query costs the matcher: counted over the Xapian::Query tree.
struct QueryCost {
  std::size_t wildcards = 0;   ///< OP_WILDCARD nodes
  std::size_t terms = 0;       ///< leaf terms, each wildcard counted as the words it may stand for
  std::size_t positional = 0;  ///< terms under OP_PHRASE / OP_NEAR
};

/// The cost of `query`, each wildcard counted as `wildcard_terms` words.
QueryCost query_cost(const Xapian::Query& query, unsigned wildcard_terms);

/// Whether `query` weighs its matches: it has a term that is not only a filter, a negation, an
/// optional boost or scaled. (Browsing, and filters or negations alone, weigh every match 0.)
bool query_weighs(const Xapian::Query& query);

/// Words each of a query's wildcards may stand for, given how many `*` its text holds (an upper
/// bound on its wildcards): kMaxWildcardTerms, or an equal share of kMaxExpandedTerms, at least 1.
unsigned wildcard_share(const std::string& query_text);

struct BuiltQuery {
  Xapian::Query query;
  bool browse = false;                    ///< no query text: every record that passes the filters
  std::optional<std::string> suggestion;  ///< spelling-corrected query text, when it finds more
  std::vector<std::string> notes;         ///< what the user should know (e.g. parse fallback)
  Interpretation interpretation;          ///< how the text was read
  /// The terms snippets mark: the query's words, stems, wildcard expansions and phrase words, and
  /// the names behind acronyms and country names that matched through synonyms.
  Xapian::Query highlight;
  QueryCost cost;  ///< of the query searched (the text part, before filters)
};

/// The query with each word the index does not know replaced by its spelling suggestion, or
/// nullopt when nothing needs correcting. Stopwords and the words in `keep` (names the query was
/// understood to mention) are never corrected.
std::optional<std::string> spelling_suggestion(const std::string& query, Xapian::Database& db,
                                               const std::vector<std::string>& keep = {});

/// The QueryParser flags used for query text.
unsigned query_parser_flags();

/// Builds the query. Text the parser rejects (unbalanced quotes, lone operators) is searched as
/// plain words, with a note; it never throws for any query text.
/// \throws UsageError when a field prefix names an unknown value (`country:Atlantis`), or the
/// query is over a limit above (wildcards, terms, positional terms).
BuiltQuery build_query(const SearchRequest& request, Index& index);

}  // namespace r2p
