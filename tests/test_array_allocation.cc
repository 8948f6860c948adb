// r2p-index's array allocations under jemalloc (tools/array_allocation.cc): Xapian's block
// buffers never start a page, and every form of array new and delete pairs up.
#include <dlfcn.h>

#include <cstddef>
#include <cstdint>
#include <new>
#include <vector>

#include <catch2/catch.hpp>

namespace {

std::uintptr_t address(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

}  // namespace

TEST_CASE("array blocks the size of Xapian's block buffers never start a page") {
  // The replacement matters with jemalloc's size classes; without jemalloc this proves nothing.
  REQUIRE(dlsym(RTLD_DEFAULT, "mallctl") != nullptr);
  for (const std::size_t block_size : {2048u, 4096u, 8192u, 16384u, 65536u}) {
    std::vector<std::uint8_t*> buffers;
    for (int i = 0; i < 500; ++i) {
      auto* buffer = new std::uint8_t[block_size + 8];  // as Xapian's B-tree cursors allocate
      INFO("block size " << block_size << ", buffer " << i);
      CHECK(address(buffer) % 4096 != 0);
      CHECK(address(buffer) % alignof(std::max_align_t) == 0);
      buffer[0] = 1;
      buffer[block_size + 7] = 2;
      buffers.push_back(buffer);
    }
    for (auto* buffer : buffers) {
      CHECK(buffer[0] + buffer[block_size + 7] == 3);
      delete[] buffer;
    }
  }
}

TEST_CASE("every form of array new and delete frees what it allocated") {
  // A form left to jemalloc would free a shifted pointer, which its allocator rejects.
  for (int i = 0; i < 1000; ++i) {
    auto* plain = new std::uint8_t[8200];
    auto* nothrow = new (std::nothrow) std::uint8_t[8200];
    REQUIRE(nothrow != nullptr);
    ::operator delete[](plain, 8200);
    ::operator delete[](nothrow, std::nothrow);
    delete[] new std::uint64_t[i + 1];
  }
  volatile std::size_t too_large = static_cast<std::size_t>(-1) - 8;  // not known when compiling
  CHECK_THROWS_AS(::operator new[](too_large), std::bad_alloc);
}
