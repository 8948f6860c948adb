// One run of r2p-index: a full build (staged, checked, then published or built again without the
// files with problems) or an incremental update of the files that changed.
#include "indexer/indexing.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/parallel.h"
#include "core/record_json.h"
#include "core/schema.h"
#include "core/text.h"
#include "indexer/corpus_reader.h"
#include "indexer/file_manifest.h"
#include "indexer/update_conflicts.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

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

void add_skipped(IndexerReport& report, const CorpusListing& listing,
                 const std::set<std::size_t>& files, std::vector<Problem> problems) {
  for (std::size_t f : files) report.skipped_files.push_back(listing.files[f].path);
  for (auto& p : problems) report.skipped.push_back(std::move(p));
}

/// Records are stored compressed against a dictionary trained on a sample of the corpus.
RecordCodec train_codec(CorpusStream& stream) {
  std::vector<std::string> samples;
  stream.sample_linked(kDictionarySampleBytes, [&](Record& record) {
    if (samples.size() < kDictionarySamples) samples.push_back(record_to_json(record).dump());
  });
  return RecordCodec(RecordCodec::train(samples));
}

/// Builds the index of the files of `listing` not in `left_out` and publishes it, with each
/// file's entry, when the files read have no problems; else discards it and returns the problems.
std::vector<Problem> build_selection(const IndexerOptions& options, const CorpusListing& listing,
                                     const std::set<std::size_t>& left_out, IndexTarget& target,
                                     IndexerReport& report) {
  std::vector<std::size_t> selection;
  for (std::size_t i = 0; i < listing.files.size(); ++i)
    if (!left_out.count(i)) selection.push_back(i);
  CorpusStream stream(listing, &selection);
  const RecordProducer produce = [&](unsigned part, unsigned parts,
                                     const std::function<void(const Record&)>& emit) {
    stream.read_linked_part(part, parts, emit);
  };
  const RecordCodec codec = train_codec(stream);
  StagedIndex staged =
      stage_index(produce, stream.record_lines(), stream.aliases(), stream.gazetteer(), codec,
                  target, options.index, options.progress);
  // The checks that span records need every record read: they run once the index is staged.
  std::vector<Problem> problems = stream.problems();
  if (!problems.empty()) {
    staged.discard();
    return problems;
  }
  report.summary = staged.publish(file_manifest(stream));
  report.documents = report.summary.documents;
  report.records.added = report.summary.documents;
  report.files.added = static_cast<int>(selection.size());
  report.ambiguous_names = stream.take_ambiguous_names();
  report.notes = stream.notes();
  return {};
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
    std::vector<Problem> problems = build_selection(options, listing, left_out, target, report);
    if (problems.empty()) return report;
    // With --keep-going, the files with problems are left out and the index built without them.
    auto bad = options.keep_going ? files_with_problems(listing, problems) : std::nullopt;
    if (!bad || bad.value().empty()) {
      problems.insert(problems.begin(), report.skipped.begin(), report.skipped.end());
      throw CorpusError(std::move(problems));
    }
    left_out.insert(bad->begin(), bad->end());
    add_skipped(report, listing, *bad, std::move(problems));
  }
}

/// How many shards the index version `live` has (0: a single database).
unsigned shards_of(const std::string& live) {
  std::ifstream stub(fs::path(live) / kStubFile);
  unsigned shards = 0;
  for (std::string line; std::getline(stub, line);)
    if (line.rfind("auto shard-", 0) == 0) ++shards;
  return shards;
}

/// Why the index at `live` cannot be updated in place of a full build; "" when it can.
std::string why_not_incremental(const IndexerOptions& options, const std::string& live,
                                const CorpusStream& aliases_only) {
  if (options.rebuild) return "--rebuild";
  if (live.empty()) return "no index yet";
  if (const unsigned shards = shards_of(live); shards != options.index.shards)
    return options.index.shards == 0 ? "the index is sharded"
           : shards == 0             ? "the index is not sharded"
                                     : "the index has " + std::to_string(shards) + " shards";
  Xapian::Database db(live);
  if (!db.get_metadata(kUpdatePendingKey).empty()) return "an update of the shards was interrupted";
  if (db.get_metadata(kSchemaVersionKey) != std::to_string(kSchemaVersion))
    return "the index has another schema version";
  if (db.get_metadata(kDocumentLayoutKey) != std::to_string(kDocumentLayout))
    return "the index was built by another version, which lays out documents differently";
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
  std::map<std::string, std::string> kept;  ///< the ids documents kept across renames, by path
};

/// The id the index says the document at `path` kept across a rename; "" when none.
std::string kept_id_of(const UpdatePlan& plan, const std::string& path) {
  auto it = plan.kept.find(path);
  return it == plan.kept.end() ? "" : it->second;
}

/// Gives each listed document the id it kept across a rename, unless another listed document's
/// path now gives that id (a new file where the renamed one was): then the paths decide.
void apply_kept_ids(CorpusListing& listing, const std::map<std::string, std::string>& kept) {
  if (kept.empty()) return;
  std::set<std::string> from_paths;
  for (const auto& file : listing.files)
    if (is_document(file.kind)) from_paths.insert(document_id(file.relative));
  for (auto& file : listing.files) {
    auto it = kept.find(file.path);
    if (it != kept.end() && is_document(file.kind) && !from_paths.count(it->second))
      file.kept_id = it->second;
  }
}

/// A document file new to the index with the content of one no longer listed was renamed (or
/// moved): it keeps the id it had, when that id came from its old path or was kept already (an id
/// its metadata states it keeps anyway). Sets the files' kept ids in `listing` and `stream`.
void find_renames(CorpusListing& listing, CorpusStream& stream, const UpdatePlan& plan) {
  std::multimap<std::uint64_t, std::string> gone;  // content hash -> id
  for (const auto& path : plan.removed) {
    const FileState& state = plan.known.at(path);
    if (state.keys.size() != 1 || state.keys[0].type != RecordType::document) continue;
    const std::string& id = state.keys[0].id;
    if (id == document_id(state.relative) || id == kept_id_of(plan, path))
      gone.emplace(state.hash, id);
  }
  std::map<std::size_t, std::string> renamed;
  for (std::size_t i : plan.candidates) {
    CorpusFile& file = listing.files[i];
    auto hash = stream.file_hashes().find(i);
    if (plan.known.count(file.path) || !is_document(file.kind) ||
        hash == stream.file_hashes().end())
      continue;
    auto match = gone.find(hash->second);
    if (match == gone.end()) continue;
    if (match->second != document_id(file.relative)) renamed[i] = file.kept_id = match->second;
    gone.erase(match);
  }
  stream.keep_ids(renamed);
}

/// Stores the id `file` keeps, or forgets the one it kept, when that changed.
void update_kept_id(const CorpusFile& file, const UpdatePlan& plan, IndexUpdate& update) {
  if (file.kept_id == kept_id_of(plan, file.path)) return;
  if (file.kept_id.empty())
    update.erase_metadata.push_back(kept_id_key(file.path));
  else
    update.set_metadata[kept_id_key(file.path)] = encode_kept_id(file.path, file.kept_id);
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
    // A document whose kept id now yields to another's path is read again for its new id.
    const bool same_id = file.kept_id == kept_id_of(plan, file.path);
    if (same_place && same_id && it->second.size == file.size &&
        it->second.mtime_ns == file.mtime_ns)
      continue;
    plan.candidates.push_back(i);
    // The same file seen from another root (roots given in another order) gets other ids.
    if (it != plan.known.end() && (!same_place || !same_id)) plan.forced.insert(i);
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
  for_each_chunk(parts, parts, [&](unsigned part, std::size_t, std::size_t) {
    stream.read_linked_part(part, parts,
                            [&](Record& record) { per_part[part].push_back(std::move(record)); });
  });
  report.ambiguous_names = stream.take_ambiguous_names();
  report.notes = stream.notes();
  return per_part;
}

/// Reads the keys of the records of the known files the update reads again or removes.
std::string read_replaced_keys(const std::string& live, const CorpusListing& listing,
                               UpdatePlan& plan) {
  std::vector<std::string> paths = plan.removed;
  for (std::size_t i : plan.candidates)
    if (plan.known.count(listing.files[i].path)) paths.push_back(listing.files[i].path);
  return read_file_keys(live, paths, plan.known);
}

/// Reads the keys of the records of every known file.
std::string read_all_keys(const std::string& live, UpdatePlan& plan) {
  std::vector<std::string> paths;
  for (const auto& [path, state] : plan.known) paths.push_back(path);
  return read_file_keys(live, paths, plan.known);
}

/// The keys the index holds of the files the update reads again (but those in `bad`, left out)
/// or removes.
std::vector<RecordKey> replaced_keys(const CorpusListing& listing, const UpdatePlan& plan,
                                     const std::set<std::string>& bad = {}) {
  std::vector<RecordKey> keys;
  auto add = [&](const std::string& path) {
    const auto& held = plan.known.at(path).keys;
    keys.insert(keys.end(), held.begin(), held.end());
  };
  for (std::size_t i : plan.candidates) {
    const std::string& path = listing.files[i].path;
    if (plan.known.count(path) && !plan.touched.count(i) && !bad.count(path)) add(path);
  }
  for (const auto& path : plan.removed) add(path);
  return keys;
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
  auto read_keys_by_file = keys_by_file(read_keys);
  for (std::size_t i : plan.candidates) {
    const CorpusFile& file = listing.files[i];
    if (bad.count(file.path)) continue;
    auto it = plan.known.find(file.path);
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
    const std::string entry = encode_file_entry(state);
    if (it == plan.known.end() || encode_file_entry(it->second) != entry)
      update.set_metadata[file_key(file.path)] = entry;
    const std::string records = encode_file_records(state.keys);
    if (it == plan.known.end() || encode_file_records(it->second.keys) != records)
      update.set_metadata[file_records_key(file.path)] = records;
    update_kept_id(file, plan, update);
  }
  for (const auto& path : plan.removed) {
    update.erase_metadata.push_back(file_key(path));
    update.erase_metadata.push_back(file_records_key(path));
    if (plan.kept.count(path)) update.erase_metadata.push_back(kept_id_key(path));
    ++report.files.removed;
  }
  report.files.unchanged +=
      static_cast<int>(listing.files.size()) - static_cast<int>(plan.candidates.size());
  std::set<std::string> old_ids;
  for (const RecordKey& key : replaced_keys(listing, plan, bad)) old_ids.insert(key.id);
  for (const auto& id : old_ids)
    if (!new_ids.count(id)) update.remove_ids.push_back(id);
  return update;
}

/// Why a full build runs instead of an update of the index at `live`; "" when it need not.
std::string full_build_reason(const IndexerOptions& options, const std::string& live,
                              const CorpusStream& aliases_only) {
  try {
    return why_not_incremental(options, live, aliases_only);
  } catch (const Xapian::Error& e) {
    return "the index cannot be read (" + e.get_msg() + ")";
  }
}

/// Reports the index at `live` as it is: nothing was written.
void report_up_to_date(IndexerReport& report, const std::string& live) {
  report.up_to_date = true;
  report.documents = static_cast<int>(Xapian::Database(live).get_doccount());
  report.records.unchanged = report.documents;
}

/// Writes `update` into a new version of the index at `target` and reports it; an empty update
/// leaves the index at `live` as it is.
IndexerReport write_update(const IndexUpdate& update, const Gazetteer& gazetteer,
                           IndexTarget& target, const std::string& live, IndexerReport report) {
  if (update.records.empty() && update.remove_ids.empty() && update.set_metadata.empty() &&
      update.erase_metadata.empty()) {
    report_up_to_date(report, live);  // with every good file (the bad ones are listed)
    return report;
  }
  const UpdateSummary summary = update_index(update, gazetteer, target);
  report.records = {summary.added, summary.changed, summary.removed, summary.unchanged};
  report.documents = summary.documents;
  report.summary.database = summary.database;
  report.summary.documents = summary.documents;
  return report;
}

/// Updates the index at `live` with the files `plan` found changed; builds it in full instead
/// when that is faster, or when the files left out with --keep-going change what other records
/// refer to.
IndexerReport update_changed_files(const IndexerOptions& options, CorpusListing listing,
                                   UpdatePlan& plan, IndexTarget& target, const std::string& live) {
  if (plan.json_changed) read_documents_again(listing, plan);
  if (std::string unreadable = read_replaced_keys(live, listing, plan); !unreadable.empty())
    return full_build(options, std::move(listing), target, unreadable);
  CorpusListing to_read = listing;
  if (options.keep_going) to_read.problems.clear();  // reported, and passed over, below
  CorpusStream stream(std::move(to_read), &plan.candidates);
  find_renames(listing, stream, plan);
  const std::uint64_t changed_bytes = find_touched_files(listing, stream, plan);
  // A large change is faster as a full build, and an update holds the changed records in memory.
  if (static_cast<double>(changed_bytes) >
          options.update_share * static_cast<double>(plan.total_bytes) ||
      changed_bytes > (256u << 20))
    return full_build(options, std::move(listing), target,
                      std::to_string(plan.candidates.size() - plan.touched.size()) + " of " +
                          std::to_string(listing.files.size()) + " files to read again");
  stream.skip_files(plan.touched);

  IndexerReport report;
  report.incremental = true;
  std::vector<std::vector<Record>> per_part = read_records(stream, options.index.threads, report);
  std::set<std::string> bad;
  const std::vector<RecordKey> read_keys = stream.keys();
  if (!stream.read_problems().empty() ||
      update_may_conflict(Xapian::Database(live), read_keys, replaced_keys(listing, plan))) {
    // Told apart over every record, as a full build tells them.
    if (std::string unreadable = read_all_keys(live, plan); !unreadable.empty())
      return full_build(options, std::move(listing), target, unreadable);
    if (!check_update(options, listing, plan, stream, read_keys, report, bad))
      return full_build(options, std::move(listing), target,
                        "files left out change what other records refer to");
  }
  if (options.keep_going)
    for (const auto& p : listing.problems) {
      report.skipped_files.push_back(p.where.file);
      report.skipped.push_back(p);
    }
  const IndexUpdate update = make_update(per_part, bad, listing, plan, stream, read_keys, report);
  return write_update(update, stream.gazetteer(), target, live, std::move(report));
}

}  // namespace

IndexerReport run_indexer(const IndexerOptions& options) {
  CorpusListing listing = list_corpus(options.corpora, {options.follow_links});
  IndexTarget target(options.db);
  const std::string live = target.live_version();
  // Renamed documents keep their ids through updates and full builds alike.
  UpdatePlan plan;
  plan.kept = read_kept_ids(live);
  apply_kept_ids(listing, plan.kept);
  const std::vector<std::size_t> none;
  const CorpusStream aliases_only(listing, &none);
  if (std::string reason = full_build_reason(options, live, aliases_only); !reason.empty())
    return full_build(options, std::move(listing), target, reason);
  // The alias table is read on every run, and an update reads no other file that has not changed:
  // its problems are reported here, even when nothing else changed (a full build reports them
  // with the rest). No file can be left out to mend them, so --keep-going stops too.
  if (std::vector<Problem> problems = aliases_only.alias_problems(); !problems.empty())
    throw CorpusError(std::move(problems));

  if (std::string unreadable = read_known_files(live, plan.known); !unreadable.empty())
    return full_build(options, std::move(listing), target, unreadable);
  find_changed_files(listing, plan);
  if (plan.candidates.empty() && plan.removed.empty() && listing.problems.empty()) {
    IndexerReport report;
    report.incremental = true;
    report.files.unchanged = static_cast<int>(listing.files.size());
    report_up_to_date(report, live);
    return report;
  }
  return update_changed_files(options, std::move(listing), plan, target, live);
}

}  // namespace r2p
