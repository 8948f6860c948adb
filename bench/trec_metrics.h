// Retrieval-quality metrics as trec_eval 9 computes them (qrels and runs in TREC format): nDCG@10,
// MAP, P@10, R@100 per query and averaged over every judged query, for bench/quality.
#pragma once

#include <cstddef>
#include <istream>
#include <map>
#include <string>
#include <vector>

namespace r2p::trec {

/// Hits asked of every engine per query, and where every run is cut (trec_eval -M 100): the
/// depth of MAP@100 and R@100. bench/quality passes the same number to r2p-search --limit.
constexpr std::size_t kDepth = 100;

/// Relevance judgements of one query: document id -> relevance value. As in trec_eval, a value of
/// 1 or more is relevant (and is the document's gain for nDCG), 0 is judged non-relevant, and a
/// negative value is a pooled document left unjudged.
using Judgements = std::map<std::string, int>;

/// Every query's judgements, by query id. Every query listed here is a judged query, also one
/// with no relevant document (it scores 0 everywhere, as with trec_eval -c).
using Qrels = std::map<std::string, Judgements>;

/// One line of a run: a retrieved document and its score.
struct RunEntry {
  std::string doc;
  double score = 0;
};

/// A run: per query id, the retrieved documents in file order (the rank column is ignored, as
/// trec_eval ignores it: see `ranking`).
using Run = std::map<std::string, std::vector<RunEntry>>;

/// Reads qrels lines `QID ITER DOCID REL` (whitespace-separated; blank lines and lines starting
/// with `#` are skipped). `name` is the file name used in messages.
/// \throws std::runtime_error "name:line: problem" for a malformed line, a relevance that is not
/// an integer, or a document judged twice for one query.
Qrels parse_qrels(std::istream& in, const std::string& name);

/// Reads run lines `QID Q0 DOCID RANK SCORE TAG` (whitespace-separated; blank lines skipped).
/// \throws std::runtime_error "name:line: problem" for a malformed line, a score that is not a
/// number, or a document retrieved twice for one query (trec_eval refuses those runs too).
Run parse_run(std::istream& in, const std::string& name);

/// The documents of one query in trec_eval's order: score descending, equal scores by document
/// id descending (byte order), at most `depth` of them. A run that should keep its own order
/// must give strictly decreasing scores (the bench programs write hits - rank + 1).
std::vector<std::string> ranking(std::vector<RunEntry> entries, std::size_t depth);

/// One query's figures.
struct QueryScores {
  std::string query;
  double ndcg_10 = 0;     ///< ndcg_cut_10: gain = relevance, discount log2(rank + 1)
  double ap = 0;          ///< average precision over the ranking (map), / every relevant document
  double p_10 = 0;        ///< P_10: relevant in the top 10 / 10, also when fewer were retrieved
  double recall_100 = 0;  ///< recall_100: relevant in the top 100 / every relevant document
  std::size_t retrieved = 0;
  std::size_t relevant = 0;  ///< judged relevant in the qrels
};

/// Scores one ranking (best first) against one query's judgements.
QueryScores score_query(const std::string& query, const Judgements& judged,
                        const std::vector<std::string>& ranked);

/// A run's figures over every judged query.
struct Evaluation {
  std::vector<QueryScores> queries;  ///< one per judged query, in query id order
  double ndcg_10 = 0;
  double map = 0;
  double p_10 = 0;
  double recall_100 = 0;
  std::size_t zero_hit = 0;  ///< judged queries for which the run retrieved nothing
};

/// Evaluates a run against the qrels like `trec_eval -c -M depth`: every query of the qrels
/// counts, a query the run does not answer scores 0 everywhere, queries without judgements are
/// left out, and each query's ranking is cut at `depth` documents.
Evaluation evaluate(const Qrels& qrels, const Run& run, std::size_t depth = kDepth);

}  // namespace r2p::trec
