// SearchRequest -> Xapian::Query: the QueryParser configured from the schema (field prefixes,
// filters resolved through the gazetteer, stemming, synonyms, spelling, wildcards), then the
// request's filter flags applied as boolean filters.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "search/index.h"
#include "search/request.h"
#include "search/results.h"

namespace r2p {

struct BuiltQuery {
  Xapian::Query query;
  bool browse = false;                    ///< no query text: every record that passes the filters
  std::optional<std::string> suggestion;  ///< spelling-corrected query text, when it finds more
  std::vector<std::string> notes;         ///< what the user should know (e.g. parse fallback)
  Interpretation interpretation;          ///< how the text was read
  /// The terms snippets mark: the query's words, stems, wildcard expansions and phrase words, and
  /// the names behind acronyms and country names that matched through synonyms.
  Xapian::Query highlight;
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
/// \throws UsageError when a field prefix names an unknown value (`country:Atlantis`).
BuiltQuery build_query(const SearchRequest& request, Index& index);

}  // namespace r2p
