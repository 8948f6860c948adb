// SearchResults: the plain result structs the searcher fills and every renderer reads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/record.h"
#include "core/schema.h"

namespace r2p {

struct Hit {
  std::string id;
  std::string type;
  std::string title;
  std::optional<std::string> date;  ///< ISO partial date ("2013-06-11", "2011-05")
  std::optional<int> year;
  std::vector<std::string> regions;    ///< English continent / sub-region names
  std::vector<std::string> meetings;   ///< meeting ids
  std::vector<std::string> countries;  ///< ISO alpha-2 codes
  double score = 0;
  std::string snippet;  ///< HTML-escaped text, matches wrapped in <mark>…</mark>
  std::string source;   ///< "source/000_….txt ¶16–17"
};

struct FacetValue {
  std::string value;  ///< the id used to filter: "2013", "150", "accra-2013", "meeting", "DK"
  std::string label;  ///< readable: "2013", "Europe", meeting title, "Meeting", "Denmark"
  std::size_t count = 0;
};

struct Facet {
  Field field;
  std::vector<FacetValue> values;  ///< by count descending, then label
};

struct SearchResults {
  std::string query;      ///< the query text as given
  std::size_t total = 0;  ///< exact number of matching records
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::optional<std::string> suggestion;  ///< spelling-corrected query, when there is one
  std::vector<Hit> hits;
  std::vector<Facet> facets;       ///< the facets asked for, in facet_fields() order
  std::vector<std::string> notes;  ///< e.g. "query could not be parsed; searched as plain words"
};

/// Plain text of a snippet: <mark> tags removed and HTML entities (&amp; &lt; &gt; &quot; &#39;)
/// decoded.
std::string snippet_plain_text(const std::string& snippet);

}  // namespace r2p
