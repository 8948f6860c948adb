// Facet tables as shards store them: built document by document, written and read back exactly,
// merged over shards with shared value ids, and damaged or foreign bytes refused cleanly.
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/facet_table.h"

namespace {

using r2p::FacetTable;
using r2p::Field;
using Values = std::map<Field, std::vector<std::string>>;

/// Each document's values of `field` in `table` (shard `shard`), as strings, by document id.
std::vector<std::vector<std::string>> values_of(const FacetTable& table, Field field,
                                                std::size_t shard = 0) {
  const r2p::FacetColumn* column = table.column(field);
  REQUIRE(column != nullptr);
  const r2p::FacetIds& ids = column->shards.at(shard);
  std::vector<std::vector<std::string>> out;
  for (Xapian::docid docid = 0; docid <= ids.last_docid(); ++docid) {
    out.emplace_back();
    for (const std::uint32_t* id = ids.begin(docid); id != ids.end(docid); ++id)
      out.back().push_back(column->values.at(*id));
  }
  return out;
}

/// A small shard: documents 1, 2 and 4 (3 was never added), with one or several values.
FacetTable small_table() {
  r2p::FacetTableBuilder builder;
  builder.add(1, Values{{Field::type, {"meeting"}},
                        {Field::year, {"2013"}},
                        {Field::country, {"GH", "DK"}},
                        {Field::meeting, {"accra-2013"}}});
  builder.add(2, Values{{Field::type, {"country"}}, {Field::country, {"DK"}}});
  builder.add(4, Values{{Field::type, {"recommendation"}},
                        {Field::year, {"2013", "2014"}},
                        {Field::region, {"002"}}});
  return builder.finish();
}

}  // namespace

TEST_CASE("a facet table holds each document's values in order, none for ids never added",
          "[facet_table]") {
  const FacetTable table = small_table();
  REQUIRE(table.columns.size() == r2p::facet_fields().size());
  CHECK(table.shards() == 1);
  using List = std::vector<std::vector<std::string>>;
  CHECK(values_of(table, Field::country) == List{{}, {"GH", "DK"}, {"DK"}, {}, {}});
  CHECK(values_of(table, Field::year) == List{{}, {"2013"}, {}, {}, {"2013", "2014"}});
  CHECK(values_of(table, Field::type) ==
        List{{}, {"meeting"}, {"country"}, {}, {"recommendation"}});
  CHECK(table.column(Field::country)->values == std::vector<std::string>{"GH", "DK"});
  // Ids past the last document have nothing.
  const r2p::FacetIds& ids = table.column(Field::type)->shards[0];
  CHECK(ids.last_docid() == 4);
  CHECK(ids.begin(5) == nullptr);
  CHECK(ids.end(5) == nullptr);
}

TEST_CASE("a facet table is read back exactly as it was written", "[facet_table]") {
  const FacetTable table = small_table();
  const std::string encoded = r2p::encode_facet_table(table);
  const FacetTable decoded = r2p::decode_facet_table(encoded);
  REQUIRE(decoded.columns.size() == table.columns.size());
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    CHECK(decoded.columns[c].field == table.columns[c].field);
    CHECK(decoded.columns[c].values == table.columns[c].values);
    CHECK(decoded.columns[c].shards.at(0).offsets == table.columns[c].shards.at(0).offsets);
    CHECK(decoded.columns[c].shards.at(0).ids == table.columns[c].shards.at(0).ids);
  }
  // An empty shard too.
  const FacetTable empty =
      r2p::decode_facet_table(r2p::encode_facet_table(r2p::FacetTableBuilder().finish()));
  CHECK(empty.column(Field::year)->shards.at(0).last_docid() == 0);
  // The identity follows the bytes.
  CHECK(r2p::facet_table_id(encoded) == r2p::facet_table_id(encoded));
  CHECK(r2p::facet_table_id(encoded) !=
        r2p::facet_table_id(r2p::encode_facet_table(r2p::FacetTableBuilder().finish())));
}

TEST_CASE("merged facet tables share value ids and keep each shard's documents", "[facet_table]") {
  r2p::FacetTableBuilder other;
  other.add(1, Values{{Field::country, {"DK", "FR"}}, {Field::type, {"meeting"}}});
  const FacetTable merged = r2p::merge_facet_tables({small_table(), other.finish()});
  CHECK(merged.shards() == 2);
  const r2p::FacetColumn* countries = merged.column(Field::country);
  CHECK(countries->values == std::vector<std::string>{"GH", "DK", "FR"});
  using List = std::vector<std::vector<std::string>>;
  CHECK(values_of(merged, Field::country, 0) == List{{}, {"GH", "DK"}, {"DK"}, {}, {}});
  CHECK(values_of(merged, Field::country, 1) == List{{}, {"DK", "FR"}});
  CHECK(values_of(merged, Field::type, 1) == List{{}, {"meeting"}});
}

TEST_CASE("damaged or foreign facet tables are refused with an IndexError, never read past",
          "[facet_table]") {
  const std::string encoded = r2p::encode_facet_table(small_table());
  CHECK_THROWS_AS(r2p::decode_facet_table(""), r2p::IndexError);
  CHECK_THROWS_AS(r2p::decode_facet_table("{\"json\": true}"), r2p::IndexError);
  CHECK_THROWS_WITH(r2p::decode_facet_table(encoded + "x"),
                    Catch::Contains("damaged") && Catch::Contains("r2p-index"));
  // Every cut of a valid table is refused (a table that ends early).
  for (std::size_t size = 0; size < encoded.size(); ++size) {
    INFO("cut at " << size);
    CHECK_THROWS_AS(r2p::decode_facet_table(encoded.substr(0, size)), r2p::IndexError);
  }
  // Any byte changed: read as some table, or refused; ids always within their column's values.
  std::uint32_t state = 7;
  for (int round = 0; round < 2000; ++round) {
    std::string changed = encoded;
    state = state * 1664525u + 1013904223u;
    const std::size_t at = 18 + (state >> 8) % (encoded.size() - 18);  // past the format line
    state = state * 1664525u + 1013904223u;
    changed[at] = static_cast<char>(state >> 24);
    try {
      const FacetTable table = r2p::decode_facet_table(changed);
      for (const auto& column : table.columns)
        for (const auto& ids : column.shards) {
          REQUIRE(ids.offsets.back() == ids.ids.size());
          for (std::uint32_t id : ids.ids) REQUIRE(id < column.values.size());
        }
    } catch (const r2p::IndexError&) {
    }
  }
}
