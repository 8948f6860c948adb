// r2p-search --serve: the libmicrohttpd event loops, with one Index per thread, that hand each
// request to answer_http() (http_answers.cc) and stream its answer with the safety headers.
#include "server/server.h"

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
#include "render/render.h"
#include "render/render_entities.h"
#include "render/render_entity_dossier.h"
#include "search/entities.h"
#include "search/entity_dossier.h"
#include "search/searcher.h"

namespace r2p {

const char* const kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

namespace {

/// This thread's Index, opened on first use and reopened when the live index path (a symbolic
/// link that r2p-index swaps) points somewhere else than when it was opened, or when r2p-index
/// committed an update to it in place: a reader keeps the revision it opened until then.
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
    const std::string target = revision_stamp(path_);
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
    std::string target;  ///< revision_stamp() of path_ when the index was opened
  };
  std::string path_;
  std::mutex mutex_;
  // Entries are only ever touched by their own thread; the mutex guards the map itself.
  std::unordered_map<std::thread::id, Entry> entries_;
};

}  // namespace

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
  bool taken = false;  // in use, or a port this user may not bind
  for (addrinfo* a = found; a && impl_->listen_fd < 0; a = a->ai_next) {
    const int fd =
        ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
    if (fd < 0) continue;
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 1024) == 0) {
      impl_->listen_fd = fd;
    } else {
      taken = errno == EADDRINUSE || errno == EACCES;
      reason = errno == EADDRINUSE ? "in use by another program; is r2p-search --serve already "
                                     "running there?"
                                   : std::strerror(errno);
      ::close(fd);
    }
  }
  ::freeaddrinfo(found);
  if (impl_->listen_fd < 0 && taken)
    throw AddressInUseError(cannot + " (" + reason + ")" + what_to_do);
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
