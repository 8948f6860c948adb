// libFuzzer target for text folding and the text helpers every input passes through: fold,
// fold_words, name_key, the folding stemmer, is_valid_utf8 and edit_distance, the gazetteer's
// lookups, and the terminal-layout helpers. Any bytes (valid UTF-8 or not) must give well-formed
// UTF-8, stems within Xapian's term limit, and no crash.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "core/gazetteer.h"
#include "core/text.h"
#include "fuzz/bundled_gazetteer.h"
#include "fuzz/fuzz_check.h"
#include "indexer/corpus_reader.h"
#include "render/text_layout.h"

namespace {

using r2p::fuzz::bundled_gazetteer;

void check_words(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    R2P_FUZZ_CHECK(!w.empty(), "an empty word");
    R2P_FUZZ_CHECK(r2p::is_valid_utf8(w), "a word that is not UTF-8");
    R2P_FUZZ_CHECK(w.find(' ') == std::string::npos, "a word with a space: " + w);
  }
}

void check_text(std::string_view text) {
  const bool valid = r2p::is_valid_utf8(text);
  const std::string folded = r2p::fold(text);
  R2P_FUZZ_CHECK(r2p::is_valid_utf8(folded), "fold gave invalid UTF-8");

  const auto words = r2p::fold_words(text);
  check_words(words);
  std::string joined;
  for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
  R2P_FUZZ_CHECK(r2p::name_key(text) == joined, "name_key is not fold_words joined");

  static Xapian::Stem stemmer = r2p::folding_stemmer();
  for (const auto& w : words) {
    const std::string stem = stemmer(w);
    R2P_FUZZ_CHECK(stem.size() <= r2p::kMaxStemBytes, "stem over the term limit: " + w);
    R2P_FUZZ_CHECK(r2p::is_valid_utf8(stem), "stem is not UTF-8: " + w);
  }
  const std::string whole = stemmer(std::string(text));
  R2P_FUZZ_CHECK(whole.size() <= r2p::kMaxStemBytes, "stem over the term limit");
  R2P_FUZZ_CHECK(r2p::stemmed_term(text).size() <= r2p::kMaxStemBytes + 1, "term over the limit");

  // Names and codes as users type them.
  const r2p::Gazetteer& g = bundled_gazetteer();
  if (auto code = g.resolve_country(text))
    R2P_FUZZ_CHECK(g.country(*code), "unknown code " + *code);
  if (auto code = g.resolve_region(text))
    R2P_FUZZ_CHECK(g.region(*code), "unknown region " + *code);
  if (valid) {
    const auto word_count = words.size();
    for (const auto& m : g.countries_in_text(text))
      R2P_FUZZ_CHECK(m.word + m.words <= word_count && g.country(m.id), "bad country mention");
    for (const auto& m : g.organisations_in_text(text))
      R2P_FUZZ_CHECK(m.word + m.words <= word_count && g.organisation(m.id), "bad mention");

    const std::string safe = r2p::layout::terminal_safe(text);
    R2P_FUZZ_CHECK(r2p::is_valid_utf8(safe), "terminal_safe gave invalid UTF-8");
    R2P_FUZZ_CHECK(std::none_of(safe.begin(), safe.end(),
                                [](char c) { return c == '\x1b' || c == '\n' || c == '\r'; }),
                   "terminal_safe let a control character through");
    for (std::size_t width : {1, 7, 40}) {
      const std::string cut = r2p::layout::truncate_to_width(safe, width);
      R2P_FUZZ_CHECK(r2p::is_valid_utf8(cut), "truncate_to_width cut a character");
      R2P_FUZZ_CHECK(r2p::layout::display_width(cut) <= width, "truncate_to_width too wide");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  r2p::fuzz::expect_no_exception("folding", [&] { check_text(text); });

  // Edit distance between the two halves (at the first NUL, else the middle), kept short: it is
  // quadratic and only ever sees names.
  const std::size_t nul = text.find('\0');
  const std::size_t half = nul == std::string_view::npos ? text.size() / 2 : nul;
  const std::string_view a = text.substr(0, std::min<std::size_t>(half, 256));
  const std::string_view b = text.substr(std::min(half + 1, text.size()), 256);
  r2p::fuzz::expect_no_exception("edit_distance", [&] {
    const std::size_t ab = r2p::edit_distance(a, b), ba = r2p::edit_distance(b, a);
    R2P_FUZZ_CHECK(ab == ba, "edit_distance is not symmetric");
    R2P_FUZZ_CHECK(ab <= std::max(a.size(), b.size()), "edit_distance over the longer length");
    R2P_FUZZ_CHECK(r2p::edit_distance(a, a) == 0, "edit_distance(a, a) is not 0");
  });
  return 0;
}
