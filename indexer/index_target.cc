// IndexTarget: the writer lock, versions beside the live link, and their atomic publishing.
#include "indexer/index_target.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <string_view>

#include "core/error.h"
#include "core/text.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

/// The target this process holds the lock of, for abandon_unpublished_writes().
std::atomic<const IndexTarget*> held_target{nullptr};

/// Whether `file` is a version of index `name` as IndexTarget::new_version() names them,
/// ".NAME.v<time>-<pid>", or its parts (".parts" after it): indexes sharing a directory (say "kb"
/// and "kb.v2") never take each other's files.
bool is_version_entry(std::string_view file, const std::string& name) {
  const std::string prefix = "." + name + ".v";
  if (file.substr(0, prefix.size()) != prefix) return false;
  file.remove_prefix(prefix.size());
  const std::string_view parts = ".parts";
  if (file.size() > parts.size() && file.substr(file.size() - parts.size()) == parts)
    file.remove_suffix(parts.size());
  const std::size_t dash = file.find('-');
  return dash != std::string_view::npos && all_digits(file.substr(0, dash)) &&
         all_digits(file.substr(dash + 1));
}

}  // namespace

void sync_tree(const fs::path& dir) {
  for (const auto& entry : fs::directory_iterator(dir)) {
    int fd = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fsync(fd);
    ::close(fd);
  }
  sync_directory(dir);
}

IndexTarget::IndexTarget(const std::string& db_path) {
  if (db_path.empty())
    throw UsageError("--db is empty; give the index location, e.g. --db ~/r2p-index");
  fs::path live = fs::absolute(db_path).lexically_normal();
  // "DIR/" names DIR, as it does for r2p-search.
  if (!live.has_filename()) live = live.parent_path();
  if (!live.has_filename() || live == live.root_path())
    throw UsageError("--db " + db_path + " names no place for an index link; give a path such as " +
                     "--db ~/r2p-index");
  const fs::path parent = live.parent_path();
  live_ = live.string();
  parent_ = parent.string();
  name_ = live.filename().string();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec)
    throw IndexError("cannot create " + parent.string() + ": " + ec.message() +
                     "; choose another --db location");
  if (fs::exists(fs::symlink_status(live)) && !fs::is_symlink(fs::symlink_status(live))) {
    if (fs::is_directory(live) && fs::is_empty(live, ec)) {
      fs::remove(live, ec);
    } else {
      throw IndexError(live.string() +
                       " exists and is not an r2p-kb index link; remove it or choose another --db");
    }
  }
  // A link that r2p-index did not make (say to /etc) is not replaced: it may be what someone
  // else relies on. Ours name a version of this index beside the link.
  if (fs::is_symlink(fs::symlink_status(live, ec))) {
    const fs::path target = fs::read_symlink(live, ec);
    const bool ours = !ec && is_version_entry(target.filename().string(), name_) &&
                      target.filename().string().find(".parts") == std::string::npos &&
                      (target.parent_path().empty() || target.parent_path() == parent);
    if (!ours)
      throw IndexError(live.string() + " is a symbolic link to " + target.string() +
                       ", not to an r2p-kb index; r2p-index does not replace it: remove the link "
                       "or choose another --db");
  }
  // An exclusive lock on `.<name>.lock` beside the link: a second writer is refused at once.
  const fs::path lock_path = parent / ("." + name_ + ".lock");
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0)
    throw IndexError("cannot create the lock file " + lock_path.string() +
                     "; check that its directory is writable");
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
    throw IndexError("another r2p-index is writing this index (" + lock_path.string() +
                     " is locked); wait for it to finish");
  }
  held_target = this;
}

IndexTarget::~IndexTarget() {
  const IndexTarget* self = this;
  held_target.compare_exchange_strong(self, nullptr);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void IndexTarget::remove_unpublished() const {
  std::vector<std::string> paths;
  {
    std::lock_guard<std::mutex> lock(unpublished_mutex_);
    paths = unpublished_;
  }
  for (const auto& path : paths) {
    std::error_code ignored;
    fs::remove_all(path, ignored);
    fs::remove_all(path + ".parts", ignored);
  }
}

std::string abandon_unpublished_writes() {
  const IndexTarget* target = held_target.load();
  if (!target) return "";
  target->remove_unpublished();
  return target->path();
}

std::string IndexTarget::live_version() const {
  std::error_code ec;
  if (!fs::is_symlink(live_)) return "";
  const fs::path target = fs::read_symlink(live_, ec);
  if (ec) return "";
  const fs::path version = target.is_absolute() ? target : fs::path(parent_) / target;
  return fs::is_directory(version, ec) ? version.string() : "";
}

std::string IndexTarget::new_version() const {
  const auto stamp = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  std::string version = (fs::path(parent_) / ("." + name_ + ".v" + std::to_string(stamp) + "-" +
                                              std::to_string(::getpid())))
                            .string();
  std::lock_guard<std::mutex> lock(unpublished_mutex_);
  unpublished_.push_back(version);
  return version;
}

void IndexTarget::publish(const std::string& version_dir) {
  const fs::path parent(parent_);
  const fs::path live(live_);
  const std::string version = fs::path(version_dir).filename().string();
  std::error_code ec;
  // Swap: a new symlink renamed over the live one is atomic; readers see old or new, never none.
  std::string previous;
  if (fs::is_symlink(live)) previous = fs::read_symlink(live, ec).filename().string();
  const fs::path temp_link = parent / ("." + name_ + ".link-" + std::to_string(::getpid()));
  fs::remove(temp_link, ec);
  fs::create_directory_symlink(version, temp_link, ec);
  if (!ec) fs::rename(temp_link, live, ec);
  if (ec) {
    fs::remove(temp_link, ec);
    fs::remove_all(version_dir, ec);
    throw IndexError("cannot make " + live.string() + " point to the new index: " + ec.message());
  }
  sync_directory(parent);
  {
    std::lock_guard<std::mutex> lock(unpublished_mutex_);
    unpublished_.erase(std::remove(unpublished_.begin(), unpublished_.end(), version_dir),
                       unpublished_.end());
  }

  // Keep the previous version for readers that still have it open; remove older ones and the
  // leftovers of killed runs (their versions, parts and temporary links; the lock keeps out any
  // run still writing).
  const std::string link_prefix = "." + name_ + ".link-";
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string file = entry.path().filename().string();
    const bool leftover_link = file.rfind(link_prefix, 0) == 0 &&
                               all_digits(std::string_view(file).substr(link_prefix.size()));
    if (!leftover_link && (!is_version_entry(file, name_) || file == version || file == previous))
      continue;
    std::error_code ignored;
    fs::remove_all(entry.path(), ignored);
  }
}

}  // namespace r2p
