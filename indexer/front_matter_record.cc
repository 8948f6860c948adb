// A Markdown, HTML or text file whose metadata declares a record type other than `document`
// (`type: meeting`): its fields are the JSON records' fields, validated by the same reader, so a
// report of a later meeting can be written as one Markdown file.
#include <cstdlib>
#include <map>

#include "indexer/corpus_reader.h"
#include "indexer/document_formats.h"
#include "indexer/json_fields.h"
#include "indexer/record_reader.h"

namespace r2p {
namespace {

/// The metadata of a format without nesting (HTML <meta>, or Markdown read before its type was
/// known) as a JSON object: a list as an array, a single value as a string.
json flat_fields(const DocumentSource& source) {
  json j = json::object();
  for (const auto& [key, field] : source.metadata) {
    if (field.list)
      j[key] = field.values;
    else if (!field.values.empty())
      j[key] = field.values.front();
  }
  return j;
}

/// The line of the file a problem with `field` ("venue.country", "text[2]") is about: the
/// paragraph's line for text, else the line of the metadata key, else 1.
int problem_line(const DocumentSource& source, const std::map<std::string, int>& key_lines,
                 const std::string& field) {
  const std::string base = field.substr(0, field.find_first_of("[."));
  if (base == "text" && field.size() > 5) {
    const std::size_t i = std::strtoul(field.c_str() + 5, nullptr, 10);
    if (i < source.paragraph_lines.size()) return source.paragraph_lines[i];
  }
  const auto it = key_lines.find(base);
  return it == key_lines.end() ? 1 : it->second;
}

}  // namespace

bool declares_record_type(const DocumentSource& source) {
  const auto type = source.metadata.find("type");
  return type != source.metadata.end() && type->second.values.size() == 1 &&
         type->second.values.front() != "document";
}

std::optional<Record> front_matter_record(const DocumentSource& source, const std::string& file,
                                          const std::string& relative, const Gazetteer& gazetteer,
                                          std::vector<Problem>& problems) {
  json j = source.record_fields.empty() ? flat_fields(source) : json::parse(source.record_fields);
  std::map<std::string, int> key_lines;
  for (const auto& [key, field] : source.metadata) key_lines[key] = field.line;
  // What the file says outside its metadata: the title from its heading, the text from its body,
  // the file itself as the source.
  if (!j.contains("title") && !source.title.empty()) {
    j["title"] = source.title;
    key_lines["title"] = source.title_line;
  }
  if (!j.contains("text")) j["text"] = source.paragraphs;
  if (!j.contains("source")) j["source"] = {{"document", relative}, {"paragraphs", json::array()}};
  std::vector<Problem> found;
  std::optional<Record> record = read_record(j, {file, 1, "", ""}, gazetteer, found);
  for (auto& p : found) {
    p.where.line = problem_line(source, key_lines, p.where.field);
    problems.push_back(std::move(p));
  }
  return record;
}

}  // namespace r2p
