// Entity pages: everything is read back from the index's stored records, so pages agree with
// what search shows.
#include "search/entities.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/closest.h"
#include "core/error.h"
#include "core/icu_names.h"
#include "core/meeting_label.h"
#include "core/schema.h"
#include "core/text.h"
#include "search/entity_names.h"
#include "search/entity_refs.h"
#include "search/names.h"
#include "search/request.h"

namespace r2p {
namespace {

std::size_t role_rank(const std::string& role) {
  const auto& roles = involvement_roles();
  return static_cast<std::size_t>(std::find(roles.begin(), roles.end(), role) - roles.begin());
}

}  // namespace

RecordPage record_page(const std::string& id, Index& index) {
  // Suggestions compare the id with every id in the index, so a huge one would take very long.
  if (id.size() > kMaxFilterValueBytes)
    throw UsageError("a record id is " + std::to_string(id.size()) +
                     " bytes long; ids are at most " + std::to_string(kMaxFilterValueBytes) +
                     " bytes");
  auto record = index.record(id);
  // Ids are lowercase slugs; accept any case, as --dossier and --meeting do.
  if (!record) record = index.record(fold(id));
  if (!record) {
    std::vector<Suggestion> ids;
    Xapian::Database& db = index.database();
    const std::string prefix = field_spec(Field::id).prefix;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      std::string known = (*it).substr(prefix.size());
      ids.push_back({known, {known}});
    }
    std::string hint;
    for (const std::string& known : closest(fold(id), ids))
      hint += (hint.empty() ? "" : ", ") + ("'" + known + "'");
    throw UsageError("no record has the id '" + id + "'" +
                     (hint.empty() ? "" : "; closest ids: " + hint) +
                     "; search for it first: the ids are in the hits");
  }
  const AliasTable& aliases = index.aliases();
  RecordPage page;
  page.record = *record;
  const Record& r = page.record;
  page.source = source_label(r.source_document, r.source);
  auto country = [&](const std::string& c) { return country_ref(c); };
  auto organisation = [&](const std::string& o) { return organisation_ref(o, aliases); };
  page.countries = labelled(r.countries, country);
  page.meetings = labelled(r.meetings, [&](const std::string& m) { return meeting_ref(m, index); });
  std::vector<std::string> organisations;
  for (const auto& id : r.organisations)
    if (const Organisation* org = aliases.organisation(id); !org || !org->term)
      organisations.push_back(id);
  page.organisations = labelled(organisations, organisation);
  page.regions = labelled(r.regions, region_ref);
  page.host_countries = labelled(r.host_countries, country);
  page.host_organisations = labelled(r.host_organisations, organisation);
  page.input_countries = labelled(r.input_countries, country);
  page.input_organisations = labelled(r.input_organisations, organisation);
  page.drafted_by = labelled(r.drafted_by, organisation);
  if (!r.venue_country.empty()) page.venue_country = country(r.venue_country);
  if (!r.people.empty()) {
    const std::vector<Record> people = index.records_of_type(RecordType::person);
    for (const auto& person : r.people) {
      const auto named = std::find_if(people.begin(), people.end(), [&](const Record& p) {
        return person_has_name(p, person.name);
      });
      page.people_ids.push_back(named == people.end() ? "" : named->id);
    }
  }
  return page;
}

const char* to_string(DossierTarget::Kind kind) {
  switch (kind) {
    case DossierTarget::Kind::country:
      return "country";
    case DossierTarget::Kind::meeting:
      return "meeting";
    case DossierTarget::Kind::organisation:
      return "organisation";
    case DossierTarget::Kind::person:
      return "person";
  }
  return "country";
}

namespace {

[[noreturn]] void refuse_unknown_target(const std::string& text, Index& index) {
  std::string countries;
  for (const auto& c : index.gazetteer().closest_countries(text))
    countries += (countries.empty() ? "" : ", ") + ("'" + c + "'");
  std::string meetings;
  const auto ids = index.meeting_ids();
  for (std::size_t i = 0; i < ids.size() && i < 10; ++i)
    meetings += (meetings.empty() ? "" : ", ") + ids[i];
  if (ids.size() > 10) meetings += ", … (" + std::to_string(ids.size()) + " in all)";
  std::string entities;
  for (const auto& name : closest_entities(text, index))
    entities += (entities.empty() ? "" : ", ") + ("'" + name + "'");
  throw UsageError("no country, meeting, organisation or person called '" + text +
                   "'; closest countries: " + countries + "; meetings: " + meetings +
                   "; closest organisations and people: " + entities);
}

}  // namespace

DossierTarget resolve_dossier_target(const std::string& text, Index& index) {
  using Kind = DossierTarget::Kind;
  if (text.size() > kMaxFilterValueBytes)
    throw UsageError("a --dossier name is " + std::to_string(text.size()) +
                     " bytes long; the limit is " + std::to_string(kMaxFilterValueBytes) +
                     " bytes");
  const EntityMatches named = entities_named(text, index);
  // An organisation's acronym may also be a region code to ICU ("EU", "UN"): only an ISO 3166-1
  // country competes with a full match.
  if (!named.exact.empty()) {
    std::vector<DossierTarget> candidates;
    if (auto code = iso_country_named(text, index)) candidates.push_back({Kind::country, *code});
    candidates.insert(candidates.end(), named.exact.begin(), named.exact.end());
    if (candidates.size() > 1) refuse_several_targets(text, candidates, index);
    return candidates.front();
  }
  if (auto code = country_named(text, "--dossier", index)) return {Kind::country, *code};
  if (named.by_surname.empty()) {
    if (auto meeting = meeting_named(text, "--dossier", index)) return {Kind::meeting, *meeting};
    refuse_unknown_target(text, index);
  }
  // A surname and meeting words are both partial fits: one of them, or the candidates.
  std::vector<DossierTarget> candidates;
  for (const auto& id : meetings_named(text, index)) candidates.push_back({Kind::meeting, id});
  candidates.insert(candidates.end(), named.by_surname.begin(), named.by_surname.end());
  if (candidates.size() > 1) refuse_several_targets(text, candidates, index);
  return candidates.front();
}

CountryDossier country_dossier(const std::string& alpha2, Index& index) {
  const std::optional<Country> country = icu_country(alpha2);
  if (!country) throw UsageError("unknown country code '" + alpha2 + "'");
  CountryDossier d;
  d.alpha2 = country->alpha2;
  d.alpha3 = country->alpha3;
  d.numeric = country->numeric;
  d.name = english_name(alpha2);
  for (const auto& language : un_languages())
    if (auto it = country->names.find(language); it != country->names.end())
      d.names.push_back({language, it->second});
  if (!country->continent.empty()) d.continent = region_ref(country->continent);
  if (!country->subregion.empty()) d.subregion = region_ref(country->subregion);

  std::vector<Record> others;
  for (auto& record : records_with_term(filter_term(Field::country, alpha2), index)) {
    if (record.type == RecordType::country && record.country_code == alpha2 &&
        d.record_id.empty()) {
      d.record_id = record.id;
      d.status = record.status;
      d.status_date = record.status_date.iso();
      d.status_sentence = record.status_sentence;
      d.status_source = source_label(record.source_document, {record.status_paragraph});
      const SentenceOrganisations shared =
          record.involvement.empty() ? SentenceOrganisations{} : organisations_by_sentence(index);
      for (const auto& inv : record.involvement)
        d.timeline.push_back(timeline_entry(inv, record.source_document, shared, "", index));
    } else {
      others.push_back(std::move(record));
    }
  }
  sort_timeline(d.timeline);
  d.mentioned_in = chronological_refs(std::move(others));
  return d;
}

MeetingPage meeting_page(const std::string& meeting_id, Index& index) {
  MeetingPage m;
  m.page = record_page(meeting_id, index);
  const Record& meeting = m.page.record;
  if (meeting.type != RecordType::meeting)
    throw UsageError("'" + meeting_id + "' is a " + to_string(meeting.type) +
                     " record, not a meeting; use --show " + meeting_id);
  // Only the venue's regions: icu_country() would load all of ICU's region data for them.
  if (!meeting.venue_country.empty()) {
    const ContainingRegions venue = containing_regions(meeting.venue_country);
    if (!venue.continent.empty()) m.venue_regions.push_back(region_ref(venue.continent));
    if (!venue.subregion.empty()) m.venue_regions.push_back(region_ref(venue.subregion));
  }

  std::set<std::string> with_role;
  for (const auto& record : records_with_term(filter_term(Field::meeting, meeting.id), index)) {
    if (record.type == RecordType::country) {
      for (const auto& inv : record.involvement) {
        if (inv.meeting != meeting.id) continue;
        MeetingRole role{country_ref(record.country_code), inv.role, role_label(inv.role),
                         inv.sentence};
        with_role.insert(record.country_code);
        if (inv.role.rfind("announced-", 0) == 0) m.announcements.push_back(role);
        m.roles.push_back(role);
      }
    } else if (record.type == RecordType::recommendation) {
      m.recommendations.push_back(ref_of(record));
    } else if (record.type == RecordType::document) {
      m.documents.push_back(ref_of(record));
    }
  }
  for (const auto& code : meeting.countries)
    if (!with_role.count(code))
      m.roles.push_back({country_ref(code), "mentioned", role_label("mentioned"), ""});
  auto by_role_then_label = [](const MeetingRole& a, const MeetingRole& b) {
    if (role_rank(a.role) != role_rank(b.role)) return role_rank(a.role) < role_rank(b.role);
    return a.country.label < b.country.label;
  };
  std::stable_sort(m.roles.begin(), m.roles.end(), by_role_then_label);
  std::stable_sort(m.announcements.begin(), m.announcements.end(), by_role_then_label);
  return m;
}

Matrix role_matrix(const MatrixRequest& request, Index& index) {
  const Gazetteer& g = index.gazetteer();
  Matrix matrix;
  matrix.column_kind = request.columns == MatrixColumns::meeting ? "meeting" : "year";

  auto year_wanted = [&](int year) {
    return !request.years ||
           std::find(request.years->begin(), request.years->end(), year) != request.years->end();
  };

  std::vector<Record> meetings = index.records_of_type(RecordType::meeting);
  std::sort(meetings.begin(), meetings.end(), by_date_then_id);
  std::vector<int> years;
  if (request.columns == MatrixColumns::meeting) {
    std::vector<Record> kept;
    for (auto& meeting : meetings) {
      if (!year_wanted(meeting.date.year)) continue;
      matrix.columns.push_back({meeting.id, meeting.title});
      matrix.column_short_labels.push_back(meeting_short_label(meeting));
      kept.push_back(std::move(meeting));
    }
    meetings = std::move(kept);
  } else {
    for (int year : index.years()) {
      if (!year_wanted(year)) continue;
      years.push_back(year);
      matrix.columns.push_back({std::to_string(year), std::to_string(year)});
    }
  }

  // Years in which each country is tied to a record other than its own, for "mentioned".
  std::map<std::string, std::set<int>> tied_years;
  for (RecordType type : {RecordType::meeting, RecordType::recommendation})
    for (const auto& record : index.records_of_type(type))
      for (const auto& code : record.countries)
        for (int year : record_years(record)) tied_years[code].insert(year);

  std::vector<Record> countries = index.records_of_type(RecordType::country);
  std::vector<std::pair<Labelled, const Record*>> rows;
  for (const auto& record : countries) {
    const Country* country = g.country(record.country_code);
    if (!request.regions.empty() &&
        (!country ||
         std::none_of(request.regions.begin(), request.regions.end(), [&](const std::string& r) {
           return r == country->continent || r == country->subregion;
         })))
      continue;
    if (!request.statuses.empty() && std::find(request.statuses.begin(), request.statuses.end(),
                                               record.status) == request.statuses.end())
      continue;
    rows.push_back({country_ref(record.country_code), &record});
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first.label < b.first.label; });

  for (const auto& [label, record] : rows) {
    matrix.rows.push_back(label);
    std::vector<std::vector<std::string>> row(matrix.columns.size());
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      auto& cell = row[c];
      for (const auto& inv : record->involvement) {
        const bool here = request.columns == MatrixColumns::meeting
                              ? inv.meeting == meetings[c].id
                              : (!inv.date.empty() && inv.date.year == years[c]);
        if (here && std::find(cell.begin(), cell.end(), inv.role) == cell.end())
          cell.push_back(inv.role);
      }
      if (!cell.empty()) continue;
      const bool mentioned =
          request.columns == MatrixColumns::meeting
              ? std::find(meetings[c].countries.begin(), meetings[c].countries.end(),
                          record->country_code) != meetings[c].countries.end()
              : tied_years[record->country_code].count(years[c]) > 0;
      if (mentioned) cell.push_back("mentioned");
    }
    matrix.cells.push_back(std::move(row));
  }
  return matrix;
}

}  // namespace r2p
