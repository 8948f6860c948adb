// The one ranking of suggestions: nearest first, then by the caller's rule for ties.
#include "core/closest.h"

#include <algorithm>

#include "core/text.h"

namespace r2p {

std::vector<std::string> closest(std::string_view key, const std::vector<Suggestion>& candidates,
                                 const ClosestRules& rules) {
  struct Scored {
    std::size_t distance;
    std::size_t index;
  };
  std::vector<Scored> scored;
  scored.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    std::size_t nearest = std::numeric_limits<std::size_t>::max();
    for (const std::string& candidate_key : candidates[i].keys)
      nearest = std::min(nearest, edit_distance(key, candidate_key));
    if (nearest < rules.below) scored.push_back({nearest, i});
  }
  std::sort(scored.begin(), scored.end(), [&](const Scored& a, const Scored& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    const std::string& a_name = candidates[a.index].name;
    const std::string& b_name = candidates[b.index].name;
    if (rules.ties_by_name && a_name != b_name) return a_name < b_name;
    return a.index < b.index;
  });
  std::vector<std::string> names;
  for (const Scored& s : scored) {
    if (names.size() == rules.n) break;
    const std::string& name = candidates[s.index].name;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

}  // namespace r2p
