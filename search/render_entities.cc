// Entity page renderers: a record, a country dossier, a meeting page and the role matrix.
#include "search/render_entities.h"

#include <algorithm>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "search/text_layout.h"

namespace r2p {

namespace {

using Json = nlohmann::ordered_json;
using Block = std::vector<std::string>;

using layout::display_width;
using layout::indent_under;
using layout::join;
using layout::kSeparator;
using layout::kWrapColumns;
using layout::pad_left_to;
using layout::pad_to;
using layout::split_words;
using layout::terminal_safe;
using layout::trim_right;
using layout::truncate_to_width;
using layout::wrap;
using layout::wrap_text;

constexpr std::size_t kDateColumn = 10;  // "2013-06-11"
constexpr std::size_t kMaxRowLabelWidth = 28;
constexpr const char* kRangeDash = " \u2013 ";    // " – "
constexpr const char* kRegionArrow = " \u203A ";  // " › "
constexpr const char* kEmptyCell = "\u00B7";      // "·"

// ---- Text layout (the shared rules are in text_layout.h). ----

/// A heading: bold when color is on, wrapped like any other text.
Block heading(const std::string& text, const TextStyle& style) {
  Block lines;
  wrap(split_words({{terminal_safe(text), true}}, style.color), "", "", lines);
  return lines;
}

/// "Label: value" after `margin`, with continuation lines indented by two more.
void field(const std::string& label, const std::string& value, Block& lines,
           const std::string& margin = "") {
  if (!value.empty()) wrap_text(label + ": " + value, margin, margin + "  ", lines);
}

std::string quoted(const std::string& sentence) {
  return "\"" + sentence + "\"";
}

/// "Label (id)", or the id alone when it has no other label.
std::string labelled_text(const Labelled& item) {
  if (item.label.empty() || item.label == item.id) return item.id;
  return item.label + " (" + item.id + ")";
}

std::string labelled_list(const std::vector<Labelled>& items) {
  std::vector<std::string> texts;
  for (const auto& item : items) texts.push_back(labelled_text(item));
  return join(texts, "; ");
}

std::string date_range(const PartialDate& start, const PartialDate& end) {
  if (start.empty()) return end.empty() ? "" : "until " + end.iso();
  return end.empty() ? start.iso() : start.iso() + kRangeDash + end.iso();
}

std::string participation_text(const Participation& p) {
  if (!p.text.empty()) return p.text;
  return (p.qualifier == "exactly" ? "" : p.qualifier + " ") + std::to_string(p.count) + " " + p.of;
}

std::string person_text(const Person& person) {
  return person.role.empty() ? person.name : person.name + " (" + person.role + ")";
}

std::string venue_text(const Record& record, const std::optional<Labelled>& country) {
  std::vector<std::string> parts;
  if (!record.venue_city.empty()) parts.push_back(record.venue_city);
  if (country) parts.push_back(labelled_text(*country));
  return join(parts, ", ");
}

/// `first` followed by `second` (countries, then organisations).
std::vector<Labelled> concatenated(const std::vector<Labelled>& first,
                                   const std::vector<Labelled>& second) {
  std::vector<Labelled> all = first;
  all.insert(all.end(), second.begin(), second.end());
  return all;
}

/// Every participation statement of a meeting, joined by "; ".
std::string participation_list(const Record& record) {
  std::vector<std::string> texts;
  for (const auto& p : record.participation) texts.push_back(participation_text(p));
  return join(texts, "; ");
}

/// Every person named at a meeting as "Name (role)", joined by "; ".
std::string people_list(const Record& record) {
  std::vector<std::string> texts;
  for (const auto& person : record.people) texts.push_back(person_text(person));
  return join(texts, "; ");
}

/// "  key  ", the key made terminal-safe and padded to `width` columns: how a line of a
/// two-column list (dates, names, role codes, meeting ids) starts.
std::string key_prefix(const std::string& key, std::size_t width) {
  return "  " + pad_to(terminal_safe(key), width) + "  ";
}

/// A two-column list entry: key_prefix, then `text` wrapped with its continuation lines under
/// the text rather than the key.
void key_entry(const std::string& key, std::size_t width, const std::string& text, Block& lines) {
  const std::string prefix = key_prefix(key, width);
  wrap_text(text, prefix, indent_under(prefix), lines);
}

/// The roles in row `r`, column `c` of the matrix; none when it has no such cell.
std::vector<std::string> cell_roles(const Matrix& matrix, std::size_t r, std::size_t c) {
  if (r < matrix.cells.size() && c < matrix.cells[r].size()) return matrix.cells[r][c];
  return {};
}

/// The label of a tie the page resolved, or the id itself.
Labelled find_label(const std::vector<Labelled>& items, const std::string& id) {
  for (const auto& item : items)
    if (item.id == id) return item;
  return {id, id};
}

/// A section of sentences: bold heading, then "  - sentence" items (or numbered).
Block sentence_list(const std::string& title, const std::vector<std::string>& sentences,
                    bool numbered, const TextStyle& style) {
  if (sentences.empty()) return {};
  Block lines = heading(title, style);
  const std::size_t number_width = std::to_string(sentences.size()).size();
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    std::string prefix = "  - ";
    if (numbered) {
      const std::string number = std::to_string(i + 1) + ".";
      prefix = "  " + pad_left_to(number, number_width + 1) + " ";
    }
    wrap_text(sentences[i], prefix, indent_under(prefix), lines);
  }
  return lines;
}

/// One dated role: the date column, the role (and meeting), the quoted sentence and its source.
void role_entry(const std::string& date, const std::string& label,
                const std::optional<Labelled>& meeting, const std::string& sentence,
                const std::string& source, Block& lines) {
  const std::string prefix = key_prefix(date.empty() ? "undated" : date, kDateColumn);
  const std::string indent = indent_under(prefix);
  std::string head = label;
  if (meeting) {
    const bool has_label = !meeting->label.empty() && meeting->label != meeting->id;
    head += " (" + (has_label ? meeting->label + kSeparator : std::string()) + meeting->id + ")";
  }
  wrap_text(head, prefix, indent, lines);
  if (!sentence.empty()) wrap_text(quoted(sentence), indent, indent, lines);
  if (!source.empty()) wrap_text("source: " + source, indent, indent, lines);
}

std::string record_ref_text(const RecordRef& ref) {
  return (ref.date.empty() ? "undated" : ref.date) + kSeparator + ref.type + kSeparator +
         ref.title + " (" + ref.id + ")";
}

Block record_ref_list(const std::string& title, const std::vector<RecordRef>& refs,
                      const TextStyle& style) {
  if (refs.empty()) return {};
  Block lines = heading(title, style);
  for (const auto& ref : refs) wrap_text(record_ref_text(ref), "  ", "    ", lines);
  return lines;
}

Block ties_block(const RecordPage& page, const TextStyle& style) {
  Block fields;
  field("Countries", labelled_list(page.countries), fields, "  ");
  field("Meetings", labelled_list(page.meetings), fields, "  ");
  field("Regions", labelled_list(page.regions), fields, "  ");
  field("Organisations", labelled_list(page.organisations), fields, "  ");
  if (fields.empty()) return {};
  Block lines = heading("Ties", style);
  lines.insert(lines.end(), fields.begin(), fields.end());
  return lines;
}

/// "Text", each paragraph as its own block, then the source line.
void text_blocks(const RecordPage& page, const TextStyle& style, std::vector<Block>& blocks) {
  if (!page.record.text.empty()) {
    blocks.push_back(heading("Text", style));
    for (const auto& paragraph : page.record.text) {
      Block lines;
      wrap_text(paragraph, "", "", lines);
      blocks.push_back(std::move(lines));
    }
  }
  if (!page.source.empty()) {
    Block lines;
    wrap_text("source: " + page.source, "", "", lines);
    blocks.push_back(std::move(lines));
  }
}

/// Title, then "id · type · dates · kind".
Block title_block(const Record& record, const TextStyle& style) {
  Block lines = heading(record.title.empty() ? record.id : record.title, style);
  std::vector<std::string> meta = {record.id, to_string(record.type)};
  if (const std::string dates = date_range(record.date, record.end_date); !dates.empty())
    meta.push_back(dates);
  if (!record.kind.empty()) meta.push_back(record.kind);
  wrap_text(join(meta, kSeparator), "", "", lines);
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

// ---- JSON helpers. ----

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

/// {"countries": [...], "organisations": [...]}: who hosted a meeting or gave input.
Json countries_and_organisations(const std::vector<Labelled>& countries,
                                 const std::vector<Labelled>& organisations) {
  Json j = Json::object();
  j["countries"] = labelled_array(countries);
  j["organisations"] = labelled_array(organisations);
  return j;
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

Json meeting_role_json(const MeetingRole& role) {
  Json j = Json::object();
  j["country"] = labelled_json(role.country);
  j["role"] = role.role;
  j["role_label"] = role.role_label;
  j["sentence"] = role.sentence;
  return j;
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

// ---- Matrix codes. ----

struct RoleCode {
  const char* role;
  const char* code;
};
// Upper case for what a country did, lower case for merely being tied ("mentioned").
constexpr RoleCode kRoleCodes[] = {
    {"launched-initiative", "L"},
    {"facilitating-group", "F"},
    {"recommendations-input", "R"},
    {"noteworthy-intervention", "I"},
    {"co-host", "H"},
    {"announced-appointment", "A"},
    {"announced-intention", "N"},
    {"mentioned", "m"},
};

std::string cell_text(const std::vector<std::string>& roles) {
  if (roles.empty()) return kEmptyCell;
  std::vector<std::string> codes;
  for (const auto& role : roles) codes.push_back(terminal_safe(matrix_role_code(role)));
  return join(codes, ",");
}

/// Every role the legend explains: the corpus's roles, "mentioned", and any other role a cell
/// holds (so an unexpected role is still explained).
std::vector<std::string> legend_roles(const Matrix& matrix) {
  std::vector<std::string> roles = involvement_roles();
  roles.push_back("mentioned");
  for (const auto& row : matrix.cells)
    for (const auto& cell : row)
      for (const auto& role : cell)
        if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
  return roles;
}

/// A column header as one or two lines: "ljubljana-2013" becomes "ljubljana" over "2013" when
/// the table is too wide for one-line headers.
std::vector<std::string> header_lines(const std::string& id, bool split) {
  const std::size_t dash = id.rfind('-');
  if (!split || dash == std::string::npos || dash == 0 || dash + 1 == id.size()) return {id};
  return {id.substr(0, dash), id.substr(dash + 1)};
}

Block matrix_panel(const Matrix& matrix, const std::vector<std::string>& row_labels,
                   std::size_t label_width, std::size_t code_width,
                   const std::vector<std::vector<std::string>>& headers,
                   const std::vector<std::size_t>& widths, std::size_t first, std::size_t last) {
  std::size_t header_height = 1;
  for (std::size_t c = first; c < last; ++c)
    header_height = std::max(header_height, headers[c].size());
  Block lines;
  for (std::size_t h = 0; h < header_height; ++h) {
    const bool bottom = h + 1 == header_height;
    std::string line = pad_to(bottom ? "country" : "", label_width) + "  " +
                       pad_to(bottom ? "code" : "", code_width);
    for (std::size_t c = first; c < last; ++c) {
      // Headers sit on the bottom line(s), so a one-line header lines up with the last line.
      const std::size_t skip = header_height - headers[c].size();
      const std::string text = h >= skip ? headers[c][h - skip] : "";
      line += "  " + pad_to(text, widths[c]);
    }
    lines.push_back(trim_right(line));
  }
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    std::string line = pad_to(row_labels[r], label_width) + "  " +
                       pad_to(terminal_safe(matrix.rows[r].id), code_width);
    for (std::size_t c = first; c < last; ++c) {
      line += "  " + pad_to(cell_text(cell_roles(matrix, r, c)), widths[c]);
    }
    lines.push_back(trim_right(line));
  }
  return lines;
}

}  // namespace

// ---- Record (--show). ----

void render_record_text(const RecordPage& page, const TextStyle& style, std::ostream& out) {
  const Record& r = page.record;
  std::vector<Block> blocks = {title_block(r, style)};

  Block fields;
  field("Venue", venue_text(r, page.venue_country), fields);
  field("Hosts", labelled_list(concatenated(page.host_countries, page.host_organisations)), fields);
  field("Participation", participation_list(r), fields);
  field("People", people_list(r), fields);
  field("Drafted by", labelled_list(page.drafted_by), fields);
  field("Input from", labelled_list(concatenated(page.input_countries, page.input_organisations)),
        fields);
  if (!r.country_code.empty())
    field("Country", labelled_text(find_label(page.countries, r.country_code)), fields);
  if (!r.status.empty()) {
    field("Status", r.status + (r.status_date.empty() ? "" : kSeparator + r.status_date.iso()),
          fields);
    if (!r.status_sentence.empty()) wrap_text(quoted(r.status_sentence), "  ", "  ", fields);
    if (r.status_paragraph > 0)
      wrap_text("source: " + source_label(r.source_document, {r.status_paragraph}), "  ", "  ",
                fields);
  }
  if (r.type == RecordType::meeting) field("Meeting page", "r2p-search --dossier " + r.id, fields);
  if (!r.country_code.empty()) field("Dossier", "r2p-search --dossier " + r.country_code, fields);
  blocks.push_back(std::move(fields));

  blocks.push_back(sentence_list("Discussed", r.discussed, false, style));
  blocks.push_back(sentence_list("Highlights", r.highlights, false, style));
  blocks.push_back(sentence_list("Items", r.items, true, style));
  if (!r.involvement.empty()) {
    Block lines = heading("Involvement", style);
    for (const auto& inv : r.involvement) {
      std::optional<Labelled> meeting;
      if (!inv.meeting.empty()) meeting = find_label(page.meetings, inv.meeting);
      role_entry(inv.date.iso(), role_label(inv.role), meeting, inv.sentence,
                 inv.paragraph > 0 ? source_label(r.source_document, {inv.paragraph}) : "", lines);
    }
    blocks.push_back(std::move(lines));
  }
  blocks.push_back(ties_block(page, style));
  text_blocks(page, style, blocks);
  write_blocks(blocks, out);
}

namespace {
/// A record's roles, each with its meeting, sentence and source.
Json involvement_json(const RecordPage& page) {
  const Record& r = page.record;
  Json involvement = Json::array();
  for (const auto& inv : r.involvement) {
    std::optional<Labelled> meeting;
    if (!inv.meeting.empty()) meeting = find_label(page.meetings, inv.meeting);
    involvement.push_back(
        timeline_json(inv.date.iso(), inv.role, role_label(inv.role), meeting, inv.sentence,
                      inv.paragraph > 0 ? source_label(r.source_document, {inv.paragraph}) : ""));
  }
  return involvement;
}
}  // namespace

nlohmann::ordered_json record_json(const RecordPage& page) {
  const Record& r = page.record;
  Json j = Json::object();
  j["id"] = r.id;
  j["type"] = to_string(r.type);
  j["title"] = r.title;
  j["date"] = string_or_null(r.date.iso());
  switch (r.type) {
    case RecordType::meeting: {
      j["end_date"] = string_or_null(r.end_date.iso());
      j["kind"] = string_or_null(r.kind);
      if (r.venue_city.empty() && !page.venue_country) {
        j["venue"] = nullptr;
      } else {
        Json venue = Json::object();
        venue["city"] = string_or_null(r.venue_city);
        venue["country"] = labelled_json(page.venue_country);
        j["venue"] = std::move(venue);
      }
      j["hosts"] = countries_and_organisations(page.host_countries, page.host_organisations);
      Json participation = Json::array();
      for (const auto& p : r.participation) {
        Json item = Json::object();
        item["count"] = p.count;
        item["qualifier"] = p.qualifier;
        item["of"] = p.of;
        item["text"] = p.text;
        participation.push_back(std::move(item));
      }
      j["participation"] = std::move(participation);
      Json people = Json::array();
      for (const auto& person : r.people) {
        Json item = Json::object();
        item["name"] = person.name;
        item["role"] = person.role;
        people.push_back(std::move(item));
      }
      j["people"] = std::move(people);
      j["discussed"] = strings(r.discussed);
      j["highlights"] = strings(r.highlights);
      break;
    }
    case RecordType::recommendation: {
      j["items"] = strings(r.items);
      j["drafted_by"] = labelled_array(page.drafted_by);
      j["input_from"] = countries_and_organisations(page.input_countries, page.input_organisations);
      break;
    }
    case RecordType::country: {
      j["country"] = r.country_code.empty()
                         ? Json(nullptr)
                         : labelled_json(find_label(page.countries, r.country_code));
      j["status"] = string_or_null(r.status);
      j["status_date"] = string_or_null(r.status_date.iso());
      j["status_sentence"] = string_or_null(r.status_sentence);
      j["status_source"] = r.status_paragraph > 0
                               ? Json(source_label(r.source_document, {r.status_paragraph}))
                               : Json(nullptr);
      j["involvement"] = involvement_json(page);
      break;
    }
    case RecordType::document:
      j["kind"] = string_or_null(r.kind);
      break;
    case RecordType::organisation:
      j["involvement"] = involvement_json(page);
      break;
    case RecordType::person:
      j["name"] = r.name;
      j["position"] = string_or_null(r.position);
      j["involvement"] = involvement_json(page);
      break;
  }
  Json ties = Json::object();
  ties["countries"] = labelled_array(page.countries);
  ties["meetings"] = labelled_array(page.meetings);
  ties["regions"] = labelled_array(page.regions);
  ties["organisations"] = labelled_array(page.organisations);
  j["ties"] = std::move(ties);
  j["text"] = strings(r.text);
  j["source"] = page.source;
  return j;
}

// ---- Country dossier. ----

void render_dossier_text(const CountryDossier& d, const TextStyle& style, std::ostream& out) {
  std::vector<std::string> codes;
  for (const auto* code : {&d.alpha2, &d.alpha3, &d.numeric})
    if (!code->empty()) codes.push_back(*code);
  Block head = heading(d.name + (codes.empty() ? "" : " \u2014 " + join(codes, kSeparator)), style);
  std::vector<std::string> regions;
  if (d.continent) regions.push_back(d.continent->label);
  if (d.subregion) regions.push_back(d.subregion->label);
  field("Region", join(regions, kRegionArrow), head);
  if (d.status == "appointed") {
    field("Focal point",
          "appointed" + (d.status_date.empty() ? "" : " (known since " + d.status_date + ")"),
          head);
  } else if (d.status == "intention") {
    field("Focal point",
          "announced intention" + (d.status_date.empty() ? "" : " (" + d.status_date + ")"), head);
  } else if (!d.status.empty()) {
    field("Focal point", d.status + (d.status_date.empty() ? "" : " (" + d.status_date + ")"),
          head);
  } else {
    head.push_back("No focal point recorded");
  }
  if (!d.status_sentence.empty()) wrap_text(quoted(d.status_sentence), "  ", "  ", head);
  if (!d.status_source.empty()) wrap_text("source: " + d.status_source, "  ", "  ", head);
  if (!d.record_id.empty()) field("Record", "r2p-search --show " + d.record_id, head);
  std::vector<Block> blocks = {std::move(head)};

  if (!d.names.empty()) {
    Block names = heading("Names", style);
    std::size_t width = 0;
    for (const auto& name : d.names) width = std::max(width, display_width(name.id));
    for (const auto& name : d.names) key_entry(name.id, width, name.label, names);
    blocks.push_back(std::move(names));
  }

  Block timeline = heading("Timeline", style);
  if (d.timeline.empty()) timeline.push_back("  no roles recorded");
  for (const auto& entry : d.timeline)
    role_entry(entry.date, entry.role_label, entry.meeting, entry.sentence, entry.source, timeline);
  for (const auto& entry : d.timeline) {
    if (!entry.meeting) continue;
    wrap_text("meeting page: r2p-search --dossier " + entry.meeting->id, "  ", "    ", timeline);
    break;
  }
  blocks.push_back(std::move(timeline));

  blocks.push_back(record_ref_list("Also mentioned in", d.mentioned_in, style));
  write_blocks(blocks, out);
}

nlohmann::ordered_json dossier_json(const CountryDossier& d) {
  Json j = Json::object();
  Json country = Json::object();
  country["code"] = d.alpha2;
  country["alpha3"] = d.alpha3;
  country["numeric"] = d.numeric;
  country["name"] = d.name;
  j["country"] = std::move(country);
  Json names = Json::object();
  for (const auto& name : d.names) names[name.id] = name.label;
  j["names"] = std::move(names);
  j["continent"] = labelled_json(d.continent);
  j["subregion"] = labelled_json(d.subregion);
  j["record"] = string_or_null(d.record_id);
  j["status"] = string_or_null(d.status);
  j["status_date"] = string_or_null(d.status_date);
  j["status_sentence"] = string_or_null(d.status_sentence);
  j["status_source"] = string_or_null(d.status_source);
  Json timeline = Json::array();
  for (const auto& e : d.timeline)
    timeline.push_back(
        timeline_json(e.date, e.role, e.role_label, e.meeting, e.sentence, e.source));
  j["timeline"] = std::move(timeline);
  Json mentioned = Json::array();
  for (const auto& ref : d.mentioned_in) mentioned.push_back(record_ref_json(ref));
  j["mentioned_in"] = std::move(mentioned);
  return j;
}

// ---- Meeting page. ----

void render_meeting_text(const MeetingPage& m, const TextStyle& style, std::ostream& out) {
  const RecordPage& page = m.page;
  const Record& r = page.record;
  Block head = heading(r.title.empty() ? r.id : r.title, style);
  std::vector<std::string> meta = {r.id, to_string(r.type)};
  if (!r.kind.empty()) meta.push_back(r.kind);
  wrap_text(join(meta, kSeparator), "", "", head);
  std::vector<Block> blocks = {std::move(head)};

  Block fields;
  const std::string when = date_range(r.date, r.end_date);
  field("When", when.empty() ? "undated" : when, fields);
  std::string where = venue_text(r, page.venue_country);
  if (!m.venue_regions.empty()) {
    std::vector<std::string> regions;
    for (const auto& region : m.venue_regions) regions.push_back(region.label);
    where += (where.empty() ? "" : kSeparator) + join(regions, kRegionArrow);
  }
  field("Where", where.empty() ? "venue not named in the source" : where, fields);
  field("Hosts", labelled_list(concatenated(page.host_countries, page.host_organisations)), fields);
  field("Organisations", labelled_list(page.organisations), fields);
  field("Participation", participation_list(r), fields);
  field("People", people_list(r), fields);
  blocks.push_back(std::move(fields));

  blocks.push_back(sentence_list("Highlights", r.highlights, false, style));

  if (!m.announcements.empty()) {
    Block lines = heading("Announced", style);
    // Countries announcing the same thing in one sentence share an entry, so the sentence is
    // printed once.
    for (std::size_t i = 0; i < m.announcements.size();) {
      const MeetingRole& a = m.announcements[i];
      std::vector<Labelled> countries;
      for (; i < m.announcements.size() && m.announcements[i].role == a.role &&
             m.announcements[i].sentence == a.sentence;
           ++i)
        countries.push_back(m.announcements[i].country);
      wrap_text(labelled_list(countries) + ": " + a.role_label, "  ", "    ", lines);
      if (!a.sentence.empty()) wrap_text(quoted(a.sentence), "    ", "    ", lines);
    }
    blocks.push_back(std::move(lines));
  }

  if (!m.roles.empty()) {
    Block lines = heading("Countries and roles", style);
    std::size_t width = 0;
    for (const auto& role : m.roles)
      width = std::max(width, display_width(terminal_safe(role.role_label)));
    for (const auto& role : m.roles)
      key_entry(role.role_label, width, labelled_text(role.country), lines);
    wrap_text("dossier: r2p-search --dossier " + m.roles.front().country.id, "  ", "    ", lines);
    blocks.push_back(std::move(lines));
  }

  blocks.push_back(sentence_list("Discussed", r.discussed, false, style));
  blocks.push_back(record_ref_list("Related recommendations", m.recommendations, style));
  blocks.push_back(record_ref_list("Documents", m.documents, style));
  text_blocks(page, style, blocks);
  write_blocks(blocks, out);
}

nlohmann::ordered_json meeting_json(const MeetingPage& m) {
  Json j = Json::object();
  j["meeting"] = record_json(m.page);
  j["venue_regions"] = labelled_array(m.venue_regions);
  Json announcements = Json::array();
  for (const auto& a : m.announcements) announcements.push_back(meeting_role_json(a));
  j["announcements"] = std::move(announcements);
  Json roles = Json::array();
  for (const auto& role : m.roles) roles.push_back(meeting_role_json(role));
  j["roles"] = std::move(roles);
  Json recommendations = Json::array();
  for (const auto& ref : m.recommendations) recommendations.push_back(record_ref_json(ref));
  j["recommendations"] = std::move(recommendations);
  Json documents = Json::array();
  for (const auto& ref : m.documents) documents.push_back(record_ref_json(ref));
  j["documents"] = std::move(documents);
  return j;
}

// ---- Matrix. ----

std::string matrix_role_code(const std::string& role) {
  for (const auto& entry : kRoleCodes)
    if (role == entry.role) return entry.code;
  return role;
}

void render_matrix_csv(const Matrix& matrix, std::ostream& out) {
  std::vector<std::string> header = {matrix.row_kind.empty() ? "country" : matrix.row_kind, "code"};
  for (const auto& column : matrix.columns) header.push_back(column.id);
  write_csv_record(header, out);
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    std::vector<std::string> fields = {matrix.rows[r].label, matrix.rows[r].id};
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      std::vector<std::string> labels;
      for (const auto& role : cell_roles(matrix, r, c)) labels.push_back(role_label(role));
      fields.push_back(join(labels, "; "));
    }
    write_csv_record(fields, out);
  }
}

void render_matrix_text(const Matrix& matrix, const TextStyle& style, std::ostream& out) {
  const bool by_meeting = matrix.column_kind == "meeting";
  const std::string column_noun = matrix.column_kind.empty() ? "column" : matrix.column_kind;
  std::vector<Block> blocks;
  Block head = heading("Roles by country and " + column_noun, style);
  const std::size_t rows = matrix.rows.size(), columns = matrix.columns.size();
  head.push_back(std::to_string(rows) + (rows == 1 ? " country" : " countries") + " \u00D7 " +
                 std::to_string(columns) + " " + column_noun + (columns == 1 ? "" : "s"));
  if (matrix.rows.empty()) {
    head.push_back("No countries match.");
    blocks.push_back(std::move(head));
    write_blocks(blocks, out);
    return;
  }
  blocks.push_back(std::move(head));

  std::vector<std::string> row_labels;
  std::size_t label_width = display_width("country");
  std::size_t code_width = display_width("code");
  for (const auto& row : matrix.rows) {
    row_labels.push_back(truncate_to_width(terminal_safe(row.label), kMaxRowLabelWidth));
    label_width = std::max(label_width, display_width(row_labels.back()));
    code_width = std::max(code_width, display_width(terminal_safe(row.id)));
  }
  std::vector<std::size_t> cell_widths(matrix.columns.size(), 1);
  for (const auto& row : matrix.cells)
    for (std::size_t c = 0; c < row.size() && c < cell_widths.size(); ++c)
      cell_widths[c] = std::max(cell_widths[c], display_width(cell_text(row[c])));

  const std::size_t fixed = label_width + 2 + code_width;
  auto layout = [&](bool split, std::vector<std::vector<std::string>>& headers,
                    std::vector<std::size_t>& widths) {
    headers.clear();
    widths.clear();
    std::size_t total = fixed;
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      headers.push_back(header_lines(terminal_safe(matrix.columns[c].id), split));
      std::size_t width = cell_widths[c];
      for (const auto& line : headers.back()) width = std::max(width, display_width(line));
      widths.push_back(width);
      total += 2 + width;
    }
    return total;
  };
  std::vector<std::vector<std::string>> headers;
  std::vector<std::size_t> widths;
  if (layout(false, headers, widths) > kWrapColumns) layout(true, headers, widths);

  // Panels of as many columns as fit, each repeating the country and code columns.
  std::size_t first = 0;
  do {
    std::size_t last = first;
    std::size_t total = fixed;
    while (last < widths.size() && (last == first || total + 2 + widths[last] <= kWrapColumns))
      total += 2 + widths[last++];
    blocks.push_back(
        matrix_panel(matrix, row_labels, label_width, code_width, headers, widths, first, last));
    first = last;
  } while (first < widths.size());

  Block legend = heading("Legend", style);
  const std::vector<std::string> roles = legend_roles(matrix);
  std::size_t code_column = display_width(kEmptyCell);
  for (const auto& role : roles)
    code_column = std::max(code_column, display_width(terminal_safe(matrix_role_code(role))));
  for (const auto& role : roles)
    key_entry(matrix_role_code(role), code_column, role_label(role), legend);
  legend.push_back(key_prefix(kEmptyCell, code_column) + "not tied");
  blocks.push_back(std::move(legend));

  if (by_meeting && !matrix.columns.empty()) {
    Block key = heading("Meetings", style);
    std::size_t id_width = 0;
    for (const auto& column : matrix.columns)
      id_width = std::max(id_width, display_width(terminal_safe(column.id)));
    for (const auto& column : matrix.columns) {
      if (column.label.empty() || column.label == column.id)
        key.push_back(trim_right(key_prefix(column.id, id_width)));
      else
        key_entry(column.id, id_width, column.label, key);
    }
    key.push_back("  meeting page: r2p-search --dossier " +
                  terminal_safe(matrix.columns.front().id));
    blocks.push_back(std::move(key));
  }
  write_blocks(blocks, out);
}

nlohmann::ordered_json matrix_json(const Matrix& matrix) {
  Json j = Json::object();
  j["row_kind"] = matrix.row_kind;
  j["column_kind"] = matrix.column_kind;
  j["rows"] = labelled_array(matrix.rows);
  j["columns"] = labelled_array(matrix.columns);
  Json cells = Json::array();
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    Json row = Json::array();
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      row.push_back(strings(cell_roles(matrix, r, c)));
    }
    cells.push_back(std::move(row));
  }
  j["cells"] = std::move(cells);
  return j;
}

}  // namespace r2p
