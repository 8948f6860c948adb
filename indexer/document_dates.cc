// Dates as people write them in reports: ISO forms, English day-month and month-day forms with
// ranges and ordinals, in metadata, in running text and in file names.
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <optional>
#include <string_view>

#include "indexer/document_formats.h"
#include "indexer/document_readers.h"

namespace r2p {
namespace {

using namespace document_text;

constexpr auto npos = std::string_view::npos;

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
