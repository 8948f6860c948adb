// r2p-search --serve: the local web page and its JSON API over the same library the CLI uses.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "search/index.h"
#include "search/request.h"
#include "search/results.h"
#include "server/host_check.h"

namespace r2p {

struct ServeOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 8080;  ///< 0 = any free port (the URL printed says which)
  /// Threads, each with its own event loop and Index (Xapian objects are not thread-safe);
  /// 0 = kDefaultThreads (or one per core where there are more).
  std::size_t threads = 0;
  /// Time a connection has to send a whole request (from its opening, or the end of its last
  /// answer), however slowly its bytes come; then it is closed.
  int request_deadline_ms = 10000;
};

/// Limits of the server itself (SECURITY.md lists them with the reasons).
constexpr std::size_t kDefaultThreads = 8;
constexpr std::size_t kMaxConnections = 4096;  ///< open at once, all clients together
/// Open at once from one address. Every local program is 127.0.0.1, so this is above what the
/// page and tools need together and below kMaxConnections; the request deadline is what frees
/// connections held by a slow client.
constexpr std::size_t kMaxConnectionsPerClient = 2048;
constexpr std::size_t kMaxRequestHeaderBytes = 32 * 1024;  ///< request line + headers
constexpr std::size_t kMaxRequestHeaders = 100;            ///< header lines in one request
constexpr std::size_t kMaxUrlBytes = 8192;                 ///< of the request target, as sent
constexpr std::size_t kMaxBodyBytes = 64 * 1024;  ///< read and discarded (no route takes a body)
constexpr int kIdleTimeoutSeconds = 10;           ///< a connection with no traffic is closed
/// Hits in one /api/search answer; more are paged with `offset`, and /export.csv gives all.
constexpr std::size_t kMaxPageSize = 100;
/// Hits /export.csv fetches and renders at a time: the rows stream out page by page, so an
/// export holds one page in memory whatever its length.
constexpr std::size_t kExportPageSize = 500;

/// Limits on one request; exceeding one is a 400 with a message naming the limit.
constexpr std::size_t kMaxQueryChars = 1000;  ///< of the query text `q` (all `q` values together)
constexpr std::size_t kMaxValueChars = 200;   ///< of any other parameter value
constexpr std::size_t kMaxParameters = 64;    ///< parameters in one query string

/// Query-string parameters as decoded by parse_request_target().
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
  /// A streamed answer: `body` is its first part, and each call appends the next part to its
  /// argument until it returns false (the server sends the parts as they come, chunked).
  /// It may throw; the server then cuts the answer short.
  std::function<bool(std::string&)> more;
};

/// /export.csv: the CSV of `options` (its limit, 0 = all, and offset) as r2p-search --format csv
/// prints it, streamed: each part of the answer is one page of `page_size` hits, searched when
/// the previous one has gone out, so an export holds one page in memory whatever its length.
/// The first page is searched at once, so a bad value is an error here, not a broken download.
/// \throws UsageError for bad values, IndexError for index problems (from the first page).
HttpAnswer csv_export(RawOptions options, Index& index, std::size_t page_size = kExportPageSize);

/// The whole body of `answer`: `body` and every part `more` gives.
std::string whole_body(const HttpAnswer& answer);

/// A request's target taken apart: the path (percent-decoded) and its query parameters
/// (decoded as browsers encode forms: '+' is a space; a name without '=' has an empty value).
struct RequestTarget {
  std::string path;
  QueryParams params;
};
RequestTarget parse_request_target(std::string_view target);

/// One request as the socket layer received it.
struct HttpRequest {
  std::string method;
  std::string target;  ///< as sent: "/api/search?q=Accra"
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t body_bytes = 0;  ///< read and discarded
};

/// The answer to `request` on a server at `server`: the HTTP checks (method, URL length, header
/// count, body size, Host, then Origin and Sec-Fetch-Site for /api/ and /export.csv; 405, 414,
/// 431, 413, 400 and 403, each a JSON error) and then answer_request() of its target. /api/search
/// refuses `limit=0` and limits over kMaxPageSize (400, naming the limit and paging).
HttpAnswer answer_http(const HttpRequest& request, const ServerAddress& server,
                       const std::function<Index&()>& open_index);

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
/// Every embedded file of server/web/.
const std::vector<WebAsset>& web_assets();

/// The Content-Security-Policy every response carries.
extern const char* const kContentSecurityPolicy;

/// The address to serve on is taken (another server is listening there) or not ours to take: no
/// second server shares a port, so requests never go to whichever index the kernel picks.
class AddressInUseError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return kExitIndex; }
};

/// An HTTP server on `host:port` answering with answer_http(): GNU libmicrohttpd with an epoll
/// event loop on each of `threads` threads, so idle or slow connections cost a socket and a few
/// KB each, never a thread; one Index per thread.
class WebServer {
 public:
  explicit WebServer(ServeOptions options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  /// Binds the listening socket; returns the port (the chosen one when options.port is 0).
  /// \throws UsageError when the host is not an address of this machine, AddressInUseError when
  /// the address is in use or not permitted.
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
