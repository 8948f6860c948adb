// The HTML tokenizer's rules, as far as the nesting check needs them: tags with their attributes,
// the end of raw text and script data, and of comments and other `<!` constructs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace r2p::html_tokens {

constexpr auto npos = std::string_view::npos;

bool is_letter(char c);

/// A tag as the tokenizer reads it.
struct Tag {
  std::string name;  ///< lowercased
  bool end = false;
  bool self_closing = false;
  bool font_attributes = false;  ///< a color, face or size attribute
  std::size_t next = npos;       ///< offset after the tag; npos when the file ends inside it
};

/// Reads the tag whose name starts at `pos`, attributes included, following the tokenizer's
/// states: quoted values may hold `>` and `/>`; a `/` only makes a self-closing tag right before
/// the `>`.
Tag read_tag(std::string_view s, std::size_t pos, bool end);

/// Where the raw text of <name> (style, textarea, title…) ends: at its end tag, or npos.
std::size_t raw_text_end(std::string_view s, std::size_t pos, const std::string& name);

/// Where a <script>'s text ends: the tokenizer's script data states, where `<!--` and a nested
/// `<script>` can hide a `</script>`.
std::size_t script_end(std::string_view s, std::size_t pos);

/// Where the `<!` construct at `lt` ends (a comment; CDATA when `foreign`, in SVG or MathML; else
/// a doctype or bogus comment): the offset after it, or npos when the file ends inside it.
std::size_t markup_declaration_end(std::string_view html, std::size_t lt, bool foreign);

}  // namespace r2p::html_tokens
