// Text layout shared by the renderers: terminal-safe text, padding, truncation and wrapping, all
// measured in terminal columns (core/text.h's display_width: CJK takes two columns a character).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"

namespace r2p::layout {

/// Width of the terminal layout: wrapped lines (and matrix panels) stay within it.
constexpr std::size_t kWrapColumns = 100;
/// Between the parts of a metadata line ("id · type · date").
constexpr const char* kSeparator = " \u00B7 ";  // " · "
/// ANSI escape that turns bold on.
constexpr const char* kBold = "\x1b[1m";
/// ANSI escape that turns bold (and every other attribute) off.
constexpr const char* kReset = "\x1b[0m";

/// Columns a string takes in a terminal.
using r2p::display_width;

/// `text` with C0/C1 control characters turned into spaces, so corpus text can neither break the
/// layout nor send escape sequences to the terminal.
std::string terminal_safe(std::string_view text);

/// `text` cut to `width` columns, with "…" as the last one when it was cut (a wide character that
/// would straddle the cut is left out whole).
std::string truncate_to_width(const std::string& text, std::size_t width);

/// `text` followed by spaces up to `width` columns; unchanged when it is already that wide.
std::string pad_to(const std::string& text, std::size_t width);

/// Spaces followed by `text` up to `width` columns (right-aligned); unchanged when it is already
/// that wide.
std::string pad_left_to(const std::string& text, std::size_t width);

/// Spaces as wide as `prefix`: the indent that lines continuation lines up under what follows it.
std::string indent_under(const std::string& prefix);

/// `line` without its trailing spaces.
std::string trim_right(std::string line);

/// A word ready to print; `width` counts the columns of its visible text, not ANSI escapes.
struct Word {
  std::string text;
  std::size_t width = 0;
};

/// A piece of (already terminal-safe) text and whether it is highlighted.
using Span = std::pair<std::string, bool>;

/// Splits spans into words at ASCII spaces. With `color`, highlighted parts are wrapped in bold
/// escapes word by word, so a line break never leaves the terminal bold.
std::vector<Word> split_words(const std::vector<Span>& spans, bool color);

/// The words of `text`, made terminal-safe first; never bold.
std::vector<Word> plain_words(const std::string& text);

/// Greedy word wrap at kWrapColumns, appending to `lines`: the first line starts with
/// `first_prefix`, the rest with `indent`. Adds nothing when there are no words.
void wrap(const std::vector<Word>& words, const std::string& first_prefix,
          const std::string& indent, std::vector<std::string>& lines);

/// `wrap` of the plain (terminal-safe, never bold) words of `text`.
void wrap_text(const std::string& text, const std::string& first_prefix, const std::string& indent,
               std::vector<std::string>& lines);

}  // namespace r2p::layout
