// r2p-index --watch: keeps the index following the corpus folders (Linux inotify), updating it
// after each burst of changes, until SIGINT or SIGTERM.
#pragma once

#include <chrono>
#include <cstdio>
#include <optional>

#include "indexer/indexing.h"

namespace r2p {

/// When a burst of file events is over and the index should be updated: once `quiet` has passed
/// without a new event, or `longest` after the first event of the burst (so that a folder that
/// never stops changing is still indexed now and then).
class ChangeBatch {
 public:
  using Clock = std::chrono::steady_clock;

  ChangeBatch(std::chrono::milliseconds quiet, std::chrono::milliseconds longest)
      : quiet_(quiet), longest_(longest) {}

  /// An event arrived at `now`.
  void note(Clock::time_point now);
  /// Whether events wait for an update.
  bool pending() const { return first_.has_value(); }
  /// Whether the update is due at `now`.
  bool due(Clock::time_point now) const;
  /// Milliseconds to wait at `now` before the update is due (0 when it is); -1 when no event
  /// waits (wait for one without a time limit).
  int wait_ms(Clock::time_point now) const;
  /// The update ran: forget the events.
  void clear();

 private:
  std::chrono::milliseconds quiet_;
  std::chrono::milliseconds longest_;
  std::optional<Clock::time_point> first_;
  Clock::time_point last_;
};

struct WatchOptions {
  std::chrono::milliseconds quiet{400};     ///< ChangeBatch: no event for this long ...
  std::chrono::milliseconds longest{5000};  ///< ... or this long after the first
  bool quiet_output = false;                ///< print nothing but problems
  std::FILE* out = stdout;                  ///< summaries (problems go to stderr)
};

/// Runs run_indexer(options) once (printing its summary), then watches every folder under the
/// corpus roots (new folders too; names starting with '.' are not corpus files and are passed
/// over) and, after each batch of changes, runs it again and prints one line. A run that fails
/// (bad input, an unwritable index) is reported and the watch goes on: the index keeps its last
/// good version. SIGINT and SIGTERM end the watch between runs, never during one.
/// Returns the exit status: 0 when stopped by a signal.
/// \throws UsageError when the folders cannot be watched (inotify's limit on watches reached: the
/// message says how to raise it) or a corpus root disappears.
int watch_corpus(const IndexerOptions& options, const WatchOptions& watch);

}  // namespace r2p
