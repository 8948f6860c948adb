// r2p-peer-xapian: the minimal raw-Xapian program r2p-kb is measured against (the engine's
// limit): the same records, terms and filters, exact facets with one custom MatchSpy. Its trec-*
// modes are bench/quality's raw-Xapian baseline: Xapian's defaults, BM25, any word.
#include <algorithm>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "bench/bench_common.h"
#include "bench/peer_record.h"
#include "bench/trec_collection.h"
#include "bench/trec_metrics.h"

namespace {

using r2p::bench::MixQuery;

/// Value slots: the sort date, then one packed list of values per facet.
enum Slot : Xapian::valueno {
  kSlotDate = 0,
  kSlotYear,
  kSlotType,
  kSlotMeeting,
  kSlotCountry,
  kSlotRegion
};
const std::vector<Xapian::valueno> kFacetSlots = {kSlotYear, kSlotRegion, kSlotMeeting, kSlotType,
                                                  kSlotCountry};

/// 1-byte length + bytes per value (values longer than 255 bytes are left out).
std::string pack(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (v.size() > 255) continue;
    out += static_cast<char>(v.size());
    out += v;
  }
  return out;
}

/// Counts every value of several packed multi-value slots exactly (XAPIAN.md §2, option 1).
class PackedFacetSpy : public Xapian::MatchSpy {
 public:
  explicit PackedFacetSpy(std::vector<Xapian::valueno> slots)
      : slots_(std::move(slots)), counts_(slots_.size()) {}

  void operator()(const Xapian::Document& doc, double) override {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const std::string packed = doc.get_value(slots_[i]);
      for (std::size_t at = 0; at < packed.size();) {
        const auto length = static_cast<unsigned char>(packed[at]);
        key_.assign(packed, at + 1, length);
        at += 1 + length;
        auto it = counts_[i].find(key_);
        if (it == counts_[i].end())
          counts_[i].emplace(key_, 1);
        else
          ++it->second;
      }
    }
  }
  Xapian::MatchSpy* clone() const override { return new PackedFacetSpy(slots_); }
  std::string name() const override { return "PackedFacetSpy"; }

  /// Each facet's values by count, highest first (what a user interface would list).
  std::vector<std::vector<std::pair<std::string, Xapian::doccount>>> sorted() const {
    std::vector<std::vector<std::pair<std::string, Xapian::doccount>>> out;
    for (const auto& counts : counts_) {
      out.emplace_back(counts.begin(), counts.end());
      std::sort(out.back().begin(), out.back().end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
      });
    }
    return out;
  }

 private:
  std::vector<Xapian::valueno> slots_;
  std::vector<std::unordered_map<std::string, Xapian::doccount>> counts_;
  std::string key_;
};

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

/// Keeps the hits' data and the sorted facets from being optimised away.
volatile std::size_t sink_ = 0;

int index_corpus(const std::string& corpus, const std::string& db_path) {
  const double start = r2p::bench::now_ms();
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("en"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  r2p::bench::PeerRecordReader reader;
  std::size_t records = 0;
  const std::size_t bytes = r2p::bench::for_each_line(corpus, [&](const std::string& line) {
    const r2p::bench::PeerRecord r = reader.read(nlohmann::json::parse(line));
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(r.title, 1, "S");
    generator.index_text(r.title);
    for (const auto& paragraph : r.paragraphs) {
      generator.increase_termpos();
      generator.index_text(paragraph);
    }
    doc.add_boolean_term("Q" + r.id);
    doc.add_boolean_term("XT" + r.type);
    for (const auto& y : r.years) doc.add_boolean_term("Y" + y);
    for (const auto& c : r.countries) doc.add_boolean_term("N" + c);
    for (const auto& g : r.regions) doc.add_boolean_term("XR" + g);
    for (const auto& m : r.meetings) doc.add_boolean_term("XM" + m);
    if (r.date_key) doc.add_value(kSlotDate, Xapian::sortable_serialise(r.date_key));
    doc.add_value(kSlotYear, pack(r.years));
    doc.add_value(kSlotType, pack({r.type}));
    doc.add_value(kSlotMeeting, pack(r.meetings));
    doc.add_value(kSlotCountry, pack(r.countries));
    doc.add_value(kSlotRegion, pack(r.regions));
    doc.set_data(line);
    db.add_document(doc);
    ++records;
  });
  db.commit();
  db.close();
  return r2p::bench::print_index_timings("xapian-peer", records, bytes, start);
}

int query_mix(const std::string& db_path, const r2p::bench::TimingOptions& options) {
  Xapian::Database db(db_path);
  // Every word must match, except in a question, where any content word may (bench/query_mix.h).
  // Two parsers: a QueryParser copy shares its settings with the original.
  const auto make_parser = [&](Xapian::Query::op default_op) {
    Xapian::QueryParser parser;
    parser.set_database(db);
    parser.set_stemmer(Xapian::Stem("en"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    parser.set_default_op(default_op);
    return parser;
  };
  Xapian::QueryParser parser = make_parser(Xapian::Query::OP_AND);
  Xapian::QueryParser any_word_parser = make_parser(Xapian::Query::OP_OR);
  r2p::bench::PeerRecordReader names;
  const Xapian::doccount doccount = db.get_doccount();

  const auto run = [&](const MixQuery& q, bool facets) -> std::size_t {
    std::vector<Xapian::Query> filters;
    if (!q.type.empty()) filters.emplace_back("XT" + q.type);
    if (!q.year.empty()) filters.emplace_back("Y" + q.year);
    if (!q.region.empty()) filters.emplace_back("XR" + names.region_code(q.region));
    if (!q.country.empty()) filters.emplace_back("N" + names.country_code(q.country));
    const bool browse = q.text.empty();
    Xapian::Query query =
        browse         ? Xapian::Query::MatchAll
        : q.any_word() ? any_word_parser.parse_query(joined(r2p::bench::content_words(q.text)))
                       : parser.parse_query(q.text);
    if (!filters.empty())
      query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                            Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    if (browse) enquire.set_sort_by_value_then_relevance(kSlotDate, true);
    PackedFacetSpy spy(kFacetSlots);
    if (facets) enquire.add_matchspy(&spy);
    const Xapian::MSet mset = enquire.get_mset(0, 10, facets ? doccount : 0);
    for (auto it = mset.begin(); it != mset.end(); ++it)
      sink_ = it.get_document().get_data().size();
    if (facets) sink_ = spy.sorted().size();
    return mset.get_matches_estimated();
  };
  return r2p::bench::print_query_mix_timings(run, options, "xapian-peer", {{"doccount", doccount}});
}

/// A TREC-style collection (bench/trec_collection.h) as a stock Xapian application would index
/// it: title, author and text through one TermGenerator with the English stemmer and its default
/// strategy (STEM_SOME), the collection's id as the document data.
int trec_index(const std::string& docs_path, const std::string& db_path) {
  Xapian::WritableDatabase db(db_path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("en"));
  for (const auto& d : r2p::trec::read_documents(docs_path)) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(d.title);
    // Gaps between the fields, so no phrase spans two of them.
    generator.increase_termpos();
    generator.index_text(d.author);
    generator.increase_termpos();
    generator.index_text(d.text);
    doc.set_data(d.id);
    db.add_document(doc);
  }
  db.commit();
  return 0;
}

/// Every query as typed through QueryParser with the stemmer (STEM_SOME), its default flags and
/// OP_OR between words (any word), ranked by BM25Weight() with its defaults (k1 = 1, b = 0.5);
/// the top kDepth as run lines on stdout. A query QueryParser rejects (an unbalanced bracket,
/// a lone AND) is parsed again with no flags, as plain words.
int trec_run(const std::string& db_path, const std::string& queries_path) {
  Xapian::Database db(db_path);
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("en"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  parser.set_default_op(Xapian::Query::OP_OR);
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  for (const auto& q : r2p::trec::read_queries(queries_path)) {
    Xapian::Query query;
    try {
      query = parser.parse_query(q.query);
    } catch (const Xapian::QueryParserError&) {
      query = parser.parse_query(q.query, 0);
    }
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, r2p::trec::kDepth);
    std::vector<std::string> docs;
    for (auto it = mset.begin(); it != mset.end(); ++it)
      docs.push_back(it.get_document().get_data());
    r2p::trec::write_run(std::cout, q.id, docs, "xapian-bm25-or");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  return r2p::bench::peer_main(argc, argv, "r2p-peer-xapian", "DB",
                               {index_corpus, query_mix, trec_index, trec_run});
} catch (const Xapian::Error& e) {
  return r2p::bench::report_failure("r2p-peer-xapian", e.get_description(), 1);
}
