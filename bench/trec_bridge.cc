// r2p-trec-bridge: what bench/quality needs to put a TREC-style collection through r2p-index and
// r2p-search without python or jq: the documents as plain-text files with their record ids, the
// queries in a form the shell reads exactly, and r2p-search's JSON hits as run lines.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/trec_collection.h"

namespace {

namespace fs = std::filesystem;

const char* const kUsage =
    "usage: r2p-trec-bridge documents DOCS.jsonl DIR MAP.tsv\n"
    "         one plain-text document per line of DOCS.jsonl in DIR (new or empty), its record\n"
    "         id beside its collection id in MAP.tsv; documents without any text are left out\n"
    "       r2p-trec-bridge queries QUERIES.jsonl\n"
    "         every query as ID NUL QUERY NUL, for the shell's read -d ''\n"
    "       r2p-trec-bridge hits QID MAP.tsv TAG < r2p-search-output.json\n"
    "         the hits as run lines QID Q0 DOCID RANK SCORE TAG, with collection ids\n";

/// The record id of the n-th document (from 1), also its file name. Numbered rather than derived
/// from the collection's id, which may hold characters a record id cannot (uppercase, '.', '/');
/// seven digits keep the files sorted and out of what r2p-index reads as a year in a file name.
std::string record_id(std::size_t n) {
  char id[32];
  std::snprintf(id, sizeof id, "trec-%07zu", n);
  return id;
}

/// Runs of whitespace (newlines included) as one space, none at the ends: the title must stay
/// on the file's first line.
std::string one_line(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

/// A document in r2p-index's plain-text format (corpus/README.md): the title on the first line,
/// the record id as a `id:` metadata line right after it, then author and text as paragraphs.
/// The format keeps the text as written (Markdown would read `*`, `_` or `<` as markup). The
/// author goes in the text so r2p-kb indexes what the peers index: title, author and text.
std::string document_file(const r2p::trec::Document& doc, const std::string& id) {
  std::string title = one_line(doc.title);
  std::vector<std::string> paragraphs;
  for (const std::string* part : {&doc.author, &doc.text})
    if (!one_line(*part).empty()) paragraphs.push_back(*part);
  // r2p-index refuses a document without text: a title alone becomes the text, once.
  if (paragraphs.empty()) paragraphs.push_back(std::exchange(title, ""));
  // An empty first line would make the metadata line the title: "-" has no words to index.
  std::string out = (title.empty() ? "-" : title) + "\nid: " + id + "\n";
  for (const auto& paragraph : paragraphs) out += "\n" + paragraph + "\n";
  return out;
}

/// True when a document has no word to index at all (r2p-index refuses it, and no query of any
/// engine can find it).
bool is_blank(const r2p::trec::Document& doc) {
  return one_line(doc.title).empty() && one_line(doc.author).empty() && one_line(doc.text).empty();
}

int write_documents(const std::string& docs_path, const fs::path& dir, const std::string& map) {
  const std::vector<r2p::trec::Document> docs = r2p::trec::read_documents(docs_path);
  // Files left from another collection would be indexed with this one.
  if (fs::exists(dir) && !fs::is_empty(dir))
    throw std::runtime_error(dir.string() + " is not empty");
  fs::create_directories(dir);
  std::ofstream ids(map);
  if (!ids) throw std::runtime_error(map + ": cannot be written");
  std::size_t blank = 0;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (is_blank(docs[i])) {
      ++blank;
      continue;
    }
    const std::string id = record_id(i + 1);
    std::ofstream file(dir / (id + ".txt"), std::ios::binary);
    file << document_file(docs[i], id);
    if (!file) throw std::runtime_error((dir / (id + ".txt")).string() + ": cannot be written");
    ids << id << '\t' << docs[i].id << '\n';
  }
  if (!ids.flush()) throw std::runtime_error(map + ": cannot be written");
  if (blank > 0)
    std::cerr << "r2p-trec-bridge: " << blank << " of the documents have no text at all and are "
              << "left out (r2p-index refuses them)\n";
  return 0;
}

int list_queries(const std::string& path) {
  for (const auto& q : r2p::trec::read_queries(path)) {
    if (q.query.find('\0') != std::string::npos)
      throw std::runtime_error(path + ": query '" + q.id + "' holds a NUL character");
    std::cout << q.id << '\0' << q.query << '\0';
  }
  return 0;
}

int convert_hits(const std::string& query, const std::string& map_path, const std::string& tag) {
  std::map<std::string, std::string> collection_id;
  std::ifstream map(map_path);
  if (!map) throw std::runtime_error(map_path + ": cannot be read");
  std::string line;
  while (std::getline(map, line)) {
    const auto tab = line.find('\t');
    if (tab != std::string::npos) collection_id[line.substr(0, tab)] = line.substr(tab + 1);
  }
  const std::string input{std::istreambuf_iterator<char>(std::cin),
                          std::istreambuf_iterator<char>()};
  const nlohmann::json result = nlohmann::json::parse(input);
  std::vector<std::string> docs;
  for (const auto& hit : result.at("hits")) {
    const std::string id = hit.at("id").get<std::string>();
    const auto it = collection_id.find(id);
    // Only this collection was indexed: any other id means the index is not the one built.
    if (it == collection_id.end())
      throw std::runtime_error("hit '" + id + "' of query '" + query + "' is not in " + map_path);
    docs.push_back(it->second);
  }
  r2p::trec::write_run(std::cout, query, docs, tag);
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 4 && args[0] == "documents") return write_documents(args[1], args[2], args[3]);
  if (args.size() == 2 && args[0] == "queries") return list_queries(args[1]);
  if (args.size() == 4 && args[0] == "hits") return convert_hits(args[1], args[2], args[3]);
  if (args.size() == 1 && (args[0] == "-h" || args[0] == "--help")) {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  return 2;
} catch (const std::exception& e) {
  std::cerr << "r2p-trec-bridge: " << e.what() << "\n";
  return 1;
}
