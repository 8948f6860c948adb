// Entity linking: ties each record to the countries, organisations, meetings and regions it
// involves — the ties the record states plus the names the gazetteer finds in its text.
#pragma once

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/gazetteer.h"
#include "core/record.h"

namespace r2p {

/// Names in records' text that fit several countries ("Congo", "Guinea") and so tie none, with
/// the records they occur in; filled by link_record from any number of threads.
class AmbiguousNames {
 public:
  void add(const std::string& name, const std::string& record_id);
  /// Name -> ids of the records it occurs in, sorted.
  std::map<std::string, std::set<std::string>> take();

 private:
  std::mutex mutex_;
  std::map<std::string, std::set<std::string>> names_;
};

/// Completes `record`'s ties in place:
/// - countries: stated ones, hosts, input givers, the venue country and every country named in
///   the text; a country record is tied to exactly its own country;
/// - organisations: stated ones plus those named in the text; an organisation record is tied to
///   its own organisation only, a person record to its stated organisations only;
/// - meetings: a meeting is tied to itself; country, organisation and person records to the
///   meetings of their involvement;
/// - regions: a country record carries its own continent and sub-region, a meeting its venue
///   country's (none without a venue); stated regions are kept.
/// Ties keep first-seen order and hold no duplicates. Names in the text that fit several
/// countries tie none; they are added to `ambiguous` when given.
void link_record(Record& record, const Gazetteer& gazetteer, AmbiguousNames* ambiguous = nullptr);

/// link_record for every record, spread over `threads` threads (0 = one per core).
void link_records(std::vector<Record>& records, const Gazetteer& gazetteer, unsigned threads = 0);

}  // namespace r2p
