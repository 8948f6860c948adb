#include "core/facet_table.h"

#include <cstdint>
#include <functional>
#include <utility>

#include "core/error.h"

namespace r2p {
namespace {

/// What an encoded table starts with: its format, for a reader to refuse any other.
constexpr std::string_view kMagic = "r2p-facet-table 1\n";

void put_number(std::string& out, std::uint64_t n) {
  while (n >= 0x80) {
    out += static_cast<char>((n & 0x7f) | 0x80);
    n >>= 7;
  }
  out += static_cast<char>(n);
}

/// Reads what put_number() wrote, in order, refusing anything out of bounds.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  std::uint64_t number() {
    std::uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) damaged("it ends early");
      const auto byte = static_cast<unsigned char>(data_[pos_++]);
      n |= std::uint64_t{byte & 0x7fu} << shift;
      if (byte < 0x80) return n;
    }
    damaged("a number is too long");
  }
  /// A number that must be below `bound` (and fit in 32 bits).
  std::uint32_t below(std::uint64_t bound, const char* what) {
    const std::uint64_t n = number();
    if (n >= bound || n > UINT32_MAX) damaged(what);
    return static_cast<std::uint32_t>(n);
  }
  std::string_view bytes(std::size_t size) {
    if (size > data_.size() - pos_) damaged("it ends early");
    const std::string_view out = data_.substr(pos_, size);
    pos_ += size;
    return out;
  }
  bool done() const { return pos_ == data_.size(); }

  [[noreturn]] static void damaged(const std::string& why) {
    throw IndexError("a stored facet table is damaged (" + why +
                     "); rebuild the index with: r2p-index --rebuild");
  }

 private:
  std::string_view data_;
  std::size_t pos_ = 0;
};

}  // namespace

FacetTableBuilder::FacetTableBuilder() {
  for (Field field : facet_fields()) {
    columns_.emplace_back();
    columns_.back().column.field = field;
    columns_.back().column.shards.resize(1);
    columns_.back().column.shards[0].offsets = {0};  // document 0 never exists
  }
}

void FacetTableBuilder::add(Xapian::docid docid,
                            const std::map<Field, std::vector<std::string>>& values) {
  for (Column& c : columns_) {
    FacetIds& ids = c.column.shards[0];
    // Documents up to `docid` - 1 that were not added have no values.
    while (ids.offsets.size() < std::size_t{docid} + 1) ids.offsets.push_back(ids.offsets.back());
    if (auto it = values.find(c.column.field); it != values.end()) {
      for (const auto& value : it->second) {
        auto [found, added] =
            c.ids.emplace(value, static_cast<std::uint32_t>(c.column.values.size()));
        if (added) c.column.values.push_back(value);
        ids.ids.push_back(found->second);
      }
    }
    ids.offsets.push_back(static_cast<std::uint32_t>(ids.ids.size()));
  }
}

FacetTable FacetTableBuilder::finish() {
  FacetTable table;
  for (Column& c : columns_) table.columns.push_back(std::move(c.column));
  *this = FacetTableBuilder();
  return table;
}

std::string encode_facet_table(const FacetTable& table) {
  std::string out(kMagic);
  put_number(out, table.columns.size());
  for (const FacetColumn& column : table.columns) {
    put_number(out, static_cast<std::uint64_t>(column.field));
    put_number(out, column.values.size());
    for (const auto& value : column.values) {
      put_number(out, value.size());
      out += value;
    }
    const FacetIds& ids = column.shards.at(0);
    // Each document's number of values, then every value id: offsets follow from the numbers.
    put_number(out, ids.offsets.empty() ? 0 : ids.offsets.size() - 1);
    for (std::size_t d = 0; d + 1 < ids.offsets.size(); ++d)
      put_number(out, ids.offsets[d + 1] - ids.offsets[d]);
    for (std::uint32_t id : ids.ids) put_number(out, id);
  }
  return out;
}

FacetTable decode_facet_table(std::string_view data) {
  if (data.substr(0, kMagic.size()) != kMagic) Reader::damaged("it is of another format");
  Reader in(data.substr(kMagic.size()));
  FacetTable table;
  const std::size_t columns = in.below(facet_fields().size() + 1, "too many facets");
  for (std::size_t c = 0; c < columns; ++c) {
    FacetColumn column;
    const std::uint32_t field =
        in.below(static_cast<std::uint64_t>(Field::organisation) + 1, "a facet of no known field");
    column.field = static_cast<Field>(field);
    if (field_spec(column.field).facet_slot == Xapian::BAD_VALUENO)
      Reader::damaged("a field that has no facet");
    const std::size_t values = in.below(data.size() + 1, "too many values");
    for (std::size_t v = 0; v < values; ++v)
      column.values.emplace_back(in.bytes(in.below(data.size() + 1, "a value too long")));
    FacetIds ids;
    const std::size_t documents = in.below(data.size() + 1, "too many documents");
    ids.offsets.reserve(documents + 1);
    ids.offsets.push_back(0);
    std::uint64_t total = 0;  // each value id takes a byte at least
    for (std::size_t d = 0; d < documents; ++d) {
      total += in.below(data.size() + 1, "too many values");
      if (total > data.size() || total > UINT32_MAX)
        Reader::damaged("more value ids than it holds");
      ids.offsets.push_back(static_cast<std::uint32_t>(total));
    }
    ids.ids.reserve(ids.offsets.back());
    for (std::uint32_t i = 0; i < ids.offsets.back(); ++i)
      ids.ids.push_back(in.below(column.values.size(), "a value id out of range"));
    column.shards.push_back(std::move(ids));
    table.columns.push_back(std::move(column));
  }
  if (!in.done()) Reader::damaged("bytes after its end");
  return table;
}

std::string facet_table_id(std::string_view encoded) {
  static const char* digits = "0123456789abcdef";
  const std::uint64_t hash = std::hash<std::string_view>()(encoded);
  std::string out;
  for (int shift = 60; shift >= 0; shift -= 4) out += digits[(hash >> shift) & 0xf];
  return out + "-" + std::to_string(encoded.size());
}

FacetTable merge_facet_tables(std::vector<FacetTable> tables) {
  FacetTable merged;
  if (tables.empty()) return merged;
  merged.columns.resize(tables.front().columns.size());
  for (std::size_t c = 0; c < merged.columns.size(); ++c) {
    FacetColumn& column = merged.columns[c];
    column.field = tables.front().columns[c].field;
    std::unordered_map<std::string, std::uint32_t> global;
    for (FacetTable& table : tables) {
      if (table.columns.size() != merged.columns.size() || table.columns[c].field != column.field)
        Reader::damaged("shards with different facets");
      FacetColumn& part = table.columns[c];
      // The part's value ids, renumbered into the merged column's.
      std::vector<std::uint32_t> renumber;
      renumber.reserve(part.values.size());
      for (auto& value : part.values) {
        auto [found, added] =
            global.emplace(value, static_cast<std::uint32_t>(column.values.size()));
        if (added) column.values.push_back(std::move(value));
        renumber.push_back(found->second);
      }
      for (FacetIds& ids : part.shards) {
        for (std::uint32_t& id : ids.ids) id = renumber[id];
        column.shards.push_back(std::move(ids));
      }
    }
  }
  return merged;
}

}  // namespace r2p
