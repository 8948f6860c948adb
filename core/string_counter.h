// StringCounter: how many times each string was seen, for counts that take millions of lookups
// (facet values over a broad match set, the words of a whole corpus for the spelling data).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace r2p {

/// Counts strings in an open-addressing table of slots that point into one array of entries, each
/// holding its string (short ones inline) and hash: a lookup reads one small slot and, nearly
/// always, the one entry it finds, where std::unordered_map walks a bucket to a node of its own.
/// A facet has few distinct values, so nearly every lookup finds one; a corpus's words repeat
/// (Zipf), so most do.
class StringCounter {
 public:
  void add(std::string_view value, std::size_t n = 1) {
    if (4 * (entries_.size() + 1) > 3 * slots_.size()) grow();
    const std::size_t hash = std::hash<std::string_view>()(value);
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) {
        entries_.push_back({hash, std::string(value), n});
        slots_[i] = static_cast<std::uint32_t>(entries_.size());
        return;
      }
      Entry& entry = entries_[slot - 1];
      if (entry.hash == hash && entry.value == value) {
        entry.count += n;
        return;
      }
    }
  }

  /// Distinct strings counted.
  std::size_t size() const { return entries_.size(); }

  /// Calls `f(value, count)` for each distinct string, in the order first seen.
  template <typename F>
  void for_each(F f) const {
    for (const auto& entry : entries_) f(entry.value, entry.count);
  }

  /// Moves the counts out, leaving the counter empty.
  std::unordered_map<std::string, std::size_t> take() {
    std::unordered_map<std::string, std::size_t> counts;
    counts.reserve(entries_.size());
    for (auto& entry : entries_) counts.emplace(std::move(entry.value), entry.count);
    *this = StringCounter();
    return counts;
  }

 private:
  struct Entry {
    std::size_t hash;
    std::string value;
    std::size_t count;
  };

  void grow() {
    slots_.assign(slots_.empty() ? 64 : 2 * slots_.size(), 0);
    mask_ = slots_.size() - 1;
    for (std::size_t e = 0; e < entries_.size(); ++e) {
      std::size_t i = entries_[e].hash & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = static_cast<std::uint32_t>(e + 1);
    }
  }

  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;  // entry index + 1, or 0 when free; a power of two in size
  std::size_t mask_ = 0;
};

}  // namespace r2p
