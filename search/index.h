// The searchable index: opens the database at a path, checks its schema version, and gives the
// search side the gazetteer (ICU plus the corpus aliases stored in the index) and record lookups.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/gazetteer.h"
#include "core/record.h"
#include "core/record_codec.h"
#include "search/facet_table.h"
#include "search/shard_set.h"

namespace r2p {

/// What tells the revision a reader opening the index at `path` would see now, cheaply (without
/// opening it): the version directory the live link leads to, and the version files its local
/// databases replace at each commit. r2p-index updates an index in place, so a reader that stays
/// open (the server) compares stamps to know when to open it again.
std::string revision_stamp(const std::string& path);

class Index {
 public:
  /// Opens the index at `path`.
  /// \throws IndexError when there is no index there (saying how to build one), when it is of
  /// another schema version, or when it cannot be read.
  explicit Index(const std::string& path);

  const std::string& path() const { return path_; }
  Xapian::Database& database() { return db_; }
  /// Built on first use: plain searches without country or region values never pay for it.
  const Gazetteer& gazetteer();
  /// The corpus alias table the index was built with (read when the index is opened).
  const AliasTable& aliases() const { return aliases_; }

  /// True when the index is a stub that lists `remote` shards (served by xapian-tcpsrv, or a
  /// program such as xapian-progsrv).
  bool has_remote_shards() const { return shards_.remote(); }
  /// The shards behind the index, each opened on its own, and the handles matches are counted
  /// on.
  ShardSet& shard_set() { return shards_; }
  /// The shard set's counting handles, as tests set and check them (see ShardSet).
  std::vector<Xapian::Database>& counting_databases() { return shards_.counting_databases(); }
  void set_counting_handles(unsigned handles) { shards_.set_counting_handles(handles); }

  /// True when the index path now leads to another directory than the one opened (r2p-index
  /// swapped in a new version).
  bool replaced() const;

  /// Opens the live index again (after DatabaseModifiedError or a rebuild swapped it).
  void reopen();

  /// The record a document stores as its data (the index's record dictionary is read on first
  /// use). \throws IndexError when the data cannot be read.
  Record stored_record(const std::string& data);
  /// The record stored under `id`, or nullopt.
  std::optional<Record> record(const std::string& id);
  /// Every record of a type, in index order.
  std::vector<Record> records_of_type(RecordType type);
  /// The title of meeting `id` (from the index metadata), or nullopt if there is no such meeting.
  std::optional<std::string> meeting_title(const std::string& id);
  /// The short label of meeting `id` ("Accra 2013 — third meeting"), or nullopt when the index
  /// stores none.
  std::optional<std::string> meeting_label(const std::string& id);
  /// Reads every meeting title and short label in one pass (once), for callers about to look up
  /// many.
  void read_meeting_titles();
  /// Every meeting id in the index, sorted.
  std::vector<std::string> meeting_ids();
  /// Years that have at least one record, ascending.
  std::vector<int> years();
  /// How many positional slots a facet uses (its widest document).
  Xapian::valueno facet_width(const std::string& facet_name);
  /// Every document's facet values, for counting facets over large match sets, once read;
  /// nullptr before, and for stored tables that cannot be used (read as an empty table).
  const FacetTable* facet_table() const {
    return facet_table_ && !facet_table_->columns.empty() ? facet_table_.get() : nullptr;
  }
  /// For a search with facets: the facet table — shared with every Index of this process that
  /// opened the same version, or read on this Index's second search with facets (reading it
  /// costs about one search over everything, which a one-off search is better without); nullptr
  /// before that and for local shards that cannot be opened one by one. Remote shards give the
  /// tables they store instead (read on the second search with facets too: a one-off search
  /// counts with Xapian's stock spies); nullptr if one stores none, or one that does not match
  /// its shard, or if the shards cannot each be opened on their own.
  const FacetTable* facet_table_for_search();

 private:
  void open();
  /// Drops what was learnt from the version opened before.
  void forget_opened_version();
  /// Opens the version the index path leads to now (db_, opened_target_).
  void open_live_version();
  std::string path_;
  Xapian::Database db_;
  std::unique_ptr<Gazetteer> gazetteer_;
  AliasTable aliases_;
  ShardSet shards_;
  std::string table_key_;             ///< what the facet table is shared under: path and revisions
  std::string opened_target_;         ///< canonical path of what `path_` led to when opened
  std::optional<RecordCodec> codec_;  ///< how records are stored, once read
  /// A meeting's title or short label (`prefix`) from `cache`, else from the metadata.
  std::optional<std::string> meeting_metadata(
      std::map<std::string, std::optional<std::string>>& cache, const char* prefix,
      const std::string& id);
  std::map<std::string, std::optional<std::string>> meeting_titles_;  ///< looked up so far
  std::map<std::string, std::optional<std::string>> meeting_labels_;  ///< looked up so far
  std::optional<std::vector<int>> years_;                             ///< years(), once read
  /// Each value id's place in the order of (label, value) in `column`.
  std::vector<std::uint32_t> label_ranks(const FacetColumn& column);
  std::shared_ptr<const FacetTable> facet_table_;
  int facet_searches_ = 0;
  bool all_meeting_titles_read_ = false;
};

}  // namespace r2p
