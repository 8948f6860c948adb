// Text renderer: numbered hits and facet bars for reading on a terminal.
#include <algorithm>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "render/render.h"
#include "render/text_layout.h"

namespace r2p {

namespace {

using layout::display_width;
using layout::indent_under;
using layout::kBold;
using layout::kReset;
using layout::kSeparator;
using layout::pad_left_to;
using layout::pad_to;
using layout::split_words;
using layout::terminal_safe;
using layout::truncate_to_width;
using layout::wrap;
using layout::wrap_text;

constexpr std::size_t kFacetValuesShown = 10;
constexpr std::size_t kBarGlyphs = 20;
constexpr std::size_t kMaxLabelWidth = 40;
constexpr const char* kBarGlyph = "\u2587";  // ▇

std::string bold(const std::string& text, const TextStyle& style) {
  return style.color ? kBold + text + kReset : text;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

/// How the words were read, where it is not the obvious: partial matches, stopwords left out,
/// names understood (with the filter that pins each).
std::vector<std::string> interpretation_lines(const Interpretation& interpretation) {
  std::vector<std::string> lines;
  if (interpretation.matching == "some")
    lines.push_back("No record has all the words; showing those with the most.");
  if (!interpretation.ignored.empty())
    lines.push_back("Ignored: " + join(interpretation.ignored, ", "));
  if (!interpretation.understood.empty()) {
    std::vector<std::string> names;
    for (const Understood& u : interpretation.understood) {
      std::string name = u.words + " = " + field_spec(u.field).name + " " + u.label;
      if (!u.filter.empty()) name += " (" + u.filter + ")";
      names.push_back(name);
    }
    lines.push_back("Understood: " + join(names, "; "));
  }
  return lines;
}

/// The answer card: title, then each fact under its label, then the command for the full page.
std::vector<std::string> answer_lines(const AnswerCard& card, const TextStyle& style) {
  std::vector<std::string> lines;
  wrap_text(terminal_safe(card.title), "", "", lines);
  if (!lines.empty()) lines.front() = bold(lines.front(), style);
  std::size_t width = 0;
  for (const auto& fact : card.facts) width = std::max(width, display_width(fact.label));
  for (const auto& fact : card.facts) {
    const std::string prefix = "  " + pad_to(terminal_safe(fact.label), width) + "  ";
    wrap_text(terminal_safe(fact.value), prefix, indent_under(prefix), lines);
  }
  lines.push_back("  Full page: " + card.command);
  return lines;
}

std::vector<std::string> header_lines(const SearchResults& results) {
  const bool browsing = results.query.find_first_not_of(" \t\r\n") == std::string::npos;
  std::string first;
  if (browsing) {
    first = results.total == 0 ? "No records" : plural(results.total, "record", "records");
    if (!results.exact && results.total > 0) first = "About " + first;
  } else {
    // Quoted once: a query that holds quotes of its own is shown as typed.
    const std::string shown = terminal_safe(results.query);
    const std::string quoted = shown.find('"') == std::string::npos ? "\"" + shown + "\"" : shown;
    first = results.total == 0 ? "No results for " + quoted
                               : plural(results.total, "result", "results") + " for " + quoted;
    if (!results.exact && results.total > 0) first = "About " + first;
  }
  if (!results.hits.empty() &&
      (results.offset > 0 || results.offset + results.hits.size() < results.total)) {
    first += ", showing " + std::to_string(results.offset + 1) + "\u2013" +
             std::to_string(results.offset + results.hits.size());
  } else if (results.hits.empty() && results.total > 0) {
    first += ", none from offset " + std::to_string(results.offset);
  }
  std::vector<std::string> lines = {first};
  if (results.suggestion)
    lines.push_back("Did you mean: " + terminal_safe(*results.suggestion) + "?");
  for (const auto& note : results.notes) lines.push_back("Note: " + terminal_safe(note));
  for (const auto& line : interpretation_lines(results.interpretation))
    lines.push_back(terminal_safe(line));
  return lines;
}

std::vector<std::string> hit_lines(const Hit& hit, std::size_t number, std::size_t number_width,
                                   const TextStyle& style) {
  const std::string prefix = pad_left_to(std::to_string(number) + ". ", number_width + 2);
  const std::string indent = indent_under(prefix);
  std::vector<std::string> lines;
  wrap_text(hit.title.empty() ? hit.id : hit.title, prefix, indent, lines);

  std::vector<std::string> meta;
  if (!hit.type.empty()) meta.push_back(hit.type);
  if (hit.date)
    meta.push_back(*hit.date);
  else if (hit.year)
    meta.push_back(std::to_string(*hit.year));
  if (!hit.regions.empty()) meta.push_back(join(hit.regions, ", "));
  if (!hit.meetings.empty()) meta.push_back(join(hit.meetings, ", "));
  if (!hit.countries.empty()) meta.push_back(join(hit.countries, ", "));
  wrap_text(join(meta, kSeparator), indent, indent, lines);

  std::vector<layout::Span> spans;
  for (SnippetSpan& span : snippet_spans(hit.snippet))
    spans.emplace_back(terminal_safe(span.text), span.highlighted);
  wrap(split_words(spans, style.color), indent, indent, lines);
  if (!hit.source.empty()) wrap_text("source: " + hit.source, indent, indent, lines);
  return lines;
}

std::vector<std::string> facet_lines(const Facet& facet, const TextStyle& style) {
  std::vector<std::string> lines = {bold(field_spec(facet.field).name, style)};
  if (facet.values.empty()) {
    lines.push_back("  (none)");
    return lines;
  }
  const std::size_t shown = std::min(facet.values.size(), kFacetValuesShown);
  std::vector<std::string> labels;
  std::size_t label_width = 0;
  std::size_t max_count = 0;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& value = facet.values[i];
    labels.push_back(truncate_to_width(
        terminal_safe(value.label.empty() ? value.value : value.label), kMaxLabelWidth));
    label_width = std::max(label_width, display_width(labels.back()));
    max_count = std::max(max_count, value.count);
  }
  for (std::size_t i = 0; i < shown; ++i) {
    const std::size_t count = facet.values[i].count;
    std::string line = "  " + pad_to(labels[i], label_width) + "  ";
    if (count > 0) {
      const std::size_t glyphs =
          std::max<std::size_t>(1, (count * kBarGlyphs + max_count / 2) / max_count);
      for (std::size_t g = 0; g < glyphs; ++g) line += kBarGlyph;
      line += ' ';
    }
    line += std::to_string(count);
    lines.push_back(line);
  }
  if (facet.values.size() > shown)
    lines.push_back("  \u2026 " + std::to_string(facet.values.size() - shown) + " more");
  return lines;
}

}  // namespace

void render_text(const SearchResults& results, const TextStyle& style, std::ostream& out) {
  std::vector<std::vector<std::string>> blocks = {header_lines(results)};
  if (results.answer) blocks.push_back(answer_lines(*results.answer, style));
  const std::size_t last_number = results.offset + results.hits.size();
  const std::size_t number_width = std::max<std::size_t>(2, std::to_string(last_number).size());
  for (std::size_t i = 0; i < results.hits.size(); ++i)
    blocks.push_back(hit_lines(results.hits[i], results.offset + i + 1, number_width, style));
  // Facets of nothing are no help: a search without hits prints none.
  if (!results.facets.empty() && results.total > 0) {
    blocks.push_back({bold(results.exact ? "Facets" : "Facets (estimated)", style)});
    for (const auto& facet : results.facets) blocks.push_back(facet_lines(facet, style));
  }
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    if (b > 0) out << '\n';
    for (const auto& line : blocks[b]) out << line << '\n';
  }
}

}  // namespace r2p
