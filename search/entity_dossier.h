// Organisation and person dossiers: who they are, every role the corpus gives them (where, when,
// the sentence and its source), who represents an organisation, the countries named with them,
// and the other records tied to them — read back from the index like every entity page.
#pragma once

#include <string>
#include <vector>

#include "search/entities.h"
#include "search/index.h"

namespace r2p {

struct EntityDossier {
  std::string kind;  ///< "organisation" or "person"
  std::string id;    ///< organisation id (its record's id) or person record id
  std::string name;  ///< the alias table's full name, or the person record's title

  // Organisation.
  std::vector<std::string> acronyms;
  std::vector<std::string> other_names;  ///< the alias table's other spellings
  std::vector<Labelled> people;          ///< person records that represent it, by name

  // Person.
  std::string written_name;             ///< the name as the page writes it
  std::string position;                 ///< "UN Special Adviser for the Prevention of Genocide"
  std::vector<Labelled> organisations;  ///< the organisations the person represents

  std::string record_id;                ///< "" when the corpus has no record for it
  std::vector<TimelineEntry> timeline;  ///< chronological, undated last
  std::vector<Labelled> countries;      ///< countries its role sentences name (record ties)
  /// Organisation: every other record tied to it. Person: every record that names the person
  /// among its people, and the meetings it had a role at. By date, undated last.
  std::vector<RecordRef> mentioned_in;
};

/// The dossier of the organisation `id` (an alias-table organisation, not a term).
/// \throws UsageError when the alias table has no such organisation.
EntityDossier organisation_dossier(const std::string& id, Index& index);

/// The dossier of the person whose record is `id`.
/// \throws UsageError when there is no such person record.
EntityDossier person_dossier(const std::string& id, Index& index);

}  // namespace r2p
