// r2p-bench-query: times the query mix in-process through r2p::make_request + r2p::run_search,
// exactly what r2p-search does per query, with exact facets and with --no-facets.
#include <iostream>
#include <string>

#include "bench/bench_common.h"
#include "core/error.h"
#include "search/index.h"
#include "search/request.h"
#include "search/searcher.h"

int main(int argc, char** argv) try {
  r2p::bench::TimingOptions options;
  const auto args = r2p::bench::parse_timing_options(argc, argv, 1, options);
  std::string db_path;
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--db") db_path = args[i + 1];
  if (db_path.empty() || args.size() != 2) {
    std::cerr << "usage: r2p-bench-query --db DB [--iterations K] [--budget-ms MS]\n";
    return 2;
  }

  // Opening the index is timed on its own: a long-running caller pays it once.
  const double open_start = r2p::bench::now_ms();
  r2p::Index index(db_path);
  const double open_ms = r2p::bench::now_ms() - open_start;

  const auto run = [&](const r2p::bench::MixQuery& q, bool facets) -> std::size_t {
    r2p::RawOptions raw;
    if (!q.text.empty()) raw.query_words = {q.text};
    using r2p::Field;
    if (!q.type.empty()) raw.filters[Field::type] = {q.type};
    if (!q.year.empty()) raw.filters[Field::year] = {q.year};
    if (!q.region.empty()) raw.filters[Field::region] = {q.region};
    if (!q.country.empty()) raw.filters[Field::country] = {q.country};
    raw.no_facets = !facets;
    const r2p::SearchRequest request = r2p::make_request(raw, index);
    return r2p::run_search(request, index).total;
  };
  return r2p::bench::print_query_mix_timings(
      run, options, "r2p-kb",
      {{"doccount", index.database().get_doccount()}, {"open_ms", open_ms}});
} catch (const r2p::Error& e) {
  return r2p::bench::report_failure("r2p-bench-query", e.what(), e.exit_code());
} catch (const Xapian::Error& e) {
  return r2p::bench::report_failure("r2p-bench-query", e.get_description(), 3);
} catch (const std::exception& e) {
  return r2p::bench::report_failure("r2p-bench-query", e.what(), 1);
}
