// Index building and the atomic swap of the live index link.
#include "indexer/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/facet_table.h"
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

/// Counts the words of a record for the spelling dictionary (folded; numbers left out, since
/// they make poor corrections). Adding the dictionary once per distinct word at the end is much
/// cheaper than TermGenerator's FLAG_SPELLING, which updates it for every word occurrence.
void count_words(const Record& record, std::unordered_map<std::string, Xapian::termcount>& words) {
  auto count = [&](const std::string& text) {
    // Words over 64 bytes are never terms (TermGenerator skips them), and Xapian refuses
    // spelling entries over 254 bytes.
    for (auto& word : fold_words(text))
      if (!(word[0] >= '0' && word[0] <= '9') && word.size() <= 64) ++words[std::move(word)];
  };
  count(record.title);
  for (const auto& paragraph : record.text) count(paragraph);
}

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

/// What one worker learned while building its part of the index.
struct PartResult {
  std::map<Field, std::size_t> widths;
  std::set<std::string> countries;
  std::map<std::string, int> per_type;
  std::size_t documents = 0;
  std::unordered_map<std::string, Xapian::termcount> words;  ///< for the spelling dictionary
  std::map<std::string, std::string> meeting_titles;
};

/// Builds part `part` of `parts` into a new database at `dir`. A shard (`shard`) stores its facet
/// table, with which facets are counted when it is served by xapian-tcpsrv (core/facet_table.h),
/// and returns the words for the spelling dictionary in PartResult::words (the dictionary
/// database takes them); any other part keeps them in its own spelling table (compaction adds up
/// the frequencies of the parts).
PartResult build_part(const RecordProducer& produce, unsigned part, unsigned parts,
                      const Gazetteer& gazetteer, const RecordCodec& codec, const fs::path& dir,
                      int db_flags, bool shard, std::atomic<std::size_t>& done) {
  PartResult result;
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_CREATE | db_flags);
  Xapian::TermGenerator generator = make_term_generator();
  FacetTableBuilder facet_table;
  Xapian::termcount pending_terms = 0;  // in documents added since the last commit
  produce(part, parts, [&](const Record& record) {
    // Ids are unique (the reader checks), so add_document keeps record order without a lookup.
    const Xapian::Document doc = build_document(record, gazetteer, generator, codec);
    pending_terms += doc.termlist_count();
    const Xapian::docid docid = db.add_document(doc);
    const auto values = facet_values(record);
    if (shard) facet_table.add(docid, values);
    for (const auto& [field, list] : values)
      result.widths[field] = std::max(result.widths[field], list.size());
    result.countries.insert(record.countries.begin(), record.countries.end());
    ++result.per_type[to_string(record.type)];
    ++result.documents;
    count_words(record, result.words);
    if (record.type == RecordType::meeting) result.meeting_titles.emplace(record.id, record.title);
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
    for (const auto& [word, count] : result.words) db.add_spelling(word, count);
    result.words = {};
  }
  db.commit();
  db.close();
  return result;
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

void add_spelling(const std::vector<PartResult>& results, Xapian::WritableDatabase& db) {
  std::unordered_map<std::string, Xapian::termcount> total;
  for (const auto& r : results)
    for (const auto& [word, count] : r.words) total[word] += count;
  for (const auto& [word, count] : total) db.add_spelling(word, count);
}

void write_metadata(Xapian::WritableDatabase& db, const std::map<Field, std::size_t>& widths,
                    const AliasTable& aliases, const RecordCodec& codec,
                    const std::vector<PartResult>& results, const Metadata& extra) {
  for (const auto& [key, value] : extra) db.set_metadata(key, value);
  if (!codec.dictionary().empty()) db.set_metadata(kRecordDictionaryKey, codec.dictionary());
  for (const auto& r : results)
    for (const auto& [id, title] : r.meeting_titles)
      db.set_metadata(kMeetingTitleKeyPrefix + id, title);
  for (Field field : facet_fields()) {
    auto it = widths.find(field);
    db.set_metadata(kFacetWidthKeyPrefix + std::string(field_spec(field).name),
                    std::to_string(it == widths.end() ? 0 : it->second));
  }
  db.set_metadata(kSchemaVersionKey, std::to_string(kSchemaVersion));
  db.set_metadata(kAliasesKey, alias_table_to_json(aliases).dump());
}

std::string part_name(unsigned i) {
  std::string number = std::to_string(i);
  return "shard-" + std::string(number.size() < 2 ? 2 - number.size() : 0, '0') + number;
}

/// Completes a sharded index in `build_dir` (its shards built): the dictionary database and the
/// stub that lists the databases. Returns the number of synonym keys.
int finish_shards(const fs::path& build_dir, unsigned parts, const std::vector<PartResult>& results,
                  const std::map<Field, std::size_t>& widths, const AliasTable& aliases,
                  const RecordCodec& codec, const Metadata& extra, const Gazetteer& gazetteer) {
  // The dictionary database holds what remote shards cannot serve (spelling, synonyms) and
  // the metadata; listed first in the stub, it is what get_metadata() reads.
  Xapian::WritableDatabase dictionary((build_dir / "dictionary").string(), Xapian::DB_CREATE);
  std::string stub = "auto dictionary\n";
  for (unsigned p = 0; p < parts; ++p) stub += "auto " + part_name(p) + "\n";
  add_spelling(results, dictionary);
  write_metadata(dictionary, widths, aliases, codec, results, extra);
  const int synonyms = add_synonyms(dictionary, gazetteer);
  dictionary.commit();
  dictionary.close();
  for (unsigned p = 0; p < parts; ++p) sync_tree(build_dir / part_name(p));
  std::ofstream stub_file(build_dir / kStubFile);
  stub_file << stub;
  stub_file.close();
  if (!stub_file)
    throw IndexError("cannot build the index in " + build_dir.string() + ": cannot write " +
                     kStubFile + " (" + std::strerror(errno) +
                     "); check free space and permissions");
  return synonyms;
}

/// Merges the parts under `parts_dir` into the single database `build_dir`. Returns the number of
/// synonym keys.
int merge_parts(const fs::path& build_dir, const fs::path& parts_dir, unsigned parts,
                int part_flags, const std::vector<PartResult>& results,
                const std::map<Field, std::size_t>& widths, const AliasTable& aliases,
                const RecordCodec& codec, const Metadata& extra, const Gazetteer& gazetteer) {
  int synonyms = 0;
  // The first part takes the metadata and synonyms (the parts hold their own spelling), so
  // that the merge writes the whole index in one pass.
  {
    Xapian::WritableDatabase first((parts_dir / part_name(0)).string(),
                                   Xapian::DB_OPEN | part_flags);
    write_metadata(first, widths, aliases, codec, results, extra);
    synonyms = add_synonyms(first, gazetteer);
    first.commit();
  }
  // Merge the parts in order: compaction renumbers documents part after part, so document
  // ids follow record order, adds up the parts' spelling frequencies, and the result is
  // smaller than what was written.
  Xapian::Database all;
  for (unsigned p = 0; p < parts; ++p)
    all.add_database(Xapian::Database((parts_dir / part_name(p)).string()));
  all.compact(build_dir.string());
  all.close();
  std::error_code ec;
  fs::remove_all(parts_dir, ec);
  sync_tree(build_dir);
  return synonyms;
}

}  // namespace

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

IndexSummary write_index(const RecordProducer& produce, std::size_t expected_records,
                         const AliasTable& aliases, const Gazetteer& gazetteer,
                         const RecordCodec& codec, IndexTarget& target, const IndexOptions& options,
                         const ProgressCallback& progress,
                         const std::function<Metadata()>& before_swap) {
  std::error_code ec;
  const fs::path build_dir = target.new_version();
  const std::string version = build_dir.filename().string();
  const fs::path parent = build_dir.parent_path();
  const bool sharded = options.shards > 0;
  // Parts: one per worker for a single database (merged below), one per shard otherwise.
  const unsigned threads = worker_count(options.threads);
  const unsigned parts = sharded ? options.shards
                                 : static_cast<unsigned>(std::max<std::size_t>(
                                       1, std::min<std::size_t>(threads, expected_records)));
  const fs::path parts_dir = sharded ? build_dir : parent / (version + ".parts");
  IndexSummary summary;
  try {
    fs::create_directories(parts_dir);
    std::vector<PartResult> results(parts);
    std::atomic<std::size_t> done{0};
    // Parts are written without fsync (they are private until the swap); shards are synced as a
    // whole once they are complete, below.
    const int part_flags = Xapian::DB_NO_SYNC;
    with_progress(expected_records, done, progress, [&] {
      // At most `threads` parts are built at once; each takes a contiguous slice of records.
      for (unsigned first = 0; first < parts; first += threads) {
        const unsigned batch = std::min(threads, parts - first);
        for_each_chunk(batch, batch, [&](unsigned, std::size_t b, std::size_t e) {
          for (std::size_t p = first + b; p < first + e; ++p)
            results[p] = build_part(produce, static_cast<unsigned>(p), parts, gazetteer, codec,
                                    parts_dir / part_name(static_cast<unsigned>(p)), part_flags,
                                    sharded, done);
        });
      }
    });

    Metadata extra;
    if (before_swap) extra = before_swap();
    std::map<Field, std::size_t> widths;
    std::set<std::string> countries;
    std::size_t emitted = 0;
    for (const auto& r : results) {
      emitted += r.documents;
      for (const auto& [field, width] : r.widths) widths[field] = std::max(widths[field], width);
      countries.insert(r.countries.begin(), r.countries.end());
      for (const auto& [type, count] : r.per_type) summary.records_per_type[type] += count;
    }
    summary.countries_tied = static_cast<int>(countries.size());

    summary.synonyms =
        sharded ? finish_shards(build_dir, parts, results, widths, aliases, codec, extra, gazetteer)
                : merge_parts(build_dir, parts_dir, parts, part_flags, results, widths, aliases,
                              codec, extra, gazetteer);
    // Xapian's commits and compaction are atomic, so the new index is as consistent as Xapian
    // makes it; a full check (which reads every block: seconds on a large index) would add
    // nothing a reader cannot see. It must open and hold exactly the records read.
    Xapian::Database built(build_dir.string());
    summary.documents = static_cast<int>(built.get_doccount());
    if (summary.documents != static_cast<int>(emitted))
      throw IndexError("the new index holds " + std::to_string(summary.documents) +
                       " documents, expected " + std::to_string(emitted));
  } catch (const Xapian::Error& e) {
    fs::remove_all(build_dir, ec);
    if (!sharded) fs::remove_all(parts_dir, ec);
    throw IndexError("cannot build the index in " + build_dir.string() + ": " +
                     e.get_description() + "; check free space and permissions");
  } catch (...) {
    fs::remove_all(build_dir, ec);
    if (!sharded) fs::remove_all(parts_dir, ec);
    throw;
  }

  target.publish(build_dir.string());
  summary.database = build_dir.string();
  return summary;
}

namespace {

/// Stores each facet's width as the widest document has it: slot base+k holds a value in some
/// document exactly when some document has more than k values.
void write_facet_widths(Xapian::WritableDatabase& db) {
  for (Field field : facet_fields()) {
    const Xapian::valueno base = field_spec(field).facet_slot;
    Xapian::valueno width = 0;
    while (db.get_value_freq(base + width) > 0) ++width;
    db.set_metadata(kFacetWidthKeyPrefix + std::string(field_spec(field).name),
                    std::to_string(width));
  }
}

/// Applies `update` to the copy of the live version at `dir`, counting what it does in `summary`.
/// \throws IndexError when the result does not hold the documents it should.
void apply_update(const IndexUpdate& update, const Gazetteer& gazetteer, const fs::path& dir,
                  UpdateSummary& summary) {
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
  const int before = static_cast<int>(db.get_doccount());
  // Changed records are stored against the dictionary the index was built with.
  const RecordCodec codec(db.get_metadata(kRecordDictionaryKey));

  // The spelling dictionary counts words over all records: take out what the old versions
  // added and put in what the new ones add.
  std::unordered_map<std::string, long long> spelling;
  auto count = [&](const Record& record, long long sign) {
    std::unordered_map<std::string, Xapian::termcount> words;
    count_words(record, words);
    for (const auto& [word, n] : words) spelling[word] += sign * static_cast<long long>(n);
  };
  auto indexed = [&](const std::string& id) -> std::optional<Xapian::docid> {
    const std::string term = id_term(id);
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    return *it;
  };
  auto forget = [&](Xapian::docid docid) {
    const Record old = codec.decode_record(db.get_document(docid).get_data());
    count(old, -1);
    if (old.type == RecordType::meeting) db.set_metadata(kMeetingTitleKeyPrefix + old.id, "");
  };

  for (const auto& id : update.remove_ids) {
    if (auto docid = indexed(id)) {
      forget(*docid);
      db.delete_document(*docid);
      ++summary.removed;
    }
  }
  Xapian::TermGenerator generator = make_term_generator();
  for (const Record& record : update.records) {
    Xapian::Document doc = build_document(record, gazetteer, generator, codec);
    const auto docid = indexed(record.id);
    if (docid) {
      // The same record (compared as JSON: compressed bytes may differ between zstd
      // versions) makes the same document: leave it.
      if (codec.decode(db.get_document(*docid).get_data()) == codec.decode(doc.get_data()))
        continue;
      forget(*docid);
      db.replace_document(*docid, doc);
      ++summary.changed;
    } else {
      db.add_document(doc);
      ++summary.added;
    }
    count(record, +1);
    if (record.type == RecordType::meeting)
      db.set_metadata(kMeetingTitleKeyPrefix + record.id, record.title);
  }
  for (const auto& [word, n] : spelling) {
    if (n > 0) db.add_spelling(word, static_cast<Xapian::termcount>(n));
    if (n < 0) db.remove_spelling(word, static_cast<Xapian::termcount>(-n));
  }
  for (const auto& key : update.erase_metadata) db.set_metadata(key, "");
  for (const auto& [key, value] : update.set_metadata) db.set_metadata(key, value);
  db.commit();
  write_facet_widths(db);
  db.commit();
  summary.documents = static_cast<int>(db.get_doccount());
  db.close();
  // Xapian's commit is atomic, so the copy is as consistent as the live version was; a full
  // consistency check (which reads every block: seconds on a large index) would add nothing a
  // reader can see, as for builds. The copy must open and hold exactly the documents it should.
  const int expected = before - summary.removed + summary.added;
  if (static_cast<int>(Xapian::Database(dir.string()).get_doccount()) != expected ||
      summary.documents != expected)
    throw IndexError("the updated index in " + dir.string() + " holds " +
                     std::to_string(summary.documents) + " documents, expected " +
                     std::to_string(expected) + "; run r2p-index --rebuild");
}

}  // namespace

UpdateSummary update_index(const IndexUpdate& update, const Gazetteer& gazetteer,
                           IndexTarget& target) {
  const std::string live = target.live_version();
  if (live.empty()) throw IndexError("there is no index at " + target.path() + " to update");
  const fs::path dir = target.new_version();
  UpdateSummary summary;
  std::error_code ec;
  try {
    // The live version stays as it is for its readers: the update goes into a copy.
    if (const int error = copy_database(live, dir)) {
      fs::remove_all(dir, ec);
      if (out_of_space(error))
        throw IndexError("cannot update the index: the disk is full (" +
                         std::string(std::strerror(error)) + ") while copying it to " +
                         dir.string() + "; the index at " + target.path() +
                         " is unchanged and still searchable. An update needs room for a copy "
                         "of the index (" +
                         size_text(tree_bytes(live)) +
                         "): free some space, or choose a --db on another disk, and run "
                         "r2p-index again");
      throw IndexError("cannot copy the index to " + dir.string() + ": " + std::strerror(error) +
                       "; the index at " + target.path() +
                       " is unchanged; check permissions and run r2p-index again");
    }
    apply_update(update, gazetteer, dir, summary);
    sync_tree(dir);
  } catch (const Xapian::Error& e) {
    fs::remove_all(dir, ec);
    const std::string description = e.get_description();
    const bool full = std::any_of(std::begin(kOutOfSpace), std::end(kOutOfSpace), [&](int error) {
      return description.find(std::strerror(error)) != std::string::npos;
    });
    throw IndexError("cannot update the index" +
                     std::string(full ? ": the disk is full, writing " : " in ") + dir.string() +
                     ": " + description + "; the index at " + target.path() +
                     " is unchanged and still searchable: free some space (or check "
                     "permissions) and run r2p-index again");
  } catch (...) {
    fs::remove_all(dir, ec);
    throw;
  }
  summary.unchanged = summary.documents - summary.added - summary.changed;
  target.publish(dir.string());
  summary.database = dir.string();
  return summary;
}

}  // namespace r2p
