// One run of r2p-index: decides between a full build and an incremental update, reads what it
// must, and reports what changed. main.cc only parses options and prints the report.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.h"
#include "indexer/file_manifest.h"
#include "indexer/index_writer.h"

namespace r2p {

struct IndexerOptions {
  std::vector<std::string> corpora;  ///< corpus roots, read together
  std::string db;                    ///< the index link
  IndexOptions index;                ///< threads, shards
  bool rebuild = false;              ///< build from scratch even if an update would do
  bool keep_going = false;           ///< index the good files and report the bad ones
  bool follow_links = false;         ///< follow symbolic links that lead out of the corpus roots
  ProgressCallback progress;         ///< (records done, records expected); may be empty
  /// An update re-reads at most this share of the corpus bytes; more changed means a full build,
  /// which is then faster (and holds no changed records in memory).
  double update_share = 0.25;
};

/// How many files or records were added, changed, removed or left as they were.
struct ChangeCounts {
  int added = 0;
  int changed = 0;
  int removed = 0;
  int unchanged = 0;
};

struct IndexerReport {
  bool incremental = false;  ///< an update of the existing index, not a full build
  bool up_to_date = false;   ///< nothing changed: the index was left as it was
  std::string full_reason;   ///< why a full build ran ("no index yet", "--rebuild", ...)
  ChangeCounts files;
  ChangeCounts records;
  int documents = 0;     ///< in the index now
  IndexSummary summary;  ///< of a full build
  /// With keep_going: the problems of the files left out (their previous version, if any, stays
  /// indexed). The caller reports them and exits non-zero.
  std::vector<Problem> skipped;
  std::vector<std::string> skipped_files;
  /// Names in the text of the records read that fit several countries and so tie none
  /// ("Congo"), with the ids of the records they occur in.
  std::map<std::string, std::set<std::string>> ambiguous_names;
  /// Warnings about the files read: passed over (`.json`) or indexed by their title alone (an
  /// empty document). Nothing is wrong; the caller shows them.
  std::vector<Problem> notes;
};

/// Brings the index at options.db up to date with the corpus: a full build when there is no
/// usable index yet (or --rebuild, shards, a changed alias table, or most files changed), else
/// an update that re-reads only the files whose content changed.
/// \throws CorpusError (bad input, nothing written unless keep_going), IndexError, UsageError.
IndexerReport run_indexer(const IndexerOptions& options);

}  // namespace r2p
