// The shards behind an index: a stub's entries each opened on their own (local databases, or
// remote ones on connections of their own), so that matches and facets can be counted part by
// part; for a single database, the handles that each count a share of its document ids.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/facet_table.h"

namespace r2p {

class ShardSet {
 public:
  /// Opens the shards of `db`, which was opened from `target` (a version directory or a stub
  /// file): nothing for a single database, or when the shards cannot each be opened on their own
  /// as the same databases. Counting handles set by set_counting_handles() are kept.
  void open(const std::string& target, const Xapian::Database& db);
  /// Forgets the databases opened (but not the counting handles asked for).
  void clear();

  /// True when the index is a stub that lists `remote` shards (served by xapian-tcpsrv, or a
  /// program such as xapian-progsrv).
  bool remote() const { return remote_; }
  /// The shards that hold documents, each opened on its own, in the stub's order; empty when
  /// they cannot be counted one by one.
  const std::vector<Xapian::Database>& shards() const { return shards_; }
  /// What tells these databases apart from others at the same path: the identities of the remote
  /// shards' stored facet tables, else the local databases' revisions ("#…" each).
  std::string revisions() const;

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

  /// The stored records of documents `docids` of the whole database (record_data(), in that
  /// order): from remote shards, on the shards' own connections (counting_databases(): call it
  /// once counting is done), the whole database's and the side handle's (side_database(): once
  /// its search is done), all at once.
  std::vector<std::string> record_data(const std::vector<Xapian::docid>& docids);
  /// For remote shards counted apart: a second handle on the same databases, for a thread to
  /// search beside the index's database (opened on first use); nullptr otherwise.
  Xapian::Database* side_database();
  /// The tables the shards store, merged; empty if one cannot be read or does not match its
  /// shard.
  FacetTable read_stored_facet_tables() const;

 private:
  void open_shards(const std::vector<std::pair<std::string, std::string>>& entries);

  std::string target_;   ///< what the whole database was opened from
  Xapian::Database db_;  ///< the whole database
  bool remote_ = false;
  std::vector<Xapian::Database> shards_;  ///< shards that hold documents, if sharded
  std::vector<int> shard_at_entry_;       ///< per database of db_: its place in shards_, or -1
  std::string table_ids_;  ///< the remote shards' facet table identities, "#…" each
  std::optional<Xapian::Database> side_;    ///< side_database(), once opened
  bool side_failed_ = false;                ///< side_database() led to other databases
  std::vector<Xapian::Database> counting_;  ///< a single database's counting handles, once opened
  unsigned counting_handles_ = 0;
};

}  // namespace r2p
