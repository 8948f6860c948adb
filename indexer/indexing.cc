// One run of r2p-index: full build or incremental update.
#include "indexer/indexing.h"

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <xapian.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/parallel.h"
#include "core/record_json.h"
#include "core/schema.h"
#include "core/text.h"
#include "indexer/corpus_reader.h"
#include "indexer/linker.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// What the index knows of one corpus file (stored under kFileKeyPrefix + path).
struct FileState {
  std::string path;
  std::string relative;  ///< inside its root: document ids are made from it
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t hash = 0;
  std::vector<RecordKey> keys;
};

std::string hex(std::uint64_t value) {
  char buffer[20];
  std::snprintf(buffer, sizeof buffer, "%016" PRIx64, value);
  return buffer;
}

/// File entries are stored compressed: they list every record of the file (id, type, line and
/// meeting references, about 90 bytes of JSON a record), which zlib shrinks about fivefold.
constexpr char kCompressedMark = 'z';

std::string compress_entry(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(1 + sizeof(std::uint64_t) + size, '\0');
  out[0] = kCompressedMark;
  const std::uint64_t original = text.size();
  std::memcpy(&out[1], &original, sizeof original);
  auto* data = reinterpret_cast<Bytef*>(&out[1 + sizeof original]);
  if (compress2(data, &size, reinterpret_cast<const Bytef*>(text.data()),
                static_cast<uLong>(text.size()), Z_DEFAULT_COMPRESSION) != Z_OK)
    throw IndexError("cannot compress the index's record of a corpus file (out of memory?)");
  out.resize(1 + sizeof original + size);
  return out;
}

}  // namespace

std::optional<std::string> file_entry_text(const std::string& stored) {
  if (stored.empty() || stored[0] != kCompressedMark) return stored;  // stored uncompressed
  std::uint64_t original = 0;
  if (stored.size() < 1 + sizeof original) return std::nullopt;
  std::memcpy(&original, &stored[1], sizeof original);
  if (original > (std::uint64_t{1} << 32)) return std::nullopt;
  std::string text(original, '\0');
  uLongf size = static_cast<uLongf>(original);
  const auto* data = reinterpret_cast<const Bytef*>(stored.data() + 1 + sizeof original);
  if (uncompress(reinterpret_cast<Bytef*>(text.data()), &size, data,
                 static_cast<uLong>(stored.size() - 1 - sizeof original)) != Z_OK ||
      size != original)
    return std::nullopt;
  return text;
}

namespace {

std::string encode(const FileState& state) {
  json records = json::array();
  for (const auto& key : state.keys) {
    json refs = json::array();
    for (const auto& [field, meeting] : key.meeting_refs) refs.push_back({field, meeting});
    records.push_back({key.id, to_string(key.type), key.country_code, key.line, refs});
  }
  return compress_entry(json{
      {"path", state.path},
      {"relative", state.relative},
      {"size", state.size},
      {"mtime", state.mtime_ns},
      {"hash", hex(state.hash)},
      {"records", records}}.dump());
}

/// The metadata key of a file's entry: its path may be longer than a Xapian key may be (245
/// bytes), so the key holds a hash of it and the entry the path itself.
std::string file_key(const std::string& path) {
  return kFileKeyPrefix + hex(stable_hash(path));
}

std::optional<FileState> decode(const std::string& stored) {
  const std::optional<std::string> text = file_entry_text(stored);
  if (!text) return std::nullopt;
  try {
    const json j = json::parse(*text);
    FileState state;
    state.path = j.at("path").get<std::string>();
    state.relative = j.at("relative").get<std::string>();
    const std::string& path = state.path;
    state.size = j.at("size").get<std::uint64_t>();
    state.mtime_ns = j.at("mtime").get<std::int64_t>();
    state.hash = std::stoull(j.at("hash").get<std::string>(), nullptr, 16);
    for (const auto& r : j.at("records")) {
      RecordKey key;
      key.id = r.at(0).get<std::string>();
      auto type = parse_record_type(r.at(1).get<std::string>());
      if (!type) return std::nullopt;
      key.type = *type;
      key.country_code = r.at(2).get<std::string>();
      key.file = path;
      key.line = r.at(3).get<int>();
      for (const auto& ref : r.at(4))
        key.meeting_refs.emplace_back(ref.at(0).get<std::string>(), ref.at(1).get<std::string>());
      state.keys.push_back(std::move(key));
    }
    return state;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::map<std::string, std::vector<RecordKey>> keys_by_file(std::vector<RecordKey> keys) {
  std::map<std::string, std::vector<RecordKey>> by_file;
  for (auto& key : keys) by_file[key.file].push_back(std::move(key));
  return by_file;
}

/// The selected files that `problems` name; nullopt when a problem is not about one of them
/// (the alias table, a corpus root), which leaving files out cannot mend.
std::optional<std::set<std::size_t>> files_with_problems(const CorpusListing& listing,
                                                         const std::vector<Problem>& problems) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < listing.files.size(); ++i) index[listing.files[i].path] = i;
  std::set<std::size_t> bad;
  for (const auto& p : problems) {
    auto it = index.find(p.where.file);
    if (it == index.end()) return std::nullopt;
    bad.insert(it->second);
  }
  return bad;
}

/// Raised from write_index's hook to build again without the files that have problems.
struct LeaveOut {
  std::set<std::size_t> files;
  std::vector<Problem> problems;
};

void add_skipped(IndexerReport& report, const CorpusListing& listing,
                 const std::set<std::size_t>& files, std::vector<Problem> problems) {
  for (std::size_t f : files) report.skipped_files.push_back(listing.files[f].path);
  for (auto& p : problems) report.skipped.push_back(std::move(p));
}

IndexerReport full_build(const IndexerOptions& options, CorpusListing listing, IndexTarget& target,
                         const std::string& reason) {
  IndexerReport report;
  report.full_reason = reason;
  if (options.keep_going) {
    // Paths that cannot be read at all are reported and passed over.
    for (const auto& p : listing.problems) {
      report.skipped.push_back(p);
      report.skipped_files.push_back(p.where.file);
    }
    listing.problems.clear();
  }
  std::set<std::size_t> left_out;
  for (;;) {
    std::vector<std::size_t> selection;
    for (std::size_t i = 0; i < listing.files.size(); ++i)
      if (!left_out.count(i)) selection.push_back(i);
    CorpusStream stream(listing, &selection);
    AmbiguousNames ambiguous;
    const RecordProducer produce = [&](unsigned part, unsigned parts,
                                       const std::function<void(const Record&)>& emit) {
      stream.read_part(part, parts, [&](Record& record) {
        link_record(record, stream.gazetteer(), &ambiguous);
        emit(record);
      });
    };
    const auto before_swap = [&]() -> Metadata {
      std::vector<Problem> problems = stream.problems();
      if (!problems.empty()) {
        auto bad = options.keep_going ? files_with_problems(listing, problems) : std::nullopt;
        if (!bad || bad.value().empty()) {
          problems.insert(problems.begin(), report.skipped.begin(), report.skipped.end());
          throw CorpusError(std::move(problems));
        }
        throw LeaveOut{*bad, std::move(problems)};
      }
      Metadata manifest;
      auto by_file = keys_by_file(stream.take_keys());
      for (const auto& [index, hash] : stream.file_hashes()) {
        const CorpusFile& file = stream.listing().files[index];
        FileState state{file.path,     file.relative, file.size,
                        file.mtime_ns, hash,          std::move(by_file[file.path])};
        manifest[file_key(file.path)] = encode(state);
      }
      return manifest;
    };
    // Records are stored compressed against a dictionary trained on a sample of the corpus.
    std::vector<std::string> samples;
    stream.sample(kDictionarySampleBytes, [&](Record& record) {
      link_record(record, stream.gazetteer());
      if (samples.size() < kDictionarySamples) samples.push_back(record_to_json(record).dump());
    });
    const RecordCodec codec(RecordCodec::train(samples));
    try {
      report.summary =
          write_index(produce, stream.record_lines(), stream.aliases(), stream.gazetteer(), codec,
                      target, options.index, options.progress, before_swap);
    } catch (LeaveOut& leave_out) {
      left_out.insert(leave_out.files.begin(), leave_out.files.end());
      add_skipped(report, listing, leave_out.files, std::move(leave_out.problems));
      continue;
    }
    report.documents = report.summary.documents;
    report.records.added = report.summary.documents;
    report.files.added = static_cast<int>(selection.size());
    report.ambiguous_names = ambiguous.take();
    return report;
  }
}

/// Why the index at `live` cannot be updated in place of a full build; "" when it can.
std::string why_not_incremental(const IndexerOptions& options, const std::string& live,
                                const CorpusStream& aliases_only) {
  if (options.rebuild) return "--rebuild";
  if (options.index.shards > 0) return "a sharded index is always built in full";
  if (live.empty()) return "no index yet";
  if (fs::exists(fs::path(live) / kStubFile)) return "the index is sharded";
  Xapian::Database db(live);
  if (db.get_metadata(kSchemaVersionKey) != std::to_string(kSchemaVersion))
    return "the index has another schema version";
  if (db.metadata_keys_begin(kFileKeyPrefix) == db.metadata_keys_end(kFileKeyPrefix))
    return "the index does not record its corpus files";
  if (db.get_metadata(kAliasesKey) != alias_table_to_json(aliases_only.aliases()).dump())
    return "the alias table changed";
  return "";
}

/// What an update works from: what the index knows of each file, and which files changed.
struct UpdatePlan {
  std::map<std::string, FileState> known;
  std::vector<std::size_t> candidates;  ///< files to read (and hash)
  std::set<std::size_t> forced;         ///< candidates read even when their content is the same
  std::set<std::string> listed;         ///< every listed path
  std::vector<std::string> removed;     ///< known paths no longer listed
  std::uint64_t total_bytes = 0;
  bool json_changed = false;
  std::set<std::size_t> touched;  ///< candidates whose content is the same: not read after all
};

/// What the index knows of each file, into `known`; returns why a full build is needed instead,
/// or "".
std::string read_known_files(const std::string& live, std::map<std::string, FileState>& known) {
  Xapian::Database db(live);
  const std::size_t prefix = std::string(kFileKeyPrefix).size();
  for (auto it = db.metadata_keys_begin(kFileKeyPrefix); it != db.metadata_keys_end(kFileKeyPrefix);
       ++it) {
    auto state = decode(db.get_metadata(*it));
    if (!state || file_key(state->path) != *it)
      return "the index's record of file " + (*it).substr(prefix) + " is unreadable";
    known.emplace(state->path, std::move(*state));
  }
  return "";
}

/// Files whose size or modification time differ are read (and hashed); the others are
/// unchanged.
void find_changed_files(const CorpusListing& listing, UpdatePlan& plan) {
  for (std::size_t i = 0; i < listing.files.size(); ++i) {
    const CorpusFile& file = listing.files[i];
    plan.listed.insert(file.path);
    plan.total_bytes += file.size;
    auto it = plan.known.find(file.path);
    const bool same_place = it != plan.known.end() && it->second.relative == file.relative;
    if (same_place && it->second.size == file.size && it->second.mtime_ns == file.mtime_ns)
      continue;
    plan.candidates.push_back(i);
    // The same file seen from another root (roots given in another order) gets other ids.
    if (it != plan.known.end() && !same_place) plan.forced.insert(i);
    if (!is_document(file.kind)) plan.json_changed = true;
  }
  for (const auto& [path, state] : plan.known) {
    if (plan.listed.count(path)) continue;
    plan.removed.push_back(path);
    if (!fs::path(path).has_extension() || fs::path(path).extension() == ".jsonl" ||
        fs::path(path).extension() == ".json")
      plan.json_changed = true;
  }
}

/// Documents depend on the meeting records (they name meetings by title or venue), so when a
/// JSON file changes every document is read again too.
void read_documents_again(const CorpusListing& listing, UpdatePlan& plan) {
  for (std::size_t i = 0; i < listing.files.size(); ++i)
    if (is_document(listing.files[i].kind) &&
        std::find(plan.candidates.begin(), plan.candidates.end(), i) == plan.candidates.end()) {
      plan.candidates.push_back(i);
      plan.forced.insert(i);
    }
}

/// A file whose content is the same (touched, or copied back) needs no reading: such files go
/// into plan.touched. Returns the bytes of the others.
std::uint64_t find_touched_files(const CorpusListing& listing, const CorpusStream& stream,
                                 UpdatePlan& plan) {
  std::uint64_t changed_bytes = 0;
  for (std::size_t i : plan.candidates) {
    const CorpusFile& file = listing.files[i];
    auto it = plan.known.find(file.path);
    auto hash = stream.file_hashes().find(i);
    if (it != plan.known.end() && hash != stream.file_hashes().end() &&
        it->second.hash == hash->second && !plan.forced.count(i))
      plan.touched.insert(i);
    else
      changed_bytes += file.size;
  }
  return changed_bytes;
}

/// Reads and links the records of the stream on `threads` threads, one vector per part.
std::vector<std::vector<Record>> read_records(CorpusStream& stream, unsigned threads,
                                              IndexerReport& report) {
  const unsigned parts = worker_count(threads);
  std::vector<std::vector<Record>> per_part(parts);
  AmbiguousNames ambiguous;
  for_each_chunk(parts, parts, [&](unsigned part, std::size_t, std::size_t) {
    stream.read_part(part, parts, [&](Record& record) {
      link_record(record, stream.gazetteer(), &ambiguous);
      per_part[part].push_back(std::move(record));
    });
  });
  report.ambiguous_names = ambiguous.take();
  return per_part;
}

/// The checks that span records run over the records read and those of the files not read. With
/// --keep-going, the files read whose records have problems are left out (put in `bad`, and in
/// the report). Returns false when leaving files out cannot mend the problems and a full build
/// must leave out whatever it must instead.
/// \throws CorpusError listing the problems, without --keep-going.
bool check_update(const IndexerOptions& options, const CorpusListing& listing,
                  const UpdatePlan& plan, const CorpusStream& stream,
                  const std::vector<RecordKey>& read_keys, IndexerReport& report,
                  std::set<std::string>& bad) {
  std::set<std::string> read_paths;
  for (std::size_t i : plan.candidates)
    if (!plan.touched.count(i)) read_paths.insert(listing.files[i].path);
  std::vector<Problem> read_problems = stream.read_problems();
  for (;;) {
    std::vector<RecordKey> keys;
    for (const auto& key : read_keys)
      if (!bad.count(key.file)) keys.push_back(key);
    for (const auto& [path, state] : plan.known) {
      const bool gone = !plan.listed.count(path);
      // A bad file keeps its previous version, so its previous records count.
      if (gone || (read_paths.count(path) && !bad.count(path))) continue;
      keys.insert(keys.end(), state.keys.begin(), state.keys.end());
    }
    // In corpus order, so that a duplicate is blamed where a full build blames it.
    std::sort(keys.begin(), keys.end(), [](const RecordKey& a, const RecordKey& b) {
      return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    std::vector<Problem> problems;
    for (const auto& p : read_problems)
      if (!bad.count(p.where.file)) problems.push_back(p);
    check_cross_references(keys, problems);
    if (keys.empty() && problems.empty()) problems.push_back(no_records_problem(listing.roots));
    if (problems.empty()) return true;
    std::set<std::string> more;
    bool mendable = options.keep_going;
    for (const auto& p : problems) {
      if (read_paths.count(p.where.file) && !bad.count(p.where.file))
        more.insert(p.where.file);
      else
        mendable = false;
    }
    if (!mendable || more.empty()) {
      // What is left out changes what other records refer to (or unchanged files now have
      // problems): a full build leaves out whatever it must.
      if (options.keep_going) return false;
      problems.insert(problems.begin(), report.skipped.begin(), report.skipped.end());
      throw CorpusError(std::move(problems));
    }
    for (const auto& path : more) report.skipped_files.push_back(path);
    for (auto& p : problems) report.skipped.push_back(std::move(p));
    bad.insert(more.begin(), more.end());
  }
}

/// The update: the records of the good files read, their files' entries, the entries of the
/// files removed, and the documents no record replaces; the files are counted in `report`.
IndexUpdate make_update(std::vector<std::vector<Record>>& per_part,
                        const std::set<std::string>& bad, const CorpusListing& listing,
                        UpdatePlan& plan, const CorpusStream& stream,
                        const std::vector<RecordKey>& read_keys, IndexerReport& report) {
  IndexUpdate update;
  std::set<std::string> new_ids;
  for (auto& part : per_part)
    for (auto& record : part) {
      if (bad.count(record.file)) continue;
      new_ids.insert(record.id);
      update.records.push_back(std::move(record));
    }
  std::set<std::string> old_ids;
  auto read_keys_by_file = keys_by_file(read_keys);
  for (std::size_t i : plan.candidates) {
    const CorpusFile& file = listing.files[i];
    if (bad.count(file.path)) continue;
    auto it = plan.known.find(file.path);
    if (it != plan.known.end() && !plan.touched.count(i))
      for (const auto& key : it->second.keys) old_ids.insert(key.id);
    FileState state;
    state.path = file.path;
    state.relative = file.relative;
    state.size = file.size;
    state.mtime_ns = file.mtime_ns;
    state.hash = stream.file_hashes().at(i);
    if (plan.touched.count(i)) {
      state.keys = it->second.keys;
    } else {
      state.keys = std::move(read_keys_by_file[file.path]);
    }
    const bool same_content = it != plan.known.end() && it->second.hash == state.hash;
    if (it == plan.known.end())
      ++report.files.added;
    else if (same_content)
      ++report.files.unchanged;
    else
      ++report.files.changed;
    const std::string entry = encode(state);
    if (it == plan.known.end() || encode(it->second) != entry)
      update.set_metadata[file_key(file.path)] = entry;
  }
  for (const auto& path : plan.removed) {
    for (const auto& key : plan.known[path].keys) old_ids.insert(key.id);
    update.erase_metadata.push_back(file_key(path));
    ++report.files.removed;
  }
  report.files.unchanged +=
      static_cast<int>(listing.files.size()) - static_cast<int>(plan.candidates.size());
  for (const auto& id : old_ids)
    if (!new_ids.count(id)) update.remove_ids.push_back(id);
  return update;
}

}  // namespace

IndexerReport run_indexer(const IndexerOptions& options) {
  CorpusListing listing = list_corpus(options.corpora, {options.follow_links});
  IndexTarget target(options.db);
  const std::string live = target.live_version();
  const std::vector<std::size_t> none;
  const CorpusStream aliases_only(listing, &none);
  std::string reason;
  try {
    reason = why_not_incremental(options, live, aliases_only);
  } catch (const Xapian::Error& e) {
    reason = "the index cannot be read (" + e.get_msg() + ")";
  }
  if (!reason.empty()) return full_build(options, std::move(listing), target, reason);
  // The alias table is read on every run, and an update reads no other file that has not changed:
  // its problems are reported here, even when nothing else changed (a full build reports them
  // with the rest). No file can be left out to mend them, so --keep-going stops too.
  if (std::vector<Problem> problems = aliases_only.alias_problems(); !problems.empty())
    throw CorpusError(std::move(problems));

  UpdatePlan plan;
  if (std::string unreadable = read_known_files(live, plan.known); !unreadable.empty())
    return full_build(options, std::move(listing), target, unreadable);

  IndexerReport report;
  report.incremental = true;
  find_changed_files(listing, plan);
  if (plan.candidates.empty() && plan.removed.empty() && listing.problems.empty()) {
    report.up_to_date = true;
    report.files.unchanged = static_cast<int>(listing.files.size());
    report.documents = static_cast<int>(Xapian::Database(live).get_doccount());
    report.records.unchanged = report.documents;
    return report;
  }
  if (plan.json_changed) read_documents_again(listing, plan);

  CorpusListing to_read = listing;
  if (options.keep_going) to_read.problems.clear();  // reported, and passed over, below
  CorpusStream stream(std::move(to_read), &plan.candidates);
  const std::uint64_t changed_bytes = find_touched_files(listing, stream, plan);
  // A large change is faster as a full build, and an update holds the changed records in memory.
  if (static_cast<double>(changed_bytes) >
          options.update_share * static_cast<double>(plan.total_bytes) ||
      changed_bytes > (256u << 20))
    return full_build(options, std::move(listing), target,
                      std::to_string(plan.candidates.size() - plan.touched.size()) + " of " +
                          std::to_string(listing.files.size()) + " files to read again");
  stream.skip_files(plan.touched);
  std::vector<Problem> unreadable;
  if (options.keep_going) unreadable = listing.problems;

  std::vector<std::vector<Record>> per_part = read_records(stream, options.index.threads, report);
  std::set<std::string> bad;
  const std::vector<RecordKey> read_keys = stream.keys();
  if (!check_update(options, listing, plan, stream, read_keys, report, bad))
    return full_build(options, std::move(listing), target,
                      "files left out change what other records refer to");
  for (auto& p : unreadable) {
    report.skipped_files.push_back(p.where.file);
    report.skipped.push_back(std::move(p));
  }

  const IndexUpdate update = make_update(per_part, bad, listing, plan, stream, read_keys, report);
  if (update.records.empty() && update.remove_ids.empty() && update.set_metadata.empty() &&
      update.erase_metadata.empty()) {
    report.up_to_date = true;  // with every good file (the bad ones are listed)
    report.documents = static_cast<int>(Xapian::Database(live).get_doccount());
    report.records.unchanged = report.documents;
    return report;
  }
  const UpdateSummary summary = update_index(update, stream.gazetteer(), target);
  report.records = {summary.added, summary.changed, summary.removed, summary.unchanged};
  report.documents = summary.documents;
  report.summary.database = summary.database;
  report.summary.documents = summary.documents;
  return report;
}

}  // namespace r2p
