// A TREC-style test collection as JSON Lines (docs.jsonl: id, title, author, text; queries.jsonl:
// id, query) and the run lines every engine of bench/quality prints.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace r2p::trec {

struct Document {
  std::string id;
  std::string title;
  std::string author;
  std::string text;
};

struct Query {
  std::string id;
  std::string query;  ///< exactly as typed
};

/// Reads docs.jsonl: one object a line with a string (or integer) `id` and optional string
/// `title`, `author` and `text` (absent or null = empty).
/// \throws std::runtime_error "file:line: problem" for unreadable files, bad JSON or fields, an id
/// with whitespace (a run could not name it) and an id given twice.
std::vector<Document> read_documents(const std::string& path);

/// Reads queries.jsonl: one object a line with `id` (as for documents) and a string `query`.
/// \throws std::runtime_error as read_documents.
std::vector<Query> read_queries(const std::string& path);

/// Writes one query's hits, best first, as run lines `QID Q0 DOCID RANK SCORE TAG`. The score is
/// hits - rank + 1: strictly decreasing, so trec_eval (which orders by score, then by document
/// id) keeps the engine's order, ties included.
/// \throws std::invalid_argument when an id or the tag is empty or holds whitespace.
void write_run(std::ostream& out, const std::string& query, const std::vector<std::string>& docs,
               const std::string& tag);

}  // namespace r2p::trec
