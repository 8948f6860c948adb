// Corpus reading and validation. Every problem is collected (not just the first) so one run of
// r2p-index tells the user everything to fix.
#include "indexer/corpus_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/parallel.h"
#include "core/text.h"

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
  return !id.empty() && id.size() <= 200 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
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
  const auto& roles = involvement_roles();
  for (auto& i : r.objects("involvement", Need::required)) {
    Involvement inv;
    inv.role = i.string("role", Need::required);
    if (!inv.role.empty() && std::find(roles.begin(), roles.end(), inv.role) == roles.end()) {
      std::string known;
      for (const auto& role : roles) known += (known.empty() ? "" : ", ") + role;
      i.problem("role", "'" + inv.role + "' is not a known role (" + known + ")");
    }
    inv.date = i.date("date", Need::optional);
    inv.meeting = i.string("meeting", Need::optional);
    inv.paragraph = i.integer("paragraph", Need::required);
    inv.sentence = i.string("sentence", Need::required);
    i.reject_unknown({"role", "date", "meeting", "paragraph", "sentence"});
    rec.involvement.push_back(inv);
  }
  r.reject_unknown({"id", "type", "title", "name", "code", "status", "status_date", "status_source",
                    "involvement", "region", "countries", "meetings", "text", "source"});
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
      id_reader.problem(
          "id", "'" + rec.id + "' is not a valid id; use lowercase letters, digits, '-' and '_'");
    if (id_reader.problem_count() > 0) rec.id.clear();
  }
  where.record = rec.id;
  ObjectReader r(value, where, problems);
  const std::string type = r.string("type", Need::required);
  auto parsed_type = parse_record_type(type);
  if (!type.empty() && !parsed_type)
    r.problem("type", "'" + type + "' is not one of meeting, recommendation, country");
  rec.title = r.string("title", Need::required);
  rec.date = r.date("date", parsed_type == RecordType::meeting ? Need::required : Need::optional);
  rec.text = r.strings("text", Need::required);
  if (r.find("text", Need::optional) && rec.text.empty())
    r.problem("text", "must hold at least one paragraph");
  for (std::size_t i = 0; i < rec.text.size(); ++i)
    if (rec.text[i].empty()) r.problem("text[" + std::to_string(i) + "]", "empty paragraph");
  read_source(r, rec);
  rec.countries =
      resolve_countries(r, "countries", r.strings("countries", Need::optional), gazetteer);
  rec.meetings = r.strings("meetings", Need::optional);
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
    problems.push_back({where, "malformed JSON: " + message});
    return std::nullopt;
  }
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UsageError("cannot read " + path.string() + "; check that it exists and is readable");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
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
    auto value = parse_json(text, where, line - 1, problems);
    if (!value) continue;
    if (!value->is_object()) {
      problems.push_back({where, "expected a JSON object (one alias entry)"});
      continue;
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
  return table;
}

std::vector<Record> parse_records(std::string_view content, const std::string& file,
                                  bool json_lines, const Gazetteer& gazetteer,
                                  std::vector<Problem>& problems) {
  std::vector<Record> records;
  if (!json_lines) {
    Location where{file, 1, "", ""};
    if (auto value = parse_json(content, where, 0, problems)) {
      if (auto rec = read_record(*value, where, gazetteer, problems))
        records.push_back(std::move(*rec));
    }
    return records;
  }
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
    if (auto value = parse_json(text, where, line - 1, problems)) {
      if (auto rec = read_record(*value, where, gazetteer, problems))
        records.push_back(std::move(*rec));
    }
  }
  return records;
}

void check_cross_references(const std::vector<Record>& records, std::vector<Problem>& problems) {
  std::map<std::string, const Record*> by_id;
  std::set<std::string> meetings;
  std::map<std::string, const Record*> country_records;
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
  auto check_meeting = [&](const Record& rec, const std::string& field, const std::string& id) {
    if (id.empty() || meetings.count(id)) return;
    std::string closest;
    std::size_t best = 5;
    for (const auto& m : meetings)
      if (auto d = edit_distance(id, m); d < best) best = d, closest = m;
    problems.push_back({{rec.file, rec.line, rec.id, field},
                        "no meeting record defines the id '" + id + "'" +
                            (closest.empty() ? "" : "; did you mean '" + closest + "'?")});
  };
  for (const auto& rec : records) {
    for (std::size_t i = 0; i < rec.meetings.size(); ++i)
      check_meeting(rec, "meetings[" + std::to_string(i) + "]", rec.meetings[i]);
    for (std::size_t i = 0; i < rec.involvement.size(); ++i)
      check_meeting(rec, "involvement[" + std::to_string(i) + "].meeting",
                    rec.involvement[i].meeting);
  }
}

Corpus read_corpus(const std::string& dir, unsigned threads) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw UsageError("corpus directory '" + dir + "' does not exist or is not a directory; " +
                     "pass --corpus DIR");
  std::vector<Problem> problems;
  Corpus corpus;
  const fs::path alias_path = fs::path(dir) / kAliasFile;
  if (fs::exists(alias_path)) {
    corpus.aliases = parse_aliases(read_file(alias_path), alias_path.string(), problems);
  }
  try {
    corpus.gazetteer = Gazetteer(corpus.aliases);
  } catch (const std::invalid_argument& e) {
    problems.push_back({{alias_path.string(), 0, "", "code"}, e.what()});
  }

  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    const auto ext = it->path().extension();
    if ((ext == ".jsonl" || ext == ".json") && it->path() != alias_path)
      files.push_back(it->path());
  }
  if (ec) throw UsageError("cannot list corpus directory '" + dir + "': " + ec.message());
  std::sort(files.begin(), files.end());
  // Files are independent: parse them in parallel, then concatenate in path order.
  std::vector<std::vector<Record>> per_file(files.size());
  std::vector<std::vector<Problem>> file_problems(files.size());
  const auto chunks = static_cast<unsigned>(
      std::min<std::size_t>(worker_count(threads), std::max<std::size_t>(1, files.size())));
  for_each_chunk(files.size(), chunks, [&](unsigned, std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i)
      per_file[i] =
          parse_records(read_file(files[i]), files[i].string(), files[i].extension() == ".jsonl",
                        corpus.gazetteer, file_problems[i]);
  });
  for (std::size_t i = 0; i < files.size(); ++i) {
    for (auto& r : per_file[i]) corpus.records.push_back(std::move(r));
    for (auto& p : file_problems[i]) problems.push_back(std::move(p));
  }
  check_cross_references(corpus.records, problems);
  if (corpus.records.empty() && problems.empty())
    problems.push_back({{dir, 0, "", ""}, "no records found (*.jsonl or *.json files)"});
  if (!problems.empty()) throw CorpusError(std::move(problems));
  return corpus;
}

}  // namespace r2p
