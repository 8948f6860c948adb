// Text blocks and JSON fragments shared by the entity-page renderers.
#include "render/render_entity_parts.h"

#include <ostream>

#include "core/text.h"
#include "render/text_layout.h"

namespace r2p::entity_parts {

using layout::indent_under;
using layout::kSeparator;
using layout::pad_to;
using layout::split_words;
using layout::terminal_safe;
using layout::wrap;
using layout::wrap_text;

Block heading(const std::string& text, const TextStyle& style) {
  Block lines;
  wrap(split_words({{terminal_safe(text), true}}, style.color), "", "", lines);
  return lines;
}

void field(const std::string& label, const std::string& value, Block& lines,
           const std::string& margin) {
  if (!value.empty()) wrap_text(label + ": " + value, margin, margin + "  ", lines);
}

std::string quoted(const std::string& sentence) {
  return "\"" + sentence + "\"";
}

std::string labelled_text(const Labelled& item) {
  if (item.label.empty() || item.label == item.id) return item.id;
  return item.label + " (" + item.id + ")";
}

std::string labelled_list(const std::vector<Labelled>& items) {
  std::vector<std::string> texts;
  for (const auto& item : items) texts.push_back(labelled_text(item));
  return join(texts, "; ");
}

std::string key_prefix(const std::string& key, std::size_t width) {
  return "  " + pad_to(terminal_safe(key), width) + "  ";
}

void key_entry(const std::string& key, std::size_t width, const std::string& text, Block& lines) {
  const std::string prefix = key_prefix(key, width);
  wrap_text(text, prefix, indent_under(prefix), lines);
}

void role_entry(const std::string& date, const std::string& label,
                const std::optional<Labelled>& meeting, const std::string& sentence,
                const std::string& source, Block& lines, const std::vector<Labelled>& with) {
  const std::string prefix = key_prefix(date.empty() ? "undated" : date, kDateColumn);
  const std::string indent = indent_under(prefix);
  std::string head = label;
  if (meeting) {
    const bool has_label = !meeting->label.empty() && meeting->label != meeting->id;
    head += " (" + (has_label ? meeting->label + kSeparator : std::string()) + meeting->id + ")";
  }
  wrap_text(head, prefix, indent, lines);
  if (!with.empty()) wrap_text("with " + labelled_list(with), indent, indent + "  ", lines);
  if (!sentence.empty()) wrap_text(quoted(sentence), indent, indent, lines);
  if (!source.empty()) wrap_text("source: " + source, indent, indent, lines);
}

Block timeline_block(const std::vector<TimelineEntry>& timeline, const TextStyle& style) {
  Block lines = heading("Timeline", style);
  if (timeline.empty()) lines.push_back("  no roles recorded");
  for (const auto& e : timeline)
    role_entry(e.date, e.role_label, e.meeting, e.sentence, e.source, lines, e.organisations);
  for (const auto& e : timeline) {
    if (!e.meeting) continue;
    wrap_text("meeting page: r2p-search --dossier " + e.meeting->id, "  ", "    ", lines);
    break;
  }
  return lines;
}

namespace {
std::string record_ref_text(const RecordRef& ref) {
  return (ref.date.empty() ? "undated" : ref.date) + kSeparator + ref.type + kSeparator +
         ref.title + " (" + ref.id + ")";
}
}  // namespace

Block record_ref_list(const std::string& title, const std::vector<RecordRef>& refs,
                      const TextStyle& style) {
  if (refs.empty()) return {};
  Block lines = heading(title, style);
  for (const auto& ref : refs) wrap_text(record_ref_text(ref), "  ", "    ", lines);
  return lines;
}

void write_blocks(const std::vector<Block>& blocks, std::ostream& out) {
  bool first = true;
  for (const auto& block : blocks) {
    if (block.empty()) continue;
    if (!first) out << '\n';
    first = false;
    for (const auto& line : block) out << line << '\n';
  }
}

Json labelled_json(const Labelled& item) {
  Json j = Json::object();
  j["id"] = item.id;
  j["label"] = item.label;
  return j;
}

Json labelled_json(const std::optional<Labelled>& item) {
  return item ? labelled_json(*item) : Json(nullptr);
}

Json labelled_array(const std::vector<Labelled>& items) {
  Json list = Json::array();
  for (const auto& item : items) list.push_back(labelled_json(item));
  return list;
}

Json string_or_null(const std::string& value) {
  return value.empty() ? Json(nullptr) : Json(value);
}

Json strings(const std::vector<std::string>& values) {
  Json list = Json::array();
  for (const auto& value : values) list.push_back(value);
  return list;
}

Json record_ref_json(const RecordRef& ref) {
  Json j = Json::object();
  j["id"] = ref.id;
  j["type"] = ref.type;
  j["title"] = ref.title;
  j["date"] = string_or_null(ref.date);
  return j;
}

Json record_refs_json(const std::vector<RecordRef>& refs) {
  Json list = Json::array();
  for (const auto& ref : refs) list.push_back(record_ref_json(ref));
  return list;
}

Json timeline_json(const std::string& date, const std::string& role,
                   const std::string& role_label_text, const std::optional<Labelled>& meeting,
                   const std::string& sentence, const std::string& source) {
  Json j = Json::object();
  j["date"] = string_or_null(date);
  j["role"] = role;
  j["role_label"] = role_label_text;
  j["meeting"] = labelled_json(meeting);
  j["sentence"] = sentence;
  j["source"] = source;
  return j;
}

Json timeline_entries_json(const std::vector<TimelineEntry>& timeline) {
  Json list = Json::array();
  for (const auto& e : timeline) {
    Json j = timeline_json(e.date, e.role, e.role_label, e.meeting, e.sentence, e.source);
    j["organisations"] = labelled_array(e.organisations);
    list.push_back(std::move(j));
  }
  return list;
}

}  // namespace r2p::entity_parts
