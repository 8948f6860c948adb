// Entity linking over the folded words of a record's text.
#include "indexer/linker.h"

#include <algorithm>

#include "core/parallel.h"
#include "core/text.h"

namespace r2p {
namespace {

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end())
    list.push_back(value);
}

/// Drops repeated values (the reader keeps stated lists as written), keeping first-seen order.
void remove_duplicates(std::vector<std::string>& list) {
  std::vector<std::string> unique;
  for (const auto& value : list) add_unique(unique, value);
  list = std::move(unique);
}

void add_region_of(std::vector<std::string>& regions, const Gazetteer& g, const std::string& cc) {
  if (const Country* country = g.country(cc)) {
    add_unique(regions, country->continent);
    add_unique(regions, country->subregion);
  }
}

}  // namespace

void AmbiguousNames::add(const std::string& name, const std::string& record_id) {
  const std::lock_guard<std::mutex> lock(mutex_);
  names_[name].insert(record_id);
}

std::map<std::string, std::set<std::string>> AmbiguousNames::take() {
  const std::lock_guard<std::mutex> lock(mutex_);
  return std::move(names_);
}

void link_record(Record& record, const Gazetteer& gazetteer, AmbiguousNames* ambiguous) {
  for (auto* ties :
       {&record.countries, &record.meetings, &record.organisations, &record.regions, &record.terms})
    remove_duplicates(*ties);
  if (record.type == RecordType::country) {
    record.countries = {record.country_code};
    for (const auto& inv : record.involvement) add_unique(record.meetings, inv.meeting);
    add_region_of(record.regions, gazetteer, record.country_code);
    return;
  }

  std::vector<std::string> countries = record.countries;
  for (const auto& c : record.host_countries) add_unique(countries, c);
  for (const auto& c : record.input_countries) add_unique(countries, c);
  add_unique(countries, record.venue_country);

  // An organisation record is tied to its own organisation first.
  std::vector<std::string> organisations;
  if (record.type == RecordType::organisation) organisations.push_back(record.id);
  for (const auto& o : record.organisations) add_unique(organisations, o);
  for (const auto& o : record.host_organisations) add_unique(organisations, o);
  for (const auto& o : record.input_organisations) add_unique(organisations, o);
  for (const auto& o : record.drafted_by) add_unique(organisations, o);

  // An organisation or person record is about its own organisations: others its sentences name
  // (the other attendees of a meeting) are context, not ties.
  const bool own_organisations_only =
      record.type == RecordType::organisation || record.type == RecordType::person;
  for (const auto& paragraph : record.text) {
    const std::vector<std::string> words = fold_words(paragraph);
    for (const auto& m : gazetteer.countries_in_words(words)) add_unique(countries, m.id);
    if (!own_organisations_only)
      for (const auto& m : gazetteer.organisations_in_words(words)) add_unique(organisations, m.id);
    if (ambiguous)
      for (const auto& m : gazetteer.ambiguous_countries_in_words(words))
        ambiguous->add(m.id, record.id);
  }
  record.countries = std::move(countries);
  record.organisations.clear();
  for (const auto& id : organisations) {
    const Organisation* org = gazetteer.organisation(id);
    add_unique(org && org->term ? record.terms : record.organisations, id);
  }

  for (const auto& inv : record.involvement) add_unique(record.meetings, inv.meeting);
  if (record.type == RecordType::meeting) {
    std::vector<std::string> meetings = {record.id};
    for (const auto& m : record.meetings) add_unique(meetings, m);
    record.meetings = std::move(meetings);
    if (!record.venue_country.empty())
      add_region_of(record.regions, gazetteer, record.venue_country);
  }
}

void link_records(std::vector<Record>& records, const Gazetteer& gazetteer, unsigned threads) {
  for_each_chunk(records.size(), worker_count(threads),
                 [&](unsigned, std::size_t b, std::size_t e) {
                   for (std::size_t i = b; i < e; ++i) link_record(records[i], gazetteer);
                 });
}

}  // namespace r2p
