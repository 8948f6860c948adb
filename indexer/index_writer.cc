// Index building: the parts written on worker threads (staged), then merged or completed as
// shards with the metadata, checked and made live (published).
#include "indexer/index_writer.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>
#include <thread>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/facet_table.h"
#include "core/meeting_label.h"
#include "core/parallel.h"
#include "core/record_json.h"
#include "core/schema.h"
#include "core/text.h"
#include "indexer/document_builder.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

}  // namespace

int add_synonyms(Xapian::WritableDatabase& db, const Gazetteer& gazetteer) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& org : gazetteer.organisations()) {
    const std::string target = filter_term(Field::organisation, org.id);
    std::vector<std::string> names = org.acronyms;
    names.push_back(org.name);
    names.insert(names.end(), org.variants.begin(), org.variants.end());
    for (const auto& name : names)
      for (const auto& key : synonym_keys(name)) pairs.emplace(key, target);
  }
  for (const auto& [name, code] : gazetteer.country_names()) {
    const Country* country = gazetteer.country(code);
    if (!country) continue;
    const auto english = parser_words(country->english_name());
    for (const auto& key : synonym_keys(name)) {
      pairs.emplace(key, filter_term(Field::country, code));
      if (english.size() == 1) {
        const std::string english_term = stemmed_term(english[0]);
        if (english_term != key) pairs.emplace(key, english_term);
      }
    }
  }
  std::set<std::string> keys;
  for (const auto& [key, target] : pairs) {
    if (key.size() > 200 || target.size() > 200) continue;  // Xapian's term length limit
    db.add_synonym(key, target);
    keys.insert(key);
  }
  return static_cast<int>(keys.size());
}

namespace {

/// Terms (each document's distinct terms, summed) a part buffers before it commits. Xapian holds
/// the buffered changes in maps keyed by term, and adding a document costs a lookup per term in
/// maps that grow with the batch, so small batches add faster and commit more often. Counting
/// terms rather than documents roughly bounds the memory whatever the documents' length (a long
/// report holds as many terms as dozens of records; its positions still grow with its words). On
/// generated records (about 210 distinct terms each), 2 parts, 100,000 records: committing every
/// 2,000 documents took 68 s, every 1,000 63-65 s, every 500 60-62 s, every 250 63 s, every
/// 100,000 terms (about 470 documents) 58 s and 170 MiB. (Xapian's own default, 10,000
/// documents, holds several hundred MB per part.)
constexpr Xapian::termcount kTermsPerCommit = 100000;

/// Parts are written without fsync: they are private, and publishing merges them (a single
/// index) or compacts each (a sharded one) into the new version, which is synced. They are also
/// written in place (DB_DANGEROUS): a commit overwrites the blocks it changes instead of copying
/// them, since no reader opens a part before it is complete and a build that fails discards its
/// parts, so the earlier revision that copying keeps readable is never needed. On 100,000
/// generated records, 2 parts, the builds alternating three times: 47.6 s against 50.8 s
/// (median), each part's commits 9.6 s against 10.5 s, with fewer pages for the kernel to write
/// back.
constexpr int kPartFlags = Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS;

/// Runs `write`, which writes a database opened with kPartFlags at `dir`. Written in place, a
/// change whose writes fail (a full disk) cannot be undone, and Xapian throws
/// InvalidOperationError ("cancel() not supported under Xapian::DB_DANGEROUS") instead of the
/// write's own error, whose system error is still in errno: that error is reported instead, as
/// Xapian reports a failed write otherwise. (The part is discarded with the build either way.)
template <typename Write>
auto writing_in_place(const fs::path& dir, Write write) {
  try {
    return write();
  } catch (const Xapian::InvalidOperationError& e) {
    const int error = errno;  // before anything here can change it
    if (e.get_msg().find("DB_DANGEROUS") == std::string::npos) throw;
    throw Xapian::DatabaseError("cannot write " + dir.string(), error);
  }
}

/// Adds `words` to `db`'s spelling dictionary, each with its count.
void add_spelling(const StringCounter& words, Xapian::WritableDatabase& db) {
  words.for_each([&](const std::string& word, std::size_t count) {
    db.add_spelling(word, static_cast<Xapian::termcount>(count));
  });
}

/// What one worker learned while building its part of the index.
struct PartResult {
  std::map<Field, std::size_t> widths;
  std::set<std::string> countries;
  std::map<std::string, int> per_type;
  std::size_t documents = 0;
  StringCounter words;  ///< for the spelling dictionary
  std::map<std::string, std::string> meeting_titles;
  std::map<std::string, std::string> meeting_labels;  ///< short labels, by meeting id
};

}  // namespace

/// What a staged index is made of: where its parts are, what their workers learned, and what
/// publishing writes with them.
struct StagedParts {
  IndexTarget& target;
  const AliasTable& aliases;
  const Gazetteer& gazetteer;
  const RecordCodec& codec;
  fs::path build_dir;  ///< the new version
  fs::path parts_dir;  ///< the parts, merged or compacted into build_dir when published
  unsigned parts = 0;
  bool sharded = false;
  unsigned threads = 1;  ///< at most this many parts are written, or compacted, at once
  std::vector<PartResult> results;
};

namespace {

/// Builds part `part` of `parts` into a new database at `dir`. A shard (`shard`) stores its facet
/// table, with which facets are counted when it is served by xapian-tcpsrv (core/facet_table.h),
/// and returns the words for the spelling dictionary in PartResult::words (the dictionary
/// database takes them); any other part keeps them in its own spelling table (compaction adds up
/// the frequencies of the parts).
PartResult write_part(const RecordProducer& produce, unsigned part, unsigned parts,
                      const Gazetteer& gazetteer, const RecordCodec& codec, const fs::path& dir,
                      bool shard, std::atomic<std::size_t>& done) {
  PartResult result;
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE | kPartFlags);
  Xapian::TermGenerator generator = make_term_generator();
  FacetTableBuilder facet_table;
  Xapian::termcount pending_terms = 0;  // in documents added since the last commit
  produce(part, parts, [&](const Record& record) {
    // Ids are unique (the reader checks), so add_document keeps record order without a lookup.
    const FacetValues values = facet_values(record);
    const Xapian::Document doc =
        build_document(record, values, codec.encode_record(record), gazetteer, generator);
    pending_terms += doc.termlist_count();
    const Xapian::docid docid = db.add_document(doc);
    if (shard) facet_table.add(docid, values);
    for (const auto& [field, list] : values)
      result.widths[field] = std::max(result.widths[field], list.size());
    result.countries.insert(record.countries.begin(), record.countries.end());
    ++result.per_type[to_string(record.type)];
    ++result.documents;
    count_words(record, result.words);
    if (record.type == RecordType::meeting) {
      result.meeting_titles.emplace(record.id, record.title);
      result.meeting_labels.emplace(record.id, meeting_short_label(record));
    }
    ++done;
    // Xapian buffers changes in memory until a commit; committing in batches bounds the memory
    // each part uses (a part is private until the merge, so a commit costs no fsync).
    if (pending_terms >= kTermsPerCommit) {
      db.commit();
      pending_terms = 0;
    }
  });
  if (shard) {
    const std::string encoded = encode_facet_table(facet_table.finish());
    db.set_metadata(kFacetTableKey, encoded);
    db.set_metadata(kFacetTableIdKey, facet_table_id(encoded));
  } else {
    add_spelling(result.words, db);
    result.words = {};
  }
  db.commit();
  db.close();
  return result;
}

/// write_part(), a failed write reported as itself.
PartResult build_part(const RecordProducer& produce, unsigned part, unsigned parts,
                      const Gazetteer& gazetteer, const RecordCodec& codec, const fs::path& dir,
                      bool shard, std::atomic<std::size_t>& done) {
  return writing_in_place(
      dir, [&] { return write_part(produce, part, parts, gazetteer, codec, dir, shard, done); });
}

/// Runs `build` on worker threads while the calling thread reports progress.
template <typename Build>
void with_progress(std::size_t total, std::atomic<std::size_t>& done,
                   const ProgressCallback& progress, Build build) {
  std::exception_ptr error;
  std::atomic<bool> finished{false};
  std::thread worker([&] {
    try {
      build();
    } catch (...) {
      error = std::current_exception();
    }
    finished = true;
  });
  while (progress && !finished) {
    progress(done, total);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  worker.join();
  if (progress) progress(done, total);
  if (error) std::rethrow_exception(error);
}

/// Runs `step`, one step of writing `staged` at `build_dir`; when it fails, what was written is
/// discarded (and a Xapian error reported as an IndexError), so the live index stays as it was.
template <typename Step>
void writing(StagedIndex& staged, const std::string& build_dir, Step step) {
  try {
    step();
  } catch (const Xapian::Error& e) {
    staged.discard();
    throw IndexError("cannot build the index in " + build_dir + ": " + e.get_description() +
                     "; check free space and permissions");
  } catch (...) {
    staged.discard();
    throw;
  }
}

/// The words of all `results`, their counts added up.
void add_spelling(const std::vector<PartResult>& results, Xapian::WritableDatabase& db) {
  StringCounter total;
  for (const auto& r : results)
    r.words.for_each([&](const std::string& word, std::size_t count) { total.add(word, count); });
  add_spelling(total, db);
}

/// The widest each facet is in any part.
std::map<Field, std::size_t> facet_widths(const std::vector<PartResult>& results) {
  std::map<Field, std::size_t> widths;
  for (const auto& r : results)
    for (const auto& [field, width] : r.widths) widths[field] = std::max(widths[field], width);
  return widths;
}

void write_metadata(Xapian::WritableDatabase& db, const StagedParts& staged,
                    const Metadata& extra) {
  for (const auto& [key, value] : extra) db.set_metadata(key, value);
  if (!staged.codec.dictionary().empty())
    db.set_metadata(kRecordDictionaryKey, staged.codec.dictionary());
  for (const auto& r : staged.results) {
    for (const auto& [id, title] : r.meeting_titles)
      db.set_metadata(kMeetingTitleKeyPrefix + id, title);
    for (const auto& [id, label] : r.meeting_labels)
      db.set_metadata(kMeetingLabelKeyPrefix + id, label);
  }
  const std::map<Field, std::size_t> widths = facet_widths(staged.results);
  for (Field field : facet_fields()) {
    auto it = widths.find(field);
    db.set_metadata(kFacetWidthKeyPrefix + std::string(field_spec(field).name),
                    std::to_string(it == widths.end() ? 0 : it->second));
  }
  db.set_metadata(kSchemaVersionKey, std::to_string(kSchemaVersion));
  db.set_metadata(kDocumentLayoutKey, std::to_string(kDocumentLayout));
  db.set_metadata(kAliasesKey, alias_table_to_json(staged.aliases).dump());
}

std::string part_name(unsigned i) {
  std::string number = std::to_string(i);
  return "shard-" + std::string(number.size() < 2 ? 2 - number.size() : 0, '0') + number;
}

/// Compacts each part into its shard in build_dir, `threads` at once. A part's blocks fill as its
/// documents come; a compacted shard's are full, so a search reads fewer of them. On 100,000
/// generated records, 2 shards: 632 MB against 816, and over xapian-tcpsrv p95 fell in six
/// classes of eight (year 5.88 ms against 8.10), for 2.3 s of compaction per shard.
void compact_shards(const StagedParts& staged) {
  fs::create_directories(staged.build_dir);
  for_each_chunk(staged.parts, std::min(staged.parts, staged.threads),
                 [&](unsigned, std::size_t begin, std::size_t end) {
                   for (std::size_t p = begin; p < end; ++p) {
                     const std::string name = part_name(static_cast<unsigned>(p));
                     // The shard's own document ids: its stored facet table is keyed by them.
                     Xapian::Database((staged.parts_dir / name).string())
                         .compact((staged.build_dir / name).string(),
                                  Xapian::DBCOMPACT_NO_RENUMBER);
                     std::error_code ec;  // a part left behind goes with its directory
                     fs::remove_all(staged.parts_dir / name, ec);
                   }
                 });
  std::error_code ec;
  fs::remove_all(staged.parts_dir, ec);
}

/// Completes a sharded index (its shards built): the shards compacted, the dictionary database
/// and the stub that lists the databases. Returns the number of synonym keys.
int finish_shards(const StagedParts& staged, const Metadata& extra) {
  const fs::path& build_dir = staged.build_dir;
  compact_shards(staged);
  // The dictionary database holds what remote shards cannot serve (spelling, synonyms) and
  // the metadata; listed first in the stub, it is what get_metadata() reads.
  Xapian::WritableDatabase dictionary((build_dir / "dictionary").string(), Xapian::DB_CREATE);
  std::string stub = "auto dictionary\n";
  for (unsigned p = 0; p < staged.parts; ++p) stub += "auto " + part_name(p) + "\n";
  add_spelling(staged.results, dictionary);
  write_metadata(dictionary, staged, extra);
  const int synonyms = add_synonyms(dictionary, staged.gazetteer);
  dictionary.commit();
  dictionary.close();
  for (unsigned p = 0; p < staged.parts; ++p) sync_tree(build_dir / part_name(p));
  std::ofstream stub_file(build_dir / kStubFile);
  stub_file << stub;
  stub_file.close();
  if (!stub_file)
    throw IndexError("cannot build the index in " + build_dir.string() + ": cannot write " +
                     kStubFile + " (" + std::strerror(errno) +
                     "); check free space and permissions");
  return synonyms;
}

/// Merges the parts into the single database build_dir. Returns the number of synonym keys.
int merge_parts(const StagedParts& staged, const Metadata& extra) {
  int synonyms = 0;
  // The first part takes the metadata and synonyms (the parts hold their own spelling), so
  // that the merge writes the whole index in one pass.
  const fs::path first_part = staged.parts_dir / part_name(0);
  writing_in_place(first_part, [&] {
    Xapian::WritableDatabase first(first_part.string(), Xapian::DB_OPEN | kPartFlags);
    write_metadata(first, staged, extra);
    synonyms = add_synonyms(first, staged.gazetteer);
    first.commit();
  });
  // Merge the parts in order: compaction renumbers documents part after part, so document
  // ids follow record order, adds up the parts' spelling frequencies, and the result is
  // smaller than what was written.
  Xapian::Database all;
  for (unsigned p = 0; p < staged.parts; ++p)
    all.add_database(Xapian::Database((staged.parts_dir / part_name(p)).string()));
  all.compact(staged.build_dir.string());
  all.close();
  std::error_code ec;
  fs::remove_all(staged.parts_dir, ec);
  sync_tree(staged.build_dir);
  return synonyms;
}

/// What the parts hold: records per type, countries tied, documents.
IndexSummary summarise(const std::vector<PartResult>& results) {
  IndexSummary summary;
  std::set<std::string> countries;
  for (const auto& r : results) {
    summary.documents += static_cast<int>(r.documents);
    countries.insert(r.countries.begin(), r.countries.end());
    for (const auto& [type, count] : r.per_type) summary.records_per_type[type] += count;
  }
  summary.countries_tied = static_cast<int>(countries.size());
  return summary;
}

}  // namespace

StagedIndex::StagedIndex(std::unique_ptr<StagedParts> parts) : parts_(std::move(parts)) {}
StagedIndex::StagedIndex(StagedIndex&&) noexcept = default;
StagedIndex::~StagedIndex() {
  discard();
}

void StagedIndex::discard() {
  if (!parts_) return;
  std::error_code ec;
  fs::remove_all(parts_->build_dir, ec);
  fs::remove_all(parts_->parts_dir, ec);
  parts_.reset();
}

StagedIndex stage_index(const RecordProducer& produce, std::size_t expected_records,
                        const AliasTable& aliases, const Gazetteer& gazetteer,
                        const RecordCodec& codec, IndexTarget& target, const IndexOptions& options,
                        const ProgressCallback& progress) {
  const fs::path build_dir = target.new_version();
  const bool sharded = options.shards > 0;
  // Parts: one per worker for a single database (merged when published), one per shard
  // otherwise.
  const unsigned threads = worker_count(options.threads);
  const unsigned count = sharded ? options.shards
                                 : static_cast<unsigned>(std::max<std::size_t>(
                                       1, std::min<std::size_t>(threads, expected_records)));
  const fs::path parts_dir = build_dir.parent_path() / (build_dir.filename().string() + ".parts");
  auto parts = std::make_unique<StagedParts>(StagedParts{target, aliases, gazetteer, codec,
                                                         build_dir, parts_dir, count, sharded,
                                                         threads, std::vector<PartResult>(count)});
  StagedParts& s = *parts;
  StagedIndex staged(std::move(parts));
  std::atomic<std::size_t> done{0};
  writing(staged, s.build_dir.string(), [&] {
    fs::create_directories(s.parts_dir);
    with_progress(expected_records, done, progress, [&] {
      // At most `threads` parts are built at once; each takes a contiguous slice of records.
      for (unsigned first = 0; first < s.parts; first += threads) {
        const unsigned batch = std::min(threads, s.parts - first);
        for_each_chunk(batch, batch, [&](unsigned, std::size_t b, std::size_t e) {
          for (std::size_t p = first + b; p < first + e; ++p)
            s.results[p] =
                build_part(produce, static_cast<unsigned>(p), s.parts, gazetteer, codec,
                           s.parts_dir / part_name(static_cast<unsigned>(p)), s.sharded, done);
        });
      }
    });
  });
  return staged;
}

IndexSummary StagedIndex::publish(const Metadata& metadata) {
  if (!parts_) throw std::logic_error("a discarded index cannot be published");
  const StagedParts& staged = *parts_;
  const std::string build_dir = staged.build_dir.string();
  IndexSummary summary = summarise(staged.results);
  writing(*this, build_dir, [&] {
    summary.synonyms =
        staged.sharded ? finish_shards(staged, metadata) : merge_parts(staged, metadata);
    // Xapian's commits and compaction are atomic, so the new index is as consistent as Xapian
    // makes it; a full check (which reads every block: seconds on a large index) would add
    // nothing a reader cannot see. It must open and hold exactly the records written.
    const int written = summary.documents;
    summary.documents = static_cast<int>(Xapian::Database(build_dir).get_doccount());
    if (summary.documents != written)
      throw IndexError("the new index holds " + std::to_string(summary.documents) +
                       " documents, expected " + std::to_string(written));
  });
  staged.target.publish(build_dir);
  parts_.reset();  // live now: nothing to discard
  summary.database = build_dir;
  return summary;
}

IndexSummary write_index(const RecordProducer& produce, std::size_t expected_records,
                         const AliasTable& aliases, const Gazetteer& gazetteer,
                         const RecordCodec& codec, IndexTarget& target, const IndexOptions& options,
                         const ProgressCallback& progress) {
  return stage_index(produce, expected_records, aliases, gazetteer, codec, target, options,
                     progress)
      .publish();
}

IndexSummary write_index(const std::vector<Record>& records, const AliasTable& aliases,
                         const Gazetteer& gazetteer, const std::string& db_path,
                         const IndexOptions& options, const ProgressCallback& progress) {
  const RecordProducer slices = [&](unsigned part, unsigned parts,
                                    const std::function<void(const Record&)>& emit) {
    const std::size_t begin = records.size() * part / parts;
    const std::size_t end = records.size() * (part + 1) / parts;
    for (std::size_t i = begin; i < end; ++i) emit(records[i]);
  };
  // A dictionary from records spread over the whole list, as the corpus reader samples files.
  std::vector<std::string> samples;
  std::size_t sampled = 0;
  const std::size_t step = (records.size() + kDictionarySamples - 1) / kDictionarySamples;
  for (std::size_t i = 0; i < records.size() && sampled < kDictionarySampleBytes;
       i += std::max<std::size_t>(1, step)) {
    samples.push_back(record_to_json(records[i]).dump());
    sampled += samples.back().size();
  }
  const RecordCodec codec(RecordCodec::train(samples));
  IndexTarget target(db_path);
  return write_index(slices, records.size(), aliases, gazetteer, codec, target, options, progress);
}

}  // namespace r2p
