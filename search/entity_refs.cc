// Labels, record references, timelines and joins shared by the entity pages.
#include "search/entity_refs.h"

#include <set>

#include "core/schema.h"
#include "core/text.h"

namespace r2p {

Labelled country_ref(const std::string& code) {
  return {code, english_name(code)};
}

Labelled meeting_ref(const std::string& id, Index& index) {
  return {id, index.meeting_title(id).value_or(id)};
}

Labelled organisation_ref(const std::string& id, const AliasTable& aliases) {
  const Organisation* org = aliases.organisation(id);
  return {id, org ? org->name : id};
}

Labelled region_ref(const std::string& code) {
  return {code, english_name(code)};
}

RecordRef ref_of(const Record& r) {
  return {r.id, to_string(r.type), r.title, record_sort_date(r).iso()};
}

std::vector<Record> records_with_term(const std::string& term, Index& index) {
  std::vector<Record> out;
  Xapian::Database& db = index.database();
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it)
    out.push_back(index.stored_record(record_data(db.get_document(*it))));
  return out;
}

bool by_date_then_id(const Record& a, const Record& b) {
  const int ka = record_sort_date(a).sort_key(), kb = record_sort_date(b).sort_key();
  if (ka != kb) return ka < kb;
  return a.id < b.id;
}

std::vector<RecordRef> chronological_refs(std::vector<Record> records) {
  std::sort(records.begin(), records.end(), by_date_then_id);
  sort_chronologically(records, [](const Record& r) { return record_sort_date(r).sort_key(); });
  std::vector<RecordRef> refs;
  for (const auto& r : records) refs.push_back(ref_of(r));
  return refs;
}

SentenceOrganisations organisations_by_sentence(Index& index) {
  SentenceOrganisations out;
  const AliasTable& aliases = index.aliases();
  for (const auto& record : index.records_of_type(RecordType::organisation)) {
    for (const auto& inv : record.involvement) {
      if (inv.sentence.empty()) continue;
      auto& list = out[inv.sentence];
      const bool listed = std::any_of(list.begin(), list.end(),
                                      [&](const Labelled& l) { return l.id == record.id; });
      if (!listed) list.push_back(organisation_ref(record.id, aliases));
    }
  }
  return out;
}

TimelineEntry timeline_entry(const Involvement& inv, const std::string& document,
                             const SentenceOrganisations& shared, const std::string& self,
                             Index& index) {
  TimelineEntry entry;
  entry.date = inv.date.iso();
  if (!inv.meeting.empty()) entry.meeting = meeting_ref(inv.meeting, index);
  entry.role = inv.role;
  entry.role_label = role_label(inv.role);
  entry.sentence = inv.sentence;
  entry.source = source_label(document, {inv.paragraph});
  if (const auto it = shared.find(inv.sentence); it != shared.end())
    for (const auto& org : it->second)
      if (org.id != self) entry.organisations.push_back(org);
  return entry;
}

void sort_timeline(std::vector<TimelineEntry>& timeline) {
  sort_chronologically(timeline, [](const TimelineEntry& e) {
    auto date = parse_partial_date(e.date);
    return date ? date->sort_key() : 0;
  });
}

std::string person_name_key(const std::string& name) {
  static const std::set<std::string> titles = {"mr",   "mrs",  "ms",        "miss",      "mx",
                                               "dr",   "prof", "professor", "sir",       "dame",
                                               "lord", "lady", "madam",     "ambassador"};
  std::vector<std::string> words = fold_words(name);
  std::size_t first = 0;
  for (;;) {
    const std::size_t left = words.size() - first;
    if (left > 1 && titles.count(words[first])) {
      first += 1;
    } else if (left > 2 && words[first] == "h" && words[first + 1] == "e") {  // "H.E."
      first += 2;
    } else {
      break;
    }
  }
  std::string key;
  for (std::size_t i = first; i < words.size(); ++i) key += (key.empty() ? "" : " ") + words[i];
  return key;
}

bool person_has_name(const Record& person, const std::string& name) {
  const std::string key = person_name_key(name);
  if (key.empty()) return false;
  for (const std::string* own : {&person.name, &person.title})
    if (!own->empty() && person_name_key(*own) == key) return true;
  return false;
}

}  // namespace r2p
