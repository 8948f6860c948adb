// Golden files: rendered output compared with tests/golden/<name>, byte for byte.
#include "tests/support/golden.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace r2p::test {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(R2P_TEST_GOLDEN) + "/" + name;
  if (const char* update = std::getenv("R2P_UPDATE_GOLDEN"); update && *update) {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path);
    return;
  }
  INFO("golden file " << path);
  const std::string expected = read_file(path);
  REQUIRE_FALSE(expected.empty());
  CHECK(actual == expected);
}

}  // namespace r2p::test
