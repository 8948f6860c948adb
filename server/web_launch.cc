#include "server/web_launch.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace r2p {

namespace {

constexpr const char* kWebServerProgram = "r2p-search-web";

/// Where r2p-search-web may be, in order, given the directory of the running program.
std::vector<std::string> web_server_candidates(const std::string& program_dir) {
  const std::filesystem::path dir(program_dir);
  return {(dir / kWebServerProgram).string(),
          (dir / ".." / "libexec" / "r2p-kb" / kWebServerProgram).lexically_normal().string()};
}

/// The arguments r2p-search-web gets for `options` (argv[0] included).
std::vector<std::string> web_server_arguments(const ServeOptions& options) {
  return {kWebServerProgram,           "--db", options.db_path, "--host", options.host, "--port",
          std::to_string(options.port)};
}

}  // namespace

void exec_web_server(const ServeOptions& options) {
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error)
    throw InstallError("cannot find where r2p-search is installed (/proc/self/exe: " +
                       error.message() + "), so not " + kWebServerProgram + " either");

  const std::vector<std::string> arguments = web_server_arguments(options);
  std::vector<char*> argv;
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);

  std::string looked;
  for (const auto& candidate : web_server_candidates(self.parent_path().string())) {
    ::execv(candidate.c_str(), argv.data());
    const int code = errno;  // execv returns only on failure
    if (code != ENOENT && code != ENOTDIR)
      throw InstallError("cannot run " + candidate + ": " + std::strerror(code));
    looked += (looked.empty() ? "" : ", ") + candidate;
  }
  throw InstallError(std::string("--serve needs the program ") + kWebServerProgram +
                     ", which is missing (looked for " + looked +
                     "); build or install r2p-kb again");
}

}  // namespace r2p
