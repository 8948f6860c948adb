// Frequencies of several terms at once, in as few round trips to remote shards as there are.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace r2p {

/// The number of documents holding each of `terms`, in order. Over several databases (shards,
/// and remote ones above all) Database::get_termfreq() asks each database in turn, one round
/// trip to each server per term; the statistics of one query of all the terms bring every
/// frequency from every database at once (two round trips in all, every server in parallel).
/// \throws Xapian::Error from the index.
std::vector<Xapian::doccount> term_frequencies(Xapian::Database& db,
                                               const std::vector<std::string>& terms);

}  // namespace r2p
