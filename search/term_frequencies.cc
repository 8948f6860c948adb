// Frequencies of several terms at once (see term_frequencies.h).
#include "search/term_frequencies.h"

namespace r2p {

std::vector<Xapian::doccount> term_frequencies(Xapian::Database& db,
                                               const std::vector<std::string>& terms) {
  std::vector<Xapian::doccount> frequencies;
  // One database, or one term: asking directly costs no more round trips, and less work.
  if (db.size() <= 1 || terms.size() < 2) {
    for (const auto& term : terms) frequencies.push_back(db.get_termfreq(term));
    return frequencies;
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  // No hits wanted: the statistics gathered before matching hold each term's frequency, summed
  // over the databases as get_termfreq() sums them.
  const Xapian::MSet stats = enquire.get_mset(0, 0);
  for (const auto& term : terms) frequencies.push_back(stats.get_termfreq(term));
  return frequencies;
}

}  // namespace r2p
