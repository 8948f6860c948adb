// Search execution: Enquire with BM25 and date sorting, the hits with their snippets, and exact
// counts from the facet counter chosen for the index (facet_counter.h).
#include "search/searcher.h"

#include <algorithm>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/schema.h"
#include "core/text.h"
#include "search/answer.h"
#include "search/facet_counter.h"
#include "search/query_builder.h"
#include "search/snippets.h"

namespace r2p {
namespace {

/// Hits to fetch: the request's page, never more than kMaxHitsPerSearch.
Xapian::doccount hits_to_fetch(const SearchRequest& request, Xapian::doccount doccount) {
  const std::size_t wanted = request.limit == 0 ? doccount : request.limit;
  return static_cast<Xapian::doccount>(std::min(wanted, kMaxHitsPerSearch));
}

/// Notes on counts that ran out of time and on hits left for the next page.
void add_limit_notes(const SearchRequest& request, SearchResults& results) {
  if (!results.exact)
    results.notes.push_back("counting stopped after " + std::to_string(int(kCountSeconds)) +
                            " s: the total and the facet counts are estimates; narrow the search "
                            "(filters, more words) for exact counts");
  const std::size_t end = results.offset + results.hits.size();
  if ((request.limit == 0 || request.limit > kMaxHitsPerSearch) && end < results.total &&
      results.hits.size() == kMaxHitsPerSearch)
    results.notes.push_back("one search lists at most " + std::to_string(kMaxHitsPerSearch) +
                            " hits; the next ones start at offset " + std::to_string(end));
}

/// The pass that finds the hits shown: BM25, sorted as asked.
Xapian::Enquire hits_enquire(Xapian::Database& db, const Xapian::Query& query, SortOrder sort) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  // k1 = 1.2, b = 0.75 (Robertson's values, FTS5's) rather than Xapian's 1 and 0.5: measured with
  // bench/quality on CISI, nDCG@10 0.380 against 0.371 (bench/README.md).
  enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
  // Ties are broken by date, then record id (the date slot holds both), rather than document id,
  // so hits of equal weight read in order and a sharded or remote index (whose document ids
  // interleave) lists them exactly as a single index does.
  switch (sort) {
    case SortOrder::relevance:
      enquire.set_sort_by_relevance_then_value(kSlotDate, false);
      break;
    case SortOrder::date_ascending:
      enquire.set_sort_by_value_then_relevance(kSlotDate, false);
      break;
    case SortOrder::date_descending:
      enquire.set_sort_by_value_then_relevance(kSlotDate, true);
      break;
  }
  return enquire;
}

/// Whether the hits pass brings its hits' records along: over remote shards, where reading them
/// after the match takes a round trip per hit (three one after the other for ten hits over two
/// servers, ShardSet::record_data). Xapian 1.4's remote protocol sends each hit's collapse key
/// with it, so the record slot as collapse key brings the records with the hits; records hold
/// their ids, so no two keys are equal and nothing collapses. But each server reads, and keeps
/// until the match ends, the record of every candidate that enters its best hits so far; so only
/// - when the counter counts the matches itself (else the hits pass goes through every match);
/// - for the first kCarriedRecords hits;
/// - in relevance order, for a query that weighs its matches (query_weighs()): then few
///   candidates enter. In date order, or among matches of equal weight (ties go by date), every
///   one can, when the corpus lists its records in that order: a Xapian program searching
///   200,000 such documents, sorted by date, held 435 MB with the key against 4 MB without.
bool records_carried(const SearchRequest& request, const BuiltQuery& built, Index& index,
                     const FacetCounter& counter) {
  constexpr std::size_t kCarriedRecords = 100;
  return index.has_remote_shards() && counter.counts_matches() &&
         request.offset + hits_to_fetch(request, index.database().get_doccount()) <=
             kCarriedRecords &&
         request.sort == SortOrder::relevance && query_weighs(built.query);  // browsing weighs 0
}

/// The stored records of the hits of `mset`, in order: carried as their collapse keys (see
/// records_carried()), else read from remote shards a page at a time, from every server at once
/// (ShardSet::record_data), else read one by one.
std::vector<std::string> hit_records(const Xapian::MSet& mset, bool carried, Index& index) {
  std::vector<std::string> records;
  records.reserve(mset.size());
  if (carried || !index.has_remote_shards()) {
    for (auto it = mset.begin(); it != mset.end(); ++it)
      records.push_back(carried ? it.get_collapse_key() : record_data(it.get_document()));
    return records;
  }
  constexpr std::size_t kPage = 100;
  const std::vector<Xapian::docid> docids(mset.begin(), mset.end());
  for (std::size_t start = 0; start < docids.size(); start += kPage) {
    const auto first = docids.begin() + static_cast<std::ptrdiff_t>(start);
    const auto last =
        docids.begin() + static_cast<std::ptrdiff_t>(std::min(start + kPage, docids.size()));
    for (std::string& record : index.shard_set().record_data({first, last}))
      records.push_back(std::move(record));
  }
  return records;
}

/// The hits of `mset`, with snippets weighed by `snippet_weights`.
std::vector<Hit> make_hits(const Xapian::MSet& mset, const Xapian::MSet& snippet_weights,
                           bool browse, bool carried, Index& index) {
  const std::vector<std::string> records = hit_records(mset, carried, index);
  std::vector<Hit> hits;
  const Xapian::Stem stemmer = thread_stemmer();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const Record record = index.stored_record(records[it.get_rank() - mset.get_firstitem()]);
    Hit hit = make_hit(record);
    hit.score = browse ? 0.0 : it.get_weight();
    hit.snippet = make_snippet(snippet_weights, record.text, stemmer);
    hits.push_back(std::move(hit));
  }
  return hits;
}

/// What the hits pass (and the passes beside it) found.
struct HitsPass {
  Xapian::MSet mset;
  Xapian::MSet snippet_weights;
  Xapian::doccount total = 0;
  bool exact = true;
};

/// Runs the hits pass. checkatleast = doccount makes both the total and the facet counts exact;
/// when the counter counts the matches in passes of its own, those give the total and the hits
/// need no exhaustive pass. The weights snippets give the terms they mark (BuiltQuery::highlight,
/// see snippet_weighting) come from a pass that only opens those terms — over remote shards on a
/// handle of its own, beside the hits pass, whose round trips it overlaps.
HitsPass run_hits(const SearchRequest& request, const BuiltQuery& built, Index& index,
                  Xapian::Enquire& enquire, FacetCounter& counter) {
  Xapian::Database& db = index.database();
  const Xapian::doccount doccount = db.get_doccount();
  std::future<Xapian::MSet> side_weights;
  Xapian::Database* side =
      !counter.counts_after_hits() && !built.browse ? index.shard_set().side_database() : nullptr;
  if (side)
    side_weights =
        std::async(std::launch::async | std::launch::deferred,
                   [side, serialised = built.highlight.serialise()] {
                     return snippet_weights(*side, Xapian::Query::unserialise(serialised));
                   });
  HitsPass pass;
  pass.mset =
      enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                       hits_to_fetch(request, doccount), counter.counts_matches() ? 0 : doccount);
  pass.total = pass.mset.get_matches_estimated();
  pass.exact = counter.counts_matches() || is_exact(pass.mset);
  if (side)
    pass.snippet_weights = side_weights.get();
  else if (!pass.mset.empty() && !built.browse)
    pass.snippet_weights = snippet_weights(db, built.highlight);
  if (const std::optional<MatchCount> counted = counter.finish()) {
    pass.total = counted->matches;
    pass.exact = counted->exact;
  }
  return pass;
}

SearchResults search_once(const SearchRequest& request, Index& index) {
  const BuiltQuery built = build_query(request, index);
  Xapian::Enquire enquire = hits_enquire(index.database(), built.query, request.sort);
  enquire.set_time_limit(kCountSeconds);
  const std::unique_ptr<FacetCounter> counter = choose_facet_counter(request, built, index);
  counter->start(enquire);
  const bool carried = records_carried(request, built, index, *counter);
  if (carried) enquire.set_collapse_key(kSlotRecord);
  const HitsPass pass = run_hits(request, built, index, enquire, *counter);

  SearchResults results;
  results.query = request.query;
  results.total = pass.total;
  results.offset = request.offset;
  results.limit = request.limit;
  results.suggestion = built.suggestion;
  results.notes = built.notes;
  results.interpretation = built.interpretation;
  results.exact = pass.exact;
  results.hits = make_hits(pass.mset, pass.snippet_weights, built.browse, carried, index);
  add_limit_notes(request, results);
  if (request.offset == 0 && !results.hits.empty())
    results.answer = answer_card(results.interpretation, results.hits.front(), index);
  for (Field field : request.facets)
    results.facets.push_back(counter->facet(field, request.facet_limit, index));
  return results;
}

}  // namespace

Hit make_hit(const Record& record) {
  Hit hit;
  hit.id = record.id;
  hit.type = to_string(record.type);
  hit.title = record.title;
  if (!record.date.empty()) hit.date = record.date.iso();
  if (const PartialDate sort_date = record_sort_date(record); !sort_date.empty())
    hit.year = sort_date.year;
  for (const auto& code : record.regions) hit.regions.push_back(english_name(code));
  hit.meetings = record.meetings;
  hit.countries = record.countries;
  hit.organisations = record.organisations;
  hit.source = source_label(record.source_document, record.source);
  return hit;
}

SearchResults run_search(const SearchRequest& request, Index& index) {
  for (int attempt = 0;; ++attempt) {
    try {
      return search_once(request, index);
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 2) throw IndexError("the index kept changing while it was read; try again");
      index.reopen();
    } catch (const Xapian::DatabaseError&) {
      // r2p-index swaps in a new version and later deletes old ones; a reader still on a deleted
      // version opens the live one again. Anything else is reported.
      if (attempt >= 2 || !index.replaced()) throw;
      index.reopen();
    } catch (const Xapian::NetworkError&) {
      // A server restarted (or the connection dropped): connect again, once.
      if (attempt >= 1 || !index.has_remote_shards()) throw;
      index.reopen();
    }
  }
}

}  // namespace r2p
