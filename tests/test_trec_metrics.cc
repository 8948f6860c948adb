// trec_eval's metrics (bench/trec_metrics.h) on runs small enough to score by hand, trec_eval's
// ordering and cut-off, malformed input, and run lines that keep an engine's order.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "bench/trec_collection.h"
#include "bench/trec_metrics.h"

namespace {

using r2p::trec::Evaluation;
using r2p::trec::QueryScores;

r2p::trec::Qrels qrels_of(const std::string& text) {
  std::istringstream in(text);
  return r2p::trec::parse_qrels(in, "qrels.txt");
}

r2p::trec::Run run_of(const std::string& text) {
  std::istringstream in(text);
  return r2p::trec::parse_run(in, "run");
}

/// One query `q` judged by `judged`, answered by `docs` in this order.
QueryScores score(const r2p::trec::Judgements& judged, const std::vector<std::string>& docs) {
  return r2p::trec::score_query("q", judged, docs);
}

}  // namespace

TEST_CASE("trec metrics: a run scored by hand") {
  const r2p::trec::Qrels qrels = qrels_of(
      "# q1: d1 very relevant, d2 and d4 relevant, d3 judged not relevant, d5 pooled unjudged\n"
      "q1 0 d1 2\n"
      "q1 0 d2 1\n"
      "q1 0 d3 0\n"
      "q1 0 d4 1\n"
      "q1 0 d5 -1\n"
      "\n"
      "q2 0 d9 1\n"
      "q3\t0\td1\t0\n"
      "q4 0 d7 1\n");
  // The rank column is wrong on purpose: trec_eval orders by score, so q1's ranking is d3 (5.0),
  // d1 (4.0), d5 (3.0), d4 (2.0). q9 has no judgements and is left out; q3 and q4 have no line.
  const r2p::trec::Run run = run_of(
      "q1 Q0 d4 1 2.0 t\n"
      "q1 Q0 d3 2 5.0 t\n"
      "q1 Q0 d5 3 3.0 t\n"
      "q1 Q0 d1 4 4 t\n"
      "q2 Q0 d8 1 1.0 t\n"
      "q9 Q0 d1 1 1.0 t\n");
  const Evaluation e = r2p::trec::evaluate(qrels, run);
  REQUIRE(e.queries.size() == 4);

  // q1: relevance down the ranking 0, 2, unjudged, 1; relevant in the qrels: d1, d2, d4 (3).
  const QueryScores& q1 = e.queries[0];
  CHECK(q1.query == "q1");
  CHECK(q1.retrieved == 4);
  CHECK(q1.relevant == 3);
  // AP: relevant at ranks 2 and 4, precision 1/2 and 2/4 there, over 3 relevant = 1/3.
  CHECK(q1.ap == Approx(1.0 / 3));
  // P@10: 2 relevant in the top 10, / 10 (not / 4 retrieved).
  CHECK(q1.p_10 == Approx(0.2));
  // R@100: 2 of the 3 relevant retrieved.
  CHECK(q1.recall_100 == Approx(2.0 / 3));
  // DCG@10 = 2 / log2(2 + 1) + 1 / log2(4 + 1) = 1.26186 + 0.43068 = 1.69254;
  // ideal: gains 2, 1, 1 at ranks 1-3 = 2 / log2(2) + 1 / log2(3) + 1 / log2(4)
  //        = 2 + 0.63093 + 0.5 = 3.13093; nDCG@10 = 1.69254 / 3.13093 = 0.54059.
  CHECK(q1.ndcg_10 == Approx(0.54059).margin(1e-5));
  CHECK(q1.ndcg_10 ==
        Approx((2 / std::log2(3.0) + 1 / std::log2(5.0)) / (2 + 1 / std::log2(3.0) + 0.5)));

  // q2: one document retrieved, not judged: 0 everywhere, but it has a hit.
  const QueryScores& q2 = e.queries[1];
  CHECK(q2.query == "q2");
  CHECK(q2.retrieved == 1);
  CHECK(q2.relevant == 1);
  CHECK(q2.ap == 0);
  CHECK(q2.ndcg_10 == 0);
  CHECK(q2.p_10 == 0);
  CHECK(q2.recall_100 == 0);

  // q3: judged (nothing relevant) and not in the run: 0 everywhere, a zero-hit query.
  const QueryScores& q3 = e.queries[2];
  CHECK(q3.query == "q3");
  CHECK(q3.retrieved == 0);
  CHECK(q3.relevant == 0);

  // q4: one relevant document, not in the run: 0 everywhere, a zero-hit query too.
  const QueryScores& q4 = e.queries[3];
  CHECK(q4.query == "q4");
  CHECK(q4.retrieved == 0);
  CHECK(q4.relevant == 1);
  CHECK(q4.recall_100 == 0);

  // Means over the 4 judged queries (trec_eval -c): q1's figures / 4.
  CHECK(e.ndcg_10 == Approx(0.54059 / 4).margin(1e-5));
  CHECK(e.map == Approx(1.0 / 12));
  CHECK(e.p_10 == Approx(0.2 / 4));
  CHECK(e.recall_100 == Approx(2.0 / 12));
  CHECK(e.zero_hit == 2);  // q3 and q4; q2's one hit counts although it is not relevant
}

TEST_CASE("trec metrics: ranks beyond 10 and graded gains") {
  // One relevant document at rank 11: outside P@10 and nDCG@10, inside AP (1/11) and R@100.
  std::vector<std::string> docs;
  for (int i = 1; i <= 10; ++i) docs.push_back("n" + std::to_string(i));
  docs.push_back("r");
  const QueryScores late = score({{"r", 1}}, docs);
  CHECK(late.p_10 == 0);
  CHECK(late.ndcg_10 == 0);
  CHECK(late.ap == Approx(1.0 / 11));
  CHECK(late.recall_100 == 1);

  // At rank 101 it is outside R@100 too; AP has no cut of its own (evaluate() cuts the run).
  for (int i = 11; i <= 100; ++i) docs.insert(docs.end() - 1, "n" + std::to_string(i));
  const QueryScores later = score({{"r", 1}}, docs);
  CHECK(later.retrieved == 101);
  CHECK(later.recall_100 == 0);
  CHECK(later.ap == Approx(1.0 / 101));

  // One hit, relevant: P@10 is still 1/10, the rest 1.
  const QueryScores one = score({{"r", 1}}, {"r"});
  CHECK(one.p_10 == Approx(0.1));
  CHECK(one.ndcg_10 == Approx(1));
  CHECK(one.ap == 1);
  CHECK(one.recall_100 == 1);

  // Gains are relevance values: the gain-1 document before the gain-3 one.
  // DCG = 1 / log2(2) + 3 / log2(3) = 1 + 1.89279 = 2.89279;
  // ideal = 3 / log2(2) + 1 / log2(3) = 3 + 0.63093 = 3.63093; nDCG = 0.79671.
  const QueryScores graded = score({{"a", 3}, {"b", 1}}, {"b", "a"});
  CHECK(graded.ndcg_10 == Approx(0.79671).margin(1e-5));
  CHECK(graded.ap == 1);  // binary for AP: both relevant, at ranks 1 and 2

  // The ideal ranking is cut at 10 too: 12 relevant documents, the first 10 retrieved = 1.
  r2p::trec::Judgements twelve;
  std::vector<std::string> first_ten;
  for (int i = 1; i <= 12; ++i) {
    twelve["d" + std::to_string(i)] = 1;
    if (i <= 10) first_ten.push_back("d" + std::to_string(i));
  }
  const QueryScores cut = score(twelve, first_ten);
  CHECK(cut.ndcg_10 == Approx(1));
  CHECK(cut.p_10 == Approx(1));
  CHECK(cut.recall_100 == Approx(10.0 / 12));
  CHECK(cut.ap == Approx(10.0 / 12));
}

TEST_CASE("trec metrics: trec_eval's order and depth") {
  // Equal scores: the larger document id (byte order) first, so "b" > "a" > "B".
  using r2p::trec::ranking;
  const std::vector<r2p::trec::RunEntry> entries = {{"a", 1}, {"b", 1}, {"c", 2}, {"B", 1}};
  CHECK(ranking(entries, 10) == std::vector<std::string>{"c", "b", "a", "B"});
  CHECK(ranking(entries, 2) == std::vector<std::string>{"c", "b"});

  // evaluate() cuts every query at the depth (trec_eval -M): the relevant third hit is lost at 2.
  const auto qrels = qrels_of("q 0 r 1\n");
  const auto run = run_of("q Q0 x 1 3 t\nq Q0 y 2 2 t\nq Q0 r 3 1 t\n");
  const Evaluation two = r2p::trec::evaluate(qrels, run, 2);
  CHECK(two.queries.at(0).retrieved == 2);
  CHECK(two.map == 0);
  CHECK(two.recall_100 == 0);
  const Evaluation three = r2p::trec::evaluate(qrels, run, 3);
  CHECK(three.map == Approx(1.0 / 3));
  CHECK(three.recall_100 == 1);
}

TEST_CASE("trec metrics: malformed qrels and runs are refused with file and line") {
  using Catch::Contains;
  REQUIRE_THROWS_WITH(qrels_of("q 0 d 1\nq 0 d\n"),
                      Contains("qrels.txt:2:") && Contains("4 fields"));
  REQUIRE_THROWS_WITH(qrels_of("q 0 d yes\n"), Contains("qrels.txt:1:") && Contains("'yes'"));
  REQUIRE_THROWS_WITH(qrels_of("q 0 d 1\nq 0 d 0\n"),
                      Contains("qrels.txt:2:") && Contains("twice"));
  REQUIRE_THROWS_WITH(run_of("q Q0 d 1 1.5\n"), Contains("run:1:") && Contains("6 fields"));
  REQUIRE_THROWS_WITH(run_of("q Q0 d 1 high t\n"), Contains("run:1:") && Contains("'high'"));
  REQUIRE_THROWS_WITH(run_of("q Q0 d 1 2 t\nq Q0 d 2 1 t\n"),
                      Contains("run:2:") && Contains("twice"));
  // The same document for two queries is fine.
  CHECK(run_of("q1 Q0 d 1 2 t\nq2 Q0 d 1 2 t\n").size() == 2);
}

TEST_CASE("trec metrics: written run lines keep the engine's order") {
  // "b", "a", "c" as an engine ranked them; with equal scores trec_eval would read c, b, a.
  std::ostringstream out;
  r2p::trec::write_run(out, "7", {"b", "a", "c"}, "tag");
  CHECK(out.str() == "7 Q0 b 1 3 tag\n7 Q0 a 2 2 tag\n7 Q0 c 3 1 tag\n");
  const r2p::trec::Run run = run_of(out.str());
  CHECK(r2p::trec::ranking(run.at("7"), 100) == std::vector<std::string>{"b", "a", "c"});
  CHECK(r2p::trec::ranking({{"b", 1}, {"a", 1}, {"c", 1}}, 100) ==
        std::vector<std::string>{"c", "b", "a"});
  // Fields of a run line cannot hold whitespace.
  std::ostringstream bad;
  CHECK_THROWS_AS(r2p::trec::write_run(bad, "7", {"two words"}, "tag"), std::invalid_argument);
  CHECK_THROWS_AS(r2p::trec::write_run(bad, "7 8", {"d"}, "tag"), std::invalid_argument);
}
