// r2p-search-web: the web server behind `r2p-search --serve`, which validates the options and
// runs this program in its place (server/web_launch.h says why it is a program of its own).
#include <CLI/CLI.hpp>

#include "core/error.h"
#include "server/server.h"

int main(int argc, char** argv) try {
  CLI::App app{"r2p-search-web: the web page of r2p-search (run it as r2p-search --serve)."};
  r2p::ServeOptions options;
  app.add_option("--db", options.db_path, "Index to serve")->required();
  app.add_option("--host", options.host, "Address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "Port to listen on; 0 = any free port")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? r2p::kExitOk : r2p::kExitUsage;
  }
  return r2p::serve(options);
} catch (...) {
  return r2p::report_current_exception("r2p-search");
}
