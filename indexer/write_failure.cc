#include "indexer/write_failure.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <thread>

#include <xapian.h>

#include "core/error.h"
#include "indexer/index_target.h"

namespace r2p {
namespace {

/// Xapian 1.4 can end the process from inside a commit whose writes fail: with a full disk, a
/// backtrace showed std::terminate reached from WritableDatabase::commit() as it unwound, where no
/// handler of ours can catch the error. The index is untouched then, as after a kill; this reports
/// the write error as one (exit 3) and removes what the run wrote. Anything else still aborts.
[[noreturn]] void on_terminate() {
  const int last_errno = errno;  // before anything here can change it
  std::string description;
  if (const std::exception_ptr error = std::current_exception()) {
    try {
      std::rethrow_exception(error);
    } catch (const Xapian::Error& e) {
      description = e.get_description();
    } catch (...) {
    }
  } else if (std::uncaught_exceptions() > 0) {
    // Xapian 1.4.22 can also call std::terminate() itself, from a part of commit() that must not
    // throw, as the error of a failed write leaves it: the exception is in flight but not at
    // hand, only the system error the write left. Another part's thread failing with the error
    // itself reports it if it comes within half a second.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    description = "Xapian stopped on an error while writing";
    if (last_errno != 0) description += std::string(" (") + std::strerror(last_errno) + ")";
  }
  // Both part builders may fail at once: the first reports, the others wait for its exit.
  static std::atomic_flag reporting = ATOMIC_FLAG_INIT;
  if (reporting.test_and_set()) {
    for (;;) ::pause();
  }
  if (description.empty()) std::abort();
  std::string path;
  try {
    path = abandon_unpublished_writes();
  } catch (...) {
  }
  std::fprintf(stderr,
               "r2p-index: cannot write the index%s%s: %s; check free space and permissions\n",
               path.empty() ? "" : " in ", path.c_str(), description.c_str());
  std::_Exit(kExitIndex);
}

}  // namespace

void report_write_failures_at_terminate() {
  std::set_terminate(on_terminate);
}

}  // namespace r2p
