// What the command line prints: a hit list, a record, a dossier or the role matrix, in the format
// asked for. Each function runs the library call and hands its plain struct to a renderer; the
// program maps "found something" to its exit status.
#pragma once

#include <ostream>
#include <string>

#include "render/render.h"
#include "search/entities.h"
#include "search/index.h"
#include "search/request.h"

namespace r2p {

enum class OutputFormat { text, json, csv };

/// "text", "json" or "csv" (the program checks the spelling first).
OutputFormat output_format_named(const std::string& name);

/// The hits of `request`. CSV with limit 0 streams every hit, one library page at a time, so
/// memory stays bounded however many records match. Returns whether anything matched.
bool print_search(const SearchRequest& request, OutputFormat format, const TextStyle& style,
                  Index& index, std::ostream& out);

/// One record in full (--show ID). Returns true (a missing id throws UsageError).
/// \throws UsageError for CSV, which has no record layout.
bool print_record(const std::string& id, OutputFormat format, const TextStyle& style, Index& index,
                  std::ostream& out);

/// A country, organisation or person dossier, or a meeting page (--dossier NAME). Returns whether
/// the index holds the entity's record or any record that mentions it.
/// \throws UsageError for CSV, or for a name that fits no entity (or several).
bool print_dossier(const std::string& name, OutputFormat format, const TextStyle& style,
                   Index& index, std::ostream& out);

/// The values the filter `field_name` takes in this index, one per line, most frequent first
/// (--values, for shell completion): ids and codes, and region names. Returns whether any.
/// \throws UsageError for a name that is not a filter with facet counts.
bool print_filter_values(const std::string& field_name, Index& index, std::ostream& out);

/// The role matrix (--matrix). Returns whether it has any row and column.
bool print_matrix(const MatrixRequest& request, OutputFormat format, const TextStyle& style,
                  Index& index, std::ostream& out);

}  // namespace r2p
