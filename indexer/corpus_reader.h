// Reads the corpus directory (JSON Lines records and the alias table) and validates it into
// Records, collecting every problem with its file, line, record and field.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/gazetteer.h"
#include "core/record.h"
#include "indexer/linker.h"

namespace r2p {

/// The file holding the alias table, relative to the corpus directory.
constexpr const char* kAliasFile = "aliases.jsonl";

// Limits on corpus input (SECURITY.md). A record over a limit is reported as a problem naming its
// file, line, record and field; nothing is indexed.
/// Bytes in one record: a line of a .jsonl file (1 MiB).
constexpr std::size_t kMaxRecordBytes = 1u << 20;
/// Characters (code points) in a title.
constexpr std::size_t kMaxTitleChars = 1000;
/// Bytes in one paragraph of `text`.
constexpr std::size_t kMaxParagraphBytes = 100000;
/// Bytes in an id (record, meeting or organisation id), so that every term made from one stays
/// well within Xapian's 245-byte term limit.
constexpr std::size_t kMaxIdBytes = 200;
/// Meetings one record may name (each is a value of the meeting facet, and a facet has room for
/// fewer than 1,000 values per document).
constexpr std::size_t kMaxMeetingsPerRecord = 500;
/// Bytes in a root's alias table (16 MiB): it is read before any record, into memory.
constexpr std::uint64_t kMaxAliasFileBytes = 16u << 20;
/// Bytes in a root's .r2pignore (64 KiB).
constexpr std::uint64_t kMaxIgnoreFileBytes = 64u << 10;

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
/// Reads the alias table at `path` line by line (a line over kMaxRecordBytes, or a file over
/// kMaxAliasFileBytes, is a problem and reading stops there); problems are appended.
AliasTable read_aliases(const std::string& path, std::vector<Problem>& problems);

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

/// What a corpus file holds, by its extension.
enum class FileKind { json_lines, markdown, html, text };
/// Markdown, HTML or text: a document (one record), not JSON records.
bool is_document(FileKind kind);

/// The file in a corpus root that lists paths to leave out (glob patterns, one per line).
constexpr const char* kIgnoreFile = ".r2pignore";

/// One corpus file and what tells whether it changed since the last run.
struct CorpusFile {
  std::string path;      ///< root joined with the path inside it: what messages and records name
  std::string relative;  ///< the path inside its root ("reports/accra.md")
  FileKind kind = FileKind::json_lines;
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;  ///< modification time, nanoseconds since the epoch
  /// A document that states no id: the id it kept from the path it was renamed from, "" for the
  /// id of its own path (document_id(relative)).
  std::string kept_id;
};

/// The files of one or more corpus roots: record files (JSON Lines, JSON, Markdown, HTML, text)
/// sorted by path, each root's alias table, and problems with paths that cannot be read. Names
/// starting with '.' and what a root's .r2pignore lists are left out.
struct CorpusListing {
  std::vector<std::string> roots;
  std::vector<CorpusFile> files;
  std::vector<std::string> alias_files;
  std::vector<Problem> problems;
  /// What was passed over without being a problem (a `.json` file), said once as a warning.
  std::vector<Problem> notes;
};
/// How the corpus roots are listed.
struct ListingOptions {
  /// Follow symbolic links that lead outside every root (by default such a link, to a file or a
  /// directory, is a problem: the corpus must not pull in arbitrary files of the system).
  bool follow_links = false;
};
/// \throws UsageError if a root is not a readable directory, or its .r2pignore cannot be read
/// (is not a regular file, is over kMaxIgnoreFileBytes, or leads outside the roots).
CorpusListing list_corpus(const std::vector<std::string>& roots,
                          const ListingOptions& options = {});

/// The problem of a corpus with no records at all.
Problem no_records_problem(const std::vector<std::string>& roots);

/// A meeting as documents refer to it: by id, title, or venue city (with the year).
struct MeetingInfo {
  std::string id;
  std::string title;
  std::string venue_city;
  std::string venue_country;  ///< alpha-2
  int year = 0;
};

struct DocumentSource;
class RegularFile;

/// The id of a document that states none: "doc-" and a slug of its path inside the corpus root
/// ("reports/Accra 2013.md" -> "doc-reports-accra-2013").
std::string document_id(const std::string& relative);

/// Turns a parsed Markdown, HTML or text file (`file`, `relative` to its root) into a document
/// record. Metadata uses the corpus's field names (id, type, title, kind, date, meeting(s),
/// countries/country, region(s), organisations); values are resolved through `gazetteer` and
/// `meetings` (a meeting by id, title, or venue city). What the metadata lacks is derived: the
/// title from the file's own title, the date from the file name or text, meetings from their
/// title (or venue city and year) in the text, regions from the stated countries and meetings.
/// Problems name the file and the line of the field; the record is then left out. A document
/// stating no id gets `kept_id` when given (CorpusFile::kept_id), else document_id(relative). A
/// document with no text is indexed by its title alone, and a warning saying so is added to
/// `notes`.
std::optional<Record> document_record(const DocumentSource& source, const std::string& file,
                                      const std::string& relative, const Gazetteer& gazetteer,
                                      const std::vector<MeetingInfo>& meetings,
                                      std::vector<Problem>& problems,
                                      const std::string& kept_id = "",
                                      std::vector<Problem>* notes = nullptr);

/// Whether the file's metadata declares a record type other than `document` (`type: meeting`).
bool declares_record_type(const DocumentSource& source);
/// The record a file that declares a record type (declares_record_type) stands for: its metadata
/// holds the fields of that type's JSON records (nested ones as YAML mappings and lists in
/// Markdown front matter), completed with the title from the file's heading, the text from its
/// body and the file as the source, and is validated as a JSON record is. Problems name the file
/// and the line of the field; the record is then left out.
std::optional<Record> front_matter_record(const DocumentSource& source, const std::string& file,
                                          const std::string& relative, const Gazetteer& gazetteer,
                                          std::vector<Problem>& problems);

/// A corpus read piece by piece, so that a large one is indexed without being held in memory:
/// the alias tables are read first; JSON Lines files are cut into line-aligned pieces that threads
/// read in parallel; problems and what the cross-record checks need are collected on the way.
class CorpusStream {
 public:
  /// Reads the alias tables and cuts the files of `listing` chosen by `selected` (indices into
  /// listing.files; every file when null) into pieces, hashing each file's content.
  explicit CorpusStream(CorpusListing listing, const std::vector<std::size_t>* selected = nullptr,
                        std::size_t piece_bytes = 1u << 20);
  /// Every file of the corpus directory `dir`.
  /// \throws UsageError if `dir` is not a readable directory.
  explicit CorpusStream(const std::string& dir, std::size_t piece_bytes = 1u << 20);

  const AliasTable& aliases() const { return aliases_; }
  const Gazetteer& gazetteer() const { return *gazetteer_; }
  const CorpusListing& listing() const { return listing_; }
  /// Lines in the corpus files: about the number of records, for progress reports.
  std::size_t record_lines() const { return record_lines_; }
  /// Bytes in the selected files.
  std::uint64_t selected_bytes() const { return total_bytes_; }
  /// Content hash of each selected file that could be read (index into listing().files -> hash).
  const std::map<std::size_t, std::uint64_t>& file_hashes() const { return hashes_; }

  /// Leaves the files `files` (indices into listing().files) unread after all.
  void skip_files(const std::set<std::size_t>& files);
  /// Sets the CorpusFile::kept_id of files not read yet (index into listing().files -> id): a
  /// rename is known only once the files are hashed.
  void keep_ids(const std::map<std::size_t, std::string>& ids);

  /// Parses and validates the records of part `part` of `parts` and calls `emit` for each valid
  /// one, in corpus order. Parts are contiguous; different parts may be read concurrently.
  void read_part(unsigned part, unsigned parts, const std::function<void(Record&)>& emit);

  /// Parses records from the starts of pieces spread evenly over the corpus (at most a 16th of
  /// `bytes` from each of 16 or more), about `bytes` of it in all, and calls `emit` for each valid
  /// one: a sample of every kind of file, for training the record dictionary. Nothing is recorded
  /// (no keys, no problems).
  void sample(std::size_t bytes, const std::function<void(Record&)>& emit);

  /// read_part, each record linked (indexer/linker.h) through gazetteer() before `emit` sees it,
  /// as the index stores it; names in the text that fit several countries are kept for
  /// take_ambiguous_names().
  void read_linked_part(unsigned part, unsigned parts, const std::function<void(Record&)>& emit);
  /// sample, each record linked as read_linked_part links it (the names that fit several
  /// countries are not kept: a sampled record is read again in full).
  void sample_linked(std::size_t bytes, const std::function<void(Record&)>& emit);
  /// The names that fit several countries in the text of the records read_linked_part read, with
  /// the ids of the records they occur in.
  std::map<std::string, std::set<std::string>> take_ambiguous_names() { return ambiguous_.take(); }

  /// The problems of the alias tables (also among read_problems()): an update that reads no
  /// file must still report them.
  std::vector<Problem> alias_problems() const;
  /// Problems found while reading (no cross-record checks).
  std::vector<Problem> read_problems() const;
  /// The warnings of the listing and of the files read (an empty document indexed by its
  /// title), in corpus order.
  std::vector<Problem> notes() const;
  /// Every problem found so far plus those of the cross-record checks over the records read and
  /// `other_records` (records of files not read this time).
  std::vector<Problem> problems(const std::vector<RecordKey>& other_records = {});
  /// The keys of the valid records read, in corpus order.
  std::vector<RecordKey> keys() const;
  /// The same, moved out: the stream keeps none (for a caller that needs them once, after the
  /// cross-record checks).
  std::vector<RecordKey> take_keys();
  /// Runs the cross-record checks over everything read.
  /// \throws CorpusError listing every problem found.
  void finish();

 private:
  struct Piece {
    std::size_t file;  ///< index into listing_.files
    std::uint64_t offset;
    std::uint64_t length;
    int first_line;
  };
  void parse_piece(const Piece& piece, std::string_view content, std::vector<Problem>& problems,
                   const std::function<void(Record&)>& emit, std::vector<Problem>* notes);
  const std::vector<MeetingInfo>& meetings();
  /// Reads every root's alias table into aliases_ and builds gazetteer_ (the constructor's first
  /// step).
  void read_alias_tables();
  /// Adds a file that is not JSON Lines (`in`, listing_.files[index]) as one piece, hashed.
  void add_whole_file(std::size_t index, RegularFile& in, std::vector<char>& block);
  /// Cuts the JSON Lines file `in` (listing_.files[index]) into line-aligned pieces, hashed.
  void cut_json_lines(std::size_t index, RegularFile& in, std::vector<char>& block,
                      std::size_t piece_bytes);

  CorpusListing listing_;
  AliasTable aliases_;
  /// Built once the alias tables are read (a gazetteer takes a moment to build: not twice).
  std::optional<Gazetteer> gazetteer_;
  std::vector<Problem> early_problems_;  ///< the listing's, the alias tables', then the files'
  std::size_t alias_problem_count_ = 0;
  std::vector<Piece> pieces_;
  std::map<std::size_t, std::uint64_t> hashes_;
  std::uint64_t total_bytes_ = 0;
  std::size_t record_lines_ = 0;
  std::mutex mutex_;
  std::vector<std::vector<Problem>> part_problems_;
  std::vector<std::vector<RecordKey>> part_keys_;
  std::vector<Problem> notes_;   ///< the parts' warnings, guarded by mutex_
  std::vector<RecordKey> keys_;  ///< the parts' keys once gathered, in part order
  /// Moves the parts' keys into keys_ (after every part was read).
  void gather_keys();
  std::once_flag meetings_once_;
  std::vector<MeetingInfo> meetings_;
  AmbiguousNames ambiguous_;
};

/// Reads every record file under `dir` (recursively, in path order), the alias table first; files
/// are parsed on `threads` threads (0 = one per core).
/// \throws CorpusError listing every problem found; UsageError if `dir` is not a directory.
Corpus read_corpus(const std::string& dir, unsigned threads = 0);

}  // namespace r2p
