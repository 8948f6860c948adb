// HTML reports through gumbo, behind a nesting check that reads the page with the HTML
// tokenizer's own rules (quoted attributes, comments, raw text, foreign content) and follows the
// tree builder's stack of open elements closely enough to never count less than gumbo holds.
// gumbo's time grows with the number of tokens times the depth of that stack, so the depth is
// what must be bounded; its parse errors are not recorded at all (each copied the whole stack).
#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <set>

#include "indexer/document_readers.h"

namespace r2p {

using namespace document_text;

namespace {

constexpr auto npos = std::string_view::npos;

// ---------------------------------------------------------------------------------------------
// Nesting check

enum class Space { html, svg, math };

struct OpenElement {
  std::string name;
  Space space = Space::html;
};

bool is_tag_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool in(const std::string& name, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* n) { return name == n; });
}

bool is_void(const std::string& name) {
  return in(name,
            {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
             "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"});
}

bool is_formatting(const std::string& name) {
  return in(name, {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                   "strong", "tt", "u"});
}

/// Elements that put a marker in the list of active formatting elements.
bool is_marker(const std::string& name) {
  return in(name, {"applet", "caption", "marquee", "object", "td", "th", "template"});
}

/// The HTML standard's "special" category.
bool is_special(const OpenElement& e) {
  if (e.space == Space::math)
    return in(e.name, {"mi", "mo", "mn", "ms", "mtext", "annotation-xml"});
  if (e.space == Space::svg) return in(e.name, {"foreignobject", "desc", "title"});
  return in(e.name,
            {"address", "applet",     "area",     "article",    "aside",     "base",     "basefont",
             "bgsound", "blockquote", "body",     "br",         "button",    "caption",  "center",
             "col",     "colgroup",   "dd",       "details",    "dir",       "div",      "dl",
             "dt",      "embed",      "fieldset", "figcaption", "figure",    "footer",   "form",
             "frame",   "frameset",   "h1",       "h2",         "h3",        "h4",       "h5",
             "h6",      "head",       "header",   "hgroup",     "hr",        "html",     "iframe",
             "img",     "input",      "keygen",   "li",         "link",      "listing",  "main",
             "marquee", "menu",       "meta",     "nav",        "noembed",   "noframes", "noscript",
             "object",  "ol",         "p",        "param",      "plaintext", "pre",      "script",
             "section", "select",     "source",   "style",      "summary",   "table",    "tbody",
             "td",      "template",   "textarea", "tfoot",      "th",        "thead",    "title",
             "tr",      "track",      "ul",       "wbr",        "xmp"});
}

/// Where HTML rules apply again inside SVG or MathML.
bool is_integration_point(const OpenElement& e) {
  return e.space != Space::html && is_special(e);
}

/// Boundaries of the standard's "has an element in scope".
bool is_scope_boundary(const OpenElement& e) {
  if (e.space != Space::html) return is_integration_point(e);
  return in(e.name,
            {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"});
}

bool is_heading(const std::string& name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}

/// Start tags that leave SVG or MathML for HTML.
bool breaks_out_of_foreign(const std::string& name, bool font_attributes) {
  return (name == "font" && font_attributes) ||
         in(name,
            {"b",      "big",  "blockquote", "body",  "br",   "center", "code",    "dd",   "div",
             "dl",     "dt",   "em",         "embed", "h1",   "h2",     "h3",      "h4",   "h5",
             "h6",     "head", "hr",         "i",     "img",  "li",     "listing", "menu", "meta",
             "nobr",   "ol",   "p",          "pre",   "ruby", "s",      "small",   "span", "strong",
             "strike", "sub",  "sup",        "table", "tt",   "u",      "ul",      "var"});
}

/// Start tags that close an open <p> first.
bool closes_p(const std::string& name) {
  return is_heading(name) ||
         in(name, {"address", "article",   "aside", "blockquote", "center",     "details", "dialog",
                   "dir",     "div",       "dl",    "fieldset",   "figcaption", "figure",  "footer",
                   "header",  "hgroup",    "main",  "menu",       "nav",        "ol",      "p",
                   "section", "summary",   "ul",    "pre",        "listing",    "form",    "hr",
                   "xmp",     "plaintext", "li",    "dd",         "dt"});
}

/// End tags the standard closes through any element in scope.
bool closes_in_scope(const std::string& name) {
  return is_heading(name) ||
         in(name,
            {"address", "article", "aside",   "blockquote", "button",   "center",     "details",
             "dialog",  "dir",     "div",     "dl",         "fieldset", "figcaption", "figure",
             "footer",  "header",  "hgroup",  "listing",    "main",     "menu",       "nav",
             "ol",      "pre",     "section", "summary",    "ul",       "li",         "dd",
             "dt",      "applet",  "marquee", "object",     "table",    "caption",    "colgroup",
             "tbody",   "thead",   "tfoot",   "tr",         "td",       "th"});
}

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

bool is_end_tag_delimiter(std::string_view s, std::size_t pos) {
  return pos >= s.size() || is_tag_space(s[pos]) || s[pos] == '/' || s[pos] == '>';
}

/// Whether `</name` (any case, then a delimiter) starts at `pos`.
bool end_tag_at(std::string_view s, std::size_t pos, const std::string& name) {
  if (s.compare(pos, 2, "</") != 0 || pos + 2 + name.size() > s.size()) return false;
  return ascii_lower(s.substr(pos + 2, name.size())) == name &&
         is_end_tag_delimiter(s, pos + 2 + name.size());
}

/// Where the raw text of <name> (style, textarea, title…) ends: at its end tag, or npos.
std::size_t raw_text_end(std::string_view s, std::size_t pos, const std::string& name) {
  for (std::size_t i = s.find("</", pos); i != npos; i = s.find("</", i + 1))
    if (end_tag_at(s, i, name)) return i;
  return npos;
}

/// Where a <script>'s text ends: the tokenizer's script data states, where `<!--` and a nested
/// `<script>` can hide a `</script>`.
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

/// The stack of open elements as gumbo's tree builder keeps it, followed closely enough to
/// never hold fewer elements: where the rules are involved (misnested formatting, ruby, <a>
/// inside <a>), it keeps elements the parser would close, never the other way round.
class OpenElements {
 public:
  /// Elements open at once, counting the formatting elements the parser may reopen.
  std::size_t depth() const {
    std::size_t formatting = 0;
    for (const auto& entry : formatting_) formatting += entry.empty() ? 0 : 1;
    return stack_.size() + (formatting > formatting_open_ ? formatting - formatting_open_ : 0);
  }
  std::size_t steps() const { return steps_; }
  bool foreign() const { return !stack_.empty() && stack_.back().space != Space::html; }

  /// A start tag; returns the element whose text is raw (script, style…), or "".
  std::string start(const Tag& tag) {
    const std::string& name = tag.name;
    if (!stack_.empty() && stack_.back().space != Space::html &&
        !is_integration_point(stack_.back())) {
      if (!breaks_out_of_foreign(name, tag.font_attributes)) {
        push({name, stack_.back().space});
        if (tag.self_closing) pop();
        return "";
      }
      while (!stack_.empty() && stack_.back().space != Space::html &&
             !is_integration_point(stack_.back()))
        pop();
    }
    if (name == "svg" || name == "math") {
      push({name, name == "svg" ? Space::svg : Space::math});
      if (tag.self_closing) pop();
      return "";
    }
    if (in_select()) {
      if (name == "option" || name == "optgroup") {
        if (top_is("option")) pop();
        if (name == "optgroup" && top_is("optgroup")) pop();
        push({name, Space::html});
        return "";
      }
      if (name == "script" || name == "template") {
        push({name, Space::html});
        return name == "script" ? name : "";
      }
      const bool table_part =
          in(name, {"table", "caption", "tbody", "thead", "tfoot", "tr", "td", "th"});
      // Table parts leave a <select> inside a table and are ignored in any other.
      if (!(table_part && select_in_table()) &&
          !in(name, {"select", "input", "keygen", "textarea"}))
        return "";  // ignored inside <select>
      close_through("select", [](const OpenElement&) { return false; });
      if (name == "select") return "";
    }
    // The parser adds the <tbody> and <tr> a table leaves out.
    if ((name == "td" || name == "th") && top_is("table")) push({"tbody", Space::html});
    if ((name == "td" || name == "th") && (top_is("tbody") || top_is("thead") || top_is("tfoot")))
      push({"tr", Space::html});
    if (name == "tr" && top_is("table")) push({"tbody", Space::html});
    if (name == "col" && top_is("table")) push({"colgroup", Space::html});
    if (name == "html" || name == "head" || name == "body" || name == "frameset") return "";
    // Table parts outside a table or template are ignored; counting one would let a later end tag
    // close through elements the parser keeps.
    if (in(name, {"caption", "col", "colgroup", "tbody", "thead", "tfoot", "tr", "td", "th"}) &&
        !has_open("table") && !has_open("template"))
      return "";
    if (closes_p(name)) close_through("p", is_button_scope_boundary);
    if (is_heading(name) && !stack_.empty() && stack_.back().space == Space::html &&
        is_heading(stack_.back().name))
      pop();
    if (name == "li" || name == "dd" || name == "dt") close_list_item(name);
    if (name == "option" || name == "optgroup") {
      if (top_is("option")) pop();
    }
    if (name == "button") close_through("button", is_scope_boundary);
    if (name == "td" || name == "th" || name == "tr" || name == "tbody" || name == "thead" ||
        name == "tfoot")
      close_table_part(name);
    if (is_void(name)) return "";
    push({name, Space::html});
    if (is_formatting(name)) formatting_.push_back(name);
    if (in(name, {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title",
                  "plaintext"}))
      return name;
    return "";
  }

  void end(const Tag& tag) {
    const std::string& name = tag.name;
    // In foreign content an end tag closes the nearest foreign element of its name.
    for (std::size_t i = stack_.size(); i-- > 0 && stack_[i].space != Space::html;) {
      ++steps_;
      if (stack_[i].name == name) {
        pop_to(i);
        return;
      }
    }
    if (in_select()) {
      if (name == "select") close_through("select", [](const OpenElement&) { return false; });
      if (name == "option" && top_is("option")) pop();
      if (name == "optgroup") {
        if (top_is("option") && stack_.size() >= 2 && stack_[stack_.size() - 2].name == "optgroup")
          pop();
        if (top_is("optgroup")) pop();
      }
      if (name == "script" && top_is("script")) pop();
      if (name == "template") close_through("template", is_scope_boundary);
      return;
    }
    if (is_formatting(name)) {
      for (std::size_t i = formatting_.size(); i-- > 0 && !formatting_[i].empty();) {
        if (formatting_[i] == name) {
          formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(i));
          break;
        }
      }
    }
    if (name == "p") {
      close_through("p", is_button_scope_boundary);
    } else if (name == "li") {
      close_through("li", [](const OpenElement& e) {
        return is_scope_boundary(e) ||
               (e.space == Space::html && (e.name == "ol" || e.name == "ul"));
      });
    } else if (is_heading(name)) {
      close_heading();
    } else if (name == "form") {
      // </form> takes the form out of the stack and leaves what was opened inside it open.
      for (std::size_t i = stack_.size(); i-- > 0;) {
        ++steps_;
        if (stack_[i].space == Space::html && stack_[i].name == "form") {
          stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(i));
          break;
        }
        if (is_scope_boundary(stack_[i])) break;
      }
    } else if (name == "body" || name == "html" || name == "br") {
      // <body> and <html> stay open; </br> is a <br>.
    } else if (closes_in_scope(name)) {
      close_through(name, is_scope_boundary);
    } else {
      // Any other end tag: the nearest element of that name, unless a special element is nearer.
      close_through(name, is_special);
    }
  }

 private:
  static bool is_button_scope_boundary(const OpenElement& e) {
    return is_scope_boundary(e) || (e.space == Space::html && e.name == "button");
  }

  bool top_is(const char* name) const {
    return !stack_.empty() && stack_.back().space == Space::html && stack_.back().name == name;
  }

  bool has_open(const char* name) {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      ++steps_;
      if (stack_[i].space == Space::html && stack_[i].name == name) return true;
    }
    return false;
  }

  bool select_in_table() const {
    bool select = false;
    for (std::size_t i = stack_.size(); i-- > 0;) {
      if (stack_[i].space != Space::html) return false;
      if (stack_[i].name == "select") select = true;
      if (stack_[i].name == "template") return false;
      if (select && stack_[i].name == "table") return true;
    }
    return false;
  }

  bool in_select() {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      ++steps_;
      const OpenElement& e = stack_[i];
      if (e.space != Space::html) return false;
      if (e.name == "select") return true;
      if (e.name != "option" && e.name != "optgroup") return false;
    }
    return false;
  }

  void push(OpenElement element) {
    if (element.space == Space::html && is_formatting(element.name)) ++formatting_open_;
    if (element.space == Space::html && is_marker(element.name)) formatting_.emplace_back();
    stack_.push_back(std::move(element));
    ++steps_;
  }

  void pop() {
    const OpenElement& e = stack_.back();
    if (e.space == Space::html && is_formatting(e.name)) --formatting_open_;
    if (e.space == Space::html && is_marker(e.name)) {
      // The formatting elements opened inside a cell, caption or object end with it.
      while (!formatting_.empty() && !formatting_.back().empty()) formatting_.pop_back();
      if (!formatting_.empty()) formatting_.pop_back();
    }
    stack_.pop_back();
    ++steps_;
  }

  void pop_to(std::size_t index) {
    while (stack_.size() > index) pop();
  }

  /// Closes the nearest HTML element `name` and everything above it, unless `stop` holds for an
  /// element before it is reached.
  template <typename Stop>
  void close_through(const std::string& name, Stop stop) {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      ++steps_;
      if (stack_[i].space == Space::html && stack_[i].name == name) {
        pop_to(i);
        return;
      }
      if (stop(stack_[i])) return;
    }
  }

  void close_heading() {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      ++steps_;
      if (stack_[i].space == Space::html && is_heading(stack_[i].name)) {
        pop_to(i);
        return;
      }
      if (is_scope_boundary(stack_[i])) return;
    }
  }

  /// <li> closes an open <li> (and <dd>/<dt> one another) unless a special element other than
  /// address, div or p is nearer.
  void close_list_item(const std::string& name) {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      ++steps_;
      const OpenElement& e = stack_[i];
      const bool same = e.space == Space::html &&
                        (name == "li" ? e.name == "li" : (e.name == "dd" || e.name == "dt"));
      if (same) {
        pop_to(i);
        return;
      }
      if (is_special(e) && !(e.space == Space::html && in(e.name, {"address", "div", "p"}))) return;
    }
  }

  /// <td>, <tr>, <tbody>… close the open cell, row or section of their table.
  void close_table_part(const std::string& name) {
    const auto closes = [&](const std::string& open) {
      if (name == "td" || name == "th") return open == "td" || open == "th";
      if (name == "tr") return open == "tr";
      return open == "tbody" || open == "thead" || open == "tfoot";
    };
    for (std::size_t i = stack_.size(); i-- > 0;) {
      ++steps_;
      const OpenElement& e = stack_[i];
      if (e.space != Space::html) return;
      if (closes(e.name)) {
        pop_to(i);
        return;
      }
      if (in(e.name, {"table", "html", "template"})) return;
    }
  }

  std::vector<OpenElement> stack_;
  /// Names of the active formatting elements; "" marks a cell, caption or object.
  std::vector<std::string> formatting_;
  std::size_t formatting_open_ = 0;  ///< formatting elements on stack_
  std::size_t steps_ = 0;
};

}  // namespace

HtmlNesting html_nesting(std::string_view html, std::size_t limit) {
  HtmlNesting result;
  OpenElements open;
  int line = 1;
  std::size_t counted = 0;  // `line` is the line of offset `counted`
  const auto line_at = [&](std::size_t pos) {
    line += static_cast<int>(std::count(html.begin() + static_cast<std::ptrdiff_t>(counted),
                                        html.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    counted = pos;
    return line;
  };
  const auto finish = [&]() {
    result.steps += open.steps();
    return result;
  };
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    if (lt == npos || lt + 1 >= html.size()) break;
    result.steps += lt - i + 1;
    const char next = html[lt + 1];
    std::size_t after = npos;
    if (next == '!') {
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
      } else if (open.foreign() && html.compare(lt, 9, "<![CDATA[") == 0) {
        const std::size_t end = html.find("]]>", lt + 9);
        after = end == npos ? npos : end + 3;
      } else {
        const std::size_t end = html.find('>', lt + 2);
        after = end == npos ? npos : end + 1;
      }
    } else if (next == '?') {
      const std::size_t end = html.find('>', lt + 2);
      after = end == npos ? npos : end + 1;
    } else if (next == '/') {
      if (lt + 2 < html.size() && is_letter(html[lt + 2])) {
        const Tag tag = read_tag(html, lt + 2, true);
        if (tag.next != npos) open.end(tag);
        after = tag.next;
      } else if (html.compare(lt + 2, 1, ">") == 0) {
        after = lt + 3;
      } else {
        const std::size_t end = html.find('>', lt + 2);
        after = end == npos ? npos : end + 1;
      }
    } else if (is_letter(next)) {
      const Tag tag = read_tag(html, lt + 1, false);
      if (tag.next == npos) break;
      const std::string raw = open.start(tag);
      const std::size_t depth = open.depth();
      result.max_depth = std::max(result.max_depth, depth);
      if (depth > limit && result.line == 0) {
        result.line = line_at(lt);
        return finish();
      }
      after = tag.next;
      if (raw == "plaintext") break;
      if (!raw.empty()) {
        const std::size_t end =
            raw == "script" ? script_end(html, after) : raw_text_end(html, after, raw);
        // Without its end tag, the rest is read as markup: more than the parser sees, never less.
        if (end != npos) after = end;
      }
    } else {
      after = lt + 1;
    }
    if (after == npos) break;
    result.steps += after - lt;
    i = after;
  }
  return finish();
}

namespace {

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

}  // namespace r2p
