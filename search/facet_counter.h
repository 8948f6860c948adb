// How a search counts its matches and facet values, behind one interface with one implementation
// per strategy. The model is tantivy's Collector: a counter for the whole search has each part
// of the match set (a shard, a share of a database's document ids, or the whole set in the hits
// pass) counted on its own, and merges the parts' counts.
#pragma once

#include <memory>
#include <optional>

#include <xapian.h>

#include "search/index.h"
#include "search/query_builder.h"
#include "search/request.h"
#include "search/results.h"
#include "search/search_limits.h"

namespace r2p {

/// Matches counted, and whether all were counted (an exhaustive pass cut short by its time limit
/// leaves an estimate).
struct MatchCount {
  Xapian::doccount matches = 0;
  bool exact = true;
};

class FacetCounter {
 public:
  virtual ~FacetCounter() = default;
  /// Starts counting, before the hits pass: adds spies to `hits`, or starts counting the parts
  /// on threads of their own.
  virtual void start(Xapian::Enquire& hits) = 0;
  /// True when finish() gives the total: the hits pass then needs no exhaustive count.
  virtual bool counts_matches() const = 0;
  /// True when finish() runs a pass of its own on the calling thread, after the hits pass.
  virtual bool counts_after_hits() const { return false; }
  /// After the hits pass: the parts' counts, merged; nullopt when the hits pass counted.
  virtual std::optional<MatchCount> finish() = 0;
  /// The facet of `field`: its `limit` most frequent values (0 = all), labelled, by count, then
  /// label, then value.
  virtual Facet facet(Field field, std::size_t limit, Index& index) = 0;
};

/// The counter for a search, by what the index offers (see ARCHITECTURE.md, search/):
/// - browsing everything with facets: the filter terms' frequencies (TermFrequencyCounter);
/// - a facet table, or no facets to count, with counting databases: each shard or share of the
///   document ids on a thread of its own (PartCounter, facet_counter_parts.cc);
/// - otherwise a local index: one spy on the hits pass reading each match's slots;
/// - remote shards: stock ValueCountMatchSpy objects in a pass of their own.
/// \throws Xapian::Error from the index.
std::unique_ptr<FacetCounter> choose_facet_counter(const SearchRequest& request,
                                                   const BuiltQuery& built, Index& index);

/// Whether an MSet's count is exact: an exhaustive pass cut short by its time limit leaves a range.
inline bool is_exact(const Xapian::MSet& mset) {
  return mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
}

}  // namespace r2p
