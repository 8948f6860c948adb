// Text renderer: numbered hits and facet bars for reading on a terminal.
#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "search/render.h"

namespace r2p {

namespace {

constexpr std::size_t kWrapColumns = 100;
constexpr std::size_t kFacetValuesShown = 10;
constexpr std::size_t kBarGlyphs = 20;
constexpr std::size_t kMaxLabelWidth = 40;
constexpr const char* kBarGlyph = "\u2587";     // ▇
constexpr const char* kSeparator = " \u00B7 ";  // " · "
constexpr const char* kBold = "\x1b[1m";
constexpr const char* kReset = "\x1b[0m";

bool is_continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// Columns a string takes: one per code point (wide CJK glyphs are not special-cased).
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation_byte(c); }));
}

/// `text` with C0/C1 control characters turned into spaces, so corpus text can neither break the
/// layout nor send escape sequences to the terminal.
std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      out += ' ';
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      out += ' ';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// The first `width` code points of `text`, with "…" as the last one when it was cut.
std::string truncate_to_width(const std::string& text, std::size_t width) {
  if (display_width(text) <= width) return text;
  std::size_t points = 0;
  std::size_t i = 0;
  for (; i < text.size(); ++i) {
    if (is_continuation_byte(text[i])) continue;
    if (points == width - 1) break;
    ++points;
  }
  return text.substr(0, i) + "\u2026";
}

std::string join(const std::vector<std::string>& values, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += separator;
    out += values[i];
  }
  return out;
}

/// A word ready to print; `width` counts only visible code points, not ANSI escapes.
struct Word {
  std::string text;
  std::size_t width = 0;
};

/// Splits text into words at ASCII spaces. Each span is (text, highlighted); highlighted parts
/// are wrapped in bold escapes per word, so a line break never leaves the terminal bold.
std::vector<Word> split_words(const std::vector<std::pair<std::string, bool>>& spans, bool color) {
  std::vector<Word> words;
  Word word;
  bool bold_open = false;
  auto finish = [&] {
    if (bold_open) word.text += kReset;
    bold_open = false;
    if (word.width > 0) words.push_back(std::move(word));
    word = Word{};
  };
  for (const auto& [text, highlighted] : spans) {
    for (char c : text) {
      if (c == ' ') {
        finish();
        continue;
      }
      if (color && highlighted && !bold_open) {
        word.text += kBold;
        bold_open = true;
      } else if (bold_open && !highlighted) {
        word.text += kReset;
        bold_open = false;
      }
      word.text += c;
      if (!is_continuation_byte(c)) ++word.width;
    }
  }
  finish();
  return words;
}

std::vector<Word> plain_words(const std::string& text) {
  return split_words({{terminal_safe(text), false}}, false);
}

/// The snippet as spans of (plain text, inside <mark>).
std::vector<std::pair<std::string, bool>> snippet_spans(const std::string& snippet) {
  constexpr std::string_view kOpen = "<mark>";
  constexpr std::string_view kClose = "</mark>";
  std::vector<std::pair<std::string, bool>> spans;
  const std::string_view in = snippet;
  bool marked = false;
  std::size_t start = 0;
  while (start <= in.size()) {
    const std::string_view tag = marked ? kClose : kOpen;
    std::size_t end = in.find(tag, start);
    if (end == std::string_view::npos) end = in.size();
    const std::string piece = snippet_plain_text(std::string(in.substr(start, end - start)));
    if (!piece.empty()) spans.emplace_back(terminal_safe(piece), marked);
    if (end == in.size()) break;
    start = end + tag.size();
    marked = !marked;
  }
  return spans;
}

/// Greedy word wrap: the first line starts with `first_prefix`, the rest with `indent`.
void wrap(const std::vector<Word>& words, const std::string& first_prefix,
          const std::string& indent, std::vector<std::string>& lines) {
  if (words.empty()) return;
  std::string line = first_prefix;
  std::size_t width = display_width(first_prefix);
  bool line_has_words = false;
  for (const auto& word : words) {
    if (line_has_words && width + 1 + word.width > kWrapColumns) {
      lines.push_back(line);
      line = indent;
      width = display_width(indent);
      line_has_words = false;
    }
    if (line_has_words) {
      line += ' ';
      ++width;
    }
    line += word.text;
    width += word.width;
    line_has_words = true;
  }
  lines.push_back(line);
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::vector<std::string> header_lines(const SearchResults& results) {
  const bool browsing = results.query.find_first_not_of(" \t\r\n") == std::string::npos;
  std::string first;
  if (browsing) {
    first = results.total == 0 ? "No records" : plural(results.total, "record", "records");
  } else {
    const std::string quoted = "\"" + terminal_safe(results.query) + "\"";
    first = results.total == 0 ? "No results for " + quoted
                               : plural(results.total, "result", "results") + " for " + quoted;
  }
  if (!results.hits.empty() &&
      (results.offset > 0 || results.offset + results.hits.size() < results.total)) {
    first += ", showing " + std::to_string(results.offset + 1) + "\u2013" +
             std::to_string(results.offset + results.hits.size());
  } else if (results.hits.empty() && results.total > 0) {
    first += ", none from offset " + std::to_string(results.offset);
  }
  std::vector<std::string> lines = {first};
  if (results.suggestion)
    lines.push_back("Did you mean: " + terminal_safe(*results.suggestion) + "?");
  for (const auto& note : results.notes) lines.push_back("Note: " + terminal_safe(note));
  return lines;
}

std::vector<std::string> hit_lines(const Hit& hit, std::size_t number, std::size_t number_width,
                                   const TextStyle& style) {
  std::string prefix = std::to_string(number) + ". ";
  prefix.insert(0, number_width + 2 - std::min(prefix.size(), number_width + 2), ' ');
  const std::string indent(prefix.size(), ' ');
  std::vector<std::string> lines;
  wrap(plain_words(hit.title.empty() ? hit.id : hit.title), prefix, indent, lines);

  std::vector<std::string> meta;
  if (!hit.type.empty()) meta.push_back(hit.type);
  if (hit.date)
    meta.push_back(*hit.date);
  else if (hit.year)
    meta.push_back(std::to_string(*hit.year));
  if (!hit.regions.empty()) meta.push_back(join(hit.regions, ", "));
  if (!hit.meetings.empty()) meta.push_back(join(hit.meetings, ", "));
  if (!hit.countries.empty()) meta.push_back(join(hit.countries, ", "));
  wrap(plain_words(join(meta, kSeparator)), indent, indent, lines);

  wrap(split_words(snippet_spans(hit.snippet), style.color), indent, indent, lines);
  if (!hit.source.empty()) wrap(plain_words("source: " + hit.source), indent, indent, lines);
  return lines;
}

std::string bold(const std::string& text, const TextStyle& style) {
  return style.color ? kBold + text + kReset : text;
}

std::vector<std::string> facet_lines(const Facet& facet, const TextStyle& style) {
  std::vector<std::string> lines = {bold(field_spec(facet.field).name, style)};
  if (facet.values.empty()) {
    lines.push_back("  (none)");
    return lines;
  }
  const std::size_t shown = std::min(facet.values.size(), kFacetValuesShown);
  std::vector<std::string> labels;
  std::size_t label_width = 0;
  std::size_t max_count = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& value = facet.values[i];
    labels.push_back(truncate_to_width(
        terminal_safe(value.label.empty() ? value.value : value.label), kMaxLabelWidth));
    label_width = std::max(label_width, display_width(labels.back()));
    max_count = std::max(max_count, value.count);
  }
  for (std::size_t i = 0; i < shown; ++i) {
    const std::size_t count = facet.values[i].count;
    std::string line = "  " + labels[i];
    line.append(label_width - display_width(labels[i]) + 2, ' ');
    if (count > 0) {
      const std::size_t glyphs =
          std::max<std::size_t>(1, (count * kBarGlyphs + max_count / 2) / max_count);
      for (std::size_t g = 0; g < glyphs; ++g) line += kBarGlyph;
      line += ' ';
    }
    line += std::to_string(count);
    lines.push_back(line);
  }
  if (facet.values.size() > shown)
    lines.push_back("  \u2026 " + std::to_string(facet.values.size() - shown) + " more");
  return lines;
}

}  // namespace

void render_text(const SearchResults& results, const TextStyle& style, std::ostream& out) {
  std::vector<std::vector<std::string>> blocks = {header_lines(results)};
  const std::size_t last_number = results.offset + results.hits.size();
  const std::size_t number_width = std::max<std::size_t>(2, std::to_string(last_number).size());
  for (std::size_t i = 0; i < results.hits.size(); ++i)
    blocks.push_back(hit_lines(results.hits[i], results.offset + i + 1, number_width, style));
  if (!results.facets.empty()) {
    blocks.push_back({bold("Facets", style)});
    for (const auto& facet : results.facets) blocks.push_back(facet_lines(facet, style));
  }
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (b > 0) out << '\n';
    for (const auto& line : blocks[b]) out << line << '\n';
  }
}

}  // namespace r2p
