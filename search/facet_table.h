// Every document's facet values as small integers, read once from the positional facet slots:
// counting facets over a large match set then costs a walk over a few integers per document
// instead of several value-slot reads (what search engines call doc values or a field cache).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/schema.h"

namespace r2p {

/// One database's value ids of a facet, document after document.
struct FacetIds {
  std::vector<std::uint32_t> offsets;  ///< docid -> start of its ids in `ids`; docid + 1 -> end
  std::vector<std::uint32_t> ids;      ///< value ids, document after document

  /// The value ids of document `docid` (none for a docid the table does not know).
  const std::uint32_t* begin(Xapian::docid docid) const {
    return docid + 1 < offsets.size() ? ids.data() + offsets[docid] : nullptr;
  }
  const std::uint32_t* end(Xapian::docid docid) const {
    return docid + 1 < offsets.size() ? ids.data() + offsets[docid + 1] : nullptr;
  }
};

/// One facet's values of every document.
struct FacetColumn {
  Field field = Field::type;
  std::vector<std::string> values;  ///< value id -> value (without the last-value mark)
  /// Per database (shard) read, by its own document ids; value ids are shared by all.
  std::vector<FacetIds> shards;
  /// value id -> its place in the order of (label, value): the most frequent values are picked
  /// and ordered by integers, with no string compared.
  std::vector<std::uint32_t> label_ranks;
};

struct FacetTable {
  std::vector<FacetColumn> columns;  ///< one per facet field

  const FacetColumn* column(Field field) const {
    for (const auto& c : columns)
      if (c.field == field) return &c;
    return nullptr;
  }
  /// How many databases the table was read from.
  std::size_t shards() const { return columns.empty() ? 0 : columns.front().shards.size(); }
};

/// The facet table of the index version at `version` (its canonical path) if this process has
/// one; tables are shared by every Index, hence every server thread, that opened that version,
/// and dropped when none holds it any more.
std::shared_ptr<const FacetTable> shared_facet_table(const std::string& version);
/// The same, made by `read` when there is none yet (other threads wanting it wait for it).
std::shared_ptr<const FacetTable> shared_facet_table(const std::string& version,
                                                     const std::function<FacetTable()>& read);

/// Reads the facets' positional slots of every document of each of `dbs` (one database, or each
/// shard of a sharded index on its own), `widths` giving each facet's number of slots
/// (label_ranks are left for the caller, who knows the labels). A MatchSpy is given a database's
/// own document ids: over several databases searched as one they do not say which, so a sharded
/// index counts each shard in an Enquire of its own.
FacetTable read_facet_table(const std::vector<Xapian::Database>& dbs,
                            const std::vector<std::pair<Field, Xapian::valueno>>& widths);

}  // namespace r2p
