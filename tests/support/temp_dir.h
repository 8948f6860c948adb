// TempDir: a fresh directory under the temp directory for one test, removed with its contents.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace r2p::test {

class TempDir {
 public:
  /// `prefix`-XXXXXX with `permissions`: mkdtemp's owner-only by default; 0755 lets an
  /// unprivileged reader in.
  explicit TempDir(const std::string& prefix = "r2p-test",
                   std::filesystem::perms permissions = std::filesystem::perms::owner_all) {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    path_ = pattern;
    if (permissions != std::filesystem::perms::owner_all)
      std::filesystem::permissions(path_, permissions);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace r2p::test
