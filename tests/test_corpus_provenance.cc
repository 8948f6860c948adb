// Provenance of the bundled corpus: every verbatim field is a substring of the source paragraphs
// the record cites, and the counts, ids and venues are the ones the page states.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/record.h"
#include "indexer/corpus_reader.h"

namespace {

namespace fs = std::filesystem;

const r2p::Corpus& corpus() {
  static const r2p::Corpus instance = r2p::read_corpus(R2P_TEST_CORPUS);
  return instance;
}

/// The paragraphs of a source page: paragraph N is the N-th non-empty line (index N-1).
std::vector<std::string> read_paragraphs(const std::string& document) {
  const fs::path path = fs::path(R2P_TEST_CORPUS) / document;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read source page " + path.string());
  std::vector<std::string> paragraphs;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) paragraphs.push_back(line);
  }
  return paragraphs;
}

const std::vector<std::string>& paragraphs_of(const std::string& document) {
  static std::map<std::string, std::vector<std::string>> cache;
  auto it = cache.find(document);
  if (it == cache.end()) it = cache.emplace(document, read_paragraphs(document)).first;
  return it->second;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// Every verbatim string of a record (the README lists them) with its field, for messages.
std::vector<std::pair<std::string, std::string>> verbatim_strings(const r2p::Record& r) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : r.text) out.emplace_back("text", s);
  for (const auto& s : r.discussed) out.emplace_back("discussed", s);
  for (const auto& s : r.highlights) out.emplace_back("highlights", s);
  for (const auto& s : r.items) out.emplace_back("items", s);
  for (const auto& p : r.participation) out.emplace_back("participation.text", p.text);
  for (const auto& p : r.people) {
    out.emplace_back("people.name", p.name);
    out.emplace_back("people.role", p.role);
  }
  if (!r.name.empty()) out.emplace_back("name", r.name);
  if (!r.position.empty()) out.emplace_back("position", r.position);
  return out;
}

const r2p::Record* find_record(const std::string& id) {
  for (const auto& r : corpus().records)
    if (r.id == id) return &r;
  return nullptr;
}

/// The country names of ¶21's list ("Albania, Argentina, ... United Kingdom and United States.").
std::vector<std::string> split_country_list(std::string list) {
  if (!list.empty() && list.back() == '.') list.pop_back();
  std::vector<std::string> names;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = list.find(", ", start);
    names.push_back(
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  const std::string last = names.back();
  const std::size_t and_at = last.find(" and ");
  if (and_at != std::string::npos) {
    names.back() = last.substr(0, and_at);
    names.push_back(last.substr(and_at + 5));
  }
  return names;
}

}  // namespace

TEST_CASE("the source page has the paragraphs the corpus README describes", "[provenance]") {
  std::set<std::string> documents;
  for (const auto& r : corpus().records) documents.insert(r.source_document);
  REQUIRE(documents.size() == 1);
  const auto& paragraphs = paragraphs_of(*documents.begin());
  REQUIRE(paragraphs.size() == 21);
  CHECK(paragraphs[0] == "R2P Focal Points");
  CHECK(contains(paragraphs[1], "Accra"));
  for (int n = 8; n <= 12; ++n) CHECK(paragraphs[n - 1].rfind("\xE2\x80\xA2 ", 0) == 0);
  CHECK(contains(paragraphs[19], "have appointed a national R2P Focal Point:"));
}

TEST_CASE("every verbatim string is a substring of a paragraph the record cites", "[provenance]") {
  for (const auto& r : corpus().records) {
    CAPTURE(r.id);
    const auto& paragraphs = paragraphs_of(r.source_document);
    REQUIRE_FALSE(r.source.empty());
    CHECK(std::is_sorted(r.source.begin(), r.source.end()));
    CHECK(std::adjacent_find(r.source.begin(), r.source.end()) == r.source.end());
    for (int n : r.source) {
      CAPTURE(n);
      REQUIRE(n >= 1);
      REQUIRE(n <= static_cast<int>(paragraphs.size()));
    }
    const auto strings = verbatim_strings(r);
    REQUIRE_FALSE(strings.empty());
    for (const auto& [field, value] : strings) {
      const std::string& s = value;  // a lambda may not capture a structured binding (C++17)
      CAPTURE(field, s);
      CHECK_FALSE(s.empty());
      CHECK(std::any_of(r.source.begin(), r.source.end(),
                        [&](int n) { return contains(paragraphs[n - 1], s); }));
    }
  }
}

/// Records whose text is their involvement sentences rather than whole paragraphs.
bool is_entity(const r2p::Record& r) {
  return r.type == r2p::RecordType::country || r.type == r2p::RecordType::organisation ||
         r.type == r2p::RecordType::person;
}

TEST_CASE("meeting and recommendation text is the whole of each cited paragraph", "[provenance]") {
  for (const auto& r : corpus().records) {
    if (is_entity(r)) continue;
    CAPTURE(r.id);
    const auto& paragraphs = paragraphs_of(r.source_document);
    std::vector<std::string> cited;
    for (int n : r.source) cited.push_back(paragraphs.at(n - 1));
    CHECK(r.text == cited);
  }
}

TEST_CASE("involvement and status sentences come from the paragraph they name", "[provenance]") {
  std::size_t sentences = 0;
  for (const auto& r : corpus().records) {
    if (!is_entity(r)) continue;
    CAPTURE(r.id);
    const auto& paragraphs = paragraphs_of(r.source_document);
    auto cited = [&](int n) {
      return std::find(r.source.begin(), r.source.end(), n) != r.source.end();
    };

    if (r.type == r2p::RecordType::country) {
      CAPTURE(r.status_paragraph, r.status_sentence);
      REQUIRE(r.status_paragraph >= 1);
      REQUIRE(r.status_paragraph <= static_cast<int>(paragraphs.size()));
      CHECK(cited(r.status_paragraph));
      CHECK(contains(paragraphs[r.status_paragraph - 1], r.status_sentence));
      ++sentences;
    } else {
      // An organisation or person has a role, and its text is exactly its roles' sentences.
      CHECK_FALSE(r.involvement.empty());
      std::vector<std::string> distinct;
      for (const auto& inv : r.involvement)
        if (std::find(distinct.begin(), distinct.end(), inv.sentence) == distinct.end())
          distinct.push_back(inv.sentence);
      CHECK(r.text == distinct);
    }

    for (std::size_t i = 0; i < r.involvement.size(); ++i) {
      const auto& inv = r.involvement[i];
      CAPTURE(i, inv.role, inv.paragraph, inv.sentence);
      REQUIRE(inv.paragraph >= 1);
      REQUIRE(inv.paragraph <= static_cast<int>(paragraphs.size()));
      CHECK(cited(inv.paragraph));
      CHECK(contains(paragraphs[inv.paragraph - 1], inv.sentence));
      ++sentences;
    }
  }
  CHECK(sentences > 0);
}

TEST_CASE("record counts match the page", "[provenance][counts]") {
  std::map<r2p::RecordType, int> per_type;
  std::map<std::string, int> per_status;
  for (const auto& r : corpus().records) {
    ++per_type[r.type];
    if (r.type == r2p::RecordType::country) ++per_status[r.status];
  }
  CHECK(per_type[r2p::RecordType::meeting] == 6);
  CHECK(per_type[r2p::RecordType::country] == 39);
  CHECK(per_type[r2p::RecordType::recommendation] >= 4);
  CHECK(per_type[r2p::RecordType::organisation] == 8);
  CHECK(per_type[r2p::RecordType::person] == 1);
  CHECK(per_status["appointed"] == 37);
  CHECK(per_status["intention"] == 2);
  CHECK(per_status.size() == 2);
}

TEST_CASE("the appointed countries are exactly the list of paragraph 21", "[provenance][counts]") {
  const auto& paragraphs = paragraphs_of(corpus().records.front().source_document);
  const std::vector<std::string> listed = split_country_list(paragraphs.at(20));
  // ¶20 states the size of the list it introduces.
  CHECK(contains(paragraphs.at(19), std::to_string(listed.size()) + " countries"));
  std::set<std::string> appointed;
  for (const auto& r : corpus().records) {
    if (r.type != r2p::RecordType::country) continue;
    if (r.status == "appointed") {
      appointed.insert(r.title);
      CHECK(std::find(r.source.begin(), r.source.end(), 21) != r.source.end());
    } else {
      // Announced intention: named in the announcement sentence its status cites.
      CAPTURE(r.id);
      CHECK(contains(r.status_sentence, r.title));
    }
  }
  CHECK(appointed == std::set<std::string>(listed.begin(), listed.end()));
  CHECK(appointed.size() == listed.size());
}

TEST_CASE("the six meetings exist and only Ljubljana and Accra have venues",
          "[provenance][meetings]") {
  const std::set<std::string> with_venue = {"ljubljana-2013", "accra-2013"};
  for (const char* id : {"launch-2010", "meeting-2011", "workshop-2012", "meeting-2012",
                         "ljubljana-2013", "accra-2013"}) {
    CAPTURE(id);
    const r2p::Record* r = find_record(id);
    REQUIRE(r != nullptr);
    CHECK(r->type == r2p::RecordType::meeting);
    if (with_venue.count(id)) {
      CHECK_FALSE(r->venue_city.empty());
      CHECK_FALSE(r->venue_country.empty());
      // The city is named in a paragraph the record cites.
      const auto& paragraphs = paragraphs_of(r->source_document);
      CHECK(std::any_of(r->source.begin(), r->source.end(),
                        [&](int n) { return contains(paragraphs[n - 1], r->venue_city); }));
    } else {
      CHECK(r->venue_city.empty());
      CHECK(r->venue_country.empty());
    }
  }
  CHECK(find_record("ljubljana-2013")->venue_country == "SI");
  CHECK(find_record("accra-2013")->venue_country == "GH");
}

TEST_CASE("every organisation the page names has a record, and every named person",
          "[provenance][entities]") {
  // The alias table lists every organisation the page names (corpus/README.md); each has a
  // record of its own, named as there, whose roles name it in their sentences.
  std::size_t organisations = 0;
  for (const auto& org : corpus().aliases.organisations) {
    if (org.term) continue;
    ++organisations;
    CAPTURE(org.id);
    const r2p::Record* r = find_record(org.id);
    REQUIRE(r != nullptr);
    CHECK(r->type == r2p::RecordType::organisation);
    CHECK(r->title == org.name);
    std::vector<std::string> names = org.acronyms;
    names.insert(names.end(), org.variants.begin(), org.variants.end());
    names.push_back(org.name);
    for (const auto& inv : r->involvement) {
      CAPTURE(inv.sentence);
      CHECK(std::any_of(names.begin(), names.end(),
                        [&](const std::string& n) { return contains(inv.sentence, n); }));
    }
  }
  CHECK(organisations == 8);
  // Every person a meeting record names has a person record with the same name and position,
  // and a role at that meeting.
  std::size_t people = 0;
  for (const auto& meeting : corpus().records) {
    for (const auto& person : meeting.people) {
      ++people;
      CAPTURE(meeting.id, person.name);
      const r2p::Record* found = nullptr;
      for (const auto& r : corpus().records)
        if (r.type == r2p::RecordType::person && r.name == person.name) found = &r;
      REQUIRE(found != nullptr);
      CHECK(found->position == person.role);
      CHECK(std::any_of(found->involvement.begin(), found->involvement.end(),
                        [&](const r2p::Involvement& inv) { return inv.meeting == meeting.id; }));
    }
  }
  CHECK(people >= 1);
}
