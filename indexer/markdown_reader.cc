// Markdown reports: YAML front matter through yaml-cpp and a CommonMark body through md4c, whose
// parser is linear in the size of its input by design (Debian's cmark 0.30.2 took quadratic time
// on link and emphasis runs such as `![[]()` repeated, the class of CVE-2023-22486).
#include <gumbo.h>
#include <md4c.h>
#include <unicode/utf8.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "indexer/document_readers.h"
#include "indexer/json_fields.h"

namespace r2p {

using namespace document_text;

namespace {

// ---------------------------------------------------------------------------------------------
// Markdown: YAML front matter

/// Whether the front matter `root` declares a record type other than `document` (the file is
/// then that record, its fields nested as the JSON records nest them).
bool declares_record(const YAML::Node& root) {
  const YAML::Node type = root["type"];
  return type && type.IsScalar() && collapse_whitespace(type.Scalar()) != "document";
}

/// The YAML `node` as the JSON the record reader validates: mappings, sequences and strings as
/// written, null as null. A plain integer is a number only under the keys the records write as
/// numbers (`count`, `paragraph`, `paragraphs`); elsewhere it is the text written (`date: 2015`).
json yaml_to_json(const YAML::Node& node, const std::string& key) {
  if (node.IsMap()) {
    json out = json::object();
    for (const auto& entry : node)
      if (entry.first.IsScalar()) {
        const std::string name = entry.first.Scalar();
        out[name] = yaml_to_json(entry.second, name);
      }
    return out;
  }
  if (node.IsSequence()) {
    json out = json::array();
    for (const auto& item : node) out.push_back(yaml_to_json(item, key));
    return out;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string& text = node.Scalar();
  const bool plain = node.Tag() == "?";
  if (plain && (text == "null" || text == "~" || text.empty())) return nullptr;
  const bool number_key = key == "count" || key == "paragraph" || key == "paragraphs";
  if (plain && number_key && !text.empty() && text.size() < 10 &&
      std::all_of(text.begin(), text.end(), is_ascii_digit))
    return std::stoi(text);
  return text;
}

/// Reads the front matter `yaml`, whose first line is line `first_line` of the file, into
/// `source.metadata`, and into `source.record_fields` when it declares a record type.
void read_front_matter(const std::string& yaml, int first_line, const std::string& file,
                       DocumentSource& source, std::vector<Problem>& problems) {
  std::map<std::string, MetaField>& metadata = source.metadata;
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
    const bool record = declares_record(root);
    if (record) source.record_fields = yaml_to_json(root, "").dump();
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
      if (nested && !record) {
        problems.push_back(
            {{file, line, "", written},
             "nested values are not supported; write a string or a list of strings"});
        continue;
      }
      metadata.emplace(name, std::move(field));
    }
  } catch (const YAML::DeepRecursion& e) {
    problems.push_back({{file, line_of(e.mark), "", ""},
                        "the front matter nests more than " + std::to_string(kMaxYamlDepth) +
                            " levels deep here (the limit for YAML front matter); write one "
                            "`key: value` line per field, lists as `[a, b]`"});
  } catch (const YAML::Exception& e) {
    problems.push_back({{file, line_of(e.mark), "", ""}, "invalid YAML front matter: " + e.msg});
  }
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Markdown: body through md4c

/// A paragraph-like block of a Markdown body and its text.
struct MarkdownBlock {
  bool heading = false;
  int level = 0;
  int line = 0;
  std::string text;
};

/// UTF-8 for a code point; U+FFFD for none (0, surrogates, past U+10FFFF), as CommonMark says.
std::string utf8(std::uint32_t code_point) {
  if (code_point == 0 || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF))
    code_point = 0xFFFD;
  char buffer[4];
  std::int32_t length = 0;
  bool error = false;
  U8_APPEND(buffer, length, 4, code_point, error);
  return error ? std::string("\xEF\xBF\xBD")
               : std::string(buffer, static_cast<std::size_t>(length));
}

/// The text of an entity md4c found (`&amp;`, `&#233;`, `&#xE9;`). Named ones are looked up by
/// gumbo's HTML5 table once each; one it does not know stays as written.
std::string decode_entity(std::string_view entity) {
  if (entity.size() >= 4 && entity[1] == '#') {
    const bool hex = entity[2] == 'x' || entity[2] == 'X';
    std::uint32_t value = 0;
    for (std::size_t i = hex ? 3 : 2; i + 1 < entity.size(); ++i) {
      const char c = entity[i];
      const std::uint32_t digit = c >= '0' && c <= '9'   ? static_cast<std::uint32_t>(c - '0')
                                  : c >= 'a' && c <= 'f' ? static_cast<std::uint32_t>(c - 'a' + 10)
                                                         : static_cast<std::uint32_t>(c - 'A' + 10);
      value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);
    }
    return utf8(value);
  }
  static std::map<std::string, std::string, std::less<>> named;
  if (const auto it = named.find(entity); it != named.end()) return it->second;
  std::string text(entity);
  GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, text.data(), text.size());
  if (output) {
    // document > html > body > text
    const GumboNode* node = output->root;
    const GumboVector* children = &node->v.element.children;
    for (unsigned i = 0; i < children->length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children->data[i]);
      if (child->type != GUMBO_NODE_ELEMENT || child->v.element.tag != GUMBO_TAG_BODY) continue;
      const GumboVector* body = &child->v.element.children;
      if (body->length == 1) {
        const auto* only = static_cast<const GumboNode*>(body->data[0]);
        if (only->type == GUMBO_NODE_TEXT) text = only->v.text.text;
      }
    }
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
  return named.emplace(std::string(entity), text).first->second;
}

/// Gathers blocks from md4c's callbacks.
class MarkdownCollector {
 public:
  explicit MarkdownCollector(std::string_view body) : body_(body) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < body.size(); ++i)
      if (body[i] == '\n') line_starts_.push_back(i + 1);
  }

  std::vector<MarkdownBlock> take() { return std::move(blocks_); }

  int enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_P:
      case MD_BLOCK_H:
      case MD_BLOCK_CODE:
        open(type == MD_BLOCK_H ? static_cast<MD_BLOCK_H_DETAIL*>(detail)->level : 0, type);
        if (type == MD_BLOCK_CODE) {
          // A fenced block starts at its fence, where its info string is (empty or not).
          const auto* code = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
          if (code->fence_char != 0 && in_body(code->info.text)) {
            block_->line = line_of(code->info.text);
          } else if (code->fence_char != 0) {
            fence_lines_ = 1;  // no info string: the fence is the line before the code
          }
        }
        break;
      case MD_BLOCK_HTML:
        close();
        in_html_block_ = true;
        break;
      default:  // containers: a tight list item's text was a block of its own
        close();
        break;
    }
    return 0;
  }

  int leave_block(MD_BLOCKTYPE type, void*) {
    if (type == MD_BLOCK_HTML) in_html_block_ = false;
    close();
    return 0;
  }

  int enter_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_IMG) ++in_image_;
    return 0;
  }
  int leave_span(MD_SPANTYPE type) {
    if (type == MD_SPAN_IMG) --in_image_;
    return 0;
  }

  int text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size) {
    if (in_html_block_) return 0;
    const std::string_view piece(text, size);
    if (!block_) open(0, MD_BLOCK_P);  // the text of a tight list item
    if (block_->line == 0 && in_body(piece.data())) {
      block_->line = line_of(piece.data()) - fence_lines_;
    } else if (block_->line == 0 && fence_lines_ > 0 && piece == "\n") {
      ++fence_lines_;  // a blank line at the top of a fenced block comes from md4c's constants
    }
    if (in_image_ > 0) return 0;  // an image's alt text is not shown
    switch (type) {
      case MD_TEXT_BR:
      case MD_TEXT_SOFTBR:
        block_->text += ' ';
        break;
      case MD_TEXT_ENTITY:
        block_->text += decode_entity(piece);
        break;
      case MD_TEXT_HTML:
        // Raw HTML is dropped, but a <br> still separates the words around it.
        if (starts_with_ci(piece, "<br")) block_->text += ' ';
        break;
      case MD_TEXT_NULLCHAR:
        block_->text += "\xEF\xBF\xBD";
        break;
      default:
        block_->text += piece;
        break;
    }
    return 0;
  }

 private:
  void open(int level, MD_BLOCKTYPE type) {
    close();
    block_.emplace();
    block_->heading = type == MD_BLOCK_H;
    block_->level = level;
    fence_lines_ = 0;
  }

  void close() {
    if (!block_) return;
    block_->text = collapse_whitespace(block_->text);
    blocks_.push_back(std::move(*block_));
    block_.reset();
  }

  /// Whether `p` points into the body (md4c passes some texts, such as line breaks, from its own
  /// constants).
  bool in_body(const char* p) const { return p >= body_.data() && p < body_.data() + body_.size(); }

  int line_of(const char* p) const {
    const auto offset = static_cast<std::size_t>(p - body_.data());
    return static_cast<int>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) -
                            line_starts_.begin());
  }

  std::string_view body_;
  std::vector<std::size_t> line_starts_;
  std::vector<MarkdownBlock> blocks_;
  std::optional<MarkdownBlock> block_;  ///< the block whose text is being gathered
  int fence_lines_ = 0;  ///< lines between a fence without info string and the code seen so far
  bool in_html_block_ = false;
  int in_image_ = 0;
};

/// The blocks of a CommonMark `body` in document order: paragraphs (also inside list items and
/// block quotes), headings and code blocks, each with its 1-based line in `body`. Links keep
/// their text; images, raw HTML and markup are dropped. md4c keeps no tree and does not recurse
/// on nesting, so deep lists and quotes cannot exhaust the stack.
std::vector<MarkdownBlock> markdown_blocks(std::string_view body) {
  MarkdownCollector collector(body);
  MD_PARSER parser{};
  parser.flags = 0;  // plain CommonMark, as cmark's defaults were
  parser.enter_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
    return static_cast<MarkdownCollector*>(self)->enter_block(type, detail);
  };
  parser.leave_block = [](MD_BLOCKTYPE type, void* detail, void* self) {
    return static_cast<MarkdownCollector*>(self)->leave_block(type, detail);
  };
  parser.enter_span = [](MD_SPANTYPE type, void*, void* self) {
    return static_cast<MarkdownCollector*>(self)->enter_span(type);
  };
  parser.leave_span = [](MD_SPANTYPE type, void*, void* self) {
    return static_cast<MarkdownCollector*>(self)->leave_span(type);
  };
  parser.text = [](MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* self) {
    return static_cast<MarkdownCollector*>(self)->text(type, text, size);
  };
  md_parse(body.data(), static_cast<MD_SIZE>(body.size()), &parser, &collector);
  return collector.take();
}

}  // namespace

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
    read_front_matter(yaml, 2, file, source, problems);
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

}  // namespace r2p
