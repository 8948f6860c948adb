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

FacetTable read_facet_table(const Xapian::Database& db,
                            const std::vector<std::pair<Field, Xapian::valueno>>& widths) {
  FacetTable table;
  const Xapian::docid last = db.get_lastdocid();
  for (const auto& [field, width] : widths) {
    FacetColumn column;
    column.field = field;
    // Each slot is read in docid order as one stream; the (docid, value id) pairs are then laid
    // out document after document by a counting sort.
    std::unordered_map<std::string, std::uint32_t> ids;
    std::vector<std::pair<Xapian::docid, std::uint32_t>> entries;
    std::vector<std::uint32_t> per_document(static_cast<std::size_t>(last) + 2, 0);
    const Xapian::valueno base = field_spec(field).facet_slot;
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
    column.offsets.assign(per_document.size(), 0);
    for (std::size_t d = 1; d < per_document.size(); ++d)
      column.offsets[d] = column.offsets[d - 1] + per_document[d - 1];
    column.ids.resize(entries.size());
    std::vector<std::uint32_t> next(column.offsets.begin(), column.offsets.end());
    for (const auto& [docid, id] : entries) column.ids[next[docid]++] = id;
    table.columns.push_back(std::move(column));
  }
  return table;
}

}  // namespace r2p
