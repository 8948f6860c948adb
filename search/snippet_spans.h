// Reading a snippet (HTML-escaped text, matches in <mark>…</mark>: what the JSON API and the web
// page show) as spans of plain text, for the renderers that cannot show HTML.
#pragma once

#include <string>
#include <vector>

namespace r2p {

/// A piece of a snippet's plain text, marked (a match) or not.
struct SnippetSpan {
  std::string text;
  bool highlighted = false;
};

/// The spans of a snippet (HTML-escaped, matches in <mark>…</mark>): text decoded, empty pieces
/// left out.
std::vector<SnippetSpan> snippet_spans(const std::string& snippet);

/// Plain text of a snippet: <mark> tags removed and HTML entities (&amp; &lt; &gt; &quot; &#39;)
/// decoded.
std::string snippet_plain_text(const std::string& snippet);

}  // namespace r2p
