// The one fixture of the tests that search, serve or inspect an index: the bundled corpus indexed
// as r2p-index indexes it (run_indexer), and its records as r2p-index reads and links them.
#pragma once

#include <map>
#include <string>

#include "core/gazetteer.h"
#include "core/record.h"
#include "indexer/corpus_reader.h"
#include "indexer/indexing.h"
#include "search/index.h"

namespace r2p::test {

/// The environment variable naming an index of the bundled corpus built beforehand (ctest's
/// fixture `bundled_index` builds one with r2p-index and sets it for the tests that read it).
constexpr const char* kTestDbVariable = "R2P_TEST_DB";

/// What `r2p-index --corpus <the bundled corpus> --db DB` runs; set more (rebuild, shards, other
/// corpora) before passing it to r2p::run_indexer.
r2p::IndexerOptions bundled_corpus_options(const std::string& db);

/// Indexes the bundled corpus into `db` (as `shards` shards; 0: one database) through
/// run_indexer, as r2p-index does: a full build, or an update of the index already there.
r2p::IndexerReport index_bundled_corpus(const std::string& db, unsigned shards = 0);

/// The bundled corpus read and linked once per test program, records in corpus order.
const r2p::Corpus& linked_corpus();
/// Its linked records by id.
const std::map<std::string, r2p::Record>& linked_records();
/// \throws std::runtime_error when no record has that id.
const r2p::Record& linked_record(const std::string& id);

/// The path of the bundled corpus's index, built once per test program: $R2P_TEST_DB when set,
/// else index_bundled_corpus() into a temporary directory removed at exit. Read it, never write.
const std::string& bundled_index_path();
/// That index, opened once per test program.
r2p::Index& bundled_index();

}  // namespace r2p::test
