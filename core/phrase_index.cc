// Finding names in running text (see phrase_index.h).
#include "core/phrase_index.h"

#include <algorithm>

namespace r2p {
namespace {

// Bits in a PhraseIndex's first-word filter (8 KB).
constexpr std::size_t kFilterBits = 1 << 16;

}  // namespace

PhraseIndex::PhraseIndex(const std::map<std::string, std::string>& by_key) {
  // Keys are name_key()s: words joined by single spaces.
  for (const auto& [key, id] : by_key) {
    std::vector<std::string> words;
    for (std::size_t start = 0;;) {
      const std::size_t space = key.find(' ', start);
      words.push_back(key.substr(start, space - start));
      if (space == std::string::npos) break;
      start = space + 1;
    }
    by_first_word_[words.front()].push_back({{words.begin() + 1, words.end()}, id});
  }
  first_word_filter_.assign(kFilterBits / 64, 0);
  for (const auto& [word, phrases] : by_first_word_) {
    const std::size_t bit = filter_bit(word);
    first_word_filter_[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  // At most one key of each length can match at a word, so the first match, longest first, is
  // the longest match.
  for (auto& [word, phrases] : by_first_word_)
    std::stable_sort(phrases.begin(), phrases.end(), [](const Phrase& a, const Phrase& b) {
      return a.rest.size() > b.rest.size();
    });
}

std::size_t PhraseIndex::filter_bit(const std::string& word) {
  // Length, first two and last bytes, mixed: cheap, and enough to tell most words apart.
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(word[i]); };
  std::uint32_t h = static_cast<std::uint32_t>(word.size());
  if (!word.empty()) h = (h * 31 + byte(0)) * 31 + byte(word.size() - 1);
  if (word.size() > 1) h = h * 31 + byte(1);
  return ((h * 2654435761u) >> 16) % kFilterBits;
}

bool PhraseIndex::may_start_a_name(const std::string& word) const {
  const std::size_t bit = filter_bit(word);
  return !first_word_filter_.empty() && (first_word_filter_[bit / 64] >> (bit % 64) & 1) != 0;
}

std::vector<Mention> PhraseIndex::find(const std::vector<std::string>& words) const {
  std::vector<Mention> mentions;
  for (std::size_t i = 0; i < words.size();) {
    std::size_t matched = 0;
    const auto candidates =
        may_start_a_name(words[i]) ? by_first_word_.find(words[i]) : by_first_word_.end();
    if (candidates != by_first_word_.end()) {
      const std::size_t following = words.size() - i - 1;
      for (const Phrase& phrase : candidates->second) {
        if (phrase.rest.size() > following ||
            !std::equal(phrase.rest.begin(), phrase.rest.end(), words.begin() + i + 1))
          continue;
        matched = phrase.rest.size() + 1;
        mentions.push_back({phrase.id, i, matched});
        break;
      }
    }
    i += matched ? matched : 1;
  }
  return mentions;
}

}  // namespace r2p
