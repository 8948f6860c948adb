// r2p-bench-report: reads the figures bench/run collected in a work directory and prints them as
// Markdown tables (per corpus size, with r2p-kb / peer ratios and the targets) plus one JSON file.
//
// Work directory layout (every file optional; a missing figure prints as "—"):
//   cold-bundled.ms                 median wall time of a cold r2p-search on the bundled corpus
//                                   (bench/run: the median of K medians of 20 runs)
//   machine.txt                     one line describing the machine
//   size-N/gen.json                 r2p-gen-corpus output
//   size-N/cold-generated.ms        the same cold r2p-search on this corpus's index
//   size-N/index-ENGINE.seconds     wall time of the indexing process (bench/run: the median of
//                                   K runs, each in index-ENGINE.RUN.seconds)
//   size-N/index-ENGINE.rss_kb      its peak RSS (/usr/bin/time %M)
//   size-N/index-ENGINE.size        index size in bytes, .compacted after xapian-compact
//   size-N/query-ENGINE.json        a query tool's output, or query-ENGINE.1.json ... one per run
//                                   (each figure then the median of the runs')
// ENGINE is r2p, xapian or sqlite (rg has only query-rg.json).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_common.h"
#include "bench/query_mix.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using r2p::bench::query_classes;

struct Engine {
  const char* key;   ///< file name part
  const char* name;  ///< as printed
};
const std::vector<Engine> kEngines = {{"r2p", "r2p-kb"},
                                      {"r2p-shards", "r2p-kb, 2 shards"},
                                      {"r2p-remote", "r2p-kb, 2 remote shards"},
                                      {"xapian", "xapian-peer"},
                                      {"sqlite", "sqlite-fts5"},
                                      {"rg", "rg"}};
/// The sharded configurations, compared with the single r2p-kb index.
const std::vector<std::string> kShardedEngines = {"r2p-kb, 2 shards", "r2p-kb, 2 remote shards"};

std::optional<double> read_number(const fs::path& path) {
  std::ifstream in(path);
  double value = 0;
  if (in >> value) return value;
  return std::nullopt;
}

json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  try {
    return json::parse(in);
  } catch (const json::exception&) {
    return nullptr;
  }
}

json number_or_null(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

std::optional<double> get(const json& object, const std::string& key) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

/// The latency entry of `query` for a class, or null.
json latency(const json& query, const std::string& query_class, bool facets) {
  if (!query.is_object() || !query.contains("classes")) return nullptr;
  for (const auto& c : query["classes"])
    if (c.value("class", "") == query_class && c.value("facets", !facets) == facets) return c;
  return nullptr;
}

std::string thousands(double value) {
  std::string digits = std::to_string(static_cast<long long>(std::llround(value)));
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string ms(double value) {
  return fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0);
}

std::string mib(const std::optional<double>& bytes) {
  if (!bytes) return "—";
  const double m = *bytes / (1024.0 * 1024.0);
  return fixed(m, m < 10 ? 1 : 0) + " MiB";
}

std::string ratio_text(const std::optional<double>& ratio) {
  if (!ratio) return "—";
  return fixed(*ratio, *ratio < 0.1 ? 3 : 2) + "×";
}

std::optional<double> ratio(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b || *b == 0) return std::nullopt;
  return *a / *b;
}

/// Everything measured for one corpus size.
struct SizeFigures {
  std::size_t records = 0;
  json gen;
  json engines = json::object();  ///< name -> {"index": {...}, "query": {...}}
  std::optional<double> cold_generated_ms;
};

/// The median of `values` (the mean of the middle two for an even count).
double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// A query tool's output over the runs query-ENGINE.1.json ... (bench/run --runs K): each class's
/// latencies are the medians of the runs', its timed runs their sum, its hit totals the first
/// run's. A single query-ENGINE.json (one run, or rg) is read as it is.
json read_query_runs(const fs::path& dir, const std::string& engine) {
  std::vector<json> runs;
  for (int run = 1;; ++run) {
    const json one = read_json(dir / ("query-" + engine + "." + std::to_string(run) + ".json"));
    if (one.is_null()) break;
    runs.push_back(one);
  }
  if (runs.empty()) return read_json(dir / ("query-" + engine + ".json"));
  json merged = runs.front();
  if (!merged.contains("classes")) return merged;
  for (auto& c : merged["classes"]) {
    const std::string query_class = c.value("class", "");
    const bool facets = c.value("facets", false);
    for (auto& [key, value] : c.items()) {
      if (!value.is_number()) continue;
      std::vector<double> values;
      for (const json& run : runs)
        if (const auto v = get(latency(run, query_class, facets), key)) values.push_back(*v);
      // Timed runs add up over the runs; latencies are their medians.
      if (key == "runs")
        value = std::llround(std::accumulate(values.begin(), values.end(), 0.0));
      else
        value = median(values);
    }
    c["repeats"] = runs.size();
  }
  return merged;
}

SizeFigures load_size(const fs::path& dir, std::size_t records) {
  SizeFigures s;
  s.records = records;
  s.gen = read_json(dir / "gen.json");
  s.cold_generated_ms = read_number(dir / "cold-generated.ms");
  const auto input_bytes = get(s.gen, "bytes");
  for (const auto& e : kEngines) {
    json index = json::object();
    const auto seconds = read_number(dir / ("index-" + std::string(e.key) + ".seconds"));
    if (seconds) {
      index["seconds"] = *seconds;
      index["records_per_s"] = records / *seconds;
      if (input_bytes) index["mb_per_s"] = *input_bytes / *seconds / 1e6;
    }
    const auto rss = read_number(dir / ("index-" + std::string(e.key) + ".rss_kb"));
    if (rss) index["peak_rss_bytes"] = *rss * 1024;
    const auto size = read_number(dir / ("index-" + std::string(e.key) + ".size"));
    if (size) index["size_bytes"] = *size;
    const auto compacted = read_number(dir / ("index-" + std::string(e.key) + ".compacted"));
    if (compacted) index["size_compacted_bytes"] = *compacted;
    json engine = json::object();
    if (!index.empty()) engine["index"] = index;
    const json query = read_query_runs(dir, e.key);
    if (!query.is_null()) engine["query"] = query;
    if (!engine.empty()) s.engines[e.name] = engine;
  }
  return s;
}

std::optional<double> index_figure(const SizeFigures& s, const std::string& engine,
                                   const std::string& key) {
  if (!s.engines.contains(engine) || !s.engines[engine].contains("index")) return std::nullopt;
  return get(s.engines[engine]["index"], key);
}

std::optional<double> p95(const SizeFigures& s, const std::string& engine,
                          const std::string& query_class, bool facets) {
  if (!s.engines.contains(engine) || !s.engines[engine].contains("query")) return std::nullopt;
  return get(latency(s.engines[engine]["query"], query_class, facets), "p95_ms");
}

struct Target {
  std::string name;
  std::string measured;
  std::optional<bool> pass;  ///< nullopt: not measured in this run
};

void print_size(const SizeFigures& s, std::vector<Target>& targets, std::ostream& out) {
  const auto input_bytes = get(s.gen, "bytes");
  out << "### " << thousands(static_cast<double>(s.records)) << " records";
  if (input_bytes) out << " (" << fixed(*input_bytes / 1e6, 1) << " MB of JSON Lines)";
  out << "\n\n";

  out << "| engine | index rec/s | MB/s | peak RSS | size | size compacted |";
  for (const auto& c : query_classes()) out << " " << c << " p50 / p95 / p99 ms |";
  out << "\n|---|---:|---:|---:|---:|---:|";
  for (std::size_t i = 0; i < query_classes().size(); ++i) out << "---:|";
  out << "\n";
  for (const auto& e : kEngines) {
    if (!s.engines.contains(e.name)) continue;
    const auto rate = index_figure(s, e.name, "records_per_s");
    const auto mb = index_figure(s, e.name, "mb_per_s");
    out << "| " << e.name << " | " << (rate ? thousands(*rate) : "—") << " | "
        << (mb ? fixed(*mb, 2) : "—") << " | " << mib(index_figure(s, e.name, "peak_rss_bytes"))
        << " | " << mib(index_figure(s, e.name, "size_bytes")) << " | "
        << mib(index_figure(s, e.name, "size_compacted_bytes")) << " |";
    const json query =
        s.engines[e.name].contains("query") ? s.engines[e.name]["query"] : json(nullptr);
    const bool facets = std::string(e.key) != "rg";
    for (const auto& c : query_classes()) {
      const json l = latency(query, c, facets);
      if (l.is_null())
        out << " — |";
      else
        out << " " << ms(l["p50_ms"]) << " / " << ms(l["p95_ms"]) << " / " << ms(l["p99_ms"])
            << " |";
    }
    out << "\n";
  }
  out << "\nLatencies are with exact facets (year, region, meeting, type, country) over the whole "
         "match set and the top 10 hits; rg cannot count facets, so its row is the words and "
         "filters alone (no region).\n\n";

  // Ratios r2p-kb / peer.
  out << "| r2p-kb / peer | xapian-peer | sqlite-fts5 |\n|---|---:|---:|\n";
  auto ratio_row = [&](const std::string& label, const std::string& key) {
    out << "| " << label << " | "
        << ratio_text(ratio(index_figure(s, "r2p-kb", key), index_figure(s, "xapian-peer", key)))
        << " | "
        << ratio_text(ratio(index_figure(s, "r2p-kb", key), index_figure(s, "sqlite-fts5", key)))
        << " |\n";
  };
  ratio_row("index rec/s (higher is better)", "records_per_s");
  ratio_row("peak RSS", "peak_rss_bytes");
  ratio_row("index size", "size_bytes");
  ratio_row("index size compacted (sqlite: its only size)", "size_compacted_bytes");
  for (bool facets : {true, false})
    for (const auto& c : query_classes())
      out << "| p95 " << c << (facets ? ", exact facets" : ", no facets") << " | "
          << ratio_text(ratio(p95(s, "r2p-kb", c, facets), p95(s, "xapian-peer", c, facets)))
          << " | "
          << ratio_text(ratio(p95(s, "r2p-kb", c, facets), p95(s, "sqlite-fts5", c, facets)))
          << " |\n";
  out << "\n";

  // Sharded r2p-kb against the single index.
  for (const auto& sharded : kShardedEngines) {
    if (!s.engines.contains(sharded)) continue;
    out << "| " << sharded << " / single index | p95, exact facets | p95, no facets |\n"
        << "|---|---:|---:|\n";
    for (const auto& c : query_classes())
      out << "| " << c << " | "
          << ratio_text(ratio(p95(s, sharded, c, true), p95(s, "r2p-kb", c, true))) << " | "
          << ratio_text(ratio(p95(s, sharded, c, false), p95(s, "r2p-kb", c, false))) << " |\n";
    out << "\n";
  }

  // Same answers? Hit totals of every query with exact facets, r2p-kb against each peer with an
  // index and each sharded configuration (rg matches text, not the index's ties and stems, so it
  // is left out). Questions are not compared with FTS5: its Porter stemmer joins a few words
  // differently from Xapian's English stemmer, which shows when any word of twenty may match.
  std::vector<std::string> compared = {"xapian-peer", "sqlite-fts5"};
  compared.insert(compared.end(), kShardedEngines.begin(), kShardedEngines.end());
  for (const auto& peer : compared) {
    if (!s.engines.contains("r2p-kb") || !s.engines.contains(peer)) continue;
    std::vector<std::string> differing;
    for (const auto& c : query_classes()) {
      if (peer == "sqlite-fts5" && c == "question") continue;
      const json a = latency(s.engines["r2p-kb"].value("query", json()), c, true);
      const json b = latency(s.engines[peer].value("query", json()), c, true);
      if (!a.is_null() && !b.is_null() && a["totals"] != b["totals"])
        differing.push_back(c + " (" + a["totals"].dump() + " vs " + b["totals"].dump() + ")");
    }
    out << "Hit totals r2p-kb vs " << peer << ": "
        << (differing.empty() ? std::string("identical for every query") : "differ for ");
    for (std::size_t i = 0; i < differing.size(); ++i) out << (i ? "; " : "") << differing[i];
    out << ".\n";
  }
  if (s.engines.contains("r2p-kb") && s.engines["r2p-kb"].contains("query")) {
    const json& q = s.engines["r2p-kb"]["query"];
    const json first = latency(q, query_classes().front(), true);
    if (get(q, "open_ms") && !first.is_null())
      out << "r2p-kb in-process: opening the index " << ms(q["open_ms"])
          << " ms; first query of the run (lazy gazetteer and label tables) "
          << ms(first["first_ms"]) << " ms.\n";
  }
  if (s.cold_generated_ms)
    out << "Cold `r2p-search --format json network` process on this index: median "
        << ms(*s.cold_generated_ms) << " ms.\n";
  out << "\n";

  // Targets that depend on this size.
  const std::string size_label = thousands(static_cast<double>(s.records));
  if (s.records >= 100000) {
    std::optional<double> worst_xapian, worst_sqlite;
    std::string worst_xapian_class, worst_sqlite_class;
    for (const auto& c : query_classes()) {
      if (auto r = ratio(p95(s, "r2p-kb", c, true), p95(s, "xapian-peer", c, true));
          r && (!worst_xapian || *r > *worst_xapian))
        worst_xapian = r, worst_xapian_class = c;
      if (auto r = ratio(p95(s, "r2p-kb", c, true), p95(s, "sqlite-fts5", c, true));
          r && (!worst_sqlite || *r > *worst_sqlite))
        worst_sqlite = r, worst_sqlite_class = c;
    }
    targets.push_back(
        {"query p95 with exact facets ≤ 1.2× xapian-peer (" + size_label + ")",
         worst_xapian ? "worst " + ratio_text(worst_xapian) + " (" + worst_xapian_class + ")" : "—",
         worst_xapian ? std::optional<bool>(*worst_xapian <= 1.2) : std::nullopt});
    targets.push_back(
        {"query p95 with exact facets ≤ 0.1× sqlite-fts5 (" + size_label + ")",
         worst_sqlite ? "worst " + ratio_text(worst_sqlite) + " (" + worst_sqlite_class + ")" : "—",
         worst_sqlite ? std::optional<bool>(*worst_sqlite <= 0.1) : std::nullopt});
    for (const auto& sharded : kShardedEngines) {
      std::optional<double> worst;
      std::string worst_class;
      for (const auto& c : query_classes())
        if (auto r = ratio(p95(s, sharded, c, true), p95(s, "r2p-kb", c, true));
            r && (!worst || *r > *worst))
          worst = r, worst_class = c;
      targets.push_back(
          {sharded + ": query p95 with exact facets ≤ 2× the single index (" + size_label + ")",
           worst ? "worst " + ratio_text(worst) + " (" + worst_class + ")" : "—",
           worst ? std::optional<bool>(*worst <= 2.0) : std::nullopt});
    }
    const auto compacted = ratio(index_figure(s, "r2p-kb", "size_compacted_bytes"),
                                 index_figure(s, "xapian-peer", "size_compacted_bytes"));
    targets.push_back({"index size compacted ≤ xapian-peer's (" + size_label + ")",
                       ratio_text(compacted),
                       compacted ? std::optional<bool>(*compacted <= 1.0) : std::nullopt});
  }
  if (s.records == 100000) {
    const auto rate = ratio(index_figure(s, "r2p-kb", "records_per_s"),
                            index_figure(s, "xapian-peer", "records_per_s"));
    targets.push_back({"indexing ≥ 2× xapian-peer records/s on 2 cores (100,000)", ratio_text(rate),
                       rate ? std::optional<bool>(*rate >= 2.0) : std::nullopt});
  }
  if (s.records >= 1000000) {
    const auto rss = index_figure(s, "r2p-kb", "peak_rss_bytes");
    targets.push_back({"r2p-index peak RSS ≤ 1 GiB (" + size_label + ")", mib(rss),
                       rss ? std::optional<bool>(*rss <= 1024.0 * 1024 * 1024) : std::nullopt});
  }
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::cerr << "usage: r2p-bench-report WORK_DIR [--out FILE.json]\n";
    return 2;
  }
  const fs::path work = argv[1];
  std::string out_path;
  for (int i = 2; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--out") out_path = argv[i + 1];

  std::vector<SizeFigures> sizes;
  for (const auto& entry : fs::directory_iterator(work)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory() && name.rfind("size-", 0) == 0)
      sizes.push_back(load_size(entry.path(), std::stoull(name.substr(5))));
  }
  std::sort(sizes.begin(), sizes.end(),
            [](const SizeFigures& a, const SizeFigures& b) { return a.records < b.records; });

  std::ostringstream machine;
  if (std::ifstream in(work / "machine.txt"); in) machine << in.rdbuf();
  std::string machine_line = machine.str();
  while (!machine_line.empty() && machine_line.back() == '\n') machine_line.pop_back();

  std::vector<Target> targets;
  std::cout << "## Benchmark\n\n";
  if (!machine_line.empty()) std::cout << machine_line << "\n\n";
  for (const auto& s : sizes) print_size(s, targets, std::cout);

  const auto cold = read_number(work / "cold-bundled.ms");
  targets.push_back({"cold r2p-search on the bundled corpus ≤ 10 ms wall",
                     cold ? ms(*cold) + " ms (median)" : "—",
                     cold ? std::optional<bool>(*cold <= 10.0) : std::nullopt});
  std::cout << "### Targets\n\n| target | measured | met |\n|---|---|---|\n";
  for (const auto& t : targets)
    std::cout << "| " << t.name << " | " << t.measured << " | "
              << (t.pass ? (*t.pass ? "yes" : "**no**") : "not measured") << " |\n";

  if (!out_path.empty()) {
    json all = {{"machine", machine_line}, {"cold_bundled_ms", number_or_null(cold)}};
    all["sizes"] = json::array();
    for (const auto& s : sizes)
      all["sizes"].push_back({{"records", s.records},
                              {"generator", s.gen},
                              {"engines", s.engines},
                              {"cold_generated_ms", number_or_null(s.cold_generated_ms)}});
    all["targets"] = json::array();
    for (const auto& t : targets)
      all["targets"].push_back({{"target", t.name},
                                {"measured", t.measured},
                                {"met", t.pass ? json(*t.pass) : json(nullptr)}});
    std::ofstream out(out_path);
    out << all.dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + out_path);
  }
  return 0;
} catch (const std::exception& e) {
  return r2p::bench::report_failure("r2p-bench-report", e.what(), 1);
}
