// Facet counting: what a search counts facet values with. A spy that reads each matching
// document's facet slots (FacetValueSpy), one that looks documents up in the facet table
// (FacetTableSpy), the posting source that gives a counting thread its share of the document ids
// (DocidRange), and counts read from the filter terms' frequencies (term_counts).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "core/facet_table.h"
#include "core/gazetteer.h"
#include "core/schema.h"
#include "core/string_counter.h"
#include "search/facet_labels.h"
#include "search/index.h"
#include "search/results.h"

namespace r2p {

/// Documents per facet value.
using Counts = std::unordered_map<std::string, std::size_t>;

/// Counts every requested facet in one pass over the matches, reading each matching document's
/// facet slots. Local only: a custom MatchSpy cannot run inside xapian-tcpsrv. A document's values
/// of a facet fill its positional slots from the first on, the last one marked, so reading stops
/// there: one read per value. Slots are read with get_value(): the document a spy gets reads values
/// through value streams and does not support iterating over all of them.
class FacetValueSpy : public Xapian::MatchSpy {
 public:
  struct Facet {
    Field field;
    Xapian::valueno first_slot;
    Xapian::valueno width;
  };
  explicit FacetValueSpy(std::vector<Facet> facets)
      : facets_(std::move(facets)), counters_(facets_.size()) {}

  void operator()(const Xapian::Document& doc, double) override {
    for (std::size_t f = 0; f < facets_.size(); ++f) {
      for (Xapian::valueno k = 0; k < facets_[f].width; ++k) {
        const std::string stored = doc.get_value(facets_[f].first_slot + k);
        if (stored.empty()) break;
        bool last = false;
        counters_[f].add(facet_value(stored, last));
        if (last) break;
      }
    }
  }
  Xapian::MatchSpy* clone() const override { return new FacetValueSpy(facets_); }
  std::string name() const override { return "r2p::FacetValueSpy"; }

  /// Moves out the counts of `field`.
  Counts take(Field field) {
    for (std::size_t f = 0; f < facets_.size(); ++f)
      if (facets_[f].field == field) return counters_[f].take();
    return {};
  }

 private:
  std::vector<Facet> facets_;
  std::vector<StringCounter> counters_;
};

/// Looks each matching document up in the index's facet table: a few integers per document. One
/// spy counts one database: the whole index, or one of its shards.
class FacetTableSpy : public Xapian::MatchSpy {
 public:
  FacetTableSpy(const FacetTable& table, const std::vector<Field>& fields, std::size_t shard = 0)
      : table_(table), shard_(shard) {
    for (Field field : fields)
      if (const FacetColumn* column = table.column(field)) {
        columns_.push_back(column);
        counts_.emplace_back(column->values.size(), 0);
      }
  }

  void operator()(const Xapian::Document& doc, double) override { count(doc.get_docid()); }
  /// Counts the values of document `docid` (of the spy's database).
  void count(Xapian::docid docid) {
    for (std::size_t f = 0; f < columns_.size(); ++f) {
      std::vector<std::size_t>& counts = counts_[f];
      const FacetIds& shard = columns_[f]->shards[shard_];
      const std::uint32_t* end = shard.end(docid);
      for (const std::uint32_t* id = shard.begin(docid); id != end; ++id) ++counts[*id];
    }
  }
  Xapian::MatchSpy* clone() const override {
    std::vector<Field> fields;
    for (const FacetColumn* column : columns_) fields.push_back(column->field);
    return new FacetTableSpy(table_, fields, shard_);
  }
  std::string name() const override { return "r2p::FacetTableSpy"; }

  /// Adds what `other`, a spy of the same table and fields (on another shard), counted.
  void add(const FacetTableSpy& other) {
    for (std::size_t f = 0; f < counts_.size(); ++f)
      for (std::size_t id = 0; id < counts_[f].size(); ++id) counts_[f][id] += other.counts_[f][id];
  }

  /// The facet of `field` as listed: its `limit` most frequent values (0 = all), ties ordered by
  /// label then value as the column's label ranks give them. Values are picked by id, so a facet
  /// of many distinct values (meetings) costs no string work beyond those listed.
  Facet top(Field field, std::size_t limit, Index& index) const {
    Facet facet{field, {}};
    for (std::size_t f = 0; f < columns_.size(); ++f) {
      if (columns_[f]->field != field) continue;
      const FacetColumn& column = *columns_[f];
      const std::vector<std::uint32_t>& ranks = column.label_ranks;
      const std::vector<std::size_t>& counts = counts_[f];
      std::vector<std::uint32_t> ids;
      for (std::uint32_t id = 0; id < counts.size(); ++id)
        if (counts[id] > 0) ids.push_back(id);
      const auto before = [&](std::uint32_t a, std::uint32_t b) {
        return counts[a] != counts[b] ? counts[a] > counts[b] : ranks[a] < ranks[b];
      };
      if (limit > 0 && ids.size() > limit) {
        std::nth_element(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(limit), ids.end(),
                         before);
        ids.resize(limit);
      }
      std::sort(ids.begin(), ids.end(), before);
      for (std::uint32_t id : ids)
        facet.values.push_back(labelled_value(field, column.values[id], counts[id], index));
    }
    return facet;
  }

 private:
  const FacetTable& table_;
  std::size_t shard_;
  std::vector<const FacetColumn*> columns_;
  std::vector<std::vector<std::size_t>> counts_;  // per column, by value id
};

/// Matches the documents with ids from `first` to `last` and carries no weight: ANDed with a
/// query, it leaves the documents of that range. A thread counts its share of a database's
/// matches with it; the matcher checks phrases and NEAR only on documents that pass every filter,
/// so the shares divide that work too. It walks the database's document list, so it names only
/// documents that exist.
class DocidRange : public Xapian::PostingSource {
 public:
  DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last) {}

  void init(const Xapian::Database& db) override {
    db_ = db;
    it_ = db_.postlist_begin("");
    end_ = db_.postlist_end("");
    started_ = false;
    // Ids up to the highest in use, of which a share doccount/lastdocid is held (gaps are where
    // documents were deleted).
    const Xapian::docid top = db_.get_lastdocid();
    const std::uint64_t span =
        first_ > top || last_ < first_ ? 0 : std::min(last_, top) - first_ + 1;
    max_ = static_cast<Xapian::doccount>(std::min<std::uint64_t>(span, db_.get_doccount()));
    est_ = top == 0 ? 0 : static_cast<Xapian::doccount>(span * db_.get_doccount() / top);
    est_ = std::min(est_, max_);
  }
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return est_; }
  Xapian::doccount get_termfreq_max() const override { return max_; }
  void next(double) override {
    if (started_) {
      ++it_;
    } else {
      started_ = true;
      it_.skip_to(first_);
    }
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    if (it_ != end_) it_.skip_to(std::max(did, first_));
  }
  bool at_end() const override { return it_ == end_ || *it_ > last_; }
  Xapian::docid get_docid() const override { return *it_; }
  Xapian::PostingSource* clone() const override { return new DocidRange(first_, last_); }
  std::string name() const override { return "r2p::DocidRange"; }

 private:
  Xapian::docid first_, last_;
  Xapian::Database db_;
  Xapian::PostingIterator it_, end_;
  bool started_ = false;
  Xapian::doccount est_ = 0, max_ = 0;
};

/// Documents per value of `field`, from the frequencies of its filter terms. The alias table's
/// terms ("r2p") share the organisation prefix so that a query for "R2P" also finds "Responsibility
/// to Protect", but they are not organisations and are not counted as such.
Counts term_counts(Xapian::Database& db, Field field, const AliasTable& aliases);

}  // namespace r2p
