// Reading the collection's JSON Lines and writing TREC run lines (bench/trec_collection.h).
#include "bench/trec_collection.h"

#include <fstream>
#include <functional>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace r2p::trec {

namespace {

using nlohmann::json;

bool has_whitespace(const std::string& s) {
  return s.find_first_of(" \t\n\r\f\v") != std::string::npos;
}

/// Calls `each(object, where)` for every line of a JSON Lines file; `where` is "path:line".
void for_each_object(const std::string& path,
                     const std::function<void(const json&, const std::string&)>& each) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string where = path + ":" + std::to_string(number);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json value;
    try {
      value = json::parse(line);
    } catch (const json::parse_error& e) {
      throw std::runtime_error(where + ": not JSON: " + e.what());
    }
    if (!value.is_object()) throw std::runtime_error(where + ": expected a JSON object");
    each(value, where);
  }
}

/// The `id` of an object: a string, or an integer written in decimal (some collections number
/// their documents), without whitespace since run and qrels lines are whitespace-separated.
std::string id_of(const json& object, const std::string& where) {
  const auto it = object.find("id");
  std::string id;
  if (it != object.end() && it->is_string())
    id = it->get<std::string>();
  else if (it != object.end() && it->is_number_integer())
    id = it->dump();
  else
    throw std::runtime_error(where + ": `id` must be a string or an integer");
  if (id.empty() || has_whitespace(id))
    throw std::runtime_error(where + ": id '" + id + "' is empty or holds whitespace");
  return id;
}

/// An optional string field: absent or null is empty.
std::string text_of(const json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) throw std::runtime_error(where + ": `" + key + "` must be a string");
  return it->get<std::string>();
}

}  // namespace

std::vector<Document> read_documents(const std::string& path) {
  std::vector<Document> docs;
  std::set<std::string> ids;
  for_each_object(path, [&](const json& object, const std::string& where) {
    Document d{id_of(object, where), text_of(object, "title", where),
               text_of(object, "author", where), text_of(object, "text", where)};
    if (!ids.insert(d.id).second) throw std::runtime_error(where + ": id '" + d.id + "' repeated");
    docs.push_back(std::move(d));
  });
  return docs;
}

std::vector<Query> read_queries(const std::string& path) {
  std::vector<Query> queries;
  std::set<std::string> ids;
  for_each_object(path, [&](const json& object, const std::string& where) {
    const auto it = object.find("query");
    if (it == object.end() || !it->is_string())
      throw std::runtime_error(where + ": `query` must be a string");
    Query q{id_of(object, where), it->get<std::string>()};
    if (!ids.insert(q.id).second) throw std::runtime_error(where + ": id '" + q.id + "' repeated");
    queries.push_back(std::move(q));
  });
  return queries;
}

void write_run(std::ostream& out, const std::string& query, const std::vector<std::string>& docs,
               const std::string& tag) {
  for (const std::string* field : {&query, &tag})
    if (field->empty() || has_whitespace(*field))
      throw std::invalid_argument("'" + *field + "' cannot be a field of a run line");
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (docs[i].empty() || has_whitespace(docs[i]))
      throw std::invalid_argument("'" + docs[i] + "' cannot be a field of a run line");
    out << query << " Q0 " << docs[i] << ' ' << i + 1 << ' ' << docs.size() - i << ' ' << tag
        << '\n';
  }
}

}  // namespace r2p::trec
