// Finding names in running text: the names of a key -> id table, matched word by word against
// text split by fold_words(), longest name first.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace r2p {

/// A name found in running text.
struct Mention {
  std::string id;         ///< alpha-2 for countries, organisation id for organisations
  std::size_t word = 0;   ///< index of the first word in fold_words(text)
  std::size_t words = 0;  ///< how many words it spans
};

/// The names of a key -> id table by their first word, for finding them in running text.
class PhraseIndex {
 public:
  /// `by_key`'s keys are name_key()s: words joined by single spaces.
  explicit PhraseIndex(const std::map<std::string, std::string>& by_key = {});
  /// Greedy longest match at each word: the phrases of `words` that are keys, in order.
  std::vector<Mention> find(const std::vector<std::string>& words) const;

 private:
  struct Phrase {
    std::vector<std::string> rest;  ///< the words after the first
    std::string id;
  };
  /// A bit per cheap hash of the first words: most words of running text start no name, and
  /// the bit tells so without hashing the whole word.
  static std::size_t filter_bit(const std::string& word);
  bool may_start_a_name(const std::string& word) const;

  std::unordered_map<std::string, std::vector<Phrase>> by_first_word_;  // longest first
  std::vector<std::uint64_t> first_word_filter_;
};

}  // namespace r2p
