// CorpusStream: the corpus read piece by piece, JSON Lines files cut into line-aligned pieces that
// threads read in parallel, problems and record keys collected on the way.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <mutex>
#include <utility>

#include "core/parallel.h"
#include "indexer/bounded_read.h"
#include "indexer/content_hash.h"
#include "indexer/corpus_reader.h"
#include "indexer/document_formats.h"
#include "indexer/json_fields.h"

namespace r2p {
namespace {

/// Bytes in one Markdown, HTML or text file (16 MiB: saved web pages carry scripts and styles).
constexpr std::uint64_t kMaxDocumentBytes = 16u << 20;

DocumentFormat document_format_of(FileKind kind) {
  return kind == FileKind::markdown ? DocumentFormat::markdown
         : kind == FileKind::html   ? DocumentFormat::html
                                    : DocumentFormat::text;
}

/// The meeting a document declares (`type: meeting` in its metadata), for the other documents
/// that name it; nullopt when it declares none or is not valid (reported by the reading proper).
std::optional<MeetingInfo> declared_meeting(const CorpusFile& file, const Gazetteer& gazetteer) {
  RegularFile in(file.path);
  std::string content;
  if (!in.ok() || !in.read_all(content, kMaxDocumentBytes) ||
      content.find("meeting") == std::string::npos)
    return std::nullopt;
  std::vector<Problem> ignored;
  const DocumentSource source =
      parse_document(content, document_format_of(file.kind), file.path, ignored);
  if (!declares_record_type(source)) return std::nullopt;
  const auto r = front_matter_record(source, file.path, file.relative, gazetteer, ignored);
  if (!r || r->type != RecordType::meeting) return std::nullopt;
  return MeetingInfo{r->id, r->title, r->venue_city, r->venue_country, r->date.year};
}

}  // namespace

CorpusStream::CorpusStream(const std::string& dir, std::size_t piece_bytes)
    : CorpusStream(list_corpus({dir}), nullptr, piece_bytes) {}

CorpusStream::CorpusStream(CorpusListing listing, const std::vector<std::size_t>* selected,
                           std::size_t piece_bytes)
    : listing_(std::move(listing)), early_problems_(listing_.problems) {
  read_alias_tables();

  std::vector<std::size_t> chosen;
  if (selected) {
    chosen = *selected;
    std::sort(chosen.begin(), chosen.end());
  } else {
    for (std::size_t i = 0; i < listing_.files.size(); ++i) chosen.push_back(i);
  }
  // Cut JSON Lines files into line-aligned pieces so that threads can share a large file while
  // each record keeps its file and line; any other file (one or more records) is one piece. A
  // line over kMaxRecordBytes is reported here and reading the file stops there, so it is never
  // held in memory nor read to its end (it may have none).
  std::vector<char> block(1 << 20);
  for (std::size_t index : chosen) {
    const CorpusFile& file = listing_.files.at(index);
    RegularFile in(file.path);
    if (!in.ok()) {
      early_problems_.push_back({{file.path, 0, "", ""},
                                 in.not_regular()
                                     ? in.problem()
                                     : std::string("cannot be read; check that it is readable")});
      continue;
    }
    if (file.kind != FileKind::json_lines)
      add_whole_file(index, in, block);
    else
      cut_json_lines(index, in, block, piece_bytes);
  }
}

void CorpusStream::read_alias_tables() {
  for (const auto& alias_file : listing_.alias_files) {
    std::vector<Problem> problems;
    AliasTable table = read_aliases(alias_file, problems);
    for (auto& p : problems) early_problems_.push_back(std::move(p));
    for (auto& c : table.countries) aliases_.countries.push_back(std::move(c));
    for (auto& o : table.organisations) aliases_.organisations.push_back(std::move(o));
  }
  alias_problem_count_ = early_problems_.size() - listing_.problems.size();
  try {
    gazetteer_.emplace(aliases_);
  } catch (const std::invalid_argument& e) {
    gazetteer_.emplace();
    early_problems_.push_back(
        {{listing_.alias_files.empty() ? std::string(kAliasFile) : listing_.alias_files.front(), 0,
          "", "code"},
         e.what()});
    ++alias_problem_count_;
  }
}

void CorpusStream::add_whole_file(std::size_t index, RegularFile& in, std::vector<char>& block) {
  const CorpusFile& file = listing_.files[index];
  ContentHash hash;
  const std::uint64_t size = in.size();
  ++record_lines_;
  const std::uint64_t limit = is_document(file.kind) ? kMaxDocumentBytes : kMaxRecordBytes;
  if (size > limit) {
    early_problems_.push_back(
        {{file.path, 0, "", ""},
         is_document(file.kind)
             ? "the file is " + std::to_string(size) + " bytes long; a document may be at most " +
                   std::to_string(kMaxDocumentBytes) + " bytes (16 MiB): split it"
             : too_long_record(size, "file")});
    return;
  }
  // Hashed up to the size measured: what grows later is not read (nor hashed) either.
  std::uint64_t done = 0;
  while (done < size) {
    const std::size_t got = in.read(
        block.data(), static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size - done)));
    if (got == 0) break;
    hash.add(block.data(), got);
    done += got;
  }
  hashes_[index] = hash.value();
  pieces_.push_back({index, 0, done, 1});
  total_bytes_ += done;
}

void CorpusStream::cut_json_lines(std::size_t index, RegularFile& in, std::vector<char>& block,
                                  std::size_t piece_bytes) {
  const CorpusFile& file = listing_.files[index];
  ContentHash hash;
  std::uint64_t offset = 0, piece_start = 0, line_start = 0;
  int line = 1, piece_line = 1;
  bool too_long = false;
  while (!too_long) {
    const std::size_t got = in.read(block.data(), block.size());
    if (got == 0) break;
    hash.add(block.data(), got);
    for (const char *p = block.data(), *end = block.data() + got;
         (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))));
         ++p) {
      const std::uint64_t next = offset + static_cast<std::uint64_t>(p - block.data()) + 1;
      if (next - 1 - line_start > kMaxRecordBytes) {
        too_long = true;
        break;
      }
      if (next - piece_start >= piece_bytes) {
        pieces_.push_back({index, piece_start, next - piece_start, piece_line});
        piece_start = next;
        piece_line = line + 1;
      }
      ++line;
      ++record_lines_;
      line_start = next;
    }
    offset += got;
    if (offset - line_start > kMaxRecordBytes) too_long = true;
  }
  if (too_long) {
    early_problems_.push_back({{file.path, line, "", ""}, too_long_line_stopped()});
    // The lines before it are still read (and checked); the file is not indexed.
    if (line_start > piece_start)
      pieces_.push_back({index, piece_start, line_start - piece_start, piece_line});
    total_bytes_ += line_start;
    return;
  }
  if (offset > piece_start)
    pieces_.push_back({index, piece_start, offset - piece_start, piece_line});
  hashes_[index] = hash.value();
  total_bytes_ += offset;
}

void CorpusStream::keep_ids(const std::map<std::size_t, std::string>& ids) {
  for (const auto& [file, id] : ids) listing_.files.at(file).kept_id = id;
}

void CorpusStream::skip_files(const std::set<std::size_t>& files) {
  std::vector<Piece> kept;
  for (const auto& piece : pieces_) {
    if (!files.count(piece.file)) {
      kept.push_back(piece);
      continue;
    }
    total_bytes_ -= piece.length;
  }
  pieces_ = std::move(kept);
}

std::vector<Problem> CorpusStream::alias_problems() const {
  const auto first =
      early_problems_.begin() + static_cast<std::ptrdiff_t>(listing_.problems.size());
  return {first, first + static_cast<std::ptrdiff_t>(alias_problem_count_)};
}

const std::vector<MeetingInfo>& CorpusStream::meetings() {
  // Documents name meetings by id, title or venue; the meeting records may be in any JSON Lines
  // file or document, read or not this time, so they are gathered once, on first need, from every
  // such file, a line at a time (what is over the limits is reported by the reading proper).
  std::call_once(meetings_once_, [&] {
    for (const auto& file : listing_.files) {
      if (is_document(file.kind)) {
        if (auto meeting = declared_meeting(file, *gazetteer_)) meetings_.push_back(*meeting);
        continue;
      }
      RegularFile in(file.path);
      if (!in.ok()) continue;
      std::vector<Problem> ignored;
      auto keep = [&](Record& r) {
        if (r.type == RecordType::meeting)
          meetings_.push_back({r.id, r.title, r.venue_city, r.venue_country, r.date.year});
      };
      LineReader lines(in, kMaxRecordBytes);
      for (std::string line; lines.next(line) == LineReader::Status::line;)
        if (line.find("\"meeting\"") != std::string::npos)
          parse_records_into(line, file.path, true, 1, *gazetteer_, ignored, keep);
    }
  });
  return meetings_;
}

void CorpusStream::parse_piece(const Piece& piece, std::string_view content,
                               std::vector<Problem>& problems,
                               const std::function<void(Record&)>& emit,
                               std::vector<Problem>* notes) {
  const CorpusFile& file = listing_.files[piece.file];
  switch (file.kind) {
    case FileKind::json_lines:
      parse_records_into(content, file.path, true, piece.first_line, *gazetteer_, problems, emit);
      return;
    case FileKind::markdown:
    case FileKind::html:
    case FileKind::text: {
      const std::size_t before = problems.size();
      DocumentSource source =
          parse_document(content, document_format_of(file.kind), file.path, problems);
      if (problems.size() > before) return;
      if (auto record = document_record(source, file.path, file.relative, *gazetteer_, meetings(),
                                        problems, file.kept_id, notes))
        emit(*record);
      return;
    }
  }
}

void CorpusStream::read_part(unsigned part, unsigned parts,
                             const std::function<void(Record&)>& emit) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (part_problems_.size() < parts) {
      part_problems_.resize(parts);
      part_keys_.resize(parts);
    }
  }
  std::vector<Problem> problems, notes;
  std::vector<RecordKey> keys;
  // Part k takes the pieces whose middle byte is in the k-th slice of the corpus bytes, so parts
  // are contiguous and, read one after another, give the corpus order; each part's bytes are
  // within half a piece of its share.
  std::uint64_t start = 0;
  for (const auto& piece : pieces_) {
    const std::uint64_t middle = start + piece.length / 2;
    const std::uint64_t owner = total_bytes_ == 0 ? 0 : middle * parts / total_bytes_;
    start += piece.length;
    if (owner != part) continue;
    const CorpusFile& file = listing_.files[piece.file];
    RegularFile in(file.path);
    std::string content(piece.length, '\0');
    if (!in.ok() || in.read_at(content.data(), content.size(), piece.offset) != piece.length)
      throw UsageError("cannot read " + file.path + " (it changed while being read?)");
    parse_piece(
        piece, content, problems,
        [&](Record& record) {
          keys.push_back(record_key(record));
          emit(record);
        },
        &notes);
  }
  std::lock_guard<std::mutex> lock(mutex_);
  notes_.insert(notes_.end(), notes.begin(), notes.end());
  part_problems_[part] = std::move(problems);
  part_keys_[part] = std::move(keys);
}

void CorpusStream::sample(std::size_t bytes, const std::function<void(Record&)>& emit) {
  // The start of every stride-th piece (16 spread over the corpus; fewer pieces give more
  // each), then of those after each of them, until `bytes` are read: a corpus of many small
  // documents (one piece each) is sampled as well as one of a few large JSON Lines files.
  constexpr std::size_t kSpread = 16;
  if (pieces_.empty()) return;
  const std::size_t stride = (pieces_.size() + kSpread - 1) / kSpread;
  const std::uint64_t share = std::max<std::uint64_t>(1, bytes / std::min(kSpread, pieces_.size()));
  std::uint64_t read = 0;
  std::vector<Problem> ignored;  // reported by the reading proper
  for (std::size_t offset = 0; offset < stride && read < bytes; ++offset) {
    for (std::size_t index = offset; index < pieces_.size() && read < bytes; index += stride) {
      Piece piece = pieces_[index];
      const CorpusFile& file = listing_.files[piece.file];
      // A JSON Lines piece is cut at a line's end; a piece of another kind is read whole or not.
      const bool cut = piece.length > share;
      if (cut && file.kind != FileKind::json_lines) continue;
      std::string content(cut ? share : piece.length, '\0');
      RegularFile in(file.path);
      if (!in.ok() || in.read_at(content.data(), content.size(), piece.offset) != content.size())
        continue;
      if (cut) {
        const std::size_t line_end = content.rfind('\n');
        if (line_end == std::string::npos) continue;  // no whole line within the share
        content.resize(line_end + 1);
      }
      read += content.size();
      piece.length = content.size();
      parse_piece(piece, content, ignored, emit, nullptr);
    }
  }
}

void CorpusStream::read_linked_part(unsigned part, unsigned parts,
                                    const std::function<void(Record&)>& emit) {
  read_part(part, parts, [&](Record& record) {
    link_record(record, *gazetteer_, &ambiguous_);
    emit(record);
  });
}

void CorpusStream::sample_linked(std::size_t bytes, const std::function<void(Record&)>& emit) {
  sample(bytes, [&](Record& record) {
    link_record(record, *gazetteer_);
    emit(record);
  });
}

std::vector<RecordKey> CorpusStream::keys() const {
  std::vector<RecordKey> keys = keys_;
  for (const auto& part : part_keys_) keys.insert(keys.end(), part.begin(), part.end());
  return keys;
}

void CorpusStream::gather_keys() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& part : part_keys_) {
    keys_.insert(keys_.end(), std::make_move_iterator(part.begin()),
                 std::make_move_iterator(part.end()));
    part = {};
  }
}

std::vector<RecordKey> CorpusStream::take_keys() {
  gather_keys();
  return std::exchange(keys_, {});
}

std::vector<Problem> CorpusStream::read_problems() const {
  std::vector<Problem> problems = early_problems_;
  for (const auto& part : part_problems_) problems.insert(problems.end(), part.begin(), part.end());
  return problems;
}

std::vector<Problem> CorpusStream::notes() const {
  std::vector<Problem> notes = listing_.notes;
  notes.insert(notes.end(), notes_.begin(), notes_.end());
  // Parts end in any order; the corpus order is the files' (a document has one note at most).
  std::stable_sort(notes.begin(), notes.end(),
                   [](const Problem& a, const Problem& b) { return a.where.file < b.where.file; });
  return notes;
}

std::vector<Problem> CorpusStream::problems(const std::vector<RecordKey>& other_records) {
  std::vector<Problem> problems = read_problems();
  // The keys of a large corpus take hundreds of MB: checked in place, not copied.
  gather_keys();
  const std::size_t own = keys_.size();
  const bool none = own == 0 && other_records.empty();
  keys_.insert(keys_.end(), other_records.begin(), other_records.end());
  check_cross_references(keys_, problems);
  keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(own), keys_.end());
  if (none && problems.empty()) problems.push_back(no_records_problem(listing_.roots));
  return problems;
}

Problem no_records_problem(const std::vector<std::string>& roots) {
  std::string names;
  for (const auto& r : roots) names += (names.empty() ? "" : ", ") + r;
  return {{names, 0, "", ""}, "no records found (*.jsonl, *.md, *.html or *.txt files)"};
}

void CorpusStream::finish() {
  std::vector<Problem> all = problems();
  if (!all.empty()) throw CorpusError(std::move(all));
}

Corpus read_corpus(const std::string& dir, unsigned threads) {
  CorpusStream stream(dir);
  const unsigned parts = worker_count(threads);
  std::vector<std::vector<Record>> per_part(parts);
  for_each_chunk(parts, parts, [&](unsigned part, std::size_t, std::size_t) {
    stream.read_part(part, parts, [&](Record& r) { per_part[part].push_back(std::move(r)); });
  });
  stream.finish();
  Corpus corpus;
  for (auto& records : per_part)
    for (auto& r : records) corpus.records.push_back(std::move(r));
  corpus.aliases = stream.aliases();
  corpus.gazetteer = stream.gazetteer();
  return corpus;
}

}  // namespace r2p
