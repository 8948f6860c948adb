#include "search/facet_table.h"

#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace r2p {
namespace {

std::mutex& tables_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::map<std::string, std::weak_ptr<const FacetTable>>& tables() {
  static std::map<std::string, std::weak_ptr<const FacetTable>> by_version;
  return by_version;
}

}  // namespace

std::shared_ptr<const FacetTable> shared_facet_table(const std::string& version) {
  std::lock_guard<std::mutex> lock(tables_mutex());
  auto it = tables().find(version);
  return it == tables().end() ? nullptr : it->second.lock();
}

std::shared_ptr<const FacetTable> shared_facet_table(const std::string& version,
                                                     const std::function<FacetTable()>& read) {
  std::lock_guard<std::mutex> lock(tables_mutex());
  for (auto it = tables().begin(); it != tables().end();)  // forget versions no one holds
    it = it->second.expired() ? tables().erase(it) : std::next(it);
  if (auto table = tables()[version].lock()) return table;
  auto table = std::make_shared<const FacetTable>(read());
  tables()[version] = table;
  return table;
}

FacetTable read_facet_table(const std::vector<Xapian::Database>& dbs,
                            const std::vector<std::pair<Field, Xapian::valueno>>& widths) {
  FacetTable table;
  for (const auto& [field, width] : widths) {
    FacetColumn column;
    column.field = field;
    std::unordered_map<std::string, std::uint32_t> ids;
    const Xapian::valueno base = field_spec(field).facet_slot;
    for (const Xapian::Database& db : dbs) {
      // Each slot is read in docid order as one stream; the (docid, value id) pairs are then laid
      // out document after document by a counting sort.
      const Xapian::docid last = db.get_lastdocid();
      std::vector<std::pair<Xapian::docid, std::uint32_t>> entries;
      std::vector<std::uint32_t> per_document(static_cast<std::size_t>(last) + 2, 0);
      for (Xapian::valueno k = 0; k < width; ++k) {
        for (auto it = db.valuestream_begin(base + k); it != db.valuestream_end(base + k); ++it) {
          bool is_last = false;
          const std::string stored = *it;
          const std::string_view value = facet_value(stored, is_last);
          auto [found, added] =
              ids.emplace(std::string(value), static_cast<std::uint32_t>(column.values.size()));
          if (added) column.values.emplace_back(value);
          const Xapian::docid docid = it.get_docid();
          if (docid > last) continue;
          entries.emplace_back(docid, found->second);
          ++per_document[docid];
        }
      }
      FacetIds shard;
      shard.offsets.assign(per_document.size(), 0);
      for (std::size_t d = 1; d < per_document.size(); ++d)
        shard.offsets[d] = shard.offsets[d - 1] + per_document[d - 1];
      shard.ids.resize(entries.size());
      std::vector<std::uint32_t> next(shard.offsets.begin(), shard.offsets.end());
      for (const auto& [docid, id] : entries) shard.ids[next[docid]++] = id;
      column.shards.push_back(std::move(shard));
    }
    table.columns.push_back(std::move(column));
  }
  return table;
}

}  // namespace r2p
