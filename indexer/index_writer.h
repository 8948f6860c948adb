// Writes the index: builds a fresh Xapian database beside the live one, adds synonyms, spelling
// data and metadata, checks it, then swaps it in atomically so a failed or killed run leaves the
// previous index searchable.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/gazetteer.h"
#include "core/record.h"

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

/// Builds the index for linked `records` and makes it live at `db_path`, which becomes a symbolic
/// link to a versioned sibling directory. Older versions beyond the previous one are removed.
/// Document ids follow the order of `records`, whatever the number of threads or shards.
/// \throws IndexError when the location cannot be written or the new database fails its check;
/// the previous index is then untouched.
/// Produces the records of part `part` of `parts`, in corpus order, by calling `emit` for each;
/// called concurrently for different parts. Parts are contiguous: part 0's records come first.
using RecordProducer = std::function<void(unsigned part, unsigned parts,
                                          const std::function<void(const Record&)>& emit)>;

/// Builds the index from `produce` (linked records) without holding them all in memory. The
/// `before_swap` hook runs once every record has been written and may throw (e.g. a
/// CorpusError from checks that span records): the new index is then discarded.
IndexSummary write_index(const RecordProducer& produce, std::size_t expected_records,
                         const AliasTable& aliases, const Gazetteer& gazetteer,
                         const std::string& db_path, const IndexOptions& options = {},
                         const ProgressCallback& progress = {},
                         const std::function<void()>& before_swap = {});

IndexSummary write_index(const std::vector<Record>& records, const AliasTable& aliases,
                         const Gazetteer& gazetteer, const std::string& db_path,
                         const IndexOptions& options = {}, const ProgressCallback& progress = {});

/// Adds the synonyms the query side relies on: organisation acronyms, names and variants, and
/// country names in every language the gazetteer knows, each to the entity's filter term (and a
/// single-word foreign country name also to the English name). Returns how many keys were added.
int add_synonyms(Xapian::WritableDatabase& db, const Gazetteer& gazetteer);

/// The stub file inside a sharded index version directory.
constexpr const char* kStubFile = "XAPIANDB";

/// The synonym keys under which the QueryParser looks up a name: "Z"+stem for one word; for
/// several words, the words as the parser lowercases them, joined by spaces (and their folded
/// form).
std::vector<std::string> synonym_keys(const std::string& name);

}  // namespace r2p
