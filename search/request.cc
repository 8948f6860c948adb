// Validation of search options and resolution of filter values.
#include "search/request.h"

#include <algorithm>
#include <climits>

#include "core/closest.h"
#include "core/error.h"
#include "core/record.h"
#include "core/text.h"
#include "search/names.h"

namespace r2p {
namespace {

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + ("'" + v + "'");
  return out;
}

/// Up to `n` of `known` closest to `value`, compared folded.
std::vector<std::string> closest_known(const std::string& value,
                                       const std::vector<std::string>& known, std::size_t n = 3) {
  std::vector<Suggestion> candidates;
  for (const auto& k : known) candidates.push_back({k, {fold(k)}});
  return closest(fold(value), candidates, {n});
}

[[noreturn]] void unknown_value(const char* flag, const std::string& value,
                                const std::string& forms,
                                const std::vector<std::string>& suggestions) {
  std::string message = "unknown " + std::string(flag) + " '" + value + "'; " + forms;
  if (!suggestions.empty()) message += "; closest known: " + quoted_list(suggestions);
  throw UsageError(message);
}

bool parse_year_number(const std::string& text, int& year) {
  if (text.empty() || text.size() > 4 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  year = std::stoi(text);
  return true;
}

std::vector<std::string> resolve_year(const std::string& value, Index& index) {
  const char* forms =
      "write a year (2013), a range (2011..2013, 2011.., ..2012) or none (records with no year)";
  if (fold(value) == kNoYearValue) return {filter_term(Field::year, kNoYearValue)};
  int from = INT_MIN, to = INT_MAX;
  const auto dots = value.find("..");
  if (dots == std::string::npos) {
    if (!parse_year_number(value, from)) unknown_value("year", value, forms, {});
    to = from;
  } else {
    const std::string left = value.substr(0, dots), right = value.substr(dots + 2);
    if ((left.empty() && right.empty()) || (!left.empty() && !parse_year_number(left, from)) ||
        (!right.empty() && !parse_year_number(right, to)))
      unknown_value("year", value, forms, {});
    if (from > to)
      throw UsageError("year range '" + value + "' ends before it starts; write it as " +
                       std::to_string(to) + ".." + std::to_string(from));
  }
  std::vector<std::string> terms;
  for (int year : index.years())
    if (year >= from && year <= to) terms.push_back(filter_term(Field::year, std::to_string(year)));
  return terms;
}

}  // namespace

namespace {

std::vector<std::string> resolve_type(const std::string& value) {
  auto type = parse_record_type(fold(value));
  if (!type) {
    std::vector<std::string> names;
    std::string forms;
    for (RecordType t : record_types()) {
      names.push_back(to_string(t));
      forms += (forms.empty() ? "use " : t == record_types().back() ? " or " : ", ") + names.back();
    }
    unknown_value("type", value, forms, closest_known(value, names, 1));
  }
  return {filter_term(Field::type, to_string(*type))};
}

std::vector<std::string> resolve_region(const std::string& value, Index& index) {
  const Gazetteer& g = index.gazetteer();
  auto code = g.resolve_region(value);
  if (!code)
    unknown_value("region", value,
                  "use a UN M.49 continent, sub-region or grouping, by English name (Africa, "
                  "Western Europe, Latin America) or code (002)",
                  g.closest_regions(value));
  // A grouping (Latin America) is the sub-regions it spans; records carry those.
  const RegionInfo* region = g.region(*code);
  if (!region || region->parts.empty()) return {filter_term(Field::region, *code)};
  std::vector<std::string> terms;
  for (const auto& part : region->parts) terms.push_back(filter_term(Field::region, part));
  return terms;
}

std::vector<std::string> resolve_meeting(const std::string& value, Index& index, Naming naming) {
  const std::optional<std::string> named =
      meeting_named(value, option_name(naming, "meeting"), index);
  if (!named) {
    const std::vector<std::string> ids = index.meeting_ids();
    const std::string forms =
        (ids.size() <= 10 ? "use a meeting id (" + quoted_list(ids) + ")"
                          : "use a meeting id (list them with: r2p-search --type meeting)") +
        " or words of its title, venue or year (Accra, \"third meeting\", 2011)";
    unknown_value("meeting", value, forms, closest_known(value, ids));
  }
  return {filter_term(Field::meeting, *named)};
}

std::vector<std::string> resolve_country(const std::string& value, Index& index, Naming naming) {
  auto code = country_named(value, option_name(naming, "country"), index);
  if (!code)
    unknown_value("country", value,
                  "use an ISO 3166 code (DK, DNK) or a country name in English, French, "
                  "Spanish, Russian, Arabic or Chinese",
                  index.gazetteer().closest_countries(value));
  return {filter_term(Field::country, *code)};
}

std::vector<std::string> resolve_organisation(const std::string& value, Index& index) {
  const AliasTable& aliases = index.aliases();
  const std::vector<std::string> ids = organisations_named(value, aliases);
  if (ids.size() > 1)
    throw UsageError("organisation '" + value + "' fits several organisations (" +
                     quoted_list(ids) + "); give one of their ids");
  if (ids.empty())
    unknown_value("organisation", value,
                  "use an organisation's name or acronym (OSCE, Stanley Foundation, KAIPTC)",
                  closest_organisations(value, aliases));
  return {filter_term(Field::organisation, ids.front())};
}

std::vector<std::string> resolve_status(const std::string& value) {
  const std::string status = fold(value);
  if (status != "appointed" && status != "intention")
    unknown_value("status", value, "use appointed or intention",
                  closest_known(value, {"appointed", "intention"}, 1));
  return {filter_term(Field::status, status)};
}

}  // namespace

std::string option_name(Naming naming, std::string_view name) {
  return (naming == Naming::flags ? "--" : "") + std::string(name);
}

std::vector<std::string> resolve_filter(Field field, const std::string& value, Index& index,
                                        Naming naming) {
  // Suggestions compare the value with every known name, so a huge one would take very long.
  if (value.size() > kMaxFilterValueBytes)
    throw UsageError("a " + std::string(field_spec(field).name) + " value is " +
                     std::to_string(value.size()) + " bytes long; the limit is " +
                     std::to_string(kMaxFilterValueBytes) + " bytes");
  switch (field) {
    case Field::type:
      return resolve_type(value);
    case Field::year:
      return resolve_year(value, index);
    case Field::region:
      return resolve_region(value, index);
    case Field::meeting:
      return resolve_meeting(value, index, naming);
    case Field::country:
      return resolve_country(value, index, naming);
    case Field::organisation:
      return resolve_organisation(value, index);
    case Field::status:
      return resolve_status(value);
    default:
      throw UsageError(std::string("'") + field_spec(field).name + "' cannot be used as a filter");
  }
}

namespace {

/// The query words joined, checked for size and encoding.
std::string query_text(const RawOptions& options) {
  std::string query;
  for (const auto& word : options.query_words) query += (query.empty() ? "" : " ") + word;
  if (query.size() > kMaxQueryBytes)
    throw UsageError(
        "the query is " + std::to_string(query.size()) + " bytes long; the limit is " +
        std::to_string(kMaxQueryBytes) + " bytes: shorten it, or narrow the search with filters (" +
        option_name(options.naming, "country") + ", " + option_name(options.naming, "year") + ", " +
        option_name(options.naming, "type") + ", ...)");
  if (!is_valid_utf8(query))
    throw UsageError("the query is not valid UTF-8; check the terminal's encoding");
  return query;
}

/// Every filter value resolved to its terms (repeats dropped), by field.
std::map<Field, std::vector<std::string>> filter_terms(const RawOptions& options, Index& index) {
  std::map<Field, std::vector<std::string>> filters;
  for (const auto& [field, values] : options.filters) {
    if (values.empty()) continue;
    auto& terms = filters[field];
    for (const auto& value : values) {
      if (!is_valid_utf8(value))
        throw UsageError("the " + option_name(options.naming, field_spec(field).name) +
                         " value is not valid UTF-8");
      if (value.size() > kMaxFilterValueBytes)
        throw UsageError("the " + option_name(options.naming, field_spec(field).name) +
                         " value is " + std::to_string(value.size()) +
                         " bytes long; the limit is " + std::to_string(kMaxFilterValueBytes) +
                         " bytes");
      for (auto& term : resolve_filter(field, value, index, options.naming))
        if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    }
  }
  return filters;
}

/// --sort; without one, relevance for a query and newest first for browsing.
SortOrder sort_order(const std::string& sort, const std::string& query, Naming naming) {
  if (sort.empty()) {
    const bool browse = query.find_first_not_of(" \t") == std::string::npos;
    return browse ? SortOrder::date_descending : SortOrder::relevance;
  }
  if (sort == "relevance") return SortOrder::relevance;
  if (sort == "date") return SortOrder::date_ascending;
  if (sort == "-date") return SortOrder::date_descending;
  throw UsageError("unknown " + option_name(naming, "sort") + " '" + sort +
                   "'; use relevance, date (oldest first) or -date (newest first)");
}

/// --limit and --offset within what one search may list and an index may hold.
void check_page(const RawOptions& options) {
  const bool flags = options.naming == Naming::flags;
  if (options.limit > kMaxLimit)
    throw UsageError((flags ? "--limit " : "limit=") + std::to_string(options.limit) +
                     " is more than " + std::to_string(kMaxLimit) +
                     (flags ? " hits per page; page with --offset, or use --limit 0 for every hit "
                              "(e.g. with --format csv)"
                            : " hits per page; page with offset, or export every hit from "
                              "/export.csv with limit=0"));
  if (options.offset > kMaxOffset)
    throw UsageError((flags ? "--offset " : "offset=") + std::to_string(options.offset) +
                     " is more than " + std::to_string(kMaxOffset) +
                     ", the most records an index can hold");
}

/// --facets "year, country": the named facets, in the display order of facet_fields().
std::vector<Field> chosen_facets(const std::string& list_text) {
  if (list_text.empty()) return facet_fields();
  std::vector<std::string> names;
  for (Field f : facet_fields()) names.push_back(field_spec(f).name);
  std::vector<bool> chosen(names.size(), false);
  const std::string list = list_text + ",";
  for (std::size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos;
       start = comma + 1) {
    // "year, country": spaces around names are not part of them.
    const std::string part = list.substr(start, comma - start);
    const std::size_t first = part.find_first_not_of(" \t");
    const std::string name =
        first == std::string::npos
            ? std::string()
            : fold(part.substr(first, part.find_last_not_of(" \t") - first + 1));
    if (name.empty()) continue;
    auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end())
      unknown_value("facet", name, "use a comma-separated list of " + quoted_list(names),
                    closest_known(name, names, 1));
    chosen[static_cast<std::size_t>(it - names.begin())] = true;
  }
  std::vector<Field> ordered;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (chosen[i]) ordered.push_back(facet_fields()[i]);
  return ordered;
}

}  // namespace

SearchRequest make_request(const RawOptions& options, Index& index) {
  SearchRequest request;
  request.query = query_text(options);
  request.filters = filter_terms(options, index);
  request.sort = sort_order(options.sort, request.query, options.naming);
  check_page(options);
  request.limit = options.limit;
  request.facet_limit = options.facet_limit;
  request.offset = options.offset;
  if (!options.no_facets) request.facets = chosen_facets(options.facets);
  return request;
}

MatrixRequest make_matrix_request(const std::string& spec,
                                  const std::map<Field, std::vector<std::string>>& filters,
                                  Index& index) {
  MatrixRequest request;
  const std::string folded = fold(spec);
  if (folded == "country,meeting") {
    request.columns = MatrixColumns::meeting;
  } else if (folded == "country,year") {
    request.columns = MatrixColumns::year;
  } else {
    throw UsageError("unknown --matrix '" + spec + "'; use country,meeting or country,year");
  }
  for (const auto& [field, values] : filters) {
    if (values.empty()) continue;
    if (field != Field::region && field != Field::status && field != Field::year)
      throw UsageError(std::string("--") + field_spec(field).name +
                       " does not apply to --matrix; use --region, --status or --year");
    for (const auto& value : values) {
      for (const auto& term : resolve_filter(field, value, index)) {
        const std::string bare = filter_value(field, term);
        if (field == Field::region) {
          request.regions.push_back(bare);
        } else if (field == Field::status) {
          request.statuses.push_back(bare);
        } else if (bare != kNoYearValue) {  // records with no year have no year column
          if (!request.years) request.years.emplace();
          request.years->push_back(std::stoi(bare));
        }
      }
    }
    // A year range no record falls in leaves no columns rather than all of them.
    if (field == Field::year && !request.years) request.years.emplace();
  }
  return request;
}

}  // namespace r2p
