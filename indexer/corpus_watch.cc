// r2p-index --watch: an update after each burst of changes in the corpus folders.
#include "indexer/corpus_watch.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "indexer/folder_watch.h"
#include "indexer/run_report.h"

namespace r2p {

void ChangeBatch::note(Clock::time_point now) {
  if (!first_) first_ = now;
  last_ = now;
}

bool ChangeBatch::due(Clock::time_point now) const {
  return pending() && wait_ms(now) == 0;
}

int ChangeBatch::wait_ms(Clock::time_point now) const {
  if (!first_) return -1;
  const Clock::time_point at = std::min(last_ + quiet_, *first_ + longest_);
  if (at <= now) return 0;
  // Rounded up, so that the wait never ends just before the update is due.
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(at - now);
  return static_cast<int>(left.count());
}

void ChangeBatch::clear() {
  first_.reset();
}

namespace {

/// SIGINT and SIGTERM, blocked and read from a file descriptor: they end the watch where it polls,
/// never in the middle of a run (the threads a run starts inherit the blocked mask). The previous
/// mask comes back when the watch ends.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    if (pthread_sigmask(SIG_BLOCK, &set_, &previous_) != 0 ||
        (fd_ = signalfd(-1, &set_, SFD_CLOEXEC | SFD_NONBLOCK)) < 0)
      throw UsageError(std::string("cannot watch for Ctrl-C: ") + std::strerror(errno));
  }
  ~StopSignals() {
    ::close(fd_);
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  int fd() const { return fd_; }
  /// Takes the signals that arrived, if any: one left pending would end the process with its
  /// default action once the old mask is back.
  bool received() const {
    signalfd_siginfo info;
    bool any = false;
    while (::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) any = true;
    return any;
  }

 private:
  sigset_t set_;
  sigset_t previous_;
  int fd_ = -1;
};

/// One run of the indexer, reported: its summary (in full for the first run, else on one line)
/// and the files left out, or its error. The watch goes on either way.
void run_and_report(const IndexerOptions& options, const WatchOptions& watch, bool first) {
  try {
    const auto start = std::chrono::steady_clock::now();
    const IndexerReport report = run_indexer(options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!watch.quiet_output) {
      if (first)
        print_summary(report, options, seconds, watch.out);
      else
        print_summary_line(report, seconds, watch.out);
    }
    print_skipped(report, stderr);
  } catch (...) {
    report_current_exception("r2p-index");
    std::fputs("r2p-index: the index keeps its last good version; watching for the next change\n",
               stderr);
  }
  std::fflush(watch.out);
  std::fflush(stderr);
}

}  // namespace

int watch_corpus(const IndexerOptions& options, const WatchOptions& watch) {
  const StopSignals stop;
  // Watching starts before the first run, so that a change made during it is not missed.
  FolderWatch folders(options.corpora);
  run_and_report(options, watch, true);
  if (!watch.quiet_output) {
    std::fprintf(
        watch.out, "Watching %s for changes (Ctrl-C to stop)\n",
        options.corpora.size() == 1 ? options.corpora.front().c_str() : "the corpus folders");
    std::fflush(watch.out);
  }
  ChangeBatch batch(watch.quiet, watch.longest);
  for (;;) {
    pollfd fds[2] = {{stop.fd(), POLLIN, 0}, {folders.fd(), POLLIN, 0}};
    const int ready = ::poll(fds, 2, batch.wait_ms(ChangeBatch::Clock::now()));
    if (ready < 0 && errno != EINTR)
      throw UsageError(std::string("cannot watch the corpus: poll: ") + std::strerror(errno));
    if ((fds[0].revents & POLLIN) && stop.received()) return kExitOk;
    if ((fds[1].revents & POLLIN) && folders.read_events()) batch.note(ChangeBatch::Clock::now());
    if (!folders.lost_root().empty())
      throw UsageError("corpus folder " + folders.lost_root() +
                       " was deleted or moved; stopped watching");
    if (batch.due(ChangeBatch::Clock::now())) {
      batch.clear();
      run_and_report(options, watch, false);
    }
  }
}

}  // namespace r2p
