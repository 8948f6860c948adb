// Reading snippets back as spans of plain text (see snippet_spans.h).
#include "search/snippet_spans.h"

#include <cstring>
#include <string_view>

namespace r2p {

namespace {

struct Entity {
  const char* name;
  char decoded;
};

// The escapes Xapian's snippet highlighter (and the searcher) may produce.
constexpr Entity kEntities[] = {
    {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''},
};

}  // namespace

std::vector<SnippetSpan> snippet_spans(const std::string& snippet) {
  constexpr std::string_view kOpen = "<mark>";
  constexpr std::string_view kClose = "</mark>";
  std::vector<SnippetSpan> spans;
  const std::string_view in = snippet;
  bool marked = false;
  std::size_t start = 0;
  while (start <= in.size()) {
    const std::string_view tag = marked ? kClose : kOpen;
    std::size_t end = in.find(tag, start);
    if (end == std::string_view::npos) end = in.size();
    std::string piece = snippet_plain_text(std::string(in.substr(start, end - start)));
    if (!piece.empty()) spans.push_back({std::move(piece), marked});
    if (end == in.size()) break;
    start = end + tag.size();
    marked = !marked;
  }
  return spans;
}

std::string snippet_plain_text(const std::string& snippet) {
  constexpr std::string_view kOpen = "<mark>";
  constexpr std::string_view kClose = "</mark>";
  const std::string_view in = snippet;
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const std::string_view rest = in.substr(i);
    if (rest.substr(0, kOpen.size()) == kOpen) {
      i += kOpen.size();
      continue;
    }
    if (rest.substr(0, kClose.size()) == kClose) {
      i += kClose.size();
      continue;
    }
    if (in[i] == '&') {
      bool decoded = false;
      for (const auto& entity : kEntities) {
        const std::size_t len = std::strlen(entity.name);
        if (rest.substr(0, len) == entity.name) {
          out += entity.decoded;
          i += len;
          decoded = true;
          break;
        }
      }
      if (decoded) continue;
    }
    out += in[i++];
  }
  return out;
}

}  // namespace r2p
