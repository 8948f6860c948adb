// Stored records: a dictionary trained on a corpus's records, records compressed against it and
// read back exactly, plain JSON always readable, and damaged or foreign data refused cleanly.
#include <catch2/catch.hpp>

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/record_codec.h"
#include "core/record_json.h"

namespace {

/// Deterministic records of a few hundred words from a small vocabulary, as a corpus has them:
/// shared keys, names and phrases, different sentences.
std::vector<r2p::Record> records(std::size_t count, std::uint32_t seed) {
  static const std::vector<std::string> words = {
      "the",        "network",    "focal",    "points",     "protect",  "responsibility",
      "atrocity",   "prevention", "national", "mechanisms", "meeting",  "annual",
      "regional",   "states",     "civil",    "society",    "of",       "and",
      "genocide",   "crimes",     "against",  "humanity",   "ethnic",   "cleansing",
      "war",        "early",      "warning",  "capacity",   "building", "dialogue",
      "government", "officials",  "adviser",  "special",    "office",   "united",
      "nations",    "secretary",  "general",  "report",     "workshop", "recommendations"};
  std::uint32_t state = seed;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  std::vector<r2p::Record> out;
  for (std::size_t i = 0; i < count; ++i) {
    r2p::Record r;
    r.id = "meeting-" + std::to_string(seed) + "-" + std::to_string(i);
    r.type = r2p::RecordType::meeting;
    r.title = "Meeting of the Global Network of R2P Focal Points " + std::to_string(i);
    r.date = {2010 + static_cast<int>(next() % 14), 1 + static_cast<int>(next() % 12), 0};
    r.countries = {"GH", "DK"};
    r.source_document = "source/page.txt";
    r.source = {static_cast<int>(next() % 40)};
    for (int p = 0; p < 4; ++p) {
      std::string paragraph;
      for (int w = 0; w < 60; ++w)
        paragraph += (paragraph.empty() ? "" : " ") + words[next() % words.size()];
      r.text.push_back(paragraph + ".");
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> as_json(const std::vector<r2p::Record>& list) {
  std::vector<std::string> out;
  for (const auto& r : list) out.push_back(r2p::record_to_json(r).dump());
  return out;
}

/// What Xapian does to a record on its own: zlib, record by record.
std::size_t zlib_size(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size,
            reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
            Z_DEFAULT_COMPRESSION);
  return size;
}

const std::string& trained() {
  static const std::string dictionary = r2p::RecordCodec::train(as_json(records(600, 1)));
  return dictionary;
}

}  // namespace

TEST_CASE("a small corpus makes no dictionary; its records stay plain JSON") {
  const auto samples = as_json(records(100, 1));
  std::size_t bytes = 0;
  for (const auto& s : samples) bytes += s.size();
  REQUIRE(bytes < r2p::RecordCodec::kMinSampleBytes);
  CHECK(r2p::RecordCodec::train(samples).empty());
  const r2p::RecordCodec plain;
  CHECK(plain.encode(samples[0]) == samples[0]);
  CHECK(plain.decode(samples[0]) == samples[0]);
}

TEST_CASE("records compressed against a trained dictionary read back exactly, smaller") {
  REQUIRE_FALSE(trained().empty());
  CHECK(trained().size() <= r2p::RecordCodec::kMaxDictionaryBytes);
  const r2p::RecordCodec codec(trained());
  std::size_t stored = 0, alone = 0;
  for (const auto& record : records(50, 2)) {  // not among the samples
    const std::string json = r2p::record_to_json(record).dump();
    const std::string data = codec.encode(json);
    CHECK(data[0] != '{');
    CHECK(codec.decode(data) == json);
    CHECK(r2p::record_to_json(codec.decode_record(data)) == r2p::record_to_json(record));
    stored += data.size();  // a value slot keeps it as it is
    alone += zlib_size(json);
  }
  // The dictionary holds what records share, which compressing each alone (as Xapian compresses
  // document data) cannot use.
  CHECK(stored < alone * 8 / 10);
}

TEST_CASE("compressed records code their literals too: nothing is left for zlib") {
  // Text with words the dictionary does not know, as a large corpus has (names, rare words):
  // what zstd finds no match for it must code itself, since Xapian stores a value slot (where
  // records live) as it is.
  const r2p::RecordCodec codec(trained());
  std::uint32_t state = 7;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  std::size_t written = 0, zlibbed = 0, json_bytes = 0;
  for (auto record : records(50, 5)) {
    for (auto& paragraph : record.text) {
      paragraph.clear();
      for (int w = 0; w < 60; ++w) {
        if (!paragraph.empty()) paragraph += ' ';
        for (std::uint32_t c = 0, n = 3 + next() % 8; c < n; ++c)
          paragraph += static_cast<char>('a' + next() % 26);
      }
    }
    const std::string json = r2p::record_to_json(record).dump();
    const std::string data = codec.encode(json);
    REQUIRE(codec.decode(data) == json);
    json_bytes += json.size();
    written += data.size();
    zlibbed += std::min(data.size(), zlib_size(data));
  }
  // Random letters carry about 4.7 bits each: coded, the text shrinks by more than a third.
  CHECK(written < json_bytes * 7 / 10);
  CHECK(zlibbed * 100 > written * 97);
}

TEST_CASE("the same dictionary gives the same bytes: unchanged records stay unchanged") {
  const r2p::RecordCodec a(trained()), b(trained());
  const std::string json = r2p::record_to_json(records(1, 3)[0]).dump();
  CHECK(a.encode(json) == b.encode(json));
  CHECK(r2p::RecordCodec::train(as_json(records(600, 1))) == trained());
}

TEST_CASE("plain JSON reads back through a codec with a dictionary") {
  const r2p::RecordCodec codec(trained());
  const std::string json = r2p::record_to_json(records(1, 4)[0]).dump();
  CHECK(codec.decode(json) == json);
}

TEST_CASE("a record of another dictionary, or damaged, is an IndexError, never garbage") {
  const r2p::RecordCodec codec(trained());
  const r2p::RecordCodec other(r2p::RecordCodec::train(as_json(records(600, 9))));
  REQUIRE_FALSE(other.dictionary().empty());
  const std::string json = r2p::record_to_json(records(1, 5)[0]).dump();
  const std::string data = codec.encode(json);

  CHECK_THROWS_AS(other.decode(data), r2p::IndexError);
  CHECK_THROWS_AS(r2p::RecordCodec().decode(data), r2p::IndexError);
  CHECK_THROWS_WITH(r2p::RecordCodec().decode(data), Catch::Contains("r2p-index --rebuild"));
  // Every cut, and a flipped bit anywhere: refused (the frame has a checksum).
  for (std::size_t cut = 1; cut < data.size(); ++cut)
    CHECK_THROWS_AS(codec.decode(data.substr(0, cut)), r2p::IndexError);
  for (std::size_t at = 0; at < data.size(); ++at) {
    std::string damaged = data;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    std::string got;
    try {
      got = codec.decode(damaged);
    } catch (const r2p::IndexError&) {
      continue;
    }
    CHECK(got == json);  // a bit zstd does not read (e.g. in an unused header field)
  }
  CHECK_THROWS_AS(codec.decode_record("not a record"), r2p::IndexError);
  CHECK_THROWS_AS(codec.decode_record("{\"id\": 7}"), r2p::IndexError);
}

TEST_CASE("a dictionary that is not one is refused") {
  CHECK_THROWS_AS(r2p::RecordCodec("not a zstd dictionary"), r2p::IndexError);
}

TEST_CASE("threads encode and decode with one codec at once") {
  const r2p::RecordCodec codec(trained());
  const auto json = as_json(records(200, 6));
  std::vector<std::string> expected;
  for (const auto& j : json) expected.push_back(codec.encode(j));
  std::vector<int> mismatches(2, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round)
        for (std::size_t i = 0; i < json.size(); ++i) {
          const std::string data = codec.encode(json[i]);
          if (data != expected[i] || codec.decode(data) != json[i]) ++mismatches[t];
        }
    });
  for (auto& t : threads) t.join();
  CHECK(mismatches == std::vector<int>{0, 0});
}
