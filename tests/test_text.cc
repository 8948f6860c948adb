// Folding tests: the same fold must apply at index and query time, so every spelling of a name
// has to reach the same key.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/closest.h"
#include "core/text.h"
#include "render/text_layout.h"

using Catch::Generators::table;

TEST_CASE("fold") {
  CHECK(r2p::fold("CÔTE D’IVOIRE") == "cote d'ivoire");
}

TEST_CASE("fold removes case, accents and apostrophe variants", "[text][fold]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"C\xC3\xB4te d\xE2\x80\x99Ivoire", "cote d'ivoire"},  // U+2019
      {"Cote d'Ivoire", "cote d'ivoire"},
      {"C\xC3\x94TE D\xE2\x80\x99IVOIRE", "cote d'ivoire"},
      {"C\xC3\xB4te d\xE2\x80\x98Ivoire", "cote d'ivoire"},  // U+2018
      {"C\xC3\xB4te d\xCA\xBCIvoire", "cote d'ivoire"},      // U+02BC
      {"C\xC3\xB4te d\xEF\xBC\x87Ivoire", "cote d'ivoire"},  // U+FF07
      {"Stra\xC3\x9F"
       "e",
       "strasse"},                             // full case folding, not simple lowercasing
      {"caf\xC3\xA9", "cafe"},                 // precomposed é
      {"cafe\xCC\x81", "cafe"},                // e + U+0301
      {"\xEF\xAC\x81nance", "finance"},        // the "fi" ligature (NFKC)
      {"\xEF\xBC\xA6\xEF\xBD\x95ll", "full"},  // fullwidth letters
      {"S\xC3\xA3o Tom\xC3\xA9", "sao tome"},
      {"", ""},
  }));
  CAPTURE(input);
  CHECK(r2p::fold(input) == expected);
}

TEST_CASE("decomposed and precomposed accents fold alike", "[text][fold]") {
  const auto [precomposed, decomposed] = GENERATE(table<std::string, std::string>({
      {"caf\xC3\xA9", "cafe\xCC\x81"},
      {"C\xC3\xB4te", "Co\xCC\x82te"},
      {"R\xC3\xA9union", "Re\xCC\x81union"},
  }));
  CAPTURE(precomposed);
  CHECK(r2p::fold(precomposed) == r2p::fold(decomposed));
  CHECK(r2p::name_key(precomposed) == r2p::name_key(decomposed));
}

TEST_CASE("fold_words splits at hyphens, ampersands, apostrophes and punctuation",
          "[text][words]") {
  const auto [input, expected] = GENERATE(table<std::string, std::vector<std::string>>({
      {"Bosnia-Herzegovina", {"bosnia", "herzegovina"}},
      {"Bosnia & Herzegovina", {"bosnia", "herzegovina"}},
      {"Bosnia- Herzegovina", {"bosnia", "herzegovina"}},
      {"C\xC3\xB4te d\xE2\x80\x99Ivoire", {"cote", "d", "ivoire"}},
      {"Co-operation in Europe (OSCE).", {"co", "operation", "in", "europe", "osce"}},
      {"R2P, 2015", {"r2p", "2015"}},
      {"\xE5\x8A\xA0\xE7\xBA\xB3", {"\xE5\x8A\xA0\xE7\xBA\xB3"}},  // Chinese stays one word
      {"  ", {}},
  }));
  CAPTURE(input);
  CHECK(r2p::fold_words(input) == expected);
}

TEST_CASE("fold_words folds mixed text as if folding it whole", "[text][words]") {
  // ASCII words are lowercased on their own and only the runs between ASCII separators that
  // hold other characters go through ICU; the words must not change.
  const auto [input, expected] = GENERATE(table<std::string, std::vector<std::string>>({
      {"C\xC3\xB4te d\xE2\x80\x99Ivoire \xE2\x80\xA2 S\xC3\xA3o Tom\xC3\xA9",
       {"cote", "d", "ivoire", "sao", "tome"}},
      {"Pre\xCC\x81sident \xE2\x80\x93 a\xCC\x80 Gene\xCC\x80ve", {"president", "a", "geneve"}},
      {"x \xCC\x81y", {"x", "y"}},    // a mark after a separator
      {"x <\xCC\xB8 y", {"x", "y"}},  // '<' + U+0338 composes to U+226E
      {"\xEF\xAC\x81nance-\xEF\xBC\xA6ull", {"finance", "full"}},  // ligature, fullwidth
      {"d\xEF\xBC\x87Ivoire", {"d", "ivoire"}},                    // fullwidth apostrophe
      {"Ghana\xC3 and\xFF, Togo", {"ghana", "and", "togo"}},       // invalid bytes by separators
      {"caf\xC3\xA9 CAF\xC3\x89 caf\xC3\xA9", {"cafe", "cafe", "cafe"}},  // a run seen again
      {"\xE5\x8A\xA0\xE7\xBA\xB3 (Ghana)", {"\xE5\x8A\xA0\xE7\xBA\xB3", "ghana"}},
  }));
  CAPTURE(input);
  CHECK(r2p::fold_words(input) == expected);
  // Folding the whole text first must give the same words.
  CHECK(r2p::fold_words(r2p::fold(input)) == expected);
}

TEST_CASE("name_key joins folded words with single spaces", "[text][words]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"Bosnia-Herzegovina", "bosnia herzegovina"},
      {"Bosnia & Herzegovina", "bosnia herzegovina"},
      {"  Western   Africa ", "western africa"},
      {"C\xC3\x94TE D'IVOIRE", "cote d ivoire"},
      {"Congo (DRC)", "congo drc"},
      {"St. Kitts & Nevis", "st kitts nevis"},
      {"", ""},
  }));
  CAPTURE(input);
  CHECK(r2p::name_key(input) == expected);
}

TEST_CASE("edit_distance counts code points", "[text][distance]") {
  const auto [a, b, distance] = GENERATE(table<std::string, std::string, std::size_t>({
      {"kitten", "sitting", 3},
      {"denmrak", "denmark", 2},
      {"", "abc", 3},
      {"abc", "", 3},
      {"ghana", "ghana", 0},
      {"caf\xC3\xA9", "cafe", 1},                       // é is one code point, two bytes
      {"\xE4\xB8\xB9\xE9\xBA\xA6", "\xE4\xB8\xB9", 1},  // 丹麦 vs 丹
  }));
  CAPTURE(a, b);
  CHECK(r2p::edit_distance(a, b) == distance);
  CHECK(r2p::edit_distance(b, a) == distance);
}

TEST_CASE("is_valid_utf8 rejects malformed bytes", "[text][utf8]") {
  const auto [bytes, valid] = GENERATE(table<std::string, bool>({
      {"C\xC3\xB4te", true},
      {"", true},
      {"\xE5\x8A\xA0\xE7\xBA\xB3", true},
      {"\xFF", false},
      {"abc\xC3", false},           // truncated sequence
      {"\xC0\xAF", false},          // overlong "/"
      {"\xED\xA0\x80", false},      // UTF-16 surrogate
      {"\xC3\x28", false},          // bad continuation byte
      {"\xF4\x90\x80\x80", false},  // above U+10FFFF
  }));
  CAPTURE(bytes);
  CHECK(r2p::is_valid_utf8(bytes) == valid);
}

TEST_CASE("invalid_utf8_offset finds the first malformed sequence", "[text][utf8]") {
  const auto [bytes, offset] = GENERATE(table<std::string, std::size_t>({
      {"C\xC3\xB4te", std::string::npos},
      {"abc\xC3", 3},
      {"\xC3\xB4\xC0\xAF", 2},
      {"ok \xED\xA0\x80 no", 3},
      {"\xE2\x82", 0},
  }));
  CAPTURE(bytes);
  CHECK(r2p::invalid_utf8_offset(bytes) == offset);
}

TEST_CASE("code points and terminal columns", "[text][width]") {
  // Wide and fullwidth characters take two columns, combining marks and format characters none.
  const auto [text, code_points, columns] = GENERATE(table<std::string, std::size_t, std::size_t>({
      {"", 0, 0},
      {"Denmark", 7, 7},
      {"\xC3\xA9", 1, 1},                            // é precomposed
      {"e\xCC\x81", 2, 1},                           // e + combining acute (Mn)
      {"Co\xCC\x82te", 5, 4},                        // o + combining circumflex
      {"\xE2\x83\x9D", 1, 0},                        // combining enclosing circle (Me)
      {"a\xE2\x80\x8B!", 3, 2},                      // zero-width space (Cf)
      {"\xE4\xB8\xB9\xE9\xBA\xA6", 2, 4},            // 丹麦
      {"\xE4\xB8\xB9\xE9\xBA\xA6 Denmark", 10, 12},  // 丹麦 Denmark
      {"\xEF\xBC\xA1\xEF\xBC\x91", 2, 4},            // fullwidth Ａ１
      {"\xEF\xBD\xB1", 1, 1},                        // halfwidth katakana ｱ
      {"\xF0\x9F\x98\x80", 1, 2},                    // 😀
      {"\xE2\x80\xA6", 1, 1},                        // …
      {"a\xFF!", 3, 3},                              // a malformed byte: one of each
      {"\xE2\x82!", 2, 2},                           // a cut sequence: one of each
  }));
  CAPTURE(text);
  CHECK(r2p::code_point_count(text) == code_points);
  CHECK(r2p::display_width(text) == columns);
}

TEST_CASE("width_prefix never cuts a character, a wide one included", "[text][width]") {
  const std::string denmark = "\xE4\xB8\xB9\xE9\xBA\xA6";  // 丹麦: two columns each
  CHECK(r2p::width_prefix(denmark, 0) == 0);
  CHECK(r2p::width_prefix(denmark, 1) == 0);
  CHECK(r2p::width_prefix(denmark, 2) == 3);
  CHECK(r2p::width_prefix(denmark, 3) == 3);
  CHECK(r2p::width_prefix(denmark, 4) == 6);
  CHECK(r2p::width_prefix("e\xCC\x81x", 1) == 3);  // the combining mark stays with its letter
  CHECK(r2p::width_prefix("Accra", 10) == 5);
}

TEST_CASE("layout pads and truncates by columns", "[text][width]") {
  using namespace r2p::layout;
  const std::string denmark = "\xE4\xB8\xB9\xE9\xBA\xA6";
  CHECK(pad_to(denmark, 6) == denmark + "  ");
  CHECK(pad_left_to(denmark, 5) == " " + denmark);
  CHECK(pad_to("Co\xCC\x82te", 5) == "Co\xCC\x82te ");
  CHECK(truncate_to_width(denmark, 4) == denmark);
  CHECK(truncate_to_width(denmark, 3) == "\xE4\xB8\xB9\xE2\x80\xA6");  // 丹…
  CHECK(truncate_to_width(denmark + "x", 4) == "\xE4\xB8\xB9\xE2\x80\xA6");
  CHECK(display_width(truncate_to_width(denmark + denmark, 4)) <= 4);
  CHECK(truncate_to_width("Accra meeting", 6) == "Accra\xE2\x80\xA6");
  const auto words = plain_words(denmark + " Denmark");
  REQUIRE(words.size() == 2);
  CHECK(words[0].width == 4);
  CHECK(words[1].width == 7);
}

TEST_CASE("closest ranks by edit distance, ties by name or in order", "[text][closest]") {
  const std::vector<r2p::Suggestion> names = {
      {"Mali", {"mali"}}, {"Malta", {"malta"}}, {"Chad", {"chad"}}, {"Bali", {"bali"}}};
  // "mali" is 1 away from "mal", "malta" and "bali" 2, "chad" 4.
  CHECK(r2p::closest("mal", names) == std::vector<std::string>{"Mali", "Bali", "Malta"});
  CHECK(r2p::closest("mal", names, {2}) == std::vector<std::string>{"Mali", "Bali"});
  r2p::ClosestRules in_order;
  in_order.ties_by_name = false;
  CHECK(r2p::closest("mal", names, in_order) == std::vector<std::string>{"Mali", "Malta", "Bali"});
  // Only names nearer than the cut-off.
  CHECK(r2p::closest("mal", names, {3, 2}) == std::vector<std::string>{"Mali"});
  CHECK(r2p::closest("zzzzzz", names, {3, 2}).empty());
  // A name is as near as its nearest key, and is suggested once.
  const std::vector<r2p::Suggestion> spelled = {
      {"Stanley Foundation", {"stanley foundation", "stanley", "foundation"}},
      {"Stanley Foundation", {"tsf"}},
      {"UN", {"un"}}};
  CHECK(r2p::closest("stanly", spelled, {2}) ==
        std::vector<std::string>{"Stanley Foundation", "UN"});
}

TEST_CASE("folding invalid UTF-8 replaces bytes instead of throwing", "[text][utf8]") {
  const auto bytes =
      GENERATE(as<std::string>{}, "\xFF", "abc\xC3", "\xC0\xAF Ghana", "\xED\xA0\x80");
  CAPTURE(bytes);
  std::string folded;
  CHECK_NOTHROW(folded = r2p::fold(bytes));
  CHECK(r2p::is_valid_utf8(folded));
  CHECK_NOTHROW(r2p::fold_words(bytes));
}

TEST_CASE("the folding stemmer folds before stemming", "[text][stem]") {
  const auto [a, b] = GENERATE(table<std::string, std::string>({
      {"Exporters", "exporters"},
      {"C\xC3\x94TE", "cote"},
      {"d\xE2\x80\x99Ivoire", "d'ivoire"},
      {"Stra\xC3\x9F"
       "e",
       "strasse"},
  }));
  CAPTURE(a);
  Xapian::Stem stem = r2p::folding_stemmer();
  CHECK(stem(a) == stem(b));
  CHECK(r2p::stemmed_term(a) == "Z" + stem(b));
}

TEST_CASE("the folding stemmer's memory forgets nothing it should not", "[text][stem]") {
  // More distinct words than the stemmer remembers, so its table grows and is cleared; every
  // answer must still be the stem, whether remembered or not.
  Xapian::Stem stem = r2p::folding_stemmer();
  Xapian::Stem english("english");
  auto word = [](std::size_t n) {
    std::string w = "Walk";
    for (; n > 0; n /= 26) w += static_cast<char>('a' + n % 26);
    return w + "ing";
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t n = 0; n < 210000; n += pass == 0 ? 1 : 997) {
      const std::string w = word(n);
      const std::string expected = english(r2p::fold(w));
      if (stem(w) != expected) {
        CAPTURE(pass, w);
        REQUIRE(stem(w) == expected);
      }
    }
  }
  CHECK(stem("Walking") == "walk");
}

TEST_CASE("the folding stemmer stems English", "[text][stem]") {
  Xapian::Stem stem = r2p::folding_stemmer();
  CHECK(stem("Exporters") == "export");
  CHECK(stem("protecting") == stem("protection"));
  CHECK(r2p::stemmed_term("Exporters") == "Zexport");
}
