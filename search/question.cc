// Question reading: names are found through what the index already stores — country and
// organisation names are its synonym keys, meetings its title terms, years its year terms — so
// understanding a question costs a few lookups and never builds the gazetteer.
#include "search/question.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <string>
#include <unordered_map>

#include "core/gazetteer.h"
#include "core/schema.h"
#include "core/text.h"
#include "search/stopwords.h"
#include "search/term_frequencies.h"

namespace r2p {
namespace {

/// Longest name, in words, looked up in the synonym table ("Kofi Annan International
/// Peacekeeping Training Centre" has six).
constexpr std::size_t kMaxNameWords = 8;
/// Words of a question looked at for names: a pasted paragraph is searched, not interpreted.
constexpr std::size_t kMaxWordsRead = 64;
/// Weights added to the BM25 score of records tied to a name the question mentions, and to the
/// named entity's own record (a meeting, a country). Set with the questions of
/// tests/fixtures/questions.tsv: enough to lift a tied record over one that only shares a word,
/// not enough to lift a record that has none of the words over one that has them all.
constexpr double kTiedBoost = 0.8;
constexpr double kOwnBoost = 1.6;

bool is_word_char(unsigned char c) {
  return std::isalnum(c) || c >= 0x80;
}

/// Ordinals that name a meeting when "meeting" follows ("the third meeting").
bool is_ordinal(const std::string& word) {
  static const std::set<std::string> ordinals = {
      "first", "second", "third",    "fourth",  "fifth", "sixth", "seventh", "eighth",
      "ninth", "tenth",  "eleventh", "twelfth", "1st",   "2nd",   "3rd",     "4th",
      "5th",   "6th",    "7th",      "8th",     "9th",   "10th"};
  return ordinals.count(word) > 0;
}

struct Word {
  std::string text;    ///< as the parser lowercases it
  std::string folded;  ///< folded, for name keys
};

std::string join(const std::vector<Word>& words, std::size_t first, std::size_t count,
                 bool folded) {
  std::string out;
  for (std::size_t i = first; i < first + count; ++i)
    out += (out.empty() ? "" : " ") + (folded ? words[i].folded : words[i].text);
  return out;
}

/// What the synonym table says `key` names: a country code or an organisation id.
struct NameTarget {
  Field field = Field::id;
  std::string id;
};

NameTarget name_target(Xapian::Database& db, const std::string& key) {
  NameTarget target;
  for (auto it = db.synonyms_begin(key); it != db.synonyms_end(key); ++it) {
    if (std::string code = filter_value(Field::country, *it); !code.empty())
      return {Field::country, code};
    if (std::string id = filter_value(Field::organisation, *it); !id.empty())
      target = {Field::organisation, id};
  }
  return target;
}

/// The region whose English name (or its part before "and"/"&") is `key`, or "". The names'
/// keys are folded once per process.
std::string region_named(const std::string& key) {
  static const std::unordered_map<std::string, std::string> by_key = [] {
    std::unordered_map<std::string, std::string> out;
    for (const auto& [code, name] : m49_region_names()) {
      out.emplace(name_key(name), code);
      // "Latin America & the Caribbean": "latin america" names it too.
      const std::size_t conjunction = std::min(name.find(" & "), name.find(" and "));
      if (conjunction != std::string::npos && fold_words(name).size() > 2)
        out.emplace(name_key(name.substr(0, conjunction)), code);
    }
    return out;
  }();
  const auto it = by_key.find(key);
  return it == by_key.end() ? std::string() : it->second;
}

/// Names an adjective may be formed from: "ghanaian" -> "ghana", "african" -> "africa",
/// "european" -> "europe", "chinese" -> "china", "italian" -> "italy", "german" -> "germany".
std::vector<std::string> adjective_bases(const std::string& word) {
  std::vector<std::string> bases;
  if (word.size() < 5) return bases;
  static const std::array<const char*, 6> suffixes = {"ian", "an", "n", "ese", "i", "ish"};
  static const std::array<const char*, 6> endings = {"", "a", "e", "o", "y", "s"};
  for (const char* suffix : suffixes) {
    const std::string s = suffix;
    if (word.size() <= s.size() + 2 || word.compare(word.size() - s.size(), s.size(), s) != 0)
      continue;
    const std::string stem = word.substr(0, word.size() - s.size());
    for (const char* ending : endings) bases.push_back(stem + ending);
  }
  bases.push_back(word + "y");
  return bases;
}

/// Compass words as adjectives use them and as M.49 names them ("West African").
std::string compass_name(const std::string& word) {
  static const std::map<std::string, std::string> names = {
      {"west", "western"}, {"east", "eastern"}, {"north", "northern"}, {"south", "southern"}};
  const auto it = names.find(word);
  return it == names.end() ? word : it->second;
}

class Reader {
 public:
  Reader(std::string_view text, Index& index) : index_(index), db_(index.database()) {
    for (auto& w : parser_words(text)) {
      if (words_.size() >= kMaxWordsRead) break;
      words_.push_back({w, fold(w)});
    }
    used_.assign(words_.size(), false);
  }

  std::vector<Understood> read() {
    find_names();
    find_adjectives();
    find_regions();
    find_meetings();
    find_years();
    std::sort(found_.begin(), found_.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Understood> out;
    for (auto& [position, understood] : found_) out.push_back(std::move(understood));
    return out;
  }

 private:
  void add(std::size_t first, std::size_t count, Field field, const std::string& id,
           std::string label) {
    for (std::size_t i = first; i < first + count; ++i) used_[i] = true;
    for (const auto& [position, u] : found_)
      if (u.field == field && u.id == id) return;
    Understood u{field, id, std::move(label), join(words_, first, count, false), ""};
    u.filter = std::string("--") + field_spec(field).name + " " + id;
    found_.emplace_back(first, std::move(u));
  }

  bool free(std::size_t first, std::size_t count) const {
    for (std::size_t i = first; i < first + count; ++i)
      if (used_[i]) return false;
    return true;
  }

  /// Country and organisation names, longest first: the keys the indexer stored them under.
  void find_names() {
    for (std::size_t first = 0; first < words_.size(); ++first) {
      for (std::size_t count = std::min(kMaxNameWords, words_.size() - first); count > 0; --count) {
        // Stopwords too: "EU" is also French for "had", and only a name is a synonym key.
        if (!free(first, count)) continue;
        const std::string key =
            count == 1 ? stemmed_term(words_[first].text) : join(words_, first, count, true);
        const NameTarget target = name_target(db_, key);
        if (target.field == Field::country) {
          add(first, count, Field::country, target.id, english_name(target.id));
        } else if (const Organisation* org = organisation(target.id)) {
          add(first, count, Field::organisation, org->id, org->name);
        } else {
          continue;
        }
        break;
      }
    }
  }

  /// "Ghanaian", "South African", "Latin American", "West African".
  void find_adjectives() {
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (used_[i] || is_stopword(words_[i].text)) continue;
      for (const std::string& base : adjective_bases(words_[i].folded)) {
        // With the word before it: "south african" is South Africa, "latin american" Latin
        // America, "west african" Western Africa.
        if (i > 0 && !used_[i - 1]) {
          const std::string pair = words_[i - 1].folded + " " + base;
          const NameTarget target = name_target(db_, pair);
          if (target.field == Field::country) {
            add(i - 1, 2, Field::country, target.id, english_name(target.id));
            break;
          }
          const std::string region = region_named(pair);
          const std::string compass = region_named(compass_name(words_[i - 1].folded) + " " + base);
          if (!region.empty() || !compass.empty()) {
            const std::string code = region.empty() ? compass : region;
            add(i - 1, 2, Field::region, code, english_name(code));
            break;
          }
        }
        const NameTarget target = name_target(db_, stemmed_term(base));
        if (target.field == Field::country) {
          add(i, 1, Field::country, target.id, english_name(target.id));
          break;
        }
        if (const std::string region = region_named(base); !region.empty()) {
          add(i, 1, Field::region, region, english_name(region));
          break;
        }
      }
    }
  }

  /// Region names as M.49 writes them: "Africa", "Western Europe", "Latin America".
  void find_regions() {
    for (std::size_t first = 0; first < words_.size(); ++first) {
      for (std::size_t count = std::min<std::size_t>(5, words_.size() - first); count > 0;
           --count) {
        if (!free(first, count) || (count == 1 && is_stopword(words_[first].text))) continue;
        const std::string code = region_named(join(words_, first, count, true));
        if (code.empty()) continue;
        add(first, count, Field::region, code, english_name(code));
        break;
      }
    }
  }

  /// Meeting records whose title has the term `title_term`, up to `most`.
  std::vector<std::string> meetings_titled(const std::string& title_term, unsigned most) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(title_term),
                                    Xapian::Query(filter_term(Field::type, "meeting"))));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    // The id slot as collapse key: ids are unique, so nothing collapses, and each id comes with
    // its hit (over remote shards, rather than a round trip to read each one).
    enquire.set_collapse_key(kSlotId);
    std::vector<std::string> ids;
    const Xapian::MSet mset = enquire.get_mset(0, most);
    for (auto it = mset.begin(); it != mset.end(); ++it) ids.push_back(it.get_collapse_key());
    return ids;
  }

  std::string title_term(const std::string& word) const {
    return "Z" + std::string(field_spec(Field::title).prefix) + thread_stemmer()(word);
  }

  /// A meeting named by a word of its title that no other meeting's title has and few titles
  /// have at all (a venue: "Accra", "Ljubljana"; "workshop"), or by an ordinal before "meeting"
  /// ("the second meeting"; "the first regional meeting").
  void find_meetings() {
    // How many titles hold each word's title term, asked all at once: one word at a time would
    // cost a round trip to every server each.
    std::vector<std::string> terms(words_.size());
    std::vector<std::string> asked;
    for (std::size_t i = 0; i < words_.size(); ++i)
      if (!is_stopword(words_[i].text) && !all_digits(words_[i].folded) &&
          !is_ordinal(words_[i].folded))
        asked.push_back(terms[i] = title_term(words_[i].text));
    const std::vector<Xapian::doccount> frequencies = term_frequencies(db_, asked);
    std::size_t next = 0;
    for (std::size_t i = 0; i < words_.size(); ++i) {
      if (is_stopword(words_[i].text) || all_digits(words_[i].folded)) continue;
      if (is_ordinal(words_[i].folded)) {
        find_meeting_by_ordinal(i);
        continue;
      }
      const Xapian::doccount titles = frequencies[next++];
      if (titles == 0 || titles > 2) continue;
      const auto ids = meetings_titled(terms[i], 2);
      if (ids.size() == 1) add(i, 1, Field::meeting, ids[0], meeting_label(ids[0]));
    }
  }

  void find_meeting_by_ordinal(std::size_t at) {
    // The words up to "meeting" (at most two between: "the first European regional meeting").
    std::size_t end = at + 1;
    while (end < words_.size() && end <= at + 3 && words_[end].folded != "meeting") ++end;
    if (end >= words_.size() || words_[end].folded != "meeting") return;
    std::vector<std::string> candidates = meetings_titled(title_term(words_[at].text), 50);
    const auto has_words = [&](const std::string& id) {
      const auto title = fold_words(meeting_label(id));
      for (std::size_t k = at; k <= end; ++k)
        if (std::find(title.begin(), title.end(), words_[k].folded) == title.end() &&
            !is_stopword(words_[k].text))
          return false;
      return true;
    };
    candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                    [&](const std::string& id) { return !has_words(id); }),
                     candidates.end());
    if (candidates.size() > 1 && end == at + 1) {
      // "first meeting": the title that says exactly that, not "first European … meeting".
      std::vector<std::string> exact;
      const std::string wanted = words_[at].folded + " meeting";
      for (const auto& id : candidates)
        if (name_key(meeting_label(id)).find(wanted) != std::string::npos) exact.push_back(id);
      candidates = exact;
    }
    if (candidates.size() == 1)
      add(at, end - at + 1, Field::meeting, candidates[0], meeting_label(candidates[0]));
  }

  /// The organisation `id` of the alias table; nullptr for unknown ids and for terms ("R2P"),
  /// which are searched by their names but tie records to nothing a reader would filter by.
  const Organisation* organisation(const std::string& id) const {
    for (const Organisation& org : index_.aliases().organisations)
      if (org.id == id && !org.term) return &org;
    return nullptr;
  }

  std::string meeting_label(const std::string& id) { return index_.meeting_title(id).value_or(id); }

  void find_years() {
    const std::vector<int> years = index_.years();
    for (std::size_t i = 0; i < words_.size(); ++i) {
      const std::string& w = words_[i].folded;
      if (w.size() != 4 || !all_digits(w)) continue;
      const int year = std::stoi(w);
      if (std::binary_search(years.begin(), years.end(), year)) add(i, 1, Field::year, w, w);
    }
  }

  Index& index_;
  Xapian::Database& db_;
  std::vector<Word> words_;
  std::vector<bool> used_;
  std::vector<std::pair<std::size_t, Understood>> found_;
};

/// `weight` for every record that has `term` (a boolean filter term, which weighs nothing).
Xapian::Query weigh(const std::string& term, double weight) {
  return Xapian::Query(Xapian::Query::OP_FILTER,
                       Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()),
                       Xapian::Query(term));
}

}  // namespace

bool has_query_syntax(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    std::size_t end = i;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    const std::string_view token = text.substr(i, end - i);
    if (token == "AND" || token == "OR" || token == "NOT" || token == "XOR" ||
        token.substr(0, 4) == "NEAR" || token.substr(0, 3) == "ADJ")
      return true;
    if (token.size() > 1 && (token[0] == '+' || token[0] == '-') &&
        is_word_char(static_cast<unsigned char>(token[1])))
      return true;
    i = end;
  }
  return false;
}

std::string plain_words(std::string_view text) {
  std::string out(text);
  for (std::size_t i = 1; i + 1 < out.size(); ++i)
    if ((out[i] == '-' || out[i] == '/') && is_word_char(static_cast<unsigned char>(out[i - 1])) &&
        is_word_char(static_cast<unsigned char>(out[i + 1])))
      out[i] = ' ';
  return out;
}

std::vector<Understood> understand(std::string_view text, Index& index) {
  return Reader(text, index).read();
}

Xapian::Query entity_boost(const std::vector<Understood>& understood) {
  std::vector<Xapian::Query> parts;
  for (const Understood& u : understood) {
    parts.push_back(weigh(filter_term(u.field, u.id), kTiedBoost));
    // A grouping (419 Latin America) ties no record itself: its sub-regions do.
    if (u.field == Field::region)
      for (const RegionInfo& region : un_regions())
        if (region.code == u.id)
          for (const auto& part : region.parts)
            parts.push_back(weigh(filter_term(Field::region, part), kTiedBoost));
    if (u.field == Field::meeting) parts.push_back(weigh(id_term(u.id), kOwnBoost));
    if (u.field == Field::country)
      parts.push_back(Xapian::Query(Xapian::Query::OP_FILTER,
                                    weigh(filter_term(Field::country, u.id), kOwnBoost),
                                    Xapian::Query(filter_term(Field::type, "country"))));
  }
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace r2p
