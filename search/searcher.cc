// Search execution: Enquire with BM25, date sorting, and exact facet counts — from the facet
// table (read from the slots of a local index, stored by each shard; remote shards return the
// ids of the matching documents for it), else from each matching document's slots, or from
// stock ValueCountMatchSpy objects (one per positional slot, merged) on remote shards that store
// no table.
#include "search/searcher.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "core/error.h"
#include "core/text.h"
#include "search/answer.h"
#include "search/facet_counting.h"
#include "search/query_builder.h"

namespace r2p {
namespace {

std::string join_text(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const auto& p : paragraphs) out += (out.empty() ? "" : "\n") + p;
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

/// The start of a record's text, cut at a word boundary: the snippet when no word matched.
std::string leading_text(const std::vector<std::string>& paragraphs, std::size_t bytes = 300) {
  std::string text = join_text(paragraphs);
  if (text.size() > bytes) {
    std::size_t cut = text.rfind(' ', bytes);
    if (cut == std::string::npos) {
      cut = bytes;  // no space: back up to the start of a UTF-8 character
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    text = text.substr(0, cut) + "…";
  }
  return html_escape(text);
}

/// Meeting titles a facet looks up one by one; above this, all are read in one pass.
constexpr std::size_t kTitlesReadOneByOne = 1000;

/// How snippets weigh the query's terms: each the same, 1 per term (binary wdf, no idf, no
/// length normalisation). Not the hits' BM25 weights: Xapian 1.4 adds up each shard's bound on a
/// term's weight, and BM25's bounds depend on the shard's own document lengths and term counts,
/// so snippets chosen with them differ between a single index and the same records in shards
/// (local or remote). Weighing by idf alone ("btn") is not enough either: the sum of N equal
/// shares is exact only for N a power of two, and windows that tie in one index then do not tie
/// in the other. Whole numbers add up exactly for any number of shards.
const Xapian::TfIdfWeight kSnippetWeights("bnn");

/// Matches counted by one counting pass, and whether it counted them all.
struct PartCount {
  Xapian::doccount matches = 0;
  bool exact = true;
};

/// Whether an MSet's count is exact: an exhaustive pass cut short by its time limit leaves a range.
bool is_exact(const Xapian::MSet& mset) {
  return mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
}

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

/// Counts the matches of one part (a share [first, last] of a database's document ids when
/// `share`, else a whole shard), feeding `spy` when there is one; runs on a thread of its own with
/// its own handle and its own copy of the query.
PartCount count_part(Xapian::Database& db, const std::string& serialised_query, bool share,
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
    return PartCount{all.size(), true};
  }
  if (spy) counter.add_matchspy(spy);
  const Xapian::MSet counted = counter.get_mset(0, 0, documents);
  return PartCount{counted.get_matches_estimated(), is_exact(counted)};
}

/// The hits of `mset`, with snippets weighed by `snippet_weights`. Over remote shards the hits'
/// documents are read a page at a time, from every server at once (Index::document_data);
/// otherwise one by one, each as its hit is made.
std::vector<Hit> make_hits(const Xapian::MSet& mset, const Xapian::MSet& snippet_weights,
                           bool browse, bool remote, Index& index) {
  std::vector<Hit> hits;
  const Xapian::Stem stemmer = thread_stemmer();
  constexpr std::size_t kPage = 100;
  std::vector<std::string> page;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const std::size_t rank = it.get_rank() - mset.get_firstitem();
    if (remote && rank % kPage == 0) {
      std::vector<Xapian::docid> docids;
      for (auto d = it; d != mset.end() && docids.size() < kPage; ++d) docids.push_back(*d);
      page = index.shard_set().document_data(docids);
    }
    const Record record =
        index.stored_record(remote ? page[rank % kPage] : it.get_document().get_data());
    Hit hit = make_hit(record);
    hit.score = browse ? 0.0 : it.get_weight();
    hit.snippet =
        snippet_weights.snippet(join_text(record.text), 300, stemmer,
                                Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>", "…");
    if (hit.snippet.find("<mark>") == std::string::npos) hit.snippet = leading_text(record.text);
    hits.push_back(std::move(hit));
  }
  return hits;
}

/// A facet from its counts: the facet_limit most frequent values (0 = all), labelled, by count,
/// then label.
Facet labelled_facet(Field field, const Counts& counts, std::size_t facet_limit, Index& index) {
  // Only values that can make the list are labelled: those counted at least as often as the
  // facet_limit-th most frequent one (ties there are ordered by label, like the rest).
  std::size_t threshold = 0;
  if (facet_limit > 0 && counts.size() > facet_limit) {
    std::vector<std::size_t> sorted_counts;
    for (const auto& [value, count] : counts) sorted_counts.push_back(count);
    std::nth_element(sorted_counts.begin(), sorted_counts.begin() + (facet_limit - 1),
                     sorted_counts.end(), std::greater<>());
    threshold = sorted_counts[facet_limit - 1];
  }
  // Many meetings tied at the threshold (a large corpus) need many titles: read them all in
  // one pass rather than one lookup each.
  if (field == Field::meeting &&
      static_cast<std::size_t>(std::count_if(counts.begin(), counts.end(), [&](const auto& c) {
        return c.second >= threshold;
      })) > kTitlesReadOneByOne)
    index.read_meeting_titles();
  Facet facet{field, {}};
  for (const auto& [value, count] : counts)
    if (count >= threshold)
      facet.values.push_back({value, facet_label(field, value, index), count});
  std::sort(facet.values.begin(), facet.values.end(), [](const auto& a, const auto& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.label != b.label) return a.label < b.label;
    return a.value < b.value;
  });
  if (facet_limit > 0 && facet.values.size() > facet_limit) facet.values.resize(facet_limit);
  return facet;
}

/// How one search counts its matches and facet values (see the comments in plan_counting).
struct CountingPlan {
  bool remote = false;                ///< the index has remote shards
  bool counts_from_terms = false;     ///< facets read from the filter terms' frequencies
  const FacetTable* table = nullptr;  ///< facets counted from the facet table
  std::vector<Xapian::Database>* parts = nullptr;  ///< counted apart, one thread each; or none
  bool shares = false;  ///< parts are handles that each count a share of one database
};

CountingPlan plan_counting(const SearchRequest& request, const BuiltQuery& built, Index& index) {
  CountingPlan plan;
  // Every facet is counted from the facet table where there is one: local indexes read it from
  // their slots, shards store it, and a server (which cannot run a custom MatchSpy) returns the
  // ids of the matching documents for it. Otherwise local indexes count every facet with one spy
  // that reads each matching document's slots, and remote ones with stock spies, one per
  // positional slot (what xapian-tcpsrv can run).
  plan.remote = index.has_remote_shards();
  // Browsing everything, a facet value's count is the frequency of its filter term (each facet
  // value is also indexed as that term): read from the term list, no pass over the documents.
  plan.counts_from_terms = built.browse && request.filters.empty();
  plan.table =
      request.facets.empty() || plan.counts_from_terms ? nullptr : index.facet_table_for_search();
  // Counting apart pays when the hits shown are fewer than all: with no limit the hits pass goes
  // through every match anyway.
  if (plan.table || (request.facets.empty() && request.limit != 0))
    plan.parts = &index.shard_set().counting_databases();
  // Handles on one database each count a share of its document ids; shards count all of theirs.
  plan.shares = index.shard_set().counting_shares();
  if (plan.table && (!plan.parts || plan.parts->empty() ||
                     plan.table->shards() != (plan.shares ? 1 : plan.parts->size())))
    plan.table = nullptr;  // each document's slots then
  if (plan.parts && (plan.parts->empty() || (!plan.table && !request.facets.empty())))
    plan.parts = nullptr;
  return plan;
}

/// The spies and threads a search counts with, and the counts they gave.
struct Counting {
  Xapian::Enquire counting;  ///< remote stock spies' pass of its own
  std::vector<std::pair<Field, std::unique_ptr<Xapian::ValueCountMatchSpy>>> spies;
  std::unique_ptr<FacetValueSpy> value_spy;
  std::unique_ptr<FacetTableSpy> table_spy;
  std::vector<std::unique_ptr<FacetTableSpy>> part_spies;  // one per database counted
  std::vector<std::future<PartCount>> part_counts;
};

/// With a facet table (or no facets), matches are counted on threads of their own, one per part
/// (a share of the index's document ids, or one of its shards: a spy sees a database's own
/// document ids, and a remote shard's server sends them), while this thread finds the hits shown
/// with no exhaustive pass. Counting needs no real weights. Xapian objects are not shared between
/// threads: each thread has its own handle on its database and its own copy of the query.
void start_part_counts(const CountingPlan& plan, const SearchRequest& request,
                       const Xapian::Query& query, Xapian::docid last_docid, Counting& counting) {
  std::vector<Xapian::Database>& parts = *plan.parts;
  const std::string serialised_query = query.serialise();
  for (std::size_t part = 0; part < parts.size(); ++part)
    counting.part_spies.push_back(
        plan.table
            ? std::make_unique<FacetTableSpy>(*plan.table, request.facets, plan.shares ? 0 : part)
            : nullptr);
  const bool shares = plan.shares, remote = plan.remote;
  for (std::size_t part = 0; part < parts.size(); ++part) {
    const Xapian::docid first =
        shares ? static_cast<Xapian::docid>(std::uint64_t{last_docid} * part / parts.size()) + 1
               : 1;
    const Xapian::docid last =
        shares ? static_cast<Xapian::docid>(std::uint64_t{last_docid} * (part + 1) / parts.size())
               : 0;
    FacetTableSpy* spy = counting.part_spies[part].get();
    counting.part_counts.push_back(
        // Where no thread can be started, the count runs here, when it is asked for.
        std::async(std::launch::async | std::launch::deferred,
                   [&parts, serialised_query, part, shares, first, last, spy, remote] {
                     return count_part(parts[part], serialised_query, shares && parts.size() > 1,
                                       first, last, spy, remote);
                   }));
  }
}

/// Without a facet table, local indexes count every facet with one spy on the hits pass, and
/// remote ones with stock spies, one per positional slot, in a pass of their own: Xapian 1.4.22
/// over remote shards over-counts match spies when hits are sorted by a value and only part of
/// them is returned; a pass with no hits and no sort is exact there.
void add_facet_spies(const CountingPlan& plan, const SearchRequest& request, Index& index,
                     Xapian::Enquire& hits, Counting& counting) {
  if (plan.table || request.facets.empty() || plan.counts_from_terms) return;
  if (!plan.remote) {
    std::vector<FacetValueSpy::Facet> facets;
    for (Field field : request.facets)
      facets.push_back(
          {field, field_spec(field).facet_slot, index.facet_width(field_spec(field).name)});
    counting.value_spy = std::make_unique<FacetValueSpy>(std::move(facets));
    hits.add_matchspy(counting.value_spy.get());
    return;
  }
  for (Field field : request.facets) {
    const Xapian::valueno base = field_spec(field).facet_slot;
    const Xapian::valueno width = index.facet_width(field_spec(field).name);
    for (Xapian::valueno k = 0; k < width; ++k) {
      counting.spies.emplace_back(field, std::make_unique<Xapian::ValueCountMatchSpy>(base + k));
      counting.counting.add_matchspy(counting.spies.back().second.get());
    }
  }
}

/// Snippet weights from a pass over `db` that only opens the terms snippets mark.
Xapian::MSet snippet_weights_of(Xapian::Database& db, const Xapian::Query& highlight) {
  Xapian::Enquire weigher(db);
  weigher.set_query(highlight);
  weigher.set_weighting_scheme(kSnippetWeights);
  return weigher.get_mset(0, 0);
}

/// What the hits pass (and the passes beside it) found.
struct HitsPass {
  Xapian::MSet mset;
  Xapian::MSet snippet_weights;
  Xapian::doccount total = 0;
  bool exact = true;
};

/// Runs the hits pass. checkatleast = doccount makes both the total and the facet counts exact;
/// when matches are counted in passes of their own, those give the total and the hits need no
/// exhaustive pass. The weights snippets give the terms they mark (BuiltQuery::highlight, see
/// kSnippetWeights) come from a pass that only opens those terms — over remote shards on a handle
/// of its own, beside the hits pass, whose round trips it overlaps.
HitsPass run_hits(const SearchRequest& request, const BuiltQuery& built, Index& index,
                  Xapian::Enquire& enquire, Counting& counting) {
  Xapian::Database& db = index.database();
  const Xapian::doccount doccount = db.get_doccount();
  const bool counted_apart = !counting.part_counts.empty() || !counting.spies.empty();
  std::future<Xapian::MSet> side_weights;
  Xapian::Database* side =
      counting.spies.empty() && !built.browse ? index.shard_set().side_database() : nullptr;
  if (side)
    side_weights =
        std::async(std::launch::async | std::launch::deferred,
                   [side, serialised = built.highlight.serialise()] {
                     return snippet_weights_of(*side, Xapian::Query::unserialise(serialised));
                   });
  HitsPass pass;
  pass.mset = enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                               hits_to_fetch(request, doccount), counted_apart ? 0 : doccount);
  pass.total = pass.mset.get_matches_estimated();
  pass.exact = counted_apart || is_exact(pass.mset);
  if (side) {
    pass.snippet_weights = side_weights.get();
    return pass;
  }
  if (!counting.spies.empty()) {
    const Xapian::MSet counted = counting.counting.get_mset(0, 0, doccount);
    pass.total = counted.get_matches_estimated();
    pass.exact = is_exact(counted);
  }
  if (!pass.mset.empty() && !built.browse)
    pass.snippet_weights = snippet_weights_of(db, built.highlight);
  return pass;
}

/// Waits for the part counts: their sum is the total, and their table spies are merged.
void merge_part_counts(Counting& counting, HitsPass& pass) {
  if (counting.part_counts.empty()) return;
  pass.total = 0;
  for (auto& count : counting.part_counts) {
    const PartCount part = count.get();
    pass.total += part.matches;
    pass.exact = pass.exact && part.exact;
  }
  if (!counting.part_spies.front()) return;
  counting.table_spy = std::move(counting.part_spies.front());
  for (std::size_t part = 1; part < counting.part_spies.size(); ++part)
    counting.table_spy->add(*counting.part_spies[part]);
}

/// The facets asked for, from whichever counts the plan gave.
std::vector<Facet> counted_facets(const CountingPlan& plan, const SearchRequest& request,
                                  Counting& counting, Index& index) {
  std::vector<Facet> facets;
  for (Field field : request.facets) {
    if (counting.table_spy) {
      facets.push_back(counting.table_spy->top(field, request.facet_limit, index));
      continue;
    }
    Counts counts;
    if (plan.counts_from_terms) counts = term_counts(index.database(), field, index.aliases());
    if (counting.value_spy) counts = counting.value_spy->take(field);
    for (const auto& [spy_field, spy] : counting.spies) {
      if (spy_field != field) continue;
      for (auto v = spy->values_begin(); v != spy->values_end(); ++v) {
        bool last = false;
        counts[std::string(facet_value(*v, last))] += v.get_termfreq();
      }
    }
    facets.push_back(labelled_facet(field, counts, request.facet_limit, index));
  }
  return facets;
}

SearchResults search_once(const SearchRequest& request, Index& index) {
  Xapian::Database& db = index.database();
  const BuiltQuery built = build_query(request, index);
  Xapian::Enquire enquire = hits_enquire(db, built.query, request.sort);
  enquire.set_time_limit(kCountSeconds);

  const CountingPlan plan = plan_counting(request, built, index);
  Counting counting{Xapian::Enquire(db), {}, {}, {}, {}, {}};
  counting.counting.set_query(built.query);
  counting.counting.set_weighting_scheme(kSnippetWeights);
  counting.counting.set_time_limit(kCountSeconds);
  if (plan.parts) start_part_counts(plan, request, built.query, db.get_lastdocid(), counting);
  add_facet_spies(plan, request, index, enquire, counting);
  HitsPass pass = run_hits(request, built, index, enquire, counting);
  merge_part_counts(counting, pass);

  SearchResults results;
  results.query = request.query;
  results.total = pass.total;
  results.offset = request.offset;
  results.limit = request.limit;
  results.suggestion = built.suggestion;
  results.notes = built.notes;
  results.interpretation = built.interpretation;
  results.exact = pass.exact;
  results.hits = make_hits(pass.mset, pass.snippet_weights, built.browse, plan.remote, index);
  add_limit_notes(request, results);
  if (request.offset == 0 && !results.hits.empty())
    results.answer = answer_card(results.interpretation, results.hits.front(), index);
  results.facets = counted_facets(plan, request, counting, index);
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
