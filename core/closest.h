// Suggestions for a value that names nothing known: the known names nearest to it by edit
// distance, for the "closest known: …" and "did you mean …?" of error messages.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace r2p {

/// A name that may be suggested, and the keys (its spellings, folded) it is compared by.
struct Suggestion {
  std::string name;
  std::vector<std::string> keys;
};

/// How many names to suggest, how near they must be, and which of two as near comes first.
struct ClosestRules {
  std::size_t n = 3;
  /// Only names at an edit distance below this are suggested.
  std::size_t below = std::numeric_limits<std::size_t>::max();
  /// Names as near go alphabetically; otherwise they keep the order of the candidates.
  bool ties_by_name = true;
};

/// Up to `rules.n` distinct names of `candidates` nearest to `key` (folded as their keys are):
/// by the edit distance (core/text.h) to a candidate's nearest key.
std::vector<std::string> closest(std::string_view key, const std::vector<Suggestion>& candidates,
                                 const ClosestRules& rules = {});

}  // namespace r2p
