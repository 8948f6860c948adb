// Organisation and person dossiers, built from the records the index stores.
#include "search/entity_dossier.h"

#include <algorithm>
#include <set>
#include <utility>

#include "core/error.h"
#include "core/schema.h"
#include "search/entity_refs.h"

namespace r2p {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

/// The roles of `record` as a timeline, with the other organisations that share each sentence.
std::vector<TimelineEntry> timeline_of(const Record& record, const std::string& self,
                                       Index& index) {
  std::vector<TimelineEntry> timeline;
  if (record.involvement.empty()) return timeline;
  const SentenceOrganisations shared = organisations_by_sentence(index);
  for (const auto& inv : record.involvement)
    timeline.push_back(timeline_entry(inv, record.source_document, shared, self, index));
  sort_timeline(timeline);
  return timeline;
}

}  // namespace

EntityDossier organisation_dossier(const std::string& id, Index& index) {
  const AliasTable& aliases = index.aliases();
  const Organisation* org = aliases.organisation(id);
  if (!org || org->term) throw UsageError("no organisation has the id '" + id + "'");
  EntityDossier d;
  d.kind = to_string(RecordType::organisation);
  d.id = org->id;
  d.name = org->name;
  d.acronyms = org->acronyms;
  d.other_names = org->variants;

  std::vector<Record> others;
  for (auto& record : records_with_term(filter_term(Field::organisation, org->id), index)) {
    if (record.type == RecordType::organisation && record.id == org->id && d.record_id.empty()) {
      d.record_id = record.id;
      d.timeline = timeline_of(record, org->id, index);
      d.countries = labelled(record.countries, country_ref);
      continue;
    }
    if (record.type == RecordType::person && contains(record.organisations, org->id))
      d.people.push_back({record.id, record.title});
    others.push_back(std::move(record));
  }
  std::stable_sort(d.people.begin(), d.people.end(),
                   [](const Labelled& a, const Labelled& b) { return a.label < b.label; });
  d.mentioned_in = chronological_refs(std::move(others));
  return d;
}

EntityDossier person_dossier(const std::string& id, Index& index) {
  const std::optional<Record> found = index.record(id);
  if (!found || found->type != RecordType::person)
    throw UsageError("no person record has the id '" + id + "'");
  const Record& person = *found;
  const AliasTable& aliases = index.aliases();
  EntityDossier d;
  d.kind = to_string(RecordType::person);
  d.id = person.id;
  d.name = person.title;
  d.written_name = person.name;
  d.position = person.position;
  d.organisations = labelled(person.organisations,
                             [&](const std::string& o) { return organisation_ref(o, aliases); });
  d.record_id = person.id;
  d.timeline = timeline_of(person, "", index);
  d.countries = labelled(person.countries, country_ref);

  // Meetings list the people they name; the person's own roles name meetings too.
  std::vector<Record> others;
  std::set<std::string> seen = {person.id};
  for (auto& meeting : index.records_of_type(RecordType::meeting)) {
    const bool named =
        std::any_of(meeting.people.begin(), meeting.people.end(),
                    [&](const Person& p) { return person_has_name(person, p.name); });
    if ((named || contains(person.meetings, meeting.id)) && seen.insert(meeting.id).second)
      others.push_back(std::move(meeting));
  }
  d.mentioned_in = chronological_refs(std::move(others));
  return d;
}

}  // namespace r2p
