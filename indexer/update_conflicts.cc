// The checks that span records, asked of the index: each record an update reads is looked up by
// its id, country and meeting references in the index's terms, and each meeting it takes away by
// the documents that name it. The index held no such problem before (every build and update is
// checked), so a problem can only involve a record read or a record replaced.
#include "indexer/update_conflicts.h"

#include <set>
#include <string>

#include "core/schema.h"

namespace r2p {
namespace {

/// The ids of `keys`.
std::set<std::string> ids_of(const std::vector<RecordKey>& keys) {
  std::set<std::string> ids;
  for (const auto& key : keys) ids.insert(key.id);
  return ids;
}

bool has_term(const Xapian::Database& db, const std::string& term) {
  return db.postlist_begin(term) != db.postlist_end(term);
}

/// Whether some document with `term` is not one of the `replaced` ids: one the update keeps.
bool kept_document_with(const Xapian::Database& db, const std::string& term,
                        const std::set<std::string>& replaced) {
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
    if (!replaced.count(db.get_document(*it, Xapian::DOC_ASSUME_VALID).get_value(kSlotId)))
      return true;
  return false;
}

/// Whether some document has both terms and is not one of the `replaced` ids.
bool kept_document_with_both(const Xapian::Database& db, const std::string& rare,
                             const std::string& other, const std::set<std::string>& replaced) {
  auto with_other = db.postlist_begin(other);
  for (auto it = db.postlist_begin(rare); it != db.postlist_end(rare); ++it) {
    with_other.skip_to(*it);
    if (with_other == db.postlist_end(other)) return false;
    if (*with_other == *it &&
        !replaced.count(db.get_document(*it, Xapian::DOC_ASSUME_VALID).get_value(kSlotId)))
      return true;
  }
  return false;
}

/// Whether the meeting `id`, which a record read refers to, may be undefined after the update.
bool meeting_may_be_missing(const Xapian::Database& db, const std::string& id,
                            const std::set<std::string>& read_meetings,
                            const std::set<std::string>& replaced) {
  if (read_meetings.count(id)) return false;
  if (replaced.count(id)) return true;  // replaced, and not by a meeting read
  return !kept_document_with_both(db, id_term(id), filter_term(Field::type, "meeting"), replaced);
}

/// Whether a record read may clash with or miss a record the update keeps.
bool read_key_may_conflict(const Xapian::Database& db, const RecordKey& key,
                           const std::set<std::string>& read_meetings,
                           const std::set<std::string>& replaced) {
  if (!replaced.count(key.id) && has_term(db, id_term(key.id))) return true;
  if (key.type == RecordType::country && !key.country_code.empty() &&
      kept_document_with_both(db, filter_term(Field::type, "country"),
                              filter_term(Field::country, key.country_code), replaced))
    return true;
  for (const auto& [field, meeting] : key.meeting_refs)
    if (!meeting.empty() && meeting_may_be_missing(db, meeting, read_meetings, replaced))
      return true;
  return false;
}

}  // namespace

bool update_may_conflict(const Xapian::Database& db, const std::vector<RecordKey>& read,
                         const std::vector<RecordKey>& replaced) {
  const std::set<std::string> replaced_ids = ids_of(replaced);
  std::set<std::string> read_ids;
  std::set<std::string> read_meetings;
  for (const auto& key : read) {
    if (!read_ids.insert(key.id).second) return true;  // an id twice among the records read
    if (key.type == RecordType::meeting) read_meetings.insert(key.id);
  }
  // An index left with no record at all is a problem of its own.
  if (read.empty() && replaced_ids.size() >= db.get_doccount()) return true;
  for (const auto& key : read)
    if (read_key_may_conflict(db, key, read_meetings, replaced_ids)) return true;
  // A meeting taken away may still be named by a record the update keeps.
  for (const auto& key : replaced)
    if (key.type == RecordType::meeting && !read_meetings.count(key.id) &&
        kept_document_with(db, filter_term(Field::meeting, key.id), replaced_ids))
      return true;
  return false;
}

}  // namespace r2p
