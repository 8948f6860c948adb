// Floors under an update: Xapian alone rewriting the documents of the records named in a corpus
// file (the same terms, positions, values and data), in one transaction with one commit, as
// r2p-index's update does. bench/incremental runs it right after r2p-index has updated that
// file, so both write the same documents into the same index.
//   default    each document deleted and added again: what writing them anew costs;
//   --replace  each document replaced under its id by a copy of itself: Xapian compares every
//              term and position list with the stored one and finds nothing to write, the least
//              an update replacing those documents in place can cost.
// Usage: r2p-xapian-rewrite [--replace] DATABASE FILE.jsonl  -> prints "seconds documents"
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "bench/bench_common.h"
#include "core/schema.h"

namespace {

/// A copy of `doc` that Xapian cannot tell from a new document: it must write every posting.
Xapian::Document copy_of(const Xapian::Document& doc) {
  Xapian::Document copy;
  copy.set_data(doc.get_data());
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if (t.positionlist_count() == 0) {
      copy.add_term(*t, t.get_wdf());
      continue;
    }
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      copy.add_posting(*t, *p, 0);
    copy.add_term(*t, t.get_wdf());
  }
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v) copy.add_value(v.get_valueno(), *v);
  return copy;
}

/// The ids of the records in the JSON Lines file `path`.
std::vector<std::string> record_ids(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> ids;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ids.push_back(nlohmann::json::parse(line).at("id").get<std::string>());
  return ids;
}

}  // namespace

int main(int argc, char** argv) {
  const bool replace = argc == 4 && std::string(argv[1]) == "--replace";
  if (argc != 3 && !replace) {
    std::cerr << "usage: r2p-xapian-rewrite [--replace] DATABASE FILE.jsonl\n";
    return 2;
  }
  const char* database = argv[argc - 2];
  const char* file = argv[argc - 1];
  try {
    Xapian::WritableDatabase db(database, Xapian::DB_OPEN);
    std::vector<Xapian::docid> docids;
    std::vector<Xapian::Document> copies;
    for (const auto& id : record_ids(file)) {
      const std::string term = r2p::id_term(id);
      auto it = db.postlist_begin(term);
      if (it == db.postlist_end(term)) throw std::runtime_error("no document for " + id);
      docids.push_back(*it);
      copies.push_back(copy_of(db.get_document(*it)));
    }
    const double start = r2p::bench::now_ms();
    db.begin_transaction();
    if (replace) {
      for (std::size_t k = 0; k < docids.size(); ++k) db.replace_document(docids[k], copies[k]);
    } else {
      for (Xapian::docid docid : docids) db.delete_document(docid);
      for (const auto& copy : copies) db.add_document(copy);
    }
    db.commit_transaction();
    std::printf("%.2f %zu\n", (r2p::bench::now_ms() - start) / 1000.0, copies.size());
  } catch (const std::exception& e) {
    std::cerr << "r2p-xapian-rewrite: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "r2p-xapian-rewrite: " << e.get_description() << "\n";
    return 1;
  }
}
