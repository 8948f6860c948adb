#include "indexer/run_report.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <string>

namespace r2p {
namespace {

/// Whether the bar has been drawn (the callback may run on any worker thread).
std::atomic<bool> bar_drawn{false};

void print_counts(const char* what, const ChangeCounts& c, std::FILE* out) {
  std::fprintf(out, "  %s: %d added, %d changed, %d removed, %d unchanged\n", what, c.added,
               c.changed, c.removed, c.unchanged);
}

/// One line per name that fits several countries and so ties none; nothing when there is none
/// (only country names count, never words such as "islands").
void print_ambiguous_names(const std::map<std::string, std::set<std::string>>& names,
                           std::FILE* out) {
  for (const auto& [name, records] : names) {
    std::string ids;
    std::size_t listed = 0;
    for (const auto& id : records) {
      if (listed++ == 3) {
        ids += ", …";
        break;
      }
      ids += (ids.empty() ? "" : ", ") + id;
    }
    std::fprintf(out,
                 "  '%s' fits several countries and ties none (in %zu record%s: %s); write the "
                 "full name, or add the page's spelling to aliases.jsonl\n",
                 name.c_str(), records.size(), records.size() == 1 ? "" : "s", ids.c_str());
  }
}

}  // namespace

ProgressCallback progress_bar() {
  const auto start = std::chrono::steady_clock::now();
  return [start](std::size_t done, std::size_t total) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (seconds < 1.0) return;
    bar_drawn = true;
    const int width = 30;
    const auto filled =
        static_cast<int>(width * std::min(done, total) / std::max<std::size_t>(1, total));
    const double rate = static_cast<double>(done) / seconds;
    char eta[32] = "";
    if (rate > 0 && done < total)
      std::snprintf(eta, sizeof eta, "  ETA %.0f s", static_cast<double>(total - done) / rate);
    std::fprintf(stderr, "\r[%.*s%*s] %zu/~%zu records  %.0f/s%s\033[K", filled,
                 "##############################", width - filled, "", done, total, rate, eta);
  };
}

void clear_progress_bar() {
  if (bar_drawn.exchange(false)) std::fputs("\r\033[K", stderr);
}

void print_summary(const IndexerReport& report, const IndexerOptions& options, double seconds,
                   std::FILE* out) {
  std::string corpora;
  for (const auto& c : options.corpora) corpora += (corpora.empty() ? "" : ", ") + c;
  if (report.up_to_date) {
    std::fprintf(out, "Index %s is up to date with %s: %d records, %d files unchanged (%.2f s)\n",
                 options.db.c_str(), corpora.c_str(), report.documents, report.files.unchanged,
                 seconds);
  } else if (report.incremental) {
    std::fprintf(out, "Updated %s from %s: %d records (%.2f s)\n", options.db.c_str(),
                 corpora.c_str(), report.documents, seconds);
    print_counts("files", report.files, out);
    print_counts("records", report.records, out);
  } else {
    std::fprintf(out, "Indexed %d records from %s into %s (full build: %s; %.2f s)\n",
                 report.documents, corpora.c_str(), options.db.c_str(), report.full_reason.c_str(),
                 seconds);
    for (const auto& [type, count] : report.summary.records_per_type)
      std::fprintf(out, "  %s: %d\n", type.c_str(), count);
    std::fprintf(out, "  countries tied to records: %d\n  synonym keys: %d\n",
                 report.summary.countries_tied, report.summary.synonyms);
  }
  print_ambiguous_names(report.ambiguous_names, out);
}

void print_summary_line(const IndexerReport& report, double seconds, std::FILE* out) {
  char clock[16] = "";
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  if (localtime_r(&now, &local)) std::strftime(clock, sizeof clock, "%H:%M:%S", &local);
  if (report.up_to_date) {
    std::fprintf(out, "%s up to date: %d records (%.2f s)\n", clock, report.documents, seconds);
  } else if (report.incremental) {
    const ChangeCounts& f = report.files;
    const ChangeCounts& r = report.records;
    std::fprintf(out,
                 "%s updated: files %d added, %d changed, %d removed; records %d added, %d "
                 "changed, %d removed; %d records (%.2f s)\n",
                 clock, f.added, f.changed, f.removed, r.added, r.changed, r.removed,
                 report.documents, seconds);
  } else {
    std::fprintf(out, "%s built in full (%s): %d records (%.2f s)\n", clock,
                 report.full_reason.c_str(), report.documents, seconds);
  }
}

void print_notes(const IndexerReport& report, std::FILE* out) {
  for (const auto& note : report.notes)
    std::fprintf(out, "r2p-index: warning: %s\n", note.format().c_str());
}

bool print_skipped(const IndexerReport& report, std::FILE* out) {
  for (const auto& problem : report.skipped) std::fprintf(out, "%s\n", problem.format().c_str());
  if (report.skipped_files.empty()) return false;
  std::fprintf(out,
               "r2p-index: left out %zu file(s) with problems (listed above); fix them and run "
               "again:\n",
               report.skipped_files.size());
  for (const auto& file : report.skipped_files) std::fprintf(out, "  %s\n", file.c_str());
  return true;
}

}  // namespace r2p
