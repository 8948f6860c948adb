#include "core/meeting_label.h"

#include <string_view>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "core/text.h"

namespace r2p {
namespace {

/// Nouns that say what kind of gathering a title names.
constexpr std::string_view kGatheringWords[] = {"meeting",  "workshop", "conference",
                                                "seminar",  "session",  "summit",
                                                "dialogue", "retreat",  "forum"};
/// A title's "what" is its first words only when the gathering word comes this early.
constexpr std::size_t kMaxWhatWords = 5;

std::vector<std::string> split_spaces(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (c != ' ') {
      word += c;
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  return words;
}

/// `word` without the punctuation that ends a phrase ("meeting," → "meeting").
std::string without_trailing_punctuation(std::string word) {
  while (!word.empty() && (word.back() == ',' || word.back() == ':' || word.back() == ';'))
    word.pop_back();
  return word;
}

bool is_gathering_word(const std::string& word) {
  const std::string folded = fold(without_trailing_punctuation(word));
  for (std::string_view w : kGatheringWords)
    if (folded == w) return true;
  return false;
}

/// "Third" → "third" at the start of a phrase; a name or acronym ("European", "R2P") would
/// not come first, and an all-capital word keeps its case.
std::string lower_first(const std::string& word) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(word);
  if (text.length() < 2 || !u_isupper(text.char32At(0))) return word;
  for (int32_t i = text.moveIndex32(0, 1); i < text.length(); i = text.moveIndex32(i, 1))
    if (u_isupper(text.char32At(i)) || u_isdigit(text.char32At(i))) return word;
  const icu::UnicodeString first = text.tempSubString(0, text.moveIndex32(0, 1));
  icu::UnicodeString lowered(first);
  lowered.toLower();
  std::string out;
  lowered.append(text.tempSubString(first.length())).toUTF8String(out);
  return out;
}

/// What the meeting was: the title's first words up to its gathering word, else the kind.
std::string what_it_was(const Record& meeting) {
  const std::vector<std::string> words = split_spaces(meeting.title);
  for (std::size_t i = 0; i < words.size() && i < kMaxWhatWords; ++i) {
    if (!is_gathering_word(words[i])) continue;
    std::string what = lower_first(words[0]);
    for (std::size_t j = 1; j <= i; ++j) what += " " + words[j];
    return without_trailing_punctuation(what);
  }
  return meeting.kind;
}

}  // namespace

std::string meeting_short_label(const Record& meeting) {
  std::string label = meeting.venue_city;
  if (!meeting.date.empty())
    label += (label.empty() ? "" : " ") + std::to_string(meeting.date.year);
  const std::string what = what_it_was(meeting);
  if (what.empty()) return label.empty() ? meeting.title : label;
  return label.empty() ? what : label + " \u2014 " + what;
}

}  // namespace r2p
