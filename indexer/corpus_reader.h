// Reads the corpus directory (JSON Lines records and the alias table) and validates it into
// Records, collecting every problem with its file, line, record and field.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/gazetteer.h"
#include "core/record.h"

namespace r2p {

/// The file holding the alias table, relative to the corpus directory.
constexpr const char* kAliasFile = "aliases.jsonl";

// Limits on corpus input (SECURITY.md). A record over a limit is reported as a problem naming its
// file, line, record and field; nothing is indexed.
/// Bytes in one record: a line of a .jsonl file, or a whole .json file (1 MiB).
constexpr std::size_t kMaxRecordBytes = 1u << 20;
/// Characters (code points) in a title.
constexpr std::size_t kMaxTitleChars = 1000;
/// Bytes in one paragraph of `text`.
constexpr std::size_t kMaxParagraphBytes = 100000;
/// Bytes in an id (record, meeting or organisation id), so that every term made from one stays
/// well within Xapian's 245-byte term limit.
constexpr std::size_t kMaxIdBytes = 200;

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

/// parse_records with a line offset (`first_line` is the line number of the content's first
/// line) and a callback instead of a result vector, for reading a corpus piece by piece.
void parse_records_into(std::string_view content, const std::string& file, bool json_lines,
                        int first_line, const Gazetteer& gazetteer, std::vector<Problem>& problems,
                        const std::function<void(Record&)>& emit);

/// What the checks that span records need to know of one record.
struct RecordKey {
  std::string id;
  RecordType type = RecordType::meeting;
  std::string country_code;
  std::string file;
  int line = 0;
  std::vector<std::pair<std::string, std::string>> meeting_refs;  ///< (field, meeting id)
};
RecordKey record_key(const Record& record);

/// Checks what spans records: unique ids, one record per country, meeting ids that a meeting
/// record defines.
void check_cross_references(const std::vector<RecordKey>& records, std::vector<Problem>& problems);
void check_cross_references(const std::vector<Record>& records, std::vector<Problem>& problems);

/// A corpus read piece by piece, so that a large one is indexed without being held in memory:
/// the alias table is read first; JSON Lines files are cut into line-aligned pieces that threads
/// read in parallel; problems and what the cross-record checks need are collected on the way.
class CorpusStream {
 public:
  /// Reads the alias table and lists (and cuts) the corpus files.
  /// \throws UsageError if `dir` is not a readable directory.
  explicit CorpusStream(const std::string& dir, std::size_t piece_bytes = 4u << 20);

  const AliasTable& aliases() const { return aliases_; }
  const Gazetteer& gazetteer() const { return gazetteer_; }
  /// Lines in the corpus files: about the number of records, for progress reports.
  std::size_t record_lines() const { return record_lines_; }

  /// Parses and validates the records of part `part` of `parts` and calls `emit` for each valid
  /// one, in corpus order. Parts are contiguous; different parts may be read concurrently.
  void read_part(unsigned part, unsigned parts, const std::function<void(Record&)>& emit);

  /// Runs the cross-record checks over everything read.
  /// \throws CorpusError listing every problem found.
  void finish();

 private:
  struct Piece {
    std::string file;
    std::uint64_t offset;
    std::uint64_t length;
    int first_line;
    bool json_lines;
  };
  std::string dir_;
  AliasTable aliases_;
  Gazetteer gazetteer_;
  std::vector<Problem> early_problems_;
  std::vector<Piece> pieces_;
  std::uint64_t total_bytes_ = 0;
  std::size_t record_lines_ = 0;
  std::mutex mutex_;
  std::vector<std::vector<Problem>> part_problems_;
  std::vector<std::vector<RecordKey>> part_keys_;
};

/// Reads every *.jsonl / *.json file under `dir` (recursively, in path order), the alias table
/// first; files are parsed on `threads` threads (0 = one per core).
/// \throws CorpusError listing every problem found; UsageError if `dir` is not a directory.
Corpus read_corpus(const std::string& dir, unsigned threads = 0);

}  // namespace r2p
