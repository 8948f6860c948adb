// Resolving organisation and person names against the index's alias table and person records.
#include "search/entity_names.h"

#include <algorithm>
#include <utility>

#include "core/closest.h"
#include "core/error.h"
#include "core/gazetteer.h"
#include "core/iso_codes.h"
#include "core/text.h"
#include "search/entity_refs.h"
#include "search/names.h"

namespace r2p {
namespace {

/// The last word of a person's name, titles aside ("dieng").
std::string surname_key(const Record& person) {
  const std::string key = person_name_key(person.name.empty() ? person.title : person.name);
  const auto space = key.rfind(' ');
  return space == std::string::npos ? key : key.substr(space + 1);
}

bool contains(const std::vector<DossierTarget>& targets, const std::string& id) {
  return std::any_of(targets.begin(), targets.end(),
                     [&](const DossierTarget& t) { return t.id == id; });
}

/// "organisation 'eu' (European Union)", "country CA (Canada)".
std::string describe(const DossierTarget& target, Index& index) {
  std::string label;
  switch (target.kind) {
    case DossierTarget::Kind::country:
      return "country " + target.id + " (" + english_name(target.id) + ")";
    case DossierTarget::Kind::meeting:
      label = index.meeting_title(target.id).value_or(target.id);
      break;
    case DossierTarget::Kind::organisation:
      label = organisation_ref(target.id, index.aliases()).label;
      break;
    case DossierTarget::Kind::person: {
      const auto record = index.record(target.id);
      label = record ? record->title : target.id;
      break;
    }
  }
  return std::string(to_string(target.kind)) + " '" + target.id + "' (" + label + ")";
}

}  // namespace

EntityMatches entities_named(const std::string& text, Index& index) {
  EntityMatches matches;
  if (name_key(text).empty()) return matches;
  for (const auto& id : organisations_named(text, index.aliases()))
    matches.exact.push_back({DossierTarget::Kind::organisation, id});
  const std::string person_key = person_name_key(text);
  const bool one_word = person_key.find(' ') == std::string::npos;
  for (const auto& person : index.records_of_type(RecordType::person)) {
    if (contains(matches.exact, person.id)) continue;
    if (fold(text) == person.id || person_has_name(person, text))
      matches.exact.push_back({DossierTarget::Kind::person, person.id});
    else if (one_word && surname_key(person) == person_key)
      matches.by_surname.push_back({DossierTarget::Kind::person, person.id});
  }
  return matches;
}

std::optional<std::string> iso_country_named(const std::string& text, Index& index) {
  const std::optional<std::string> code = index.gazetteer().resolve_country(text);
  if (!code) return std::nullopt;
  const std::string folded = fold(text);
  if (folded == fold(*code)) return code;
  if (const std::optional<Country> country = icu_country(*code);
      country && folded == fold(country->alpha3))
    return code;
  const std::string key = name_key(text);
  for (const IsoCountry& iso : iso_countries()) {
    if (iso.alpha2 != *code) continue;
    for (const std::string& name :
         {iso.name, iso.official_name, iso.common_name, display_name(iso)})
      if (!name.empty() && name_key(name) == key) return code;
  }
  return std::nullopt;
}

std::vector<std::string> closest_entities(const std::string& text, Index& index, std::size_t n) {
  auto keys = [](const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& name : names) out.push_back(name_key(name));
    return out;
  };
  std::vector<Suggestion> candidates;
  for (const Organisation& org : index.aliases().organisations)
    if (!org.term) candidates.push_back({org.name, keys(organisation_names(org))});
  for (const auto& person : index.records_of_type(RecordType::person))
    candidates.push_back({person.title, keys({person.title, person.name, surname_key(person)})});
  return closest(name_key(text), candidates, {n});
}

void refuse_several_targets(const std::string& text, const std::vector<DossierTarget>& candidates,
                            Index& index) {
  std::string listed, give;
  for (const auto& target : candidates) {
    listed += (listed.empty() ? "" : "; ") + describe(target, index);
    // A country by its name: its code may be what was ambiguous.
    const std::string name =
        target.kind == DossierTarget::Kind::country ? english_name(target.id) : target.id;
    give += (give.empty() ? "'" : ", '") + name + "'";
  }
  throw UsageError("--dossier '" + text + "' fits several: " + listed + "; give one of " + give);
}

}  // namespace r2p
