// r2p-index: reads the corpus, links entities and writes the search index.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/paths.h"
#include "indexer/index_writer.h"
#include "indexer/indexing.h"

namespace {

/// "[#####     ] 41,000/~100,000 records  2,310/s  ETA 25 s" on one terminal line.
r2p::ProgressCallback progress_bar() {
  const auto start = std::chrono::steady_clock::now();
  return [start](std::size_t done, std::size_t total) {
    const int width = 30;
    const auto filled =
        static_cast<int>(width * std::min(done, total) / std::max<std::size_t>(1, total));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    char eta[32] = "";
    if (rate > 0 && done < total)
      std::snprintf(eta, sizeof eta, "  ETA %.0f s", static_cast<double>(total - done) / rate);
    std::fprintf(stderr, "\r[%.*s%*s] %zu/~%zu records  %.0f/s%s\033[K", filled,
                 "##############################", width - filled, "", done, total, rate, eta);
  };
}

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
    path = r2p::abandon_unpublished_writes();
  } catch (...) {
  }
  std::fprintf(stderr,
               "r2p-index: cannot write the index%s%s: %s; check free space and permissions\n",
               path.empty() ? "" : " in ", path.c_str(), description.c_str());
  std::_Exit(r2p::kExitIndex);
}

void print_counts(const char* what, const r2p::ChangeCounts& c) {
  std::printf("  %s: %d added, %d changed, %d removed, %d unchanged\n", what, c.added, c.changed,
              c.removed, c.unchanged);
}

/// One line per name in the text that fits several countries and so ties none; nothing when
/// there is none (only country names count, never words such as "islands").
void print_ambiguous_names(const std::map<std::string, std::set<std::string>>& names) {
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
    std::printf(
        "  '%s' fits several countries and ties none (in %zu record%s: %s); write the "
        "full name, or add the page's spelling to aliases.jsonl\n",
        name.c_str(), records.size(), records.size() == 1 ? "" : "s", ids.c_str());
  }
}

/// What the run did: up to date, updated (with counts), or built in full (with its reason).
void print_summary(const r2p::IndexerReport& report, const r2p::IndexerOptions& options,
                   double seconds) {
  std::string corpora;
  for (const auto& c : options.corpora) corpora += (corpora.empty() ? "" : ", ") + c;
  if (report.up_to_date) {
    std::printf("Index %s is up to date with %s: %d records, %d files unchanged (%.2f s)\n",
                options.db.c_str(), corpora.c_str(), report.documents, report.files.unchanged,
                seconds);
  } else if (report.incremental) {
    std::printf("Updated %s from %s: %d records (%.2f s)\n", options.db.c_str(), corpora.c_str(),
                report.documents, seconds);
    print_counts("files", report.files);
    print_counts("records", report.records);
  } else {
    std::printf("Indexed %d records from %s into %s (full build: %s; %.2f s)\n", report.documents,
                corpora.c_str(), options.db.c_str(), report.full_reason.c_str(), seconds);
    for (const auto& [type, count] : report.summary.records_per_type)
      std::printf("  %s: %d\n", type.c_str(), count);
    std::printf("  countries tied to records: %d\n  synonym keys: %d\n",
                report.summary.countries_tied, report.summary.synonyms);
  }
}

}  // namespace

int main(int argc, char** argv) try {
  std::set_terminate(on_terminate);
  CLI::App app{
      "r2p-index: build or update the r2p-kb search index from corpus directories.\n\n"
      "Examples:\n  r2p-index --corpus corpus --db /tmp/r2p-index\n"
      "  r2p-index --corpus corpus --corpus ~/reports --keep-going"};
  r2p::IndexerOptions options;
  options.corpora = {r2p::bundled_corpus_path()};
  options.db = r2p::default_index_path();
  bool quiet = false;
  app.add_option("--corpus", options.corpora,
                 "Corpus directory: JSON Lines records, aliases.jsonl, and Markdown, HTML or text "
                 "documents (repeat for several)")
      ->capture_default_str();
  app.add_option("--db", options.db,
                 "Index location; default $R2P_DB, else $XDG_DATA_HOME/r2p-kb/index "
                 "(~/.local/share/r2p-kb/index)")
      ->capture_default_str();
  app.add_option("--threads", options.index.threads,
                 "Worker threads reading and indexing (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--shards", options.index.shards,
                 "Build N shard databases plus a stub listing them, searched as one (see README: "
                 "several machines); default one database")
      ->check(CLI::Range(0u, 64u));
  app.add_flag("--rebuild", options.rebuild,
               "Build the index from scratch (default: update it, re-reading only changed files)");
  app.add_flag("--keep-going", options.keep_going,
               "Index the good files, list the bad ones (their previous version stays indexed) "
               "and exit 2");
  app.add_flag("--follow-links", options.follow_links,
               "Follow symbolic links that lead out of the corpus directories (by default such "
               "a link, to a file or a folder, is refused as a problem)");
  app.add_flag("-q,--quiet", quiet, "Print nothing on success");
  app.footer(
      "Exit status: 0 index built or updated; 2 bad option or corpus problems (each listed as "
      "file:line: record 'id': field: problem; the existing index is untouched, or with "
      "--keep-going updated without the bad files); 3 the index cannot be written.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? r2p::kExitOk : r2p::kExitUsage;
  }

  const auto start = std::chrono::steady_clock::now();
  const bool show_progress = !quiet && ::isatty(STDERR_FILENO);
  if (show_progress) {
    auto bar = progress_bar();
    // Small runs finish before a bar is worth drawing.
    options.progress = [bar, start](std::size_t done, std::size_t total) {
      if (std::chrono::steady_clock::now() - start > std::chrono::seconds(1)) bar(done, total);
    };
  }
  const r2p::IndexerReport report = r2p::run_indexer(options);
  if (show_progress && std::chrono::steady_clock::now() - start > std::chrono::seconds(1))
    std::fputs("\r\033[K", stderr);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  for (const auto& problem : report.skipped) std::cerr << problem.format() << "\n";
  if (!quiet) print_summary(report, options, seconds);
  if (!quiet) print_ambiguous_names(report.ambiguous_names);
  if (!report.skipped_files.empty()) {
    std::cerr << "r2p-index: left out " << report.skipped_files.size()
              << " file(s) with problems (listed above); fix them and run again:\n";
    for (const auto& file : report.skipped_files) std::cerr << "  " << file << "\n";
    return r2p::kExitUsage;
  }
  return r2p::kExitOk;
} catch (...) {
  return r2p::report_current_exception("r2p-index");
}
