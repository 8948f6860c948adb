// Host, Origin and Sec-Fetch-Site checks of the web server (host_check.h).
#include "server/host_check.h"

#include <algorithm>
#include <cctype>

namespace r2p {

namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

bool is_ipv6_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// "1" to "65535"; nullopt for anything else (empty, signs, more than 5 digits).
std::optional<int> parse_port(std::string_view text) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  int port = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port == 0 || port > 65535) return std::nullopt;
  return port;
}

/// True for a dotted quad of decimal numbers 0–255 ("127.0.0.1"), without leading zeros.
bool is_ipv4(std::string_view text, int* first_octet = nullptr) {
  int parts = 0;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = std::min(text.find('.', start), text.size());
    const std::string_view part = text.substr(start, end - start);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    if (parts == 0 && first_octet) *first_octet = value;
    ++parts;
    if (end == text.size()) break;
    start = end + 1;
  }
  return parts == 4;
}

/// The host as a Host header spells it: IPv6 addresses in brackets, everything lower-case.
std::string header_form(std::string_view host) {
  if (host.find(':') != std::string_view::npos && host.front() != '[')
    return "[" + lower(host) + "]";
  return lower(host);
}

}  // namespace

std::optional<HostAndPort> parse_host_header(std::string_view header) {
  if (header.empty()) return std::nullopt;
  HostAndPort out;
  std::string_view rest;
  if (header.front() == '[') {
    const std::size_t close = header.find(']');
    if (close == std::string_view::npos || close < 3) return std::nullopt;  // "[::]" at least
    const std::string_view address = header.substr(1, close - 1);
    if (!std::all_of(address.begin(), address.end(), is_ipv6_char) ||
        address.find(':') == std::string_view::npos)
      return std::nullopt;
    out.host = lower(header.substr(0, close + 1));
    rest = header.substr(close + 1);
  } else {
    const std::size_t colon = std::min(header.find(':'), header.size());
    const std::string_view name = header.substr(0, colon);
    if (name.empty() || name.size() > 253 || !std::all_of(name.begin(), name.end(), is_name_char))
      return std::nullopt;
    out.host = lower(name);
    rest = header.substr(colon);
  }
  if (rest.empty()) return out;
  if (rest.front() != ':') return std::nullopt;  // "[::1]evil.com"
  out.port = parse_port(rest.substr(1));
  if (!out.port) return std::nullopt;
  return out;
}

bool is_loopback_address(std::string_view host) {
  const std::string h = lower(host);
  int first = -1;
  return h == "localhost" || h == "::1" || h == "[::1]" || (is_ipv4(h, &first) && first == 127);
}

bool host_is_allowed(std::string_view host_header, const ServerAddress& server) {
  const std::optional<HostAndPort> parsed = parse_host_header(host_header);
  if (!parsed) return false;
  if (!is_loopback_address(server.host)) return true;
  if (parsed->port && *parsed->port != server.port) return false;
  return parsed->host == "localhost" || parsed->host == "127.0.0.1" || parsed->host == "[::1]" ||
         parsed->host == header_form(server.host);
}

bool origin_is_allowed(std::string_view origin, std::string_view sec_fetch_site,
                       std::string_view host_header) {
  if (!sec_fetch_site.empty() && sec_fetch_site != "same-origin" && sec_fetch_site != "none")
    return false;
  if (origin.empty()) return true;
  constexpr std::string_view scheme = "http://";
  if (origin.substr(0, scheme.size()) != scheme) return false;  // "null", https://, other schemes
  const std::optional<HostAndPort> from = parse_host_header(origin.substr(scheme.size()));
  const std::optional<HostAndPort> to = parse_host_header(host_header);
  if (!from || !to) return false;
  return from->host == to->host && from->port.value_or(80) == to->port.value_or(80);
}

}  // namespace r2p
