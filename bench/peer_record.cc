// Corpus line -> PeerRecord for the peer engines, with r2p's tie rules (see linker.h).
#include "bench/peer_record.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "bench/bench_common.h"
#include "core/record.h"

namespace r2p::bench {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(value);
}

std::vector<std::string> strings(const nlohmann::json& object, const char* key) {
  std::vector<std::string> out;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_array()) return out;
  for (const auto& item : *it)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::string string_or_empty(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int date_key(const std::string& text) {
  const auto date = parse_partial_date(text);
  return date ? date->sort_key() : 0;
}

}  // namespace

std::string PeerRecordReader::country_code(const std::string& name) {
  auto it = countries_.find(name);
  if (it == countries_.end())
    it = countries_.emplace(name, gazetteer_.resolve_country(name).value_or("")).first;
  return it->second;
}

std::string PeerRecordReader::region_code(const std::string& name) {
  auto it = regions_.find(name);
  if (it == regions_.end())
    it = regions_.emplace(name, gazetteer_.resolve_region(name).value_or("")).first;
  return it->second;
}

PeerRecord PeerRecordReader::read(const nlohmann::json& line) {
  PeerRecord r;
  r.id = string_or_empty(line, "id");
  r.type = string_or_empty(line, "type");
  r.title = string_or_empty(line, "title");
  r.paragraphs = strings(line, "text");
  if (r.id.empty() || r.type.empty()) throw std::runtime_error("a line without id or type");

  const std::string date = string_or_empty(line, "date");
  r.date_key = date_key(date);
  if (r.date_key) r.years.push_back(date.substr(0, 4));
  for (const auto& name : strings(line, "region")) add_unique(r.regions, region_code(name));
  auto add_regions_of = [&](const std::string& code) {
    if (const Country* c = gazetteer_.country(code)) {
      add_unique(r.regions, c->continent);
      add_unique(r.regions, c->subregion);
    }
  };

  if (r.type == "country") {
    const std::string code = string_or_empty(line, "code");
    r.countries = {code};
    add_regions_of(code);
    const auto involvement = line.find("involvement");
    if (involvement != line.end() && involvement->is_array()) {
      for (const auto& inv : *involvement) {
        add_unique(r.meetings, string_or_empty(inv, "meeting"));
        const std::string when = string_or_empty(inv, "date");
        if (!when.empty()) {
          add_unique(r.years, when.substr(0, 4));
          r.date_key = std::max(r.date_key, date_key(when));
        }
      }
    }
    const std::string status_date = string_or_empty(line, "status_date");
    if (!status_date.empty()) {
      add_unique(r.years, status_date.substr(0, 4));
      r.date_key = std::max(r.date_key, date_key(status_date));
    }
    std::sort(r.years.begin(), r.years.end());
    return r;
  }

  for (const auto& name : strings(line, "countries")) add_unique(r.countries, country_code(name));
  for (const char* group : {"hosts", "input_from"}) {
    const auto it = line.find(group);
    if (it != line.end() && it->is_object())
      for (const auto& name : strings(*it, "countries"))
        add_unique(r.countries, country_code(name));
  }
  if (r.type == "meeting") add_unique(r.meetings, r.id);
  for (const auto& id : strings(line, "meetings")) add_unique(r.meetings, id);
  const auto venue = line.find("venue");
  if (venue != line.end() && venue->is_object()) {
    const std::string code = country_code(string_or_empty(*venue, "country"));
    add_unique(r.countries, code);
    if (r.type == "meeting") add_regions_of(code);
  }
  return r;
}

std::size_t for_each_line(const std::string& dir,
                          const std::function<void(const std::string& line)>& visit) {
  std::size_t bytes = 0;
  for (const auto& path : corpus_shards(dir)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    for (std::string line; std::getline(in, line);) {
      bytes += line.size() + 1;
      if (!line.empty()) visit(line);
    }
  }
  return bytes;
}

}  // namespace r2p::bench
