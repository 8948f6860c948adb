// Entity page renderer tests: goldens over hand-built pages plus layout and contract checks.
#include <catch2/catch.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/render_entities.h"
#include "render/render_entity_dossier.h"
#include "tests/support/csv.h"
#include "tests/support/golden.h"
#include "tests/support/text_checks.h"
#include "tests/support/text_layout.h"

namespace {

// Golden files, CSV, the layout of text and the parts it holds (tests/support).
using namespace r2p::test;

using Json = nlohmann::ordered_json;

const std::string kDocument = "source/000_c9c0ac7059b5c83d.txt";
const std::string kLaunchSentence =
    "The R2P Focal Points initiative was launched in September 2010 by the governments of Denmark "
    "and Ghana in collaboration with the Global Centre for the Responsibility to Protect at the "
    "annual Ministerial Meeting on the Responsibility to Protect held during the opening of the "
    "United Nations General Assembly.";
const std::string kAccraSentence =
    "The third meeting of the Global Network of R2P Focal Points was held on 11 and 12 June 2013 "
    "in Accra, Ghana and was co-hosted by the governments of Denmark and Ghana along with the "
    "Global Centre for the Responsibility to Protect and the Kofi Annan International "
    "Peacekeeping Training Centre.";
const std::string kInputSentence =
    "The Global Centre, with input from the governments of Australia, Denmark, Costa Rica and "
    "Ghana, drafted a set of recommendations that governments can choose to take into "
    "consideration while appointing a national R2P Focal Point.";
const std::string kStatusSentence =
    "Since September 2010, 37 countries, representing the global north and south, have appointed "
    "a national R2P Focal Point:";
const std::string kAnnouncedSentence =
    "Austria, Bosnia- Herzegovina, Bulgaria and Hungary announced the appointment of national R2P "
    "Focal Points at the meeting.";

const r2p::Labelled kLaunch = {
    "launch-2010",
    "R2P Focal Points initiative launched at the annual Ministerial Meeting on the Responsibility "
    "to Protect"};
const r2p::Labelled kAccra = {"accra-2013",
                              "Third meeting of the Global Network of R2P Focal Points, Accra"};
const r2p::Labelled kGlobalCentre = {"global-centre",
                                     "Global Centre for the Responsibility to Protect"};
const r2p::Labelled kLjubljana = {
    "ljubljana-2013",
    "First European regional meeting of the network of R2P Focal Points, Ljubljana"};
const r2p::Labelled kKaiptc = {"kaiptc", "Kofi Annan International Peacekeeping Training Centre"};
const r2p::Labelled kUnga = {"unga", "United Nations General Assembly"};
const std::string kLjubljanaSentence =
    "The government of Slovenia with the Global Centre for R2P co-hosted this first European "
    "regional meeting.";
const std::string kAttendedSentence =
    "The meeting was also attended by the UN Special Adviser for the Prevention of Genocide, Mr. "
    "Adama Dieng and representatives from European Union, International Criminal Court and OSCE.";

// The records a dossier lists as mentioning its subject.
const r2p::RecordRef kLaunchRef = {"launch-2010", "meeting", kLaunch.label, "2010-09"};
const r2p::RecordRef kLjubljanaRef = {"ljubljana-2013", "meeting", kLjubljana.label, "2013-04-10"};
const r2p::RecordRef kAccraRef = {"accra-2013", "meeting", kAccra.label, "2013-06-11"};
const r2p::RecordRef kGuidanceRef = {"rec-appointing-guidance", "recommendation",
                                     "National R2P Focal Points Recommendations", ""};

/// Where a role is stated: the meeting (if any) and its date, the sentence and its paragraph.
struct PageEvent {
  std::string date;
  std::optional<r2p::Labelled> meeting;
  std::string sentence;
  int paragraph;
};

const PageEvent kLaunchEvent = {"2010-09", kLaunch, kLaunchSentence, 4};
const PageEvent kLjubljanaEvent = {"2013-04-10", kLjubljana, kLjubljanaSentence, 19};
const PageEvent kAttendedEvent = {"2013-04-10", kLjubljana, kAttendedSentence, 19};
const PageEvent kAccraEvent = {"2013-06-11", kAccra, kAccraSentence, 16};
const PageEvent kInputEvent = {"", std::nullopt, kInputSentence, 13};

/// A timeline entry: `role` (shown as `role_label`) at `event`, with the organisations whose roles
/// the same sentence states.
r2p::TimelineEntry role_in(const PageEvent& event, const std::string& role,
                           const std::string& role_label,
                           const std::vector<r2p::Labelled>& organisations) {
  return {event.date,   event.meeting,  role,
          role_label,   event.sentence, kDocument + " \u00b6" + std::to_string(event.paragraph),
          organisations};
}

r2p::PartialDate date(const std::string& iso) {
  return r2p::parse_partial_date(iso).value();
}

/// The page of the record `id` of `type` and `title`, from paragraphs `source` of kDocument.
r2p::RecordPage record_page(const std::string& id, r2p::RecordType type, const std::string& title,
                            const std::vector<int>& source) {
  r2p::RecordPage page;
  page.record.id = id;
  page.record.type = type;
  page.record.title = title;
  page.record.source_document = kDocument;
  page.record.source = source;
  page.source = r2p::source_label(kDocument, source);
  return page;
}

/// Denmark's country record: status, dated and undated involvement, ties and text.
r2p::RecordPage denmark_record_page() {
  r2p::RecordPage page =
      record_page("country-dk", r2p::RecordType::country, "Denmark", {4, 13, 16, 20, 21});
  r2p::Record& r = page.record;
  r.country_code = "DK";
  r.status = "appointed";
  r.status_paragraph = 20;
  r.status_sentence = kStatusSentence;
  r.involvement = {
      {"launched-initiative", date("2010-09"), "launch-2010", 4, kLaunchSentence},
      {"co-host", date("2013-06-11"), "accra-2013", 16, kAccraSentence},
      {"recommendations-input", {}, "", 13, kInputSentence},
  };
  r.text = {kLaunchSentence, kAccraSentence, kInputSentence, kStatusSentence};
  r.countries = {"DK"};
  r.meetings = {"launch-2010", "accra-2013"};
  r.organisations = {"global-centre"};
  r.regions = {"150", "154"};
  page.countries = {{"DK", "Denmark"}};
  page.meetings = {kLaunch, kAccra};
  page.organisations = {kGlobalCentre};
  page.regions = {{"150", "Europe"}, {"154", "Northern Europe"}};
  return page;
}

r2p::RecordPage recommendation_page() {
  r2p::RecordPage page = record_page("rec-appointing-guidance", r2p::RecordType::recommendation,
                                     "National R2P Focal Points Recommendations", {13});
  r2p::Record& r = page.record;
  r.items = {
      "The specific profile of the R2P Focal Point should be determined by national "
      "context and capacities.",
      "The network will serve as a support system for states committed to R2P objectives."};
  r.drafted_by = {"global-centre"};
  r.input_countries = {"AU", "DK"};
  r.countries = {"AU", "DK"};
  r.text = {kInputSentence};
  page.drafted_by = {kGlobalCentre};
  page.input_countries = {{"AU", "Australia"}, {"DK", "Denmark"}};
  page.countries = page.input_countries;
  return page;
}

r2p::CountryDossier denmark_dossier() {
  r2p::CountryDossier d;
  d.alpha2 = "DK";
  d.alpha3 = "DNK";
  d.numeric = "208";
  d.name = "Denmark";
  d.names = {{"ar", "\u0627\u0644\u062f\u0627\u0646\u0645\u0631\u0643"},
             {"zh", "\u4e39\u9ea6"},
             {"en", "Denmark"},
             {"fr", "Danemark"},
             {"ru", "\u0414\u0430\u043d\u0438\u044f"},
             {"es", "Dinamarca"}};
  d.continent = r2p::Labelled{"150", "Europe"};
  d.subregion = r2p::Labelled{"154", "Northern Europe"};
  d.record_id = "country-dk";
  d.status = "appointed";
  d.status_date = "2010-09";
  d.status_sentence = kStatusSentence;
  d.status_source = kDocument + " \u00b620";
  // Each role "with" the organisations whose roles the same sentence states.
  d.timeline = {
      role_in(kLaunchEvent, "launched-initiative", "launched the initiative",
              {kGlobalCentre, kUnga}),
      role_in(kAccraEvent, "co-host", "co-hosted", {kGlobalCentre, kKaiptc}),
      role_in(kInputEvent, "recommendations-input", "gave input to the recommendations",
              {kGlobalCentre}),
  };
  d.mentioned_in = {kLaunchRef, kAccraRef, kGuidanceRef};
  return d;
}

/// The Ljubljana meeting: venue and regions, hosts, people, announcements, a "mentioned" role.
r2p::MeetingPage ljubljana_page() {
  r2p::MeetingPage m;
  m.page = record_page(
      "ljubljana-2013", r2p::RecordType::meeting,
      "First European regional meeting of the network of R2P Focal Points, Ljubljana", {19});
  r2p::RecordPage& page = m.page;
  r2p::Record& r = page.record;
  r.kind = "regional";
  r.date = date("2013-04-10");
  r.venue_city = "Ljubljana";
  r.venue_country = "SI";
  r.host_countries = {"SI"};
  r.host_organisations = {"global-centre"};
  r.organisations = {"global-centre", "un", "eu"};
  r.participation = {{31, "exactly", "countries", "Thirty-one countries"}};
  r.people = {{"Adama Dieng", "UN Special Adviser for the Prevention of Genocide"}};
  r.discussed = {
      kAnnouncedSentence,
      "The discussion centered on how countries from Europe can implement R2P nationally and "
      "internationally and the role of R2P Focal Points in facilitating the operationalization of "
      "R2P."};
  r.highlights = {
      "The government of Slovenia with the Global Centre for R2P co-hosted this first European "
      "regional meeting."};
  r.countries = {"SI", "AT", "HU", "CI"};
  r.regions = {"150"};
  r.text = {
      "The first such regional meeting took place in Ljubljana, Slovenia on 10 April 2013. The "
      "government of Slovenia with the Global Centre for R2P co-hosted this first European "
      "regional meeting. Thirty-one countries from across Europe participated in the meeting.",
      "The meeting was also attended by the UN Special Adviser for the Prevention of Genocide, "
      "Mr. Adama Dieng."};
  page.countries = {
      {"SI", "Slovenia"}, {"AT", "Austria"}, {"HU", "Hungary"}, {"CI", "C\u00f4te d\u2019Ivoire"}};
  page.organisations = {kGlobalCentre, {"un", "United Nations"}, {"eu", "European Union"}};
  page.regions = {{"150", "Europe"}};
  page.host_countries = {{"SI", "Slovenia"}};
  page.host_organisations = {kGlobalCentre};
  page.venue_country = r2p::Labelled{"SI", "Slovenia"};
  page.people_ids = {"person-adama-dieng"};
  m.venue_regions = {{"150", "Europe"}, {"039", "Southern Europe"}};
  const r2p::MeetingRole austria = {
      {"AT", "Austria"}, "announced-appointment", "announced appointment", kAnnouncedSentence};
  const r2p::MeetingRole hungary = {
      {"HU", "Hungary"}, "announced-appointment", "announced appointment", kAnnouncedSentence};
  m.announcements = {austria, hungary};
  m.roles = {{{"SI", "Slovenia"},
              "co-host",
              "co-hosted",
              "The government of Slovenia with the Global Centre for R2P co-hosted this first "
              "European regional meeting."},
             austria,
             hungary,
             {{"CI", "C\u00f4te d\u2019Ivoire"}, "mentioned", "mentioned", ""}};
  m.recommendations = {{"rec-regional-meetings", "recommendation",
                        "The aim of the regional meetings of the network of R2P Focal Points", ""}};
  return m;
}

/// The dossier of an organisation or person (`kind`), with a record of its own id.
r2p::EntityDossier entity_dossier(const std::string& kind, const r2p::Labelled& entity) {
  r2p::EntityDossier d;
  d.kind = kind;
  d.id = entity.id;
  d.name = entity.label;
  d.record_id = entity.id;
  return d;
}

/// The Global Centre: acronym, other names, dated and undated roles shared with other
/// organisations, the countries its sentences name, the records tied to it.
r2p::EntityDossier global_centre_dossier() {
  r2p::EntityDossier d = entity_dossier("organisation", kGlobalCentre);
  d.acronyms = {"GCR2P"};
  d.other_names = {"Global Centre for R2P", "Global Centre"};
  d.timeline = {
      role_in(kLaunchEvent, "collaborated", "collaborated", {kUnga}),
      role_in(kLjubljanaEvent, "co-host", "co-hosted", {}),
      role_in(kAccraEvent, "co-host", "co-hosted", {kKaiptc}),
      role_in(kInputEvent, "drafted-recommendations", "drafted the recommendations", {}),
  };
  d.countries = {{"DK", "Denmark"},
                 {"GH", "Ghana"},
                 {"SI", "Slovenia"},
                 {"AU", "Australia"},
                 {"CR", "Costa Rica"}};
  d.mentioned_in = {kLaunchRef, kLjubljanaRef, kAccraRef, kGuidanceRef};
  return d;
}

/// Mr. Adama Dieng: position, the organisation he represents, one role shared with three
/// organisations.
r2p::EntityDossier dieng_dossier() {
  r2p::EntityDossier d = entity_dossier("person", {"person-adama-dieng", "Adama Dieng"});
  d.written_name = "Adama Dieng";
  d.position = "UN Special Adviser for the Prevention of Genocide";
  d.organisations = {{"un", "United Nations"}};
  d.timeline = {role_in(kAttendedEvent, "attended", "attended",
                        {{"eu", "European Union"},
                         {"icc", "International Criminal Court"},
                         {"osce", "Organization for Security and Co-operation in Europe"}})};
  d.mentioned_in = {kLjubljanaRef};
  return d;
}

/// 3 countries × 2 meetings: an empty cell, a multi-role cell, a label with a comma.
r2p::Matrix sample_matrix() {
  r2p::Matrix matrix;
  matrix.column_kind = "meeting";
  matrix.rows = {{"CD", "Congo, Democratic Republic of the"},
                 {"CI", "C\u00f4te d\u2019Ivoire"},
                 {"DK", "Denmark"}};
  matrix.columns = {kLaunch, kAccra};
  matrix.cells = {
      {{}, {"announced-intention"}},
      {{}, {"mentioned"}},
      {{"launched-initiative", "facilitating-group"}, {"co-host"}},
  };
  return matrix;
}

/// `columns` meetings and one country tied to each, to make the table wider than 100 columns.
r2p::Matrix wide_matrix(std::size_t columns) {
  r2p::Matrix matrix;
  matrix.column_kind = "meeting";
  matrix.rows = {{"CD", "Democratic Republic of the Congo"}, {"DK", "Denmark"}};
  matrix.cells.resize(2);
  for (std::size_t c = 0; c < columns; ++c) {
    const std::string id = "meeting-" + std::to_string(2010 + c);
    matrix.columns.push_back({id, "Meeting " + std::to_string(c)});
    matrix.cells[0].push_back({"mentioned"});
    matrix.cells[1].push_back({"co-host", "noteworthy-intervention"});
  }
  return matrix;
}

template <typename Page>
using TextRenderer = void (*)(const Page&, const r2p::TextStyle&, std::ostream&);

template <typename Page>
std::string text_of(TextRenderer<Page> render, const Page& page, bool color = false) {
  std::ostringstream out;
  render(page, r2p::TextStyle{color}, out);
  return out.str();
}

std::string record_text(const r2p::RecordPage& page, bool color = false) {
  return text_of<r2p::RecordPage>(r2p::render_record_text, page, color);
}
std::string dossier_text(const r2p::CountryDossier& d, bool color = false) {
  return text_of<r2p::CountryDossier>(r2p::render_dossier_text, d, color);
}
std::string meeting_text(const r2p::MeetingPage& m, bool color = false) {
  return text_of<r2p::MeetingPage>(r2p::render_meeting_text, m, color);
}
std::string entity_dossier_text(const r2p::EntityDossier& d, bool color = false) {
  return text_of<r2p::EntityDossier>(r2p::render_entity_dossier_text, d, color);
}
std::string matrix_text(const r2p::Matrix& matrix, bool color = false) {
  return text_of<r2p::Matrix>(r2p::render_matrix_text, matrix, color);
}
std::string matrix_csv(const r2p::Matrix& matrix) {
  std::ostringstream out;
  r2p::render_matrix_csv(matrix, out);
  return out.str();
}
std::string dump(const Json& j) {
  return j.dump(2) + "\n";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void check_layout(const std::string& text) {
  REQUIRE_FALSE(text.empty());
  CHECK(text.back() == '\n');
  CHECK_FALSE(contains(text, "\n\n\n"));
  CHECK(text.front() != '\n');
  for (const auto& line : lines_of(text)) {
    CAPTURE(line);
    CHECK(visible_width(line) <= 100);
    CHECK((line.empty() || line.back() != ' '));
  }
}

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

using Keys = std::vector<std::string>;

}  // namespace

TEST_CASE("entity goldens: record, dossier, meeting, matrix", "[render][entities]") {
  check_golden("entity_record.txt", record_text(denmark_record_page()));
  check_golden("entity_record.json", dump(r2p::record_json(denmark_record_page())));
  check_golden("dossier.txt", dossier_text(denmark_dossier()));
  check_golden("dossier.json", dump(r2p::dossier_json(denmark_dossier())));
  check_golden("meeting.txt", meeting_text(ljubljana_page()));
  check_golden("meeting.json", dump(r2p::meeting_json(ljubljana_page())));
  check_golden("organisation_dossier.txt", entity_dossier_text(global_centre_dossier()));
  check_golden("organisation_dossier.json",
               dump(r2p::entity_dossier_json(global_centre_dossier())));
  check_golden("person_dossier.txt", entity_dossier_text(dieng_dossier()));
  check_golden("person_dossier.json", dump(r2p::entity_dossier_json(dieng_dossier())));
  check_golden("matrix.csv", matrix_csv(sample_matrix()));
  check_golden("matrix.txt", matrix_text(sample_matrix()));
  check_golden("matrix.json", dump(r2p::matrix_json(sample_matrix())));
}

TEST_CASE("entity text fits 100 columns, no trailing spaces, ANSI only with color",
          "[render][entities][text]") {
  const std::vector<std::pair<const char*, std::string (*)(bool)>> pages = {
      {"record", [](bool c) { return record_text(denmark_record_page(), c); }},
      {"recommendation", [](bool c) { return record_text(recommendation_page(), c); }},
      {"meeting as record", [](bool c) { return record_text(ljubljana_page().page, c); }},
      {"dossier", [](bool c) { return dossier_text(denmark_dossier(), c); }},
      {"meeting", [](bool c) { return meeting_text(ljubljana_page(), c); }},
      {"organisation dossier",
       [](bool c) { return entity_dossier_text(global_centre_dossier(), c); }},
      {"person dossier", [](bool c) { return entity_dossier_text(dieng_dossier(), c); }},
      {"matrix", [](bool c) { return matrix_text(sample_matrix(), c); }},
      {"wide matrix", [](bool c) { return matrix_text(wide_matrix(9), c); }},
  };
  for (const auto& [name, render] : pages) {
    CAPTURE(name);
    const std::string plain = render(false);
    const std::string color = render(true);
    check_layout(plain);
    check_layout(color);
    CHECK_FALSE(contains(plain, "\x1b"));
    CHECK(contains(color, "\x1b[1m"));
    // Color adds escapes and nothing else.
    std::string stripped;
    for (std::size_t i = 0; i < color.size(); ++i) {
      if (color[i] == '\x1b') {
        while (i < color.size() && color[i] != 'm') ++i;
        continue;
      }
      stripped += color[i];
    }
    CHECK(stripped == plain);
  }
}

TEST_CASE("colored headings are bold word by word", "[render][entities][text]") {
  const std::string dossier = dossier_text(denmark_dossier(), true);
  check_holds(dossier, {"\x1b[1mTimeline\x1b[0m\n",
                        "\x1b[1mAlso\x1b[0m \x1b[1mmentioned\x1b[0m \x1b[1min\x1b[0m\n"});
  CHECK(dossier.rfind("\x1b[1mDenmark\x1b[0m", 0) == 0);
}

TEST_CASE("record text: fields, involvement, ties, text, source", "[render][entities][text]") {
  const std::string text = record_text(denmark_record_page());
  const auto lines = lines_of(text);
  REQUIRE(lines.size() > 2);
  CHECK(lines[0] == "Denmark");
  CHECK(lines[1] == "country-dk \u00b7 country");
  check_holds(
      text, {"\nCountry: Denmark (DK)\nStatus: appointed\n", "\nDossier: r2p-search --dossier DK\n",
             "\n  undated     gave input to the recommendations\n",
             "\n  Regions: Europe (150); Northern Europe (154)\n"});
  CHECK(lines.back() == "source: " + kDocument + " \u00b64, \u00b613, \u00b616, \u00b620\u201321");
  // Every paragraph of the text is printed, each in its own block.
  check_holds(text, {"\nText\n\nThe R2P Focal Points initiative was launched",
                     "\n\nSince September 2010, 37 countries"});
}

TEST_CASE("record text of a recommendation: numbered items, drafted by, input from",
          "[render][entities][text]") {
  const std::string text = record_text(recommendation_page());
  check_holds(text, {"\nDrafted by: Global Centre for the Responsibility to Protect "
                     "(global-centre)\n",
                     "\nInput from: Australia (AU); Denmark (DK)\n",
                     "\nItems\n  1. The specific profile", "\n  2. The network will serve"});
  check_lacks(text, {"Status", "Venue"});
}

TEST_CASE("record text turns control characters into spaces", "[render][entities][text]") {
  r2p::RecordPage page = recommendation_page();
  page.record.title = "Bad\x1b[31m title\nwith\tcontrols";
  const std::string text = record_text(page);
  check_lacks(text, {"\x1b", "\t"});
  CHECK(lines_of(text).at(0) == "Bad [31m title with controls");
}

TEST_CASE("record JSON: keys per record type, labelled ties", "[render][entities][json]") {
  const Json country = r2p::record_json(denmark_record_page());
  CHECK(keys_of(country) == Keys{"id", "type", "title", "date", "country", "status", "status_date",
                                 "status_sentence", "status_source", "involvement", "ties", "text",
                                 "source"});
  CHECK(country["date"].is_null());
  CHECK(country["status_date"].is_null());
  CHECK(country["country"] == Json{{"id", "DK"}, {"label", "Denmark"}});
  REQUIRE(country["involvement"].size() == 3);
  for (const auto& entry : country["involvement"])
    CHECK(keys_of(entry) == Keys{"date", "role", "role_label", "meeting", "sentence", "source"});
  CHECK(country["involvement"][0]["meeting"]["label"] == kLaunch.label);
  CHECK(country["involvement"][2]["date"].is_null());
  CHECK(country["involvement"][2]["meeting"].is_null());
  CHECK(keys_of(country["ties"]) == Keys{"countries", "meetings", "regions", "organisations"});
  CHECK(country["ties"]["regions"][1] == Json{{"id", "154"}, {"label", "Northern Europe"}});

  const Json recommendation = r2p::record_json(recommendation_page());
  CHECK(keys_of(recommendation) == Keys{"id", "type", "title", "date", "items", "drafted_by",
                                        "input_from", "ties", "text", "source"});
  CHECK(keys_of(recommendation["input_from"]) == Keys{"countries", "organisations"});
  CHECK(recommendation["input_from"]["organisations"].empty());

  const Json meeting = r2p::record_json(ljubljana_page().page);
  CHECK(keys_of(meeting) == Keys{"id", "type", "title", "date", "end_date", "kind", "venue",
                                 "hosts", "participation", "people", "discussed", "highlights",
                                 "ties", "text", "source"});
  CHECK(meeting["end_date"].is_null());
  CHECK(meeting["venue"] ==
        Json{{"city", "Ljubljana"}, {"country", {{"id", "SI"}, {"label", "Slovenia"}}}});
  r2p::RecordPage no_venue = ljubljana_page().page;
  no_venue.record.venue_city.clear();
  no_venue.venue_country.reset();
  CHECK(r2p::record_json(no_venue)["venue"].is_null());
}

TEST_CASE("dossier JSON keys and nulls", "[render][entities][json]") {
  const Json j = r2p::dossier_json(denmark_dossier());
  CHECK(keys_of(j) == Keys{"kind", "country", "names", "continent", "subregion", "record", "status",
                           "status_date", "status_sentence", "status_source", "timeline",
                           "mentioned_in"});
  CHECK(j["kind"] == "country");
  CHECK(keys_of(j["country"]) == Keys{"code", "alpha3", "numeric", "name"});
  CHECK(keys_of(j["names"]) == Keys{"ar", "zh", "en", "fr", "ru", "es"});
  CHECK(j["continent"] == Json{{"id", "150"}, {"label", "Europe"}});
  CHECK(j["record"] == "country-dk");
  REQUIRE(j["timeline"].size() == 3);
  for (const auto& entry : j["timeline"])
    CHECK(keys_of(entry) ==
          Keys{"date", "role", "role_label", "meeting", "sentence", "source", "organisations"});
  CHECK(j["timeline"][1]["organisations"] ==
        Json{{{"id", "global-centre"}, {"label", kGlobalCentre.label}},
             {{"id", "kaiptc"}, {"label", kKaiptc.label}}});
  CHECK(j["timeline"][2]["date"].is_null());
  CHECK(j["timeline"][2]["meeting"].is_null());
  for (const auto& ref : j["mentioned_in"])
    CHECK(keys_of(ref) == Keys{"id", "type", "title", "date"});
  CHECK(j["mentioned_in"][2]["date"].is_null());

  r2p::CountryDossier bare;
  bare.alpha2 = "FI";
  bare.name = "Finland";
  const Json b = r2p::dossier_json(bare);
  for (const char* key : {"continent", "subregion", "record", "status", "status_date",
                          "status_sentence", "status_source"}) {
    CAPTURE(key);
    CHECK(b[key].is_null());
  }
  CHECK((b["names"].is_object() && b["names"].empty()));
  CHECK((b["timeline"].is_array() && b["timeline"].empty()));
}

TEST_CASE("dossier text: focal point line for each status", "[render][entities][text]") {
  r2p::CountryDossier d = denmark_dossier();
  CHECK(contains(dossier_text(d), "\nFocal point: appointed (known since 2010-09)\n"));
  d.status_date.clear();
  CHECK(contains(dossier_text(d), "\nFocal point: appointed\n"));
  d.status = "intention";
  d.status_date = "2013-06";
  CHECK(contains(dossier_text(d), "\nFocal point: announced intention (2013-06)\n"));
  d.status.clear();
  d.status_date.clear();
  d.status_sentence.clear();
  d.status_source.clear();
  d.timeline.clear();
  d.mentioned_in.clear();
  d.record_id.clear();
  const std::string text = dossier_text(d);
  check_holds(text, {"\nNo focal point recorded\n", "\nTimeline\n  no roles recorded\n"});
  check_lacks(text, {"Also mentioned in", "Record:"});
  check_layout(text);
}

TEST_CASE("meeting text: venue fallback, dossier hint, sections", "[render][entities][text]") {
  r2p::MeetingPage m = ljubljana_page();
  const std::string text = meeting_text(m);
  check_holds(text, {"\nWhen: 2013-04-10\n",
                     "\nWhere: Ljubljana, Slovenia (SI) \u00b7 Europe \u203a Southern Europe\n"});
  // Announcements in one sentence share it; a different sentence gets its own entry.
  CHECK(contains(text,
                 "\n  Austria (AT); Hungary (HU): announced appointment\n    \"Austria, Bosnia-"));
  m.announcements[1].sentence = "Hungary announced it.";
  CHECK(
      contains(meeting_text(m), "\n  Austria (AT): announced appointment\n    \"Austria, Bosnia-"));
  CHECK(contains(meeting_text(m),
                 "\n  Hungary (HU): announced appointment\n    \"Hungary announced it.\"\n"));
  check_holds(text, {"\n  mentioned              C\u00f4te d\u2019Ivoire (CI)\n",
                     "\n  dossier: r2p-search --dossier SI\n"});

  m.page.record.venue_city.clear();
  m.page.venue_country.reset();
  m.venue_regions.clear();
  m.page.record.end_date = date("2013-04-11");
  m.announcements.clear();
  m.roles.clear();
  m.recommendations.clear();
  const std::string bare = meeting_text(m);
  check_holds(
      bare, {"\nWhen: 2013-04-10 \u2013 2013-04-11\n", "\nWhere: venue not named in the source\n"});
  check_lacks(bare, {"Announced", "Countries and roles", "dossier:"});
  check_layout(bare);
}

TEST_CASE("meeting JSON keys", "[render][entities][json]") {
  const Json j = r2p::meeting_json(ljubljana_page());
  CHECK(keys_of(j) == Keys{"kind", "meeting", "venue_regions", "announcements", "roles",
                           "recommendations", "documents"});
  CHECK(j["kind"] == "meeting");
  CHECK(j["meeting"] == r2p::record_json(ljubljana_page().page));
  // People link to their dossiers by the person record's id; null without a record.
  REQUIRE(j["meeting"]["people"].size() == 1);
  CHECK(keys_of(j["meeting"]["people"][0]) == Keys{"name", "role", "id"});
  CHECK(j["meeting"]["people"][0]["id"] == "person-adama-dieng");
  r2p::MeetingPage unlinked = ljubljana_page();
  unlinked.page.people_ids.clear();
  CHECK(r2p::meeting_json(unlinked)["meeting"]["people"][0]["id"].is_null());
  CHECK(contains(meeting_text(unlinked),
                 "\nPeople: Adama Dieng (UN Special Adviser for the Prevention of Genocide)\n"));
  REQUIRE(j["roles"].size() == 4);
  for (const auto& list : {j["announcements"], j["roles"]})
    for (const auto& role : list)
      CHECK(keys_of(role) == Keys{"country", "role", "role_label", "sentence"});
  CHECK(j["roles"][3]["role"] == "mentioned");
  CHECK(j["roles"][3]["sentence"] == "");
  CHECK(j["recommendations"][0]["date"].is_null());
}

TEST_CASE("meeting text names each person's dossier", "[render][entities][text]") {
  const std::string text = meeting_text(ljubljana_page());
  CHECK(contains(text,
                 "\nPeople: Adama Dieng (UN Special Adviser for the Prevention of Genocide; "
                 "person-adama-dieng)\n"));
}

TEST_CASE("country dossier text: each role with the organisations that share its sentence",
          "[render][entities][text]") {
  const std::string text = dossier_text(denmark_dossier());
  CHECK(contains(text,
                 "\n              with Global Centre for the Responsibility to Protect "
                 "(global-centre); Kofi Annan\n                International Peacekeeping "
                 "Training Centre (kaiptc)\n              \"The third meeting"));
  r2p::CountryDossier alone = denmark_dossier();
  for (auto& entry : alone.timeline) entry.organisations.clear();
  CHECK_FALSE(contains(dossier_text(alone), "\n              with "));
  CHECK(r2p::dossier_json(alone)["timeline"][0]["organisations"] == Json::array());
}

TEST_CASE("organisation and person dossier JSON: kind, keys per kind, nulls",
          "[render][entities][json]") {
  const Json org = r2p::entity_dossier_json(global_centre_dossier());
  CHECK(keys_of(org) == Keys{"kind", "id", "name", "acronyms", "other_names", "record", "timeline",
                             "people", "countries", "mentioned_in"});
  CHECK(org["kind"] == "organisation");
  CHECK(org["acronyms"] == Json{"GCR2P"});
  REQUIRE(org["timeline"].size() == 4);
  for (const auto& entry : org["timeline"])
    CHECK(keys_of(entry) ==
          Keys{"date", "role", "role_label", "meeting", "sentence", "source", "organisations"});
  CHECK(org["timeline"][3]["date"].is_null());
  CHECK(org["timeline"][3]["meeting"].is_null());
  CHECK(org["timeline"][2]["organisations"] == Json{{{"id", "kaiptc"}, {"label", kKaiptc.label}}});
  CHECK(org["countries"][0] == Json{{"id", "DK"}, {"label", "Denmark"}});
  CHECK((org["people"].is_array() && org["people"].empty()));

  const Json person = r2p::entity_dossier_json(dieng_dossier());
  CHECK(keys_of(person) == Keys{"kind", "id", "name", "written_name", "position", "organisations",
                                "record", "timeline", "countries", "mentioned_in"});
  CHECK(person["kind"] == "person");
  CHECK(person["organisations"] == Json{{{"id", "un"}, {"label", "United Nations"}}});
  CHECK(person["timeline"][0]["organisations"].size() == 3);

  r2p::EntityDossier bare;
  bare.kind = "organisation";
  bare.id = "nobody";
  bare.name = "Nobody";
  const Json b = r2p::entity_dossier_json(bare);
  CHECK(b["record"].is_null());
  for (const char* key :
       {"acronyms", "other_names", "timeline", "people", "countries", "mentioned_in"}) {
    CAPTURE(key);
    CHECK((b[key].is_array() && b[key].empty()));
  }
}

TEST_CASE("organisation and person dossier text: facts, timeline, mentioned in",
          "[render][entities][text]") {
  const std::string org = entity_dossier_text(global_centre_dossier());
  const auto lines = lines_of(org);
  REQUIRE(lines.size() > 2);
  CHECK(lines[0] == kGlobalCentre.label + " \u2014 GCR2P");
  CHECK(lines[1] == "global-centre \u00b7 organisation");
  check_holds(org, {"\nOther names: Global Centre for R2P; Global Centre\n",
                    "\nCountries: Denmark (DK); Ghana (GH); Slovenia (SI); Australia (AU); ",
                    "\nRecord: r2p-search --show global-centre\n",
                    "\n  undated     drafted the recommendations\n",
                    "\n              with Kofi Annan International Peacekeeping Training Centre "
                    "(kaiptc)\n",
                    "\n  meeting page: r2p-search --dossier launch-2010\n",
                    "\nAlso mentioned in\n  2010-09 \u00b7 meeting \u00b7 "});
  CHECK_FALSE(contains(org, "People:"));

  r2p::EntityDossier un;
  un.kind = "organisation";
  un.id = "un";
  un.name = "United Nations";
  un.acronyms = {"UN"};
  un.people = {{"person-adama-dieng", "Adama Dieng"}};
  const std::string un_text = entity_dossier_text(un);
  check_holds(un_text, {"\nPeople: Adama Dieng (person-adama-dieng)\n", "\nNo record of its own\n",
                        "\nTimeline\n  no roles recorded\n"});
  CHECK_FALSE(contains(un_text, "Also mentioned in"));
  check_layout(un_text);

  const std::string person = entity_dossier_text(dieng_dossier());
  CHECK(lines_of(person).at(0) == "Adama Dieng");
  CHECK(lines_of(person).at(1) == "person-adama-dieng \u00b7 person");
  check_holds(person, {"\nPosition: UN Special Adviser for the Prevention of Genocide\n",
                       "\nRepresents: United Nations (un)\n"});
  CHECK_FALSE(contains(person, "Written:"));
  r2p::EntityDossier written = dieng_dossier();
  written.written_name = "Mr. Adama Dieng";
  CHECK(contains(entity_dossier_text(written), "\nWritten: Mr. Adama Dieng\n"));
}

TEST_CASE("matrix CSV parses into rows × columns with the exact header", "[render][matrix]") {
  const auto records = parse_csv(matrix_csv(sample_matrix()));
  REQUIRE(records.size() == 4);
  CHECK(records[0] == std::vector<std::string>{"country", "code", "launch-2010", "accra-2013"});
  for (const auto& record : records) CHECK(record.size() == 4);
  CHECK(records[1] == std::vector<std::string>{"Congo, Democratic Republic of the", "CD", "",
                                               "announced intention to appoint"});
  CHECK(records[3] == std::vector<std::string>{"Denmark", "DK",
                                               "launched the initiative; facilitating group",
                                               "co-hosted"});

  r2p::Matrix years;
  years.column_kind = "year";
  years.rows = {{"DK", "Denmark"}};
  years.columns = {{"2010", "2010"}, {"2013", "2013"}};
  years.cells = {{{"launched-initiative"}, {}}};
  CHECK(matrix_csv(years) == "country,code,2010,2013\r\nDenmark,DK,launched the initiative,\r\n");
  CHECK(matrix_csv(r2p::Matrix{}) == "country,code\r\n");
}

TEST_CASE("matrix JSON: rows, columns and cells", "[render][matrix]") {
  const Json j = r2p::matrix_json(sample_matrix());
  CHECK(keys_of(j) == Keys{"row_kind", "column_kind", "rows", "columns", "cells", "legend"});
  CHECK(j["column_kind"] == "meeting");
  // The legend explains every role the corpus knows and "mentioned", each with its text code.
  std::vector<std::string> legend_roles;
  for (const auto& entry : j["legend"]) {
    legend_roles.push_back(entry["role"]);
    CHECK(entry["code"] == r2p::matrix_role_code(entry["role"]));
    CHECK(entry["label"] == r2p::role_label(entry["role"]));
  }
  std::vector<std::string> expected = r2p::involvement_roles();
  expected.push_back("mentioned");
  CHECK(legend_roles == expected);
  CHECK(j["rows"][1] == Json{{"id", "CI"}, {"label", "C\u00f4te d\u2019Ivoire"}});
  REQUIRE(j["cells"].size() == 3);
  for (const auto& row : j["cells"]) CHECK(row.size() == 2);
  CHECK((j["cells"][0][0].is_array() && j["cells"][0][0].empty()));
  CHECK(j["cells"][2][0] == Json{"launched-initiative", "facilitating-group"});
}

TEST_CASE("matrix text: codes, legend in sync with the roles", "[render][matrix]") {
  const std::string text = matrix_text(sample_matrix());
  check_holds(text, {"\ncountry                       code  launch-2010  accra-2013\n",
                     "\nDenmark                       DK    L,F          H\n",
                     "\nCongo, Democratic Republic \u2026  CD    \u00b7            N\n"});
  for (const auto& role : r2p::involvement_roles()) {
    CAPTURE(role);
    const std::string code = r2p::matrix_role_code(role);
    CHECK(code.size() == 1);
    CHECK(contains(text, "\n  " + code + "  " + r2p::role_label(role) + "\n"));
  }
  CHECK(contains(text, "\n  m  mentioned\n"));
  CHECK(r2p::matrix_role_code("new-role") == "new-role");

  // A role without a code still shows, and the legend explains it.
  r2p::Matrix odd = sample_matrix();
  odd.cells[0][0] = {"new-role"};
  const std::string odd_text = matrix_text(odd);
  check_holds(odd_text, {"new-role", "\n  new-role  new-role\n"});
  check_layout(odd_text);
}

TEST_CASE("wide matrix: headers split, then panels", "[render][matrix]") {
  // Six ids fit in 100 columns once split at the last '-'; nine need a second panel.
  const std::string six = matrix_text(wide_matrix(6));
  check_layout(six);
  check_holds(six, {"\n" + std::string(36, ' ') + "meeting  meeting  meeting",
                    "\ncountry                       code  2010     2011     2012",
                    "\nDenmark                       DK    H,I      H,I"});
  const std::string nine = matrix_text(wide_matrix(9));
  check_layout(nine);
  std::size_t headers = 0;
  for (const auto& line : lines_of(nine))
    if (line.rfind("country ", 0) == 0) ++headers;
  CHECK(headers == 2);
  CHECK(contains(nine, "Democratic Republic of the \u2026"));
  for (std::size_t c = 0; c < 9; ++c) CHECK(contains(nine, std::to_string(2010 + c)));
}

TEST_CASE("empty matrix says so", "[render][matrix]") {
  r2p::Matrix empty;
  empty.column_kind = "year";
  const std::string text = matrix_text(empty);
  CHECK(text == "Roles by country and year\n0 countries \u00d7 0 years\nNo countries match.\n");
}
