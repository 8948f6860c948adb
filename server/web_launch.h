// r2p-search --serve runs the web server as a program of its own, r2p-search-web: only it links
// an HTTP library (libmicrohttpd now; cpp-httplib, with OpenSSL and Brotli, before), whose
// loading and start-up would otherwise cost every command-line search.
#pragma once

#include "server/server.h"

namespace r2p {

/// Replaces this process with r2p-search-web serving `options` (same process id, so signals and
/// the exit status are the server's). r2p-search-web is looked for beside the running program
/// (the build tree, or both installed in one directory), then in `../libexec/r2p-kb/` (where
/// `cmake --install` puts it). Returns only by throwing.
/// \throws InstallError when r2p-search-web is in neither place or cannot be run.
[[noreturn]] void exec_web_server(const ServeOptions& options);

}  // namespace r2p
