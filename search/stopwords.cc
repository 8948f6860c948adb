// The stopword lists, read once from the texts embedded at build time (stopword_lists.cc.in).
#include "search/stopwords.h"

#include <string>
#include <unordered_set>
#include <vector>

#include "core/text.h"

namespace r2p {

/// The list files' contents, in the order of search/CMakeLists.txt (generated source).
const std::vector<std::string_view>& stopword_list_texts();

namespace {

std::unordered_set<std::string> read_lists() {
  std::unordered_set<std::string> words;
  for (std::string_view text : stopword_list_texts()) {
    while (!text.empty()) {
      const std::size_t end = std::min(text.find('\n'), text.size());
      std::string_view line = text.substr(0, end);
      text.remove_prefix(std::min(end + 1, text.size()));
      line = line.substr(0, std::min(line.find('#'), line.size()));
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
      if (!line.empty()) words.insert(fold(line));
    }
  }
  return words;
}

const std::unordered_set<std::string>& stopwords() {
  static const std::unordered_set<std::string> words = read_lists();
  return words;
}

}  // namespace

bool is_stopword(std::string_view word) {
  return stopwords().count(fold(word)) > 0;
}

bool StopwordStopper::operator()(const std::string& word) const {
  if (!is_stopword(word)) return false;
  const std::string key = stemmed_term(word);
  return db_.synonyms_begin(key) == db_.synonyms_end(key);
}

}  // namespace r2p
