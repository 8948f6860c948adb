// Trust boundary of the web server: which Host, Origin and Sec-Fetch-Site values a request may
// carry. Pure functions over header text, so they are tested table by table and fuzzed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace r2p {

/// A Host header (or the authority of an Origin) taken apart.
struct HostAndPort {
  std::string host;         ///< lower-cased; an IPv6 address keeps its brackets: "[::1]"
  std::optional<int> port;  ///< absent when the header names none
};

/// Parses `host [":" port]` as RFC 9110 §7.2 and RFC 3986 §3.2.2 define it: a registered name
/// or IPv4 address of letters, digits, '.', '-' (and '_'), or an IPv6 address in brackets, then
/// optionally ':' and 1 to 5 digits up to 65535, and nothing else. Anything else (empty, spaces,
/// userinfo, a second colon, text after ']', percent-escapes) gives nullopt.
std::optional<HostAndPort> parse_host_header(std::string_view header);

/// Where the server listens: its --host as given and its port.
struct ServerAddress {
  std::string host;
  int port = 0;
};

/// True when `host` is a loopback name or address: localhost, 127.0.0.0/8 or ::1 (with or
/// without brackets). Only literal addresses count: "127.evil.com" is not loopback.
bool is_loopback_address(std::string_view host);

/// The Host check against DNS rebinding: a server on a loopback address accepts only the
/// literal names it can be reached by — `localhost`, `127.0.0.1`, `[::1]` and its own --host —
/// each with no port or the server's port. A server on another address (the user chose to
/// publish it) accepts any well-formed Host.
bool host_is_allowed(std::string_view host_header, const ServerAddress& server);

/// The cross-site check for routes that run searches (/api/..., /export.csv): refused when
/// `Sec-Fetch-Site` is present and neither `same-origin` nor `none` (so `cross-site`, and
/// `same-site`: another port of localhost is another program), or an `Origin` is present that is
/// not `http://` + the request's own Host (so "null", another port or another name are refused).
/// Absent headers (curl, scripts, old browsers) are allowed; the Host check still applies to them.
bool origin_is_allowed(std::string_view origin, std::string_view sec_fetch_site,
                       std::string_view host_header);

}  // namespace r2p
