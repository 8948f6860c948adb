// Splitting work over threads: contiguous chunks, so results keep their input order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace r2p {

/// The number of worker threads to use when the user asks for `requested` (0 = one per core).
inline unsigned worker_count(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

/// Calls `work(chunk, begin, end)` for `chunks` contiguous slices of [0, n), each on its own
/// thread (the calling thread takes the first). The first exception thrown is rethrown here after
/// every thread has finished.
template <typename Work>
void for_each_chunk(std::size_t n, unsigned chunks, Work work) {
  chunks = std::max(1u, chunks);
  std::vector<std::exception_ptr> errors(chunks);
  auto run = [&](unsigned chunk) {
    const std::size_t begin = n * chunk / chunks, end = n * (chunk + 1) / chunks;
    try {
      work(chunk, begin, end);
    } catch (...) {
      errors[chunk] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned chunk = 1; chunk < chunks; ++chunk) threads.emplace_back(run, chunk);
  run(0);
  for (auto& t : threads) t.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace r2p
