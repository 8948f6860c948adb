// Where an index lives and how a new version of it is made live: the writer lock, the versioned
// directories beside the live link, and the atomic swap of the link.
#pragma once

#include <cerrno>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

namespace r2p {

/// Where an index lives: `db_path` is a symbolic link to a versioned sibling directory. Holding
/// a target holds the writer lock, so two indexers never update the same index at once.
class IndexTarget {
 public:
  /// \throws IndexError when the location cannot be used or another r2p-index holds the lock.
  explicit IndexTarget(const std::string& db_path);
  ~IndexTarget();
  IndexTarget(const IndexTarget&) = delete;
  IndexTarget& operator=(const IndexTarget&) = delete;

  const std::string& path() const { return live_; }
  /// The version directory the live link points to; "" when there is no index yet.
  std::string live_version() const;
  /// A fresh, not yet existing version directory beside the live link.
  std::string new_version() const;
  /// Points the live link at `version` atomically (readers see the old or the new index, never
  /// none), then removes versions older than the previous one and leftovers of killed runs.
  void publish(const std::string& version);
  /// Removes the versions (and their parts) new_version() named and publish() did not publish.
  void remove_unpublished() const;

 private:
  std::string live_, parent_, name_;
  int lock_fd_ = -1;
  mutable std::mutex unpublished_mutex_;
  mutable std::vector<std::string> unpublished_;  ///< paths new_version() handed out
};

/// For a process that must end at once while writing: removes what it wrote beside the index it
/// holds the lock of (IndexTarget::remove_unpublished, for the most recently made IndexTarget)
/// and returns that index's path, or "" when it holds none. The index itself is untouched, as
/// after a kill.
std::string abandon_unpublished_writes();

/// Flushes every file of a database directory to disk (it was written with DB_NO_SYNC).
void sync_tree(const std::filesystem::path& dir);

/// The errors that mean the disk (or the user's quota, or the file size limit) is full.
constexpr int kOutOfSpace[] = {ENOSPC, EDQUOT, EFBIG};

}  // namespace r2p
