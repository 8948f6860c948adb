// r2p-index's array allocations (new[] and delete[]) when it allocates with jemalloc: each block
// starts 16 bytes past what malloc returns.
//
// Why: Xapian 1.4 reads every B-tree block with pread() into a buffer it allocates as
// new uint8_t[block size + 8] and fills from byte 8. jemalloc serves those 8,200 bytes from its
// 10 KiB size class, whose blocks start at page offsets 0 and 2048, so two reads in three landed
// 8 bytes past a page boundary: at the same offset within a 4 KiB page as the page-cache page the
// kernel copies from, where each store of the copy falsely aliases a later load ("4K aliasing")
// and the copy takes 2.4 times as long. An update reads about 300 blocks per changed document
// (Xapian compares every stored position list), and these copies were most of its time: one
// changed file of 1,000 records at 100,000 records took 1.25 s with jemalloc and 0.80 s with
// glibc's malloc (bench/README.md, "Updates and the allocator"). jemalloc starts every block of
// 4 KiB or more at a multiple of 64 bytes within its page, so shifted by 16 bytes none of them
// starts a page; alignment for every type (alignof(std::max_align_t)) is kept.
//
// Every form of array new and delete that does not take an alignment is replaced here, together,
// so that each allocation is freed by the form that knows the shift (jemalloc defines them all,
// and a sized delete[] of its own would be handed a shifted pointer). The aligned forms stay
// jemalloc's, paired with each other.
#include <cstddef>
#include <cstdlib>
#include <new>

namespace {

constexpr std::size_t kShift = 16;
static_assert(kShift % alignof(std::max_align_t) == 0, "the shift must keep malloc's alignment");

void* shifted_allocation(std::size_t size) noexcept {
  if (size > static_cast<std::size_t>(-1) - kShift) return nullptr;
  void* block = std::malloc(size + kShift);
  return block ? static_cast<char*>(block) + kShift : nullptr;
}

void free_shifted(void* p) noexcept {
  if (p) std::free(static_cast<char*>(p) - kShift);
}

}  // namespace

// r2p-index installs no new-handler, so a failed allocation throws at once rather than calling one.
void* operator new[](std::size_t size) {
  if (void* p = shifted_allocation(size)) return p;
  throw std::bad_alloc();
}

void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return shifted_allocation(size);
}

void operator delete[](void* p) noexcept {
  free_shifted(p);
}

void operator delete[](void* p, std::size_t) noexcept {
  free_shifted(p);
}

void operator delete[](void* p, const std::nothrow_t&) noexcept {
  free_shifted(p);
}
