// DocumentChanges: an update's documents written into the databases of an open index.
#include "indexer/document_changes.h"

#include <cstdint>

#include "core/meeting_label.h"
#include "indexer/document_builder.h"

namespace r2p {

unsigned shard_of(const std::string& id, unsigned shards) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : id) hash = (hash ^ c) * 1099511628211ull;
  return static_cast<unsigned>(hash % shards);
}

DocumentChanges::DocumentChanges(std::vector<Xapian::WritableDatabase*> shards,
                                 Xapian::WritableDatabase& metadata)
    : shards_(std::move(shards)),
      metadata_(metadata),
      codec_(metadata.get_metadata(kRecordDictionaryKey)),
      changed_(shards_.size()) {}

void DocumentChanges::remove(const std::string& id, UpdateSummary& summary) {
  if (auto place = indexed(id)) {
    forget(*place);
    shards_[place->shard]->delete_document(place->docid);
    changed_[place->shard][place->docid] = {};
    ++summary.removed;
  }
}

PreparedDocument DocumentChanges::prepare(const Record& record, const Gazetteer& gazetteer,
                                          Xapian::TermGenerator& generator) const {
  PreparedDocument prepared;
  prepared.doc = build_document(record, gazetteer, generator, codec_);
  prepared.json = codec_.decode(prepared.doc.get_data());
  count_words(record, prepared.words);
  return prepared;
}

void DocumentChanges::put(const Record& record, const PreparedDocument& prepared,
                          UpdateSummary& summary) {
  const Xapian::Document& doc = prepared.doc;
  const auto place = indexed(record.id);
  if (place) {
    Xapian::WritableDatabase& db = *shards_[place->shard];
    // The same record (compared as JSON: compressed bytes may differ between zstd versions)
    // makes the same document: leave it.
    if (codec_.decode(db.get_document(place->docid).get_data()) == prepared.json) return;
    forget(*place);
    // Deleted and added under a new id rather than replaced: a replacement compares each of the
    // document's position lists with the stored one, a read of a random block of the position
    // table (which is ordered by term) per term, where an addition's lists are written in term
    // order with the others at commit. 500 changed records of 4,000: 102,000 reads and 7 s
    // replaced. Nothing depends on document ids (hits of equal weight are ordered by date and
    // id), and an added record gets a new one anyway.
    db.delete_document(place->docid);
    changed_[place->shard][place->docid] = {};
    changed_[place->shard][db.add_document(doc)] = facet_values(record);
    ++summary.changed;
  } else {
    const unsigned shard = shard_of(record.id, static_cast<unsigned>(shards_.size()));
    changed_[shard][shards_[shard]->add_document(doc)] = facet_values(record);
    ++summary.added;
  }
  count(prepared.words, +1);
  if (record.type == RecordType::meeting) {
    metadata_.set_metadata(kMeetingTitleKeyPrefix + record.id, record.title);
    metadata_.set_metadata(kMeetingLabelKeyPrefix + record.id, meeting_short_label(record));
  }
}

void DocumentChanges::write_spelling() {
  for (const auto& [word, n] : spelling_) {
    if (n > 0) metadata_.add_spelling(word, static_cast<Xapian::termcount>(n));
    if (n < 0) metadata_.remove_spelling(word, static_cast<Xapian::termcount>(-n));
  }
}

std::optional<DocumentChanges::Place> DocumentChanges::indexed(const std::string& id) const {
  const std::string term = id_term(id);
  for (unsigned s = 0; s < shards_.size(); ++s) {
    auto it = shards_[s]->postlist_begin(term);
    if (it != shards_[s]->postlist_end(term)) return Place{s, *it};
  }
  return std::nullopt;
}

/// Takes out what the indexed version of a record added to the spelling and meeting titles.
void DocumentChanges::forget(const Place& place) {
  const Record old =
      codec_.decode_record(shards_[place.shard]->get_document(place.docid).get_data());
  std::unordered_map<std::string, Xapian::termcount> words;
  count_words(old, words);
  count(words, -1);
  if (old.type == RecordType::meeting) {
    metadata_.set_metadata(kMeetingTitleKeyPrefix + old.id, "");
    metadata_.set_metadata(kMeetingLabelKeyPrefix + old.id, "");
  }
}

void DocumentChanges::count(const std::unordered_map<std::string, Xapian::termcount>& words,
                            long long sign) {
  for (const auto& [word, n] : words) spelling_[word] += sign * static_cast<long long>(n);
}

}  // namespace r2p
