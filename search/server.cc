// r2p-search --serve: routes, request parsing, safety headers and one Index per worker thread.
#include "search/server.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <httplib.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/schema.h"
#include "core/text.h"
#include "search/entities.h"
#include "search/render.h"
#include "search/render_entities.h"
#include "search/searcher.h"

namespace r2p {

const char* const kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kJsonType = "application/json; charset=utf-8";
constexpr const char* kSearchParameters =
    "q, type, year, region, meeting, country, status, sort, limit, offset, facets or facet-limit";

/// An error answer: `{"error": message}`.
HttpAnswer error_answer(int status, const std::string& message) {
  Json j = Json::object();
  j["error"] = message;
  return {status, kJsonType, j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", {}};
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

Json facets_json(const std::vector<Facet>& facets) {
  Json out = Json::object();
  for (const auto& facet : facets) {
    Json values = Json::array();
    for (const auto& value : facet.values) {
      Json v = Json::object();
      v["value"] = value.value;
      v["label"] = value.label;
      v["count"] = value.count;
      values.push_back(std::move(v));
    }
    out[field_spec(facet.field).name] = std::move(values);
  }
  return out;
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
      return {status, std::string(asset.content_type), std::string(asset.body), {}};
  return error_answer(500, "the page was not embedded in this build");
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

HttpAnswer search_answer(const QueryParams& params, Index& index, bool csv) {
  const RawOptions options = search_options_from_params(params);
  const SearchResults results =
      with_retry(index, [&] { return run_search(make_request(options, index), index); });
  std::ostringstream out;
  if (csv) {
    render_csv(results, out);
    return {200,
            "text/csv; charset=utf-8",
            out.str(),
            {{"Content-Disposition", "attachment; filename=\"r2p-search.csv\""}}};
  }
  render_json(results, out);
  return {200, kJsonType, out.str(), {}};
}

HttpAnswer facets_answer(const QueryParams& params, Index& index) {
  const RawOptions options = search_options_from_params(params);
  const std::vector<Facet> facets =
      with_retry(index, [&] { return disjunctive_facets(options, index); });
  Json j = Json::object();
  j["facets"] = facets_json(facets);
  return {200, kJsonType, j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n", {}};
}

/// --show ID: 404 when there is no such record (the message names the closest ids).
HttpAnswer record_answer(const std::string& id, Index& index) {
  try {
    return {
        200,
        kJsonType,
        entity_json_text(with_retry(index, [&] { return record_json(record_page(id, index)); })),
        {}};
  } catch (const UsageError& e) {
    return error_answer(404, e.what());
  }
}

/// --dossier NAME: a country dossier or a meeting page; 404 when NAME names neither.
HttpAnswer dossier_answer(const std::string& name, Index& index) {
  if (!is_valid_utf8(name)) return error_answer(400, "the dossier name is not valid UTF-8");
  DossierTarget target;
  try {
    target = with_retry(index, [&] { return resolve_dossier_target(name, index); });
  } catch (const UsageError& e) {
    return error_answer(404, e.what());
  }
  const Json json = with_retry(index, [&] {
    return target.kind == DossierTarget::Kind::meeting
               ? meeting_json(meeting_page(target.id, index))
               : dossier_json(country_dossier(target.id, index));
  });
  return {200, kJsonType, entity_json_text(json), {}};
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

const char* status_reason(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 404:
      return "not found";
    case 413:
      return "request too large";
    case 414:
      return "URL too long; shorten the query";
    case 431:
      return "request headers too large";
    default:
      return status >= 500 ? "server error" : "request refused";
  }
}

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || starts_with(host, "127.");
}

/// The host part of a Host header ("127.0.0.1:8080" -> "127.0.0.1", "[::1]:80" -> "[::1]").
std::string host_of(const std::string& header) {
  if (!header.empty() && header[0] == '[') return header.substr(0, header.find(']') + 1);
  return header.substr(0, header.find(':'));
}

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
    if (spec && spec->filter && spec->field != Field::id && spec->field != Field::organisation) {
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
      return {200, std::string(asset.content_type), std::string(asset.body), {}};
  try {
    if (path == "/" || path == "/index.html") return page_answer();
    if (path == "/api/search") return search_answer(params, open_index(), false);
    if (path == "/export.csv") return search_answer(params, open_index(), true);
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
    return error_answer(400, e.what());
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

struct WebServer::Impl {
  ServeOptions options;
  IndexPool pool;
  httplib::Server server;
  int port = 0;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> in_listen{false};

  explicit Impl(ServeOptions o) : options(std::move(o)), pool(options.db_path) {}

  void configure() {
    // httplib keeps a worker on each kept-alive connection until it closes, so workers beyond
    // the core count keep waiting connections short (wrk -c32: p99 25 ms with 32, 83 ms with 8).
    const std::size_t threads =
        options.threads ? options.threads
                        : std::max<std::size_t>(32, std::thread::hardware_concurrency());
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(64 * 1024);  // nothing takes a body
    // Headers and body go out in separate writes; with Nagle's algorithm the body would wait
    // for the client's delayed ACK (40 ms) on every response.
    server.set_tcp_nodelay(true);
    server.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                                {"X-Content-Type-Options", "nosniff"},
                                {"Referrer-Policy", "no-referrer"},
                                {"X-Frame-Options", "DENY"},
                                {"Cache-Control", "no-cache"}});
    // A page on the loopback interface answers only requests addressed to a loopback name, so
    // another web site cannot reach it through DNS rebinding.
    if (is_loopback_host(options.host))
      server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        if (is_loopback_host(host_of(req.get_header_value("Host"))))
          return httplib::Server::HandlerResponse::Unhandled;
        send(res, error_answer(400, "requests must be addressed to 127.0.0.1, localhost or [::1]"));
        return httplib::Server::HandlerResponse::Handled;
      });
    server.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      send(res, answer_request(req.path, req.params,
                               [this]() -> Index& { return pool.for_this_thread(); }));
    });
    // Only GET has handlers, so httplib routes every other method (after reading its body, which
    // keeps a kept-alive connection in step) here, as it does its own errors (a malformed
    // request, an over-long URL): all get the same JSON shape.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      if (!req.method.empty() && req.method != "GET" && req.method != "HEAD") {
        res.status = 405;
        res.set_header("Allow", "GET, HEAD");
        send(res, error_answer(405, req.method + " is not allowed; use GET or HEAD"));
        return;
      }
      send(res, error_answer(res.status, "HTTP " + std::to_string(res.status) + " " +
                                             status_reason(res.status)));
    });
  }

  static void send(httplib::Response& res, const HttpAnswer& answer) {
    res.status = answer.status;
    for (const auto& [name, value] : answer.headers) res.set_header(name, value);
    res.set_content(answer.body, answer.content_type);
  }
};

WebServer::WebServer(ServeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->configure();
}

WebServer::~WebServer() {
  stop();
}

int WebServer::bind() {
  const ServeOptions& o = impl_->options;
  if (o.port < 0 || o.port > 65535)
    throw UsageError("--port " + std::to_string(o.port) + " is not a port; use 1 to 65535, or 0");
  if (o.port == 0) {
    impl_->port = impl_->server.bind_to_any_port(o.host);
    if (impl_->port < 0) impl_->port = 0;
  } else if (impl_->server.bind_to_port(o.host, o.port)) {
    impl_->port = o.port;
  }
  if (impl_->port == 0)
    throw UsageError("cannot listen on " + o.host + " port " + std::to_string(o.port) +
                     " (in use, or not an address of this machine); choose another with --port "
                     "or --host");
  return impl_->port;
}

void WebServer::listen() {
  impl_->in_listen = true;
  if (!impl_->stop_requested) impl_->server.listen_after_bind();
  impl_->in_listen = false;
}

void WebServer::stop() {
  impl_->stop_requested = true;
  // httplib's stop() does nothing until the server runs; a listen() that is just starting would
  // then serve forever. Wait until it runs (or gives up), then stop it.
  while (impl_->in_listen && !impl_->server.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->server.stop();
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
  if (!is_loopback_host(options.host))
    std::cerr << "r2p-search: warning: " << options.host
              << " is not a loopback address; anyone who can reach it can use this page"
              << std::endl;
  server.listen();
  pthread_kill(waiter.native_handle(), SIGTERM);  // no-op wake-up if a signal already came
  waiter.join();
  return kExitOk;
}

}  // namespace r2p
