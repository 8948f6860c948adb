// SearchResults: the plain result structs the searcher fills and every renderer reads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/record.h"
#include "core/schema.h"
#include "search/snippet_spans.h"

namespace r2p {

struct Hit {
  std::string id;
  std::string type;
  std::string title;
  std::optional<std::string> date;  ///< ISO partial date ("2013-06-11", "2011-05")
  std::optional<int> year;
  std::vector<std::string> regions;        ///< English continent / sub-region names
  std::vector<std::string> meetings;       ///< meeting ids
  std::vector<std::string> countries;      ///< ISO alpha-2 codes
  std::vector<std::string> organisations;  ///< organisation ids (their records' ids)
  double score = 0;
  std::string snippet;  ///< HTML-escaped text, matches wrapped in <mark>…</mark> (snippet_spans)
  std::string source;   ///< "source/000_….txt ¶16–17"
};

struct FacetValue {
  std::string value;  ///< the id used to filter: "2013", "150", "accra-2013", "meeting", "DK"
  std::string label;  ///< readable: "2013", "Europe", meeting title, "Meeting", "Denmark"
  std::size_t count = 0;
  std::string short_label;  ///< a meeting's short label ("Accra 2013 — third meeting"); else ""
};

struct Facet {
  Field field;
  std::vector<FacetValue> values;  ///< by count descending, then label
};

/// A name the query text mentions that the index knows, and the filter that would pin it.
struct Understood {
  Field field;         ///< country, region, meeting, organisation or year
  std::string id;      ///< "GH", "002", "accra-2013", "icc", "2012"
  std::string label;   ///< "Ghana", "Africa", the meeting's title, …
  std::string words;   ///< the words of the query that named it, as typed ("Ghanaian")
  std::string filter;  ///< "--country GH"; "" when no filter flag takes it (organisations)
};

/// How query text became a query.
struct Interpretation {
  /// "all": plain words, every record shown has all of them (stopwords aside); "some": no record
  /// had all, so records with some of them are shown, best first; "exact": the query language
  /// (quotes, operators, +/-), as written.
  std::string matching = "all";
  std::vector<std::string> ignored;    ///< stopwords left out, as typed
  std::vector<Understood> understood;  ///< raise the records tied to them
};

/// The key facts of the one meeting or country a question names, when its record ranks first.
struct AnswerCard {
  struct Fact {
    std::string label;  ///< "Dates", "Venue", "Hosts", "Status", "2013-06-11" …
    std::string value;
  };
  std::string kind;    ///< "meeting" or "country"
  std::string id;      ///< meeting id or ISO alpha-2 code
  std::string record;  ///< the record ranked first
  std::string title;
  std::vector<Fact> facts;
  std::string command;  ///< the command that prints the full page ("r2p-search --dossier GH")
  std::string link;     ///< the web page's path for it ("/dossier/GH")
};

struct SearchResults {
  std::string query;      ///< the query text as given
  std::size_t total = 0;  ///< number of matching records (an estimate when `exact` is false)
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::optional<std::string> suggestion;  ///< spelling-corrected query, when there is one
  std::vector<Hit> hits;
  std::vector<Facet> facets;       ///< the facets asked for, in facet_fields() order
  std::vector<std::string> notes;  ///< e.g. "query could not be parsed; searched as plain words"
  /// Whether `total` and the facet counts are exact: false when counting ran out of time
  /// (kCountSeconds), and they are Xapian's estimates.
  bool exact = true;
  Interpretation interpretation;
  std::optional<AnswerCard> answer;
};

}  // namespace r2p
