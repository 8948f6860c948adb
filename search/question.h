// Plain-language questions: whether query text uses the query language, how plain words reach
// the parser, which countries, regions, meetings, organisations and years the text names, and the
// query that raises the records tied to them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "search/index.h"
#include "search/results.h"

namespace r2p {

/// Whether `text` uses the query language's operators: AND, OR, NOT, XOR, NEAR, ADJ, or a word
/// with a leading + or -. Such text means exactly what it says. Anything else is read as plain
/// words, where "quoted phrases", (parentheses), field:value and prefix* keep their meaning: a
/// pasted paragraph often holds quotes and parentheses that are no query syntax.
bool has_query_syntax(std::string_view text);

/// Plain words as the parser should read them: a hyphen or slash between two word characters
/// becomes a space, so "co-hosted" matches at least what "co hosted" matches (the parser would
/// otherwise require the two words as a phrase).
std::string plain_words(std::string_view text);

/// The names in `text` that the index knows, in the order they are typed, each once: countries
/// (any name the index stores as a synonym, and adjectives formed from a country's or region's
/// name: "Ghanaian", "African", "Latin American"), UN M.49 regions, meetings (by a title word
/// that only one meeting has, as a venue, or an ordinal before "meeting": "the third meeting"),
/// organisations (name or acronym) and years that have records.
std::vector<Understood> understand(std::string_view text, Index& index);

/// A query that matches every record and weighs those tied to `understood` (more for an entity's
/// own record); AND_MAYBE it with a text query to raise them without filtering. An empty query
/// when nothing was understood.
Xapian::Query entity_boost(const std::vector<Understood>& understood);

}  // namespace r2p
