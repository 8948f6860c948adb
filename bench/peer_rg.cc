// r2p-peer-rg: the brute-force peer of the benchmark: each query of the mix as a ripgrep
// pipeline over the corpus's JSON Lines (one stage per word or filter), timed as a process.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "bench/bench_common.h"

namespace {

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// The pipeline for a query: every line (record) that matches all stages is a hit. Words match
/// as whole words ignoring case; filters match the record's JSON text, which is what brute force
/// can do without the ties an index computes (a region cannot be expressed at all).
std::string pipeline(const r2p::bench::MixQuery& q, const std::string& files) {
  std::vector<std::string> stages;
  const auto words = r2p::bench::query_words(q.text);
  if (q.any_word()) {
    std::string any;
    for (const auto& w : r2p::bench::content_words(q.text)) any += " -e " + shell_quote(w);
    stages.push_back("-i -w" + any);
  } else if (!q.text.empty() && q.text.front() == '"') {
    std::string phrase;
    for (const auto& w : words) phrase += (phrase.empty() ? "" : "\\s+") + w;
    stages.push_back("-i -w " + shell_quote(phrase));
  } else {
    for (const auto& w : words) stages.push_back("-i -w " + shell_quote(w));
  }
  if (!q.region.empty()) throw r2p::bench::Unsupported("region");
  if (!q.type.empty()) stages.push_back("-F " + shell_quote("\"type\":\"" + q.type + "\""));
  if (!q.year.empty()) stages.push_back("-F " + shell_quote("\"date\":\"" + q.year));
  if (!q.country.empty()) stages.push_back("-F -w " + shell_quote(q.country));
  std::string command;
  for (std::size_t i = 0; i < stages.size(); ++i) {
    if (i == 0)
      command = "rg --no-filename " + std::string(stages.size() == 1 ? "-c " : "") + stages[i] +
                " " + files;
    else
      command += " | rg " + std::string(i + 1 == stages.size() ? "-c " : "") + stages[i];
  }
  return command + " 2>/dev/null";
}

/// Runs the command and sums the counts it prints (one per file, or one for a pipeline).
std::size_t run_count(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::size_t total = 0;
  char line[256];
  while (std::fgets(line, sizeof line, pipe)) total += std::strtoull(line, nullptr, 10);
  ::pclose(pipe);
  return total;
}

}  // namespace

int main(int argc, char** argv) try {
  r2p::bench::TimingOptions options;
  options.with_facets = false;
  options.iterations = 5;
  options.min_runs = 3;
  options.budget_ms = 3000;
  const auto args = r2p::bench::parse_timing_options(argc, argv, 1, options);
  if (args.size() != 1) {
    std::cerr << "usage: r2p-peer-rg CORPUS_DIR [--iterations K] [--budget-ms MS]\n";
    return 2;
  }
  std::string files;
  for (const auto& shard : r2p::bench::corpus_shards(args[0])) files += " " + shell_quote(shard);
  if (files.empty()) throw std::runtime_error("no *.jsonl files in " + args[0]);
  if (run_count("rg --version >/dev/null 2>&1 && echo 1") != 1)
    throw std::runtime_error("rg not found; install ripgrep");

  const auto run = [&](const r2p::bench::MixQuery& q, bool) -> std::size_t {
    return run_count(pipeline(q, files));
  };
  return r2p::bench::print_query_mix_timings(run, options, "rg");
} catch (const std::exception& e) {
  return r2p::bench::report_failure("r2p-peer-rg", e.what(), 1);
}
