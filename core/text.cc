// ICU-based folding and the Xapian stemmer that applies it; see XAPIAN.md §5 for why the fold
// lives inside the stemmer rather than being applied to the query string.
#include "core/text.h"

#include <algorithm>
#include <memory>
#include <unordered_map>

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

class FoldingStemImplementation : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override {
    // Text repeats words (Zipf), so remembering stems saves most of the folding and stemming.
    if (auto it = memo_.find(word); it != memo_.end()) return it->second;
    if (memo_.size() >= kMemoLimit) memo_.clear();
    return memo_.emplace(word, cut_to_term_limit(english_(fold(word)))).first->second;
  }
  std::string get_description() const override { return "r2p-fold+english"; }

 private:
  static constexpr std::size_t kMemoLimit = 200000;
  Xapian::Stem english_{"english"};
  std::unordered_map<std::string, std::string> memo_;
};

}  // namespace

bool is_valid_utf8(std::string_view text) {
  int32_t i = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  if (text.size() > static_cast<std::size_t>(INT32_MAX)) return false;
  while (i < length) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
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
  if (is_ascii(text)) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word += c;
      } else if (c >= 'A' && c <= 'Z') {
        word += static_cast<char>(c - 'A' + 'a');
      } else if (!word.empty()) {
        words.push_back(std::move(word));
        word.clear();
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
  }
  const icu::UnicodeString folded = fold_unicode(text);
  std::vector<std::string> words;
  icu::UnicodeString word;
  auto flush = [&] {
    if (word.isEmpty()) return;
    std::string utf8;
    word.toUTF8String(utf8);
    words.push_back(std::move(utf8));
    word.remove();
  };
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    if (u_isalnum(c) || u_charType(c) == U_OTHER_LETTER || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0) {
      word.append(c);
    } else {
      flush();
    }
    i += U16_LENGTH(c);
  }
  flush();
  return words;
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

std::string stemmed_term(std::string_view word) {
  thread_local Xapian::Stem stem = folding_stemmer();
  return "Z" + stem(std::string(word));
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

}  // namespace r2p
