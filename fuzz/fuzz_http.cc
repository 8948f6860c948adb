// libFuzzer target for the web server's request layer: the Host parser and check, the Origin /
// Sec-Fetch-Site check, the request-target decoder and the search parameters
// (search_options_from_params) give an answer or a UsageError — never a crash or another
// exception — and a Host that passes for a loopback server is one of its literal names.
//
// Input: lines (split at '\n'). Line 1 the Host header; line 2 Origin; line 3 Sec-Fetch-Site;
// line 4 the request target ("/api/search?q=..."); line 5 the method (GET when empty).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "fuzz/fuzz_check.h"
#include "server/host_check.h"
#include "server/server.h"

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(text.substr(start, end - start));
  lines.push_back(text.substr(start));
  return lines;
}

void check_host(const std::string& header) {
  const auto parsed = r2p::parse_host_header(header);
  if (parsed) {
    if (parsed->host.empty()) r2p::fuzz::fail("an empty host parsed");
    for (char c : parsed->host)
      if (c >= 'A' && c <= 'Z') r2p::fuzz::fail("a parsed host is not lower-case");
    std::string again = parsed->host;
    if (parsed->port) again += ":" + std::to_string(*parsed->port);
    const auto reparsed = r2p::parse_host_header(again);
    if (!reparsed || reparsed->host != parsed->host || reparsed->port != parsed->port)
      r2p::fuzz::fail("a parsed Host does not parse back the same: " + again);
  }
  const r2p::ServerAddress server{"127.0.0.1", 8080};
  if (r2p::host_is_allowed(header, server)) {
    if (!parsed) r2p::fuzz::fail("an unparsable Host passed the check");
    if (parsed->host != "localhost" && parsed->host != "127.0.0.1" && parsed->host != "[::1]")
      r2p::fuzz::fail("a Host other than the loopback names passed: " + header);
    if (parsed->port && *parsed->port != 8080) r2p::fuzz::fail("another port passed");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> lines =
      lines_of(std::string(reinterpret_cast<const char*>(data), size));
  auto line = [&](std::size_t i) { return i < lines.size() ? lines[i] : std::string(); };
  r2p::fuzz::expect_no_exception("the Host check", [&] { check_host(line(0)); });
  r2p::fuzz::expect_no_exception("the Origin check",
                                 [&] { r2p::origin_is_allowed(line(1), line(2), line(0)); });
  r2p::fuzz::expect_no_exception("the search parameters", [&] {
    const r2p::RequestTarget target = r2p::parse_request_target(line(3));
    try {
      r2p::search_options_from_params(target.params);
    } catch (const r2p::UsageError&) {
    }
  });
  r2p::fuzz::expect_no_exception("answer_http", [&] {
    r2p::HttpRequest request;
    request.method = line(4).empty() ? "GET" : line(4);
    request.target = line(3);
    request.headers = {{"Host", line(0)}};
    if (!line(1).empty()) request.headers.emplace_back("Origin", line(1));
    if (!line(2).empty()) request.headers.emplace_back("Sec-Fetch-Site", line(2));
    // No index: every route that needs one answers 503, the rest without touching it.
    const r2p::HttpAnswer answer = r2p::answer_http(
        request, {"127.0.0.1", 8080},
        []() -> r2p::Index& { throw r2p::IndexError("no index in this fuzz target"); });
    if (answer.status != 200 && !nlohmann::json::accept(answer.body))
      r2p::fuzz::fail("an error answer that is not JSON");
    if (answer.status == 200 && !r2p::host_is_allowed(line(0), {"127.0.0.1", 8080}))
      r2p::fuzz::fail("answered a request whose Host fails the check");
  });
  return 0;
}
