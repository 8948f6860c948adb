// The HTML tokenizer's rules that the nesting check follows (html_tokens.h).
#include "indexer/html_tokens.h"

#include <algorithm>

#include "indexer/document_readers.h"

namespace r2p::html_tokens {

using namespace document_text;

namespace {

bool is_tag_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool is_end_tag_delimiter(std::string_view s, std::size_t pos) {
  return pos >= s.size() || is_tag_space(s[pos]) || s[pos] == '/' || s[pos] == '>';
}

/// Whether `</name` (any case, then a delimiter) starts at `pos`.
bool end_tag_at(std::string_view s, std::size_t pos, const std::string& name) {
  if (s.compare(pos, 2, "</") != 0 || pos + 2 + name.size() > s.size()) return false;
  return ascii_lower(s.substr(pos + 2, name.size())) == name &&
         is_end_tag_delimiter(s, pos + 2 + name.size());
}

}  // namespace

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

Tag read_tag(std::string_view s, std::size_t pos, bool end) {
  Tag tag;
  tag.end = end;
  const std::size_t n = s.size();
  std::size_t i = pos;
  while (i < n && !is_tag_space(s[i]) && s[i] != '/' && s[i] != '>') {
    const char c = s[i++];
    tag.name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  while (i < n) {
    const char c = s[i];
    if (is_tag_space(c)) {
      ++i;
    } else if (c == '>') {
      tag.next = i + 1;
      return tag;
    } else if (c == '/') {
      ++i;
      if (i < n && s[i] == '>') {
        tag.self_closing = true;
        tag.next = i + 1;
        return tag;
      }
    } else {
      // An attribute name (its first character may be `=`), then maybe `=` and a value.
      const std::size_t name_start = i++;
      while (i < n && !is_tag_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') ++i;
      const std::string attribute = ascii_lower(s.substr(name_start, i - name_start));
      if (attribute == "color" || attribute == "face" || attribute == "size")
        tag.font_attributes = true;
      std::size_t j = i;
      while (j < n && is_tag_space(s[j])) ++j;
      if (j >= n || s[j] != '=') continue;
      i = j + 1;
      while (i < n && is_tag_space(s[i])) ++i;
      if (i >= n) break;
      if (s[i] == '"' || s[i] == '\'') {
        const std::size_t close = s.find(s[i], i + 1);
        if (close == npos) break;
        i = close + 1;
      } else {
        while (i < n && !is_tag_space(s[i]) && s[i] != '>') ++i;
      }
    }
  }
  return tag;  // the file ends inside the tag: no tag at all
}

std::size_t raw_text_end(std::string_view s, std::size_t pos, const std::string& name) {
  for (std::size_t i = s.find("</", pos); i != npos; i = s.find("</", i + 1))
    if (end_tag_at(s, i, name)) return i;
  return npos;
}

std::size_t script_end(std::string_view s, std::size_t pos) {
  enum { plain, escaped, double_escaped } state = plain;
  for (std::size_t i = pos; i < s.size(); ++i) {
    if (s[i] != '<' && s[i] != '-') continue;
    if (state == plain) {
      if (end_tag_at(s, i, "script")) return i;
      if (s.compare(i, 4, "<!--") == 0) {
        state = escaped;
        i += 1;  // the dashes of `<!--` also count towards a `-->`
      }
      continue;
    }
    if (s.compare(i, 3, "-->") == 0) {
      state = plain;
      i += 2;
    } else if (state == escaped && end_tag_at(s, i, "script")) {
      return i;
    } else if (state == escaped && s.compare(i, 7, "<script") == 0 &&
               ascii_lower(s.substr(i + 1, 6)) == "script" && is_end_tag_delimiter(s, i + 7)) {
      state = double_escaped;
      i += 6;
    } else if (state == double_escaped && end_tag_at(s, i, "script")) {
      state = escaped;
      i += 8;
    }
  }
  return npos;
}

std::size_t markup_declaration_end(std::string_view html, std::size_t lt, bool foreign) {
  std::size_t after = npos;
  if (html.compare(lt, 4, "<!--") == 0) {
    // A comment ends at `-->` or `--!>`; `<!-->` and `<!--->` end at once.
    if (html.compare(lt + 4, 1, ">") == 0) {
      after = lt + 5;
    } else if (html.compare(lt + 4, 2, "->") == 0) {
      after = lt + 6;
    } else {
      const std::size_t a = html.find("-->", lt + 4), b = html.find("--!>", lt + 4);
      const std::size_t end = std::min(a, b);
      after = end == npos ? npos : end + (end == a ? 3 : 4);
    }
  } else if (foreign && html.compare(lt, 9, "<![CDATA[") == 0) {
    const std::size_t end = html.find("]]>", lt + 9);
    after = end == npos ? npos : end + 3;
  } else {
    const std::size_t end = html.find('>', lt + 2);
    after = end == npos ? npos : end + 1;
  }
  return after;
}

}  // namespace r2p::html_tokens
