// Meeting short labels: place, year and what the meeting was, from the record alone.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/meeting_label.h"

namespace {

r2p::Record meeting(const std::string& title, const std::string& city, int year,
                    const std::string& kind) {
  r2p::Record r;
  r.title = title;
  r.venue_city = city;
  r.date.year = year;
  r.kind = kind;
  return r;
}

}  // namespace

TEST_CASE("a meeting's short label: place, year, what it was", "[meeting_label]") {
  struct Case {
    r2p::Record record;
    std::string label;
  };
  const Case cases[] = {
      {meeting("Third meeting of the Global Network of R2P Focal Points, Accra", "Accra", 2013,
               "annual"),
       "Accra 2013 \u2014 third meeting"},
      {meeting("First European regional meeting of the network of R2P Focal Points, Ljubljana",
               "Ljubljana", 2013, "regional"),
       "Ljubljana 2013 \u2014 first European regional meeting"},
      {meeting("Preparatory workshop convened by the Global Centre", "", 2012, "workshop"),
       "2012 \u2014 preparatory workshop"},
      // The gathering word comes too late for the title's start to be a name: the kind is.
      {meeting("R2P Focal Points initiative launched at the annual Ministerial Meeting on the "
               "Responsibility to Protect",
               "", 2010, "launch"),
       "2010 \u2014 launch"},
      // An acronym or a capitalised name keeps its case; a trailing comma goes.
      {meeting("ASEAN meeting, Jakarta", "Jakarta", 2014, ""), "Jakarta 2014 \u2014 ASEAN meeting"},
      {meeting("Regional Meeting: Latin America", "", 2015, ""), "2015 \u2014 regional Meeting"},
      // Nothing to say what it was: place and year, else the title.
      {meeting("Gathering of focal points", "Oslo", 2016, ""), "Oslo 2016"},
      {meeting("Gathering of focal points", "", 0, ""), "Gathering of focal points"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.record.title);
    CHECK(r2p::meeting_short_label(c.record) == c.label);
  }
}

TEST_CASE("every bundled meeting has a short label shorter than its title", "[meeting_label]") {
  std::ifstream in(std::string(R2P_TEST_CORPUS) + "/meetings.jsonl");
  REQUIRE(in);
  int meetings = 0;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    r2p::Record r;
    r.title = j.at("title");
    r.kind = j.value("kind", "");
    r.date.year = std::stoi(j.at("date").get<std::string>().substr(0, 4));
    if (j.contains("venue") && j["venue"].is_object()) r.venue_city = j["venue"].value("city", "");
    CAPTURE(r.title);
    const std::string label = r2p::meeting_short_label(r);
    CHECK(label.size() < r.title.size());
    CHECK(label.find(std::to_string(r.date.year)) != std::string::npos);
    ++meetings;
  }
  CHECK(meetings > 0);
}
