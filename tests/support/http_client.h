// A small HTTP/1.1 client over a loopback socket for the server tests: keeps its connection
// alive, sends any headers (or raw bytes), reads Content-Length, chunked or until-close bodies.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace r2p::test {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  /// The first header called `name` (any case); "" when there is none.
  std::string get_header_value(const std::string& name) const {
    for (const auto& [key, value] : headers)
      if (std::equal(key.begin(), key.end(), name.begin(), name.end(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          }))
        return value;
    return "";
  }
};
using HttpResult = std::optional<HttpResponse>;
using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(int port) : port_(port) {}
  ~HttpClient() { disconnect(); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  HttpClient(HttpClient&& other) noexcept : port_(other.port_), fd_(other.fd_) { other.fd_ = -1; }

  HttpResult Get(const std::string& target, const Headers& headers = {}) {
    return request("GET", target, headers);
  }
  HttpResult Head(const std::string& target) { return request("HEAD", target, {}); }
  HttpResult Post(const std::string& target, const std::string& body, const std::string& type) {
    return request("POST", target, {{"Content-Type", type}}, body);
  }
  HttpResult Put(const std::string& target, const std::string& body, const std::string& type) {
    return request("PUT", target, {{"Content-Type", type}}, body);
  }
  HttpResult Patch(const std::string& target, const std::string& body, const std::string& type) {
    return request("PATCH", target, {{"Content-Type", type}}, body);
  }
  HttpResult Delete(const std::string& target) { return request("DELETE", target, {}); }
  HttpResult Options(const std::string& target) { return request("OPTIONS", target, {}); }

  /// One request; a Host header is added unless `headers` has one. Reconnects once when a
  /// kept-alive connection turns out to be closed.
  HttpResult request(const std::string& method, const std::string& target, const Headers& headers,
                     const std::string& body = "") {
    std::string text = method + " " + target + " HTTP/1.1\r\n";
    bool host = false;
    for (const auto& [name, value] : headers) {
      text += name + ": " + value + "\r\n";
      host |= name == "Host";
    }
    if (!host) text += "Host: 127.0.0.1:" + std::to_string(port_) + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
      text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    text += "\r\n" + body;
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (fd_ < 0 && !connect()) return std::nullopt;
      if (send_raw(text)) {
        HttpResult res = read_response(method == "HEAD");
        if (res) return res;
      }
      disconnect();
    }
    return std::nullopt;
  }

  bool connect() {
    disconnect();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval timeout{30, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      disconnect();
      return false;
    }
    return true;
  }
  void disconnect() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }
  /// Sends bytes as they are; false when the server has closed the connection.
  bool send_raw(const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  /// The next response on the connection, or nullopt when it closes first.
  HttpResult read_response(bool head = false) {
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos)
      if (!fill()) return std::nullopt;
    HttpResponse res;
    const std::string head_text = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    std::size_t line_end = head_text.find("\r\n");
    const std::string status_line = head_text.substr(0, line_end);
    if (status_line.size() < 12) return std::nullopt;
    res.status = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
      const std::size_t start = line_end + 2;
      line_end = head_text.find("\r\n", start);
      const std::string line = head_text.substr(start, line_end - start);
      const std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      res.headers.emplace_back(line.substr(0, colon), value);
    }
    if (head) return res;
    if (res.get_header_value("Transfer-Encoding") == "chunked") {
      chunked = true;
      while (true) {
        std::size_t size_end;
        while ((size_end = buffer_.find("\r\n")) == std::string::npos)
          if (!fill()) return std::nullopt;
        const std::size_t size = std::stoul(buffer_.substr(0, size_end), nullptr, 16);
        while (buffer_.size() < size_end + 2 + size + 2)
          if (!fill()) return std::nullopt;
        res.body += buffer_.substr(size_end + 2, size);
        buffer_.erase(0, size_end + 2 + size + 2);
        if (size == 0) break;
      }
    } else if (const std::string length = res.get_header_value("Content-Length"); !length.empty()) {
      const std::size_t size = std::stoul(length);
      while (buffer_.size() < size)
        if (!fill()) return std::nullopt;
      res.body = buffer_.substr(0, size);
      buffer_.erase(0, size);
    } else {
      while (fill()) {
      }
      res.body = std::move(buffer_);
      buffer_.clear();
    }
    return res;
  }
  /// Reads until the server closes the connection: true when it does (within the 30 s read
  /// timeout), false when it keeps it open.
  bool wait_closed() {
    char data[65536];
    while (true) {
      const ssize_t n = ::recv(fd_, data, sizeof data, 0);
      if (n == 0) return true;
      if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK;
      buffer_.append(data, static_cast<std::size_t>(n));
    }
  }
  /// What the server sent that no response read has taken.
  const std::string& unread() const { return buffer_; }

  bool chunked = false;  ///< the last response came chunked

 private:
  bool fill() {
    char data[65536];
    const ssize_t n = ::recv(fd_, data, sizeof data, 0);
    if (n <= 0) return false;
    buffer_.append(data, static_cast<std::size_t>(n));
    return true;
  }

  int port_;
  int fd_ = -1;
  std::string buffer_;
};

}  // namespace r2p::test
