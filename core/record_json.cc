// Record <-> JSON for the stored records.
#include "core/record_json.h"

namespace r2p {
namespace {

using nlohmann::json;

void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
void put(json& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) j[key] = values;
}
void put(json& j, const char* key, const PartialDate& date) {
  if (!date.empty()) j[key] = date.iso();
}

std::string get_string(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? std::string() : it->get<std::string>();
}
std::vector<std::string> get_strings(const json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() ? std::vector<std::string>() : it->get<std::vector<std::string>>();
}
PartialDate get_date(const json& j, const char* key) {
  auto parsed = parse_partial_date(get_string(j, key));
  return parsed ? *parsed : PartialDate{};
}

}  // namespace

nlohmann::json record_to_json(const Record& r) {
  json j;
  j["id"] = r.id;
  j["type"] = to_string(r.type);
  j["title"] = r.title;
  put(j, "date", r.date);
  put(j, "end_date", r.end_date);
  j["text"] = r.text;
  put(j, "source_document", r.source_document);
  j["source"] = r.source;
  put(j, "countries", r.countries);
  put(j, "meetings", r.meetings);
  put(j, "organisations", r.organisations);
  put(j, "regions", r.regions);
  put(j, "terms", r.terms);
  put(j, "kind", r.kind);
  put(j, "venue_city", r.venue_city);
  put(j, "venue_country", r.venue_country);
  put(j, "host_countries", r.host_countries);
  put(j, "host_organisations", r.host_organisations);
  if (!r.participation.empty()) {
    json list = json::array();
    for (const auto& p : r.participation)
      list.push_back(
          {{"count", p.count}, {"qualifier", p.qualifier}, {"of", p.of}, {"text", p.text}});
    j["participation"] = list;
  }
  if (!r.people.empty()) {
    json list = json::array();
    for (const auto& p : r.people) list.push_back({{"name", p.name}, {"role", p.role}});
    j["people"] = list;
  }
  put(j, "discussed", r.discussed);
  put(j, "highlights", r.highlights);
  put(j, "items", r.items);
  put(j, "drafted_by", r.drafted_by);
  put(j, "input_countries", r.input_countries);
  put(j, "input_organisations", r.input_organisations);
  put(j, "country_code", r.country_code);
  put(j, "status", r.status);
  put(j, "status_date", r.status_date);
  if (r.status_paragraph > 0) j["status_paragraph"] = r.status_paragraph;
  put(j, "status_sentence", r.status_sentence);
  if (!r.involvement.empty()) {
    json list = json::array();
    for (const auto& inv : r.involvement) {
      json item = {{"role", inv.role}, {"paragraph", inv.paragraph}, {"sentence", inv.sentence}};
      put(item, "date", inv.date);
      put(item, "meeting", inv.meeting);
      list.push_back(item);
    }
    j["involvement"] = list;
  }
  put(j, "name", r.name);
  put(j, "position", r.position);
  return j;
}

Record record_from_json(const nlohmann::json& j) {
  Record r;
  r.id = j.at("id").get<std::string>();
  auto type = parse_record_type(j.at("type").get<std::string>());
  if (!type) throw std::invalid_argument("record data: unknown type");
  r.type = *type;
  r.title = j.at("title").get<std::string>();
  r.date = get_date(j, "date");
  r.end_date = get_date(j, "end_date");
  r.text = get_strings(j, "text");
  r.source_document = get_string(j, "source_document");
  r.source = j.value("source", std::vector<int>{});
  r.countries = get_strings(j, "countries");
  r.meetings = get_strings(j, "meetings");
  r.organisations = get_strings(j, "organisations");
  r.regions = get_strings(j, "regions");
  r.terms = get_strings(j, "terms");
  r.kind = get_string(j, "kind");
  r.venue_city = get_string(j, "venue_city");
  r.venue_country = get_string(j, "venue_country");
  r.host_countries = get_strings(j, "host_countries");
  r.host_organisations = get_strings(j, "host_organisations");
  for (const auto& p : j.value("participation", json::array()))
    r.participation.push_back({p.at("count").get<int>(), p.at("qualifier").get<std::string>(),
                               p.at("of").get<std::string>(), p.at("text").get<std::string>()});
  for (const auto& p : j.value("people", json::array()))
    r.people.push_back({p.at("name").get<std::string>(), p.at("role").get<std::string>()});
  r.discussed = get_strings(j, "discussed");
  r.highlights = get_strings(j, "highlights");
  r.items = get_strings(j, "items");
  r.drafted_by = get_strings(j, "drafted_by");
  r.input_countries = get_strings(j, "input_countries");
  r.input_organisations = get_strings(j, "input_organisations");
  r.country_code = get_string(j, "country_code");
  r.status = get_string(j, "status");
  r.status_date = get_date(j, "status_date");
  r.status_paragraph = j.value("status_paragraph", 0);
  r.status_sentence = get_string(j, "status_sentence");
  for (const auto& i : j.value("involvement", json::array())) {
    Involvement inv;
    inv.role = i.at("role").get<std::string>();
    inv.date = get_date(i, "date");
    inv.meeting = get_string(i, "meeting");
    inv.paragraph = i.value("paragraph", 0);
    inv.sentence = get_string(i, "sentence");
    r.involvement.push_back(inv);
  }
  r.name = get_string(j, "name");
  r.position = get_string(j, "position");
  return r;
}

nlohmann::json alias_table_to_json(const AliasTable& table) {
  json countries = json::array();
  for (const auto& c : table.countries) countries.push_back({{"name", c.name}, {"code", c.alpha2}});
  json organisations = json::array();
  for (const auto& o : table.organisations)
    organisations.push_back({{"id", o.id},
                             {"name", o.name},
                             {"acronyms", o.acronyms},
                             {"variants", o.variants},
                             {"term", o.term}});
  return {{"countries", countries}, {"organisations", organisations}};
}

AliasTable alias_table_from_json(const nlohmann::json& j) {
  AliasTable table;
  for (const auto& c : j.at("countries"))
    table.countries.push_back({c.at("name").get<std::string>(), c.at("code").get<std::string>()});
  for (const auto& o : j.at("organisations"))
    table.organisations.push_back({o.at("id").get<std::string>(), o.at("name").get<std::string>(),
                                   o.at("acronyms").get<std::vector<std::string>>(),
                                   o.at("variants").get<std::vector<std::string>>(),
                                   o.value("term", false)});
  return table;
}

}  // namespace r2p
