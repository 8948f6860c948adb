// Corpus reading and validation. Every problem is collected (not just the first) so one run of
// r2p-index tells the user everything to fix.
#include "indexer/corpus_reader.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/parallel.h"
#include "core/text.h"
#include "indexer/bounded_read.h"
#include "indexer/document_formats.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

enum class Need { required, optional };

const char* json_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

/// Code points in UTF-8 text (the reader has checked that it is UTF-8).
std::size_t code_points(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

/// The problem of a record over kMaxRecordBytes (`what` is "line" or "file").
std::string too_long_record(std::uint64_t bytes, const char* what) {
  return std::string("the ") + what + " is " + std::to_string(bytes) +
         " bytes long; a record may be at most " + std::to_string(kMaxRecordBytes) +
         " bytes (1 MiB): shorten its text";
}

/// The problem of a JSON Lines line over kMaxRecordBytes, found while reading a file line by line:
/// reading stops there, so an endless line is never read to its end.
std::string too_long_line_stopped() {
  return "the line is over " + std::to_string(kMaxRecordBytes) +
         " bytes long; a record may be at most " + std::to_string(kMaxRecordBytes) +
         " bytes (1 MiB): shorten its text (the rest of the file was not read)";
}

std::string too_long_alias_file(std::uint64_t bytes) {
  return "the alias table is " + std::to_string(bytes) + " bytes long; it may be at most " +
         std::to_string(kMaxAliasFileBytes) + " bytes (16 MiB): shorten it";
}

/// `value` for a message: cut to 60 characters, so a huge value does not flood the output.
std::string shown(const std::string& value) {
  std::size_t chars = 0, i = 0;
  for (; i < value.size(); ++i)
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80 && ++chars > 60) break;
  return i < value.size() ? value.substr(0, i) + "…" : value;
}

/// Why a string value cannot be used because of a control character, or "" when it has none.
/// Each text field holds one line (one paragraph per string), so tabs and line breaks are out too.
std::string control_character_problem(const std::string& value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != 0x7F) continue;
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", c);
    return std::string("contains the control character ") + code + " at byte " +
           std::to_string(i + 1) + "; remove it (a text field holds one line, without tabs)";
  }
  return "";
}

/// Whether a JSON integer fits in an int (paragraph numbers, counts).
bool fits_int(const json& value) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>() <= INT_MAX;
  const auto v = value.get<std::int64_t>();
  return v >= INT_MIN && v <= INT_MAX;
}

/// Reads typed fields out of one JSON object, reporting each problem with its location.
class ObjectReader {
 public:
  ObjectReader(const json& object, Location where, std::vector<Problem>& problems,
               std::string path = "")
      : object_(object), where_(std::move(where)), problems_(problems), path_(std::move(path)) {}

  void problem(const std::string& field, const std::string& message) {
    Location at = where_;
    at.field = path_ + field;
    problems_.push_back({at, message});
    ++count_;
  }
  int problem_count() const { return count_; }

  /// The value at `key`, or nullptr when absent or null (a problem when required).
  const json* find(const char* key, Need need) {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      if (need == Need::required) problem(key, "missing; this field is required");
      return nullptr;
    }
    return &*it;
  }

  std::string string(const char* key, Need need) {
    const json* value = find(key, need);
    if (!value) return "";
    if (!value->is_string()) {
      problem(key, std::string("expected a string, found ") + json_type_name(*value));
      return "";
    }
    auto s = value->get<std::string>();
    if (auto bad = control_character_problem(s); !bad.empty()) {
      problem(key, bad);
      return "";
    }
    if (need == Need::required && s.empty()) problem(key, "must not be empty");
    return s;
  }

  int integer(const char* key, Need need) {
    const json* value = find(key, need);
    if (!value) return 0;
    if (!value->is_number_integer()) {
      problem(key, std::string("expected an integer, found ") + json_type_name(*value));
      return 0;
    }
    if (!fits_int(*value)) {
      problem(key, value->dump() + " is out of range; write a whole number below 2147483648");
      return 0;
    }
    return value->get<int>();
  }

  std::vector<std::string> strings(const char* key, Need need) {
    std::vector<std::string> out;
    const json* value = find(key, need);
    if (!value) return out;
    if (!value->is_array()) {
      problem(key, std::string("expected a list of strings, found ") + json_type_name(*value));
      return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (!item.is_string()) {
        problem(std::string(key) + "[" + std::to_string(i) + "]",
                std::string("expected a string, found ") + json_type_name(item));
        continue;
      }
      if (auto bad = control_character_problem(item.get_ref<const std::string&>()); !bad.empty()) {
        problem(std::string(key) + "[" + std::to_string(i) + "]", bad);
        continue;
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  std::vector<int> integers(const char* key, Need need) {
    std::vector<int> out;
    const json* value = find(key, need);
    if (!value) return out;
    if (!value->is_array()) {
      problem(key, std::string("expected a list of integers, found ") + json_type_name(*value));
      return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (!item.is_number_integer()) {
        problem(std::string(key) + "[" + std::to_string(i) + "]",
                std::string("expected an integer, found ") + json_type_name(item));
        continue;
      }
      if (!fits_int(item)) {
        problem(std::string(key) + "[" + std::to_string(i) + "]",
                item.dump() + " is out of range; write a whole number below 2147483648");
        continue;
      }
      out.push_back(item.get<int>());
    }
    return out;
  }

  PartialDate date(const char* key, Need need) {
    const std::string text = string(key, need);
    if (text.empty()) return {};
    auto parsed = parse_partial_date(text);
    if (!parsed) {
      problem(key, "'" + text + "' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD");
      return {};
    }
    return *parsed;
  }

  /// A nested object reader for `key` (nullopt when absent/null or not an object).
  std::optional<ObjectReader> object(const char* key, Need need) {
    const json* value = find(key, need);
    if (!value) return std::nullopt;
    if (!value->is_object()) {
      problem(key, std::string("expected an object, found ") + json_type_name(*value));
      return std::nullopt;
    }
    return ObjectReader(*value, where_, problems_, path_ + key + ".");
  }

  /// Readers for each object of the list at `key`.
  std::vector<ObjectReader> objects(const char* key, Need need) {
    std::vector<ObjectReader> out;
    const json* value = find(key, need);
    if (!value) return out;
    if (!value->is_array()) {
      problem(key, std::string("expected a list of objects, found ") + json_type_name(*value));
      return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const std::string item_path = path_ + key + "[" + std::to_string(i) + "]";
      if (!(*value)[i].is_object()) {
        problem(std::string(key) + "[" + std::to_string(i) + "]",
                std::string("expected an object, found ") + json_type_name((*value)[i]));
        continue;
      }
      out.emplace_back((*value)[i], where_, problems_, item_path + ".");
    }
    return out;
  }

  /// Reports keys not in `known` (most often a typo of a known one).
  void reject_unknown(std::initializer_list<const char*> known) {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return it.key() == k; })) {
        std::string closest;
        std::size_t best = 4;
        for (const char* k : known) {
          const std::size_t d = edit_distance(it.key(), k);
          if (d < best) best = d, closest = k;
        }
        problem(it.key(),
                "unknown field" + (closest.empty()
                                       ? std::string("; see corpus/README.md for the fields")
                                       : "; did you mean '" + closest + "'?"));
      }
    }
  }

  const Location& where() const { return where_; }

 private:
  const json& object_;
  Location where_;
  std::vector<Problem>& problems_;
  std::string path_;
  int count_ = 0;
};

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxIdBytes && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

/// Reports a meeting reference that cannot be a meeting id (meeting ids are record ids).
void check_meeting_id(ObjectReader& reader, const std::string& field, const std::string& id) {
  if (!valid_id(id))
    reader.problem(field, "'" + shown(id) +
                              "' is not a valid meeting id; use the id of a meeting "
                              "record (at most " +
                              std::to_string(kMaxIdBytes) +
                              " lowercase letters, digits, '-' and '_')");
}

/// Resolves one country name through the gazetteer, reporting an unknown name at `field` with
/// suggestions.
std::optional<std::string> resolve_country(ObjectReader& reader, const std::string& field,
                                           const std::string& name, const Gazetteer& gazetteer) {
  auto code = gazetteer.resolve_country(name);
  if (!code) {
    std::string hint;
    for (const auto& c : gazetteer.closest_countries(name))
      hint += (hint.empty() ? "" : ", ") + ("'" + c + "'");
    reader.problem(field, "unknown country '" + name + "'" +
                              (hint.empty() ? "" : " (closest known: " + hint + ")") +
                              "; fix the spelling or add the name to " + kAliasFile);
  }
  return code;
}

/// Resolves a list of country names (the field `key`), reporting unknown names.
std::vector<std::string> resolve_countries(ObjectReader& reader, const char* key,
                                           const std::vector<std::string>& names,
                                           const Gazetteer& gazetteer) {
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string field = std::string(key) + "[" + std::to_string(i) + "]";
    auto code = resolve_country(reader, field, names[i], gazetteer);
    if (code && std::find(codes.begin(), codes.end(), *code) == codes.end()) codes.push_back(*code);
  }
  return codes;
}

std::vector<std::string> resolve_organisations(ObjectReader& reader, const char* key,
                                               const std::vector<std::string>& ids,
                                               const Gazetteer& gazetteer) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (!gazetteer.organisation(ids[i])) {
      auto resolved = gazetteer.resolve_organisation(ids[i]);
      reader.problem(std::string(key) + "[" + std::to_string(i) + "]",
                     "unknown organisation id '" + ids[i] + "'" +
                         (resolved ? "; did you mean '" + *resolved + "'?" : "") +
                         "; organisations are defined in " + kAliasFile);
      continue;
    }
    out.push_back(ids[i]);
  }
  return out;
}

std::vector<std::string> resolve_regions(ObjectReader& reader, const char* key,
                                         const std::vector<std::string>& names,
                                         const Gazetteer& gazetteer) {
  std::vector<std::string> codes;
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto code = gazetteer.resolve_region(names[i]);
    if (!code) {
      std::string hint;
      for (const auto& r : gazetteer.closest_regions(names[i]))
        hint += (hint.empty() ? "" : ", ") + ("'" + r + "'");
      reader.problem(std::string(key) + "[" + std::to_string(i) + "]",
                     "unknown region '" + names[i] + "'" +
                         (hint.empty() ? "" : " (closest known: " + hint + ")") +
                         "; use a UN M.49 continent or sub-region name or code");
      continue;
    }
    codes.push_back(*code);
  }
  return codes;
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
      r.problem("organisations[" + std::to_string(i) + "]",
                "unknown organisation '" + shown(names[i]) +
                    "'; use an id, name or acronym defined in " + kAliasFile);
    }
  }
  r.reject_unknown({"id", "type", "kind", "title", "date", "organisations", "region", "countries",
                    "meetings", "text", "source"});
}

/// Turns one parsed JSON value into a record, or reports why it cannot.
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
  {
    ObjectReader id_reader(value, where, problems);
    rec.id = id_reader.string("id", Need::required);
    if (!rec.id.empty() && !valid_id(rec.id))
      id_reader.problem("id", "'" + shown(rec.id) + "' is not a valid id; use at most " +
                                  std::to_string(kMaxIdBytes) +
                                  " lowercase letters, digits, '-' and '_'");
    if (id_reader.problem_count() > 0) rec.id.clear();
  }
  where.record = rec.id;
  ObjectReader r(value, where, problems);
  const std::string type = r.string("type", Need::required);
  auto parsed_type = parse_record_type(type);
  if (!type.empty() && !parsed_type)
    r.problem("type", "'" + type +
                          "' is not one of meeting, recommendation, country, document, "
                          "organisation, person");
  rec.title = r.string("title", Need::required);
  if (const std::size_t chars = code_points(rec.title); chars > kMaxTitleChars)
    r.problem("title", "is " + std::to_string(chars) + " characters long; the limit is " +
                           std::to_string(kMaxTitleChars) + ": shorten it");
  rec.date = r.date("date", parsed_type == RecordType::meeting ? Need::required : Need::optional);
  rec.text = r.strings("text", Need::required);
  if (const json* text = r.find("text", Need::optional); text && text->is_array() && text->empty())
    r.problem("text", "must hold at least one paragraph");
  for (std::size_t i = 0; i < rec.text.size(); ++i) {
    if (rec.text[i].empty()) r.problem("text[" + std::to_string(i) + "]", "empty paragraph");
    if (rec.text[i].size() > kMaxParagraphBytes)
      r.problem("text[" + std::to_string(i) + "]",
                "is " + std::to_string(rec.text[i].size()) + " bytes long; the limit is " +
                    std::to_string(kMaxParagraphBytes) +
                    " bytes per paragraph: split it into several paragraphs");
  }
  read_source(r, rec);
  rec.countries =
      resolve_countries(r, "countries", r.strings("countries", Need::optional), gazetteer);
  rec.meetings = r.strings("meetings", Need::optional);
  for (std::size_t i = 0; i < rec.meetings.size(); ++i)
    check_meeting_id(r, "meetings[" + std::to_string(i) + "]", rec.meetings[i]);
  if (rec.meetings.size() > kMaxMeetingsPerRecord)
    r.problem("meetings", "names " + std::to_string(rec.meetings.size()) +
                              " meetings; a record may name at most " +
                              std::to_string(kMaxMeetingsPerRecord));
  rec.regions = resolve_regions(r, "region", r.strings("region", Need::optional), gazetteer);
  if (parsed_type) {
    rec.type = *parsed_type;
    switch (rec.type) {
      case RecordType::meeting:
        read_meeting(r, rec, gazetteer);
        break;
      case RecordType::recommendation:
        read_recommendation(r, rec, gazetteer);
        break;
      case RecordType::country:
        read_country(r, rec, gazetteer);
        break;
      case RecordType::document:
        read_document(r, rec, gazetteer);
        break;
      case RecordType::organisation:
        read_organisation(r, rec, gazetteer);
        break;
      case RecordType::person:
        read_person(r, rec, gazetteer);
        break;
    }
  }
  if (problems.size() > problems_before || rec.id.empty() || !parsed_type) return std::nullopt;
  return rec;
}

/// Line number (1-based) of byte `offset` in `content`.
int line_at(std::string_view content, std::size_t offset) {
  offset = std::min(offset, content.size());
  return 1 + static_cast<int>(std::count(content.begin(), content.begin() + offset, '\n'));
}

/// Byte offset of the first invalid UTF-8 sequence, or npos.
std::size_t invalid_utf8_offset(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) < 0x80) continue;
    // Find the longest valid prefix by checking growing windows; cheap for short lines.
    std::size_t len = 1;
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0xC2 && lead <= 0xDF)
      len = 2;
    else if (lead >= 0xE0 && lead <= 0xEF)
      len = 3;
    else if (lead >= 0xF0 && lead <= 0xF4)
      len = 4;
    else
      return i;
    if (i + len > text.size() || !is_valid_utf8(text.substr(i, len))) return i;
    i += len - 1;
  }
  return std::string_view::npos;
}

/// Parses JSON text, turning syntax errors into a Problem at the right line.
std::optional<json> parse_json(std::string_view text, Location where, int line_offset,
                               std::vector<Problem>& problems) {
  if (auto bad = invalid_utf8_offset(text); bad != std::string_view::npos) {
    where.line = line_offset + line_at(text, bad);
    problems.push_back({where, "invalid UTF-8 at byte " + std::to_string(bad + 1) +
                                   " of the line; save the file as UTF-8"});
    return std::nullopt;
  }
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    where.line = line_offset + line_at(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string message = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 5: ".
    if (auto colon = message.find(": "); colon != std::string::npos)
      message = message.substr(colon + 2);
    // Its "last read: '…'" quotes bytes up to the error, which can end inside a character.
    for (std::size_t bad; (bad = invalid_utf8_offset(message)) != std::string::npos;)
      message.replace(bad, 1, "\uFFFD");
    problems.push_back({where, "malformed JSON: " + message});
    return std::nullopt;
  }
}

/// Parses one line of an alias table (not blank, within kMaxRecordBytes) into `table`.
void parse_alias_line(std::string_view text, const Location& where, AliasTable& table,
                      std::vector<Problem>& problems) {
  const int line = where.line;
  auto value = parse_json(text, where, line - 1, problems);
  if (!value) return;
  if (!value->is_object()) {
    problems.push_back({where, "expected a JSON object (one alias entry)"});
    return;
  }
  ObjectReader r(*value, where, problems);
  const std::string kind = r.string("kind", Need::required);
  if (kind == "country") {
    CountryAlias alias{r.string("name", Need::required), r.string("code", Need::required)};
    r.integer("paragraph", Need::optional);
    r.string("note", Need::optional);
    r.reject_unknown({"kind", "name", "code", "paragraph", "note"});
    if (!alias.name.empty() && !alias.alpha2.empty()) table.countries.push_back(alias);
  } else if (kind == "organisation" || kind == "term") {
    Organisation org;
    org.term = kind == "term";
    org.id = r.string("id", Need::required);
    org.name = r.string("name", Need::required);
    org.acronyms = r.strings("acronyms", Need::optional);
    org.variants = r.strings("variants", Need::optional);
    r.integer("paragraph", Need::optional);
    r.string("note", Need::optional);
    r.reject_unknown({"kind", "id", "name", "acronyms", "variants", "paragraph", "note"});
    if (!org.id.empty() && !valid_id(org.id))
      r.problem("id", "'" + org.id + "' is not a valid id; use lowercase letters, digits, '-'");
    if (r.problem_count() == 0) table.organisations.push_back(org);
  } else if (!kind.empty()) {
    r.problem("kind", "'" + kind + "' is not one of country, organisation, term");
  }
}

}  // namespace

AliasTable parse_aliases(std::string_view content, const std::string& file,
                         std::vector<Problem>& problems) {
  AliasTable table;
  std::size_t start = 0;
  int line = 0;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view text = content.substr(start, end - start);
    ++line;
    start = end + 1;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Location where{file, line, "", ""};
    if (text.size() > kMaxRecordBytes) {
      problems.push_back({where, too_long_record(text.size(), "line")});
      continue;
    }
    parse_alias_line(text, where, table, problems);
  }
  return table;
}

AliasTable read_aliases(const std::string& path, std::vector<Problem>& problems) {
  AliasTable table;
  RegularFile file(path);
  if (!file.ok()) {
    problems.push_back({{path, 0, "", ""}, file.problem()});
    return table;
  }
  if (file.size() > kMaxAliasFileBytes) {
    problems.push_back({{path, 0, "", ""}, too_long_alias_file(file.size())});
    return table;
  }
  LineReader lines(file, kMaxRecordBytes);
  std::uint64_t bytes = 0;
  for (std::string text;;) {
    const LineReader::Status status = lines.next(text);
    if (status == LineReader::Status::end) break;
    const Location where{path, lines.line_number(), "", ""};
    if (status == LineReader::Status::too_long) {
      problems.push_back({where, too_long_line_stopped()});
      break;
    }
    // The file may have grown since it was measured.
    if ((bytes += text.size() + 1) > kMaxAliasFileBytes + 1) {
      problems.push_back({{path, 0, "", ""}, too_long_alias_file(bytes)});
      break;
    }
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    parse_alias_line(text, where, table, problems);
  }
  return table;
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
  std::size_t start = 0;
  int line = first_line - 1;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    std::string_view text = content.substr(start, end - start);
    ++line;
    start = end + 1;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Location where{file, line, "", ""};
    if (text.size() > kMaxRecordBytes) {
      problems.push_back({where, too_long_record(text.size(), "line")});
      continue;
    }
    if (auto value = parse_json(text, where, line - 1, problems)) {
      if (auto rec = read_record(*value, where, gazetteer, problems)) emit(*rec);
    }
  }
}

std::vector<Record> parse_records(std::string_view content, const std::string& file,
                                  bool json_lines, const Gazetteer& gazetteer,
                                  std::vector<Problem>& problems) {
  std::vector<Record> records;
  parse_records_into(content, file, json_lines, 1, gazetteer, problems,
                     [&](Record& r) { records.push_back(std::move(r)); });
  return records;
}

RecordKey record_key(const Record& rec) {
  RecordKey key{rec.id, rec.type, rec.country_code, rec.file, rec.line, {}};
  for (std::size_t i = 0; i < rec.meetings.size(); ++i)
    key.meeting_refs.emplace_back("meetings[" + std::to_string(i) + "]", rec.meetings[i]);
  for (std::size_t i = 0; i < rec.involvement.size(); ++i)
    if (!rec.involvement[i].meeting.empty())
      key.meeting_refs.emplace_back("involvement[" + std::to_string(i) + "].meeting",
                                    rec.involvement[i].meeting);
  return key;
}

void check_cross_references(const std::vector<Record>& records, std::vector<Problem>& problems) {
  std::vector<RecordKey> keys;
  keys.reserve(records.size());
  for (const auto& r : records) keys.push_back(record_key(r));
  check_cross_references(keys, problems);
}

void check_cross_references(const std::vector<RecordKey>& records, std::vector<Problem>& problems) {
  std::unordered_map<std::string, const RecordKey*> by_id;
  std::set<std::string> meetings;
  std::map<std::string, const RecordKey*> country_records;
  by_id.reserve(records.size());
  for (const auto& rec : records) {
    auto [it, inserted] = by_id.emplace(rec.id, &rec);
    if (!inserted) {
      problems.push_back({{rec.file, rec.line, rec.id, "id"},
                          "duplicate id; it is already used at " + it->second->file + ":" +
                              std::to_string(it->second->line)});
    }
    if (rec.type == RecordType::meeting) meetings.insert(rec.id);
    if (rec.type == RecordType::country && !rec.country_code.empty()) {
      auto [c, fresh] = country_records.emplace(rec.country_code, &rec);
      if (!fresh)
        problems.push_back(
            {{rec.file, rec.line, rec.id, "code"},
             "a second record for " + rec.country_code + "; the first is '" + c->second->id + "'"});
    }
  }
  for (const auto& rec : records) {
    for (const auto& [field, id] : rec.meeting_refs) {
      if (id.empty() || meetings.count(id)) continue;
      std::string closest;
      std::size_t best = 5;
      for (const auto& m : meetings)
        if (auto d = edit_distance(id, m); d < best) best = d, closest = m;
      problems.push_back({{rec.file, rec.line, rec.id, field},
                          "no meeting record defines the id '" + id + "'" +
                              (closest.empty() ? "" : "; did you mean '" + closest + "'?")});
    }
  }
}

std::string document_id(const std::string& relative) {
  const std::string stem = fs::path(relative).replace_extension().generic_string();
  // Folded words keep a-z and 0-9; other letters (Chinese, Cyrillic, Arabic…) cannot be kept in
  // an id, so a name that loses any is told apart by a hash of the path.
  std::string slug;
  bool lossy = false;
  for (const auto& word : fold_words(stem)) {
    std::string clean;
    for (char c : word) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        clean += c;
      else if (static_cast<unsigned char>(c) < 0x80)
        clean += '-';  // '_', '.', '\'' and the like separate words
      else
        lossy = true;
    }
    if (clean.find_first_not_of('-') == std::string::npos) continue;
    if (!slug.empty()) slug += '-';
    slug += clean;
  }
  // One '-' between words, none at the ends.
  std::string tidy;
  for (char c : slug)
    if (c != '-' || (!tidy.empty() && tidy.back() != '-')) tidy += c;
  while (!tidy.empty() && tidy.back() == '-') tidy.pop_back();
  slug = std::move(tidy);
  char hash[24];
  std::snprintf(hash, sizeof hash, "%016llx",
                static_cast<unsigned long long>(std::hash<std::string>{}(relative)));
  const std::string prefix = "doc-";
  // A name that lost letters, has none, or is cut short (too long) is kept unique by the hash.
  if (lossy || slug.empty() || prefix.size() + slug.size() > kMaxIdBytes) {
    slug.resize(std::min(slug.size(), kMaxIdBytes - prefix.size() - 17));
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return prefix + slug + (slug.empty() ? "" : "-") + hash;
  }
  return prefix + slug;
}

namespace {

/// The metadata keys a document may carry (and the record field each becomes).
const std::vector<std::pair<std::string, std::string>>& document_keys() {
  static const std::vector<std::pair<std::string, std::string>> keys = {
      {"id", "id"},
      {"type", "type"},
      {"title", "title"},
      {"kind", "kind"},
      {"date", "date"},
      {"meeting", "meetings"},
      {"meetings", "meetings"},
      {"countries", "countries"},
      {"country", "countries"},
      {"region", "region"},
      {"regions", "region"},
      {"organisations", "organisations"},
      {"organisation", "organisations"},
      {"organizations", "organisations"},
      {"organization", "organisations"}};
  return keys;
}

/// Values of a list field: a single value may list several, separated by ',' or ';'.
std::vector<std::string> list_values(const MetaField& field) {
  std::vector<std::string> out;
  for (const auto& value : field.values) {
    if (field.list) {
      out.push_back(value);
      continue;
    }
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = value.find_first_of(",;", start);
      if (end == std::string::npos) end = value.size();
      std::string item = value.substr(start, end - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) out.push_back(item);
      start = end + 1;
    }
  }
  return out;
}

/// " w1 w2 … " of folded words, for word-aligned phrase search.
std::string word_string(const std::string& text) {
  std::string out = " ";
  for (const auto& w : fold_words(text)) out += w + " ";
  return out;
}

/// The meeting a document names by id, title, "City YYYY" or city (when only one meeting was
/// held there); nullopt when none or ambiguous.
std::optional<std::string> resolve_meeting(const std::string& name,
                                           const std::vector<MeetingInfo>& meetings) {
  for (const auto& m : meetings)
    if (m.id == name) return m.id;
  const std::string key = word_string(name);
  std::vector<std::string> found;
  for (const auto& m : meetings) {
    if (key == word_string(m.title) ||
        (!m.venue_city.empty() && key == word_string(m.venue_city + " " + std::to_string(m.year))))
      return m.id;
    if (!m.venue_city.empty() && key == word_string(m.venue_city)) found.push_back(m.id);
  }
  if (found.size() == 1) return found.front();
  return std::nullopt;
}

}  // namespace

std::optional<Record> document_record(const DocumentSource& source, const std::string& file,
                                      const std::string& relative, const Gazetteer& gazetteer,
                                      const std::vector<MeetingInfo>& meetings,
                                      std::vector<Problem>& problems) {
  std::vector<Problem> found;
  std::map<std::string, int> field_lines;  // record field -> line in the file
  json j = json::object();
  auto line_of = [&](const std::string& field) {
    auto it = field_lines.find(field);
    return it == field_lines.end() ? 1 : it->second;
  };
  auto problem = [&](const std::string& field, int line, const std::string& message) {
    found.push_back({{file, line, "", field}, message});
  };

  for (const auto& entry : source.metadata) {
    const std::string& key = entry.first;
    const MetaField& meta = entry.second;
    auto known = std::find_if(document_keys().begin(), document_keys().end(),
                              [&key](const auto& k) { return k.first == key; });
    if (known == document_keys().end()) {
      // Other keys (a site generator's layout, tags, author…) are left alone, unless they look
      // like a misspelt field, which would otherwise be lost without a word.
      for (const auto& [name, field] : document_keys())
        if (key.size() >= 4 && edit_distance(key, name) <= 2) {
          problem(key, meta.line, "unknown field; did you mean '" + name + "'?");
          break;
        }
      continue;
    }
    const std::string& field = known->second;
    if (field_lines.count(field)) {
      problem(key, meta.line,
              "given twice (also at line " + std::to_string(field_lines[field]) + "); keep one");
      continue;
    }
    field_lines[field] = meta.line;
    const bool list_field = field == "meetings" || field == "countries" || field == "region" ||
                            field == "organisations";
    if (list_field) {
      j[field] = list_values(meta);
      continue;
    }
    if (meta.values.empty()) continue;
    if (meta.values.size() > 1) {
      problem(key, meta.line,
              "expected one value, found a list of " + std::to_string(meta.values.size()));
      continue;
    }
    j[field] = meta.values.front();
  }

  const std::string type = j.value("type", std::string("document"));
  if (type != "document") {
    problem("type", line_of("type"),
            "'" + type + "': a Markdown, HTML or text file is a document; write meeting, " +
                "recommendation and country records as JSON Lines (see corpus/README.md)");
    j.erase("type");
  }
  j["type"] = "document";
  if (!j.contains("id")) j["id"] = document_id(relative);
  if (!j.contains("title")) {
    if (!source.title.empty()) {
      j["title"] = source.title;
      field_lines["title"] = source.title_line;
    } else {
      j["title"] = fs::path(relative).stem().string();
    }
  }
  if (j.contains("date")) {
    if (auto date = parse_date_text(j["date"].get<std::string>())) j["date"] = date->iso();
  } else if (auto date = date_from_file_name(fs::path(relative).stem().string())) {
    j["date"] = date->iso();
  } else {
    std::optional<PartialDate> in_text = find_date_in_text(j["title"].get<std::string>());
    for (std::size_t i = 0; !in_text && i < source.paragraphs.size(); ++i)
      in_text = find_date_in_text(source.paragraphs[i]);
    if (in_text) j["date"] = in_text->iso();
  }

  // Meetings: stated ones by id, title or venue; else those the text names.
  std::vector<std::string> meeting_ids;
  if (j.contains("meetings")) {
    const auto names = j["meetings"].get<std::vector<std::string>>();
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (auto id = resolve_meeting(names[i], meetings)) {
        if (std::find(meeting_ids.begin(), meeting_ids.end(), *id) == meeting_ids.end())
          meeting_ids.push_back(*id);
        continue;
      }
      std::string known;
      for (const auto& m : meetings) known += (known.empty() ? "" : ", ") + m.id;
      problem("meetings[" + std::to_string(i) + "]", line_of("meetings"),
              "unknown meeting '" + shown(names[i]) + "'; name it by id" +
                  (known.empty() ? std::string(" (the corpus defines no meeting)")
                                 : " (" + known + ")") +
                  ", by title, or by venue city and year");
    }
  } else {
    const auto date = parse_partial_date(j.value("date", std::string()));
    std::string text = word_string(j["title"].get<std::string>());
    for (const auto& p : source.paragraphs) text += word_string(p);
    for (const auto& m : meetings) {
      const bool by_title = text.find(word_string(m.title)) != std::string::npos;
      const bool by_venue = !m.venue_city.empty() && date && date->year == m.year &&
                            text.find(word_string(m.venue_city)) != std::string::npos;
      if (by_title || by_venue) meeting_ids.push_back(m.id);
    }
  }
  j["meetings"] = meeting_ids;

  j["text"] = source.paragraphs;
  if (source.paragraphs.empty())
    problem("text", 1, "the file has no text to index; write the document's text after its title");
  j["source"] = {{"document", relative}, {"paragraphs", json::array()}};

  std::vector<Problem> record_problems;
  std::optional<Record> record = read_record(j, {file, 1, "", ""}, gazetteer, record_problems);
  // Put each problem on the line of the field it is about.
  for (auto& p : record_problems) {
    const std::string& field = p.where.field;
    const std::string base = field.substr(0, field.find_first_of("[."));
    if (base == "text" && field.size() > 5) {
      const std::size_t i = std::strtoul(field.c_str() + 5, nullptr, 10);
      if (i < source.paragraph_lines.size()) p.where.line = source.paragraph_lines[i];
    } else {
      p.where.line = line_of(base);
    }
    found.push_back(std::move(p));
  }
  const std::string id = j["id"].is_string() ? j["id"].get<std::string>() : "";
  for (auto& p : found) {
    if (p.where.record.empty()) p.where.record = id;
    problems.push_back(std::move(p));
  }
  if (!found.empty() || !record) return std::nullopt;

  // Regions of the stated countries and of the meetings' venues.
  auto add_region = [&](const std::string& code) {
    if (const Country* c = gazetteer.country(code))
      for (const auto* r : {&c->continent, &c->subregion})
        if (!r->empty() &&
            std::find(record->regions.begin(), record->regions.end(), *r) == record->regions.end())
          record->regions.push_back(*r);
  };
  for (const auto& code : record->countries) add_region(code);
  for (const auto& id : record->meetings)
    for (const auto& m : meetings)
      if (m.id == id && !m.venue_country.empty()) add_region(m.venue_country);
  return record;
}

const char* to_string(FileKind kind) {
  switch (kind) {
    case FileKind::json_lines:
      return "jsonl";
    case FileKind::json:
      return "json";
    case FileKind::markdown:
      return "markdown";
    case FileKind::html:
      return "html";
    case FileKind::text:
      return "text";
  }
  return "jsonl";
}

namespace {

/// A 64-bit hash of a byte stream fed in pieces whose sizes (all but the last) are multiples of 8.
class ContentHash {
 public:
  void add(const char* data, std::size_t size) {
    std::size_t i = 0;
    for (; i + 8 <= size; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, data + i, 8);
      mix(word);
    }
    for (; i < size; ++i) mix(static_cast<unsigned char>(data[i]) | 0x100u);
    length_ += size;
  }
  std::uint64_t value() const {
    std::uint64_t h = h_ ^ length_;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
  }

 private:
  void mix(std::uint64_t word) {
    h_ ^= word;
    h_ *= 0x9E3779B97F4A7C15ULL;
    h_ ^= h_ >> 29;
  }
  std::uint64_t h_ = 0x243F6A8885A308D3ULL;
  std::uint64_t length_ = 0;
};

/// Bytes in one Markdown, HTML or text file (16 MiB: saved web pages carry scripts and styles).
constexpr std::uint64_t kMaxDocumentBytes = 16u << 20;

}  // namespace

bool is_document(FileKind kind) {
  return kind == FileKind::markdown || kind == FileKind::html || kind == FileKind::text;
}

CorpusStream::CorpusStream(const std::string& dir, std::size_t piece_bytes)
    : CorpusStream(list_corpus({dir}), nullptr, piece_bytes) {}

CorpusStream::CorpusStream(CorpusListing listing, const std::vector<std::size_t>* selected,
                           std::size_t piece_bytes)
    : listing_(std::move(listing)), early_problems_(listing_.problems) {
  for (const auto& alias_file : listing_.alias_files) {
    std::vector<Problem> problems;
    AliasTable table = read_aliases(alias_file, problems);
    for (auto& p : problems) early_problems_.push_back(std::move(p));
    for (auto& c : table.countries) aliases_.countries.push_back(std::move(c));
    for (auto& o : table.organisations) aliases_.organisations.push_back(std::move(o));
  }
  alias_problem_count_ = early_problems_.size() - listing_.problems.size();
  try {
    gazetteer_ = Gazetteer(aliases_);
  } catch (const std::invalid_argument& e) {
    early_problems_.push_back(
        {{listing_.alias_files.empty() ? std::string(kAliasFile) : listing_.alias_files.front(), 0,
          "", "code"},
         e.what()});
    ++alias_problem_count_;
  }

  std::vector<std::size_t> chosen;
  if (selected) {
    chosen = *selected;
    std::sort(chosen.begin(), chosen.end());
  } else {
    for (std::size_t i = 0; i < listing_.files.size(); ++i) chosen.push_back(i);
  }
  // Cut JSON Lines files into line-aligned pieces so that threads can share a large file while
  // each record keeps its file and line; any other file (one or more records) is one piece. A
  // line over kMaxRecordBytes is reported here and reading the file stops there, so it is never
  // held in memory nor read to its end (it may have none).
  std::vector<char> block(1 << 20);
  for (std::size_t index : chosen) {
    const CorpusFile& file = listing_.files.at(index);
    RegularFile in(file.path);
    if (!in.ok()) {
      early_problems_.push_back({{file.path, 0, "", ""},
                                 in.not_regular()
                                     ? in.problem()
                                     : std::string("cannot be read; check that it is readable")});
      continue;
    }
    ContentHash hash;
    if (file.kind != FileKind::json_lines) {
      const std::uint64_t size = in.size();
      ++record_lines_;
      const std::uint64_t limit = is_document(file.kind) ? kMaxDocumentBytes : kMaxRecordBytes;
      if (size > limit) {
        early_problems_.push_back({{file.path, 0, "", ""},
                                   is_document(file.kind)
                                       ? "the file is " + std::to_string(size) +
                                             " bytes long; a document may be at most " +
                                             std::to_string(kMaxDocumentBytes) +
                                             " bytes (16 MiB): split it"
                                       : too_long_record(size, "file")});
        continue;
      }
      // Hashed up to the size measured: what grows later is not read (nor hashed) either.
      std::uint64_t done = 0;
      while (done < size) {
        const std::size_t got =
            in.read(block.data(),
                    static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size - done)));
        if (got == 0) break;
        hash.add(block.data(), got);
        done += got;
      }
      hashes_[index] = hash.value();
      pieces_.push_back({index, 0, done, 1});
      total_bytes_ += done;
      continue;
    }
    std::uint64_t offset = 0, piece_start = 0, line_start = 0;
    int line = 1, piece_line = 1;
    bool too_long = false;
    while (!too_long) {
      const std::size_t got = in.read(block.data(), block.size());
      if (got == 0) break;
      hash.add(block.data(), got);
      for (const char *p = block.data(), *end = block.data() + got;
           (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))));
           ++p) {
        const std::uint64_t next = offset + static_cast<std::uint64_t>(p - block.data()) + 1;
        if (next - 1 - line_start > kMaxRecordBytes) {
          too_long = true;
          break;
        }
        if (next - piece_start >= piece_bytes) {
          pieces_.push_back({index, piece_start, next - piece_start, piece_line});
          piece_start = next;
          piece_line = line + 1;
        }
        ++line;
        ++record_lines_;
        line_start = next;
      }
      offset += got;
      if (offset - line_start > kMaxRecordBytes) too_long = true;
    }
    if (too_long) {
      early_problems_.push_back({{file.path, line, "", ""}, too_long_line_stopped()});
      // The lines before it are still read (and checked); the file is not indexed.
      if (line_start > piece_start)
        pieces_.push_back({index, piece_start, line_start - piece_start, piece_line});
      total_bytes_ += line_start;
      continue;
    }
    if (offset > piece_start)
      pieces_.push_back({index, piece_start, offset - piece_start, piece_line});
    hashes_[index] = hash.value();
    total_bytes_ += offset;
  }
}

void CorpusStream::skip_files(const std::set<std::size_t>& files) {
  std::vector<Piece> kept;
  for (const auto& piece : pieces_) {
    if (!files.count(piece.file)) {
      kept.push_back(piece);
      continue;
    }
    total_bytes_ -= piece.length;
  }
  pieces_ = std::move(kept);
}

std::vector<Problem> CorpusStream::alias_problems() const {
  const auto first =
      early_problems_.begin() + static_cast<std::ptrdiff_t>(listing_.problems.size());
  return {first, first + static_cast<std::ptrdiff_t>(alias_problem_count_)};
}

const std::vector<MeetingInfo>& CorpusStream::meetings() {
  // Documents name meetings by id, title or venue; the meeting records may be in any JSON file,
  // read or not this time, so they are gathered once, on first need, from every JSON file, a
  // line at a time (what is over the limits is reported by the reading proper).
  std::call_once(meetings_once_, [&] {
    for (const auto& file : listing_.files) {
      if (file.kind != FileKind::json_lines && file.kind != FileKind::json) continue;
      RegularFile in(file.path);
      if (!in.ok()) continue;
      std::vector<Problem> ignored;
      auto keep = [&](Record& r) {
        if (r.type == RecordType::meeting)
          meetings_.push_back({r.id, r.title, r.venue_city, r.venue_country, r.date.year});
      };
      if (file.kind == FileKind::json) {
        std::string content;
        if (in.read_all(content, kMaxRecordBytes))
          parse_records_into(content, file.path, false, 1, gazetteer_, ignored, keep);
        continue;
      }
      LineReader lines(in, kMaxRecordBytes);
      for (std::string line; lines.next(line) == LineReader::Status::line;)
        if (line.find("\"meeting\"") != std::string::npos)
          parse_records_into(line, file.path, true, 1, gazetteer_, ignored, keep);
    }
  });
  return meetings_;
}

void CorpusStream::parse_piece(const Piece& piece, std::string_view content,
                               std::vector<Problem>& problems,
                               const std::function<void(Record&)>& emit) {
  const CorpusFile& file = listing_.files[piece.file];
  switch (file.kind) {
    case FileKind::json_lines:
    case FileKind::json:
      parse_records_into(content, file.path, file.kind == FileKind::json_lines, piece.first_line,
                         gazetteer_, problems, emit);
      return;
    case FileKind::markdown:
    case FileKind::html:
    case FileKind::text: {
      const DocumentFormat format = file.kind == FileKind::markdown ? DocumentFormat::markdown
                                    : file.kind == FileKind::html   ? DocumentFormat::html
                                                                    : DocumentFormat::text;
      const std::size_t before = problems.size();
      DocumentSource source = parse_document(content, format, file.path, problems);
      if (problems.size() > before) return;
      if (auto record =
              document_record(source, file.path, file.relative, gazetteer_, meetings(), problems))
        emit(*record);
      return;
    }
  }
}

void CorpusStream::read_part(unsigned part, unsigned parts,
                             const std::function<void(Record&)>& emit) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (part_problems_.size() < parts) {
      part_problems_.resize(parts);
      part_keys_.resize(parts);
    }
  }
  std::vector<Problem> problems;
  std::vector<RecordKey> keys;
  // Part k takes the pieces whose middle byte is in the k-th slice of the corpus bytes, so parts
  // are contiguous and, read one after another, give the corpus order; each part's bytes are
  // within half a piece of its share.
  std::uint64_t start = 0;
  for (const auto& piece : pieces_) {
    const std::uint64_t middle = start + piece.length / 2;
    const std::uint64_t owner = total_bytes_ == 0 ? 0 : middle * parts / total_bytes_;
    start += piece.length;
    if (owner != part) continue;
    const CorpusFile& file = listing_.files[piece.file];
    RegularFile in(file.path);
    std::string content(piece.length, '\0');
    if (!in.ok() || in.read_at(content.data(), content.size(), piece.offset) != piece.length)
      throw UsageError("cannot read " + file.path + " (it changed while being read?)");
    parse_piece(piece, content, problems, [&](Record& record) {
      keys.push_back(record_key(record));
      emit(record);
    });
  }
  std::lock_guard<std::mutex> lock(mutex_);
  part_problems_[part] = std::move(problems);
  part_keys_[part] = std::move(keys);
}

void CorpusStream::sample(std::size_t bytes, const std::function<void(Record&)>& emit) {
  // The start of every stride-th piece (16 spread over the corpus; fewer pieces give more
  // each), then of those after each of them, until `bytes` are read: a corpus of many small
  // documents (one piece each) is sampled as well as one of a few large JSON Lines files.
  constexpr std::size_t kSpread = 16;
  if (pieces_.empty()) return;
  const std::size_t stride = (pieces_.size() + kSpread - 1) / kSpread;
  const std::uint64_t share = std::max<std::uint64_t>(1, bytes / std::min(kSpread, pieces_.size()));
  std::uint64_t read = 0;
  std::vector<Problem> ignored;  // reported by the reading proper
  for (std::size_t offset = 0; offset < stride && read < bytes; ++offset) {
    for (std::size_t index = offset; index < pieces_.size() && read < bytes; index += stride) {
      Piece piece = pieces_[index];
      const CorpusFile& file = listing_.files[piece.file];
      // A JSON Lines piece is cut at a line's end; a piece of another kind is read whole or not.
      const bool cut = piece.length > share;
      if (cut && file.kind != FileKind::json_lines) continue;
      std::string content(cut ? share : piece.length, '\0');
      RegularFile in(file.path);
      if (!in.ok() || in.read_at(content.data(), content.size(), piece.offset) != content.size())
        continue;
      if (cut) {
        const std::size_t line_end = content.rfind('\n');
        if (line_end == std::string::npos) continue;  // no whole line within the share
        content.resize(line_end + 1);
      }
      read += content.size();
      piece.length = content.size();
      parse_piece(piece, content, ignored, emit);
    }
  }
}

std::vector<RecordKey> CorpusStream::keys() const {
  std::vector<RecordKey> keys = keys_;
  for (const auto& part : part_keys_) keys.insert(keys.end(), part.begin(), part.end());
  return keys;
}

void CorpusStream::gather_keys() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& part : part_keys_) {
    keys_.insert(keys_.end(), std::make_move_iterator(part.begin()),
                 std::make_move_iterator(part.end()));
    part = {};
  }
}

std::vector<RecordKey> CorpusStream::take_keys() {
  gather_keys();
  return std::exchange(keys_, {});
}

std::vector<Problem> CorpusStream::read_problems() const {
  std::vector<Problem> problems = early_problems_;
  for (const auto& part : part_problems_) problems.insert(problems.end(), part.begin(), part.end());
  return problems;
}

std::vector<Problem> CorpusStream::problems(const std::vector<RecordKey>& other_records) {
  std::vector<Problem> problems = read_problems();
  // The keys of a large corpus take hundreds of MB: checked in place, not copied.
  gather_keys();
  const std::size_t own = keys_.size();
  const bool none = own == 0 && other_records.empty();
  keys_.insert(keys_.end(), other_records.begin(), other_records.end());
  check_cross_references(keys_, problems);
  keys_.erase(keys_.begin() + static_cast<std::ptrdiff_t>(own), keys_.end());
  if (none && problems.empty()) problems.push_back(no_records_problem(listing_.roots));
  return problems;
}

Problem no_records_problem(const std::vector<std::string>& roots) {
  std::string names;
  for (const auto& r : roots) names += (names.empty() ? "" : ", ") + r;
  return {{names, 0, "", ""}, "no records found (*.jsonl, *.json, *.md, *.html or *.txt files)"};
}

void CorpusStream::finish() {
  std::vector<Problem> all = problems();
  if (!all.empty()) throw CorpusError(std::move(all));
}

Corpus read_corpus(const std::string& dir, unsigned threads) {
  CorpusStream stream(dir);
  const unsigned parts = worker_count(threads);
  std::vector<std::vector<Record>> per_part(parts);
  for_each_chunk(parts, parts, [&](unsigned part, std::size_t, std::size_t) {
    stream.read_part(part, parts, [&](Record& r) { per_part[part].push_back(std::move(r)); });
  });
  stream.finish();
  Corpus corpus;
  for (auto& records : per_part)
    for (auto& r : records) corpus.records.push_back(std::move(r));
  corpus.aliases = stream.aliases();
  corpus.gazetteer = stream.gazetteer();
  return corpus;
}

}  // namespace r2p
