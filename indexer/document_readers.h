// Internal to the document formats: the Markdown and HTML readers (markdown_reader.cc,
// html_reader.cc) and the whitespace helpers they share with document_formats.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "indexer/document_formats.h"

namespace r2p::document_text {

std::string ascii_lower(std::string_view text);
bool starts_with_ci(std::string_view text, std::string_view prefix);
bool is_ascii_digit(char c);
bool is_ascii_alpha(char c);
/// Byte length of the whitespace character at `pos` (ASCII, NBSP, the Unicode space separators,
/// U+2028/U+2029); 0 when it is not whitespace.
std::size_t space_length(std::string_view s, std::size_t pos);
bool is_blank(std::string_view s);
/// Whitespace runs (ASCII, NBSP and the other Unicode spaces) as one ASCII space, trimmed.
std::string collapse_whitespace(std::string_view s);
/// Offset of the first character that is not whitespace, or npos.
std::size_t first_visible(std::string_view s);
std::string_view trim_right_blanks(std::string_view s);
std::vector<std::string_view> split_lines(std::string_view text);
int count_newlines(std::string_view s);
/// Adds `text` collapsed as a paragraph starting at `line`; empty ones are left out.
void add_paragraph(DocumentSource& source, std::string_view text, int line);
/// Adds a metadata value as one line of text; empty values are left out.
void add_value(MetaField& field, std::string_view value);

}  // namespace r2p::document_text

namespace r2p {

/// What the nesting check found in an HTML page.
struct HtmlNesting {
  /// The most elements open at once (formatting elements the parser may reopen included).
  std::size_t max_depth = 0;
  /// 1-based line of the start tag that took the depth past the limit; 0 when none did.
  int line = 0;
  /// Work done (bytes and tags read, stack entries looked at): grows linearly with the page.
  std::size_t steps = 0;
};

/// Reads `html` with the HTML tokenizer's rules and follows the parser's stack of open elements,
/// never counting fewer than gumbo will hold; stops at the first start tag that takes the depth
/// past `limit`.
HtmlNesting html_nesting(std::string_view html, std::size_t limit);

/// A Markdown file (already checked as UTF-8, CRLF as LF): YAML front matter and a CommonMark
/// body through md4c. Problems are appended; never throws for bad input.
DocumentSource parse_markdown(const std::string& text, const std::string& file,
                              std::vector<Problem>& problems);

/// An HTML file (already checked as UTF-8, CRLF as LF) through gumbo, after a nesting check.
/// Problems are appended; never throws for bad input.
DocumentSource parse_html(const std::string& text, const std::string& file,
                          std::vector<Problem>& problems);

}  // namespace r2p
