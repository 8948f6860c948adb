// libFuzzer target for the facet tables shards store (core/facet_table.h), which a search reads
// back from each shard, remote ones included: any bytes must decode to a table whose every
// offset and value id is in range, or be refused with an IndexError; a decoded table must encode
// and decode to itself, and merge with a copy of itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/facet_table.h"
#include "fuzz/fuzz_check.h"

namespace {

void check_table(const r2p::FacetTable& table) {
  for (const auto& column : table.columns)
    for (const auto& ids : column.shards) {
      R2P_FUZZ_CHECK(!ids.offsets.empty(), "a column without offsets");
      R2P_FUZZ_CHECK(ids.offsets.back() == ids.ids.size(), "offsets that miss the ids' end");
      for (std::size_t d = 1; d < ids.offsets.size(); ++d)
        R2P_FUZZ_CHECK(ids.offsets[d - 1] <= ids.offsets[d], "offsets that go back");
      for (std::uint32_t id : ids.ids)
        R2P_FUZZ_CHECK(id < column.values.size(), "a value id out of range");
    }
}

bool same(const r2p::FacetTable& a, const r2p::FacetTable& b) {
  if (a.columns.size() != b.columns.size()) return false;
  for (std::size_t c = 0; c < a.columns.size(); ++c) {
    const auto &x = a.columns[c], &y = b.columns[c];
    if (x.field != y.field || x.values != y.values || x.shards.size() != y.shards.size())
      return false;
    for (std::size_t s = 0; s < x.shards.size(); ++s)
      if (x.shards[s].offsets != y.shards[s].offsets || x.shards[s].ids != y.shards[s].ids)
        return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  r2p::fuzz::expect_no_exception("decode_facet_table", [&] {
    r2p::FacetTable table;
    try {
      table = r2p::decode_facet_table(bytes);
    } catch (const r2p::IndexError&) {
      return;  // refused: what a search then does without the table
    }
    check_table(table);
    const r2p::FacetTable again = r2p::decode_facet_table(r2p::encode_facet_table(table));
    R2P_FUZZ_CHECK(same(table, again), "a table that does not read back as written");
    const r2p::FacetTable merged = r2p::merge_facet_tables({table, again});
    check_table(merged);
    R2P_FUZZ_CHECK(merged.columns.size() == table.columns.size(), "merging lost columns");
  });
  return 0;
}
