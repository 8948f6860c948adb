// Text folding with ICU, applied identically at index and query time, and the folding stemmer
// that wires it into Xapian's TermGenerator, QueryParser and snippet highlighter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace r2p {

/// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

/// Byte offset of the first ill-formed UTF-8 sequence in `text` (overlong forms, surrogates and
/// code points past U+10FFFF included), or npos when it is well-formed.
std::size_t invalid_utf8_offset(std::string_view text);

/// Code points in UTF-8 text; each ill-formed sequence counts as one.
std::size_t code_point_count(std::string_view text);

/// Terminal columns UTF-8 text takes, by ICU's East Asian Width: wide and fullwidth characters
/// (CJK, most emoji) take 2, combining marks and format characters (general categories Mn, Me,
/// Cf) take 0, everything else 1. Each ill-formed sequence takes 1.
std::size_t display_width(std::string_view text);

/// Bytes of the longest start of `text` at most `columns` wide (display_width), never ending
/// inside a character: a wide character that does not fit is left out whole.
std::size_t width_prefix(std::string_view text, std::size_t columns);

/// Whether `text` is one or more ASCII digits.
bool all_digits(std::string_view text);

/// `text` with its ASCII letters upper-cased ("dk" -> "DK"), for codes.
std::string ascii_upper(std::string text);

/// `values` with `separator` between each two.
std::string join(const std::vector<std::string>& values, std::string_view separator);

/// Folds text for matching: NFKC case folding, diacritics removed, apostrophe variants (’ ‘ ‛ ʼ ′
/// ＇) turned into ', so "Côte d’Ivoire", "Cote d'Ivoire" and "CÔTE D'IVOIRE" fold alike.
/// Invalid UTF-8 is replaced (U+FFFD), never thrown on.
std::string fold(std::string_view text);

/// The folded words of `text`: runs of letters and digits, split at everything else (spaces,
/// hyphens, apostrophes, punctuation). Used for name lookups, where "Bosnia-Herzegovina",
/// "Bosnia & Herzegovina" and "bosnia herzegovina" must agree.
std::vector<std::string> fold_words(std::string_view text);

/// `fold_words` joined with single spaces: the key under which names are looked up.
std::string name_key(std::string_view text);

/// A 64-bit FNV-1a hash of `bytes`: the same on every compiler, library and machine, for what
/// the index stores (std::hash is implementation-defined).
std::uint64_t stable_hash(std::string_view bytes);

/// The longest stem folding_stemmer() returns, in bytes: with "Z" and a term prefix it stays
/// within Xapian's 245-byte term limit.
constexpr std::size_t kMaxStemBytes = 240;

/// The stemmer used everywhere: folds each word, then applies the English Snowball stemmer.
/// Stems longer than kMaxStemBytes are cut at a character boundary.
/// Use with STEM_ALL_Z in both TermGenerator and QueryParser, and pass it to MSet::snippet().
/// Each returned stemmer remembers its results, so give each thread its own.
Xapian::Stem folding_stemmer();

/// This thread's folding stemmer (copies share its memory of stems): a long-running searcher
/// folds and stems each word once rather than once per query. Use only on the calling thread.
Xapian::Stem thread_stemmer();

/// The term a word becomes in the index: "Z" + folding_stemmer()(word).
std::string stemmed_term(std::string_view word);

/// The words of `text` as Xapian's QueryParser and TermGenerator see them, lowercased and not
/// stemmed, in order ("Côte d'Ivoire" -> "côte", "d'ivoire").
std::vector<std::string> parser_words(std::string_view text);

/// The synonym keys under which the QueryParser looks a name up: "Z"+stem for one word; for
/// several words, the words as the parser lowercases them, joined by spaces, and their folded
/// form. The indexer stores names under them; the searcher finds names in questions by them.
std::vector<std::string> synonym_keys(std::string_view name);

/// Levenshtein distance over code points, for "closest known value" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace r2p
