// Renderers: one function per output format, all over the same SearchResults.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "search/results.h"

namespace r2p {

struct TextStyle {
  bool color = false;  ///< ANSI bold for matches and headings (only on a terminal, NO_COLOR unset)
};

/// Numbered hits with title, year, type, snippet, source; then facet counts with bar glyphs.
void render_text(const SearchResults& results, const TextStyle& style, std::ostream& out);
/// The stable JSON contract documented in the README.
void render_json(const SearchResults& results, std::ostream& out);
/// The `facets` object of the JSON contract: facet name -> [{"value", "label", "count"}], region
/// values also with their "level" ("continent" or "sub-region").
nlohmann::ordered_json facets_json(const std::vector<Facet>& facets);
/// One row per hit with a header row, RFC 4180 quoting (CRLF line ends).
void render_csv(const SearchResults& results, std::ostream& out);
/// The header row of render_csv, alone: an export writes it once, then each page's rows.
void write_csv_header(std::ostream& out);
/// The rows of render_csv without the header.
void render_csv_rows(const SearchResults& results, std::ostream& out);

/// One CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180).
std::string csv_field(const std::string& value);
/// One CSV record: the fields through csv_field, separated by commas, ended by CRLF.
void write_csv_record(const std::vector<std::string>& fields, std::ostream& out);

}  // namespace r2p
