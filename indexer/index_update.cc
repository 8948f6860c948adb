// Index updates, written in place: the changed documents and everything that depends on them go
// into the live databases in one transaction each, so a reader sees the index before or after the
// update, and a killed update leaves the last committed revision.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include <xapian.h>

#include "core/error.h"
#include "core/facet_table.h"
#include "core/parallel.h"
#include "core/schema.h"
#include "indexer/document_builder.h"
#include "indexer/document_changes.h"
#include "indexer/index_writer.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

/// Records whose documents are built ahead of the writing at a time: enough that the two threads
/// seldom wait for each other, few enough that an update holds little more than the records.
constexpr std::size_t kPreparedChunk = 64;

/// Stores each facet's width as the widest document has it: slot base+k holds a value in some
/// document exactly when some document has more than k values. Value statistics include the
/// changes not yet committed, so this reads the index as the update leaves it.
void write_facet_widths(const std::vector<Xapian::WritableDatabase*>& shards,
                        Xapian::WritableDatabase& metadata) {
  for (Field field : facet_fields()) {
    const Xapian::valueno base = field_spec(field).facet_slot;
    Xapian::valueno width = 0;
    for (Xapian::WritableDatabase* shard : shards)
      while (shard->get_value_freq(base + width) > 0) ++width;
    metadata.set_metadata(kFacetWidthKeyPrefix + std::string(field_spec(field).name),
                          std::to_string(width));
  }
}

/// Writes the documents, spelling and metadata of `update` (nothing is committed).
void apply_update(const IndexUpdate& update, const Gazetteer& gazetteer,
                  const std::vector<Xapian::WritableDatabase*>& shards,
                  Xapian::WritableDatabase& metadata, DocumentChanges& changes,
                  UpdateSummary& summary) {
  // The stored records are decoded, and the documents built, on another thread while this one
  // writes those before them: the writing (Xapian's) is most of an update's time, and only one
  // thread may write.
  const auto removed = changes.stored(update.remove_ids);
  pipeline(
      removed.size(), kPreparedChunk, [] { return 0; },
      [&](int, std::size_t i) {
        return removed[i] ? changes.prepare_removal(*removed[i]) : PreparedDocument{};
      },
      [&](std::size_t i, const PreparedDocument& prepared) {
        if (removed[i]) changes.remove(*removed[i], prepared, summary);
      });
  std::vector<std::string> ids;
  for (const Record& record : update.records) ids.push_back(record.id);
  const auto stored = changes.stored(ids);
  pipeline(
      update.records.size(), kPreparedChunk, [] { return make_term_generator(); },
      [&](Xapian::TermGenerator& generator, std::size_t i) {
        return changes.prepare(update.records[i], stored[i], gazetteer, generator);
      },
      [&](std::size_t i, const PreparedDocument& prepared) {
        changes.put(update.records[i], stored[i], prepared, summary);
      });
  changes.write_spelling();
  for (const auto& key : update.erase_metadata) metadata.set_metadata(key, "");
  for (const auto& [key, value] : update.set_metadata) metadata.set_metadata(key, value);
  write_facet_widths(shards, metadata);
}

Xapian::doccount documents_in(const std::vector<Xapian::WritableDatabase*>& shards) {
  Xapian::doccount n = 0;
  for (Xapian::WritableDatabase* shard : shards) n += shard->get_doccount();
  return n;
}

/// Counts what the update leaves in `summary`.
/// \throws IndexError, before anything is committed, when the index would not hold the documents
/// it should.
void check_documents(Xapian::doccount before, const std::vector<Xapian::WritableDatabase*>& shards,
                     const std::string& where, UpdateSummary& summary) {
  summary.documents = static_cast<int>(documents_in(shards));
  const int expected = static_cast<int>(before) - summary.removed + summary.added;
  if (summary.documents != expected)
    throw IndexError("the update of the index at " + where + " would leave " +
                     std::to_string(summary.documents) + " documents, expected " +
                     std::to_string(expected) + "; run r2p-index --rebuild");
}

/// Updates the single database `dir` in one transaction: one commit, one new revision.
void update_database(const IndexUpdate& update, const Gazetteer& gazetteer, const fs::path& dir,
                     UpdateSummary& summary) {
  // Opened without DB_NO_SYNC: the commit is what makes the update durable.
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_OPEN);
  const Xapian::doccount before = db.get_doccount();
  const std::vector<Xapian::WritableDatabase*> shards{&db};
  db.begin_transaction();
  DocumentChanges changes(shards, db);
  apply_update(update, gazetteer, shards, db, changes, summary);
  check_documents(before, shards, dir.string(), summary);
  db.commit_transaction();
  db.close();
}

/// The shard directories a sharded index's stub lists after its dictionary database.
std::vector<std::string> listed_shards(const fs::path& dir) {
  std::ifstream stub(dir / kStubFile);
  std::vector<std::string> shards;
  for (std::string line; std::getline(stub, line);)
    if (line.rfind("auto ", 0) == 0 && line != "auto dictionary") shards.push_back(line.substr(5));
  return shards;
}

/// Writes the facet table of a shard again: the documents `changed` with their new values, every
/// other one as the stored table has it.
void rewrite_facet_table(Xapian::WritableDatabase& shard,
                         const std::map<Xapian::docid, FacetValues>& changed) {
  const FacetTable old = decode_facet_table(shard.get_metadata(kFacetTableKey));
  Xapian::docid last = changed.empty() ? 0 : changed.rbegin()->first;
  for (const FacetColumn& column : old.columns)
    last = std::max(last, column.shards.at(0).last_docid());
  FacetTableBuilder builder;
  FacetValues values;
  for (Xapian::docid docid = 1; docid <= last; ++docid) {
    if (auto it = changed.find(docid); it != changed.end()) {
      builder.add(docid, it->second);
      continue;
    }
    values.clear();
    for (const FacetColumn& column : old.columns) {
      const FacetIds& ids = column.shards.at(0);
      for (auto id = ids.begin(docid); id != ids.end(docid); ++id)
        values[column.field].push_back(column.values.at(*id));
    }
    builder.add(docid, values);
  }
  const std::string encoded = encode_facet_table(builder.finish());
  shard.set_metadata(kFacetTableKey, encoded);
  shard.set_metadata(kFacetTableIdKey, facet_table_id(encoded));
}

/// Writes `update` into the open shards and dictionary database of a sharded index, each in a
/// transaction (nothing is committed).
void write_shards(const IndexUpdate& update, const Gazetteer& gazetteer,
                  const std::vector<Xapian::WritableDatabase*>& shards,
                  Xapian::WritableDatabase& dictionary, const fs::path& dir,
                  UpdateSummary& summary) {
  const Xapian::doccount before = documents_in(shards);
  dictionary.begin_transaction();
  for (Xapian::WritableDatabase* shard : shards) shard->begin_transaction();
  DocumentChanges changes(shards, dictionary);
  apply_update(update, gazetteer, shards, dictionary, changes, summary);
  check_documents(before, shards, dir.string(), summary);
  for (unsigned s = 0; s < shards.size(); ++s)
    if (!changes.changed_in(s).empty()) rewrite_facet_table(*shards[s], changes.changed_in(s));
  dictionary.set_metadata(kUpdatePendingKey, "");
}

/// Updates the sharded index `dir`: each shard in a transaction of its own, then the dictionary
/// database. Shards commit one after another, so the dictionary first records (in a revision of
/// its own) that an update is under way, and clears it with its own commit, last: a run killed
/// between shards leaves the marker, and the next run builds the index again.
void update_shards(const IndexUpdate& update, const Gazetteer& gazetteer, const fs::path& dir,
                   UpdateSummary& summary) {
  Xapian::WritableDatabase dictionary((dir / "dictionary").string(), Xapian::DB_OPEN);
  std::vector<std::unique_ptr<Xapian::WritableDatabase>> open;
  std::vector<Xapian::WritableDatabase*> shards;
  for (const auto& name : listed_shards(dir)) {
    open.push_back(
        std::make_unique<Xapian::WritableDatabase>((dir / name).string(), Xapian::DB_OPEN));
    shards.push_back(open.back().get());
  }
  if (shards.empty()) throw IndexError("the stub of " + dir.string() + " lists no shards");
  dictionary.set_metadata(kUpdatePendingKey, "1");
  dictionary.commit();
  try {
    write_shards(update, gazetteer, shards, dictionary, dir, summary);
  } catch (...) {
    // Nothing was committed but the marker: take it back (when the disk lets us), so that the
    // next run need not build the index again.
    try {
      // Closing a database in a transaction cancels the transaction.
      for (Xapian::WritableDatabase* db : shards) db->close();
      dictionary.close();
      Xapian::WritableDatabase again((dir / "dictionary").string(), Xapian::DB_OPEN);
      again.set_metadata(kUpdatePendingKey, "");
      again.commit();
    } catch (const Xapian::Error&) {
    }
    throw;
  }
  for (Xapian::WritableDatabase* shard : shards) shard->commit_transaction();
  dictionary.commit_transaction();
}

/// The error of an update that Xapian could not write in `dir`.
IndexError update_failure(const Xapian::Error& e, const fs::path& dir, const IndexTarget& target,
                          bool sharded) {
  const std::string description = e.get_description();
  const bool full = std::any_of(std::begin(kOutOfSpace), std::end(kOutOfSpace), [&](int error) {
    return description.find(std::strerror(error)) != std::string::npos;
  });
  return IndexError(
      "cannot update the index" + std::string(full ? ": the disk is full, writing " : " in ") +
      dir.string() + ": " + description + "; the index at " + target.path() +
      (sharded ? " is as it was, or (if some shards were written) built again by the next run"
               : " is unchanged and still searchable") +
      ": free some space (or check permissions) and run r2p-index again");
}

}  // namespace

UpdateSummary update_index(const IndexUpdate& update, const Gazetteer& gazetteer,
                           IndexTarget& target) {
  const std::string live = target.live_version();
  if (live.empty()) throw IndexError("there is no index at " + target.path() + " to update");
  const bool sharded = fs::exists(fs::path(live) / kStubFile);
  UpdateSummary summary;
  try {
    if (sharded)
      update_shards(update, gazetteer, live, summary);
    else
      update_database(update, gazetteer, live, summary);
  } catch (const Xapian::Error& e) {
    throw update_failure(e, live, target, sharded);
  }
  summary.unchanged = summary.documents - summary.added - summary.changed;
  summary.database = live;
  return summary;
}

}  // namespace r2p
