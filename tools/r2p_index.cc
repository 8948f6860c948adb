// r2p-index: command-line options -> run_indexer (indexer/indexing.h) -> its report.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/paths.h"
#include "core/version.h"
#include "indexer/corpus_watch.h"
#include "indexer/indexing.h"
#include "indexer/run_report.h"
#include "indexer/write_failure.h"

int main(int argc, char** argv) try {
  r2p::report_write_failures_at_terminate();
  CLI::App app{
      "r2p-index: build or update the r2p-kb search index from corpus directories.\n\n"
      "Examples:\n  r2p-index --corpus corpus --db /tmp/r2p-index\n"
      "  r2p-index --corpus corpus --corpus ~/reports --keep-going\n"
      "  r2p-index --corpus ~/reports --watch"};
  r2p::IndexerOptions options;
  options.corpora = {r2p::bundled_corpus_path()};
  options.db = r2p::default_index_path();
  bool quiet = false;
  // Defaults described rather than printed: --help is also the man page, made at build time.
  app.add_option("--corpus", options.corpora,
                 "Corpus directory: JSON Lines records, aliases.jsonl, and Markdown, HTML or text "
                 "documents (repeat for several); default the bundled corpus "
                 "(PREFIX/share/r2p-kb/corpus when installed)")
      ->type_name("DIR");
  app.add_option("--db", options.db,
                 "Index location; default $R2P_DB, else $XDG_DATA_HOME/r2p-kb/index "
                 "(~/.local/share/r2p-kb/index)")
      ->type_name("DIR");
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
  bool watch = false;
  app.add_flag("--watch", watch,
               "After indexing, keep watching the corpus folders (Linux inotify) and update the "
               "index after each batch of changes, one line per update, until Ctrl-C or SIGTERM");
  app.add_flag("-q,--quiet", quiet, "Print nothing on success");
  app.set_version_flag("--version", r2p::version_text("r2p-index"));
  app.footer(
      "Exit status: 0 index built or updated; 2 bad option or corpus problems (each listed as "
      "file:line: record 'id': field: problem; the existing index is untouched, or with "
      "--keep-going updated without the bad files); 3 the index cannot be written.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? r2p::kExitOk : r2p::kExitUsage;
  }

  if (watch) {
    r2p::WatchOptions watching;
    watching.quiet_output = quiet;
    return r2p::watch_corpus(options, watching);
  }
  const auto start = std::chrono::steady_clock::now();
  if (!quiet && ::isatty(STDERR_FILENO)) options.progress = r2p::progress_bar();
  const r2p::IndexerReport report = r2p::run_indexer(options);
  r2p::clear_progress_bar();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!quiet) r2p::print_summary(report, options, seconds, stdout);
  r2p::print_notes(report, stderr);
  return r2p::print_skipped(report, stderr) ? r2p::kExitUsage : r2p::kExitOk;
} catch (...) {
  return r2p::report_current_exception("r2p-index");
}
