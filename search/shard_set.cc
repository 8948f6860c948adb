// Opening a stub's shards each on their own, and the handles matches are counted on.
#include "search/shard_set.h"

#include <malloc.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "core/error.h"
#include "core/schema.h"

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

void ShardSet::clear() {
  const unsigned counting_handles = counting_handles_;
  *this = ShardSet();
  counting_handles_ = counting_handles;
}

void ShardSet::open(const std::string& target, const Xapian::Database& db) {
  clear();
  target_ = target;
  db_ = db;
  // A stub of local databases: each shard that holds documents is also opened on its own, so
  // that matches and facets can be counted shard by shard (see read_facet_table). A shard that
  // is itself several databases (a stub listed in a stub) numbers its documents otherwise: such
  // an index is counted from each matching document's slots.
  //
  // With remote shards, each shard is opened on its own too (a connection of its own) if every
  // one that holds documents stores its facet table: facets are then counted from those tables,
  // with the ids of the matching documents each server returns (see core/facet_table.h).
  // Otherwise (shards built by other means) they are counted with Xapian's stock spies.
  const auto entries = stub_entries(target_);
  remote_ = std::any_of(entries.begin(), entries.end(),
                        [](const auto& entry) { return entry.first == "remote"; });
  const bool all_local = std::all_of(entries.begin(), entries.end(), [](const auto& entry) {
    return entry.first == "auto" || entry.first == "glass";
  });
  if (db_.size() > 1 && (all_local || remote_)) open_shards(entries);
}

void ShardSet::open_shards(const std::vector<std::pair<std::string, std::string>>& entries) {
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
      table_ids_ += "#" + id;
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

std::string ShardSet::revisions() const {
  // Remote shards, whose revision a client cannot ask, by the identities of their stored tables.
  if (remote_) return table_ids_;
  std::string out;
  if (!shards_.empty())
    for (const auto& shard : shards_) out += "#" + std::to_string(shard.get_revision());
  else if (db_.size() == 1)
    out += "#" + std::to_string(db_.get_revision());
  return out;
}

FacetTable ShardSet::read_stored_facet_tables() const {
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

std::vector<Xapian::Database>& ShardSet::counting_databases() {
  if (!shards_.empty() || remote_ || db_.size() != 1) return shards_;
  if (counting_.empty()) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned handles = counting_handles_ > 0 ? counting_handles_
                             : db_.get_doccount() < kSplitCountingFrom
                                 ? 1
                                 : std::min(cores, kCountingThreads);
    for (unsigned h = 0; h < handles; ++h) {
      counting_.emplace_back(target_);
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

std::vector<std::string> ShardSet::record_data(const std::vector<Xapian::docid>& docids) {
  std::vector<std::string> data(docids.size());
  // Over several databases, document id d is document (d - 1) / n + 1 of database (d - 1) % n.
  // (MSet::fetch() does not ask for a page's documents before reading any over Xapian 1.4.22's
  // remote protocol, and crashes on an MSet that starts past the first hit.)
  const std::size_t n = db_.size();
  std::vector<int> shard_of(docids.size(), -1);
  for (std::size_t i = 0; remote_ && !shard_at_entry_.empty() && i < docids.size(); ++i)
    shard_of[i] = shard_at_entry_[(docids[i] - 1) % n];
  // Each read is a round trip to a server. The readers are each remote shard's own connection,
  // db_'s (on this thread) and the side handle's, all at once; each document goes to the least
  // busy reader that reaches its server, so that ten hits over two servers take three round trips
  // one after the other rather than five.
  // The side handle only once a search has opened it: a one-off search would pay for connecting.
  const std::size_t own = shards_.size(), side_reader = own + 1;
  Xapian::Database* side = side_ ? &*side_ : nullptr;
  std::vector<std::vector<std::size_t>> reads(own + 2);
  for (std::size_t i = 0; i < docids.size(); ++i) {
    std::size_t best = shard_of[i] < 0 ? own : static_cast<std::size_t>(shard_of[i]);
    for (const std::size_t other : {own, side_reader})
      if ((other == own || side) && reads[other].size() < reads[best].size()) best = other;
    reads[best].push_back(i);
  }
  const auto read = [&](std::size_t reader) {
    for (const std::size_t i : reads[reader])
      data[i] = r2p::record_data(
          reader < own
              ? shards_[reader].get_document(static_cast<Xapian::docid>((docids[i] - 1) / n + 1))
              : (reader == side_reader ? *side : db_).get_document(docids[i]));
  };
  std::vector<std::future<void>> others;
  for (std::size_t reader = 0; reader < reads.size(); ++reader)
    if (reader != own && !reads[reader].empty())
      others.push_back(std::async(std::launch::async | std::launch::deferred, read, reader));
  read(own);
  for (auto& other : others) other.get();
  return data;
}

Xapian::Database* ShardSet::side_database() {
  if (!remote_ || shards_.empty() || side_failed_) return nullptr;
  if (!side_) {
    // The same databases as db_, or none (the stub may have changed since it was opened).
    Xapian::Database side(target_);
    if (side.size() != db_.size() || side.get_uuid() != db_.get_uuid()) {
      side_failed_ = true;
      return nullptr;
    }
    side_.emplace(std::move(side));
  }
  return &*side_;
}

}  // namespace r2p
