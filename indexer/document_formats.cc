// Reports to plain fields: the checks every format shares, plain text, and the date forms people
// write in them (Markdown and HTML have their readers in markdown_reader.cc and html_reader.cc).
// Nothing here checks values against the corpus.
#include "indexer/document_formats.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <set>
#include <utility>

#include "indexer/document_readers.h"

namespace r2p {

namespace document_text {

namespace {
constexpr auto npos = std::string_view::npos;
}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ascii_lower(text.substr(0, prefix.size())) == prefix;
}

// ---------------------------------------------------------------------------------------------
// Whitespace

/// Byte length of the whitespace character at `pos`: ASCII whitespace, NBSP and the other Unicode
/// space separators (plus U+2028/U+2029); 0 when the character there is not whitespace.
std::size_t space_length(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t i) {
    return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u;
  };
  const unsigned c = byte(pos);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && byte(pos + 1) == 0xA0) return 2;                           // U+00A0
  if (c == 0xE1 && byte(pos + 1) == 0x9A && byte(pos + 2) == 0x80) return 3;  // U+1680
  if (c == 0xE2) {
    const unsigned c1 = byte(pos + 1), c2 = byte(pos + 2);
    if (c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
      return 3;                              // U+2000..U+200A, U+2028, U+2029, U+202F
    if (c1 == 0x81 && c2 == 0x9F) return 3;  // U+205F
  }
  if (c == 0xE3 && byte(pos + 1) == 0x80 && byte(pos + 2) == 0x80) return 3;  // U+3000
  return 0;
}

/// Whitespace runs as one ASCII space, trimmed.
std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t n = space_length(s, i)) {
      pending = true;
      i += n;
      continue;
    }
    if (pending && !out.empty()) out += ' ';
    pending = false;
    out += s[i++];
  }
  return out;
}

/// Offset of the first character that is not whitespace, or npos.
std::size_t first_visible(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = space_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return npos;
}

bool is_blank(std::string_view s) {
  return first_visible(s) == npos;
}

std::string_view trim_right_blanks(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find('\n', start);
    if (end == npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
}

int count_newlines(std::string_view s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

void add_paragraph(DocumentSource& source, std::string_view text, int line) {
  std::string paragraph = collapse_whitespace(text);
  if (paragraph.empty()) return;
  source.paragraphs.push_back(std::move(paragraph));
  source.paragraph_lines.push_back(line);
}

void add_value(MetaField& field, std::string_view value) {
  std::string text = collapse_whitespace(value);
  if (!text.empty()) field.values.push_back(std::move(text));
}

}  // namespace document_text

namespace {

using namespace document_text;

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ---------------------------------------------------------------------------------------------
// Input checks

struct BadByte {
  std::size_t offset = 0;
  bool nul = false;
};

/// The first NUL byte or byte that does not belong to well-formed UTF-8 (no overlong forms,
/// surrogates or code points above U+10FFFF).
std::optional<BadByte> first_bad_byte(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return BadByte{i, true};
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned lo = 0x80, hi = 0xBF;  // range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c == 0xE0) {
      len = 3;
      lo = 0xA0;
    } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
      len = 3;
    } else if (c == 0xED) {
      len = 3;
      hi = 0x9F;
    } else if (c == 0xF0) {
      len = 4;
      lo = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
      len = 4;
    } else if (c == 0xF4) {
      len = 4;
      hi = 0x8F;
    } else {
      return BadByte{i, false};
    }
    if (i + len > s.size()) return BadByte{i, false};
    for (std::size_t k = 1; k < len; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      const unsigned min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
      if (next < min || next > max) return BadByte{i, false};
    }
    i += len;
  }
  return std::nullopt;
}

/// The file's text ready for a parser: checked for NUL bytes and UTF-8, BOM skipped, CRLF as LF.
/// nullopt after appending the problem.
std::optional<std::string> prepared_text(std::string_view content, const std::string& file,
                                         std::vector<Problem>& problems) {
  if (const auto bad = first_bad_byte(content)) {
    const int line = 1 + count_newlines(content.substr(0, bad->offset));
    const std::string where = " at line " + std::to_string(line);
    problems.push_back(
        {{file, line, "", ""},
         bad->nul ? "the file contains a NUL byte" + where + "; save the file as UTF-8 text"
                  : "the file is not valid UTF-8" + where + "; save the file as UTF-8"});
    return std::nullopt;
  }
  if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
  std::string text;
  text.reserve(content.size());
  for (std::size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '\r' && i + 1 < content.size() && content[i + 1] == '\n') continue;
    text += content[i];
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Plain text

/// A `key: value` line with a key the text format knows: the lowercased key and the value.
std::optional<std::pair<std::string, std::string>> text_metadata_line(std::string_view line) {
  static const std::set<std::string> known = {"date",    "meeting", "meetings",      "countries",
                                              "country", "region",  "organisations", "type",
                                              "id",      "kind"};
  const std::size_t colon = line.find(':');
  if (colon == npos) return std::nullopt;
  const std::string_view key_text = line.substr(0, colon);
  if (!std::all_of(key_text.begin(), key_text.end(),
                   [](char c) { return is_ascii_alpha(c) || c == '_' || c == ' '; }))
    return std::nullopt;
  std::string key = ascii_lower(collapse_whitespace(key_text));
  std::string value = collapse_whitespace(line.substr(colon + 1));
  if (!known.count(key) || value.empty()) return std::nullopt;
  return std::make_pair(std::move(key), std::move(value));
}

DocumentSource parse_text(const std::string& text) {
  DocumentSource source;
  const std::vector<std::string_view> lines = split_lines(text);
  const std::size_t n = lines.size();
  std::size_t first = 0;
  while (first < n && is_blank(lines[first])) ++first;
  if (first == n) return source;
  source.title = collapse_whitespace(lines[first]);
  source.title_line = static_cast<int>(first) + 1;

  // `key: value` lines right after the title (next to it or after blank lines) are metadata when
  // every line of that block is one.
  std::size_t body = first + 1;
  std::size_t block = body;
  while (block < n && is_blank(lines[block])) ++block;
  std::size_t block_end = block;
  while (block_end < n && !is_blank(lines[block_end])) ++block_end;
  const bool metadata =
      block < n && std::all_of(lines.begin() + static_cast<std::ptrdiff_t>(block),
                               lines.begin() + static_cast<std::ptrdiff_t>(block_end),
                               [](std::string_view line) { return text_metadata_line(line); });
  if (metadata) {
    for (std::size_t i = block; i < block_end; ++i) {
      auto [key, value] = *text_metadata_line(lines[i]);
      const auto [it, inserted] = source.metadata.try_emplace(key);
      MetaField& field = it->second;
      if (inserted) field.line = static_cast<int>(i) + 1;
      // "June 11, 2013" is one date, not two values.
      if (parse_date_text(value)) {
        add_value(field, value);
      } else {
        std::size_t start = 0;
        while (start <= value.size()) {
          const std::size_t end = std::min(value.find_first_of(",;", start), value.size());
          add_value(field, std::string_view(value).substr(start, end - start));
          start = end + 1;
        }
      }
      field.list = field.values.size() > 1;
    }
    body = block_end;
  }

  std::string paragraph;
  int paragraph_line = 0;
  for (std::size_t i = body; i <= n; ++i) {
    if (i == n || is_blank(lines[i])) {
      add_paragraph(source, paragraph, paragraph_line);
      paragraph.clear();
      continue;
    }
    if (paragraph.empty()) paragraph_line = static_cast<int>(i) + 1;
    paragraph += lines[i];
    paragraph += ' ';
  }
  return source;
}

// ---------------------------------------------------------------------------------------------
// Dates

using Pos = std::size_t;

struct DateMatch {
  PartialDate date;
  Pos end = 0;
};

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

bool valid_day(int year, int month, int day) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= days[month - 1] + (month == 2 && is_leap(year) ? 1 : 0);
}

/// Whether the code point at / before `pos` is a letter or digit (any script).
bool alnum_at(std::string_view s, Pos pos) {
  if (pos >= s.size()) return false;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  auto i = static_cast<std::int32_t>(pos);
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  UChar32 c = 0;
  U8_NEXT(bytes, i, length, c);
  return c >= 0 && u_isalnum(c);
}
bool alnum_before(std::string_view s, Pos pos) {
  if (pos == 0 || pos > s.size()) return false;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(s.data());
  auto i = static_cast<std::int32_t>(pos);
  UChar32 c = 0;
  U8_PREV(bytes, 0, i, c);
  return c >= 0 && u_isalnum(c);
}

/// The whole run of digits at `pos`, when its length is in [min_length, max_length].
std::optional<int> digit_run(std::string_view s, Pos& pos, std::size_t min_length,
                             std::size_t max_length) {
  Pos end = pos;
  while (end < s.size() && is_ascii_digit(s[end])) ++end;
  if (end - pos < min_length || end - pos > max_length) return std::nullopt;
  int value = 0;
  for (Pos i = pos; i < end; ++i) value = value * 10 + (s[i] - '0');
  pos = end;
  return value;
}

/// Skips whitespace; whether there was any.
bool skip_spaces(std::string_view s, Pos& pos) {
  const Pos start = pos;
  while (pos < s.size()) {
    const std::size_t n = space_length(s, pos);
    if (n == 0) break;
    pos += n;
  }
  return pos != start;
}

/// A hyphen or dash (U+2010..U+2014) between day numbers, spaces allowed around it.
bool skip_dash(std::string_view s, Pos& pos) {
  Pos p = pos;
  skip_spaces(s, p);
  if (p < s.size() && s[p] == '-') {
    ++p;
  } else if (s.substr(p, 2) == "\xE2\x80" && p + 2 < s.size() &&
             static_cast<unsigned char>(s[p + 2]) >= 0x90 &&
             static_cast<unsigned char>(s[p + 2]) <= 0x94) {
    p += 3;
  } else {
    return false;
  }
  skip_spaces(s, p);
  pos = p;
  return true;
}

/// The letters at `pos` up to the next non-letter.
std::string_view letter_run(std::string_view s, Pos pos) {
  Pos end = pos;
  while (end < s.size() && is_ascii_alpha(s[end])) ++end;
  return s.substr(pos, end - pos);
}

/// An English month name or abbreviation (optionally with a full stop), as 1-12.
std::optional<int> month_name(std::string_view s, Pos& pos) {
  static const std::map<std::string, int> months = {
      {"january", 1},   {"february", 2},  {"march", 3},  {"april", 4},     {"may", 5},
      {"june", 6},      {"july", 7},      {"august", 8}, {"september", 9}, {"october", 10},
      {"november", 11}, {"december", 12}, {"jan", 1},    {"feb", 2},       {"mar", 3},
      {"apr", 4},       {"jun", 6},       {"jul", 7},    {"aug", 8},       {"sep", 9},
      {"sept", 9},      {"oct", 10},      {"nov", 11},   {"dec", 12}};
  const std::string_view word = letter_run(s, pos);
  const auto it = months.find(ascii_lower(word));
  if (it == months.end()) return std::nullopt;
  pos += word.size();
  if (word.size() <= 4 && pos < s.size() && s[pos] == '.') ++pos;
  return it->second;
}

/// A day number 1-31, optionally with an English ordinal suffix ("11th").
std::optional<int> day_number(std::string_view s, Pos& pos) {
  Pos p = pos;
  const auto day = digit_run(s, p, 1, 2);
  if (!day || *day < 1 || *day > 31) return std::nullopt;
  const std::string suffix = ascii_lower(letter_run(s, p));
  if (!suffix.empty()) {
    if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") return std::nullopt;
    p += suffix.size();
  }
  pos = p;
  return day;
}

std::optional<int> year_number(std::string_view s, Pos& pos) {
  const auto year = digit_run(s, pos, 4, 4);
  if (!year || *year < 1) return std::nullopt;
  return year;
}

/// Whitespace and/or a comma before the year.
bool skip_year_separator(std::string_view s, Pos& pos) {
  Pos p = pos;
  bool separated = skip_spaces(s, p);
  if (p < s.size() && s[p] == ',') {
    ++p;
    separated = true;
    skip_spaces(s, p);
  }
  pos = p;
  return separated;
}

/// The "-12" of "11-12 June": the end day of a range, with `pos` moved past it; nullopt (and
/// `pos` unmoved) when there is none.
std::optional<int> end_day_after_dash(std::string_view s, Pos& pos) {
  Pos p = pos;
  if (!skip_dash(s, p)) return std::nullopt;
  const auto day = day_number(s, p);
  if (day) pos = p;
  return day;
}

/// The year that ends a day-and-month date, and the date if the days (start and, of a range,
/// end) exist in that year.
std::optional<DateMatch> with_year(std::string_view s, Pos pos, int month, int day, int end_month,
                                   std::optional<int> end_day) {
  if (!skip_year_separator(s, pos)) return std::nullopt;
  const auto year = year_number(s, pos);
  if (!year || !valid_day(*year, month, day)) return std::nullopt;
  if (end_day && !valid_day(*year, end_month, *end_day)) return std::nullopt;
  return DateMatch{{*year, month, day}, pos};
}

/// "11 June 2013", "11-12 June 2013", "30 June - 1 July 2013": the start day.
std::optional<DateMatch> day_month_year(std::string_view s, Pos pos) {
  const auto day = day_number(s, pos);
  if (!day) return std::nullopt;
  std::optional<int> end_day = end_day_after_dash(s, pos);
  if (!skip_spaces(s, pos)) return std::nullopt;
  const auto month = month_name(s, pos);
  if (!month) return std::nullopt;
  int end_month = *month;
  if (Pos p = pos; !end_day && skip_dash(s, p)) {
    const auto d = day_number(s, p);
    if (d && skip_spaces(s, p)) {
      if (const auto m = month_name(s, p)) {
        end_day = d;
        end_month = *m;
        pos = p;
      }
    }
  }
  return with_year(s, pos, *month, *day, end_month, end_day);
}

/// "June 11, 2013", "June 11-12, 2013": the start day.
std::optional<DateMatch> month_day_year(std::string_view s, Pos pos) {
  const auto month = month_name(s, pos);
  if (!month || !skip_spaces(s, pos)) return std::nullopt;
  const auto day = day_number(s, pos);
  if (!day) return std::nullopt;
  const std::optional<int> end_day = end_day_after_dash(s, pos);
  return with_year(s, pos, *month, *day, *month, end_day);
}

/// "June 2013", "Jun 2013".
std::optional<DateMatch> month_year(std::string_view s, Pos pos) {
  const auto month = month_name(s, pos);
  if (!month || !skip_year_separator(s, pos)) return std::nullopt;
  const auto year = year_number(s, pos);
  if (!year) return std::nullopt;
  return DateMatch{{*year, *month, 0}, pos};
}

/// The time of a YAML timestamp after its date ("T10:00:00Z", " 10:00:00.5 -5"), skipped when
/// there is one.
void skip_time(std::string_view s, Pos& pos) {
  Pos p = pos;
  if (p < s.size() && (s[p] == 'T' || s[p] == 't')) {
    ++p;
  } else if (!skip_spaces(s, p)) {
    return;
  }
  if (!digit_run(s, p, 1, 2) || p >= s.size() || s[p] != ':') return;
  ++p;
  if (!digit_run(s, p, 2, 2)) return;
  if (Pos q = p; q < s.size() && s[q] == ':' && digit_run(s, ++q, 2, 2)) {
    p = q;
    if (Pos f = p; f + 1 < s.size() && s[f] == '.' && digit_run(s, ++f, 1, 9)) p = f;
  }
  Pos zone = p;
  skip_spaces(s, zone);
  if (zone < s.size() && (s[zone] == 'Z' || s[zone] == 'z')) {
    p = zone + 1;
  } else if (zone < s.size() && (s[zone] == '+' || s[zone] == '-')) {
    Pos z = zone + 1;
    if (digit_run(s, z, 1, 2)) {
      p = z;
      if (Pos m = z; m < s.size() && s[m] == ':' && digit_run(s, ++m, 2, 2)) p = m;
    }
  }
  pos = p;
}

/// "2013-06-11" (with an optional time), "2013-06" and, when `bare_year`, "2013". Once a month or
/// day is begun it must be valid: "2013-13" is no date, not the year 2013.
std::optional<DateMatch> iso_date(std::string_view s, Pos pos, bool bare_year) {
  const auto year = year_number(s, pos);
  if (!year) return std::nullopt;
  PartialDate date{*year, 0, 0};
  const auto dash_digit = [&](Pos p) {
    return p + 1 < s.size() && s[p] == '-' && is_ascii_digit(s[p + 1]);
  };
  if (dash_digit(pos)) {
    Pos p = pos + 1;
    const auto month = digit_run(s, p, 2, 2);
    if (!month || *month < 1 || *month > 12) return std::nullopt;
    date.month = *month;
    pos = p;
    if (dash_digit(pos)) {
      p = pos + 1;
      const auto day = digit_run(s, p, 2, 2);
      if (!day || !valid_day(date.year, date.month, *day)) return std::nullopt;
      date.day = *day;
      pos = p;
      skip_time(s, pos);
    }
  }
  if (date.month == 0 && !bare_year) return std::nullopt;
  return DateMatch{date, pos};
}

/// Every form that starts at `pos`, most precise first, for `accept` to choose from.
template <typename Accept>
std::optional<PartialDate> date_at(std::string_view s, Pos pos, bool bare_year, Accept accept) {
  for (const auto& match : {day_month_year(s, pos), month_day_year(s, pos), month_year(s, pos),
                            iso_date(s, pos, bare_year)}) {
    if (match && accept(match->end)) return match->date;
  }
  return std::nullopt;
}

}  // namespace

std::optional<DocumentFormat> document_format(const std::filesystem::path& path) {
  const std::string extension = ascii_lower(path.extension().string());
  if (extension == ".md" || extension == ".markdown") return DocumentFormat::markdown;
  if (extension == ".html" || extension == ".htm") return DocumentFormat::html;
  if (extension == ".txt") return DocumentFormat::text;
  return std::nullopt;
}

DocumentSource parse_document(std::string_view content, DocumentFormat format,
                              const std::string& file, std::vector<Problem>& problems) {
  const std::optional<std::string> text = prepared_text(content, file, problems);
  if (!text) return {};
  switch (format) {
    case DocumentFormat::markdown:
      return parse_markdown(*text, file, problems);
    case DocumentFormat::html:
      return parse_html(*text, file, problems);
    case DocumentFormat::text:
      return parse_text(*text);
  }
  return {};
}

std::optional<PartialDate> parse_date_text(std::string_view text) {
  const std::size_t start = first_visible(text);
  if (start == npos) return std::nullopt;
  text.remove_prefix(start);
  std::size_t end = 0;  // end of the last non-whitespace character
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = space_length(text, i);
    i += n ? n : 1;
    if (!n) end = i;
  }
  text = text.substr(0, end);
  return date_at(text, 0, true, [&](Pos match_end) { return match_end == text.size(); });
}

std::optional<PartialDate> find_date_in_text(std::string_view text) {
  for (Pos pos = 0; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (!(is_ascii_digit(c) || is_ascii_alpha(c)) || alnum_before(text, pos)) continue;
    if (const auto date = date_at(text, pos, false, [&](Pos end) { return !alnum_at(text, end); }))
      return date;
  }
  return std::nullopt;
}

std::optional<PartialDate> date_from_file_name(std::string_view stem) {
  const auto separator = [&](Pos p) {
    return p + 1 < stem.size() &&
           (stem[p] == '-' || stem[p] == '_' || stem[p] == '.' || stem[p] == ' ') &&
           is_ascii_digit(stem[p + 1]);
  };
  for (Pos pos = 0; pos < stem.size(); ++pos) {
    if (!is_ascii_digit(stem[pos]) || (pos > 0 && is_ascii_digit(stem[pos - 1]))) continue;
    Pos p = pos;
    const auto year = digit_run(stem, p, 4, 4);
    if (!year || *year < 1900 || *year > 2099) continue;
    PartialDate date{*year, 0, 0};
    if (separator(p)) {
      Pos q = p + 1;
      const auto month = digit_run(stem, q, 1, 2);
      if (month && *month >= 1 && *month <= 12) {
        date.month = *month;
        if (separator(q)) {
          Pos r = q + 1;
          const auto day = digit_run(stem, r, 1, 2);
          if (day && valid_day(date.year, date.month, *day)) date.day = *day;
        }
      }
    }
    return date;
  }
  return std::nullopt;
}

}  // namespace r2p
