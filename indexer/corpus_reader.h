// Reads the corpus directory (JSON Lines records and the alias table) and validates it into
// Records, collecting every problem with its file, line, record and field.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/gazetteer.h"
#include "core/record.h"

namespace r2p {

/// The file holding the alias table, relative to the corpus directory.
constexpr const char* kAliasFile = "aliases.jsonl";

/// A validated corpus: records in a stable order (file path, then line) and the alias table.
struct Corpus {
  std::vector<Record> records;
  AliasTable aliases;
  Gazetteer gazetteer;  ///< ICU data plus `aliases`
};

/// Parses the alias table from `content` (JSON Lines) named `file` in messages; problems are
/// appended to `problems`.
AliasTable parse_aliases(std::string_view content, const std::string& file,
                         std::vector<Problem>& problems);

/// Parses records from `content`: JSON Lines (one object per line) when `json_lines`, else one
/// JSON object for the whole file. Country names are resolved with `gazetteer`. Problems are
/// appended; records with problems are left out.
std::vector<Record> parse_records(std::string_view content, const std::string& file,
                                  bool json_lines, const Gazetteer& gazetteer,
                                  std::vector<Problem>& problems);

/// Checks what spans records: unique ids, meeting ids that a meeting record defines.
void check_cross_references(const std::vector<Record>& records, std::vector<Problem>& problems);

/// Reads every *.jsonl / *.json file under `dir` (recursively, in path order), the alias table
/// first; files are parsed on `threads` threads (0 = one per core).
/// \throws CorpusError listing every problem found; UsageError if `dir` is not a directory.
Corpus read_corpus(const std::string& dir, unsigned threads = 0);

}  // namespace r2p
