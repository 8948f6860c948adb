// The documents of an update written into an open index, one database or shards, with what
// depends on them kept in step: the spelling dictionary, the meeting titles and labels, and which
// documents of each shard changed (for its facet table).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/gazetteer.h"
#include "core/record.h"
#include "core/record_codec.h"
#include "core/schema.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"

namespace r2p {

/// The shard a new record of id `id` goes to, of `shards`: a hash of the id (FNV-1a, the same on
/// every machine and in every version, unlike std::hash). Where a record lives changes no answer
/// (hits of equal weight are ordered by date and id, not document id), but a fixed place keeps
/// updates repeatable.
unsigned shard_of(const std::string& id, unsigned shards);

/// How an update changes the spelling dictionary's counts: word -> change.
using WordChanges = std::unordered_map<std::string, long long>;

/// A record's document as the index holds it before the update.
struct StoredDocument {
  unsigned shard = 0;
  Xapian::docid docid = 0;
  std::string data;
};

/// What writing (or removing) a record changes, worked out beforehand, on any thread.
struct PreparedDocument {
  bool same = false;  ///< the record is indexed as it is: nothing to write
  Xapian::Document doc;
  FacetValues facets;  ///< the record's, for its shard's facet table
  /// The spelling counts of the record less those of the version indexed, none 0: worked out
  /// here rather than by the writer, since an edit leaves most words as they were.
  WordChanges spelling;
  std::string old_meeting;  ///< the id of the version indexed, when a meeting's: its title goes
};

class DocumentChanges {
 public:
  /// `shards` hold the documents (one database for a single index); `metadata` holds the
  /// spelling dictionary, meeting titles and record dictionary (the same database, or a sharded
  /// index's dictionary database). All must stay open while this object is used.
  DocumentChanges(std::vector<Xapian::WritableDatabase*> shards,
                  Xapian::WritableDatabase& metadata);

  /// The documents the index holds of the records `ids` (nullopt: none), read before anything
  /// is written.
  std::vector<std::optional<StoredDocument>> stored(const std::vector<std::string>& ids) const;

  /// What writing `record`, indexed as `stored`, changes. Safe to call from several threads at
  /// once (each with its own `generator`): it reads no database.
  PreparedDocument prepare(const Record& record, const std::optional<StoredDocument>& stored,
                           const Gazetteer& gazetteer, Xapian::TermGenerator& generator) const;
  /// What removing the record indexed as `stored` changes; thread-safe as prepare().
  PreparedDocument prepare_removal(const StoredDocument& stored) const;

  /// Adds the document of `record` or, when it differs, replaces the one `stored` (`prepared`
  /// for them).
  void put(const Record& record, const std::optional<StoredDocument>& stored,
           const PreparedDocument& prepared, UpdateSummary& summary);
  /// Deletes the document `stored` (`prepared` by prepare_removal()).
  void remove(const StoredDocument& stored, const PreparedDocument& prepared,
              UpdateSummary& summary);
  /// Applies the spelling counts gathered by remove() and put().
  void write_spelling();
  /// The documents of shard `shard` that changed: docid -> new facet values (none when deleted).
  const std::map<Xapian::docid, FacetValues>& changed_in(unsigned shard) const {
    return changed_[shard];
  }

 private:
  /// What removing the version indexed, stored as `stored_json`, changes.
  PreparedDocument removal_of(const std::string& stored_json) const;
  /// Takes out the meeting title and label of the version indexed, when a meeting's.
  void forget_meeting(const PreparedDocument& prepared);
  void add_spelling(const WordChanges& changes);

  std::vector<Xapian::WritableDatabase*> shards_;
  Xapian::WritableDatabase& metadata_;
  /// Changed records are stored against the dictionary the index was built with.
  const RecordCodec codec_;
  WordChanges spelling_;  ///< all records' changes; those that cancel out (0) are not written
  std::vector<std::map<Xapian::docid, FacetValues>> changed_;
};

}  // namespace r2p
