// The checks that span records: unique ids, one record per country, meeting ids that a meeting
// record defines.
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "core/closest.h"
#include "core/text.h"
#include "indexer/corpus_reader.h"

namespace r2p {

RecordKey record_key(const Record& rec) {
  RecordKey key{rec.id, rec.type, rec.country_code, rec.file, rec.line, {}};
  for (std::size_t i = 0; i < rec.meetings.size(); ++i)
    key.meeting_refs.emplace_back("meetings[" + std::to_string(i) + "]", rec.meetings[i]);
  for (std::size_t i = 0; i < rec.involvement.size(); ++i)
    if (!rec.involvement[i].meeting.empty())
      key.meeting_refs.emplace_back("involvement[" + std::to_string(i) + "].meeting",
                                    rec.involvement[i].meeting);
  return key;
}

void check_cross_references(const std::vector<Record>& records, std::vector<Problem>& problems) {
  std::vector<RecordKey> keys;
  keys.reserve(records.size());
  for (const auto& r : records) keys.push_back(record_key(r));
  check_cross_references(keys, problems);
}

void check_cross_references(const std::vector<RecordKey>& records, std::vector<Problem>& problems) {
  std::unordered_map<std::string, const RecordKey*> by_id;
  std::set<std::string> meetings;
  std::map<std::string, const RecordKey*> country_records;
  by_id.reserve(records.size());
  for (const auto& rec : records) {
    auto [it, inserted] = by_id.emplace(rec.id, &rec);
    if (!inserted) {
      problems.push_back({{rec.file, rec.line, rec.id, "id"},
                          "duplicate id; it is already used at " + it->second->file + ":" +
                              std::to_string(it->second->line)});
    }
    if (rec.type == RecordType::meeting) meetings.insert(rec.id);
    if (rec.type == RecordType::country && !rec.country_code.empty()) {
      auto [c, fresh] = country_records.emplace(rec.country_code, &rec);
      if (!fresh)
        problems.push_back(
            {{rec.file, rec.line, rec.id, "code"},
             "a second record for " + rec.country_code + "; the first is '" + c->second->id + "'"});
    }
  }
  std::vector<Suggestion> meeting_suggestions;
  for (const auto& m : meetings) meeting_suggestions.push_back({m, {m}});
  // The closest known id of each unknown one, looked for once: when a meeting goes, every record
  // naming it has the same problem, and each look compares with every meeting.
  std::map<std::string, std::string> did_you_mean;
  for (const auto& rec : records) {
    for (const auto& [field, id] : rec.meeting_refs) {
      if (id.empty() || meetings.count(id)) continue;
      auto [hint, fresh] = did_you_mean.try_emplace(id);
      if (fresh) {
        const auto nearest = closest(id, meeting_suggestions, {1, 5});
        if (!nearest.empty()) hint->second = "; did you mean '" + nearest[0] + "'?";
      }
      problems.push_back({{rec.file, rec.line, rec.id, field},
                          "no meeting record defines the id '" + id + "'" + hint->second});
    }
  }
}

}  // namespace r2p
