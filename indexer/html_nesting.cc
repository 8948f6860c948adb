// The nesting check an HTML report passes before gumbo parses it: it reads the page with the HTML
// tokenizer's own rules (quoted attributes, comments, raw text, foreign content) and follows the
// tree builder's stack of open elements closely enough to never count less than gumbo holds.
// gumbo's time grows with the number of tokens times the depth of that stack, so the depth is
// what must be bounded; its parse errors are not recorded at all (each copied the whole stack).
#include <algorithm>
#include <initializer_list>
#include <string>

#include "indexer/document_readers.h"
#include "indexer/html_tokens.h"

namespace r2p {

using namespace document_text;
using namespace html_tokens;

namespace {

enum class Space { html, svg, math };

struct OpenElement {
  std::string name;
  Space space = Space::html;
};

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
      after = markup_declaration_end(html, lt, open.foreign());
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

}  // namespace r2p
