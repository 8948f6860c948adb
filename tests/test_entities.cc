// Entity pages through the library over the bundled corpus as r2p-index indexes it: dossier
// targets, country dossiers, meeting pages, the role matrix (every cell) and record pages, each
// checked against expectations computed from the linked corpus records and the source page.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/record.h"
#include "core/text.h"
#include "indexer/corpus_reader.h"
#include "indexer/index_writer.h"
#include "render/render_entities.h"
#include "render/render_entity_dossier.h"
#include "search/entities.h"
#include "search/entity_dossier.h"
#include "search/index.h"
#include "tests/support/indexed_corpus.h"
#include "tests/support/temp_dir.h"
#include "tests/support/usage_error.h"

namespace {

namespace fs = std::filesystem;
using Cells = std::vector<std::vector<std::vector<std::string>>>;

r2p::Index& index() {
  return r2p::test::bundled_index();
}
const r2p::Gazetteer& gazetteer() {
  return r2p::test::linked_corpus().gazetteer;
}
/// The linked records, in corpus order.
const std::vector<r2p::Record>& records() {
  return r2p::test::linked_corpus().records;
}

const r2p::Record& record(const std::string& id) {
  return r2p::test::linked_record(id);
}

std::vector<r2p::Record> records_of(r2p::RecordType type) {
  std::vector<r2p::Record> out;
  for (const auto& r : records())
    if (r.type == type) out.push_back(r);
  return out;
}

const r2p::Record& country_record(const std::string& alpha2) {
  for (const auto& r : records())
    if (r.type == r2p::RecordType::country && r.country_code == alpha2) return r;
  throw std::runtime_error("no country record for " + alpha2);
}

/// Meetings in date order (ties by id), as columns are expected.
std::vector<r2p::Record> meetings_by_date() {
  auto meetings = records_of(r2p::RecordType::meeting);
  std::sort(meetings.begin(), meetings.end(), [](const r2p::Record& a, const r2p::Record& b) {
    if (a.date.sort_key() != b.date.sort_key()) return a.date.sort_key() < b.date.sort_key();
    return a.id < b.id;
  });
  return meetings;
}

/// Country records ordered as matrix rows: by the corpus's spelling of the name.
// Country records in the order of the names they are shown by (ISO's, not the page's).
std::vector<r2p::Record> countries_by_label() {
  auto countries = records_of(r2p::RecordType::country);
  std::sort(countries.begin(), countries.end(), [](const r2p::Record& a, const r2p::Record& b) {
    return r2p::english_name(a.country_code) < r2p::english_name(b.country_code);
  });
  return countries;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool contains_text(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// Sort key with undated entries last.
long chronological_key(const r2p::PartialDate& date) {
  return date.empty() ? 99999999L : date.sort_key();
}

/// The paragraphs of a source document: its non-empty lines, numbered from 1 (corpus README).
std::vector<std::string> paragraphs_of(const std::string& document) {
  static std::map<std::string, std::vector<std::string>> cache;
  auto it = cache.find(document);
  if (it != cache.end()) return it->second;
  std::ifstream in(std::string(R2P_TEST_CORPUS) + "/" + document);
  if (!in) throw std::runtime_error("cannot read source document " + document);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return cache[document] = out;
}

/// "source/x.txt ¶4, ¶16–17" -> ("source/x.txt", {4, 16, 17}).
std::pair<std::string, std::vector<int>> parse_source_label(const std::string& label) {
  const std::string pilcrow = "\xC2\xB6", en_dash = "\xE2\x80\x93";
  const auto at = label.find(" " + pilcrow);
  if (at == std::string::npos) throw std::runtime_error("no paragraph in label '" + label + "'");
  std::pair<std::string, std::vector<int>> out{label.substr(0, at), {}};
  std::string rest = label.substr(at + 1) + ", ";
  for (std::size_t start = 0, comma; (comma = rest.find(", ", start)) != std::string::npos;
       start = comma + 2) {
    std::string item = rest.substr(start, comma - start);
    if (item.compare(0, pilcrow.size(), pilcrow) != 0)
      throw std::runtime_error("bad paragraph '" + item + "' in label '" + label + "'");
    item = item.substr(pilcrow.size());
    const auto dash = item.find(en_dash);
    const int first = std::stoi(item.substr(0, dash));
    const int last =
        dash == std::string::npos ? first : std::stoi(item.substr(dash + en_dash.size()));
    for (int p = first; p <= last; ++p) out.second.push_back(p);
  }
  return out;
}

/// True when `sentence` is in one of the paragraphs `label` names.
bool in_labelled_paragraph(const std::string& sentence, const std::string& label) {
  const auto [document, numbers] = parse_source_label(label);
  const auto paragraphs = paragraphs_of(document);
  for (int n : numbers)
    if (n >= 1 && static_cast<std::size_t>(n) <= paragraphs.size() &&
        contains_text(paragraphs[n - 1], sentence))
      return true;
  return false;
}

/// Runs of whitespace as one space, so wrapped text can be searched for phrases.
std::string flatten(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

using r2p::test::usage_error_of;

std::vector<std::string> ids_of(const std::vector<r2p::Labelled>& list) {
  std::vector<std::string> out;
  for (const auto& l : list) out.push_back(l.id);
  return out;
}

/// Expected cells of the country × meeting matrix, computed from the linked corpus.
std::vector<std::string> expected_meeting_cell(const r2p::Record& country,
                                               const r2p::Record& meeting) {
  std::vector<std::string> cell;
  for (const auto& inv : country.involvement)
    if (inv.meeting == meeting.id && !contains(cell, inv.role)) cell.push_back(inv.role);
  if (cell.empty() && contains(meeting.countries, country.country_code))
    cell.push_back("mentioned");
  return cell;
}

/// Expected cells of the country × year matrix, computed from the linked corpus.
std::vector<std::string> expected_year_cell(const r2p::Record& country, int year) {
  std::vector<std::string> cell;
  for (const auto& inv : country.involvement)
    if (!inv.date.empty() && inv.date.year == year && !contains(cell, inv.role))
      cell.push_back(inv.role);
  if (!cell.empty()) return cell;
  for (const auto& r : records()) {
    if (r.type == r2p::RecordType::country || r.date.empty() || r.date.year != year) continue;
    if (contains(r.countries, country.country_code)) return {"mentioned"};
  }
  return cell;
}

/// Every year any record belongs to, ascending.
std::vector<int> corpus_years() {
  std::set<int> years;
  for (const auto& r : records())
    for (int y : r2p::record_years(r)) years.insert(y);
  return {years.begin(), years.end()};
}

/// Checks a country × meeting or country × year matrix against the corpus: its rows are
/// `countries`, its columns `columns`, and each cell is `expected_cell(country, column index)`
/// (a failure names the country and the column). The expectations must not be vacuous: the cells
/// hold more than ten roles and some bare mentions.
void check_matrix(
    const r2p::Matrix& matrix, const std::vector<r2p::Record>& countries,
    const std::vector<r2p::Labelled>& columns,
    const std::function<std::vector<std::string>(const r2p::Record&, std::size_t)>& expected_cell) {
  REQUIRE(matrix.rows.size() == countries.size());
  REQUIRE(matrix.columns.size() == columns.size());
  REQUIRE(matrix.cells.size() == countries.size());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    CHECK(matrix.columns[c].id == columns[c].id);
    CHECK(matrix.columns[c].label == columns[c].label);
  }
  std::size_t roles = 0, mentioned = 0;
  for (std::size_t r = 0; r < countries.size(); ++r) {
    CHECK(matrix.rows[r].id == countries[r].country_code);
    REQUIRE(matrix.cells[r].size() == columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
      INFO(countries[r].country_code << " at " << columns[c].id);
      const auto expected = expected_cell(countries[r], c);
      CHECK(matrix.cells[r][c] == expected);
      if (expected == std::vector<std::string>{"mentioned"})
        ++mentioned;
      else
        roles += expected.size();
    }
  }
  CHECK(roles > 10);
  CHECK(mentioned > 0);
}

/// A small RFC 4180 reader: records end in CRLF; quoted fields may hold commas, quotes ("")
/// and line breaks. Fails the test on a bare LF or CR outside quotes or a stray quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      REQUIRE(field.empty());
      REQUIRE_FALSE(was_quoted);
      quoted = was_quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
      was_quoted = false;
    } else if (c == '\r') {
      REQUIRE(i + 1 < text.size());
      REQUIRE(text[i + 1] == '\n');
      ++i;
      row.push_back(field);
      rows.push_back(row);
      row.clear();
      field.clear();
      was_quoted = false;
    } else {
      REQUIRE(c != '\n');
      REQUIRE_FALSE(was_quoted);
      field += c;
    }
  }
  REQUIRE_FALSE(quoted);
  REQUIRE(row.empty());
  REQUIRE(field.empty());  // the last record ends in CRLF
  return rows;
}

std::string joined_labels(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& role : roles) out += (out.empty() ? "" : "; ") + r2p::role_label(role);
  return out;
}

}  // namespace

TEST_CASE("dossier targets: country names, codes and languages, meeting ids and words",
          "[entities][dossier]") {
  // The corpus record the page spells "Denmark" is the one every spelling must reach.
  std::string denmark;
  for (const auto& r : records_of(r2p::RecordType::country))
    if (r.title == "Denmark") denmark = r.country_code;
  REQUIRE(denmark == "DK");
  // Meetings identified by their venue city alone.
  auto meeting_in = [](const std::string& city) {
    std::vector<std::string> ids;
    for (const auto& m : records_of(r2p::RecordType::meeting))
      if (m.venue_city == city) ids.push_back(m.id);
    REQUIRE(ids.size() == 1);
    return ids[0];
  };
  const std::string accra = meeting_in("Accra"), ljubljana = meeting_in("Ljubljana");

  using Kind = r2p::DossierTarget::Kind;
  struct Row {
    std::string text;
    Kind kind;
    std::string id;
  };
  const std::vector<Row> rows = {
      {"Denmark", Kind::country, denmark},
      {"Dinamarca", Kind::country, denmark},
      {"DK", Kind::country, denmark},
      {"DNK", Kind::country, denmark},
      {"dk", Kind::country, denmark},
      {"\xE4\xB8\xB9\xE9\xBA\xA6", Kind::country, denmark},                  // 丹麦
      {"\xD0\x94\xD0\xB0\xD0\xBD\xD0\xB8\xD1\x8F", Kind::country, denmark},  // Дания
      {"Danemark", Kind::country, denmark},
      {"Cote d'Ivoire", Kind::country, "CI"},
      {"DRC", Kind::country, "CD"},
      {"Bosnia- Herzegovina", Kind::country, "BA"},
      {"Accra", Kind::meeting, accra},
      {"accra", Kind::meeting, accra},
      {"accra-2013", Kind::meeting, "accra-2013"},
      {"ACCRA-2013", Kind::meeting, "accra-2013"},
      {"Ljubljana", Kind::meeting, ljubljana},
      {"launch-2010", Kind::meeting, "launch-2010"},
      // Organisations by name, acronym, other name and id, any case; "EU" and "UN" are regions
      // to ICU but no ISO 3166-1 countries.
      {"Stanley Foundation", Kind::organisation, "stanley-foundation"},
      {"KAIPTC", Kind::organisation, "kaiptc"},
      {"kaiptc", Kind::organisation, "kaiptc"},
      {"OSCE", Kind::organisation, "osce"},
      {"Global Centre for R2P", Kind::organisation, "global-centre"},
      {"GCR2P", Kind::organisation, "global-centre"},
      {"European Union", Kind::organisation, "eu"},
      {"EU", Kind::organisation, "eu"},
      {"eu", Kind::organisation, "eu"},
      {"UN", Kind::organisation, "un"},
      {"united nations", Kind::organisation, "un"},
      // People by name, with a courtesy title, by surname alone (one person has it) and by id.
      {"Adama Dieng", Kind::person, "person-adama-dieng"},
      {"Mr. Adama Dieng", Kind::person, "person-adama-dieng"},
      {"Dieng", Kind::person, "person-adama-dieng"},
      {"person-adama-dieng", Kind::person, "person-adama-dieng"},
  };
  for (const auto& row : rows) {
    INFO("--dossier " << row.text);
    const r2p::DossierTarget target = r2p::resolve_dossier_target(row.text, index());
    CHECK(target.kind == row.kind);
    CHECK(target.id == row.id);
  }
}

TEST_CASE("dossier targets: words naming several meetings list every candidate",
          "[entities][dossier][errors]") {
  // Meetings whose title, venue or id hold both words.
  std::vector<std::string> candidates, others;
  for (const auto& m : records_of(r2p::RecordType::meeting)) {
    const auto words = r2p::fold_words(m.title + " " + m.venue_city + " " + m.id);
    const bool both = contains(words, "first") && contains(words, "meeting");
    (both ? candidates : others).push_back(m.id);
  }
  REQUIRE(candidates.size() > 1);
  const std::string message =
      usage_error_of([] { r2p::resolve_dossier_target("first meeting", index()); });
  CHECK(contains_text(message, "first meeting"));
  CHECK(contains_text(message, "several meetings"));
  for (const auto& id : candidates) CHECK(contains_text(message, "'" + id + "'"));
  for (const auto& id : others) CHECK_FALSE(contains_text(message, "'" + id + "'"));
}

TEST_CASE(
    "dossier targets: an unknown name names the closest countries, the meetings, and the "
    "closest organisations and people",
    "[entities][dossier][errors]") {
  for (const std::string unknown : {"Atlantis", "Stanly Foundaton", "Dieeng"}) {
    INFO("--dossier " << unknown);
    const std::string message =
        usage_error_of([&] { r2p::resolve_dossier_target(unknown, index()); });
    CHECK(contains_text(message, "'" + unknown + "'"));
    const auto closest = gazetteer().closest_countries(unknown);
    REQUIRE_FALSE(closest.empty());
    for (const auto& name : closest) {
      CHECK(contains_text(message, "'" + name + "'"));
      CHECK(gazetteer().resolve_country(name).has_value());
    }
    for (const auto& m : records_of(r2p::RecordType::meeting)) CHECK(contains_text(message, m.id));
    // The organisations and people offered are each a name that resolves to one of them.
    const auto at = message.find("closest organisations and people: ");
    REQUIRE(at != std::string::npos);
    std::vector<std::string> offered;
    std::string rest = message.substr(at);
    for (auto open = rest.find('\''); open != std::string::npos; open = rest.find('\'')) {
      const auto close = rest.find('\'', open + 1);
      REQUIRE(close != std::string::npos);
      offered.push_back(rest.substr(open + 1, close - open - 1));
      rest = rest.substr(close + 1);
    }
    CHECK(offered.size() == 3);
    for (const auto& name : offered) {
      INFO("offered " << name);
      const auto target = r2p::resolve_dossier_target(name, index());
      CHECK((target.kind == r2p::DossierTarget::Kind::organisation ||
             target.kind == r2p::DossierTarget::Kind::person));
    }
  }
  const std::string stanley =
      usage_error_of([] { r2p::resolve_dossier_target("Stanly Foundaton", index()); });
  CHECK(contains_text(stanley, "closest organisations and people: 'Stanley Foundation'"));
  // A person is close by surname too.
  const std::string dieng = usage_error_of([] { r2p::resolve_dossier_target("Dieeng", index()); });
  CHECK(contains_text(dieng, "closest organisations and people: 'Adama Dieng'"));
}

TEST_CASE("Denmark's dossier: every role with its date, meeting and source sentence",
          "[entities][dossier]") {
  const r2p::Record& dk = country_record("DK");
  const r2p::CountryDossier d = r2p::country_dossier("DK", index());
  CHECK(d.alpha2 == "DK");
  CHECK(d.alpha3 == "DNK");
  CHECK(d.name == dk.title);
  CHECK(d.record_id == dk.id);
  CHECK(d.status == "appointed");
  CHECK(d.status == dk.status);
  CHECK(d.status_sentence == dk.status_sentence);
  CHECK(in_labelled_paragraph(d.status_sentence, d.status_source));
  REQUIRE(d.continent);
  CHECK(d.continent->label == "Europe");

  // The timeline is the corpus's involvement, entry for entry.
  REQUIRE(d.timeline.size() == dk.involvement.size());
  for (std::size_t i = 0; i < d.timeline.size(); ++i) {
    const auto& entry = d.timeline[i];
    const auto& inv = dk.involvement[i];
    INFO("timeline entry " << i << ": " << entry.role);
    CHECK(entry.role == inv.role);
    CHECK(entry.role_label == r2p::role_label(inv.role));
    CHECK(entry.date == inv.date.iso());
    CHECK((entry.meeting ? entry.meeting->id : std::string()) == inv.meeting);
    if (entry.meeting) CHECK(entry.meeting->label == record(inv.meeting).title);
    CHECK(entry.sentence == inv.sentence);
    CHECK_FALSE(entry.sentence.empty());
    CHECK(contains_text(entry.sentence, "Denmark"));
    CHECK(entry.source == r2p::source_label(dk.source_document, {inv.paragraph}));
    CHECK(in_labelled_paragraph(entry.sentence, entry.source));
  }

  // The acceptance criteria, by role.
  auto entry_with = [&](const std::string& role) -> const r2p::TimelineEntry& {
    for (const auto& e : d.timeline)
      if (e.role == role) return e;
    FAIL("Denmark's timeline has no " << role);
    throw std::logic_error("unreachable");
  };
  const auto& launch = entry_with("launched-initiative");
  CHECK(launch.date.substr(0, 4) == "2010");
  REQUIRE(launch.meeting);
  CHECK(launch.meeting->id == "launch-2010");
  CHECK(contains_text(entry_with("facilitating-group").sentence, "facilitating group"));
  CHECK(contains_text(entry_with("recommendations-input").sentence, "input from"));
  const auto& intervention = entry_with("noteworthy-intervention");
  REQUIRE(intervention.meeting);
  CHECK(intervention.meeting->id == "meeting-2012");
  CHECK(contains_text(intervention.sentence, "noteworthy"));
  const auto& cohost = entry_with("co-host");
  REQUIRE(cohost.meeting);
  CHECK(cohost.meeting->id == "accra-2013");
  CHECK(contains_text(cohost.sentence, "co-hosted"));

  // Chronological, undated last.
  for (std::size_t i = 1; i < d.timeline.size(); ++i) {
    const auto a = r2p::parse_partial_date(d.timeline[i - 1].date);
    const auto b = r2p::parse_partial_date(d.timeline[i].date);
    CHECK(chronological_key(a.value_or(r2p::PartialDate{})) <=
          chronological_key(b.value_or(r2p::PartialDate{})));
  }
  CHECK(d.timeline.back().date.empty());

  // Mentioned in: every other record tied to Denmark, and nothing else.
  std::set<std::string> expected, got;
  for (const auto& r : records())
    if (r.id != dk.id && contains(r.countries, "DK")) {
      CHECK(r.type != r2p::RecordType::country);
      expected.insert(r.id);
    }
  for (const auto& ref : d.mentioned_in) got.insert(ref.id);
  CHECK(got.size() == d.mentioned_in.size());
  CHECK(got == expected);
  CHECK(expected.count("accra-2013") == 1);
  CHECK(expected.count("launch-2010") == 1);
}

TEST_CASE("Denmark's dossier is the same whichever spelling names it", "[entities][dossier]") {
  std::string first;
  for (const std::string name : {"Denmark", "Dinamarca", "DK", "DNK"}) {
    INFO("--dossier " << name);
    const auto target = r2p::resolve_dossier_target(name, index());
    REQUIRE(target.kind == r2p::DossierTarget::Kind::country);
    const auto json = r2p::dossier_json(r2p::country_dossier(target.id, index()));
    CHECK(json.at("country").at("code") == "DK");
    CHECK(json.at("timeline").size() == country_record("DK").involvement.size());
    const std::string dumped = json.dump(2);
    if (first.empty()) first = dumped;
    CHECK(dumped == first);
  }
}

TEST_CASE("every country's dossier matches its corpus record", "[entities][dossier]") {
  const auto countries = records_of(r2p::RecordType::country);
  REQUIRE(countries.size() == 39);
  for (const auto& c : countries) {
    INFO("country " << c.country_code);
    const r2p::CountryDossier d = r2p::country_dossier(c.country_code, index());
    CHECK(d.record_id == c.id);
    CHECK(d.name == r2p::english_name(c.country_code));  // ISO's name; the page's is an alias
    CHECK(d.status == c.status);
    CHECK(d.status_date == c.status_date.iso());
    CHECK(d.status_sentence == c.status_sentence);
    CHECK(in_labelled_paragraph(d.status_sentence, d.status_source));
    REQUIRE(d.timeline.size() == c.involvement.size());

    // The corpus's involvement put in chronological order (undated last, ties kept in order).
    auto expected = c.involvement;
    std::stable_sort(expected.begin(), expected.end(),
                     [](const r2p::Involvement& a, const r2p::Involvement& b) {
                       return chronological_key(a.date) < chronological_key(b.date);
                     });
    for (std::size_t i = 0; i < d.timeline.size(); ++i) {
      const auto& entry = d.timeline[i];
      INFO("timeline entry " << i << ": " << entry.role);
      CHECK(entry.role == expected[i].role);
      CHECK(entry.date == expected[i].date.iso());
      CHECK((entry.meeting ? entry.meeting->id : std::string()) == expected[i].meeting);
      CHECK(entry.sentence == expected[i].sentence);
      CHECK_FALSE(entry.sentence.empty());
      CHECK(in_labelled_paragraph(entry.sentence, entry.source));
      // The sentence names the country (in the page's spelling, which the gazetteer knows).
      bool named = false;
      for (const auto& mention : gazetteer().countries_in_text(entry.sentence))
        named = named || mention.id == c.country_code;
      CHECK(named);
    }

    std::set<std::string> expected_mentions;
    for (const auto& r : records())
      if (r.id != c.id && contains(r.countries, c.country_code)) expected_mentions.insert(r.id);
    std::set<std::string> got;
    for (const auto& ref : d.mentioned_in) got.insert(ref.id);
    CHECK(got == expected_mentions);
    CHECK(got.size() == d.mentioned_in.size());
    for (std::size_t i = 1; i < d.mentioned_in.size(); ++i) {
      const auto a = r2p::parse_partial_date(d.mentioned_in[i - 1].date);
      const auto b = r2p::parse_partial_date(d.mentioned_in[i].date);
      CHECK(chronological_key(a.value_or(r2p::PartialDate{})) <=
            chronological_key(b.value_or(r2p::PartialDate{})));
    }
  }
}

TEST_CASE("a country the corpus does not name has an empty dossier", "[entities][dossier]") {
  std::set<std::string> tied;
  for (const auto& r : records())
    for (const auto& code : r.countries) tied.insert(code);
  REQUIRE(tied.count("JP") == 0);
  const r2p::CountryDossier d = r2p::country_dossier("JP", index());
  CHECK(d.alpha2 == "JP");
  CHECK(d.record_id.empty());
  CHECK(d.status.empty());
  CHECK(d.timeline.empty());
  CHECK(d.mentioned_in.empty());
  CHECK(usage_error_of([] { r2p::country_dossier("XX", index()); }).find("XX") !=
        std::string::npos);
}

TEST_CASE("the Accra meeting page: hosts, announcements, figures, first in Africa",
          "[entities][meeting]") {
  const r2p::Record& accra = record("accra-2013");
  REQUIRE(r2p::resolve_dossier_target("Accra", index()).id == accra.id);
  const r2p::MeetingPage m = r2p::meeting_page("accra-2013", index());
  CHECK(m.page.record.id == accra.id);

  const auto host_countries = ids_of(m.page.host_countries);
  CHECK(host_countries == accra.host_countries);
  CHECK(contains(host_countries, "DK"));
  CHECK(contains(host_countries, "GH"));
  const auto host_organisations = ids_of(m.page.host_organisations);
  CHECK(host_organisations == accra.host_organisations);
  CHECK(contains(host_organisations, "kaiptc"));

  // Announcements: exactly the countries whose involvement announces something at Accra.
  std::set<std::string> announced;
  for (const auto& c : records_of(r2p::RecordType::country))
    for (const auto& inv : c.involvement)
      if (inv.meeting == accra.id && inv.role.rfind("announced-", 0) == 0) {
        CHECK(inv.role == "announced-intention");
        announced.insert(c.country_code);
      }
  CHECK(announced == std::set<std::string>{"BI", "CD", "LR"});
  std::set<std::string> got;
  for (const auto& a : m.announcements) {
    CHECK(a.role == "announced-intention");
    CHECK(a.role_label == r2p::role_label("announced-intention"));
    CHECK(
        in_labelled_paragraph(a.sentence, r2p::source_label(accra.source_document, accra.source)));
    got.insert(a.country.id);
  }
  CHECK(m.announcements.size() == 3);
  CHECK(got == announced);

  std::vector<std::string> figures;
  for (const auto& p : m.page.record.participation) figures.push_back(p.text);
  CHECK(contains(figures, "More than thirty-five countries"));
  CHECK(figures.size() == accra.participation.size());
  bool first_in_africa = false;
  for (const auto& h : m.page.record.highlights)
    first_in_africa = first_in_africa ||
                      contains_text(h, "first meeting of the Global Network to be held in Africa");
  CHECK(first_in_africa);

  std::vector<std::string> regions;
  for (const auto& r : m.venue_regions) regions.push_back(r.label);
  CHECK(regions == std::vector<std::string>{"Africa", "Western Africa"});
  const r2p::Country* ghana = gazetteer().country(accra.venue_country);
  REQUIRE(ghana);
  CHECK(ids_of(m.venue_regions) == std::vector<std::string>{ghana->continent, ghana->subregion});

  std::ostringstream text;
  r2p::render_meeting_text(m, r2p::TextStyle{false}, text);
  const std::string flat = flatten(text.str());
  CHECK(text.str().find('\x1b') == std::string::npos);
  for (const std::string wanted :
       {"Kofi Annan International Peacekeeping Training Centre", "Burundi", "Liberia",
        "Democratic Republic of the Congo", "thirty-five", "Denmark", "Ghana",
        "three regional organizations", "first meeting of the Global Network to be held in Africa",
        "Western Africa"}) {
    INFO(wanted);
    CHECK(contains_text(flat, wanted));
  }
}

TEST_CASE("every meeting page lists every country's role there", "[entities][meeting]") {
  for (const auto& meeting : records_of(r2p::RecordType::meeting)) {
    INFO("meeting " << meeting.id);
    const r2p::MeetingPage m = r2p::meeting_page(meeting.id, index());
    std::multiset<std::pair<std::string, std::string>> expected, got;
    std::set<std::string> with_role;
    for (const auto& c : records_of(r2p::RecordType::country))
      for (const auto& inv : c.involvement)
        if (inv.meeting == meeting.id) {
          expected.insert({c.country_code, inv.role});
          with_role.insert(c.country_code);
        }
    for (const auto& code : meeting.countries)
      if (!with_role.count(code)) expected.insert({code, "mentioned"});
    for (const auto& role : m.roles) {
      got.insert({role.country.id, role.role});
      CHECK(role.country.label == r2p::english_name(role.country.id));
      CHECK(role.sentence.empty() == (role.role == "mentioned"));
    }
    CHECK(got == expected);

    std::set<std::string> expected_recs, got_recs;
    for (const auto& r : records_of(r2p::RecordType::recommendation))
      if (contains(r.meetings, meeting.id)) expected_recs.insert(r.id);
    for (const auto& ref : m.recommendations) got_recs.insert(ref.id);
    CHECK(got_recs == expected_recs);
  }
  const std::string message = usage_error_of([] { r2p::meeting_page("country-dk", index()); });
  CHECK(contains_text(message, "not a meeting"));
}

TEST_CASE("country × meeting matrix: every cell from the corpus", "[entities][matrix]") {
  const r2p::Matrix matrix = r2p::role_matrix(r2p::MatrixRequest{}, index());
  const auto countries = countries_by_label();
  const auto meetings = meetings_by_date();
  CHECK(matrix.row_kind == "country");
  CHECK(matrix.column_kind == "meeting");
  REQUIRE(countries.size() == 39);
  REQUIRE(meetings.size() == 6);
  std::vector<r2p::Labelled> columns;
  for (const auto& m : meetings) columns.push_back({m.id, m.title});
  check_matrix(matrix, countries, columns, [&](const r2p::Record& country, std::size_t c) {
    return expected_meeting_cell(country, meetings[c]);
  });
  for (std::size_t r = 0; r < countries.size(); ++r)
    CHECK(matrix.rows[r].label == r2p::english_name(countries[r].country_code));

  // A few cells the issue names, found by id rather than position.
  auto cell = [&](const std::string& code, const std::string& meeting_id) {
    for (std::size_t r = 0; r < matrix.rows.size(); ++r)
      for (std::size_t c = 0; c < matrix.columns.size(); ++c)
        if (matrix.rows[r].id == code && matrix.columns[c].id == meeting_id)
          return matrix.cells[r][c];
    FAIL("no cell " << code << " × " << meeting_id);
    return std::vector<std::string>{};
  };
  CHECK(contains(cell("DK", "accra-2013"), "co-host"));
  CHECK(contains(cell("DK", "launch-2010"), "launched-initiative"));
  CHECK(contains(cell("DK", "meeting-2012"), "noteworthy-intervention"));
  CHECK(cell("BI", "accra-2013") == std::vector<std::string>{"announced-intention"});
  CHECK(cell("AT", "ljubljana-2013") == std::vector<std::string>{"announced-appointment"});
}

TEST_CASE("the matrix agrees with the dossiers", "[entities][matrix][dossier]") {
  const r2p::Matrix matrix = r2p::role_matrix(r2p::MatrixRequest{}, index());
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    const r2p::CountryDossier d = r2p::country_dossier(matrix.rows[r].id, index());
    CHECK(d.name == matrix.rows[r].label);
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      INFO(matrix.rows[r].id << " at " << matrix.columns[c].id);
      std::vector<std::string> from_dossier;
      for (const auto& e : d.timeline)
        if (e.meeting && e.meeting->id == matrix.columns[c].id && !contains(from_dossier, e.role))
          from_dossier.push_back(e.role);
      if (from_dossier.empty())
        for (const auto& ref : d.mentioned_in)
          if (ref.id == matrix.columns[c].id) from_dossier.push_back("mentioned");
      CHECK(matrix.cells[r][c] == from_dossier);
    }
  }
}

TEST_CASE("country × year matrix: every cell from the corpus", "[entities][matrix]") {
  r2p::MatrixRequest request;
  request.columns = r2p::MatrixColumns::year;
  const r2p::Matrix matrix = r2p::role_matrix(request, index());
  const auto countries = countries_by_label();
  const auto years = corpus_years();
  CHECK(matrix.column_kind == "year");
  std::vector<r2p::Labelled> columns;
  for (int year : years) columns.push_back({std::to_string(year), std::to_string(year)});
  check_matrix(matrix, countries, columns, [&](const r2p::Record& country, std::size_t c) {
    return expected_year_cell(country, years[c]);
  });
}

TEST_CASE("matrix filters: region, status, year", "[entities][matrix]") {
  const r2p::Matrix all = r2p::role_matrix(r2p::MatrixRequest{}, index());
  auto row_of = [&](const std::string& code) {
    for (std::size_t r = 0; r < all.rows.size(); ++r)
      if (all.rows[r].id == code) return r;
    FAIL("no row " << code);
    return std::size_t{0};
  };

  SECTION("regions keep the countries in any of them, continent or sub-region") {
    for (const std::vector<std::string>& regions :
         {std::vector<std::string>{"150"}, std::vector<std::string>{"011"},
          std::vector<std::string>{"154", "019"}}) {
      INFO("regions " << regions.front() << (regions.size() > 1 ? " ..." : ""));
      r2p::MatrixRequest request;
      request.regions = regions;
      const r2p::Matrix m = r2p::role_matrix(request, index());
      std::vector<std::string> expected;
      for (const auto& c : countries_by_label()) {
        const r2p::Country* country = gazetteer().country(c.country_code);
        REQUIRE(country);
        if (contains(regions, country->continent) || contains(regions, country->subregion))
          expected.push_back(c.country_code);
      }
      REQUIRE_FALSE(expected.empty());
      CHECK(expected.size() < all.rows.size());
      CHECK(ids_of(m.rows) == expected);
      CHECK(m.columns.size() == all.columns.size());
      for (std::size_t r = 0; r < m.rows.size(); ++r)
        CHECK(m.cells[r] == all.cells[row_of(m.rows[r].id)]);
    }
    r2p::MatrixRequest europe;
    europe.regions = {"150"};
    for (const auto& row : r2p::role_matrix(europe, index()).rows)
      CHECK(gazetteer().country(row.id)->continent == "150");
  }

  SECTION("statuses keep the countries with that focal-point status") {
    r2p::MatrixRequest request;
    request.statuses = {"intention"};
    const r2p::Matrix m = r2p::role_matrix(request, index());
    std::vector<std::string> expected;
    for (const auto& c : countries_by_label())
      if (c.status == "intention") expected.push_back(c.country_code);
    CHECK(expected == std::vector<std::string>{"BI", "LR"});
    CHECK(ids_of(m.rows) == expected);
    for (std::size_t r = 0; r < m.rows.size(); ++r)
      CHECK(m.cells[r] == all.cells[row_of(m.rows[r].id)]);

    request.statuses = {"appointed"};
    CHECK(r2p::role_matrix(request, index()).rows.size() == all.rows.size() - expected.size());
  }

  SECTION("years keep the meetings of those years as columns") {
    r2p::MatrixRequest request;
    request.years = std::vector<int>{2013};
    const r2p::Matrix m = r2p::role_matrix(request, index());
    std::vector<std::string> expected;
    for (const auto& meeting : meetings_by_date())
      if (meeting.date.year == 2013) expected.push_back(meeting.id);
    CHECK(expected.size() == 2);
    CHECK(ids_of(m.columns) == expected);
    REQUIRE(m.rows.size() == all.rows.size());
    const auto all_columns = ids_of(all.columns);
    for (std::size_t r = 0; r < m.rows.size(); ++r) {
      for (std::size_t c = 0; c < m.columns.size(); ++c) {
        const auto at = std::find(all_columns.begin(), all_columns.end(), m.columns[c].id);
        REQUIRE(at != all_columns.end());
        CHECK(m.cells[r][c] == all.cells[r][static_cast<std::size_t>(at - all_columns.begin())]);
      }
    }

    request.columns = r2p::MatrixColumns::year;
    const r2p::Matrix by_year = r2p::role_matrix(request, index());
    CHECK(ids_of(by_year.columns) == std::vector<std::string>{"2013"});

    request.years = std::vector<int>{};
    CHECK(r2p::role_matrix(request, index()).columns.empty());
  }
}

TEST_CASE("matrix CSV parses into a header and one row per country", "[entities][matrix][csv]") {
  for (const auto columns : {r2p::MatrixColumns::meeting, r2p::MatrixColumns::year}) {
    r2p::MatrixRequest request;
    request.columns = columns;
    const r2p::Matrix matrix = r2p::role_matrix(request, index());
    std::ostringstream out;
    r2p::render_matrix_csv(matrix, out);
    const auto rows = parse_csv(out.str());
    const std::size_t expected_columns =
        columns == r2p::MatrixColumns::meeting ? meetings_by_date().size() : corpus_years().size();
    REQUIRE(rows.size() == 1 + records_of(r2p::RecordType::country).size());
    std::vector<std::string> header = {"country", "code"};
    for (const auto& column : matrix.columns) header.push_back(column.id);
    CHECK(rows[0] == header);
    CHECK(rows[0].size() == 2 + expected_columns);
    for (std::size_t r = 1; r < rows.size(); ++r) {
      REQUIRE(rows[r].size() == 2 + expected_columns);
      CHECK(rows[r][0] == matrix.rows[r - 1].label);
      CHECK(rows[r][1] == matrix.rows[r - 1].id);
      for (std::size_t c = 0; c < expected_columns; ++c) {
        INFO(rows[r][1] << " × " << rows[0][c + 2]);
        CHECK(rows[r][c + 2] == joined_labels(matrix.cells[r - 1][c]));
      }
    }
  }
  // The CSV reader itself: quoting, doubled quotes, line breaks inside quotes.
  CHECK(parse_csv("a,\"b,c\",\"d\"\"e\"\r\n\"f\ng\",,h\r\n") ==
        std::vector<std::vector<std::string>>{{"a", "b,c", "d\"e"}, {"f\ng", "", "h"}});
}

TEST_CASE("record pages for every corpus record, and unknown ids name the closest",
          "[entities][record]") {
  for (const auto& r : records()) {
    INFO("record " << r.id);
    const r2p::RecordPage page = r2p::record_page(r.id, index());
    CHECK(page.record.id == r.id);
    CHECK(page.record.type == r.type);
    CHECK(page.record.title == r.title);
    CHECK(page.record.text == r.text);
    CHECK(page.source == r2p::source_label(r.source_document, r.source));
    CHECK(ids_of(page.countries) == r.countries);
    CHECK(ids_of(page.meetings) == r.meetings);
    CHECK(ids_of(page.host_countries) == r.host_countries);
    CHECK(ids_of(page.input_countries) == r.input_countries);
    for (const auto& c : page.countries) CHECK(c.label == r2p::english_name(c.id));
    for (const auto& m : page.meetings) CHECK(m.label == record(m.id).title);
    for (const auto& paragraph : r.text) CHECK(in_labelled_paragraph(paragraph, page.source));
  }

  for (const std::string unknown : {"acra-2013", "nosuch", "country-xx"}) {
    INFO("--show " << unknown);
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& r : records()) scored.emplace_back(r2p::edit_distance(unknown, r.id), r.id);
    std::sort(scored.begin(), scored.end());
    const std::string message = usage_error_of([&] { r2p::record_page(unknown, index()); });
    CHECK(contains_text(message, "'" + unknown + "'"));
    for (std::size_t i = 0; i < 3; ++i) CHECK(contains_text(message, "'" + scored[i].second + "'"));
  }
  CHECK(contains_text(usage_error_of([] { r2p::record_page("acra-2013", index()); }),
                      "'accra-2013'"));
}

// Regression: --show took ids case-sensitively (--dossier and --meeting fold them), so
// "--show ACCRA-2013" failed and "--show Country-DK" suggested country-al, -ar, -at.
TEST_CASE("record and meeting pages take ids in any case", "[entities][record][regression]") {
  const r2p::RecordPage upper = r2p::record_page("ACCRA-2013", index());
  CHECK(upper.record.id == "accra-2013");
  CHECK(r2p::record_page("Country-DK", index()).record.id == "country-dk");
  const std::string message = usage_error_of([] { r2p::record_page("Country-DKK", index()); });
  CHECK(contains_text(message, "'country-dk'"));

  const r2p::MeetingPage lower = r2p::meeting_page("accra-2013", index());
  const r2p::MeetingPage mixed = r2p::meeting_page("Accra-2013", index());
  CHECK(r2p::meeting_json(mixed).dump() == r2p::meeting_json(lower).dump());
  CHECK(mixed.roles.size() == lower.roles.size());
  CHECK_FALSE(mixed.announcements.empty());
}

namespace {

std::string record_title(const std::string& id) {
  return record(id).title;
}

/// Checks that `name`, as --dossier takes it, opens the dossier of `kind` `id`.
void check_opens(const std::string& name, r2p::DossierTarget::Kind kind, const std::string& id) {
  INFO("--dossier " << name);
  const auto target = r2p::resolve_dossier_target(name, index());
  CHECK(target.kind == kind);
  CHECK(target.id == id);
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

/// The organisation records' ids whose roles `sentence` states, in corpus order (the join the
/// timelines show), leaving out `self`.
std::vector<std::string> organisations_sharing(const std::string& sentence,
                                               const std::string& self) {
  std::vector<std::string> ids;
  for (const auto& org : records_of(r2p::RecordType::organisation))
    for (const auto& inv : org.involvement)
      if (inv.sentence == sentence && org.id != self && !contains(ids, org.id))
        ids.push_back(org.id);
  return ids;
}

/// `record`'s involvement in chronological order (undated last, ties in corpus order).
std::vector<r2p::Involvement> chronological(const r2p::Record& record) {
  auto expected = record.involvement;
  std::stable_sort(expected.begin(), expected.end(),
                   [](const r2p::Involvement& a, const r2p::Involvement& b) {
                     return chronological_key(a.date) < chronological_key(b.date);
                   });
  return expected;
}

/// A dossier's timeline is its record's involvement, in chronological order, each sentence in the
/// paragraph it cites, each with the organisations that share its sentence (`self` aside).
void check_timeline(const std::vector<r2p::TimelineEntry>& timeline, const r2p::Record& record,
                    const std::string& self) {
  const auto expected = chronological(record);
  REQUIRE(timeline.size() == expected.size());
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    const auto& entry = timeline[i];
    INFO("timeline entry " << i << ": " << entry.role);
    CHECK(entry.role == expected[i].role);
    CHECK(entry.role_label == r2p::role_label(expected[i].role));
    CHECK(entry.date == expected[i].date.iso());
    CHECK((entry.meeting ? entry.meeting->id : std::string()) == expected[i].meeting);
    if (entry.meeting) CHECK(entry.meeting->label == record_title(entry.meeting->id));
    CHECK(entry.sentence == expected[i].sentence);
    CHECK_FALSE(entry.sentence.empty());
    CHECK(entry.source == r2p::source_label(record.source_document, {expected[i].paragraph}));
    CHECK(in_labelled_paragraph(entry.sentence, entry.source));
    CHECK(ids_of(entry.organisations) == organisations_sharing(entry.sentence, self));
    for (const auto& org : entry.organisations) CHECK(org.label == record_title(org.id));
  }
}

/// The set of ids of `refs`, checking they are unique and in chronological order.
std::set<std::string> chronological_ids(const std::vector<r2p::RecordRef>& refs) {
  std::set<std::string> ids;
  for (const auto& ref : refs) {
    CHECK(ref.title == record_title(ref.id));
    ids.insert(ref.id);
  }
  CHECK(ids.size() == refs.size());
  for (std::size_t i = 1; i < refs.size(); ++i) {
    const auto a = r2p::parse_partial_date(refs[i - 1].date);
    const auto b = r2p::parse_partial_date(refs[i].date);
    CHECK(chronological_key(a.value_or(r2p::PartialDate{})) <=
          chronological_key(b.value_or(r2p::PartialDate{})));
  }
  return ids;
}

std::vector<r2p::Labelled> country_labels(const std::vector<std::string>& codes) {
  std::vector<r2p::Labelled> out;
  for (const auto& code : codes) out.push_back({code, r2p::english_name(code)});
  return out;
}

bool same_labels(const std::vector<r2p::Labelled>& a, const std::vector<r2p::Labelled>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].id != b[i].id || a[i].label != b[i].label) return false;
  return true;
}

}  // namespace

TEST_CASE(
    "every organisation's dossier: by every name, its record's roles, people, countries "
    "and the records tied to it",
    "[entities][dossier][organisation]") {
  const auto organisations = records_of(r2p::RecordType::organisation);
  REQUIRE(organisations.size() == 8);
  for (const auto& org : organisations) {
    INFO("organisation " << org.id);
    const r2p::Organisation* alias = r2p::test::linked_corpus().aliases.organisation(org.id);
    REQUIRE(alias);
    REQUIRE_FALSE(alias->term);
    CHECK(org.title == alias->name);

    // By id, full name, each acronym and other name, in any case.
    std::vector<std::string> names = {org.id, alias->name, lower(alias->name), upper(alias->name)};
    for (const auto& acronym : alias->acronyms)
      for (const auto& spelling : {acronym, lower(acronym)}) names.push_back(spelling);
    for (const auto& variant : alias->variants) names.push_back(variant);
    for (const auto& name : names)
      check_opens(name, r2p::DossierTarget::Kind::organisation, org.id);

    const r2p::EntityDossier d = r2p::organisation_dossier(org.id, index());
    CHECK(d.kind == "organisation");
    CHECK(d.id == org.id);
    CHECK(d.name == alias->name);
    CHECK(d.acronyms == alias->acronyms);
    CHECK(d.other_names == alias->variants);
    CHECK(d.record_id == org.id);
    check_timeline(d.timeline, org, org.id);
    CHECK(same_labels(d.countries, country_labels(org.countries)));
    // Every country the role sentences name, and only those.
    std::set<std::string> named;
    for (const auto& inv : org.involvement)
      for (const auto& mention : gazetteer().countries_in_text(inv.sentence))
        named.insert(mention.id);
    CHECK(std::set<std::string>(org.countries.begin(), org.countries.end()) == named);

    // The people who represent it, and the other records tied to it: brute force.
    std::set<std::string> people, tied;
    for (const auto& r : records()) {
      if (r.id == org.id || !contains(r.organisations, org.id)) continue;
      tied.insert(r.id);
      if (r.type == r2p::RecordType::person) people.insert(r.id);
    }
    std::set<std::string> got_people;
    for (const auto& p : d.people) {
      CHECK(p.label == record_title(p.id));
      got_people.insert(p.id);
    }
    CHECK(got_people == people);
    CHECK(chronological_ids(d.mentioned_in) == tied);
  }
  // A few the issue names.
  const auto un = r2p::organisation_dossier("un", index());
  CHECK(ids_of(un.people) == std::vector<std::string>{"person-adama-dieng"});
  const auto kaiptc = r2p::organisation_dossier("kaiptc", index());
  REQUIRE(kaiptc.timeline.size() == 1);
  CHECK(kaiptc.timeline[0].meeting->id == "accra-2013");
  CHECK(ids_of(kaiptc.timeline[0].organisations) == std::vector<std::string>{"global-centre"});
  CHECK(ids_of(kaiptc.countries) == std::vector<std::string>{"GH", "DK"});
  CHECK(usage_error_of([] { r2p::organisation_dossier("r2p", index()); }).find("'r2p'") !=
        std::string::npos);
}

TEST_CASE("every person's dossier: by name and surname, roles, organisations, where named",
          "[entities][dossier][person]") {
  const auto people = records_of(r2p::RecordType::person);
  REQUIRE(people.size() == 1);
  for (const auto& person : people) {
    INFO("person " << person.id);
    std::vector<std::string> names = {person.id, person.title, person.name, "Mr. " + person.name,
                                      upper(person.name)};
    // The surname alone, when no other person has it.
    const std::string surname = person.name.substr(person.name.rfind(' ') + 1);
    std::size_t sharing = 0;
    for (const auto& other : people)
      if (other.name.substr(other.name.rfind(' ') + 1) == surname) ++sharing;
    if (sharing == 1) names.push_back(surname);
    for (const auto& name : names) check_opens(name, r2p::DossierTarget::Kind::person, person.id);

    const r2p::EntityDossier d = r2p::person_dossier(person.id, index());
    CHECK(d.kind == "person");
    CHECK(d.id == person.id);
    CHECK(d.name == person.title);
    CHECK(d.written_name == person.name);
    CHECK(d.position == person.position);
    CHECK(d.record_id == person.id);
    CHECK(ids_of(d.organisations) == person.organisations);
    for (const auto& org : d.organisations) CHECK(org.label == record_title(org.id));
    check_timeline(d.timeline, person, "");
    CHECK(same_labels(d.countries, country_labels(person.countries)));

    // Where the person is named: the meetings that list them among their people and those
    // where they had a role.
    std::set<std::string> tied;
    for (const auto& r : records()) {
      if (r.id == person.id) continue;
      bool named = contains(person.meetings, r.id);
      for (const auto& p : r.people) named = named || p.name == person.name;
      if (named) tied.insert(r.id);
    }
    CHECK_FALSE(tied.empty());
    CHECK(chronological_ids(d.mentioned_in) == tied);
  }
  const auto dieng = r2p::person_dossier("person-adama-dieng", index());
  REQUIRE(dieng.timeline.size() == 1);
  CHECK(ids_of(dieng.timeline[0].organisations) == std::vector<std::string>{"eu", "icc", "osce"});
  CHECK(usage_error_of([] { r2p::person_dossier("country-dk", index()); }).find("country-dk") !=
        std::string::npos);
}

TEST_CASE("organisation and person dossiers render every role and name in text and JSON",
          "[entities][dossier][render]") {
  for (const auto& r : records()) {
    if (r.type != r2p::RecordType::organisation && r.type != r2p::RecordType::person) continue;
    INFO("dossier " << r.id);
    const r2p::EntityDossier d = r.type == r2p::RecordType::person
                                     ? r2p::person_dossier(r.id, index())
                                     : r2p::organisation_dossier(r.id, index());
    std::ostringstream text;
    r2p::render_entity_dossier_text(d, r2p::TextStyle{false}, text);
    const std::string flat = flatten(text.str());
    CHECK(contains_text(flat, d.name));
    for (const auto& inv : r.involvement) CHECK(contains_text(flat, "\"" + inv.sentence + "\""));
    const auto json = r2p::entity_dossier_json(d);
    CHECK(json.at("kind") == to_string(r.type));
    CHECK(json.at("id") == r.id);
    CHECK(json.at("timeline").size() == r.involvement.size());
    CHECK(json.at("mentioned_in").size() == d.mentioned_in.size());
  }
}

TEST_CASE(
    "country dossiers: each role with the organisations whose roles the same sentence "
    "states",
    "[entities][dossier][organisation]") {
  std::size_t joined = 0;
  for (const auto& c : records_of(r2p::RecordType::country)) {
    INFO("country " << c.country_code);
    const r2p::CountryDossier d = r2p::country_dossier(c.country_code, index());
    for (const auto& entry : d.timeline) {
      INFO(entry.role << " " << entry.date);
      CHECK(ids_of(entry.organisations) == organisations_sharing(entry.sentence, ""));
      for (const auto& org : entry.organisations) CHECK(org.label == record_title(org.id));
      joined += entry.organisations.size();
    }
  }
  CHECK(joined > 0);
  const r2p::CountryDossier dk = r2p::country_dossier("DK", index());
  bool accra = false;
  for (const auto& entry : dk.timeline)
    if (entry.role == "co-host" && entry.meeting && entry.meeting->id == "accra-2013") {
      accra = true;
      CHECK(ids_of(entry.organisations) == std::vector<std::string>{"global-centre", "kaiptc"});
    }
  CHECK(accra);
  const auto json = r2p::dossier_json(dk);
  CHECK(json.at("kind") == "country");
  for (const auto& entry : json.at("timeline")) CHECK(entry.at("organisations").is_array());
}

TEST_CASE("meeting pages link people and organisations to their dossiers",
          "[entities][meeting][organisation]") {
  std::size_t linked = 0;
  for (const auto& meeting : records_of(r2p::RecordType::meeting)) {
    INFO("meeting " << meeting.id);
    const r2p::MeetingPage m = r2p::meeting_page(meeting.id, index());
    REQUIRE(m.page.people_ids.size() == meeting.people.size());
    for (std::size_t i = 0; i < meeting.people.size(); ++i) {
      std::string expected;
      for (const auto& p : records_of(r2p::RecordType::person))
        if (p.name == meeting.people[i].name) expected = p.id;
      CHECK(m.page.people_ids[i] == expected);
      if (!expected.empty()) {
        ++linked;
        CHECK(r2p::resolve_dossier_target(expected, index()).kind ==
              r2p::DossierTarget::Kind::person);
      }
    }
    const auto json = r2p::meeting_json(m);
    CHECK(json.at("kind") == "meeting");
    for (std::size_t i = 0; i < meeting.people.size(); ++i) {
      const auto& id = json.at("meeting").at("people").at(i).at("id");
      CHECK((m.page.people_ids[i].empty() ? id.is_null() : id == m.page.people_ids[i]));
    }
    // Every organisation label is an id that opens that organisation's dossier.
    for (const auto* list : {&m.page.host_organisations, &m.page.organisations})
      for (const auto& org : *list)
        check_opens(org.id, r2p::DossierTarget::Kind::organisation, org.id);
  }
  CHECK(linked > 0);
}

namespace {

/// The corpus with a second Dieng, an organisation sharing the ICC's acronym and one going by
/// Canada's alpha-3 code, indexed once: names that fit several dossiers.
struct AmbiguousFixture {
  r2p::test::TempDir dir;
  std::unique_ptr<r2p::Index> index;

  AmbiguousFixture() {
    r2p::AliasTable aliases = r2p::test::linked_corpus().aliases;
    aliases.organisations.push_back(
        {"icc-commerce", "International Chamber of Commerce", {"ICC"}, {}, false});
    aliases.organisations.push_back(
        {"can-network", "Caribbean Accord Network", {"CAN"}, {}, false});
    std::vector<r2p::Record> records = r2p::test::linked_corpus().records;
    r2p::Record awa;
    awa.id = "person-awa-dieng";
    awa.type = r2p::RecordType::person;
    awa.title = awa.name = "Awa Dieng";
    awa.text = {"Awa Dieng is a second person of that surname."};
    records.push_back(awa);
    const r2p::Gazetteer gazetteer(aliases);
    const std::string db = (dir.path() / "db").string();
    r2p::write_index(records, aliases, gazetteer, db);
    index = std::make_unique<r2p::Index>(db);
  }
};

r2p::Index& ambiguous_index() {
  static AmbiguousFixture instance;
  return *instance.index;
}

}  // namespace

TEST_CASE(
    "dossier targets: names that fit several organisations, people or a country list "
    "them all",
    "[entities][dossier][errors]") {
  r2p::Index& idx = ambiguous_index();
  struct Row {
    std::string text;
    std::vector<std::string> candidates;
  };
  const std::vector<Row> rows = {
      {"Dieng",
       {"person 'person-adama-dieng' (Adama Dieng)", "person 'person-awa-dieng' (Awa Dieng)"}},
      {"ICC",
       {"organisation 'icc' (International Criminal Court)",
        "organisation 'icc-commerce' (International Chamber of Commerce)"}},
      {"CAN", {"country CA (Canada)", "organisation 'can-network' (Caribbean Accord Network)"}},
      {"can", {"country CA (Canada)", "organisation 'can-network' (Caribbean Accord Network)"}},
  };
  for (const auto& row : rows) {
    INFO("--dossier " << row.text);
    const std::string message = usage_error_of([&] { r2p::resolve_dossier_target(row.text, idx); });
    CHECK(contains_text(message, "'" + row.text + "' fits several"));
    for (const auto& candidate : row.candidates) CHECK(contains_text(message, candidate));
  }
  CHECK(contains_text(usage_error_of([&] { r2p::resolve_dossier_target("CAN", idx); }),
                      "give one of 'Canada', 'can-network'"));
  // Full names still fit one; "EU" stays the organisation.
  using Kind = r2p::DossierTarget::Kind;
  const std::vector<std::pair<std::string, Kind>> unique = {
      {"Adama Dieng", Kind::person},
      {"Awa Dieng", Kind::person},
      {"Caribbean Accord Network", Kind::organisation},
      {"International Criminal Court", Kind::organisation},
      {"Canada", Kind::country},
      {"EU", Kind::organisation},
      {"can-network", Kind::organisation}};
  for (const auto& [text, kind] : unique) {
    INFO("--dossier " << text);
    CHECK(r2p::resolve_dossier_target(text, idx).kind == kind);
  }
}
