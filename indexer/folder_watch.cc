// inotify watches on every folder of the corpus roots.
#include "indexer/folder_watch.h"

#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "indexer/corpus_reader.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

/// What changes a corpus: files created, written (also while still open, for a writer that never
/// closes), touched or re-permissioned, moved in or out, deleted; the folder itself going away.
constexpr std::uint32_t kFolderEvents = IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB |
                                        IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE | IN_DELETE_SELF |
                                        IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK;

/// Names starting with '.' are not corpus files (editors' swap files, .git), except the list of
/// paths to leave out.
bool concerns_corpus(const std::string& name) {
  return name.empty() || name[0] != '.' || name == kIgnoreFile;
}

/// The value of an inotify limit in /proc, or "?".
std::string proc_limit(const char* name) {
  std::ifstream in(std::string("/proc/sys/fs/inotify/") + name);
  std::string value;
  return in >> value ? value : "?";
}

[[noreturn]] void throw_limit(const std::string& what, const char* limit) {
  throw UsageError(what + ": the system's limit of inotify " +
                   (std::string(limit) == "max_user_watches" ? "watches" : "instances") + " (" +
                   proc_limit(limit) + ") is reached; raise it, e.g. `sudo sysctl fs.inotify." +
                   limit + "=524288`, or watch fewer folders");
}

bool inside(const std::string& path, const std::string& dir) {
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         path[dir.size()] == '/');
}

}  // namespace

FolderWatch::FolderWatch(const std::vector<std::string>& roots) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    if (errno == EMFILE) throw_limit("cannot watch the corpus", "max_user_instances");
    throw UsageError(std::string("cannot watch the corpus: inotify: ") + std::strerror(errno));
  }
  for (const auto& root : roots) {
    const std::string dir = fs::path(root).lexically_normal().string();
    if (!add_folder(dir, true))
      throw UsageError("cannot watch corpus folder " + root + ": " + std::strerror(errno));
    add_tree(dir);
  }
}

FolderWatch::~FolderWatch() {
  if (fd_ >= 0) ::close(fd_);
}

bool FolderWatch::add_folder(const std::string& dir, bool root) {
  const int wd = inotify_add_watch(fd_, dir.c_str(), kFolderEvents);
  if (wd < 0) {
    if (errno == ENOSPC) throw_limit("cannot watch " + dir, "max_user_watches");
    return false;  // vanished, or unreadable (the update reports that as a problem)
  }
  folders_[wd] = dir;
  if (root) roots_[wd] = dir;
  return true;
}

void FolderWatch::add_tree(const std::string& dir) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    if (!concerns_corpus(it->path().filename().string()) || !add_folder(it->path().string(), false))
      it.disable_recursion_pending();
  }
}

void FolderWatch::remove_tree(const std::string& dir) {
  for (auto it = folders_.begin(); it != folders_.end();) {
    if (inside(it->second, dir) && !roots_.count(it->first)) {
      inotify_rm_watch(fd_, it->first);
      it = folders_.erase(it);
    } else {
      ++it;
    }
  }
}

bool FolderWatch::read_events() {
  alignas(inotify_event) char buffer[64 * 1024];
  bool changed = false;
  for (;;) {
    const ssize_t got = ::read(fd_, buffer, sizeof buffer);
    if (got <= 0) return changed;  // EAGAIN: every event read
    for (ssize_t at = 0; at < got;) {
      const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
      at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
      if (event->mask & IN_Q_OVERFLOW) changed = true;
      auto folder = folders_.find(event->wd);
      if (folder == folders_.end()) continue;
      if (event->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
        if (roots_.count(event->wd)) lost_root_ = roots_[event->wd];
        if (event->mask & IN_IGNORED) folders_.erase(folder);
        continue;
      }
      const std::string name = event->len ? event->name : "";
      if (!concerns_corpus(name)) continue;
      changed = true;
      const std::string path = folder->second + "/" + name;
      if (event->mask & IN_ISDIR) {
        if ((event->mask & (IN_CREATE | IN_MOVED_TO)) && add_folder(path, false)) add_tree(path);
        if (event->mask & IN_MOVED_FROM) remove_tree(path);
      }
    }
  }
}

}  // namespace r2p
