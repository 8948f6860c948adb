// Splitting work over threads: contiguous chunks, so results keep their input order.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <future>
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

/// Calls `consume(i, prepare(i))` for each i in [0, n), in order, with consume on the calling
/// thread and prepare on another, `chunk` items ahead: work only the calling thread may do (write
/// a Xapian database) overlaps with work any thread can (build the documents it writes).
/// `make_state()` gives each preparing thread what it alone uses, passed to prepare(state, i).
template <typename MakeState, typename Prepare, typename Consume>
void pipeline(std::size_t n, std::size_t chunk, MakeState make_state, Prepare prepare,
              Consume consume) {
  using Prepared = decltype(prepare(std::declval<decltype(make_state())&>(), std::size_t{}));
  chunk = std::max<std::size_t>(1, chunk);
  auto prepare_chunk = [&](std::size_t begin) {
    auto state = make_state();
    std::vector<Prepared> out;
    for (std::size_t i = begin; i < std::min(n, begin + chunk); ++i)
      out.push_back(prepare(state, i));
    return out;
  };
  std::future<std::vector<Prepared>> next;
  if (n > 0) next = std::async(std::launch::async, prepare_chunk, 0);
  for (std::size_t begin = 0; begin < n; begin += chunk) {
    std::vector<Prepared> current = next.get();
    if (begin + chunk < n) next = std::async(std::launch::async, prepare_chunk, begin + chunk);
    for (std::size_t k = 0; k < current.size(); ++k) consume(begin + k, current[k]);
  }
}

}  // namespace r2p
