// Shared pieces of the benchmark programs: the corpus shards to read, a monotonic clock, latency
// percentiles and the timing loop every query tool runs over the query mix.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/query_mix.h"

namespace r2p::bench {

/// Every *.jsonl file under `dir` (recursively), sorted by path, without the alias table.
/// \throws std::runtime_error when `dir` is not a directory.
std::vector<std::string> corpus_shards(const std::string& dir);

/// The words of a question (MixQuery::any_word) that the peers match with OR: query_words without
/// the stopwords r2p-kb does not require.
std::vector<std::string> content_words(const std::string& text);

/// Milliseconds on a monotonic clock.
double now_ms();

/// The value below which `fraction` of `samples` lie (nearest rank); 0 for no samples.
double percentile(std::vector<double> samples, double fraction);

/// How long to time each query class.
struct TimingOptions {
  int iterations = 20;      ///< rounds over a class's queries
  double budget_ms = 4000;  ///< stop a class after this much time once it has min_runs samples
  int min_runs = 6;
  bool with_facets = true;  ///< time the mix with exact facets
  bool without_facets = true;
};

/// Reads --iterations K and --budget-ms MS from argv[first...]; other arguments are returned.
/// \throws std::invalid_argument on a malformed value.
std::vector<std::string> parse_timing_options(int argc, char** argv, int first,
                                              TimingOptions& options);

/// Thrown by a QueryRunner for a query its engine cannot express; the class is left out.
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Runs one query and returns its exact (or, for engines that estimate, best) hit count.
using QueryRunner = std::function<std::size_t(const MixQuery& query, bool facets)>;

/// Times every class of the query mix with and without facets: each query runs once untimed
/// (its time is kept as the class's first run), then the class's queries run round-robin.
/// Returns {"classes": [{"class", "facets", "runs", "p50_ms", "p95_ms", "p99_ms", "mean_ms",
/// "first_ms", "totals"}]}.
nlohmann::json time_query_mix(const QueryRunner& run, const TimingOptions& options);

/// Times the query mix (time_query_mix) and prints its figures on stdout as one JSON line, with
/// "engine" and the keys of `about` (the number of documents searched, the time to open the
/// index). Returns 0, the program's exit status.
int print_query_mix_timings(const QueryRunner& run, const TimingOptions& options,
                            const std::string& engine,
                            const nlohmann::json& about = nlohmann::json::object());

/// What a peer engine's program does for each of its commands (bench/run and bench/quality call
/// them): index a corpus, time the query mix, index and search a TREC-style collection.
struct PeerCommands {
  std::function<int(const std::string& corpus_dir, const std::string& db)> index;
  std::function<int(const std::string& db, const TimingOptions& options)> query;
  std::function<int(const std::string& docs, const std::string& db)> trec_index;
  std::function<int(const std::string& db, const std::string& queries)> trec_run;
};

/// The main of a peer engine's program: runs the command in argv (`index CORPUS_DIR DB`,
/// `query DB [--iterations K] [--budget-ms MS]`, `trec-index DOCS.jsonl DB` or
/// `trec-run DB QUERIES.jsonl`) and returns its exit status; for anything else prints the usage
/// of `program` (naming the database `db_name`) and returns 2. A std::exception that ends the
/// command is reported as "PROGRAM: what" (exit status 1); others are the caller's to catch.
int peer_main(int argc, char** argv, const std::string& program, const std::string& db_name,
              const PeerCommands& commands);

/// Prints an indexing run's figures on stdout as one JSON line: the engine, the records and input
/// bytes it indexed, the seconds since `start_ms` (now_ms) and the records and megabytes per
/// second. Returns 0, the program's exit status.
int print_index_timings(const std::string& engine, std::size_t records, std::size_t bytes,
                        double start_ms);

/// Prints "PROGRAM: MESSAGE" on stderr for a program's main to report the error that ended it.
/// Returns `exit_code`.
int report_failure(const std::string& program, const std::string& message, int exit_code);

}  // namespace r2p::bench
