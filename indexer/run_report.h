// What r2p-index tells its user: a progress bar while it works, then what the run did.
#pragma once

#include <cstdio>

#include "indexer/index_writer.h"
#include "indexer/indexing.h"

namespace r2p {

/// "[#####     ] 41,000/~100,000 records  2,310/s  ETA 25 s" redrawn on one terminal line of
/// stderr; drawn only once the run has taken a second (small runs finish before a bar is worth it).
ProgressCallback progress_bar();

/// Clears the bar's line, if one was drawn.
void clear_progress_bar();

/// What the run did: up to date, updated (with counts), or built in full (with its reason), then
/// one line per name in the text that fits several countries and so ties none.
void print_summary(const IndexerReport& report, const IndexerOptions& options, double seconds,
                   std::FILE* out);

/// What one run did on one line, with the time of day ("12:04:31 updated: files 1 added, 0
/// changed, 0 removed; records 3 added, 0 changed, 0 removed; 1204 records (0.08 s)"): what
/// r2p-index --watch prints after each update.
void print_summary_line(const IndexerReport& report, double seconds, std::FILE* out);

/// Each problem of the files left out (--keep-going), then their list. Returns whether any file
/// was left out.
bool print_skipped(const IndexerReport& report, std::FILE* out);
/// Prints the report's warnings (report.notes), one line each.
void print_notes(const IndexerReport& report, std::FILE* out);

}  // namespace r2p
