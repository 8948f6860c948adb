// r2p-index: reads the corpus, links entities and writes the search index.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/paths.h"
#include "indexer/corpus_reader.h"
#include "indexer/index_writer.h"
#include "indexer/linker.h"

int main(int argc, char** argv) try {
  CLI::App app{
      "r2p-index: build the r2p-kb search index from a corpus directory.\n\n"
      "Example:\n  r2p-index --corpus corpus --db /tmp/r2p-index"};
  std::string corpus_dir = r2p::bundled_corpus_path();
  std::string db_path = r2p::default_index_path();
  bool quiet = false;
  r2p::IndexOptions index_options;
  app.add_option("--corpus", corpus_dir, "Corpus directory (JSON Lines records and aliases.jsonl)")
      ->capture_default_str();
  app.add_option("--db", db_path,
                 "Index location; default $R2P_DB, else $XDG_DATA_HOME/r2p-kb/index "
                 "(~/.local/share/r2p-kb/index)")
      ->capture_default_str();
  app.add_option("--threads", index_options.threads,
                 "Worker threads reading and indexing (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--shards", index_options.shards,
                 "Build N shard databases plus a stub listing them, searched as one (see README: "
                 "several machines); default one database")
      ->check(CLI::Range(0u, 64u));
  app.add_flag("-q,--quiet", quiet, "Print nothing on success");
  app.footer(
      "Exit status: 0 index built; 2 bad option or corpus problems (each listed as "
      "file:line: record 'id': field: problem; the existing index is untouched); "
      "3 the index cannot be written.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? r2p::kExitOk : r2p::kExitUsage;
  }

  const auto start = std::chrono::steady_clock::now();
  // The corpus is streamed: each thread reads, validates and links its part while it indexes
  // it, and the checks that span records run before the new index may go live.
  r2p::CorpusStream corpus(corpus_dir);
  const r2p::RecordProducer produce = [&](unsigned part, unsigned parts,
                                          const std::function<void(const r2p::Record&)>& emit) {
    corpus.read_part(part, parts, [&](r2p::Record& record) {
      r2p::link_record(record, corpus.gazetteer());
      emit(record);
    });
  };

  const bool show_progress = !quiet && ::isatty(STDERR_FILENO) && corpus.record_lines() >= 5000;
  r2p::ProgressCallback progress;
  if (show_progress) {
    // `total` counts corpus lines, so it is an estimate of the records to come.
    progress = [](std::size_t done, std::size_t total) {
      const int width = 40;
      const auto filled =
          static_cast<int>(width * std::min(done, total) / std::max<std::size_t>(1, total));
      std::fprintf(stderr, "\r[%.*s%*s] %zu/~%zu records", filled,
                   "########################################", width - filled, "", done, total);
    };
  }
  const r2p::IndexSummary summary =
      r2p::write_index(produce, corpus.record_lines(), corpus.aliases(), corpus.gazetteer(),
                       db_path, index_options, progress, [&] { corpus.finish(); });
  if (show_progress) std::fputc('\n', stderr);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!quiet) {
    std::cout << "Indexed " << summary.documents << " records from " << corpus_dir << " into "
              << db_path << "\n";
    for (const auto& [type, count] : summary.records_per_type)
      std::cout << "  " << type << ": " << count << "\n";
    std::cout << "  countries tied to records: " << summary.countries_tied << "\n"
              << "  synonym keys: " << summary.synonyms << "\n";
    std::printf("  time: %.2f s\n", seconds);
  }
  return r2p::kExitOk;
} catch (const r2p::Error& e) {
  std::cerr << "r2p-index: " << e.what() << "\n";
  return e.exit_code();
} catch (const Xapian::Error& e) {
  std::cerr << "r2p-index: index error: " << e.get_description() << "\n";
  return r2p::kExitIndex;
} catch (const std::exception& e) {
  std::cerr << "r2p-index: " << e.what() << "\n";
  return r2p::kExitIndex;
}
