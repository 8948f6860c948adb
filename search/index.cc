// Opening and validating the index, and record lookups by id term.
#include "search/index.h"

#include <malloc.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/record_json.h"
#include "core/schema.h"
#include "search/facet_labels.h"

namespace r2p {

namespace {

/// The databases a stub database file (or a directory holding one) lists, as (type, where) in
/// its order; empty for anything else. Relative paths are made absolute from the stub's directory.
std::vector<std::pair<std::string, std::string>> stub_entries(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path stub = fs::is_directory(path, ec) ? fs::path(path) / kStubFile : fs::path(path);
  std::vector<std::pair<std::string, std::string>> entries;
  std::ifstream in(stub);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.find(' ');
    std::string type = line.substr(0, space);
    std::string where = space == std::string::npos ? "" : line.substr(space + 1);
    if ((type == "auto" || type == "glass") && fs::path(where).is_relative())
      where = (stub.parent_path() / where).string();
    entries.emplace_back(std::move(type), std::move(where));
  }
  return entries;
}

/// Where `path` leads now: a directory (the live link to a version directory) fully resolved; a
/// stub file resolved up to its directory, so its relative entries keep their meaning.
std::string resolved_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    const fs::path target = fs::weakly_canonical(path, ec);
    return ec ? path : target.string();
  }
  const fs::path file(path);
  const fs::path dir = fs::weakly_canonical(file.has_parent_path() ? file.parent_path() : ".", ec);
  return ec ? path : (dir / file.filename()).string();
}

/// The database a stub's `remote` line names (`HOST:PORT`, or `:PROGRAM ARGS` to run a server
/// program), opened on its own; nullopt for what cannot be read as either.
std::optional<Xapian::Database> open_remote(std::string where) {
  const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
  while (!where.empty() && space(where.back())) where.pop_back();
  if (!where.empty() && where.front() == ':') {
    const std::size_t gap = where.find(' ');
    const std::string program = where.substr(1, gap == std::string::npos ? gap : gap - 1);
    if (program.empty()) return std::nullopt;
    return Xapian::Remote::open(program, gap == std::string::npos ? "" : where.substr(gap + 1));
  }
  const std::size_t colon = where.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  std::string host = where.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string port = where.substr(colon + 1);
  if (host.empty() || port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return Xapian::Remote::open(host, static_cast<unsigned>(std::stoul(port)));
}

/// Over remote shards, each search with facets receives the id of every matching document from
/// each server, and Xapian's remote client allocates those results (about 90 bytes a match)
/// anew on every search, on a thread of its own. With glibc's defaults, blocks that large are
/// mapped and unmapped, or trimmed, every time, and the page faults cost more than the counting:
/// a word matching 56,000 of 100,000 records over 2 remote shards took 12.3 ms, 10.5 ms with
/// freed blocks of up to 32 MiB kept for reuse and trimming only above 64 MiB, as a process that
/// searches remote shards now does.
void keep_freed_blocks_for_reuse() {
  static std::once_flag once;
  std::call_once(once, [] {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
  });
}

/// The identity Xapian gives several databases searched as one: their UUIDs joined by ':'.
std::string joined_uuid(const std::vector<std::string>& uuids) {
  std::string out;
  for (const auto& uuid : uuids) out += (out.empty() ? "" : ":") + uuid;
  return out;
}

}  // namespace

Index::Index(const std::string& path) : path_(path) {
  open();
}

void Index::open() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string build_hint = "build one with: r2p-index --db " + path_;
  // Nothing learnt from a version opened before may outlive it, even if this open fails.
  gazetteer_.reset();
  codec_.reset();
  meeting_titles_.clear();
  years_.reset();
  facet_table_.reset();
  shards_.clear();
  shard_at_entry_.clear();
  counting_.clear();
  side_.reset();
  side_failed_ = false;
  facet_searches_ = 0;
  all_meeting_titles_read_ = false;
  if (!fs::exists(path_, ec))
    throw IndexError("no index at " + path_ + "; " + build_hint +
                     " (or point --db / R2P_DB at an existing index)");
  // r2p-index swaps the live link while readers open it. Xapian opens each file of a database by
  // its path, so the link is resolved once and the version directory it leads to is opened: every
  // file then comes from the same version. If that version is deleted before it is open (two
  // rebuilds in between), the live link is followed again.
  for (int attempt = 0;; ++attempt) {
    const std::string target = resolved_path(path_);
    try {
      db_ = Xapian::Database(target);
      opened_target_ = target;
      break;
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (attempt < 3 && resolved_path(path_) != target) continue;
      throw IndexError("cannot open an index at " + path_ + " (" + e.get_msg() + "); " +
                       build_hint);
    } catch (const Xapian::Error& e) {
      if (attempt < 3 && resolved_path(path_) != target) continue;
      throw IndexError("cannot read the index at " + path_ + ": " + e.get_description() +
                       "; rebuild it with: r2p-index --db " + path_);
    }
  }
  const std::string version = db_.get_metadata(kSchemaVersionKey);
  if (version != std::to_string(kSchemaVersion))
    throw IndexError("the index at " + path_ + " has schema version " +
                     (version.empty() ? std::string("(none)") : version) +
                     ", this r2p-search needs " + std::to_string(kSchemaVersion) +
                     "; rebuild it with: r2p-index --db " + path_);
  try {
    const std::string stored = db_.get_metadata(kAliasesKey);
    aliases_ = stored.empty() ? AliasTable{} : alias_table_from_json(nlohmann::json::parse(stored));
  } catch (const std::exception& e) {
    throw IndexError("the alias table stored in " + path_ + " is damaged (" + e.what() +
                     "); rebuild it with: r2p-index --db " + path_);
  }
  // A stub of local databases: each shard that holds documents is also opened on its own, so
  // that matches and facets can be counted shard by shard (see read_facet_table). A shard that
  // is itself several databases (a stub listed in a stub) numbers its documents otherwise: such
  // an index is counted from each matching document's slots.
  //
  // With remote shards, each shard is opened on its own too (a connection of its own) if every
  // one that holds documents stores its facet table: facets are then counted from those tables,
  // with the ids of the matching documents each server returns (see core/facet_table.h).
  // Otherwise (shards built by other means) they are counted with Xapian's stock spies.
  const auto entries = stub_entries(opened_target_);
  remote_ = std::any_of(entries.begin(), entries.end(),
                        [](const auto& entry) { return entry.first == "remote"; });
  const bool all_local = std::all_of(entries.begin(), entries.end(), [](const auto& entry) {
    return entry.first == "auto" || entry.first == "glass";
  });
  std::string table_ids;
  if (db_.size() > 1 && (all_local || remote_)) {
    // Every entry opened on its own must be what db_ holds at that place (a remote entry is
    // connected to anew): their UUIDs, joined, must be db_'s.
    std::vector<std::string> uuids;
    shard_at_entry_.assign(entries.size(), -1);
    try {
      for (std::size_t entry = 0; entry < entries.size(); ++entry) {
        const auto& [type, where] = entries[entry];
        std::optional<Xapian::Database> shard =
            type == "remote" ? open_remote(where) : Xapian::Database(where);
        if (shard) uuids.push_back(shard->get_uuid());
        if (shard && shard->get_doccount() == 0) continue;
        // Remote shards are counted apart only with the tables they store.
        const std::string id = shard && remote_ ? shard->get_metadata(kFacetTableIdKey) : "";
        if (!shard || (remote_ && id.empty())) {
          shards_.clear();
          break;
        }
        table_ids += "#" + id;
        shard_at_entry_[entry] = static_cast<int>(shards_.size());
        shards_.push_back(std::move(*shard));
      }
    } catch (const Xapian::Error&) {
      shards_.clear();  // counted from each matching document's slots (or stock spies) instead
    }
    Xapian::doccount documents = 0;
    for (const auto& shard : shards_) documents += shard.size() == 1 ? shard.get_doccount() : 0;
    if (shards_.size() < 2 || documents != db_.get_doccount() || db_.size() != entries.size() ||
        joined_uuid(uuids) != db_.get_uuid())
      shards_.clear();
    if (shards_.empty()) shard_at_entry_.clear();
    if (remote_ && !shards_.empty()) keep_freed_blocks_for_reuse();
  }
  // The facet table is shared by the Index objects that opened the same revision of the same
  // databases (a database changed in place, such as a replica, gets a table of its own); remote
  // shards, whose revision a client cannot ask, by the identities of their stored tables.
  table_key_ = opened_target_;
  if (remote_)
    table_key_ += table_ids;
  else if (!shards_.empty())
    for (const auto& shard : shards_) table_key_ += "#" + std::to_string(shard.get_revision());
  else if (db_.size() == 1)
    table_key_ += "#" + std::to_string(db_.get_revision());
}

FacetTable Index::read_stored_facet_tables() {
  // A table that cannot be read, or does not describe its shard's documents (a shard changed by
  // other means), is not used: an empty table makes searches count with stock spies, which are
  // exact too.
  std::vector<FacetTable> tables;
  for (const auto& shard : shards_) {
    try {
      tables.push_back(decode_facet_table(shard.get_metadata(kFacetTableKey)));
    } catch (const IndexError&) {
      return {};
    }
    const FacetTable& table = tables.back();
    if (table.columns.size() != facet_fields().size()) return {};
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const FacetIds& ids = table.columns[c].shards.at(0);
      if (table.columns[c].field != facet_fields()[c] || ids.last_docid() != shard.get_lastdocid())
        return {};
    }
    // Every document has a type: as many documents with one as the shard holds.
    const FacetIds& types = table.column(Field::type)->shards.at(0);
    Xapian::doccount typed = 0;
    for (Xapian::docid docid = 1; docid <= types.last_docid(); ++docid)
      typed += types.begin(docid) != types.end(docid) ? 1 : 0;
    if (typed != shard.get_doccount()) return {};
  }
  return merge_facet_tables(std::move(tables));
}

const FacetTable* Index::facet_table_for_search() {
  // Over several databases a spy is given each one's own document ids (see read_facet_table):
  // shards are counted one by one, in databases of their own.
  if (db_.size() != 1 && shards_.empty()) return nullptr;
  if (!facet_table_) facet_table_ = shared_facet_table(table_key_);
  if (!facet_table_ && ++facet_searches_ >= 2) {
    facet_table_ = shared_facet_table(table_key_, [&] {
      FacetTable table;
      if (remote_) {
        table = read_stored_facet_tables();  // the servers cannot stream values
      } else {
        std::vector<std::pair<Field, Xapian::valueno>> widths;
        for (Field field : facet_fields())
          widths.emplace_back(field, facet_width(field_spec(field).name));
        table = read_facet_table(shards_.empty() ? std::vector{db_} : shards_, widths);
      }
      for (auto& column : table.columns) column.label_ranks = label_ranks(column);
      return table;
    });
  }
  return facet_table();
}

std::vector<Xapian::Database>& Index::counting_databases() {
  if (!shards_.empty() || remote_ || db_.size() != 1) return shards_;
  if (counting_.empty()) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned handles = counting_handles_ > 0 ? counting_handles_
                             : db_.get_doccount() < kSplitCountingFrom
                                 ? 1
                                 : std::min(cores, kCountingThreads);
    for (unsigned h = 0; h < handles; ++h) {
      counting_.emplace_back(opened_target_);
      // The same revision as the hits come from, or no counting apart (a database changed in
      // place since it was opened; the handles are tried again on the next search).
      if (counting_.back().get_revision() != db_.get_revision()) {
        counting_.clear();
        return counting_;
      }
    }
  }
  return counting_;
}

void Index::read_meeting_titles() {
  if (all_meeting_titles_read_) return;
  const std::string prefix = kMeetingTitleKeyPrefix;
  for (auto key = db_.metadata_keys_begin(prefix); key != db_.metadata_keys_end(prefix); ++key)
    meeting_titles_.emplace((*key).substr(prefix.size()), db_.get_metadata(*key));
  all_meeting_titles_read_ = true;
}

std::vector<std::uint32_t> Index::label_ranks(const FacetColumn& column) {
  if (column.field == Field::meeting) read_meeting_titles();  // one pass, not one lookup each
  std::vector<std::string> labels;
  labels.reserve(column.values.size());
  for (const auto& value : column.values) labels.push_back(facet_label(column.field, value, *this));
  std::vector<std::uint32_t> order(column.values.size());
  for (std::uint32_t id = 0; id < order.size(); ++id) order[id] = id;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (labels[a] != labels[b]) return labels[a] < labels[b];
    return column.values[a] < column.values[b];
  });
  std::vector<std::uint32_t> ranks(order.size(), 0);
  for (std::uint32_t place = 0; place < order.size(); ++place) ranks[order[place]] = place;
  return ranks;
}

void Index::reopen() {
  open();
}

bool Index::replaced() const {
  return resolved_path(path_) != opened_target_;
}

const Gazetteer& Index::gazetteer() {
  if (!gazetteer_) gazetteer_ = std::make_unique<Gazetteer>(aliases_);
  return *gazetteer_;
}

Record Index::stored_record(const std::string& data) {
  if (!codec_) codec_.emplace(db_.get_metadata(kRecordDictionaryKey));
  return codec_->decode_record(data);
}

std::vector<std::string> Index::document_data(const std::vector<Xapian::docid>& docids) {
  std::vector<std::string> data(docids.size());
  // Over several databases, document id d is document (d - 1) / n + 1 of database (d - 1) % n.
  // Each remote shard's documents are read on its own connection, all servers at once; any
  // other document through db_. (MSet::fetch(), which asks for a page's documents before reading
  // any, crashes in Xapian 1.4.22 on an MSet that starts past the first hit.)
  const std::size_t n = db_.size();
  std::vector<int> shard_of(docids.size(), -1);
  for (std::size_t i = 0; remote_ && !shard_at_entry_.empty() && i < docids.size(); ++i)
    shard_of[i] = shard_at_entry_[(docids[i] - 1) % n];
  std::vector<std::future<void>> reads;
  for (std::size_t s = 0; s < shards_.size(); ++s)
    if (std::find(shard_of.begin(), shard_of.end(), static_cast<int>(s)) != shard_of.end())
      reads.push_back(std::async(std::launch::async | std::launch::deferred, [&, s] {
        for (std::size_t i = 0; i < docids.size(); ++i)
          if (shard_of[i] == static_cast<int>(s))
            data[i] = shards_[s]
                          .get_document(static_cast<Xapian::docid>((docids[i] - 1) / n + 1))
                          .get_data();
      }));
  for (std::size_t i = 0; i < docids.size(); ++i)
    if (shard_of[i] < 0) data[i] = db_.get_document(docids[i]).get_data();
  for (auto& read : reads) read.get();
  return data;
}

Xapian::Database* Index::side_database() {
  if (!remote_ || shards_.empty() || side_failed_) return nullptr;
  if (!side_) {
    // The same databases as db_, or none (the stub may have changed since it was opened).
    Xapian::Database side(opened_target_);
    if (side.size() != db_.size() || side.get_uuid() != db_.get_uuid()) {
      side_failed_ = true;
      return nullptr;
    }
    side_.emplace(std::move(side));
  }
  return &*side_;
}

std::optional<Record> Index::record(const std::string& id) {
  const std::string term = id_term(id);
  Xapian::PostingIterator it = db_.postlist_begin(term);
  if (it == db_.postlist_end(term)) return std::nullopt;
  return stored_record(db_.get_document(*it).get_data());
}

std::vector<Record> Index::records_of_type(RecordType type) {
  std::vector<Record> out;
  const std::string term = filter_term(Field::type, to_string(type));
  for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it)
    out.push_back(stored_record(db_.get_document(*it).get_data()));
  return out;
}

std::optional<std::string> Index::meeting_title(const std::string& id) {
  if (auto it = meeting_titles_.find(id); it != meeting_titles_.end()) return it->second;
  if (all_meeting_titles_read_) return std::nullopt;
  std::optional<std::string> title;
  if (std::string stored = db_.get_metadata(kMeetingTitleKeyPrefix + id); !stored.empty())
    title = std::move(stored);
  return meeting_titles_.emplace(id, title).first->second;
}

std::vector<std::string> Index::meeting_ids() {
  std::vector<std::string> ids;
  const std::string prefix = filter_term(Field::meeting, "");
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it)
    ids.push_back((*it).substr(prefix.size()));
  return ids;
}

std::vector<int> Index::years() {
  // Read once per version opened: a year filter would otherwise cost a walk over the year terms
  // (a round trip to each remote shard) on every search.
  if (years_) return *years_;
  std::vector<int> out;
  const std::string prefix = field_spec(Field::year).prefix;
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
    const std::string value = (*it).substr(prefix.size());
    try {
      out.push_back(std::stoi(value));
    } catch (const std::exception&) {
    }
  }
  std::sort(out.begin(), out.end());
  years_ = out;
  return out;
}

Xapian::valueno Index::facet_width(const std::string& facet_name) {
  const std::string stored = db_.get_metadata(kFacetWidthKeyPrefix + facet_name);
  try {
    return stored.empty() ? 1 : static_cast<Xapian::valueno>(std::stoul(stored));
  } catch (const std::exception&) {
    return 1;
  }
}

}  // namespace r2p
