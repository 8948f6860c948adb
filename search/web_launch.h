// r2p-search --serve runs the web server as a program of its own, r2p-search-web: only it links
// cpp-httplib (and with it OpenSSL and Brotli), whose loading and start-up would otherwise cost
// every command-line search several milliseconds.
#pragma once

#include <string>
#include <vector>

#include "search/server.h"

namespace r2p {

/// The name of the web server program.
inline constexpr const char* kWebServerProgram = "r2p-search-web";

/// Where r2p-search looks for r2p-search-web, in order, given the directory r2p-search itself is
/// in: beside it (the build tree, or both installed in one directory), then
/// `../libexec/r2p-kb/` (where `cmake --install` puts it).
std::vector<std::string> web_server_candidates(const std::string& program_dir);

/// The arguments r2p-search-web gets for `options` (argv[0] included).
std::vector<std::string> web_server_arguments(const ServeOptions& options);

/// Replaces this process with r2p-search-web serving `options` (same process id, so signals and
/// the exit status are the server's). Returns only by throwing.
/// \throws InstallError when r2p-search-web is in none of the candidate places.
[[noreturn]] void exec_web_server(const ServeOptions& options);

}  // namespace r2p
