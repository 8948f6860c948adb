// HTML reports through gumbo: the visible text of the page as paragraphs, and its metadata (title,
// <meta> fields), once html_nesting (html_nesting.cc) has found the page shallow enough to parse.
#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>
#include <set>

#include "indexer/document_readers.h"

namespace r2p {

using namespace document_text;

namespace {

constexpr auto npos = std::string_view::npos;

/// gumbo's defaults, but no parse errors recorded: nothing reads them, and each one copies the
/// whole stack of open elements.
const GumboOptions kHtmlOptions = [] {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  return options;
}();

struct GumboOutputFree {
  void operator()(GumboOutput* output) const { gumbo_destroy_output(&kHtmlOptions, output); }
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

/// Whether `node` is an element with one of `tags`.
template <std::size_t N>
bool has_tag(const GumboNode* node, const GumboTag (&tags)[N]) {
  return node->type == GUMBO_NODE_ELEMENT &&
         std::find(std::begin(tags), std::end(tags), node->v.element.tag) != std::end(tags);
}

/// Elements whose text a reader does not see as the report: scripts, page furniture (navigation,
/// header, footer, asides), forms and embedded objects.
constexpr GumboTag kDroppedTags[] = {
    GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_NAV,
    GUMBO_TAG_ASIDE, GUMBO_TAG_FOOTER, GUMBO_TAG_HEADER, GUMBO_TAG_FORM, GUMBO_TAG_BUTTON,
    GUMBO_TAG_SVG, GUMBO_TAG_IFRAME, GUMBO_TAG_OBJECT, GUMBO_TAG_SELECT, GUMBO_TAG_TEXTAREA,
    GUMBO_TAG_HEAD,
    // Fallback content shown only by browsers that cannot play or draw the element.
    GUMBO_TAG_VIDEO, GUMBO_TAG_AUDIO, GUMBO_TAG_CANVAS};

/// Elements that start and end a paragraph; everything else is joined into the enclosing block.
constexpr GumboTag kBlockTags[] = {
    GUMBO_TAG_HTML,    GUMBO_TAG_BODY,       GUMBO_TAG_P,      GUMBO_TAG_H1,
    GUMBO_TAG_H2,      GUMBO_TAG_H3,         GUMBO_TAG_H4,     GUMBO_TAG_H5,
    GUMBO_TAG_H6,      GUMBO_TAG_HGROUP,     GUMBO_TAG_LI,     GUMBO_TAG_UL,
    GUMBO_TAG_OL,      GUMBO_TAG_MENU,       GUMBO_TAG_DL,     GUMBO_TAG_DD,
    GUMBO_TAG_DT,      GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_PRE,    GUMBO_TAG_TABLE,
    GUMBO_TAG_CAPTION, GUMBO_TAG_THEAD,      GUMBO_TAG_TBODY,  GUMBO_TAG_TFOOT,
    GUMBO_TAG_TR,      GUMBO_TAG_TD,         GUMBO_TAG_TH,     GUMBO_TAG_DIV,
    GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE,    GUMBO_TAG_MAIN,   GUMBO_TAG_ADDRESS,
    GUMBO_TAG_FIGURE,  GUMBO_TAG_FIGCAPTION, GUMBO_TAG_HR,     GUMBO_TAG_DETAILS,
    GUMBO_TAG_SUMMARY, GUMBO_TAG_FIELDSET,   GUMBO_TAG_LEGEND, GUMBO_TAG_CENTER};

/// Elements whose text a reader does not see as the report: kDroppedTags, and anything marked
/// hidden.
bool is_dropped(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEMPLATE) return true;
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  if (has_tag(node, kDroppedTags)) return true;
  if (gumbo_get_attribute(&node->v.element.attributes, "hidden")) return true;
  if (ascii_lower(collapse_whitespace(attribute(node, "aria-hidden"))) == "true") return true;
  const std::string role = ascii_lower(collapse_whitespace(attribute(node, "role")));
  return role == "navigation" || role == "banner" || role == "contentinfo" || role == "search";
}

bool is_block(const GumboNode* node) {
  return has_tag(node, kBlockTags);
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

/// <meta name content>: every one, wherever it is.
void read_meta(const GumboNode* document, DocumentSource& source) {
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
}

/// Text comes from the first <main>, else the first <article>, else the body.
const GumboNode* text_root(const GumboNode* document) {
  const GumboNode* body = find_element(
      document, false, [](const GumboNode* node) { return is_element(node, GUMBO_TAG_BODY); });
  const GumboNode* scope = body ? body : document;
  const GumboNode* root = find_element(
      scope, true, [](const GumboNode* node) { return is_element(node, GUMBO_TAG_MAIN); });
  if (!root)
    root = find_element(scope, true,
                        [](const GumboNode* node) { return is_element(node, GUMBO_TAG_ARTICLE); });
  if (!root) root = scope;
  return root;
}

/// The title: <title>; without one, the first <h1> (in the text, else anywhere), which then is
/// not repeated as a paragraph: returned (nullptr when the title is not an <h1>).
const GumboNode* read_title(const GumboNode* document, const GumboNode* root,
                            DocumentSource& source) {
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
  return title_heading;
}

/// The visible text under `root` as paragraphs, the title's <h1> (`title_heading`) left out.
void read_paragraphs(const GumboNode* root, const GumboNode* title_heading,
                     DocumentSource& source) {
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
}

}  // namespace

DocumentSource parse_html(const std::string& text, const std::string& file,
                          std::vector<Problem>& problems) {
  DocumentSource source;
  if (const HtmlNesting nesting = html_nesting(text, kMaxHtmlDepth); nesting.line != 0) {
    problems.push_back({{file, nesting.line, "", ""},
                        "elements nest more than " + std::to_string(kMaxHtmlDepth) +
                            " deep here (the limit for HTML reports); close the elements that "
                            "are left open, or save the report as text"});
    return source;
  }
  const std::unique_ptr<GumboOutput, GumboOutputFree> output(
      gumbo_parse_with_options(&kHtmlOptions, text.data(), text.size()));
  if (!output) return source;
  const GumboNode* document = output->document;

  read_meta(document, source);
  const GumboNode* root = text_root(document);
  const GumboNode* title_heading = read_title(document, root, source);
  read_paragraphs(root, title_heading, source);
  return source;
}

}  // namespace r2p
