// The facet table: every document's facet values as small integers, document after document
// (what search engines call doc values or a field cache). Counting facets over a large match set
// then costs a walk over a few integers per document instead of several value-slot reads. A
// search reads it from the facet slots of a local index; each shard of a sharded index also
// stores its own (kFacetTableKey), which is how a search counts facets on shards served by
// xapian-tcpsrv: the servers return the matching document ids, the table gives their values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
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
  /// The highest document id the table knows (0 for none).
  Xapian::docid last_docid() const {
    return offsets.size() < 2 ? 0 : static_cast<Xapian::docid>(offsets.size() - 2);
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

/// Builds the facet table of one database from its documents' facet values as they are added,
/// in increasing document id order.
class FacetTableBuilder {
 public:
  FacetTableBuilder();
  /// Adds document `docid`'s values (facet_values() of its record); ids skipped have none.
  void add(Xapian::docid docid, const std::map<Field, std::vector<std::string>>& values);
  /// The table (one shard), leaving the builder empty.
  FacetTable finish();

 private:
  struct Column {
    std::unordered_map<std::string, std::uint32_t> ids;
    FacetColumn column;
  };
  std::vector<Column> columns_;  // in facet_fields() order
};

/// A one-database table as bytes, to be stored under kFacetTableKey.
std::string encode_facet_table(const FacetTable& table);
/// The table encode_facet_table() wrote. \throws IndexError when `data` is not such a table.
FacetTable decode_facet_table(std::string_view data);
/// The identity stored under kFacetTableIdKey for `encoded`.
std::string facet_table_id(std::string_view encoded);
/// One table over several databases, in the order given: value ids become shared by all.
/// Every table must have the same columns.
FacetTable merge_facet_tables(std::vector<FacetTable> tables);

}  // namespace r2p
