// Entity page renderers: a record, a country dossier and a meeting page (the role matrix is in
// render_matrix.cc).
#include "render/render_entities.h"

#include <algorithm>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "render/render_entity_parts.h"
#include "render/text_layout.h"

namespace r2p {

namespace {

using namespace entity_parts;

using namespace layout;

constexpr const char* kRangeDash = " \u2013 ";    // " – "
constexpr const char* kRegionArrow = " \u203A ";  // " › "

// ---- Text layout (the shared rules are in text_layout.h and render_entity_parts.h). ----

std::string date_range(const PartialDate& start, const PartialDate& end) {
  if (start.empty()) return end.empty() ? "" : "until " + end.iso();
  return end.empty() ? start.iso() : start.iso() + kRangeDash + end.iso();
}

std::string participation_text(const Participation& p) {
  if (!p.text.empty()) return p.text;
  return (p.qualifier == "exactly" ? "" : p.qualifier + " ") + std::to_string(p.count) + " " + p.of;
}

/// "Name (role)"; with the id of the person's record, the dossier's name: "Name (role; id)".
std::string person_text(const Person& person, const std::string& id) {
  std::vector<std::string> details;
  if (!person.role.empty()) details.push_back(person.role);
  if (!id.empty()) details.push_back(id);
  return details.empty() ? person.name : person.name + " (" + join(details, "; ") + ")";
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

/// Every person named at a meeting as person_text, joined by "; ".
std::string people_list(const RecordPage& page) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < page.record.people.size(); ++i)
    texts.push_back(
        person_text(page.record.people[i], i < page.people_ids.size() ? page.people_ids[i] : ""));
  return join(texts, "; ");
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

// ---- JSON helpers. ----

/// {"countries": [...], "organisations": [...]}: who hosted a meeting or gave input.
Json countries_and_organisations(const std::vector<Labelled>& countries,
                                 const std::vector<Labelled>& organisations) {
  Json j = Json::object();
  j["countries"] = labelled_array(countries);
  j["organisations"] = labelled_array(organisations);
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

}  // namespace

// ---- Record (--show). ----

void render_record_text(const RecordPage& page, const TextStyle& style, std::ostream& out) {
  const Record& r = page.record;
  std::vector<Block> blocks = {title_block(r, style)};

  Block fields;
  field("Venue", venue_text(r, page.venue_country), fields);
  field("Hosts", labelled_list(concatenated(page.host_countries, page.host_organisations)), fields);
  field("Participation", participation_list(r), fields);
  field("People", people_list(page), fields);
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
/// A meeting's participation figures: {count, qualifier, of, text}.
Json participation_json(const Record& r) {
  Json participation = Json::array();
  for (const auto& p : r.participation) {
    Json item = Json::object();
    item["count"] = p.count;
    item["qualifier"] = p.qualifier;
    item["of"] = p.of;
    item["text"] = p.text;
    participation.push_back(std::move(item));
  }
  return participation;
}

/// The people a meeting names: {name, role, id}, id the person record's (their dossier) or null.
Json people_json(const RecordPage& page) {
  const Record& r = page.record;
  Json people = Json::array();
  for (std::size_t i = 0; i < r.people.size(); ++i) {
    Json item = Json::object();
    item["name"] = r.people[i].name;
    item["role"] = r.people[i].role;
    item["id"] = string_or_null(i < page.people_ids.size() ? page.people_ids[i] : "");
    people.push_back(std::move(item));
  }
  return people;
}

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
      j["participation"] = participation_json(r);
      j["people"] = people_json(page);
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

  blocks.push_back(entity_parts::timeline_block(d.timeline, style));

  blocks.push_back(record_ref_list("Also mentioned in", d.mentioned_in, style));
  write_blocks(blocks, out);
}

nlohmann::ordered_json dossier_json(const CountryDossier& d) {
  Json j = Json::object();
  j["kind"] = "country";
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
  j["timeline"] = entity_parts::timeline_entries_json(d.timeline);
  j["mentioned_in"] = record_refs_json(d.mentioned_in);
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
  field("People", people_list(page), fields);
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
  j["kind"] = "meeting";
  j["meeting"] = record_json(m.page);
  j["venue_regions"] = labelled_array(m.venue_regions);
  Json announcements = Json::array();
  for (const auto& a : m.announcements) announcements.push_back(meeting_role_json(a));
  j["announcements"] = std::move(announcements);
  Json roles = Json::array();
  for (const auto& role : m.roles) roles.push_back(meeting_role_json(role));
  j["roles"] = std::move(roles);
  j["recommendations"] = record_refs_json(m.recommendations);
  j["documents"] = record_refs_json(m.documents);
  return j;
}

}  // namespace r2p
