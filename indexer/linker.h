// Entity linking: ties each record to the countries, organisations, meetings and regions it
// involves — the ties the record states plus the names the gazetteer finds in its text.
#pragma once

#include "core/gazetteer.h"
#include "core/record.h"

namespace r2p {

/// Completes `record`'s ties in place:
/// - countries: stated ones, hosts, input givers, the venue country and every country named in
///   the text; a country record is tied to exactly its own country;
/// - organisations: stated ones plus those named in the text;
/// - meetings: a meeting is tied to itself; a country record to the meetings of its involvement;
/// - regions: a country record carries its own continent and sub-region, a meeting its venue
///   country's (none without a venue); stated regions are kept.
/// Ties keep first-seen order and hold no duplicates.
void link_record(Record& record, const Gazetteer& gazetteer);

/// link_record for every record, spread over `threads` threads (0 = one per core).
void link_records(std::vector<Record>& records, const Gazetteer& gazetteer, unsigned threads = 0);

}  // namespace r2p
