// r2p-search --serve: routes, request checks, safety headers, and the libmicrohttpd event loops
// with one Index per thread.
#include "search/server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <microhttpd.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/schema.h"
#include "core/text.h"
#include "search/entities.h"
#include "search/entity_dossier.h"
#include "search/render.h"
#include "search/render_entities.h"
#include "search/render_entity_dossier.h"
#include "search/searcher.h"

namespace r2p {

const char* const kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr const char* kSearchParameters =
    "q, type, year, region, meeting, country, organisation, status, sort, limit, offset, facets or "
    "facet-limit";

/// An error answer: `{"error": message}`.
HttpAnswer error_answer(int status, const std::string& message) {
  Json j = Json::object();
  j["error"] = message;
  return {status, kJsonType, j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", {}, {}};
}

/// An answer to a value that cannot be used: `{"error": message}`, and for a name that fits
/// several countries or meetings also `"ambiguous": {"kind", "name", "candidates": [{"id",
/// "label", "has_records"}]}`, which the page offers as links.
HttpAnswer usage_error_answer(int status, const UsageError& e) {
  const auto* ambiguous = dynamic_cast<const AmbiguousNameError*>(&e);
  if (!ambiguous) return error_answer(status, e.what());
  Json j = Json::object();
  j["error"] = e.what();
  Json candidates = Json::array();
  for (const auto& c : ambiguous->candidates()) {
    Json candidate = Json::object();
    candidate["id"] = c.id;
    candidate["label"] = c.label;
    candidate["has_records"] = c.has_records;
    candidates.push_back(std::move(candidate));
  }
  j["ambiguous"] = {{"kind", ambiguous->kind()},
                    {"name", ambiguous->name()},
                    {"candidates", std::move(candidates)}};
  return {status, kJsonType, j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", {}, {}};
}

/// Characters (code points) of UTF-8 text; invalid bytes count one each.
std::size_t char_count(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

/// A --limit / --offset value, with the CLI's message for anything but a whole number.
std::size_t parse_count(const std::string& name, const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("--" + name + ": '" + text +
                     "' is not a count; use a whole number, 0 or more");
  // Xapian counts documents in 32 bits; a larger page would wrap around.
  if (text.size() > 9)
    throw UsageError("--" + name + ": '" + text + "' is too large; use at most 999999999");
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

/// This thread's Index, opened on first use and reopened when the live index path (a symbolic
/// link that r2p-index swaps) points somewhere else than when it was opened.
class IndexPool {
 public:
  explicit IndexPool(std::string path) : path_(std::move(path)) {}

  /// \throws IndexError when the index cannot be opened.
  Index& for_this_thread() {
    Entry* entry;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      entry = &entries_[std::this_thread::get_id()];
    }
    std::error_code ec;
    const std::string target = std::filesystem::canonical(path_, ec).string();
    if (!entry->index) {
      entry->index = std::make_unique<Index>(path_);
      entry->target = target;
    } else if (target != entry->target) {
      try {
        entry->index->reopen();
      } catch (...) {
        entry->index.reset();  // half-open: start afresh on the next request
        throw;
      }
      entry->target = target;
    }
    return *entry->index;
  }

 private:
  struct Entry {
    std::unique_ptr<Index> index;
    std::string target;  ///< where path_ led when the index was opened
  };
  std::string path_;
  std::mutex mutex_;
  // Entries are only ever touched by their own thread; the mutex guards the map itself.
  std::unordered_map<std::thread::id, Entry> entries_;
};

}  // namespace

RawOptions search_options_from_params(const QueryParams& params) {
  if (params.size() > kMaxParameters)
    throw UsageError("too many parameters (" + std::to_string(params.size()) + "); use at most " +
                     std::to_string(kMaxParameters));
  RawOptions options;
  std::size_t query_chars = 0;
  for (const auto& [name, value] : params) {
    if (name == "q") {
      query_chars += char_count(value);
      if (query_chars > kMaxQueryChars)
        throw UsageError("the query is too long (" + std::to_string(query_chars) +
                         " characters); use at most " + std::to_string(kMaxQueryChars));
      options.query_words.push_back(value);
      continue;
    }
    if (char_count(value) > kMaxValueChars)
      throw UsageError("the " + name + " value is too long (" + std::to_string(char_count(value)) +
                       " characters); use at most " + std::to_string(kMaxValueChars));
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
                                 "/api/record/ID and /api/dossier/NAME");
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
  return starts_with(path, "/api/") || path == "/export.csv";
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

/// What the server keeps for one connection. The event-loop thread that owns the connection
/// sets everything; the deadline keeper reads the atomics.
struct ConnectionState {
  int fd = -1;
  std::atomic<std::int64_t> deadline_ms{0};  ///< close unless answering by then
  std::atomic<bool> answering{false};        ///< a request was read in full and is answered
  bool cut = false;                          ///< the deadline keeper shut it down
  // The request being read (reset when an answer completes).
  std::string target;
  bool headers_seen = false;
  bool answered = false;
  std::size_t body_bytes = 0;
};

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// A streamed answer being sent: the parts of HttpAnswer::more, copied out as MHD asks.
struct AnswerStream {
  HttpAnswer answer;
  std::string part;
  std::size_t sent = 0;  ///< of `part`
  bool finished = false;

  static ssize_t read(void* cls, std::uint64_t, char* buffer, std::size_t max) {
    auto* self = static_cast<AnswerStream*>(cls);
    while (self->sent == self->part.size()) {
      if (self->finished) return MHD_CONTENT_READER_END_OF_STREAM;
      self->part.clear();
      self->sent = 0;
      try {
        self->finished = !self->answer.more(self->part);
      } catch (...) {
        return MHD_CONTENT_READER_END_WITH_ERROR;  // the client sees a cut-short answer
      }
    }
    const std::size_t n = std::min(max, self->part.size() - self->sent);
    std::memcpy(buffer, self->part.data() + self->sent, n);
    self->sent += n;
    return static_cast<ssize_t>(n);
  }
  static void free(void* cls) { delete static_cast<AnswerStream*>(cls); }
};

}  // namespace

struct WebServer::Impl {
  ServeOptions options;
  IndexPool pool;
  int listen_fd = -1;
  int port = 0;
  MHD_Daemon* daemon = nullptr;
  std::mutex mutex;  // guards stop_requested, daemon start/stop and `connections`
  std::condition_variable stop_signal;
  bool stop_requested = false;
  std::set<ConnectionState*> connections;
  std::thread deadline_keeper;

  explicit Impl(ServeOptions o) : options(std::move(o)), pool(options.db_path) {}

  ServerAddress address() const { return {options.host, port}; }

  static ConnectionState* state_of(MHD_Connection* connection) {
    const MHD_ConnectionInfo* info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? static_cast<ConnectionState*>(info->socket_context) : nullptr;
  }

  static void on_connection(void* cls, MHD_Connection* connection, void** socket_context,
                            MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<Impl*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* state = new ConnectionState;
      const MHD_ConnectionInfo* info =
          MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      state->fd = info ? info->connect_fd : -1;
      state->deadline_ms = now_ms() + self->options.request_deadline_ms;
      *socket_context = state;
      std::lock_guard<std::mutex> lock(self->mutex);
      self->connections.insert(state);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
      auto* state = static_cast<ConnectionState*>(*socket_context);
      {
        // Before MHD closes the socket: the keeper must never shut down a reused descriptor.
        std::lock_guard<std::mutex> lock(self->mutex);
        self->connections.erase(state);
      }
      delete state;
      *socket_context = nullptr;
    }
  }

  static void* on_uri(void*, const char* uri, MHD_Connection* connection) {
    if (ConnectionState* state = state_of(connection)) {
      state->target = uri ? uri : "";
      state->headers_seen = false;
      state->answered = false;
      state->body_bytes = 0;
    }
    return nullptr;
  }

  static void on_completed(void* cls, MHD_Connection* connection, void**,
                           MHD_RequestTerminationCode) {
    auto* self = static_cast<Impl*>(cls);
    if (ConnectionState* state = state_of(connection)) {
      state->answering = false;
      state->deadline_ms = now_ms() + self->options.request_deadline_ms;
    }
  }

  static MHD_Result on_request(void* cls, MHD_Connection* connection, const char*,
                               const char* method, const char*, const char*,
                               std::size_t* upload_size, void**) {
    auto* self = static_cast<Impl*>(cls);
    ConnectionState* state = state_of(connection);
    if (!state) return MHD_NO;
    if (!state->headers_seen) {  // headers read; a body may follow
      state->headers_seen = true;
      return MHD_YES;
    }
    if (*upload_size != 0) {  // a body: counted and dropped, refused once over the limit
      state->body_bytes += *upload_size;
      *upload_size = 0;
      if (state->body_bytes <= kMaxBodyBytes || state->answered) return MHD_YES;
    }
    if (state->answered) return MHD_YES;
    state->answered = true;
    state->answering = true;
    HttpRequest request;
    request.method = method;
    request.target = state->target;
    request.body_bytes = state->body_bytes;
    MHD_get_connection_values(
        connection, MHD_HEADER_KIND,
        [](void* headers, MHD_ValueKind, const char* name, const char* value) {
          static_cast<std::vector<std::pair<std::string, std::string>>*>(headers)->emplace_back(
              name, value ? value : "");
          return MHD_YES;
        },
        &request.headers);
    return send(connection, answer_http(request, self->address(), [self]() -> Index& {
                  return self->pool.for_this_thread();
                }));
  }

  static MHD_Result send(MHD_Connection* connection, HttpAnswer answer) {
    std::vector<std::pair<std::string, std::string>> headers = std::move(answer.headers);
    headers.emplace_back("Content-Type", answer.content_type);
    headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    headers.emplace_back("X-Content-Type-Options", "nosniff");
    headers.emplace_back("Referrer-Policy", "no-referrer");
    headers.emplace_back("X-Frame-Options", "DENY");
    headers.emplace_back("Cache-Control", "no-cache");
    const int status = answer.status;
    MHD_Response* response;
    if (answer.more) {
      auto* stream = new AnswerStream{std::move(answer), {}, 0, false};
      stream->part = std::move(stream->answer.body);
      response = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, &AnswerStream::read,
                                                   stream, &AnswerStream::free);
      if (!response) {
        delete stream;
        return MHD_NO;
      }
    } else {
      response = MHD_create_response_from_buffer(answer.body.size(), answer.body.data(),
                                                 MHD_RESPMEM_MUST_COPY);
      if (!response) return MHD_NO;
    }
    for (const auto& [name, value] : headers)
      MHD_add_response_header(response, name.c_str(), value.c_str());
    const MHD_Result queued =
        MHD_queue_response(connection, static_cast<unsigned>(status), response);
    MHD_destroy_response(response);
    return queued;
  }

  /// Shuts down every connection that has not sent a whole request by its deadline; MHD then
  /// sees the end of the stream and closes it (and tells on_connection).
  void keep_deadlines() {
    std::unique_lock<std::mutex> lock(mutex);
    while (!stop_requested) {
      stop_signal.wait_for(
          lock, std::chrono::milliseconds(std::clamp(options.request_deadline_ms / 4, 10, 250)));
      const std::int64_t now = now_ms();
      for (ConnectionState* state : connections)
        if (!state->cut && !state->answering && now > state->deadline_ms && state->fd >= 0) {
          ::shutdown(state->fd, SHUT_RDWR);
          state->cut = true;
        }
    }
  }
};

WebServer::WebServer(ServeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

WebServer::~WebServer() {
  stop();
  if (impl_->listen_fd >= 0 && !impl_->daemon) ::close(impl_->listen_fd);
}

int WebServer::bind() {
  const ServeOptions& o = impl_->options;
  if (o.port < 0 || o.port > 65535)
    throw UsageError("--port " + std::to_string(o.port) + " is not a port; use 1 to 65535, or 0");
  const std::string cannot = "cannot listen on " + o.host + " port " + std::to_string(o.port);
  const std::string what_to_do = "; choose another with --port or --host";
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string host = o.host;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (::getaddrinfo(host.c_str(), std::to_string(o.port).c_str(), &hints, &found) != 0)
    throw UsageError(cannot + " (not an address of this machine)" + what_to_do);
  std::string reason = "in use, or not an address of this machine";
  for (addrinfo* a = found; a && impl_->listen_fd < 0; a = a->ai_next) {
    const int fd =
        ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 1024) == 0) {
      impl_->listen_fd = fd;
    } else {
      reason = errno == EADDRINUSE ? "in use" : std::strerror(errno);
      ::close(fd);
    }
  }
  ::freeaddrinfo(found);
  if (impl_->listen_fd < 0) throw UsageError(cannot + " (" + reason + ")" + what_to_do);
  sockaddr_storage bound{};
  socklen_t length = sizeof bound;
  ::getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&bound), &length);
  impl_->port =
      ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                        : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  return impl_->port;
}

void WebServer::listen() {
  Impl& s = *impl_;
  std::unique_lock<std::mutex> lock(s.mutex);
  if (s.stop_requested) return;
  const std::size_t threads =
      s.options.threads
          ? s.options.threads
          : std::max<std::size_t>(kDefaultThreads, std::thread::hardware_concurrency());
  // The access handler may run a search for a while; MHD runs it on the thread of the
  // connection's event loop, and the loops share the listening socket.
  s.daemon = MHD_start_daemon(
      MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0, nullptr, nullptr, &Impl::on_request, &s,
      MHD_OPTION_LISTEN_SOCKET, s.listen_fd, MHD_OPTION_THREAD_POOL_SIZE,
      static_cast<unsigned>(threads), MHD_OPTION_CONNECTION_LIMIT,
      static_cast<unsigned>(kMaxConnections), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      static_cast<unsigned>(kMaxConnectionsPerClient), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      kMaxRequestHeaderBytes, MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned>(kIdleTimeoutSeconds), MHD_OPTION_URI_LOG_CALLBACK, &Impl::on_uri, &s,
      MHD_OPTION_NOTIFY_CONNECTION, &Impl::on_connection, &s, MHD_OPTION_NOTIFY_COMPLETED,
      &Impl::on_completed, &s, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u, MHD_OPTION_END);
  if (!s.daemon)
    throw UsageError("cannot start the web server on " + s.options.host + " port " +
                     std::to_string(s.port));
  s.deadline_keeper = std::thread([&s] { s.keep_deadlines(); });
  s.stop_signal.wait(lock, [&s] { return s.stop_requested; });
  lock.unlock();
  s.deadline_keeper.join();
  MHD_stop_daemon(s.daemon);  // closes the listening socket and every connection
  s.listen_fd = -1;
}

void WebServer::stop() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->stop_requested = true;
  impl_->stop_signal.notify_all();
}

std::string WebServer::url() const {
  const std::string& host = impl_->options.host;
  const bool ipv6 = host.find(':') != std::string::npos && host.front() != '[';
  const std::string shown =
      host == "0.0.0.0" || host == "::" ? "127.0.0.1" : (ipv6 ? "[" + host + "]" : host);
  return "http://" + shown + ":" + std::to_string(impl_->port) + "/";
}

int serve(const ServeOptions& options) {
  // Fail at once, as a search would, when there is no usable index; later index problems
  // (a rebuild in progress, a removed index) answer 503 until they are fixed.
  Index first(options.db_path);

  // Room for every connection the server admits (the soft limit is often 1024).
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < kMaxConnections + 256) {
    files.rlim_cur = std::min<rlim_t>(files.rlim_max, kMaxConnections + 256);
    ::setrlimit(RLIMIT_NOFILE, &files);
  }

  // SIGINT and SIGTERM are taken by one thread with sigwait, so every worker thread (which
  // inherits the mask) keeps running its request and the server stops cleanly.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  WebServer server(options);
  server.bind();
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  std::cout << "r2p-search: serving " << options.db_path << " at " << server.url()
            << "  (open it in a browser; Ctrl-C stops)" << std::endl;
  if (!is_loopback_address(options.host))
    std::cerr << "r2p-search: warning: " << options.host
              << " is not a loopback address; anyone who can reach it can use this page"
              << std::endl;
  server.listen();
  pthread_kill(waiter.native_handle(), SIGTERM);  // no-op wake-up if a signal already came
  waiter.join();
  return kExitOk;
}

}  // namespace r2p
