// r2p-search --serve: the local web page and its JSON API over the same library the CLI uses.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "search/index.h"
#include "search/request.h"
#include "search/results.h"

namespace r2p {

struct ServeOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0 = any free port (the URL printed says which)
  /// Worker threads, each with its own Index (Xapian objects are not thread-safe); 0 = 32 (or
  /// one per core where there are more).
  std::size_t threads = 0;
};

/// Limits on one request; exceeding one is a 400 with a message naming the limit.
constexpr std::size_t kMaxQueryChars = 1000;  ///< of the query text `q` (all `q` values together)
constexpr std::size_t kMaxValueChars = 200;   ///< of any other parameter value
constexpr std::size_t kMaxParameters = 64;    ///< parameters in one query string

/// Query-string parameters as decoded by the HTTP server (same type as httplib::Params).
using QueryParams = std::multimap<std::string, std::string>;

/// The parameters of /api/search, /api/facets and /export.csv as the CLI's RawOptions: `q` (query
/// text; repeated = words joined by spaces), `type`, `year`, `region`, `meeting`, `country`,
/// `status` (each repeatable, OR), `sort`, `limit`, `offset`, `facets`, `facet-limit`.
/// \throws UsageError for an unknown or repeated single-valued parameter, a value over the
/// limits above, too many parameters, or a `limit`/`offset` that is not a count.
RawOptions search_options_from_params(const QueryParams& params);

/// The facet counts of a faceted search page ("disjunctive" facets): a facet with filter values
/// is counted with every filter except its own, so its other values keep their counts while it
/// is filtered; a facet without filter values is counted with all filters, as run_search does.
/// \throws UsageError for bad values, IndexError for index problems.
std::vector<Facet> disjunctive_facets(const RawOptions& options, Index& index);

/// One HTTP answer of a handler, before the server adds its headers.
struct HttpAnswer {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers
};

/// The answer to a GET of `path` (decoded) with its query parameters, without a socket: what the
/// server sends apart from the headers every response gets. `/` and the page routes `/record/ID`
/// and `/dossier/NAME` give the page (with the status its API answer has); `/app.js`, `/app.css`
/// and `/favicon.svg` the embedded files; `/api/search` and `/export.csv` exactly what
/// `r2p-search --format json|csv` prints for the same request; `/api/record/ID` and
/// `/api/dossier/NAME` what `--show ID` / `--dossier NAME --format json` print; `/api/facets`
/// `{"facets": …}` from disjunctive_facets(). Errors are `{"error": message}` with 400 (usage:
/// the CLI's messages), 404 (unknown record, dossier or path), 503 (index problems).
/// `open_index` is called only by routes that need the index (it may throw IndexError).
HttpAnswer answer_request(const std::string& path, const QueryParams& params,
                          const std::function<Index&()>& open_index);
/// The same over one open index.
HttpAnswer answer_request(const std::string& path, const QueryParams& params, Index& index);

/// A file of the page, embedded in the binary at build time (generated web_assets.cc).
struct WebAsset {
  std::string_view path;  ///< "/app.js"
  std::string_view content_type;
  std::string_view body;
};
/// Every embedded file of search/web/.
const std::vector<WebAsset>& web_assets();

/// The Content-Security-Policy every response carries.
extern const char* const kContentSecurityPolicy;

/// An HTTP server on `host:port` answering with answer_request(), one Index per worker thread.
class WebServer {
 public:
  explicit WebServer(ServeOptions options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  /// Binds the listening socket; returns the port (the chosen one when options.port is 0).
  /// \throws UsageError when the address cannot be bound.
  int bind();
  /// Serves until stop() is called; bind() first.
  void listen();
  /// Makes listen() return (safe from another thread).
  void stop();
  /// The URL to open, e.g. "http://127.0.0.1:8080/".
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Runs the server until SIGINT or SIGTERM, printing the URL to open on stdout. Returns the exit
/// code: 0 after a clean stop, 2 when the address cannot be bound, 3 when there is no usable
/// index at start (the message says how to build one).
int serve(const ServeOptions& options);

}  // namespace r2p
