// The facet counting strategies that count in one place (the hits pass, a pass of their own, or
// the term list), and the choice between them and counting apart (facet_counter_parts.cc).
#include "search/facet_counter.h"

#include <algorithm>
#include <functional>
#include <utility>
#include <vector>

#include "search/facet_counter_parts.h"
#include "search/facet_counting.h"
#include "search/facet_labels.h"
#include "search/search_limits.h"

namespace r2p {
namespace {

/// Meeting titles a facet looks up one by one; above this, all are read in one pass.
constexpr std::size_t kTitlesReadOneByOne = 1000;

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
    if (count >= threshold) facet.values.push_back(labelled_value(field, value, count, index));
  std::sort(facet.values.begin(), facet.values.end(), [](const auto& a, const auto& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.label != b.label) return a.label < b.label;
    return a.value < b.value;
  });
  if (facet_limit > 0 && facet.values.size() > facet_limit) facet.values.resize(facet_limit);
  return facet;
}

/// A one-off search on a local index: the hits pass counts every match (checkatleast = document
/// count), and one spy on it reads each matching document's facet slots (none with no facets).
class SamePassCounter : public FacetCounter {
 public:
  SamePassCounter(const std::vector<Field>& facets, Index& index) {
    if (facets.empty()) return;
    std::vector<FacetValueSpy::Facet> slots;
    for (Field field : facets)
      slots.push_back(
          {field, field_spec(field).facet_slot, index.facet_width(field_spec(field).name)});
    spy_ = std::make_unique<FacetValueSpy>(std::move(slots));
  }
  void start(Xapian::Enquire& hits) override {
    if (spy_) hits.add_matchspy(spy_.get());
  }
  bool counts_matches() const override { return false; }
  std::optional<MatchCount> finish() override { return std::nullopt; }
  Facet facet(Field field, std::size_t limit, Index& index) override {
    return labelled_facet(field, spy_ ? spy_->take(field) : Counts{}, limit, index);
  }

 private:
  std::unique_ptr<FacetValueSpy> spy_;
};

/// Browsing everything, a facet value's count is the frequency of its filter term (each facet
/// value is also indexed as that term): read from the term list, no pass over the documents.
class TermFrequencyCounter : public FacetCounter {
 public:
  void start(Xapian::Enquire&) override {}
  bool counts_matches() const override { return false; }
  std::optional<MatchCount> finish() override { return std::nullopt; }
  Facet facet(Field field, std::size_t limit, Index& index) override {
    return labelled_facet(field, term_counts(index.database(), field, index.aliases()), limit,
                          index);
  }
};

/// Remote shards without usable facet tables (xapian-tcpsrv runs no custom spy): stock
/// ValueCountMatchSpy objects, one per positional slot, in a counting pass of their own with no
/// hits and no sort. Xapian 1.4.22 over remote shards over-counts match spies when hits are
/// sorted by a value and only part of them is returned; such a pass is exact there.
class StockSpyCounter : public FacetCounter {
 public:
  StockSpyCounter(const std::vector<Field>& facets, const Xapian::Query& query, Index& index)
      : counting_(index.database()) {
    counting_.set_query(query);
    counting_.set_weighting_scheme(Xapian::TfIdfWeight("bnn"));  // no real weights needed
    counting_.set_time_limit(kCountSeconds);
    for (Field field : facets) {
      const Xapian::valueno base = field_spec(field).facet_slot;
      const Xapian::valueno width = index.facet_width(field_spec(field).name);
      for (Xapian::valueno k = 0; k < width; ++k) {
        spies_.emplace_back(field, std::make_unique<Xapian::ValueCountMatchSpy>(base + k));
        counting_.add_matchspy(spies_.back().second.get());
      }
    }
    documents_ = index.database().get_doccount();
  }
  void start(Xapian::Enquire&) override {}
  bool counts_matches() const override { return true; }
  bool counts_after_hits() const override { return true; }
  std::optional<MatchCount> finish() override {
    const Xapian::MSet counted = counting_.get_mset(0, 0, documents_);
    return MatchCount{counted.get_matches_estimated(), is_exact(counted)};
  }
  Facet facet(Field field, std::size_t limit, Index& index) override {
    Counts counts;
    for (const auto& [spy_field, spy] : spies_) {
      if (spy_field != field) continue;
      for (auto v = spy->values_begin(); v != spy->values_end(); ++v) {
        bool last = false;
        counts[std::string(facet_value(*v, last))] += v.get_termfreq();
      }
    }
    return labelled_facet(field, counts, limit, index);
  }

 private:
  Xapian::Enquire counting_;
  std::vector<std::pair<Field, std::unique_ptr<Xapian::ValueCountMatchSpy>>> spies_;
  Xapian::doccount documents_ = 0;
};

}  // namespace

std::unique_ptr<FacetCounter> choose_facet_counter(const SearchRequest& request,
                                                   const BuiltQuery& built, Index& index) {
  const std::vector<Field>& facets = request.facets;
  const bool remote = index.has_remote_shards();
  const bool counts_from_terms = built.browse && request.filters.empty();
  // Every facet is counted from the facet table where there is one: local indexes read it from
  // their slots, shards store it, and a server (which cannot run a custom MatchSpy) returns the
  // ids of the matching documents for it.
  const FacetTable* table =
      facets.empty() || counts_from_terms ? nullptr : index.facet_table_for_search();
  // Counting apart pays when the hits shown are fewer than all: with no limit the hits pass goes
  // through every match anyway.
  CountingParts parts;
  if (table || (facets.empty() && request.limit != 0))
    parts.databases = &index.shard_set().counting_databases();
  parts.shares = index.shard_set().counting_shares();
  parts.remote = remote;
  const bool have_parts = parts.databases && !parts.databases->empty();
  if (table && (!have_parts || table->shards() != (parts.shares ? 1 : parts.databases->size())))
    table = nullptr;  // each document's slots then
  if (have_parts && (table || facets.empty())) {
    parts.last_docid = index.database().get_lastdocid();
    return make_part_counter(parts, table, facets, built.query);
  }
  if (!facets.empty() && counts_from_terms) return std::make_unique<TermFrequencyCounter>();
  if (!facets.empty() && remote)
    return std::make_unique<StockSpyCounter>(facets, built.query, index);
  return std::make_unique<SamePassCounter>(facets, index);
}

}  // namespace r2p
