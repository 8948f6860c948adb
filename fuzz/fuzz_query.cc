// libFuzzer target for the search side: any query text and filter values (valid or invalid
// UTF-8) give results or a UsageError — never a crash or another exception — over a small index
// of the bundled corpus built once at start-up. Results render in every format, and the JSON
// output parses.
//
// Input: lines (split at '\n'). Line 1 is the query text; lines 2–7 the values of --type,
// --year, --region, --meeting, --country and --status (several values separated by tabs, none
// when empty); line 8 --sort; line 9 --facets; line 10 "LIMIT OFFSET FACET_LIMIT"; line 11 a
// --dossier / --show argument.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/text.h"
#include "fuzz/fuzz_check.h"
#include "indexer/corpus_reader.h"
#include "indexer/index_writer.h"
#include "indexer/linker.h"
#include "render/render.h"
#include "search/entities.h"
#include "search/request.h"
#include "search/searcher.h"

namespace {

std::string index_dir;
std::unique_ptr<r2p::Index> search_index;

void remove_index() {
  std::error_code ec;
  if (!index_dir.empty()) std::filesystem::remove_all(index_dir, ec);
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(separator, start)) != std::string::npos; start = end + 1)
    parts.push_back(text.substr(start, end - start));
  parts.push_back(text.substr(start));
  return parts;
}

std::size_t number(const std::string& text) {
  return static_cast<std::size_t>(std::strtoull(text.c_str(), nullptr, 10));
}

void search(const std::vector<std::string>& lines) {
  auto line = [&](std::size_t i) { return i < lines.size() ? lines[i] : std::string(); };
  r2p::RawOptions options;
  if (!line(0).empty()) options.query_words = split(line(0), ' ');
  const r2p::Field fields[] = {r2p::Field::type,    r2p::Field::year,    r2p::Field::region,
                               r2p::Field::meeting, r2p::Field::country, r2p::Field::status};
  for (std::size_t f = 0; f < 6; ++f)
    if (!line(1 + f).empty()) options.filters[fields[f]] = split(line(1 + f), '\t');
  options.sort = line(7);
  options.facets = line(8);
  const auto numbers = split(line(9), ' ');
  if (!line(9).empty()) options.limit = number(numbers[0]);
  if (numbers.size() > 1) options.offset = number(numbers[1]);
  if (numbers.size() > 2) options.facet_limit = number(numbers[2]);

  try {
    const r2p::SearchRequest request = r2p::make_request(options, *search_index);
    const r2p::SearchResults results = r2p::run_search(request, *search_index);
    R2P_FUZZ_CHECK(results.total >= results.hits.size(), "fewer matches than hits");
    R2P_FUZZ_CHECK(request.limit == 0 || results.hits.size() <= request.limit, "too many hits");
    std::ostringstream json, text, csv;
    r2p::render_json(results, json);
    r2p::render_text(results, r2p::TextStyle{true}, text);
    r2p::render_csv(results, csv);
    const auto parsed = nlohmann::json::parse(json.str());
    R2P_FUZZ_CHECK(parsed.at("total") == results.total, "JSON total differs");
    R2P_FUZZ_CHECK(r2p::is_valid_utf8(text.str()), "text output is not UTF-8");
  } catch (const r2p::UsageError& e) {
    R2P_FUZZ_CHECK(*e.what() != '\0', "a UsageError without a message");
  }

  if (const std::string name = line(10); !name.empty()) {
    try {
      r2p::resolve_dossier_target(name, *search_index);
    } catch (const r2p::UsageError&) {
    }
    try {
      r2p::record_page(name, *search_index);
    } catch (const r2p::UsageError&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  char pattern[] = "/tmp/r2p-fuzz-query.XXXXXX";
  if (!::mkdtemp(pattern)) r2p::fuzz::fail("cannot create a temporary directory");
  index_dir = pattern;
  std::atexit(remove_index);
  r2p::fuzz::expect_no_exception("indexing the bundled corpus", [] {
    r2p::Corpus corpus = r2p::read_corpus(R2P_BUNDLED_CORPUS, 1);
    r2p::link_records(corpus.records, corpus.gazetteer, 1);
    r2p::IndexOptions options;
    options.threads = 1;
    r2p::write_index(corpus.records, corpus.aliases, corpus.gazetteer, index_dir + "/db", options);
    search_index = std::make_unique<r2p::Index>(index_dir + "/db");
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  r2p::fuzz::expect_no_exception("searching", [&] { search(split(input, '\n')); });
  return 0;
}
