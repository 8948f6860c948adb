// Document metadata: a parsed Markdown, HTML or text file's fields resolved into a document
// record, what they lack derived from the file (id, title, date, meetings, regions).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>

#include "core/text.h"
#include "indexer/corpus_reader.h"
#include "indexer/document_formats.h"
#include "indexer/record_reader.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

}  // namespace

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
                static_cast<unsigned long long>(stable_hash(relative)));
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

/// A document's record as JSON while it is put together, with the line of each field in the file
/// and the problems found so far.
struct DocumentFields {
  std::string file;
  std::vector<Problem> found;
  std::map<std::string, int> field_lines;  // record field -> line in the file
  json j = json::object();

  int line_of(const std::string& field) const {
    auto it = field_lines.find(field);
    return it == field_lines.end() ? 1 : it->second;
  }
  void problem(const std::string& field, int line, const std::string& message) {
    found.push_back({{file, line, "", field}, message});
  }
};

/// The metadata's known keys, each put under its record field.
void read_metadata(const DocumentSource& source, DocumentFields& d) {
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
          d.problem(key, meta.line, "unknown field; did you mean '" + name + "'?");
          break;
        }
      continue;
    }
    const std::string& field = known->second;
    if (d.field_lines.count(field)) {
      d.problem(
          key, meta.line,
          "given twice (also at line " + std::to_string(d.field_lines[field]) + "); keep one");
      continue;
    }
    d.field_lines[field] = meta.line;
    const bool list_field = field == "meetings" || field == "countries" || field == "region" ||
                            field == "organisations";
    if (list_field) {
      d.j[field] = list_values(meta);
      continue;
    }
    if (meta.values.empty()) continue;
    if (meta.values.size() > 1) {
      d.problem(key, meta.line,
                "expected one value, found a list of " + std::to_string(meta.values.size()));
      continue;
    }
    d.j[field] = meta.values.front();
  }
}

/// The type (another type is read by front_matter_record), and the id (kept across a rename,
/// else from the path), title and date the metadata lacks.
void derive_fields(const DocumentSource& source, const std::string& relative,
                   const std::string& kept_id, DocumentFields& d) {
  json& j = d.j;
  j["type"] = "document";
  if (!j.contains("id")) j["id"] = kept_id.empty() ? document_id(relative) : kept_id;
  if (!j.contains("title")) {
    if (!source.title.empty()) {
      j["title"] = source.title;
      d.field_lines["title"] = source.title_line;
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
}

/// Meetings: stated ones by id, title or venue; else those the text names.
void resolve_meetings(const DocumentSource& source, const std::vector<MeetingInfo>& meetings,
                      DocumentFields& d) {
  json& j = d.j;
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
      d.problem("meetings[" + std::to_string(i) + "]", d.line_of("meetings"),
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
}

/// Moves the record's problems into `d.found`, each put on the line of the field it is about.
void place_problems(const DocumentSource& source, std::vector<Problem>& record_problems,
                    DocumentFields& d) {
  for (auto& p : record_problems) {
    const std::string& field = p.where.field;
    const std::string base = field.substr(0, field.find_first_of("[."));
    if (base == "text" && field.size() > 5) {
      const std::size_t i = std::strtoul(field.c_str() + 5, nullptr, 10);
      if (i < source.paragraph_lines.size()) p.where.line = source.paragraph_lines[i];
    } else {
      p.where.line = d.line_of(base);
    }
    d.found.push_back(std::move(p));
  }
}

/// Regions of the stated countries and of the meetings' venues.
void add_regions(Record& record, const Gazetteer& gazetteer,
                 const std::vector<MeetingInfo>& meetings) {
  auto add_region = [&](const std::string& code) {
    if (const Country* c = gazetteer.country(code))
      for (const auto* r : {&c->continent, &c->subregion})
        if (!r->empty() &&
            std::find(record.regions.begin(), record.regions.end(), *r) == record.regions.end())
          record.regions.push_back(*r);
  };
  for (const auto& code : record.countries) add_region(code);
  for (const auto& id : record.meetings)
    for (const auto& m : meetings)
      if (m.id == id && !m.venue_country.empty()) add_region(m.venue_country);
}

}  // namespace

std::optional<Record> document_record(const DocumentSource& source, const std::string& file,
                                      const std::string& relative, const Gazetteer& gazetteer,
                                      const std::vector<MeetingInfo>& meetings,
                                      std::vector<Problem>& problems, const std::string& kept_id,
                                      std::vector<Problem>* notes) {
  if (declares_record_type(source))
    return front_matter_record(source, file, relative, gazetteer, problems);
  DocumentFields d;
  d.file = file;
  read_metadata(source, d);
  derive_fields(source, relative, kept_id, d);
  resolve_meetings(source, meetings, d);
  json& j = d.j;

  j["text"] = source.paragraphs;
  // An empty file among many (an abstract not yet written) must not stop the whole build: the
  // document is found by its title until it has text.
  if (source.paragraphs.empty() && j["title"].is_string()) {
    // Pushed, not brace-initialised: `{j["title"]}` is an array under GCC but a copy of the
    // string under Clang (a single json in braces).
    json text = json::array();
    text.push_back(j["title"]);
    j["text"] = std::move(text);
    if (notes)
      notes->push_back({{file, 1, j.value("id", std::string()), "text"},
                        "the file has no text; indexed by its title alone"});
  }
  j["source"] = {{"document", relative}, {"paragraphs", json::array()}};

  std::vector<Problem> record_problems;
  std::optional<Record> record = read_record(j, {file, 1, "", ""}, gazetteer, record_problems);
  place_problems(source, record_problems, d);
  const std::string id = j["id"].is_string() ? j["id"].get<std::string>() : "";
  for (auto& p : d.found) {
    if (p.where.record.empty()) p.where.record = id;
    problems.push_back(std::move(p));
  }
  if (!d.found.empty() || !record) return std::nullopt;
  add_regions(*record, gazetteer, meetings);
  return record;
}

}  // namespace r2p
