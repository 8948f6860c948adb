// Counting the parts of the match set on threads of their own (see facet_counter_parts.h).
#include "search/facet_counter_parts.h"

#include <cstdint>
#include <future>
#include <string>

#include "search/facet_counting.h"
#include "search/search_limits.h"

namespace r2p {
namespace {

/// Counts the matches of one part (a share [first, last] of a database's document ids when
/// `share`, else a whole shard), feeding `spy` when there is one; runs on a thread of its own with
/// its own handle and its own copy of the query.
MatchCount count_part(Xapian::Database& db, const std::string& serialised_query, bool share,
                      Xapian::docid first, Xapian::docid last, FacetTableSpy* spy, bool remote) {
  Xapian::Enquire counter(db);
  DocidRange range(first, last);  // outlives the query that points to it
  Xapian::Query query = Xapian::Query::unserialise(serialised_query);
  if (share) query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(&range));
  counter.set_query(query);
  // Every match weighs 1 per term ("bnn"), not 0 (BoolWeight): Xapian 1.4.22 throws
  // DatabaseCorruptError ("Unexpected end of posting list") reading some posting lists that
  // deletions changed in place (index updates) for a scheme that needs no wdf, as BoolWeight and
  // CoordWeight are; this one reads wdf.
  counter.set_weighting_scheme(Xapian::TfIdfWeight("bnn"));
  const Xapian::doccount documents = db.get_doccount();
  counter.set_time_limit(kCountSeconds);
  if (spy && remote) {
    // The server sends every match's id; the table gives its values here.
    const Xapian::MSet all = counter.get_mset(0, documents);
    for (auto it = all.begin(); it != all.end(); ++it) spy->count(*it);
    return MatchCount{all.size(), true};
  }
  if (spy) counter.add_matchspy(spy);
  const Xapian::MSet counted = counter.get_mset(0, 0, documents);
  return MatchCount{counted.get_matches_estimated(), is_exact(counted)};
}

/// Each part counted on a thread of its own, with a FacetTableSpy of its own when there are
/// facets (a spy sees a database's own document ids, and a remote shard's server sends them),
/// while the calling thread finds the hits shown with no exhaustive pass. Counting needs no real
/// weights. Xapian objects are not shared between threads: each thread has its own handle on its
/// database and its own copy of the query.
class PartCounter : public FacetCounter {
 public:
  PartCounter(const CountingParts& parts, const FacetTable* table, const std::vector<Field>& facets,
              const Xapian::Query& query)
      : parts_(parts), serialised_query_(query.serialise()) {
    for (std::size_t part = 0; part < parts_.databases->size(); ++part)
      part_spies_.push_back(
          table ? std::make_unique<FacetTableSpy>(*table, facets, parts_.shares ? 0 : part)
                : nullptr);
  }

  void start(Xapian::Enquire&) override {
    std::vector<Xapian::Database>& dbs = *parts_.databases;
    const bool shares = parts_.shares, remote = parts_.remote;
    const std::uint64_t last_docid = parts_.last_docid;
    for (std::size_t part = 0; part < dbs.size(); ++part) {
      const Xapian::docid first =
          shares ? static_cast<Xapian::docid>(last_docid * part / dbs.size()) + 1 : 1;
      const Xapian::docid last =
          shares ? static_cast<Xapian::docid>(last_docid * (part + 1) / dbs.size()) : 0;
      FacetTableSpy* spy = part_spies_[part].get();
      counts_.push_back(
          // Where no thread can be started, the count runs here, when it is asked for.
          std::async(
              std::launch::async | std::launch::deferred,
              [&dbs, serialised = serialised_query_, part, shares, first, last, spy, remote] {
                return count_part(dbs[part], serialised, shares && dbs.size() > 1, first, last, spy,
                                  remote);
              }));
    }
  }

  bool counts_matches() const override { return true; }

  /// The parts' matches added up, and their facet counts merged into the first part's spy.
  std::optional<MatchCount> finish() override {
    MatchCount total;
    for (auto& count : counts_) {
      const MatchCount part = count.get();
      total.matches += part.matches;
      total.exact = total.exact && part.exact;
    }
    for (std::size_t part = 1; part < part_spies_.size() && part_spies_.front(); ++part)
      part_spies_.front()->add(*part_spies_[part]);
    return total;
  }

  Facet facet(Field field, std::size_t limit, Index& index) override {
    return part_spies_.front() ? part_spies_.front()->top(field, limit, index) : Facet{field, {}};
  }

 private:
  CountingParts parts_;
  std::string serialised_query_;
  std::vector<std::unique_ptr<FacetTableSpy>> part_spies_;  ///< one per part; outlive the counts
  std::vector<std::future<MatchCount>> counts_;
};

}  // namespace

std::unique_ptr<FacetCounter> make_part_counter(const CountingParts& parts, const FacetTable* table,
                                                const std::vector<Field>& facets,
                                                const Xapian::Query& query) {
  return std::make_unique<PartCounter>(parts, table, facets, query);
}

}  // namespace r2p
