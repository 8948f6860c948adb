// Shard listing, clock, percentiles and the query-mix timing loop shared by the query tools.
#include "bench/bench_common.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "search/stopwords.h"

namespace r2p::bench {

std::vector<std::string> corpus_shards(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw std::runtime_error("not a corpus directory: " + dir);
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".jsonl") continue;
    if (entry.path().filename() == "aliases.jsonl") continue;
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> content_words(const std::string& text) {
  std::vector<std::string> words = query_words(text);
  words.erase(
      std::remove_if(words.begin(), words.end(), [](const auto& w) { return is_stopword(w); }),
      words.end());
  return words;
}

double now_ms() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double percentile(std::vector<double> samples, double fraction) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<std::size_t>(std::ceil(fraction * samples.size()));
  return samples[std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::vector<std::string> parse_timing_options(int argc, char** argv, int first,
                                              TimingOptions& options) {
  std::vector<std::string> rest;
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--iterations" || arg == "--budget-ms") && i + 1 < argc) {
      const std::string value = argv[++i];
      std::size_t used = 0;
      const double number = std::stod(value, &used);
      if (used != value.size() || number <= 0)
        throw std::invalid_argument(arg + " needs a positive number, got '" + value + "'");
      if (arg == "--iterations")
        options.iterations = static_cast<int>(number);
      else
        options.budget_ms = number;
    } else {
      rest.push_back(arg);
    }
  }
  return rest;
}

nlohmann::json time_query_mix(const QueryRunner& run, const TimingOptions& options) {
  nlohmann::json classes = nlohmann::json::array();
  for (bool facets : {true, false}) {
    if ((facets && !options.with_facets) || (!facets && !options.without_facets)) continue;
    for (const std::string& query_class : query_classes()) {
      std::vector<const MixQuery*> queries;
      for (const auto& q : query_mix())
        if (q.query_class == query_class) queries.push_back(&q);
      std::vector<std::size_t> totals;
      const double first_start = now_ms();
      try {
        for (const MixQuery* q : queries) totals.push_back(run(*q, facets));
      } catch (const Unsupported&) {
        continue;
      }
      const double first_ms = (now_ms() - first_start) / static_cast<double>(queries.size());

      std::vector<double> samples;
      const double class_start = now_ms();
      for (int round = 0; round < options.iterations; ++round) {
        for (const MixQuery* q : queries) {
          const double start = now_ms();
          run(*q, facets);
          samples.push_back(now_ms() - start);
        }
        if (static_cast<int>(samples.size()) >= options.min_runs &&
            now_ms() - class_start > options.budget_ms)
          break;
      }
      double sum = 0;
      for (double s : samples) sum += s;
      classes.push_back({{"class", query_class},
                         {"facets", facets},
                         {"runs", samples.size()},
                         {"p50_ms", percentile(samples, 0.50)},
                         {"p95_ms", percentile(samples, 0.95)},
                         {"p99_ms", percentile(samples, 0.99)},
                         {"mean_ms", samples.empty() ? 0.0 : sum / samples.size()},
                         {"first_ms", first_ms},
                         {"totals", totals}});
    }
  }
  return {{"classes", classes}};
}

int print_query_mix_timings(const QueryRunner& run, const TimingOptions& options,
                            const std::string& engine, const nlohmann::json& about) {
  nlohmann::json out = time_query_mix(run, options);
  out["engine"] = engine;
  out.update(about);
  std::cout << out.dump() << "\n";
  return 0;
}

int peer_main(int argc, char** argv, const std::string& program, const std::string& db_name,
              const PeerCommands& commands) try {
  TimingOptions options;
  const auto args = parse_timing_options(argc, argv, 1, options);
  if (args.size() == 3 && args[0] == "index") return commands.index(args[1], args[2]);
  if (args.size() == 2 && args[0] == "query") return commands.query(args[1], options);
  if (args.size() == 3 && args[0] == "trec-index") return commands.trec_index(args[1], args[2]);
  if (args.size() == 3 && args[0] == "trec-run") return commands.trec_run(args[1], args[2]);
  const std::string also = "\n       " + program + " ";
  std::cerr << "usage: " << program << " index CORPUS_DIR " << db_name << also << "query "
            << db_name << " [--iterations K] [--budget-ms MS]" << also << "trec-index DOCS.jsonl "
            << db_name << also << "trec-run " << db_name << " QUERIES.jsonl > RUN\n";
  return 2;
} catch (const std::exception& e) {
  return report_failure(program, e.what(), 1);
}

int print_index_timings(const std::string& engine, std::size_t records, std::size_t bytes,
                        double start_ms) {
  const double seconds = (now_ms() - start_ms) / 1000;
  std::cout << nlohmann::json{{"engine", engine},
                              {"records", records},
                              {"input_bytes", bytes},
                              {"seconds", seconds},
                              {"records_per_s", records / seconds},
                              {"mb_per_s", bytes / seconds / 1e6}}
                   .dump()
            << "\n";
  return 0;
}

int report_failure(const std::string& program, const std::string& message, int exit_code) {
  std::cerr << program << ": " << message << "\n";
  return exit_code;
}

}  // namespace r2p::bench
