// The web server's answers, with no socket: a request's checks (method, sizes, Host, Origin),
// its route, and the JSON, CSV and page answers, built from the same request, search and render
// functions as the CLI. Tests call answer_http() and answer_request() directly.
#include <algorithm>
#include <cctype>
#include <functional>
#include <string>
#include <string_view>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/schema.h"
#include "core/text.h"
#include "render/render.h"
#include "render/render_entities.h"
#include "render/render_entity_dossier.h"
#include "search/entities.h"
#include "search/entity_dossier.h"
#include "search/searcher.h"
#include "server/server.h"

namespace r2p {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr const char* kSearchParameters =
    "q, type, year, region, meeting, country, organisation, status, sort, limit, offset, facets or "
    "facet-limit";

/// An error answer: `{"error": message}` and any `extra` keys.
HttpAnswer error_answer(int status, const std::string& message, Json extra = Json::object()) {
  Json j = Json::object();
  j["error"] = message;
  for (auto& [key, value] : extra.items()) j[key] = std::move(value);
  return {status, kJsonType, j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", {}, {}};
}

/// An answer to a value that cannot be used: `{"error": message}`, and for a name that fits
/// several countries or meetings also `"ambiguous": {"kind", "name", "candidates": [{"id",
/// "label", "has_records"}]}`, which the page offers as links.
HttpAnswer usage_error_answer(int status, const UsageError& e) {
  const auto* ambiguous = dynamic_cast<const AmbiguousNameError*>(&e);
  if (!ambiguous) return error_answer(status, e.what());
  Json candidates = Json::array();
  for (const auto& c : ambiguous->candidates()) {
    Json candidate = Json::object();
    candidate["id"] = c.id;
    candidate["label"] = c.label;
    candidate["has_records"] = c.has_records;
    candidates.push_back(std::move(candidate));
  }
  Json extra = Json::object();
  extra["ambiguous"] = {{"kind", ambiguous->kind()},
                        {"name", ambiguous->name()},
                        {"candidates", std::move(candidates)}};
  return error_answer(status, e.what(), std::move(extra));
}

/// A limit, offset or facet-limit value: a whole number, 0 or more.
std::size_t parse_count(const std::string& name, const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError(name + "=" + text + " is not a count; use a whole number, 0 or more");
  // Xapian counts documents in 32 bits; a larger page would wrap around.
  if (text.size() > 9) throw UsageError(name + "=" + text + " is too large; use at most 999999999");
  return static_cast<std::size_t>(std::stoul(text));
}

/// The text the CLI prints for an entity page with --format json.
std::string entity_json_text(const Json& json) {
  return json.dump(2) + "\n";
}

/// Runs `work`, reopening the index once if a rebuild replaced it while being read.
template <typename Work>
auto with_retry(Index& index, Work work) -> decltype(work()) {
  try {
    return work();
  } catch (const Xapian::DatabaseModifiedError&) {
    index.reopen();
    return work();
  }
}

HttpAnswer page_answer(int status = 200) {
  for (const auto& asset : web_assets())
    if (asset.path == "/index.html")
      return {status, std::string(asset.content_type), std::string(asset.body), {}, {}};
  return error_answer(500, "the page was not embedded in this build");
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

HttpAnswer csv_export(RawOptions options, Index& index, std::size_t page_size) {
  page_size = std::max<std::size_t>(page_size, 1);
  options.no_facets = true;  // a CSV has no facets
  auto page = [&index, options](std::size_t offset, std::size_t limit) {
    RawOptions o = options;
    o.offset = offset;
    o.limit = limit;
    return with_retry(index, [&] { return run_search(make_request(o, index), index); });
  };
  // The stream's state: where the next page starts and how many rows are still wanted
  // (0 = all, as --limit 0 means).
  struct Cursor {
    std::size_t offset;
    std::size_t wanted;
    bool done = false;
  };
  auto cursor = std::make_shared<Cursor>(Cursor{options.offset, options.limit, false});
  auto next = [page, cursor, page_size, all = options.limit == 0](std::string& out, bool first) {
    if (cursor->done) return false;
    const std::size_t limit = all ? page_size : std::min(cursor->wanted, page_size);
    const SearchResults results = page(cursor->offset, limit);
    std::ostringstream rows;
    if (first) write_csv_header(rows);
    render_csv_rows(results, rows);
    out += rows.str();
    cursor->offset += results.hits.size();
    if (cursor->wanted != 0) cursor->wanted -= std::min(cursor->wanted, results.hits.size());
    cursor->done = results.hits.size() < limit || (!all && cursor->wanted == 0);
    return true;
  };
  HttpAnswer answer{200,
                    "text/csv; charset=utf-8",
                    {},
                    {{"Content-Disposition", "attachment; filename=\"r2p-search.csv\""}},
                    {}};
  next(answer.body, true);
  if (!cursor->done) answer.more = [next](std::string& out) { return next(out, false); };
  return answer;
}

namespace {

HttpAnswer search_answer(const QueryParams& params, Index& index) {
  const RawOptions options = search_options_from_params(params);
  if (options.limit == 0 || options.limit > kMaxPageSize)
    throw UsageError("limit=" + std::to_string(options.limit) + ": /api/search gives at most " +
                     std::to_string(kMaxPageSize) +
                     " hits at a time; ask for the next ones with offset (offset=" +
                     std::to_string(options.offset + kMaxPageSize) +
                     "), or for all of them as CSV from /export.csv");
  const SearchResults results =
      with_retry(index, [&] { return run_search(make_request(options, index), index); });
  std::ostringstream out;
  render_json(results, out);
  return {200, kJsonType, out.str(), {}, {}};
}

HttpAnswer facets_answer(const QueryParams& params, Index& index) {
  const RawOptions options = search_options_from_params(params);
  const std::vector<Facet> facets =
      with_retry(index, [&] { return disjunctive_facets(options, index); });
  Json j = Json::object();
  j["facets"] = facets_json(facets);
  return {200, kJsonType, j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", {}, {}};
}

/// A parameter value within kMaxValueChars characters.
void check_value_length(const std::string& name, const std::string& value) {
  if (code_point_count(value) > kMaxValueChars)
    throw UsageError("the " + name + " value is too long (" +
                     std::to_string(code_point_count(value)) + " characters); use at most " +
                     std::to_string(kMaxValueChars));
}

/// /api/matrix and /export/matrix.csv: `columns` (meeting or year) and the region, status and
/// year filters, as `--matrix country,COLUMNS` takes them.
Matrix matrix_from_params(const QueryParams& params, Index& index) {
  std::string columns = "meeting";
  std::map<Field, std::vector<std::string>> filters;
  for (const auto& [name, value] : params) {
    check_value_length(name, value);
    const FieldSpec* spec = field_spec_by_name(name);
    if (name == "columns")
      columns = value;
    else if (spec && (spec->field == Field::region || spec->field == Field::status ||
                      spec->field == Field::year))
      filters[spec->field].push_back(value);
    else
      throw UsageError("unknown parameter '" + name +
                       "'; the matrix takes columns (meeting or year), region, status and year");
  }
  if (columns != "meeting" && columns != "year")
    throw UsageError("columns=" + columns + ": use columns=meeting or columns=year");
  return with_retry(index, [&] {
    return role_matrix(make_matrix_request("country," + columns, filters, index), index);
  });
}

HttpAnswer matrix_answer(const QueryParams& params, Index& index) {
  return {200, kJsonType, entity_json_text(matrix_json(matrix_from_params(params, index))), {}, {}};
}

HttpAnswer matrix_csv_answer(const QueryParams& params, Index& index) {
  std::ostringstream out;
  render_matrix_csv(matrix_from_params(params, index), out);
  return {200,
          "text/csv; charset=utf-8",
          out.str(),
          {{"Content-Disposition", "attachment; filename=\"r2p-matrix.csv\""}},
          {}};
}

/// --show ID: 404 when there is no such record (the message names the closest ids).
HttpAnswer record_answer(const std::string& id, Index& index) {
  try {
    return {
        200,
        kJsonType,
        entity_json_text(with_retry(index, [&] { return record_json(record_page(id, index)); })),
        {},
        {}};
  } catch (const UsageError& e) {
    return usage_error_answer(404, e);
  }
}

/// --dossier NAME: a country, organisation or person dossier or a meeting page; 404 when NAME
/// names none of them.
HttpAnswer dossier_answer(const std::string& name, Index& index) {
  if (!is_valid_utf8(name)) return error_answer(400, "the dossier name is not valid UTF-8");
  DossierTarget target;
  try {
    target = with_retry(index, [&] { return resolve_dossier_target(name, index); });
  } catch (const UsageError& e) {
    return usage_error_answer(404, e);
  }
  const Json json = with_retry(index, [&] {
    switch (target.kind) {
      case DossierTarget::Kind::meeting:
        return meeting_json(meeting_page(target.id, index));
      case DossierTarget::Kind::organisation:
        return entity_dossier_json(organisation_dossier(target.id, index));
      case DossierTarget::Kind::person:
        return entity_dossier_json(person_dossier(target.id, index));
      case DossierTarget::Kind::country:
        break;
    }
    return dossier_json(country_dossier(target.id, index));
  });
  return {200, kJsonType, entity_json_text(json), {}, {}};
}
}  // namespace

RawOptions search_options_from_params(const QueryParams& params) {
  if (params.size() > kMaxParameters)
    throw UsageError("too many parameters (" + std::to_string(params.size()) + "); use at most " +
                     std::to_string(kMaxParameters));
  RawOptions options;
  options.naming = Naming::parameters;  // messages name parameters, not the CLI's flags
  std::size_t query_chars = 0;
  for (const auto& [name, value] : params) {
    if (name == "q") {
      query_chars += code_point_count(value);
      if (query_chars > kMaxQueryChars)
        throw UsageError("the query is too long (" + std::to_string(query_chars) +
                         " characters); use at most " + std::to_string(kMaxQueryChars));
      options.query_words.push_back(value);
      continue;
    }
    check_value_length(name, value);
    const FieldSpec* spec = field_spec_by_name(name);
    // Later values of a single-valued parameter win, as a repeated CLI option does.
    if (spec && spec->filter && spec->field != Field::id) {
      options.filters[spec->field].push_back(value);
    } else if (name == "sort") {
      options.sort = value;
    } else if (name == "limit") {
      options.limit = parse_count(name, value);
    } else if (name == "offset") {
      options.offset = parse_count(name, value);
    } else if (name == "facets") {
      options.facets = value;
    } else if (name == "facet-limit") {
      options.facet_limit = parse_count(name, value);
    } else {
      throw UsageError("unknown parameter '" + name + "'; use " + kSearchParameters);
    }
  }
  return options;
}

std::vector<Facet> disjunctive_facets(const RawOptions& options, Index& index) {
  const SearchRequest full = make_request(options, index);  // validates every value once
  auto filtered = [&](Field field) {
    auto it = options.filters.find(field);
    return it != options.filters.end() && !it->second.empty();
  };
  // Counting needs the match set, not hits: one hit keeps the work (a snippet) negligible.
  auto count = [&](SearchRequest request, std::vector<Field> facets) {
    request.facets = std::move(facets);
    request.limit = 1;
    request.offset = 0;
    return run_search(request, index).facets;
  };
  std::map<Field, Facet> by_field;
  std::vector<Field> plain;
  for (Field field : full.facets)
    if (!filtered(field)) plain.push_back(field);
  if (!plain.empty())
    for (auto& facet : count(full, plain)) by_field[facet.field] = std::move(facet);
  for (Field field : full.facets) {
    if (!filtered(field)) continue;
    SearchRequest without_own = full;
    without_own.filters.erase(field);
    by_field[field] = std::move(count(without_own, {field}).front());
  }
  std::vector<Facet> out;
  for (Field field : full.facets) out.push_back(std::move(by_field[field]));
  return out;
}

HttpAnswer answer_request(const std::string& path, const QueryParams& params,
                          const std::function<Index&()>& open_index) {
  if (params.size() > kMaxParameters)
    return error_answer(400, "too many parameters (" + std::to_string(params.size()) +
                                 "); use at most " + std::to_string(kMaxParameters));
  for (const auto& asset : web_assets())
    if (asset.path == path && path != "/index.html")
      return {200, std::string(asset.content_type), std::string(asset.body), {}, {}};
  try {
    if (path == "/" || path == "/index.html") return page_answer();
    if (path == "/api/search") return search_answer(params, open_index());
    if (path == "/export.csv") return csv_export(search_options_from_params(params), open_index());
    if (path == "/api/facets") return facets_answer(params, open_index());
    if (path == "/api/matrix") return matrix_answer(params, open_index());
    if (path == "/export/matrix.csv") return matrix_csv_answer(params, open_index());
    if (path == "/matrix") return page_answer();
    for (const std::string prefix : {"/api/record/", "/api/dossier/", "/record/", "/dossier/"}) {
      if (!starts_with(path, prefix) || path.size() == prefix.size()) continue;
      const std::string name = path.substr(prefix.size());
      const bool record = prefix.find("record") != std::string::npos;
      HttpAnswer answer =
          record ? record_answer(name, open_index()) : dossier_answer(name, open_index());
      // The page routes render the same answer in the browser; they share its status.
      if (!starts_with(prefix, "/api/")) return page_answer(answer.status);
      return answer;
    }
    return error_answer(404, "no such page: " + path +
                                 "; the page is at /, the API at /api/search, /api/facets, "
                                 "/api/record/ID, /api/dossier/NAME and /api/matrix");
  } catch (const UsageError& e) {
    return usage_error_answer(400, e);
  } catch (const IndexError& e) {
    return error_answer(503, e.what());
  } catch (const Xapian::Error& e) {
    return error_answer(503, "index error: " + e.get_description());
  } catch (const std::exception& e) {
    return error_answer(500, e.what());
  }
}

HttpAnswer answer_request(const std::string& path, const QueryParams& params, Index& index) {
  return answer_request(path, params, [&index]() -> Index& { return index; });
}

namespace {

/// "%41" -> "A"; "+" -> " " when `plus_is_space`; a malformed escape stays as it is.
std::string percent_decode(std::string_view text, bool plus_is_space) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += plus_is_space && text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

bool is_header(const std::pair<std::string, std::string>& header, std::string_view name) {
  return header.first.size() == name.size() &&
         std::equal(name.begin(), name.end(), header.first.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         });
}

/// The routes that run searches or read records, and so must not be triggered cross-site.
bool is_api_path(const std::string& path) {
  return starts_with(path, "/api/") || starts_with(path, "/export");
}

}  // namespace

std::string whole_body(const HttpAnswer& answer) {
  std::string body = answer.body;
  if (answer.more)
    while (answer.more(body)) {
    }
  return body;
}

RequestTarget parse_request_target(std::string_view target) {
  RequestTarget out;
  const std::size_t question = std::min(target.find('?'), target.size());
  out.path = percent_decode(target.substr(0, question), false);
  std::string_view query = target.substr(std::min(question + 1, target.size()));
  const std::size_t hash = query.find('#');
  if (hash != std::string_view::npos) query = query.substr(0, hash);
  while (!query.empty()) {
    const std::size_t amp = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, amp);
    query = query.substr(std::min(amp + 1, query.size()));
    if (pair.empty()) continue;
    const std::size_t eq = std::min(pair.find('='), pair.size());
    out.params.emplace(percent_decode(pair.substr(0, eq), true),
                       percent_decode(pair.substr(std::min(eq + 1, pair.size())), true));
  }
  return out;
}

HttpAnswer answer_http(const HttpRequest& request, const ServerAddress& server,
                       const std::function<Index&()>& open_index) {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpAnswer refused = error_answer(405, request.method + " is not allowed; use GET or HEAD");
    refused.headers.emplace_back("Allow", "GET, HEAD");
    return refused;
  }
  if (request.target.size() > kMaxUrlBytes)
    return error_answer(414, "the URL is too long (" + std::to_string(request.target.size()) +
                                 " bytes); use at most " + std::to_string(kMaxUrlBytes));
  if (request.headers.size() > kMaxRequestHeaders)
    return error_answer(431, "too many header lines (" + std::to_string(request.headers.size()) +
                                 "); use at most " + std::to_string(kMaxRequestHeaders));
  if (request.body_bytes > kMaxBodyBytes)
    return error_answer(413, "the request has a body of over " + std::to_string(kMaxBodyBytes) +
                                 " bytes; no route takes one");
  // Each of these headers once: with two, which one a check read would be a guess.
  std::string host, origin, fetch_site;
  std::size_t hosts = 0, origins = 0, fetch_sites = 0;
  for (const auto& header : request.headers) {
    if (is_header(header, "Host")) host = header.second, ++hosts;
    if (is_header(header, "Origin")) origin = header.second, ++origins;
    if (is_header(header, "Sec-Fetch-Site")) fetch_site = header.second, ++fetch_sites;
  }
  if (hosts != 1 || !host_is_allowed(host, server))
    return error_answer(400, is_loopback_address(server.host)
                                 ? "requests must be addressed to 127.0.0.1, localhost or [::1] "
                                   "(with this server's port)"
                                 : "the request has no valid Host header");
  const RequestTarget target = parse_request_target(request.target);
  if (is_api_path(target.path) &&
      (origins > 1 || fetch_sites > 1 || !origin_is_allowed(origin, fetch_site, host)))
    return error_answer(
        403, "requests from other web sites are refused; open the page at http://" + host + "/");
  return answer_request(target.path, target.params, open_index);
}

}  // namespace r2p
