// r2p-trec-eval: scores TREC runs against qrels (bench/trec_metrics.h) and prints them side by
// side as one Markdown table, or every query's figures as tab-separated values.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/trec_metrics.h"

namespace {

const char* const kUsage =
    "usage: r2p-trec-eval [--collection NAME] [--per-query] QRELS [LABEL=]RUN...\n"
    "  Scores each run (TREC format: QID Q0 DOCID RANK SCORE TAG) against the qrels (QID 0 DOCID\n"
    "  REL) as trec_eval -c -M 100 does: nDCG@10, MAP@100, P@10, R@100 and the judged queries\n"
    "  the run has no hit for, averaged over every judged query. LABEL names the run's row\n"
    "  (default: the file name). --per-query prints each query's figures instead.\n";

std::string fixed3(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

template <typename Parse>
auto read(const std::string& path, Parse parse) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  return parse(in, path);
}

struct LabelledRun {
  std::string label;
  std::string path;
};

}  // namespace

int main(int argc, char** argv) try {
  std::string collection;
  bool per_query = false;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--collection" && i + 1 < argc) {
      collection = argv[++i];
    } else if (arg == "--per-query") {
      per_query = true;
    } else if (arg == "-h" || arg == "--help") {
      std::cout << kUsage;
      return 0;
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::cerr << "r2p-trec-eval: unknown option '" << arg << "'\n" << kUsage;
      return 2;
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() < 2) {
    std::cerr << kUsage;
    return 2;
  }

  const std::string qrels_path = positional[0];
  const r2p::trec::Qrels qrels = read(qrels_path, r2p::trec::parse_qrels);
  std::vector<LabelledRun> runs;
  for (std::size_t i = 1; i < positional.size(); ++i) {
    // A label cannot hold '=', a path can: split at the first one.
    const std::string& arg = positional[i];
    const auto equals = arg.find('=');
    if (equals == std::string::npos) {
      runs.push_back({arg.substr(arg.find_last_of('/') + 1), arg});
    } else {
      runs.push_back({arg.substr(0, equals), arg.substr(equals + 1)});
    }
  }

  // Every run is read and scored before anything is printed: a bad run leaves no half table.
  std::vector<r2p::trec::Evaluation> evaluations;
  for (const LabelledRun& labelled : runs) {
    const r2p::trec::Run run = read(labelled.path, r2p::trec::parse_run);
    evaluations.push_back(r2p::trec::evaluate(qrels, run, r2p::trec::kDepth));
    // A run none of whose queries is judged has its ids wrong, not a score of 0.
    if (!run.empty() && evaluations.back().zero_hit == qrels.size())
      std::cerr << "r2p-trec-eval: warning: " << labelled.path
                << " answers none of the judged queries (do the query ids match the qrels?)\n";
  }

  if (per_query) {
    std::cout << "run\tquery\tndcg@10\tap@100\tp@10\tr@100\tretrieved\trelevant\n";
    for (std::size_t i = 0; i < runs.size(); ++i)
      for (const auto& q : evaluations[i].queries)
        std::cout << runs[i].label << '\t' << q.query << '\t' << fixed3(q.ndcg_10) << '\t'
                  << fixed3(q.ap) << '\t' << fixed3(q.p_10) << '\t' << fixed3(q.recall_100) << '\t'
                  << q.retrieved << '\t' << q.relevant << '\n';
    return 0;
  }
  std::size_t relevant = 0;
  for (const auto& [query, judged] : qrels)
    for (const auto& [doc, rel] : judged) relevant += rel > 0;
  std::cout << (collection.empty() ? qrels_path : collection) << ": " << qrels.size()
            << " judged queries, " << relevant << " relevant judgements; the top "
            << r2p::trec::kDepth << " hits of each query scored.\n\n"
            << "| run | nDCG@10 | MAP@100 | P@10 | R@100 | zero-hit queries |\n"
            << "| --- | ---: | ---: | ---: | ---: | ---: |\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const r2p::trec::Evaluation& e = evaluations[i];
    std::cout << "| " << runs[i].label << " | " << fixed3(e.ndcg_10) << " | " << fixed3(e.map)
              << " | " << fixed3(e.p_10) << " | " << fixed3(e.recall_100) << " | " << e.zero_hit
              << " |\n";
  }
  return 0;
} catch (const std::exception& e) {
  std::cerr << "r2p-trec-eval: " << e.what() << "\n";
  return 1;
}
