// The bundled corpus, indexed through run_indexer (or taken from $R2P_TEST_DB) and linked.
#include "tests/support/indexed_corpus.h"

#include <cstdlib>
#include <memory>
#include <optional>
#include <stdexcept>

#include "indexer/linker.h"
#include "tests/support/temp_dir.h"

namespace r2p::test {
namespace {

struct LinkedCorpus {
  r2p::Corpus corpus;
  std::map<std::string, r2p::Record> by_id;
};

const LinkedCorpus& linked() {
  static const LinkedCorpus instance = [] {
    LinkedCorpus linked{r2p::read_corpus(R2P_TEST_CORPUS), {}};
    for (auto& record : linked.corpus.records) {
      r2p::link_record(record, linked.corpus.gazetteer);
      linked.by_id.emplace(record.id, record);
    }
    return linked;
  }();
  return instance;
}

/// Being a function-local static, it is destroyed (index closed, then any directory it made
/// removed) at exit.
struct SharedIndex {
  std::optional<TempDir> dir;
  std::string path;
  std::unique_ptr<r2p::Index> index;

  SharedIndex() {
    if (const char* given = std::getenv(kTestDbVariable); given && *given) {
      path = given;
    } else {
      dir.emplace("r2p-bundled");
      path = (dir->path() / "db").string();
      index_bundled_corpus(path);
    }
    index = std::make_unique<r2p::Index>(path);
  }
};

SharedIndex& shared_index() {
  static SharedIndex instance;
  return instance;
}

}  // namespace

r2p::IndexerOptions bundled_corpus_options(const std::string& db) {
  r2p::IndexerOptions options;
  options.corpora = {R2P_TEST_CORPUS};
  options.db = db;
  return options;
}

r2p::IndexerReport index_bundled_corpus(const std::string& db, unsigned shards) {
  r2p::IndexerOptions options = bundled_corpus_options(db);
  options.index.shards = shards;
  return r2p::run_indexer(options);
}

const r2p::Corpus& linked_corpus() {
  return linked().corpus;
}

const std::map<std::string, r2p::Record>& linked_records() {
  return linked().by_id;
}

const r2p::Record& linked_record(const std::string& id) {
  auto it = linked_records().find(id);
  if (it == linked_records().end()) throw std::runtime_error("no record " + id + " in the corpus");
  return it->second;
}

const std::string& bundled_index_path() {
  return shared_index().path;
}

r2p::Index& bundled_index() {
  return *shared_index().index;
}

}  // namespace r2p::test
