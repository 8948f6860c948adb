// Writes the index: builds a fresh Xapian database beside the live one (staged), then adds
// synonyms, spelling data and metadata, checks it and swaps it in atomically (published), so a
// failed, refused or killed run leaves the previous index searchable.
#pragma once

#include <functional>
#include <map>
#include <memory>
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

struct StagedParts;

/// A new index written beside the live one but not yet live: its documents are in place, its
/// metadata is not. publish() completes it with metadata known only once every record was read
/// (the corpus files' entries) and makes it live; discard() removes it. A staged index destroyed
/// unpublished is discarded, so whatever stops a run between the two leaves the live index as it
/// was (and IndexTarget::remove_unpublished still finds its directories until it is published).
class StagedIndex {
 public:
  explicit StagedIndex(std::unique_ptr<StagedParts> parts);
  StagedIndex(StagedIndex&&) noexcept;
  StagedIndex& operator=(StagedIndex&&) = delete;
  ~StagedIndex();

  /// Adds the synonyms, the spelling dictionary, `metadata` and the index's own metadata (schema
  /// version, alias table, facet widths, meeting titles, record dictionary), merges the parts
  /// (or, sharded, writes the dictionary database and the stub), checks that the result holds
  /// every record written, and makes it live at its target.
  /// \throws IndexError when it cannot be completed or made live: it is then discarded and the
  /// previous index is untouched.
  IndexSummary publish(const Metadata& metadata = {});
  /// Removes what was written; the live index stays as it was. Nothing is left to publish.
  void discard();

 private:
  std::unique_ptr<StagedParts> parts_;
};

/// Builds a new index from `produce` (linked records) without holding them all in memory, beside
/// the live one at `target`, and returns it unpublished. `codec` stores the records; `aliases`,
/// `gazetteer` and `codec` are what publish() writes too, and must outlive the staged index.
/// Document ids follow record order, whatever the number of threads or shards.
///
/// \throws IndexError when the location cannot be written; nothing is then left of the new
/// index and the previous one is untouched.
StagedIndex stage_index(const RecordProducer& produce, std::size_t expected_records,
                        const AliasTable& aliases, const Gazetteer& gazetteer,
                        const RecordCodec& codec, IndexTarget& target,
                        const IndexOptions& options = {}, const ProgressCallback& progress = {});

/// stage_index, then publish with no metadata of the caller's: for records that need no check
/// once they are all written.
IndexSummary write_index(const RecordProducer& produce, std::size_t expected_records,
                         const AliasTable& aliases, const Gazetteer& gazetteer,
                         const RecordCodec& codec, IndexTarget& target,
                         const IndexOptions& options = {}, const ProgressCallback& progress = {});

/// Builds an index of records in memory, with a record dictionary trained on them, and makes it
/// live at `db_path` (stage_index, then publish).
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
