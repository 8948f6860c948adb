// Reports to plain fields: the checks every format shares and plain text (Markdown and HTML have
// their readers in markdown_reader.cc and html_reader.cc, dates theirs in document_dates.cc).
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

#include "core/text.h"
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

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace document_text

namespace {

using namespace document_text;

// ---------------------------------------------------------------------------------------------
// Input checks

struct BadByte {
  std::size_t offset = 0;
  bool nul = false;
};

/// The first NUL byte or byte that does not belong to well-formed UTF-8 (no overlong forms,
/// surrogates or code points above U+10FFFF).
std::optional<BadByte> first_bad_byte(std::string_view s) {
  const std::size_t nul = s.find('\0');
  if (const std::size_t bad = invalid_utf8_offset(s.substr(0, nul)); bad != std::string_view::npos)
    return BadByte{bad, false};
  if (nul != std::string_view::npos) return BadByte{nul, true};
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

}  // namespace r2p
