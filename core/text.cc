// ICU-based folding and the Xapian stemmer that applies it; see XAPIAN.md §5 for why the fold
// lives inside the stemmer rather than being applied to the query string.
#include "core/text.h"

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace r2p {
namespace {

bool is_apostrophe_variant(UChar32 c) {
  return c == 0x2019 || c == 0x2018 || c == 0x201B || c == 0x02BC || c == 0x2032 || c == 0xFF07;
}

// NFKC case folding, then NFD, nonspacing marks dropped, NFC, and apostrophe variants unified.
// Done with Normalizer2 directly: a rule-based Transliterator does the same but costs several
// milliseconds to build, which every r2p-search process would pay at start-up.
icu::UnicodeString fold_unicode(std::string_view text) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU: normalisation data is missing");
  icu::UnicodeString decomposed = nfd->normalize(nfkc_cf->normalize(s, status), status);
  if (U_FAILURE(status)) return s;
  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) continue;
    kept.append(is_apostrophe_variant(c) ? UChar32{0x27} : c);
  }
  icu::UnicodeString composed = nfc->normalize(kept, status);
  return U_SUCCESS(status) ? composed : kept;
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

/// A stem cut to kMaxStemBytes at a character boundary. TermGenerator skips words over 64 bytes,
/// but folding can make a short word much longer (U+FDFA becomes 18 characters), and Xapian
/// refuses terms over 245 bytes; index and query cut alike, so the word is still found.
std::string cut_to_term_limit(std::string stem) {
  if (stem.size() <= kMaxStemBytes) return stem;
  std::size_t cut = kMaxStemBytes;
  while (cut > 0 && (static_cast<unsigned char>(stem[cut]) & 0xC0) == 0x80) --cut;
  stem.resize(cut);
  return stem;
}

/// Word -> stem, for the folding stemmer. An open-addressing table whose slots hold the strings
/// themselves: a lookup costs about one cache miss, where std::unordered_map's bucket, previous
/// node and node cost three, and the indexer looks a word up for every word it indexes while
/// Xapian's buffered changes keep evicting the table from the caches.
class StemMemo {
 public:
  /// The stem remembered for `word` (whose std::hash is `hash`), or nullptr.
  const std::string* find(const std::string& word, std::size_t hash) const {
    if (slots_.empty()) return nullptr;
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (!slot.used) return nullptr;
      if (slot.hash == hash && slot.word == word) return &slot.stem;
    }
  }

  /// Remembers a stem for a word not yet remembered; forgets everything first when full.
  const std::string& insert(const std::string& word, std::size_t hash, std::string stem) {
    if (used_ >= kLimit) clear();
    if (4 * (used_ + 1) > 3 * slots_.size()) grow();
    Slot& slot = free_slot(hash);
    slot = {hash, true, word, std::move(stem)};
    ++used_;
    return slot.stem;
  }

 private:
  static constexpr std::size_t kLimit = 3 << 16;  // words: 3/4 of 2^18 slots (about 20 MB)

  struct Slot {
    std::size_t hash = 0;
    bool used = false;
    std::string word;
    std::string stem;
  };

  Slot& free_slot(std::size_t hash) {
    std::size_t i = hash & mask_;
    while (slots_[i].used) i = (i + 1) & mask_;
    return slots_[i];
  }

  void grow() {
    std::vector<Slot> old(slots_.empty() ? 1024 : 2 * slots_.size());
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (Slot& slot : old)
      if (slot.used) free_slot(slot.hash) = std::move(slot);
  }

  void clear() {
    for (Slot& slot : slots_) slot = Slot();
    used_ = 0;
  }

  std::vector<Slot> slots_;  // a power of two in size, at most 3/4 used
  std::size_t mask_ = 0;
  std::size_t used_ = 0;
};

class FoldingStemImplementation : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    // Text repeats words (Zipf), so remembering stems saves most of the folding and stemming.
    const std::size_t hash = std::hash<std::string>()(word);
    if (const std::string* stem = memo_.find(word, hash)) return *stem;
    return memo_.insert(word, hash, cut_to_term_limit(english_(fold(word))));
  }
  std::string get_description() const override { return "r2p-fold+english"; }

 private:
  Xapian::Stem english_{"english"};
  StemMemo memo_;
};

// The folded words of `text` by ICU alone: the whole text folded, then split at every code point
// that is not a letter, digit or mark.
void append_folded_words(std::string_view text, std::vector<std::string>& words) {
  const icu::UnicodeString folded = fold_unicode(text);
  std::string utf8;
  int32_t word_start = -1;
  auto flush = [&](int32_t end) {
    if (word_start < 0) return;
    utf8.clear();
    folded.tempSubStringBetween(word_start, end).toUTF8String(utf8);
    words.push_back(utf8);
    word_start = -1;
  };
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    if (u_isalnum(c) || u_charType(c) == U_OTHER_LETTER || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) {
      if (word_start < 0) word_start = i;
    } else {
      flush(i);
    }
    i += U16_LENGTH(c);
  }
  flush(folded.length());
}

// ASCII letters and digits are word characters; every other ASCII byte separates words. Bytes
// 0x80 and up belong to multi-byte characters (or invalid UTF-8) and never separate.
struct AsciiSeparators {
  bool separator[256] = {};
  constexpr AsciiSeparators() {
    for (int b = 0; b < 0x80; ++b)
      separator[b] = !((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'));
  }
};
constexpr AsciiSeparators kAsciiSeparators;

bool is_ascii_separator(char c) {
  return kAsciiSeparators.separator[static_cast<unsigned char>(c)];
}

// Whether text may be folded in pieces cut at ASCII separators: true when no normalisation
// (NFKC case folding, NFD, NFC) lets a separator interact with the characters before it
// (ICU's hasBoundaryBefore), so that each piece normalises on its own. The separator folds to
// itself, and the only compositions that start with one ('<', '=', '>' with U+0338) are undone
// by NFD and lose their nonspacing mark, so the text after it normalises on its own too. Checked
// once at run time rather than assumed (true with ICU 72: every other separator is inert).
bool ascii_separators_are_boundaries() {
  static const bool boundaries = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizers[] = {icu::Normalizer2::getNFKCCasefoldInstance(status),
                                             icu::Normalizer2::getNFDInstance(status),
                                             icu::Normalizer2::getNFCInstance(status)};
    if (U_FAILURE(status)) return false;
    for (int c = 0; c < 0x80; ++c) {
      if (!is_ascii_separator(static_cast<char>(c))) continue;
      const bool composes_with_u0338 = c == '<' || c == '=' || c == '>';
      for (const icu::Normalizer2* normalizer : normalizers) {
        if (!normalizer->hasBoundaryBefore(c)) return false;
        if (!composes_with_u0338 && !normalizer->isInert(c)) return false;
      }
    }
    return true;
  }();
  return boundaries;
}

// The folded words of a run of text without ASCII separators that holds other characters. Runs
// repeat (an accented name, a bullet), so each thread remembers the words of short runs.
void append_run_words(std::string_view run, std::vector<std::string>& words) {
  constexpr std::size_t kLongestRemembered = 64;
  constexpr std::size_t kRemembered = 20000;
  if (run.size() > kLongestRemembered) {
    append_folded_words(run, words);
    return;
  }
  thread_local std::unordered_map<std::string, std::vector<std::string>> memo;
  thread_local std::string key;
  key.assign(run.data(), run.size());
  auto it = memo.find(key);
  if (it == memo.end()) {
    if (memo.size() >= kRemembered) memo.clear();
    std::vector<std::string> run_words;
    append_folded_words(run, run_words);
    it = memo.emplace(key, std::move(run_words)).first;
  }
  words.insert(words.end(), it->second.begin(), it->second.end());
}

// Calls `each(c, start, end)` for each code point of UTF-8 `text` at bytes [start, end), with c
// negative for an ill-formed sequence (ICU's U8_NEXT: the maximal ill-formed part counts as one),
// until `each` returns false.
template <class Each>
void for_each_code_point(std::string_view text, Each each) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const std::size_t length = text.size();
  for (std::size_t i = 0; i < length;) {
    const std::size_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (!each(c, start, i)) return;
  }
}

// Terminal columns of one code point (see display_width); an ill-formed sequence shows as one
// replacement character.
std::size_t columns_of(UChar32 c) {
  if (c < 0x80) return 1;  // ASCII and ill-formed sequences (c < 0)
  constexpr uint32_t kZeroWidth = U_GC_MN_MASK | U_GC_ME_MASK | U_GC_CF_MASK;
  if ((U_GET_GC_MASK(c) & kZeroWidth) != 0) return 0;
  const auto east_asian = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return east_asian == U_EA_WIDE || east_asian == U_EA_FULLWIDTH ? 2 : 1;
}

}  // namespace

std::string ascii_upper(std::string text) {
  for (char& c : text)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return text;
}

std::string join(const std::vector<std::string>& values, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += separator;
    out += values[i];
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  return invalid_utf8_offset(text) == std::string_view::npos;
}

std::size_t invalid_utf8_offset(std::string_view text) {
  std::size_t bad = std::string_view::npos;
  for_each_code_point(text, [&](UChar32 c, std::size_t start, std::size_t) {
    if (c < 0) bad = start;
    return c >= 0;
  });
  return bad;
}

std::size_t code_point_count(std::string_view text) {
  std::size_t count = 0;
  for_each_code_point(text, [&](UChar32, std::size_t, std::size_t) {
    ++count;
    return true;
  });
  return count;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for_each_code_point(text, [&](UChar32 c, std::size_t, std::size_t) {
    width += columns_of(c);
    return true;
  });
  return width;
}

std::size_t width_prefix(std::string_view text, std::size_t columns) {
  std::size_t width = 0, bytes = 0;
  for_each_code_point(text, [&](UChar32 c, std::size_t, std::size_t end) {
    width += columns_of(c);
    if (width > columns) return false;
    bytes = end;
    return true;
  });
  return bytes;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string fold(std::string_view text) {
  // ASCII folds to its lower case: NFKC case folding changes nothing else and there are no marks.
  if (is_ascii(text)) {
    std::string out(text);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  std::string out;
  fold_unicode(text).toUTF8String(out);
  return out;
}

std::vector<std::string> fold_words(std::string_view text) {
  std::vector<std::string> words;
  if (!ascii_separators_are_boundaries()) {
    append_folded_words(text, words);
    return words;
  }
  // Most text is ASCII with a few accented words or typographic marks, and folding a whole
  // paragraph with ICU costs far more than splitting it. So the text is cut at ASCII separators
  // into runs: an ASCII run is one word, lowercased; a run with other characters is folded and
  // split by ICU alone. The words are the same as folding the whole text, since folding never
  // joins text across an ASCII separator (checked above) and the separator stays a separator.
  const std::size_t size = text.size();
  words.reserve(size / 6 + 1);  // English averages about six bytes a word with its separator
  for (std::size_t i = 0; i < size;) {
    if (is_ascii_separator(text[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    bool ascii = true;
    for (; i < size && !is_ascii_separator(text[i]); ++i)
      if (static_cast<unsigned char>(text[i]) >= 0x80) ascii = false;
    const std::string_view run = text.substr(start, i - start);
    if (ascii) {
      std::string& word = words.emplace_back(run);
      for (char& c : word)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    } else {
      append_run_words(run, words);
    }
  }
  return words;
}

std::uint64_t stable_hash(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string name_key(std::string_view text) {
  std::string key;
  for (const auto& w : fold_words(text)) {
    if (!key.empty()) key += ' ';
    key += w;
  }
  return key;
}

Xapian::Stem folding_stemmer() {
  return Xapian::Stem(new FoldingStemImplementation());
}

Xapian::Stem thread_stemmer() {
  thread_local const Xapian::Stem stem = folding_stemmer();
  return stem;
}

std::string stemmed_term(std::string_view word) {
  return "Z" + thread_stemmer()(std::string(word));
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const icu::UnicodeString ua =
      icu::UnicodeString::fromUTF8(icu::StringPiece(a.data(), static_cast<int32_t>(a.size())));
  const icu::UnicodeString ub =
      icu::UnicodeString::fromUTF8(icu::StringPiece(b.data(), static_cast<int32_t>(b.size())));
  std::vector<UChar32> x, y;
  for (int32_t i = 0; i < ua.length(); i += U16_LENGTH(ua.char32At(i))) x.push_back(ua.char32At(i));
  for (int32_t i = 0; i < ub.length(); i += U16_LENGTH(ub.char32At(i))) y.push_back(ub.char32At(i));
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::vector<std::string> parser_words(std::string_view text) {
  Xapian::TermGenerator generator;
  Xapian::Document doc;
  generator.set_document(doc);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  generator.index_text(std::string(text));
  std::vector<std::pair<Xapian::termpos, std::string>> positioned;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      positioned.emplace_back(*p, *t);
  std::sort(positioned.begin(), positioned.end());
  std::vector<std::string> words;
  for (auto& [pos, word] : positioned) words.push_back(std::move(word));
  return words;
}

namespace {

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

std::vector<std::string> synonym_keys(std::string_view name) {
  const auto words = parser_words(name);
  std::vector<std::string> keys;
  if (words.empty()) return keys;
  if (words.size() == 1) {
    keys.push_back(stemmed_term(words[0]));
    return keys;
  }
  keys.push_back(join_words(words));
  std::vector<std::string> folded;
  for (const auto& w : words) folded.push_back(fold(w));
  if (join_words(folded) != keys[0]) keys.push_back(join_words(folded));
  return keys;
}

}  // namespace r2p
