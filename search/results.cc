// Snippet helpers shared by the renderers that cannot show HTML (text, CSV).
#include "search/results.h"

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
