// Text layout shared by the renderers: terminal-safe text, padding, truncation and wrapping.
#include "render/text_layout.h"

#include <algorithm>

namespace r2p::layout {

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

std::string truncate_to_width(const std::string& text, std::size_t width) {
  if (display_width(text) <= width) return text;
  return text.substr(0, width_prefix(text, width - 1)) + "\u2026";
}

std::string pad_to(const std::string& text, std::size_t width) {
  const std::size_t have = display_width(text);
  return have >= width ? text : text + std::string(width - have, ' ');
}

std::string pad_left_to(const std::string& text, std::size_t width) {
  const std::size_t have = display_width(text);
  return have >= width ? text : std::string(width - have, ' ') + text;
}

std::string indent_under(const std::string& prefix) {
  return std::string(display_width(prefix), ' ');
}

std::string trim_right(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

std::vector<Word> split_words(const std::vector<Span>& spans, bool color) {
  std::vector<Word> words;
  Word word;
  std::string visible;  // the word without escapes, measured when it ends
  bool bold_open = false;
  auto finish = [&] {
    if (bold_open) word.text += kReset;
    bold_open = false;
    word.width = display_width(visible);
    if (!visible.empty()) words.push_back(std::move(word));
    word = Word{};
    visible.clear();
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
      visible += c;
    }
  }
  finish();
  return words;
}

std::vector<Word> plain_words(const std::string& text) {
  return split_words({{terminal_safe(text), false}}, false);
}

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

void wrap_text(const std::string& text, const std::string& first_prefix, const std::string& indent,
               std::vector<std::string>& lines) {
  wrap(plain_words(text), first_prefix, indent, lines);
}

}  // namespace r2p::layout
