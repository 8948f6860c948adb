// libFuzzer target for the corpus reader: any bytes, read as JSON Lines records, as one JSON
// record and as an alias table, give records or problems that name their place — never a crash,
// an exception, a term Xapian would refuse, or a problem message that spans lines.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/record_json.h"
#include "core/text.h"
#include "fuzz/bundled_gazetteer.h"
#include "fuzz/fuzz_check.h"
#include "indexer/corpus_reader.h"
#include "indexer/document_builder.h"
#include "indexer/linker.h"

namespace {

using r2p::fuzz::bundled_gazetteer;

void check_problems(const std::vector<r2p::Problem>& problems) {
  for (const auto& problem : problems) {
    const std::string line = problem.format();
    R2P_FUZZ_CHECK(!problem.message.empty(), line);
    R2P_FUZZ_CHECK(line.find('\n') == std::string::npos, line);
    R2P_FUZZ_CHECK(r2p::is_valid_utf8(line), line);
  }
}

/// What r2p-index does with a record the reader accepted: link it, build its document, store it
/// as JSON. Every term must fit Xapian's limit, and the stored JSON must read back the same.
void index_record(r2p::Record record) {
  static Xapian::TermGenerator generator = r2p::make_term_generator();
  r2p::link_record(record, bundled_gazetteer());
  const Xapian::Document doc = r2p::build_document(record, bundled_gazetteer(), generator);
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    R2P_FUZZ_CHECK((*t).size() <= 245, "term too long for Xapian in record " + record.id);
  const auto stored = r2p::record_to_json(record);
  R2P_FUZZ_CHECK(r2p::record_to_json(r2p::record_from_json(stored)) == stored,
                 "record JSON does not read back the same: " + record.id);
}

std::vector<std::string> formatted(const std::vector<r2p::Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.format());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  const r2p::Gazetteer& gazetteer = bundled_gazetteer();

  for (const bool json_lines : {true, false}) {
    std::vector<r2p::Problem> problems;
    std::vector<r2p::Record> records;
    r2p::fuzz::expect_no_exception("parse_records", [&] {
      records = r2p::parse_records(content, "f.jsonl", json_lines, gazetteer, problems);
      r2p::check_cross_references(records, problems);
    });
    check_problems(problems);
    for (const auto& record : records) {
      R2P_FUZZ_CHECK(!record.id.empty() && record.line >= 1, "a record without id or line");
      r2p::fuzz::expect_no_exception("indexing a record", [&] { index_record(record); });
    }

    // Read in two pieces, as CorpusStream does for large files, the same records and problems
    // come out at the same lines.
    const std::size_t cut = content.find('\n', content.size() / 2);
    if (!json_lines || cut == std::string_view::npos) continue;
    std::vector<r2p::Problem> piece_problems;
    std::vector<std::string> piece_ids;
    const std::string_view first = content.substr(0, cut + 1), second = content.substr(cut + 1);
    const int second_line = 1 + static_cast<int>(std::count(first.begin(), first.end(), '\n'));
    r2p::fuzz::expect_no_exception("parse_records_into", [&] {
      auto emit = [&](r2p::Record& r) { piece_ids.push_back(r.id + ":" + std::to_string(r.line)); };
      r2p::parse_records_into(first, "f.jsonl", true, 1, gazetteer, piece_problems, emit);
      r2p::parse_records_into(second, "f.jsonl", true, second_line, gazetteer, piece_problems,
                              emit);
    });
    std::vector<r2p::Problem> whole_problems;
    std::vector<std::string> whole_ids;
    for (const auto& r : r2p::parse_records(content, "f.jsonl", true, gazetteer, whole_problems))
      whole_ids.push_back(r.id + ":" + std::to_string(r.line));
    R2P_FUZZ_CHECK(piece_ids == whole_ids, "pieces give other records than the whole");
    R2P_FUZZ_CHECK(formatted(piece_problems) == formatted(whole_problems),
                   "pieces give other problems than the whole");
  }

  std::vector<r2p::Problem> problems;
  r2p::AliasTable table;
  r2p::fuzz::expect_no_exception("parse_aliases",
                                 [&] { table = r2p::parse_aliases(content, "a.jsonl", problems); });
  check_problems(problems);
  r2p::fuzz::expect_no_exception("alias table JSON", [&] {
    const auto stored = r2p::alias_table_to_json(table);
    R2P_FUZZ_CHECK(r2p::alias_table_to_json(r2p::alias_table_from_json(stored)) == stored,
                   "the alias table JSON does not read back the same");
  });
  return 0;
}
