// Options as typed -> a validated SearchRequest. Filter values are resolved here (countries and
// regions through the gazetteer, meeting ids and years against the index), so a bad value fails
// early with a message naming it, the accepted forms and the closest known values.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema.h"
#include "search/entities.h"
#include "search/index.h"

namespace r2p {

// Limits on search input (SECURITY.md); make_request rejects more with a UsageError (exit 2).
/// Bytes of query text (the words joined by spaces).
constexpr std::size_t kMaxQueryBytes = 16384;
/// Bytes of one filter value, from a flag or a `field:value` in the query.
constexpr std::size_t kMaxFilterValueBytes = 200;
/// Hits per page (--limit); 0 still means every hit.
constexpr std::size_t kMaxLimit = 10000;
/// Hits to skip (--offset): Xapian counts documents in 32 bits.
constexpr std::size_t kMaxOffset = 4294967295u;

/// Command-line options before validation.
/// How messages name an option: as the command line's flag ("--limit") or as the API's
/// parameter ("limit"), so each front end's user reads the names they typed.
enum class Naming { flags, parameters };

/// "--NAME" or "NAME", as `naming` names options.
std::string option_name(Naming naming, std::string_view name);

struct RawOptions {
  std::vector<std::string> query_words;
  std::map<Field, std::vector<std::string>>
      filters;       ///< type, year, region, meeting, country, organisation, status
  std::string sort;  ///< "", relevance, date, -date
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::string facets;  ///< comma-separated facet names; "" = all
  bool no_facets = false;
  std::size_t facet_limit = 100;  ///< values listed per facet, most frequent first; 0 = all
  Naming naming = Naming::flags;  ///< how error messages name the options
};

enum class SortOrder { relevance, date_ascending, date_descending };

struct SearchRequest {
  std::string query;  ///< the query text (words joined by spaces)
  /// Filter terms per field; terms of one field are OR'd, fields are AND'd. A field present with
  /// no terms (a year range no record falls in) matches nothing.
  std::map<Field, std::vector<std::string>> filters;
  SortOrder sort = SortOrder::relevance;
  std::size_t limit = 10;  ///< 0 = every hit
  std::size_t offset = 0;
  std::vector<Field> facets;
  std::size_t facet_limit = 100;  ///< values listed per facet (counts stay exact); 0 = all
};

/// Resolves one filter value to the filter terms it stands for: one term, or for a year range
/// the terms of every indexed year in it.
/// \throws UsageError naming the value, the accepted forms and the closest known values.
std::vector<std::string> resolve_filter(Field field, const std::string& value, Index& index,
                                        Naming naming = Naming::flags);

/// Validates `options` against `index`.
/// \throws UsageError for a bad value (exit 2).
SearchRequest make_request(const RawOptions& options, Index& index);

/// The role matrix `spec` asks for ("country,meeting" or "country,year"), narrowed by the region,
/// status and year filters of `filters` (values as flags give them), for any front end.
/// \throws UsageError for another spec, another filter or a bad value.
MatrixRequest make_matrix_request(const std::string& spec,
                                  const std::map<Field, std::vector<std::string>>& filters,
                                  Index& index);

}  // namespace r2p
