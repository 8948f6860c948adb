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

namespace r2p {

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
  bool has_remote_shards() const { return remote_; }
  /// The databases matches and facets are counted on, each on a thread of its own: each shard
  /// that holds documents, opened on its own, in the order of the facet table's shards (remote
  /// shards only when each stores its facet table); for a single database, handles on it that
  /// each count a share of its document ids — one per core (at most kCountingThreads) for
  /// kSplitCountingFrom documents or more, else one (opened on first use, and only if still at
  /// the revision searched). Empty whenever matches cannot be counted apart.
  std::vector<Xapian::Database>& counting_databases();
  /// True when counting_databases() are handles on one database rather than shards.
  bool counting_shares() const { return shards_.empty() && !remote_ && db_.size() == 1; }
  static constexpr unsigned kCountingThreads = 4;
  static constexpr Xapian::doccount kSplitCountingFrom = 20000;
  /// Sets how many handles share the counting of a single database (0: as above).
  void set_counting_handles(unsigned handles) {
    counting_handles_ = handles;
    counting_.clear();
  }

  /// True when the index path now leads to another directory than the one opened (r2p-index
  /// swapped in a new version).
  bool replaced() const;

  /// Opens the live index again (after DatabaseModifiedError or a rebuild swapped it).
  void reopen();

  /// The data of documents `docids` of database(), in that order: from remote shards, each
  /// server's documents on the shard's own connection (one of counting_databases(): call it
  /// once counting is done), all servers at once.
  std::vector<std::string> document_data(const std::vector<Xapian::docid>& docids);
  /// For remote shards counted apart: a second handle on the same databases, for a thread to
  /// search beside database() (opened on first use); nullptr otherwise.
  Xapian::Database* side_database();

  /// The record a document stores as its data (the index's record dictionary is read on first
  /// use). \throws IndexError when the data cannot be read.
  Record stored_record(const std::string& data);
  /// The record stored under `id`, or nullopt.
  std::optional<Record> record(const std::string& id);
  /// Every record of a type, in index order.
  std::vector<Record> records_of_type(RecordType type);
  /// The title of meeting `id` (from the index metadata), or nullopt if there is no such meeting.
  std::optional<std::string> meeting_title(const std::string& id);
  /// Reads every meeting title in one pass (once), for callers about to look up many.
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
  /// The tables the shards store, merged; empty if one cannot be read or does not match its
  /// shard.
  FacetTable read_stored_facet_tables();
  std::string path_;
  Xapian::Database db_;
  std::unique_ptr<Gazetteer> gazetteer_;
  AliasTable aliases_;
  bool remote_ = false;
  std::vector<Xapian::Database> shards_;  ///< shards that hold documents, if sharded
  std::vector<int> shard_at_entry_;  ///< per database of database(): its place in shards_, or -1
  std::optional<Xapian::Database> side_;    ///< side_database(), once opened
  bool side_failed_ = false;                ///< side_database() led to other databases
  std::vector<Xapian::Database> counting_;  ///< a single database's counting handles, once opened
  unsigned counting_handles_ = 0;
  std::string table_key_;             ///< what the facet table is shared under: path and revisions
  std::string opened_target_;         ///< canonical path of what `path_` led to when opened
  std::optional<RecordCodec> codec_;  ///< how records are stored, once read
  std::map<std::string, std::optional<std::string>> meeting_titles_;  ///< looked up so far
  std::optional<std::vector<int>> years_;                             ///< years(), once read
  /// Each value id's place in the order of (label, value) in `column`.
  std::vector<std::uint32_t> label_ranks(const FacetColumn& column);
  std::shared_ptr<const FacetTable> facet_table_;
  int facet_searches_ = 0;
  bool all_meeting_titles_read_ = false;
};

}  // namespace r2p
