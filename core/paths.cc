// Default paths from the environment (XDG base directories).
#include "core/paths.h"

#include <cstdlib>
#include <filesystem>

#ifndef R2P_BUNDLED_CORPUS
#define R2P_BUNDLED_CORPUS "corpus"
#endif
#ifndef R2P_INSTALLED_CORPUS
#define R2P_INSTALLED_CORPUS "share/r2p-kb/corpus"
#endif
#ifndef R2P_INSTALLED_BINDIR
#define R2P_INSTALLED_BINDIR "bin"
#endif

namespace r2p {

namespace {
std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}
}  // namespace

std::string default_index_path() {
  if (auto db = env("R2P_DB"); !db.empty()) return db;
  if (auto data = env("XDG_DATA_HOME"); !data.empty()) return data + "/r2p-kb/index";
  if (auto home = env("HOME"); !home.empty()) return home + "/.local/share/r2p-kb/index";
  return "r2p-kb-index";
}

std::string installed_corpus_path() {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (error) return {};
  // The installation prefix is as many levels above the program as its bin directory is deep.
  fs::path prefix = self.parent_path();
  for (const auto& part : fs::path(R2P_INSTALLED_BINDIR))
    if (!part.empty() && part != ".") prefix = prefix.parent_path();
  const fs::path corpus = prefix / R2P_INSTALLED_CORPUS;
  return fs::is_directory(corpus, error) ? corpus.string() : std::string();
}

std::string bundled_corpus_path() {
  if (std::string installed = installed_corpus_path(); !installed.empty()) return installed;
  return R2P_BUNDLED_CORPUS;
}

}  // namespace r2p
