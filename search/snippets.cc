// Making snippets with Xapian's highlighter (see snippets.h).
#include "search/snippets.h"

namespace r2p {
namespace {

std::string join_text(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) out += (out.empty() ? "" : "\n") + p;
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// The start of a record's text, cut at a word boundary: the snippet when no word matched.
std::string leading_text(const std::vector<std::string>& paragraphs, std::size_t bytes = 300) {
  std::string text = join_text(paragraphs);
  if (text.size() > bytes) {
    std::size_t cut = text.rfind(' ', bytes);
    if (cut == std::string::npos) {
      cut = bytes;  // no space: back up to the start of a UTF-8 character
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    text = text.substr(0, cut) + "…";
  }
  return html_escape(text);
}

}  // namespace

Xapian::TfIdfWeight snippet_weighting() {
  return Xapian::TfIdfWeight("bnn");
}

Xapian::MSet snippet_weights(Xapian::Database& db, const Xapian::Query& highlight) {
  Xapian::Enquire weigher(db);
  weigher.set_query(highlight);
  weigher.set_weighting_scheme(snippet_weighting());
  return weigher.get_mset(0, 0);
}

std::string make_snippet(const Xapian::MSet& weights, const std::vector<std::string>& paragraphs,
                         const Xapian::Stem& stemmer) {
  std::string snippet = weights.snippet(join_text(paragraphs), 300, stemmer,
                                        Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>", "…");
  if (snippet.find("<mark>") == std::string::npos) snippet = leading_text(paragraphs);
  return snippet;
}

}  // namespace r2p
