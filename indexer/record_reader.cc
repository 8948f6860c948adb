// Record validation: each JSON record's fields checked by its type, countries, regions and
// organisations resolved, every problem collected (not just the first) so one run of r2p-index
// tells the user everything to fix.
#include "indexer/record_reader.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "indexer/corpus_reader.h"

namespace r2p {
namespace {

/// Reports a meeting reference that cannot be a meeting id (meeting ids are record ids).
void check_meeting_id(ObjectReader& reader, const std::string& field, const std::string& id) {
  if (!valid_id(id))
    reader.problem(field, "'" + shown(id) +
                              "' is not a valid meeting id; use the id of a meeting "
                              "record (at most " +
                              std::to_string(kMaxIdBytes) +
                              " lowercase letters, digits, '-' and '_')");
}

/// The name of item `i` of the list field `key`: "countries[2]".
std::string item_field(const char* key, std::size_t i) {
  return std::string(key) + "[" + std::to_string(i) + "]";
}

/// " (closest known: 'a', 'b')" for the names a misspelt one is closest to; "" when none is.
std::string closest_known(const std::vector<std::string>& names) {
  std::string hint;
  for (const auto& name : names) hint += (hint.empty() ? "" : ", ") + ("'" + name + "'");
  return hint.empty() ? "" : " (closest known: " + hint + ")";
}

/// Resolves one country name through the gazetteer, reporting an unknown name at `field` with
/// suggestions.
std::optional<std::string> resolve_country(ObjectReader& reader, const std::string& field,
                                           const std::string& name, const Gazetteer& gazetteer) {
  auto code = gazetteer.resolve_country(name);
  if (!code)
    reader.problem(field, "unknown country '" + name + "'" +
                              closest_known(gazetteer.closest_countries(name)) +
                              "; fix the spelling or add the name to " + kAliasFile);
  return code;
}

/// Resolves each item of the list field `key` with `resolve(field, item)`, which reports what it
/// cannot resolve at `field` ("key[i]"); returns the values resolved, in order, each once when
/// `distinct`.
template <typename Resolve>
std::vector<std::string> resolve_each(const char* key, const std::vector<std::string>& items,
                                      bool distinct, Resolve resolve) {
  std::vector<std::string> values;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::optional<std::string> value = resolve(item_field(key, i), items[i]);
    if (value && (!distinct || std::find(values.begin(), values.end(), *value) == values.end()))
      values.push_back(*value);
  }
  return values;
}

/// Resolves a list of country names (the field `key`), reporting unknown names.
std::vector<std::string> resolve_countries(ObjectReader& reader, const char* key,
                                           const std::vector<std::string>& names,
                                           const Gazetteer& gazetteer) {
  return resolve_each(key, names, true, [&](const std::string& field, const std::string& name) {
    return resolve_country(reader, field, name, gazetteer);
  });
}

std::vector<std::string> resolve_organisations(ObjectReader& reader, const char* key,
                                               const std::vector<std::string>& ids,
                                               const Gazetteer& gazetteer) {
  return resolve_each(
      key, ids, false,
      [&](const std::string& field, const std::string& id) -> std::optional<std::string> {
        if (gazetteer.organisation(id)) return id;
        auto resolved = gazetteer.resolve_organisation(id);
        reader.problem(field, "unknown organisation id '" + id + "'" +
                                  (resolved ? "; did you mean '" + *resolved + "'?" : "") +
                                  "; organisations are defined in " + kAliasFile);
        return std::nullopt;
      });
}

std::vector<std::string> resolve_regions(ObjectReader& reader, const char* key,
                                         const std::vector<std::string>& names,
                                         const Gazetteer& gazetteer) {
  return resolve_each(key, names, false, [&](const std::string& field, const std::string& name) {
    auto code = gazetteer.resolve_region(name);
    if (!code)
      reader.problem(field, "unknown region '" + name + "'" +
                                closest_known(gazetteer.closest_regions(name)) +
                                "; use a UN M.49 continent or sub-region name or code");
    return code;
  });
}

void read_source(ObjectReader& reader, Record& record) {
  if (auto source = reader.object("source", Need::required)) {
    record.source_document = source->string("document", Need::required);
    record.source = source->integers("paragraphs", Need::required);
    for (int p : record.source)
      if (p < 1) source->problem("paragraphs", "paragraph numbers start at 1");
    source->reject_unknown({"document", "paragraphs"});
  }
}

void read_meeting(ObjectReader& r, Record& rec, const Gazetteer& g) {
  rec.kind = r.string("kind", Need::required);
  static const std::set<std::string> kinds = {"launch", "annual", "workshop", "regional"};
  if (!rec.kind.empty() && !kinds.count(rec.kind))
    r.problem("kind", "'" + rec.kind + "' is not one of launch, annual, workshop, regional");
  rec.end_date = r.date("end_date", Need::optional);
  if (!rec.end_date.empty() && rec.end_date.sort_key() < rec.date.sort_key())
    r.problem("end_date", "is before the date");
  if (auto venue = r.object("venue", Need::optional)) {
    rec.venue_city = venue->string("city", Need::optional);
    const std::string name = venue->string("country", Need::required);
    if (!name.empty()) rec.venue_country = resolve_country(*venue, "country", name, g).value_or("");
    venue->reject_unknown({"city", "country"});
  }
  if (auto hosts = r.object("hosts", Need::optional)) {
    rec.host_countries =
        resolve_countries(*hosts, "countries", hosts->strings("countries", Need::optional), g);
    rec.host_organisations = resolve_organisations(
        *hosts, "organisations", hosts->strings("organisations", Need::optional), g);
    hosts->reject_unknown({"countries", "organisations"});
  }
  rec.organisations =
      resolve_organisations(r, "organisations", r.strings("organisations", Need::optional), g);
  for (auto& p : r.objects("participation", Need::optional)) {
    Participation part;
    part.count = p.integer("count", Need::required);
    part.qualifier = p.string("qualifier", Need::required);
    if (!part.qualifier.empty() && part.qualifier != "exactly" && part.qualifier != "more than")
      p.problem("qualifier", "'" + part.qualifier + "' is not 'exactly' or 'more than'");
    part.of = p.string("of", Need::required);
    part.text = p.string("text", Need::required);
    p.reject_unknown({"count", "qualifier", "of", "text"});
    rec.participation.push_back(part);
  }
  for (auto& p : r.objects("people", Need::optional)) {
    rec.people.push_back({p.string("name", Need::required), p.string("role", Need::optional)});
    p.reject_unknown({"name", "role"});
  }
  rec.discussed = r.strings("discussed", Need::optional);
  rec.highlights = r.strings("highlights", Need::optional);
  r.reject_unknown({"id", "type", "kind", "title", "date", "end_date", "venue", "hosts",
                    "organisations", "participation", "people", "discussed", "highlights", "region",
                    "countries", "meetings", "text", "source"});
}

void read_recommendation(ObjectReader& r, Record& rec, const Gazetteer& g) {
  rec.items = r.strings("items", Need::optional);
  rec.drafted_by =
      resolve_organisations(r, "drafted_by", r.strings("drafted_by", Need::optional), g);
  if (auto input = r.object("input_from", Need::optional)) {
    rec.input_countries =
        resolve_countries(*input, "countries", input->strings("countries", Need::optional), g);
    rec.input_organisations = resolve_organisations(
        *input, "organisations", input->strings("organisations", Need::optional), g);
    input->reject_unknown({"countries", "organisations"});
  }
  r.reject_unknown({"id", "type", "title", "date", "items", "drafted_by", "input_from", "meetings",
                    "region", "countries", "text", "source"});
}

/// The roles a country, organisation or person played (`involvement`), checked against the roles
/// its type may hold.
void read_involvement(ObjectReader& r, Record& rec) {
  const auto& roles = involvement_roles(rec.type);
  for (auto& i : r.objects("involvement", Need::required)) {
    Involvement inv;
    inv.role = i.string("role", Need::required);
    if (!inv.role.empty() && std::find(roles.begin(), roles.end(), inv.role) == roles.end()) {
      std::string known;
      for (const auto& role : roles) known += (known.empty() ? "" : ", ") + role;
      i.problem("role", "'" + inv.role + "' is not a role a " + to_string(rec.type) +
                            " record may hold (" + known + ")");
    }
    inv.date = i.date("date", Need::optional);
    inv.meeting = i.string("meeting", Need::optional);
    if (!inv.meeting.empty()) check_meeting_id(i, "meeting", inv.meeting);
    inv.paragraph = i.integer("paragraph", Need::required);
    inv.sentence = i.string("sentence", Need::required);
    i.reject_unknown({"role", "date", "meeting", "paragraph", "sentence"});
    rec.involvement.push_back(inv);
  }
}

void read_country(ObjectReader& r, Record& rec, const Gazetteer& g) {
  const std::string name = r.string("name", Need::required);
  const std::string code = r.string("code", Need::required);
  std::optional<std::string> by_name = name.empty() ? std::nullopt : g.resolve_country(name);
  if (!name.empty() && !by_name) resolve_country(r, "name", name, g);  // reports it
  if (!code.empty()) {
    auto by_code = g.resolve_country(code);
    if (!by_code || *by_code != code) {
      r.problem("code", "'" + code + "' is not an ISO 3166-1 alpha-2 code (uppercase)");
    } else if (by_name && *by_name != code) {
      r.problem("code",
                "'" + code + "' does not match the name '" + name + "', which is " + *by_name);
    } else {
      rec.country_code = code;
    }
  }
  rec.status = r.string("status", Need::required);
  if (!rec.status.empty() && rec.status != "appointed" && rec.status != "intention")
    r.problem("status", "'" + rec.status + "' is not 'appointed' or 'intention'");
  rec.status_date = r.date("status_date", Need::optional);
  if (auto status = r.object("status_source", Need::required)) {
    rec.status_paragraph = status->integer("paragraph", Need::required);
    rec.status_sentence = status->string("sentence", Need::required);
    status->reject_unknown({"paragraph", "sentence"});
  }
  read_involvement(r, rec);
  r.reject_unknown({"id", "type", "title", "name", "code", "status", "status_date", "status_source",
                    "involvement", "region", "countries", "meetings", "text", "source"});
}

/// An organisation: its record id is its id in the alias table, which holds its names and
/// acronyms; the title is the alias table's full name, so the two cannot drift apart.
void read_organisation(ObjectReader& r, Record& rec, const Gazetteer& g) {
  const Organisation* org = rec.id.empty() ? nullptr : g.organisation(rec.id);
  if (!rec.id.empty() && (!org || org->term)) {
    r.problem("id", "no organisation '" + rec.id + "' in " + kAliasFile +
                        "; an organisation record's id is its id there, where its names and "
                        "acronyms are defined");
  } else if (org && !rec.title.empty() && rec.title != org->name) {
    r.problem("title", "'" + shown(rec.title) + "' differs from the name in " + kAliasFile + " ('" +
                           org->name + "'); write the same name in both");
  }
  read_involvement(r, rec);
  r.reject_unknown(
      {"id", "type", "title", "involvement", "region", "countries", "meetings", "text", "source"});
}

/// A person the page names: name and position verbatim, the organisations they represent.
void read_person(ObjectReader& r, Record& rec, const Gazetteer& g) {
  rec.name = r.string("name", Need::required);
  rec.position = r.string("position", Need::optional);
  rec.organisations =
      resolve_organisations(r, "organisations", r.strings("organisations", Need::optional), g);
  read_involvement(r, rec);
  r.reject_unknown({"id", "type", "title", "name", "position", "organisations", "involvement",
                    "region", "countries", "meetings", "text", "source"});
}

/// A document (a user's report, statement or note): organisations may be given by name or acronym.
void read_document(ObjectReader& r, Record& rec, const Gazetteer& g) {
  rec.kind = r.string("kind", Need::optional);
  const auto names = r.strings("organisations", Need::optional);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (auto id = g.resolve_organisation(names[i])) {
      if (std::find(rec.organisations.begin(), rec.organisations.end(), *id) ==
          rec.organisations.end())
        rec.organisations.push_back(*id);
    } else {
      r.problem(item_field("organisations", i), "unknown organisation '" + shown(names[i]) +
                                                    "'; use an id, name or acronym defined in " +
                                                    kAliasFile);
    }
  }
  r.reject_unknown({"id", "type", "kind", "title", "date", "organisations", "region", "countries",
                    "meetings", "text", "source"});
}

/// The record's id, or "" when it is missing or invalid (reported).
std::string read_record_id(const json& value, const Location& where,
                           std::vector<Problem>& problems) {
  ObjectReader id_reader(value, where, problems);
  std::string id = id_reader.string("id", Need::required);
  if (!id.empty() && !valid_id(id))
    id_reader.problem("id", "'" + shown(id) + "' is not a valid id; use at most " +
                                std::to_string(kMaxIdBytes) +
                                " lowercase letters, digits, '-' and '_'");
  if (id_reader.problem_count() > 0) id.clear();
  return id;
}

/// The reader of each record type's own fields.
using TypeFieldReader = void (*)(ObjectReader&, Record&, const Gazetteer&);
constexpr std::pair<RecordType, TypeFieldReader> kTypeFieldReaders[] = {
    {RecordType::meeting, read_meeting},
    {RecordType::recommendation, read_recommendation},
    {RecordType::country, read_country},
    {RecordType::document, read_document},
    {RecordType::organisation, read_organisation},
    {RecordType::person, read_person}};

/// The fields of the record's type (`rec.type`).
void read_type_fields(ObjectReader& r, Record& rec, const Gazetteer& gazetteer) {
  for (const auto& [type, read] : kTypeFieldReaders)
    if (type == rec.type) read(r, rec, gazetteer);
}

}  // namespace

std::optional<Record> read_record(const json& value, Location where, const Gazetteer& gazetteer,
                                  std::vector<Problem>& problems) {
  if (!value.is_object()) {
    problems.push_back({where, std::string("expected a JSON object (one record), found ") +
                                   json_type_name(value)});
    return std::nullopt;
  }
  // Nested objects have readers of their own, so count problems in the shared list.
  const std::size_t problems_before = problems.size();
  Record rec;
  rec.file = where.file;
  rec.line = where.line;
  rec.id = read_record_id(value, where, problems);
  where.record = rec.id;
  ObjectReader r(value, where, problems);
  const std::string type = r.string("type", Need::required);
  auto parsed_type = parse_record_type(type);
  if (!type.empty() && !parsed_type)
    r.problem("type", "'" + type +
                          "' is not one of meeting, recommendation, country, document, "
                          "organisation, person");
  rec.title = r.string("title", Need::required);
  if (const std::size_t chars = code_point_count(rec.title); chars > kMaxTitleChars)
    r.problem("title", "is " + std::to_string(chars) + " characters long; the limit is " +
                           std::to_string(kMaxTitleChars) + ": shorten it");
  rec.date = r.date("date", parsed_type == RecordType::meeting ? Need::required : Need::optional);
  rec.text = r.strings("text", Need::required);
  if (const json* text = r.find("text", Need::optional); text && text->is_array() && text->empty())
    r.problem("text", "must hold at least one paragraph");
  for (std::size_t i = 0; i < rec.text.size(); ++i) {
    if (rec.text[i].empty()) r.problem(item_field("text", i), "empty paragraph");
    if (rec.text[i].size() > kMaxParagraphBytes)
      r.problem(item_field("text", i),
                "is " + std::to_string(rec.text[i].size()) + " bytes long; the limit is " +
                    std::to_string(kMaxParagraphBytes) +
                    " bytes per paragraph: split it into several paragraphs");
  }
  read_source(r, rec);
  rec.countries =
      resolve_countries(r, "countries", r.strings("countries", Need::optional), gazetteer);
  rec.meetings = r.strings("meetings", Need::optional);
  for (std::size_t i = 0; i < rec.meetings.size(); ++i)
    check_meeting_id(r, item_field("meetings", i), rec.meetings[i]);
  if (rec.meetings.size() > kMaxMeetingsPerRecord)
    r.problem("meetings", "names " + std::to_string(rec.meetings.size()) +
                              " meetings; a record may name at most " +
                              std::to_string(kMaxMeetingsPerRecord));
  rec.regions = resolve_regions(r, "region", r.strings("region", Need::optional), gazetteer);
  if (parsed_type) {
    rec.type = *parsed_type;
    read_type_fields(r, rec, gazetteer);
  }
  if (problems.size() > problems_before || rec.id.empty() || !parsed_type) return std::nullopt;
  return rec;
}

void parse_records_into(std::string_view content, const std::string& file, bool json_lines,
                        int first_line, const Gazetteer& gazetteer, std::vector<Problem>& problems,
                        const std::function<void(Record&)>& emit) {
  if (!json_lines) {
    Location where{file, first_line, "", ""};
    if (content.size() > kMaxRecordBytes) {
      problems.push_back({{file, 0, "", ""}, too_long_record(content.size(), "file")});
      return;
    }
    if (auto value = parse_json(content, where, first_line - 1, problems)) {
      if (auto rec = read_record(*value, where, gazetteer, problems)) emit(*rec);
    }
    return;
  }
  for_each_json_line(content, file, first_line, problems,
                     [&](std::string_view text, const Location& where) {
                       if (auto value = parse_json(text, where, where.line - 1, problems))
                         if (auto rec = read_record(*value, where, gazetteer, problems)) emit(*rec);
                     });
}

std::vector<Record> parse_records(std::string_view content, const std::string& file,
                                  bool json_lines, const Gazetteer& gazetteer,
                                  std::vector<Problem>& problems) {
  std::vector<Record> records;
  parse_records_into(content, file, json_lines, 1, gazetteer, problems,
                     [&](Record& r) { records.push_back(std::move(r)); });
  return records;
}

}  // namespace r2p
