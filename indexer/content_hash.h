// The content hash of a corpus file, kept in the index to tell whether the file changed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace r2p {

/// A 64-bit hash of a byte stream fed in pieces whose sizes (all but the last) are multiples of 8.
class ContentHash {
 public:
  void add(const char* data, std::size_t size) {
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, data + i, 8);
      mix(word);
    }
    for (; i < size; ++i) mix(static_cast<unsigned char>(data[i]) | 0x100u);
    length_ += size;
  }
  std::uint64_t value() const {
    std::uint64_t h = h_ ^ length_;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }

 private:
  void mix(std::uint64_t word) {
    h_ ^= word;
    h_ *= 0x9E3779B97F4A7C15ULL;
    h_ ^= h_ >> 29;
  }
  std::uint64_t h_ = 0x243F6A8885A308D3ULL;
  std::uint64_t length_ = 0;
};

}  // namespace r2p
