// Counting apart: each part of the match set — a local shard, a share of a single database's
// document ids, or a remote shard whose server returns the ids of its matches — counted on a
// thread of its own, against the facet table when there are facets, and the parts' counts
// merged.
#pragma once

#include <memory>
#include <vector>

#include <xapian.h>

#include "core/facet_table.h"
#include "search/facet_counter.h"

namespace r2p {

/// How the parts are counted: which databases, and what each holds.
struct CountingParts {
  std::vector<Xapian::Database>* databases = nullptr;  ///< one per part, each counted on its own
  bool shares = false;  ///< handles on one database, each counting a share of its document ids
  bool remote = false;  ///< remote shards: their servers send the ids of their matches
  Xapian::docid last_docid = 0;  ///< the whole database's highest document id (for shares)
};

/// The counter that counts `parts`, facets from `table` (nullptr, with no facets asked for:
/// matches only).
std::unique_ptr<FacetCounter> make_part_counter(const CountingParts& parts, const FacetTable* table,
                                                const std::vector<Field>& facets,
                                                const Xapian::Query& query);

}  // namespace r2p
