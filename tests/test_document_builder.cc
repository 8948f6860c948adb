// Document builder tests: the terms a linked record must and must not become, its value slots
// (date and positional facet slots) and its stored record.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/gazetteer.h"
#include "core/record.h"
#include "core/record_json.h"
#include "core/schema.h"
#include "core/text.h"
#include "indexer/document_builder.h"
#include "indexer/linker.h"

namespace {

using r2p::Field;
using r2p::Record;
using r2p::RecordType;

const r2p::Gazetteer& gazetteer() {
  static const r2p::Gazetteer instance = [] {
    r2p::AliasTable aliases;
    aliases.countries = {{"Cote d'Ivoire", "CI"}, {"Bosnia- Herzegovina", "BA"}};
    aliases.organisations = {
        {"global-centre",
         "Global Centre for the Responsibility to Protect",
         {"GCR2P"},
         {"Global Centre for R2P", "Global Centre"}},
        {"kaiptc", "Kofi Annan International Peacekeeping Training Centre", {"KAIPTC"}, {}}};
    return r2p::Gazetteer(aliases);
  }();
  return instance;
}

r2p::PartialDate date(const std::string& iso) {
  return r2p::parse_partial_date(iso).value();
}

/// A record of `type` from the page (source/page.txt), paragraphs `source`.
Record page_record(const std::string& id, RecordType type, const std::string& title,
                   const std::vector<int>& source) {
  Record r;
  r.id = id;
  r.type = type;
  r.title = title;
  r.source_document = "source/page.txt";
  r.source = source;
  return r;
}

/// A meeting in Ghana, co-hosted by Denmark, as the reader would produce it (before linking).
Record accra_meeting() {
  Record r = page_record("accra-2013", RecordType::meeting,
                         "Third meeting of the Global Network, Accra", {16, 17});
  r.kind = "annual";
  r.date = date("2013-06-11");
  r.end_date = date("2013-06-12");
  r.venue_city = "Accra";
  r.venue_country = "GH";
  r.host_countries = {"DK", "GH"};
  r.host_organisations = {"global-centre"};
  // Stated twice on purpose: facet slots must still hold each country once.
  r.countries = {"DK", "GH", "DK"};
  r.text = {
      "The third meeting was held on 11 and 12 June 2013 in Accra, Ghana and was co-hosted by "
      "the governments of Denmark and Ghana along with the Kofi Annan International "
      "Peacekeeping Training Centre.",
      "The agenda aimed at encouraging genuine discussion of substantive issues."};
  return r;
}

/// A meeting the page gives no venue for.
Record first_meeting() {
  Record r = page_record("meeting-2011", RecordType::meeting,
                         "First meeting of national R2P Focal Points", {5});
  r.kind = "annual";
  r.date = date("2011-05");
  r.text = {"The first meeting of national R2P Focal Points was held in May 2011."};
  return r;
}

/// Denmark, whose text also names Australia and Costa Rica.
Record denmark() {
  Record r = page_record("country-dk", RecordType::country, "Denmark", {4, 13, 15, 16, 20, 21});
  r.country_code = "DK";
  r.status = "appointed";
  r.status_paragraph = 20;
  r.status_sentence =
      "Since September 2010, 37 countries have appointed a national R2P Focal Point:";
  r.involvement = {{"launched-initiative", date("2010-09"), "launch-2010", 4, "launched"},
                   {"noteworthy-intervention", date("2012-09-29"), "meeting-2012", 15,
                    "Particularly noteworthy were the interventions made by Denmark, Australia and "
                    "Costa Rica."},
                   {"co-host", date("2013-06-11"), "accra-2013", 16, "co-hosted"},
                   {"recommendations-input", {}, "", 13, "with input from"}};
  r.text = {
      "Particularly noteworthy were the interventions made by Denmark, Australia and Costa "
      "Rica.",
      r.status_sentence};
  return r;
}

/// A recommendation without a date.
Record undated_recommendation() {
  Record r = page_record("rec-appoint-focal-point", RecordType::recommendation,
                         "Appointment of a national R2P Focal Point", {3});
  r.text = {
      "An important step that governments can take is the appointment of a national R2P "
      "Focal Point."};
  return r;
}

Xapian::Document build(Record record) {
  r2p::link_record(record, gazetteer());
  Xapian::TermGenerator generator = r2p::make_term_generator();
  return r2p::build_document(record, gazetteer(), generator);
}

std::set<std::string> terms_of(const Xapian::Document& doc) {
  return {doc.termlist_begin(), doc.termlist_end()};
}

Xapian::termcount wdf_of(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
}

/// The schema prefix a term carries (the longest that matches), or "" for none.
std::string prefix_of(const std::string& term) {
  std::string best;
  for (const auto& spec : r2p::schema_fields()) {
    const std::string prefix = spec.prefix;
    if (term.compare(0, prefix.size(), prefix) == 0 && prefix.size() > best.size()) best = prefix;
  }
  return best;
}

/// The values of `field`'s boolean filter terms in `terms` (prefix and colon removed).
std::set<std::string> filter_values(const std::set<std::string>& terms, Field field) {
  const std::string prefix = r2p::field_spec(field).prefix;
  std::set<std::string> out;
  for (const auto& t : terms) {
    if (t.size() == prefix.size() || prefix_of(t) != prefix) continue;
    std::string value = t.substr(prefix.size());
    if (value[0] == ':') value.erase(0, 1);
    out.insert(value);
  }
  return out;
}

/// The values in `field`'s positional facet slots, in slot order, up to the first empty slot;
/// checks that exactly the last one carries the mark.
std::vector<std::string> facet_slot_values(const Xapian::Document& doc, Field field) {
  std::vector<std::string> out;
  const Xapian::valueno base = r2p::field_spec(field).facet_slot;
  bool last = false;
  for (Xapian::valueno k = 0; k < r2p::kSlotFacetStride; ++k) {
    const std::string stored = doc.get_value(base + k);
    if (stored.empty()) break;
    CHECK_FALSE(last);  // nothing follows the marked value
    out.emplace_back(r2p::facet_value(stored, last));
  }
  CHECK(last == !out.empty());
  return out;
}

/// "ZS" + stem: how the title prefix indexes a word.
std::string title_term(const std::string& word) {
  return "Z" + std::string(r2p::field_spec(Field::title).prefix) +
         r2p::stemmed_term(word).substr(1);
}

}  // namespace

TEST_CASE("a meeting in Ghana has its id, type, year, region, meeting and country terms",
          "[builder][terms]") {
  const Xapian::Document doc = build(accra_meeting());
  const auto terms = terms_of(doc);
  CAPTURE(std::vector<std::string>(terms.begin(), terms.end()));
  // Ghana is in Western Africa (011), in Africa (002).
  REQUIRE(gazetteer().country("GH")->continent == "002");
  REQUIRE(gazetteer().country("GH")->subregion == "011");
  for (const char* term : {"Qaccra-2013", "XTmeeting", "Y2013", "XR002", "XR011", "XMaccra-2013",
                           "NGH", "NDK", "XOglobal-centre", "XOkaiptc"}) {
    CAPTURE(term);
    CHECK(terms.count(term) == 1);
  }
  CHECK(terms.count(r2p::stemmed_term("discussion")) == 1);
  CHECK(terms.count(r2p::stemmed_term("Accra")) == 1);
  for (const char* word : {"Third", "meeting", "Global", "Network", "Accra"}) {
    CAPTURE(word);
    CHECK(terms.count(title_term(word)) == 1);
  }
  // Words of the body only are not title terms.
  CHECK(terms.count(title_term("discussion")) == 0);
  CHECK(terms.count(title_term("agenda")) == 0);
  // A title word counts kTitleWeight times (here "network" is in the title only).
  CHECK(wdf_of(doc, r2p::stemmed_term("Network")) == r2p::kTitleWeight);
}

TEST_CASE("filter terms carry their prefix: no raw codes, status or type", "[builder][terms]") {
  const auto terms = terms_of(build(accra_meeting()));
  for (const char* raw :
       {"GH", "gh", "DK", "dk", "002", "011", "XSappointed", "Y2012", "XR150", "NCI", "20130611"}) {
    CAPTURE(raw);
    CHECK(terms.count(raw) == 0);
  }
  // Every term that starts with a capital starts with a schema prefix or the stem marker Z.
  std::vector<std::string> prefixes = {"Z"};
  for (const auto& spec : r2p::schema_fields()) prefixes.push_back(spec.prefix);
  for (const auto& t : terms) {
    if (!std::isupper(static_cast<unsigned char>(t[0]))) continue;
    CAPTURE(t);
    CHECK(std::any_of(prefixes.begin(), prefixes.end(),
                      [&](const std::string& p) { return t.compare(0, p.size(), p) == 0; }));
  }
}

TEST_CASE("a meeting without a venue has no region", "[builder][terms]") {
  const Xapian::Document doc = build(first_meeting());
  const auto terms = terms_of(doc);
  CHECK(terms.count("Qmeeting-2011") == 1);
  CHECK(terms.count("Y2011") == 1);
  CHECK(filter_values(terms, Field::region).empty());
  CHECK(facet_slot_values(doc, Field::region).empty());
  CHECK(filter_values(terms, Field::country).empty());
}

TEST_CASE("a country record has exactly its own country term", "[builder][terms]") {
  const Xapian::Document doc = build(denmark());
  const auto terms = terms_of(doc);
  // Its text names Australia and Costa Rica; they are not what the record is about.
  REQUIRE(gazetteer().countries_in_text(denmark().text[0]).size() == 3);
  CHECK(filter_values(terms, Field::country) == std::set<std::string>{"DK"});
  CHECK(facet_slot_values(doc, Field::country) == std::vector<std::string>{"DK"});
  CHECK(terms.count("XTcountry") == 1);
  CHECK(terms.count("XSappointed") == 1);
  // Its own continent and sub-region, and the meetings of its involvement.
  const r2p::Country* dk = gazetteer().country("DK");
  REQUIRE(dk != nullptr);
  CHECK(filter_values(terms, Field::region) == std::set<std::string>{dk->continent, dk->subregion});
  CHECK(filter_values(terms, Field::meeting) ==
        std::set<std::string>{"launch-2010", "meeting-2012", "accra-2013"});
  // Every year of its involvement.
  CHECK(filter_values(terms, Field::year) == std::set<std::string>{"2010", "2012", "2013"});
  // The country answers to its name in other UN languages.
  for (const char* language : {"fr", "es"}) {
    const std::string& name = dk->names.at(language);
    CAPTURE(language, name);
    CHECK(terms.count(r2p::stemmed_term(name)) == 1);
  }
}

TEST_CASE("no term is longer than Xapian's limit of 245 bytes", "[builder][terms]") {
  Record r = accra_meeting();
  r.id = std::string(200, 'a');  // the longest id the reader accepts
  r.title = "A title with " + std::string(300, 'x') + " in it";
  r.text.push_back("A paragraph with " + std::string(300, 'y') + " and " + std::string(100, 'z') +
                   "-" + std::string(200, 'w') + ".");
  const auto terms = terms_of(build(r));
  CHECK(terms.count("Q" + r.id) == 1);
  for (const auto& t : terms) {
    CAPTURE(t);
    CHECK(t.size() <= 245);
  }
}

TEST_CASE("the date slot holds the date sort key, then the record id", "[builder][values]") {
  const Record accra = accra_meeting(), first = first_meeting(), dk = denmark();
  const Record undated = undated_recommendation();
  CHECK(build(accra).get_value(r2p::kSlotDate) == "20130611" + accra.id);
  CHECK(build(first).get_value(r2p::kSlotDate) == "20110500" + first.id);
  // A country sorts by its most recent dated involvement.
  CHECK(build(dk).get_value(r2p::kSlotDate) == "20130611" + dk.id);
  CHECK(build(undated).get_value(r2p::kSlotDate) == "00000000" + undated.id);
  CHECK(build(accra).get_value(r2p::kSlotId) == accra.id);
  // Keys order as the dates do, undated first.
  CHECK(build(first).get_value(r2p::kSlotDate) < build(accra).get_value(r2p::kSlotDate));
  CHECK(build(undated).get_value(r2p::kSlotDate) < build(first).get_value(r2p::kSlotDate));
}

TEST_CASE("facet slots hold each distinct value once, matching the filter terms",
          "[builder][values]") {
  for (const Record& record :
       {accra_meeting(), first_meeting(), denmark(), undated_recommendation()}) {
    CAPTURE(record.id);
    const Xapian::Document doc = build(record);
    const auto terms = terms_of(doc);
    for (Field field : r2p::facet_fields()) {
      CAPTURE(r2p::field_spec(field).name);
      const auto values = facet_slot_values(doc, field);
      const std::set<std::string> distinct(values.begin(), values.end());
      CHECK(distinct.size() == values.size());
      CHECK(distinct == filter_values(terms, field));
    }
  }
  const Xapian::Document doc = build(accra_meeting());
  auto countries = facet_slot_values(doc, Field::country);
  std::sort(countries.begin(), countries.end());
  CHECK(countries == std::vector<std::string>{"DK", "GH"});
  CHECK(facet_slot_values(doc, Field::type) == std::vector<std::string>{"meeting"});
  CHECK(facet_slot_values(doc, Field::year) == std::vector<std::string>{"2013"});
  CHECK(facet_slot_values(doc, Field::meeting) == std::vector<std::string>{"accra-2013"});
}

TEST_CASE("linked ties hold each value once, stated duplicates included", "[builder][linker]") {
  // The reader keeps repeated organisation ids, meeting ids and regions as written.
  Record r = accra_meeting();
  r.organisations = {"kaiptc", "global-centre", "kaiptc"};
  r.meetings = {"accra-2013", "accra-2013"};
  r.regions = {"002", "002"};
  r2p::link_record(r, gazetteer());
  for (const auto* ties : {&r.countries, &r.organisations, &r.meetings, &r.regions}) {
    CAPTURE(*ties);
    CHECK(std::set<std::string>(ties->begin(), ties->end()).size() == ties->size());
  }
  CHECK(r.countries == std::vector<std::string>{"DK", "GH"});
  CHECK(r.organisations == std::vector<std::string>{"kaiptc", "global-centre"});
  CHECK(r.meetings == std::vector<std::string>{"accra-2013"});
  CHECK(r.regions == std::vector<std::string>{"002", "011"});
}

TEST_CASE("the stored record parses back to the record", "[builder][data]") {
  for (const Record& original : {accra_meeting(), denmark(), undated_recommendation()}) {
    CAPTURE(original.id);
    Record linked = original;
    r2p::link_record(linked, gazetteer());
    const Xapian::Document doc = build(original);
    const Record back = r2p::record_from_json(nlohmann::json::parse(r2p::record_data(doc)));
    CHECK(back.id == original.id);
    CHECK(back.title == original.title);
    CHECK(back.type == original.type);
    CHECK(back.date.iso() == original.date.iso());
    CHECK(back.text == original.text);
    CHECK(back.countries == linked.countries);
    CHECK(back.regions == linked.regions);
    CHECK(back.involvement.size() == original.involvement.size());
  }
}

TEST_CASE("spelling words are the folded words of title and text, numbers left out",
          "[builder][spelling]") {
  Record r;
  r.title = "Réunion in Accra";
  r.text = {"Accra hosted 12 States; ACCRA again in 2013.", std::string(65, 'x') + " prevention"};
  r2p::StringCounter words;
  r2p::count_words(r, words);
  std::map<std::string, std::size_t> counted;
  words.for_each([&](const std::string& word, std::size_t n) { counted[word] += n; });
  const std::map<std::string, std::size_t> expected = {
      {"reunion", 1}, {"in", 2},    {"accra", 3},     {"hosted", 1},
      {"states", 1},  {"again", 1}, {"prevention", 1}};
  CHECK(counted == expected);
}
