// trec_eval's definitions (usnistgov/trec_eval 9: form_res_rels.c, m_ndcg_cut.c, m_map.c, m_P.c,
// m_recall.c), rewritten for one run at a time.
#include "bench/trec_metrics.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

namespace r2p::trec {

namespace {

/// The whitespace-separated fields of a line.
std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t at = 0;
  const char* space = " \t\r\f\v";
  while ((at = line.find_first_not_of(space, at)) != std::string::npos) {
    const std::size_t end = std::min(line.find_first_of(space, at), line.size());
    out.push_back(line.substr(at, end - at));
    at = end;
  }
  return out;
}

[[noreturn]] void fail(const std::string& name, int line, const std::string& problem) {
  throw std::runtime_error(name + ":" + std::to_string(line) + ": " + problem);
}

/// Calls `each(fields, line number)` for every line with fields, which must be as many as the
/// words of `format` ("QID ITER DOCID REL"); `#` lines are comments when `comments` (qrels only:
/// a run's query id may start with '#' for all trec_eval knows). `name` names the input in errors.
void for_each_row(std::istream& in, const std::string& name, const std::string& format,
                  bool comments,
                  const std::function<void(const std::vector<std::string>&, int)>& each) {
  const std::size_t size = fields(format).size();
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (comments && !line.empty() && line[0] == '#') continue;
    const std::vector<std::string> row = fields(line);
    if (row.empty()) continue;
    if (row.size() != size)
      fail(name, number,
           "expected " + std::to_string(size) + " fields `" + format + "`, found " +
               std::to_string(row.size()));
    each(row, number);
  }
}

/// `text` as a whole decimal integer; nothing when it is not one or is out of range.
std::optional<long> whole_integer(const std::string& text) {
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || errno == ERANGE) return std::nullopt;
  return value;
}

/// `text` as a whole finite number; nothing when it is not one.
std::optional<double> whole_number(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

double share(std::size_t part, std::size_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

Qrels parse_qrels(std::istream& in, const std::string& name) {
  Qrels qrels;
  for_each_row(in, name, "QID ITER DOCID REL", true, [&](const auto& row, int line) {
    const std::optional<long> rel = whole_integer(row[3]);
    if (!rel || *rel < -127 || *rel > 127)
      fail(name, line, "relevance '" + row[3] + "' is not an integer from -127 to 127");
    if (!qrels[row[0]].emplace(row[2], static_cast<int>(*rel)).second)
      fail(name, line, "document '" + row[2] + "' is judged twice for query '" + row[0] + "'");
  });
  return qrels;
}

Run parse_run(std::istream& in, const std::string& name) {
  Run run;
  std::map<std::string, std::set<std::string>> seen;
  for_each_row(in, name, "QID Q0 DOCID RANK SCORE TAG", false, [&](const auto& row, int line) {
    const std::optional<double> score = whole_number(row[4]);
    if (!score) fail(name, line, "score '" + row[4] + "' is not a number");
    if (!seen[row[0]].insert(row[2]).second)
      fail(name, line, "document '" + row[2] + "' is retrieved twice for query '" + row[0] + "'");
    run[row[0]].push_back({row[2], *score});
  });
  return run;
}

std::vector<std::string> ranking(std::vector<RunEntry> entries, std::size_t depth) {
  // trec_eval's comp_sim_docno: higher score first, then strcmp(b, a), i.e. the larger id first.
  std::sort(entries.begin(), entries.end(), [](const RunEntry& a, const RunEntry& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.doc > b.doc;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < entries.size() && i < depth; ++i) out.push_back(entries[i].doc);
  return out;
}

QueryScores score_query(const std::string& query, const Judgements& judged,
                        const std::vector<std::string>& ranked) {
  QueryScores s;
  s.query = query;
  s.retrieved = ranked.size();
  std::vector<int> ideal;  // positive gains, largest first
  for (const auto& [doc, rel] : judged)
    if (rel > 0) ideal.push_back(rel);
  std::sort(ideal.rbegin(), ideal.rend());
  s.relevant = ideal.size();

  // Rank r (1-based) is discounted by log2(r + 1), the first rank included (trec_eval 9; version
  // 8 left the first two ranks undiscounted).
  const auto discount = [](std::size_t index) { return std::log2(static_cast<double>(index) + 2); };
  double dcg = 0;
  double ideal_dcg = 0;
  double precision_sum = 0;
  std::size_t found = 0, in_top_10 = 0, in_top_100 = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const auto it = judged.find(ranked[i]);
    const int rel = it == judged.end() ? 0 : it->second;
    if (rel <= 0) continue;
    ++found;
    precision_sum += share(found, i + 1);
    if (i < 10) {
      dcg += rel / discount(i);
      ++in_top_10;
    }
    if (i < 100) ++in_top_100;
  }
  for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) ideal_dcg += ideal[i] / discount(i);
  s.ndcg_10 = ideal_dcg > 0 ? dcg / ideal_dcg : 0;
  s.ap = s.relevant ? precision_sum / static_cast<double>(s.relevant) : 0;
  s.p_10 = share(in_top_10, 10);
  s.recall_100 = share(in_top_100, s.relevant);
  return s;
}

Evaluation evaluate(const Qrels& qrels, const Run& run, std::size_t depth) {
  Evaluation e;
  for (const auto& [query, judged] : qrels) {
    const auto it = run.find(query);
    const std::vector<std::string> ranked =
        it == run.end() ? std::vector<std::string>{} : ranking(it->second, depth);
    e.queries.push_back(score_query(query, judged, ranked));
    const QueryScores& s = e.queries.back();
    e.ndcg_10 += s.ndcg_10;
    e.map += s.ap;
    e.p_10 += s.p_10;
    e.recall_100 += s.recall_100;
    if (s.retrieved == 0) ++e.zero_hit;
  }
  if (!e.queries.empty()) {
    const auto n = static_cast<double>(e.queries.size());
    e.ndcg_10 /= n;
    e.map /= n;
    e.p_10 /= n;
    e.recall_100 /= n;
  }
  return e;
}

}  // namespace r2p::trec
