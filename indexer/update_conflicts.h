// Whether an update's records can break a check that spans records (core of check_cross_references:
// unique ids, one record per country, meeting ids a meeting record defines) together with the
// records of the files it does not read, judged from the index itself, so that an update of a few
// files need not load the keys of every record.
#pragma once

#include <vector>

#include <xapian.h>

#include "indexer/corpus_reader.h"

namespace r2p {

/// Whether the keys `read` (the records of the files an update reads) may meet a problem with
/// the records the index `db` keeps, once the records `replaced` (what it holds of the files read
/// again or removed) are gone. false means the checks that span records pass over all of them;
/// true means they must run over every record to tell.
bool update_may_conflict(const Xapian::Database& db, const std::vector<RecordKey>& read,
                         const std::vector<RecordKey>& replaced);

}  // namespace r2p
