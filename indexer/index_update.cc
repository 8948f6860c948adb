// Index updates: the changed records written into a copy of the live version, which is then made
// live as a new build is.
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <unordered_map>

#include <xapian.h>

#include "core/error.h"
#include "core/meeting_label.h"
#include "core/schema.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

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

/// Writes the documents of an update into an open copy of the index, keeping what depends on
/// them in step: the spelling dictionary (which counts words over all records: what the old
/// versions added is taken out, what the new ones add put in) and the meeting titles.
class DocumentChanges {
 public:
  explicit DocumentChanges(Xapian::WritableDatabase& db)
      : db_(db), codec_(db.get_metadata(kRecordDictionaryKey)) {}

  /// Deletes the document of record `id`, if there is one.
  void remove(const std::string& id, UpdateSummary& summary) {
    if (auto docid = indexed(id)) {
      forget(*docid);
      db_.delete_document(*docid);
      ++summary.removed;
    }
  }

  /// Adds the document of `record`, or replaces the one of its id if it differs.
  void put(const Record& record, const Gazetteer& gazetteer, Xapian::TermGenerator& generator,
           UpdateSummary& summary) {
    Xapian::Document doc = build_document(record, gazetteer, generator, codec_);
    const auto docid = indexed(record.id);
    if (docid) {
      // The same record (compared as JSON: compressed bytes may differ between zstd
      // versions) makes the same document: leave it.
      if (codec_.decode(db_.get_document(*docid).get_data()) == codec_.decode(doc.get_data()))
        return;
      forget(*docid);
      db_.replace_document(*docid, doc);
      ++summary.changed;
    } else {
      db_.add_document(doc);
      ++summary.added;
    }
    count(record, +1);
    if (record.type == RecordType::meeting) {
      db_.set_metadata(kMeetingTitleKeyPrefix + record.id, record.title);
      db_.set_metadata(kMeetingLabelKeyPrefix + record.id, meeting_short_label(record));
    }
  }

  /// Applies the spelling counts gathered by remove() and put().
  void write_spelling() {
    for (const auto& [word, n] : spelling_) {
      if (n > 0) db_.add_spelling(word, static_cast<Xapian::termcount>(n));
      if (n < 0) db_.remove_spelling(word, static_cast<Xapian::termcount>(-n));
    }
  }

 private:
  std::optional<Xapian::docid> indexed(const std::string& id) {
    const std::string term = id_term(id);
    auto it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return std::nullopt;
    return *it;
  }

  /// Takes out what the indexed version of a record added to the spelling and meeting titles.
  void forget(Xapian::docid docid) {
    const Record old = codec_.decode_record(db_.get_document(docid).get_data());
    count(old, -1);
    if (old.type == RecordType::meeting) {
      db_.set_metadata(kMeetingTitleKeyPrefix + old.id, "");
      db_.set_metadata(kMeetingLabelKeyPrefix + old.id, "");
    }
  }

  void count(const Record& record, long long sign) {
    std::unordered_map<std::string, Xapian::termcount> words;
    count_words(record, words);
    for (const auto& [word, n] : words) spelling_[word] += sign * static_cast<long long>(n);
  }

  Xapian::WritableDatabase& db_;
  /// Changed records are stored against the dictionary the index was built with.
  const RecordCodec codec_;
  std::unordered_map<std::string, long long> spelling_;
};

/// Applies `update` to the copy of the live version at `dir`, counting what it does in `summary`.
/// \throws IndexError when the result does not hold the documents it should.
void apply_update(const IndexUpdate& update, const Gazetteer& gazetteer, const fs::path& dir,
                  UpdateSummary& summary) {
  Xapian::WritableDatabase db(dir.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
  const int before = static_cast<int>(db.get_doccount());
  DocumentChanges changes(db);
  for (const auto& id : update.remove_ids) changes.remove(id, summary);
  Xapian::TermGenerator generator = make_term_generator();
  for (const Record& record : update.records) changes.put(record, gazetteer, generator, summary);
  changes.write_spelling();
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

/// Copies the live version `live` of `target` to `dir`, where the update is written: the live
/// version stays as it is for its readers.
/// \throws IndexError when it cannot be copied (nothing is left at `dir`).
void copy_live_version(const std::string& live, const fs::path& dir, const IndexTarget& target) {
  const int error = copy_database(live, dir);
  if (!error) return;
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (out_of_space(error))
    throw IndexError("cannot update the index: the disk is full (" +
                     std::string(std::strerror(error)) + ") while copying it to " + dir.string() +
                     "; the index at " + target.path() +
                     " is unchanged and still searchable. An update needs room for a copy "
                     "of the index (" +
                     size_text(tree_bytes(live)) +
                     "): free some space, or choose a --db on another disk, and run "
                     "r2p-index again");
  throw IndexError("cannot copy the index to " + dir.string() + ": " + std::strerror(error) +
                   "; the index at " + target.path() +
                   " is unchanged; check permissions and run r2p-index again");
}

/// The error of an update that Xapian could not write at `dir`.
IndexError update_failure(const Xapian::Error& e, const fs::path& dir, const IndexTarget& target) {
  const std::string description = e.get_description();
  const bool full = std::any_of(std::begin(kOutOfSpace), std::end(kOutOfSpace), [&](int error) {
    return description.find(std::strerror(error)) != std::string::npos;
  });
  return IndexError("cannot update the index" +
                    std::string(full ? ": the disk is full, writing " : " in ") + dir.string() +
                    ": " + description + "; the index at " + target.path() +
                    " is unchanged and still searchable: free some space (or check "
                    "permissions) and run r2p-index again");
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
    copy_live_version(live, dir, target);
    apply_update(update, gazetteer, dir, summary);
    sync_tree(dir);
  } catch (const Xapian::Error& e) {
    fs::remove_all(dir, ec);
    throw update_failure(e, dir, target);
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
