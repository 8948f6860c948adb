// Entity pages built from the index: one record in full, a country dossier, a meeting page, and
// the country × meeting / country × year role matrix. Roles come from the corpus's involvement
// data; a country tied to a record without a role there is "mentioned". Organisation and person
// dossiers are in search/entity_dossier.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/record.h"
#include "search/index.h"

namespace r2p {

/// An id with the label users read ("DK" / "Denmark", "accra-2013" / "Third meeting …").
struct Labelled {
  std::string id;
  std::string label;
};

/// A record as a line in a list of related records.
struct RecordRef {
  std::string id;
  std::string type;
  std::string title;
  std::string date;  ///< ISO partial date, "" when undated
};

/// One record with every tie resolved to a readable label.
struct RecordPage {
  Record record;
  std::string source;               ///< source document and paragraphs
  std::vector<Labelled> countries;  ///< ties
  std::vector<Labelled> meetings;
  std::vector<Labelled> organisations;
  std::vector<Labelled> regions;
  std::vector<Labelled> host_countries;
  std::vector<Labelled> host_organisations;
  std::vector<Labelled> input_countries;
  std::vector<Labelled> input_organisations;
  std::vector<Labelled> drafted_by;
  std::optional<Labelled> venue_country;
  /// For each of record.people, the id of the person record of that name ("" when none): the
  /// person's dossier.
  std::vector<std::string> people_ids;
};

/// A dated role of a country, organisation or person, with the sentence that states it.
struct TimelineEntry {
  std::string date;  ///< ISO partial date, "" when the page gives none
  std::optional<Labelled> meeting;
  std::string role;        ///< role id ("co-host")
  std::string role_label;  ///< "co-hosted"
  std::string sentence;
  std::string source;  ///< document and paragraph
  /// The (other) organisations with a role stated by the same sentence, in index order: Denmark
  /// co-hosted Accra with the Global Centre and the KAIPTC.
  std::vector<Labelled> organisations;
};

struct CountryDossier {
  std::string alpha2;
  std::string alpha3;
  std::string numeric;
  std::string name;  ///< the name users know it by (the corpus spelling when it has a record)
  std::vector<Labelled> names;  ///< language code -> name, in the six UN languages
  std::optional<Labelled> continent;
  std::optional<Labelled> subregion;
  std::string record_id;  ///< "" when the corpus has no record for the country
  std::string status;     ///< appointed / intention / ""
  std::string status_date;
  std::string status_sentence;
  std::string status_source;
  std::vector<TimelineEntry> timeline;  ///< chronological, undated last
  std::vector<RecordRef> mentioned_in;  ///< every other record tied to the country, by date
};

/// A country's part in a meeting.
struct MeetingRole {
  Labelled country;
  std::string role;
  std::string role_label;
  std::string sentence;  ///< "" for "mentioned"
};

struct MeetingPage {
  RecordPage page;
  std::vector<Labelled> venue_regions;     ///< continent and sub-region of the venue
  std::vector<MeetingRole> announcements;  ///< announced appointments and intentions
  std::vector<MeetingRole> roles;          ///< every country's role there (incl. mentioned)
  std::vector<RecordRef> recommendations;  ///< recommendation records tied to the meeting
  std::vector<RecordRef> documents;        ///< the user's documents tied to it (reports, notes)
};

enum class MatrixColumns { meeting, year };

struct MatrixRequest {
  MatrixColumns columns = MatrixColumns::meeting;
  std::vector<std::string> regions;       ///< M.49 codes; rows whose country is in any of them
  std::vector<std::string> statuses;      ///< appointed / intention
  std::optional<std::vector<int>> years;  ///< columns' years (meeting dates); nullopt = all
};

struct Matrix {
  std::string row_kind = "country";
  std::string column_kind;        ///< "meeting" or "year"
  std::vector<Labelled> rows;     ///< countries by label
  std::vector<Labelled> columns;  ///< meetings by date, or years ascending
  /// Each meeting column's short label ("Accra 2013 — third meeting"); empty for years.
  std::vector<std::string> column_short_labels;
  /// cells[row][column]: role ids, in involvement order, "mentioned" when tied without a role.
  std::vector<std::vector<std::vector<std::string>>> cells;
};

/// The record `id` with resolved links. \throws UsageError when there is no such record (with
/// the closest ids).
RecordPage record_page(const std::string& id, Index& index);

/// What --dossier NAME refers to.
struct DossierTarget {
  enum class Kind { country, meeting, organisation, person } kind;
  std::string id;  ///< alpha-2 code, meeting id, organisation id or person record id
};
/// "country", "meeting", "organisation" or "person": the "kind" of a dossier's JSON.
const char* to_string(DossierTarget::Kind kind);
/// Resolves, in this order: an organisation (id, name, acronym or other name) or a person (record
/// id, name with or without a courtesy title), unless the text is also an ISO 3166-1 country
/// (code or name), which makes it ambiguous; a country (any name, alias or code the gazetteer
/// knows); a meeting id, or words that identify exactly one meeting ("Accra"), or a person's
/// surname alone ("Dieng"). \throws UsageError when the text fits several (listing them) or none
/// (naming the closest countries, meetings, organisations and people).
DossierTarget resolve_dossier_target(const std::string& text, Index& index);

CountryDossier country_dossier(const std::string& alpha2, Index& index);
MeetingPage meeting_page(const std::string& meeting_id, Index& index);
Matrix role_matrix(const MatrixRequest& request, Index& index);

}  // namespace r2p
