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
#include "indexer/index_writer.h"

namespace r2p {

/// A record's facet values, as facet_values() gives them.
using FacetValues = std::map<Field, std::vector<std::string>>;

/// The shard a new record of id `id` goes to, of `shards`: a hash of the id (FNV-1a, the same on
/// every machine and in every version, unlike std::hash). Where a record lives changes no answer
/// (hits of equal weight are ordered by date and id, not document id), but a fixed place keeps
/// updates repeatable.
unsigned shard_of(const std::string& id, unsigned shards);

/// What put() writes for a record, made beforehand and on any thread (prepare()).
struct PreparedDocument {
  Xapian::Document doc;
  std::string json;  ///< the record as stored: compared with the indexed one
  std::unordered_map<std::string, Xapian::termcount> words;  ///< its spelling counts
};

class DocumentChanges {
 public:
  /// `shards` hold the documents (one database for a single index); `metadata` holds the
  /// spelling dictionary, meeting titles and record dictionary (the same database, or a sharded
  /// index's dictionary database). All must stay open while this object is used.
  DocumentChanges(std::vector<Xapian::WritableDatabase*> shards,
                  Xapian::WritableDatabase& metadata);

  /// Deletes the document of record `id`, if there is one.
  void remove(const std::string& id, UpdateSummary& summary);
  /// The document of `record` and what depends on it. Safe to call from several threads at once
  /// (each with its own `generator`).
  PreparedDocument prepare(const Record& record, const Gazetteer& gazetteer,
                           Xapian::TermGenerator& generator) const;
  /// Adds the document of `record` (`prepared` for it), or replaces the one of its id if it
  /// differs.
  void put(const Record& record, const PreparedDocument& prepared, UpdateSummary& summary);
  /// Applies the spelling counts gathered by remove() and put().
  void write_spelling();
  /// The documents of shard `shard` that changed: docid -> new facet values (none when deleted).
  const std::map<Xapian::docid, FacetValues>& changed_in(unsigned shard) const {
    return changed_[shard];
  }

 private:
  struct Place {
    unsigned shard;
    Xapian::docid docid;
  };
  std::optional<Place> indexed(const std::string& id) const;
  void forget(const Place& place);
  void count(const std::unordered_map<std::string, Xapian::termcount>& words, long long sign);

  std::vector<Xapian::WritableDatabase*> shards_;
  Xapian::WritableDatabase& metadata_;
  /// Changed records are stored against the dictionary the index was built with.
  const RecordCodec codec_;
  std::unordered_map<std::string, long long> spelling_;
  std::vector<std::map<Xapian::docid, FacetValues>> changed_;
};

}  // namespace r2p
