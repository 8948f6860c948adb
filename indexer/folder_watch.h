// The inotify watches on a corpus: every folder under the roots, new folders as they appear, so
// that one file descriptor tells of any file created, written, moved or deleted in the corpus.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace r2p {

class FolderWatch {
 public:
  /// Watches every folder under `roots` (names starting with '.' are passed over: the corpus
  /// leaves them out).
  /// \throws UsageError when a root cannot be watched, or inotify's limits are reached (the
  /// message names the limit and how to raise it).
  explicit FolderWatch(const std::vector<std::string>& roots);
  ~FolderWatch();
  FolderWatch(const FolderWatch&) = delete;
  FolderWatch& operator=(const FolderWatch&) = delete;

  /// Readable (poll) when events wait.
  int fd() const { return fd_; }
  /// Reads the events that wait, watching the folders created or moved in; returns whether any
  /// may change the corpus (an overflowed event queue counts as one).
  /// \throws UsageError as the constructor.
  bool read_events();
  /// A root that was deleted or moved away; "" while every root is there.
  const std::string& lost_root() const { return lost_root_; }

 private:
  /// Watches `dir` and every folder under it; a folder that vanished meanwhile is passed over.
  void add_tree(const std::string& dir);
  /// Whether `dir` is now watched (false when it vanished or cannot be read).
  bool add_folder(const std::string& dir, bool root);
  /// Stops watching `dir` and the folders under it (moved out of the corpus).
  void remove_tree(const std::string& dir);

  int fd_ = -1;
  std::map<int, std::string> folders_;  ///< watch descriptor -> folder
  std::map<int, std::string> roots_;    ///< the roots' watch descriptors
  std::string lost_root_;
};

}  // namespace r2p
