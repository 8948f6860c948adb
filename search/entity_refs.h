// What the entity pages share: the labels users read for ids, records as dated references, dated
// roles in chronological order, and the joins between pages (organisations that share a role's
// sentence, person records by name).
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/gazetteer.h"
#include "core/record.h"
#include "search/entities.h"
#include "search/index.h"

namespace r2p {

/// A country by its alpha-2 code, labelled with the English name shown everywhere.
Labelled country_ref(const std::string& code);
/// A meeting by id, labelled with its title (the id when the index has no such meeting).
Labelled meeting_ref(const std::string& id, Index& index);
/// An organisation by id, labelled with the alias table's name (the id when it has none). Pages
/// label ties from the index's alias table, not from a Gazetteer: building one folds every
/// country name in six languages, most of a one-shot search's time.
Labelled organisation_ref(const std::string& id, const AliasTable& aliases);
/// A UN M.49 region by code, labelled with ICU's English name.
Labelled region_ref(const std::string& code);

template <typename F>
std::vector<Labelled> labelled(const std::vector<std::string>& ids, F label) {
  std::vector<Labelled> out;
  for (const auto& id : ids) out.push_back(label(id));
  return out;
}

/// `record` as a line in a list of related records.
RecordRef ref_of(const Record& record);

/// Records tied to a filter term, in index order.
std::vector<Record> records_with_term(const std::string& term, Index& index);

/// By record_sort_date, then id.
bool by_date_then_id(const Record& a, const Record& b);

/// Undated entries (key 0) last; otherwise by date, keeping the given order for ties.
template <typename T, typename DateOf>
void sort_chronologically(std::vector<T>& items, DateOf date_of) {
  std::stable_sort(items.begin(), items.end(), [&](const T& a, const T& b) {
    const int ka = date_of(a), kb = date_of(b);
    if ((ka == 0) != (kb == 0)) return kb == 0;
    return ka < kb;
  });
}

/// `records` as references in date order, undated last (a dossier's "mentioned in").
std::vector<RecordRef> chronological_refs(std::vector<Record> records);

/// Sentence -> the organisations whose records hold a role stated by exactly that sentence, in
/// index order: who else a dated role was shared with.
using SentenceOrganisations = std::map<std::string, std::vector<Labelled>>;
SentenceOrganisations organisations_by_sentence(Index& index);

/// One role of a record (from `document`, the record's source document) as a timeline entry,
/// with the organisations that share its sentence other than `self` (an organisation id, or "").
TimelineEntry timeline_entry(const Involvement& involvement, const std::string& document,
                             const SentenceOrganisations& shared, const std::string& self,
                             Index& index);

/// Chronological, undated last, corpus order kept for ties.
void sort_timeline(std::vector<TimelineEntry>& timeline);

/// The key a person's name is looked up by: name_key() without a leading courtesy title ("Mr.
/// Adama Dieng", "H.E. Adama Dieng" and "adama dieng" share "adama dieng").
std::string person_name_key(const std::string& name);

/// True when person record `person` has the name `name` (its name or title, titles aside).
bool person_has_name(const Record& person, const std::string& name);

}  // namespace r2p
