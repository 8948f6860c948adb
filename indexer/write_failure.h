// A failed write that Xapian reports by ending the process, turned into r2p-index's own error.
#pragma once

namespace r2p {

/// Installs a std::terminate handler for Xapian 1.4 commits that fail to write (a full disk): it
/// reports the write error as r2p-index does any other (exit 3, with the index's path), removes
/// what the run wrote, and leaves the published index untouched. Anything else still aborts.
void report_write_failures_at_terminate();

}  // namespace r2p
