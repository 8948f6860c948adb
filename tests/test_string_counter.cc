// StringCounter tests: counts against a plain map over many distinct strings (the table grows
// and probes past collisions), counts added in bulk, and the counter emptied by take().
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "core/string_counter.h"

TEST_CASE("StringCounter counts as a map does, through growth and collisions", "[counter]") {
  r2p::StringCounter counter;
  std::map<std::string, std::size_t> expected;
  // 20,000 distinct strings, short (inline) and long, each seen a different number of times.
  for (int round = 0; round < 3; ++round)
    for (int i = 0; i < 20000; ++i)
      if (i % (round + 1) == 0) {
        const std::string value =
            (i % 7 == 0 ? "a long string that does not fit inline, number " : "w") +
            std::to_string(i);
        counter.add(value);
        ++expected[value];
      }
  counter.add("", 5);
  expected[""] += 5;
  CHECK(counter.size() == expected.size());
  std::map<std::string, std::size_t> seen;
  counter.for_each([&](const std::string& value, std::size_t n) { seen[value] += n; });
  CHECK(seen == expected);
}

TEST_CASE("StringCounter adds counts in bulk and take() empties it", "[counter]") {
  r2p::StringCounter counter;
  counter.add("peace", 3);
  counter.add("peace");
  counter.add("accra", 2);
  const auto counts = counter.take();
  CHECK(counts.size() == 2);
  CHECK(counts.at("peace") == 4);
  CHECK(counts.at("accra") == 2);
  CHECK(counter.size() == 0);
  counter.add("peace");
  CHECK(counter.take().at("peace") == 1);
}
