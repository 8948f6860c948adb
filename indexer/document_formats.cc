// Markdown (YAML front matter + CommonMark body through cmark), HTML (through gumbo) and plain-text
// reports to plain fields, and the date forms people write in them. Nothing here checks values
// against the corpus.
#include "indexer/document_formats.h"

#include <gumbo.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <set>
#include <utility>

// cmark.h otherwise defines short macros (NODE_TEXT, ...) that collide with other headers.
#define CMARK_NO_SHORT_NAMES
#include <cmark.h>

namespace r2p {

namespace {

constexpr auto npos = std::string_view::npos;

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

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
// Markdown: YAML front matter

/// Adds a metadata value as one line of text; empty values are left out.
void add_value(MetaField& field, std::string_view value) {
  std::string text = collapse_whitespace(value);
  if (!text.empty()) field.values.push_back(std::move(text));
}

/// Reads the front matter `yaml`, whose first line is line `first_line` of the file, into
/// `metadata`.
void read_front_matter(const std::string& yaml, int first_line, const std::string& file,
                       std::map<std::string, MetaField>& metadata, std::vector<Problem>& problems) {
  const auto line_of = [&](const YAML::Mark& mark) {
    return mark.is_null() ? first_line : first_line + mark.line;
  };
  try {
    const YAML::Node root = YAML::Load(yaml);
    if (root.IsNull()) return;
    if (!root.IsMap()) {
      problems.push_back({{file, line_of(root.Mark()), "", ""},
                          "the front matter is not a mapping; write one `key: value` line per "
                          "field between the `---` lines"});
      return;
    }
    for (const auto& entry : root) {
      const YAML::Node& key = entry.first;
      const YAML::Node& value = entry.second;
      const int line = line_of(key.Mark());
      const std::string written = key.IsScalar() ? collapse_whitespace(key.Scalar()) : "";
      if (written.empty()) {
        problems.push_back(
            {{file, line, "", ""}, "a front matter key is not a plain name; write `name: value`"});
        continue;
      }
      const std::string name = ascii_lower(written);
      if (const auto seen = metadata.find(name); seen != metadata.end()) {
        problems.push_back(
            {{file, line, "", written},
             "given twice (first at line " + std::to_string(seen->second.line) + "); keep one"});
        continue;
      }
      MetaField field;
      field.line = line;
      bool nested = value.IsMap();
      if (value.IsScalar()) {
        add_value(field, value.Scalar());
      } else if (value.IsSequence()) {
        field.list = true;
        for (const YAML::Node& item : value) {
          if (item.IsScalar()) {
            add_value(field, item.Scalar());
          } else if (!item.IsNull()) {
            nested = true;
          }
        }
      }
      if (nested) {
        problems.push_back(
            {{file, line, "", written},
             "nested values are not supported; write a string or a list of strings"});
        continue;
      }
      metadata.emplace(name, std::move(field));
    }
  } catch (const YAML::Exception& e) {
    problems.push_back({{file, line_of(e.mark), "", ""}, "invalid YAML front matter: " + e.msg});
  }
}

// ---------------------------------------------------------------------------------------------
// Markdown: body through cmark

struct CmarkNodeFree {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct CmarkIterFree {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};

/// A paragraph-like block of a Markdown body and its text.
struct MarkdownBlock {
  bool heading = false;
  int level = 0;
  int line = 0;
  std::string text;
};

/// The blocks of a CommonMark `body` in document order: paragraphs (also inside list items and
/// block quotes), headings and code blocks. Links keep their text; images, raw HTML and markup
/// are dropped. Walks with cmark's iterator, so deep nesting cannot exhaust the stack.
std::vector<MarkdownBlock> markdown_blocks(std::string_view body) {
  std::vector<MarkdownBlock> blocks;
  const std::unique_ptr<cmark_node, CmarkNodeFree> document(
      cmark_parse_document(body.data(), body.size(), CMARK_OPT_DEFAULT));
  if (!document) return blocks;
  const std::unique_ptr<cmark_iter, CmarkIterFree> iter(cmark_iter_new(document.get()));
  cmark_node* open = nullptr;  // the paragraph or heading whose text is being gathered
  std::string text;
  cmark_event_type event;
  while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    const char* literal = cmark_node_get_literal(node);
    if (event == CMARK_EVENT_EXIT) {
      if (node == open) {
        MarkdownBlock block;
        block.heading = type == CMARK_NODE_HEADING;
        block.level = block.heading ? cmark_node_get_heading_level(node) : 0;
        block.line = cmark_node_get_start_line(node);
        block.text = collapse_whitespace(text);
        blocks.push_back(std::move(block));
        open = nullptr;
      }
      continue;
    }
    switch (type) {
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
        open = node;
        text.clear();
        break;
      case CMARK_NODE_CODE_BLOCK: {
        MarkdownBlock block;
        block.line = cmark_node_get_start_line(node);
        block.text = collapse_whitespace(literal ? literal : "");
        blocks.push_back(std::move(block));
        break;
      }
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        if (literal) text += literal;
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        text += ' ';
        break;
      case CMARK_NODE_HTML_INLINE:
        // Raw HTML is dropped, but a <br> still separates the words around it.
        if (literal && starts_with_ci(literal, "<br")) text += ' ';
        break;
      case CMARK_NODE_IMAGE:
        cmark_iter_reset(iter.get(), node, CMARK_EVENT_EXIT);  // its alt text is not shown
        break;
      default:  // containers, emphasis, links: their children carry the text
        break;
    }
  }
  return blocks;
}

DocumentSource parse_markdown(const std::string& text, const std::string& file,
                              std::vector<Problem>& problems) {
  DocumentSource source;
  std::string_view body = text;
  int line_offset = 0;  // file line of the body's line 0
  const std::vector<std::string_view> lines = split_lines(text);
  if (trim_right_blanks(lines[0]) == "---") {
    std::size_t close = 1;
    while (close < lines.size() && trim_right_blanks(lines[close]) != "---" &&
           trim_right_blanks(lines[close]) != "...")
      ++close;
    if (close == lines.size()) {
      problems.push_back({{file, 1, "", ""},
                          "invalid YAML front matter: no closing `---` line; end the front "
                          "matter with a line `---`"});
      return source;
    }
    std::string yaml;
    for (std::size_t i = 1; i < close; ++i) {
      yaml += lines[i];
      yaml += '\n';
    }
    read_front_matter(yaml, 2, file, source.metadata, problems);
    const std::size_t body_start =
        static_cast<std::size_t>(lines[close].data() - text.data()) + lines[close].size() + 1;
    body = body_start < text.size() ? body.substr(body_start) : std::string_view();
    line_offset = static_cast<int>(close) + 1;
  }

  std::vector<MarkdownBlock> blocks = markdown_blocks(body);
  // The title is the first level-1 heading, else the first heading of any level.
  std::optional<std::size_t> title;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (!blocks[i].heading || blocks[i].text.empty()) continue;
    if (blocks[i].level == 1) {
      title = i;
      break;
    }
    if (!title) title = i;
  }
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const int line = blocks[i].line + line_offset;
    if (title && i == *title) {
      source.title = blocks[i].text;
      source.title_line = line;
    } else {
      add_paragraph(source, blocks[i].text, line);
    }
  }
  return source;
}

// ---------------------------------------------------------------------------------------------
// HTML through gumbo

struct GumboOutputFree {
  void operator()(GumboOutput* output) const {
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
};

const GumboVector* children_of(const GumboNode* node) {
  switch (node->type) {
    case GUMBO_NODE_DOCUMENT:
      return &node->v.document.children;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return &node->v.element.children;
    default:
      return nullptr;
  }
}

/// Depth first from `root`, without recursion (documents may nest deeply): `enter(node)` returns
/// whether to visit the node's children; `leave(node)` follows for nodes entered with true.
template <typename Enter, typename Leave>
void walk_html(const GumboNode* root, Enter enter, Leave leave) {
  struct Frame {
    const GumboNode* node;
    unsigned next;
  };
  if (!enter(root)) return;
  std::vector<Frame> stack{{root, 0}};
  while (!stack.empty()) {
    const GumboNode* node = stack.back().node;
    const GumboVector* children = children_of(node);
    if (!children || stack.back().next >= children->length) {
      leave(node);
      stack.pop_back();
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children->data[stack.back().next++]);
    if (enter(child)) stack.push_back({child, 0});
  }
}

bool is_element(const GumboNode* node, GumboTag tag) {
  return node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == tag;
}

std::string attribute(const GumboNode* node, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&node->v.element.attributes, name);
  return attr ? attr->value : "";
}

/// Elements whose text a reader does not see as the report: scripts, page furniture (navigation,
/// header, footer, asides), forms and embedded objects, and anything marked hidden.
bool is_dropped(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE) return true;
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_HEAD:
    // Fallback content shown only by browsers that cannot play or draw the element.
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_CANVAS:
      return true;
    default:
      break;
  }
  if (gumbo_get_attribute(&node->v.element.attributes, "hidden")) return true;
  if (ascii_lower(collapse_whitespace(attribute(node, "aria-hidden"))) == "true") return true;
  const std::string role = ascii_lower(collapse_whitespace(attribute(node, "role")));
  return role == "navigation" || role == "banner" || role == "contentinfo" || role == "search";
}

/// Elements that start and end a paragraph; everything else is joined into the enclosing block.
bool is_block(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_CENTER:
      return true;
    default:
      return false;
  }
}

/// The first element under `root` (itself included) for which `match` holds, not looking inside
/// dropped elements when `skip_dropped`.
template <typename Match>
const GumboNode* find_element(const GumboNode* root, bool skip_dropped, Match match) {
  const GumboNode* found = nullptr;
  walk_html(
      root,
      [&](const GumboNode* node) {
        if (found || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
                      node->type != GUMBO_NODE_TEMPLATE))
          return false;
        if (skip_dropped && node != root && is_dropped(node)) return false;
        if (node->type == GUMBO_NODE_ELEMENT && match(node)) {
          found = node;
          return false;
        }
        return true;
      },
      [](const GumboNode*) {});
  return found;
}

/// Collects the visible text of an HTML subtree into paragraphs, one per block element.
class HtmlParagraphs {
 public:
  explicit HtmlParagraphs(DocumentSource& source) : source_(source) {}

  void add_text(std::string_view text, int line) {
    if (line_ == 0) {
      const std::size_t visible = first_visible(text);
      if (visible != npos) line_ = line + count_newlines(text.substr(0, visible));
    }
    buffer_ += text;
  }
  void add_space() { buffer_ += ' '; }
  void flush() {
    if (line_ != 0) add_paragraph(source_, buffer_, line_);
    buffer_.clear();
    line_ = 0;
  }

 private:
  DocumentSource& source_;
  std::string buffer_;
  int line_ = 0;  ///< line of the first visible character in buffer_, 0 while there is none
};

/// The visible text of `root` (dropped descendants left out) on one line.
std::string node_text(const GumboNode* root) {
  std::string text;
  walk_html(
      root,
      [&](const GumboNode* node) {
        switch (node->type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_CDATA:
          case GUMBO_NODE_WHITESPACE:
            text += node->v.text.text;
            return false;
          case GUMBO_NODE_ELEMENT:
            if (node != root && is_dropped(node)) return false;
            if (is_element(node, GUMBO_TAG_BR) || is_block(node)) text += ' ';
            return true;
          default:
            return false;
        }
      },
      [&](const GumboNode* node) {
        if (is_block(node)) text += ' ';
      });
  return collapse_whitespace(text);
}

DocumentSource parse_html(const std::string& text) {
  DocumentSource source;
  const std::unique_ptr<GumboOutput, GumboOutputFree> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, text.data(), text.size()));
  if (!output) return source;
  const GumboNode* document = output->document;

  // <meta name content>: every one, wherever it is.
  walk_html(
      document,
      [&](const GumboNode* node) {
        if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return false;
        if (!is_element(node, GUMBO_TAG_META)) return true;
        const std::string name = ascii_lower(collapse_whitespace(attribute(node, "name")));
        if (name.empty()) return false;
        const auto [it, inserted] = source.metadata.try_emplace(name);
        MetaField& field = it->second;
        if (inserted) {
          field.line = static_cast<int>(node->v.element.start_pos.line);
        } else {
          field.list = true;
        }
        add_value(field, attribute(node, "content"));
        return false;
      },
      [](const GumboNode*) {});

  // Text comes from the first <main>, else the first <article>, else the body.
  const GumboNode* body = find_element(
      document, false, [](const GumboNode* node) { return is_element(node, GUMBO_TAG_BODY); });
  const GumboNode* scope = body ? body : document;
  const GumboNode* root = find_element(
      scope, true, [](const GumboNode* node) { return is_element(node, GUMBO_TAG_MAIN); });
  if (!root)
    root = find_element(scope, true,
                        [](const GumboNode* node) { return is_element(node, GUMBO_TAG_ARTICLE); });
  if (!root) root = scope;

  // The title: <title>; without one, the first <h1> (in the text, else anywhere), which then is
  // not repeated as a paragraph.
  const GumboNode* title_heading = nullptr;
  const GumboNode* title = find_element(document, false, [](const GumboNode* node) {
    return is_element(node, GUMBO_TAG_TITLE) &&
           node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
  });
  if (title) source.title = node_text(title);
  if (source.title.empty()) {
    const auto is_h1 = [](const GumboNode* node) {
      return is_element(node, GUMBO_TAG_H1) && !node_text(node).empty();
    };
    title_heading = find_element(root, true, is_h1);
    if (!title_heading) title_heading = find_element(document, false, is_h1);
    if (title_heading) {
      source.title = node_text(title_heading);
      title = title_heading;
    }
  }
  if (title && !source.title.empty())
    source.title_line = static_cast<int>(title->v.element.start_pos.line);

  HtmlParagraphs paragraphs(source);
  walk_html(
      root,
      [&](const GumboNode* node) {
        switch (node->type) {
          case GUMBO_NODE_TEXT:
          case GUMBO_NODE_CDATA:
            paragraphs.add_text(node->v.text.text, static_cast<int>(node->v.text.start_pos.line));
            return false;
          case GUMBO_NODE_WHITESPACE:
            paragraphs.add_space();
            return false;
          case GUMBO_NODE_DOCUMENT:
            return true;
          case GUMBO_NODE_ELEMENT:
            if (node != root && is_dropped(node)) return false;
            if (node == title_heading) {
              paragraphs.flush();
              return false;
            }
            if (is_element(node, GUMBO_TAG_BR)) paragraphs.add_space();
            if (is_block(node)) paragraphs.flush();
            return true;
          default:
            return false;
        }
      },
      [&](const GumboNode* node) {
        if (is_block(node)) paragraphs.flush();
      });
  paragraphs.flush();
  return source;
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

namespace {

/// Elements an HTML page may nest; gumbo's time and memory grow with the square of the depth.
constexpr int kMaxHtmlDepth = 1000;

/// How deep the page's elements nest, estimated from its tags: void elements and those an HTML
/// parser closes by itself (p, li, td…) do not count, and script, style and comments are
/// skipped. Returns the line where the depth first exceeds kMaxHtmlDepth, or 0.
int too_deep_html_line(std::string_view html) {
  static const std::set<std::string> flat = {
      "area", "base",  "br",     "col",    "embed",    "hr", "img", "input", "link",
      "meta", "param", "source", "track",  "wbr",      "p",  "li",  "td",    "th",
      "tr",   "dt",    "dd",     "option", "optgroup", "rb", "rt",  "rp",    "colgroup"};
  int depth = 0, line = 1;
  for (std::size_t i = 0; i < html.size(); ++i) {
    if (html[i] == '\n') ++line;
    if (html[i] != '<' || i + 1 >= html.size()) continue;
    if (html.compare(i, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", i + 4);
      if (end == std::string_view::npos) break;
      line += static_cast<int>(std::count(html.begin() + i, html.begin() + end, '\n'));
      i = end + 2;
      continue;
    }
    const bool closing = html[i + 1] == '/';
    std::size_t j = i + (closing ? 2 : 1);
    std::string name;
    while (j < html.size() && std::isalnum(static_cast<unsigned char>(html[j])))
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[j++])));
    if (name.empty() || flat.count(name)) continue;
    if (closing) {
      depth = std::max(0, depth - 1);
      continue;
    }
    if (name == "script" || name == "style") {
      const std::size_t end = html.find("</" + name, j);
      if (end == std::string_view::npos) break;
      line += static_cast<int>(std::count(html.begin() + j, html.begin() + end, '\n'));
      i = end;
      continue;
    }
    const std::size_t close = html.find('>', j);
    if (close != std::string_view::npos && close > 0 && html[close - 1] == '/') continue;
    if (++depth > kMaxHtmlDepth) return line;
  }
  return 0;
}

}  // namespace

DocumentSource parse_document(std::string_view content, DocumentFormat format,
                              const std::string& file, std::vector<Problem>& problems) {
  if (format == DocumentFormat::html) {
    if (const int line = too_deep_html_line(content)) {
      problems.push_back({{file, line, "", ""},
                          "elements nest more than " + std::to_string(kMaxHtmlDepth) +
                              " deep here; an HTML page this deep cannot be read safely"});
      return {};
    }
  }
  const std::optional<std::string> text = prepared_text(content, file, problems);
  if (!text) return {};
  switch (format) {
    case DocumentFormat::markdown:
      return parse_markdown(*text, file, problems);
    case DocumentFormat::html:
      return parse_html(*text);
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
