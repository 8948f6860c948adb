// Writes the index: builds a fresh Xapian database beside the live one, adds synonyms, spelling
// data and metadata, checks it, then swaps it in atomically so a failed or killed run leaves the
// previous index searchable.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/gazetteer.h"
#include "core/record.h"
#include "core/record_codec.h"
#include "indexer/index_target.h"

namespace r2p {

struct IndexSummary {
  std::map<std::string, int> records_per_type;  ///< "meeting" -> 6 ...
  int documents = 0;
  int countries_tied = 0;  ///< distinct countries tied to any record
  int synonyms = 0;        ///< synonym keys written
  std::string database;    ///< the directory the live link now points to
};

/// Reports progress: (documents done, total). Called from the calling thread only.
using ProgressCallback = std::function<void(std::size_t, std::size_t)>;

struct IndexOptions {
  /// Worker threads building documents (0 = one per core). Each builds its own partial database;
  /// the parts are then merged (compacted) into one, in record order.
  unsigned threads = 0;
  /// 0 = one database. N > 0 = N shard databases plus a document-free dictionary database
  /// (metadata, synonyms, spelling) and a stub listing them, searched as one.
  unsigned shards = 0;
};

/// Produces the records of part `part` of `parts`, in corpus order, by calling `emit` for each;
/// called concurrently for different parts. Parts are contiguous: part 0's records come first.
using RecordProducer = std::function<void(unsigned part, unsigned parts,
                                          const std::function<void(const Record&)>& emit)>;

/// A record dictionary is trained on at most this many records, about kDictionarySampleBytes of
/// them, spread over the corpus: 700 records of a few hundred words make a dictionary within 1%
/// as good as one from three times as many.
constexpr std::size_t kDictionarySamples = 1000;
constexpr std::size_t kDictionarySampleBytes = 2u << 20;

/// Metadata to store with the index (key -> value).
using Metadata = std::map<std::string, std::string>;

/// Builds a fresh index from `produce` (linked records) without holding them all in memory and
/// makes it live at `target`; `codec` stores the records (its dictionary goes into the metadata).
/// The `before_swap` hook runs once every record has been written and returns metadata to store;
/// it may throw (e.g. a CorpusError from checks that span records): the new index is then
/// discarded. Document ids follow record order, whatever the number of threads or shards.
///
/// \throws IndexError when the location cannot be written or the new database fails its check;
/// the previous index is then untouched.
IndexSummary write_index(const RecordProducer& produce, std::size_t expected_records,
                         const AliasTable& aliases, const Gazetteer& gazetteer,
                         const RecordCodec& codec, IndexTarget& target,
                         const IndexOptions& options = {}, const ProgressCallback& progress = {},
                         const std::function<Metadata()>& before_swap = {});

/// write_index for records in memory, at `db_path`, with a record dictionary trained on them.
IndexSummary write_index(const std::vector<Record>& records, const AliasTable& aliases,
                         const Gazetteer& gazetteer, const std::string& db_path,
                         const IndexOptions& options = {}, const ProgressCallback& progress = {});

/// A change to an existing index: the records of the files that changed, and what to remove.
struct IndexUpdate {
  std::vector<Record> records;          ///< linked; each replaces the document of its id
  std::vector<std::string> remove_ids;  ///< documents to delete (none of them in `records`)
  Metadata set_metadata;                ///< e.g. the changed files' entries
  std::vector<std::string> erase_metadata;
};

struct UpdateSummary {
  int added = 0;      ///< records whose id was not in the index
  int changed = 0;    ///< records whose document differs from the indexed one
  int removed = 0;    ///< documents deleted
  int unchanged = 0;  ///< documents left as they were
  int documents = 0;  ///< in the index now
  std::string database;
};

/// Applies `update` to a copy of the live version (which must be a single database) and makes
/// the copy live, as write_index does: an interrupted update leaves the previous index. The
/// index then equals a full build of the same records (same documents, terms, values, spelling
/// and metadata), apart from document ids and the record dictionary: records are stored against
/// the one the index was built with.
UpdateSummary update_index(const IndexUpdate& update, const Gazetteer& gazetteer,
                           IndexTarget& target);

/// Adds the synonyms the query side relies on: organisation acronyms, names and variants, and
/// country names in every language the gazetteer knows, each to the entity's filter term (and a
/// single-word foreign country name also to the English name). Returns how many keys were added.
int add_synonyms(Xapian::WritableDatabase& db, const Gazetteer& gazetteer);

}  // namespace r2p
