// Query building on Xapian's QueryParser; field values go through the same resolution as flags.
#include "search/query_builder.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "core/error.h"
#include "core/gazetteer.h"
#include "core/schema.h"
#include "core/text.h"
#include "search/question.h"
#include "search/stopwords.h"
#include "search/term_frequencies.h"

namespace r2p {
namespace {

// Xapian::Query::MatchAll and MatchNothing are static objects shared by every thread, and Query
// reference counts are not atomic: copying them from several threads at once (r2p-search
// --serve) corrupts the count and frees them while in use. Fresh equivalents are private.
Xapian::Query match_all() {
  return Xapian::Query(std::string());
}
Xapian::Query match_nothing() {
  return Xapian::Query();
}

/// Resolves `field:value` in query text exactly like the --field flag. Errors are collected and
/// raised after parsing, since exceptions must not cross the parser.
class FilterFieldProcessor : public Xapian::FieldProcessor {
 public:
  FilterFieldProcessor(Field field, Index& index, std::vector<std::string>& errors)
      : field_(field), index_(index), errors_(errors) {}

  Xapian::Query operator()(const std::string& value) override {
    try {
      const auto terms = resolve_filter(field_, value, index_);
      if (terms.empty()) return match_nothing();
      return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    } catch (const UsageError& e) {
      errors_.push_back(std::string("in the query, ") + field_spec(field_).name + ":" + value +
                        ": " + e.what());
      return match_nothing();
    }
  }

 private:
  Field field_;
  Index& index_;
  std::vector<std::string>& errors_;
};

/// The internal field wildcards are routed to: its prefix "Z" makes the QueryParser expand
/// `word*` over the indexed stems ("Z" + stem), since every free-text term is a stem.
constexpr const char* kWildcardField = "r2pwildcard";

/// Rewrites wildcard tokens for the wildcard field, folded: "Côte*" -> "r2pwildcard:cote*",
/// "-atroc*" -> "-r2pwildcard:atroc*". A prefix matches words whose stem starts with it.
std::string route_wildcards(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = text.find_first_of(" \t\n", i);
    if (end == std::string::npos) end = text.size();
    std::string token = text.substr(i, end - i);
    if (!token.empty() && token.back() == '*' && token.find(':') == std::string::npos &&
        token.find('"') == std::string::npos) {
      const std::size_t lead = token.find_first_not_of("+-(");
      if (lead != std::string::npos && lead + 1 < token.size())
        token = token.substr(0, lead) + kWildcardField + ":" + fold(token.substr(lead));
    }
    out += token;
    if (end < text.size()) out += text[end];
    i = end + 1;
  }
  return out;
}

/// The folded prefixes of the wildcard tokens of `text` ("Atroc*" -> "atroc").
std::vector<std::string> wildcard_patterns(const std::string& text) {
  std::vector<std::string> patterns;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = text.find_first_of(" \t\n", i);
    if (end == std::string::npos) end = text.size();
    const std::string token = text.substr(i, end - i);
    if (!token.empty() && token.back() == '*' && token.find_first_of(":\"") == std::string::npos) {
      const std::size_t lead = token.find_first_not_of("+-(");
      if (lead != std::string::npos && lead + 1 < token.size())
        patterns.push_back(fold(token.substr(lead, token.size() - 1 - lead)));
    }
    i = end + 1;
  }
  return patterns;
}

bool is_operator(const std::string& token) {
  return token == "AND" || token == "OR" || token == "NOT" || token == "XOR" || token == "NEAR" ||
         token == "ADJ";
}

/// `NEAR`, `NEAR/5`, `ADJ`, `ADJ/3`.
bool is_positional_operator(const std::string& token) {
  const std::string name = token.substr(0, token.find('/'));
  if (name != "NEAR" && name != "ADJ") return false;
  if (name.size() == token.size()) return true;
  const std::string window = token.substr(name.size() + 1);
  return !window.empty() && window.find_first_not_of("0123456789") == std::string::npos;
}

bool is_wildcard_token(const std::string& token) {
  return token.size() > 1 && token.back() == '*' && token.find('"') == std::string::npos;
}

/// The whitespace-separated tokens of `text`.
std::vector<std::string> tokens_of(const std::string& text) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  while ((i = text.find_first_not_of(" \t\r\n", i)) != std::string::npos) {
    const std::size_t end = std::min(text.find_first_of(" \t\r\n", i), text.size());
    tokens.push_back(text.substr(i, end - i));
    i = end;
  }
  return tokens;
}

/// Xapian 1.4's parser reads `netw* NEAR/30 meet*` as the words "netw", "near", "30", "meet"
/// (NEAR and ADJ take plain words only), which matches nothing. Such an operator is dropped, so
/// the wildcards must both match anywhere in the record, and a note says so.
std::string drop_positional_wildcards(const std::string& text, std::vector<std::string>& notes) {
  const std::vector<std::string> tokens = tokens_of(text);
  std::string out;
  bool dropped = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const bool beside_wildcard = (i > 0 && is_wildcard_token(tokens[i - 1])) ||
                                 (i + 1 < tokens.size() && is_wildcard_token(tokens[i + 1]));
    if (is_positional_operator(tokens[i]) && beside_wildcard) {
      dropped = true;
      continue;
    }
    out += (out.empty() ? "" : " ") + tokens[i];
  }
  if (dropped)
    notes.push_back(
        "NEAR and ADJ take whole words, not wildcards (prefix*): the words around them "
        "were searched anywhere in the record; write the words out (network NEAR/30 "
        "meeting) to require them close together");
  return dropped ? out : text;
}

void add_cost(const Xapian::Query& query, unsigned wildcard_terms, bool positional,
              QueryCost& cost) {
  const Xapian::Query::op type = query.get_type();
  if (type == Xapian::Query::OP_WILDCARD || type == Xapian::Query::LEAF_TERM) {
    const std::size_t terms = type == Xapian::Query::OP_WILDCARD ? wildcard_terms : 1;
    if (type == Xapian::Query::OP_WILDCARD) ++cost.wildcards;
    cost.terms += terms;
    if (positional) cost.positional += terms;
    return;
  }
  const bool inside =
      positional || type == Xapian::Query::OP_PHRASE || type == Xapian::Query::OP_NEAR;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
    add_cost(query.get_subquery(i), wildcard_terms, inside, cost);
}

/// Throws when `cost` is over one of the query limits; the message names it.
void check_cost(const QueryCost& cost) {
  const auto over = [](std::size_t count, const std::string& what, std::size_t limit,
                       const std::string& advice) {
    throw UsageError("the query has " + std::to_string(count) + " " + what + "; the limit is " +
                     std::to_string(limit) + ": " + advice);
  };
  if (cost.wildcards > kMaxWildcards)
    over(cost.wildcards, "wildcards (prefix*)", kMaxWildcards,
         "use fewer, longer prefixes, or narrow the search with filters");
  if (cost.positional > kMaxPositionalTerms)
    over(cost.positional,
         "words in phrases and NEAR/ADJ groups (wildcards count as the words "
         "they stand for)",
         kMaxPositionalTerms, "shorten the phrases");
  if (cost.terms > kMaxQueryTerms)
    over(cost.terms, "index terms once wildcards and synonyms are expanded", kMaxQueryTerms,
         "shorten it, or use fewer wildcards");
}

/// Computes the cost of a parsed query and throws when it is over a limit.
QueryCost checked_cost(const Xapian::Query& query, unsigned wildcard_terms) {
  const QueryCost cost = query_cost(query, wildcard_terms);
  check_cost(cost);
  return cost;
}

/// The words a wildcard pattern stands for: the `share` most frequent stems it starts, and how
/// many there are in all.
struct Expansion {
  std::vector<std::string> terms;
  std::size_t available = 0;
};

Expansion expand_wildcard(Xapian::Database& db, const std::string& pattern, unsigned share) {
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  const std::string prefix = "Z" + pattern;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
    found.emplace_back(t.get_termfreq(), *t);
  Expansion expansion;
  expansion.available = found.size();
  const std::size_t kept = std::min<std::size_t>(share, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(kept), found.end(),
                    std::greater<>());
  for (std::size_t i = 0; i < kept; ++i) expansion.terms.push_back(std::move(found[i].second));
  return expansion;
}

/// Each distinct wildcard pattern of `query_text` expanded once (as the parser does), with one
/// note naming those that stand for more words than they may.
std::map<std::string, Expansion> expand_wildcards(Xapian::Database& db,
                                                  const std::string& query_text, unsigned share,
                                                  std::vector<std::string>& notes) {
  std::map<std::string, Expansion> expansions;
  std::string cut;
  for (const std::string& pattern : wildcard_patterns(query_text)) {
    if (expansions.count(pattern)) continue;
    const Expansion& e = expansions[pattern] = expand_wildcard(db, pattern, share);
    if (e.available > share)
      cut += (cut.empty() ? "" : ", ") + pattern + "* (" + std::to_string(e.available) + " words)";
  }
  if (!cut.empty())
    notes.push_back(cut + ": each searched for its " + std::to_string(share) +
                    " most frequent words (a wildcard stands for at most " +
                    std::to_string(kMaxWildcardTerms) + ", the query's wildcards together for " +
                    std::to_string(kMaxExpandedTerms) + "); add letters to narrow it");
  return expansions;
}

}  // namespace

QueryCost query_cost(const Xapian::Query& query, unsigned wildcard_terms) {
  QueryCost cost;
  add_cost(query, wildcard_terms, false, cost);
  return cost;
}

unsigned wildcard_share(const std::string& query_text) {
  const auto stars =
      static_cast<std::size_t>(std::count(query_text.begin(), query_text.end(), '*'));
  if (stars == 0) return kMaxWildcardTerms;
  return static_cast<unsigned>(std::max<std::size_t>(
      1, std::min<std::size_t>(kMaxWildcardTerms, kMaxExpandedTerms / stars)));
}

std::optional<std::string> spelling_suggestion(const std::string& query, Xapian::Database& db,
                                               const std::vector<std::string>& keep) {
  // Xapian 1.4 offers a more frequent neighbour even for words that are in the index ("court" ->
  // "course"), so only words the index does not know, and that are no synonym key (acronyms,
  // country names in other languages), are corrected; stopwords ("what" -> "that") and names the
  // query was understood to mention ("African") never are.
  std::set<std::string> kept;
  for (const auto& words : keep)
    for (const auto& w : fold_words(words)) kept.insert(w);
  struct Token {
    std::string text;
    std::size_t lead = 0, tail = 0;
    std::string word, key;  // the word to correct and its term; empty when it is kept as is
    char separator = 0;     // what follows it, if anything
  };
  std::vector<Token> tokens;
  std::vector<std::string> keys;
  for (std::size_t i = 0; i <= query.size();) {
    std::size_t end = query.find_first_of(" \t\n", i);
    if (end == std::string::npos) end = query.size();
    Token t;
    t.text = query.substr(i, end - i);
    if (end < query.size()) t.separator = query[end];
    t.lead = t.text.find_first_not_of("+-\"(");
    t.tail = t.text.find_last_not_of("\")?!.,;");
    if (t.lead != std::string::npos && t.tail != std::string::npos && t.lead <= t.tail &&
        t.text.find_first_of(":*") == std::string::npos && !is_operator(t.text)) {
      const auto words = fold_words(t.text.substr(t.lead, t.tail - t.lead + 1));
      if (words.size() == 1 && !is_stopword(words[0]) && !kept.count(words[0])) {
        t.word = words[0];
        t.key = stemmed_term(words[0]);
        keys.push_back(t.key);
      }
    }
    tokens.push_back(std::move(t));
    i = end + 1;
  }
  // Whether the index knows each word: one word on its own (term_exists() stops at the first
  // shard that has it), several asked of every shard at once.
  std::vector<bool> known;
  if (keys.size() == 1) known.push_back(db.term_exists(keys.front()));
  if (keys.size() > 1)
    for (const Xapian::doccount frequency : term_frequencies(db, keys))
      known.push_back(frequency > 0);
  std::string corrected;
  bool changed = false;
  std::size_t k = 0;
  for (Token& t : tokens) {
    if (!t.key.empty() && !known[k++] && db.synonyms_begin(t.key) == db.synonyms_end(t.key)) {
      const std::string suggestion = db.get_spelling_suggestion(t.word);
      if (!suggestion.empty()) {
        t.text = t.text.substr(0, t.lead) + suggestion + t.text.substr(t.tail + 1);
        changed = true;
      }
    }
    corrected += t.text;
    if (t.separator) corrected += t.separator;
  }
  if (!changed) return std::nullopt;
  return corrected;
}

unsigned query_parser_flags() {
  return Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
         Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
         Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_AUTO_SYNONYMS |
         Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS;
}

namespace {

/// The QueryParser for query text, configured from the schema. `errors` collects bad
/// `field:value` values (exceptions must not cross the parser).
Xapian::QueryParser make_parser(Index& index, unsigned wildcard_terms,
                                std::vector<std::string>& errors) {
  Xapian::QueryParser parser;
  parser.set_database(index.database());
  parser.set_stemmer(thread_stemmer());
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  parser.set_default_op(Xapian::Query::OP_AND);
  parser.set_max_expansion(wildcard_terms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
  // Field names: the grouping argument is the field name itself, so repeats of one field are
  // OR'd and different fields AND'd, like the flags.
  static const std::vector<std::string> groups = [] {
    std::vector<std::string> names;
    for (const auto& spec : schema_fields()) names.push_back(spec.name);
    return names;
  }();
  parser.add_prefix(kWildcardField, "Z");
  for (std::size_t i = 0; i < schema_fields().size(); ++i) {
    const FieldSpec& spec = schema_fields()[i];
    if (spec.free_text) {
      parser.add_prefix(spec.name, spec.prefix);
    } else if (spec.filter) {
      parser.add_boolean_prefix(
          spec.name, (new FilterFieldProcessor(spec.field, index, errors))->release(), &groups[i]);
    }
  }
  return parser;
}

/// Parses `text`; text the parser rejects is searched as its words, with a note.
Xapian::Query parse(Xapian::QueryParser& parser, const std::string& text,
                    std::vector<std::string>& errors, std::vector<std::string>& notes,
                    unsigned flags = query_parser_flags()) {
  try {
    return parser.parse_query(text, flags);
  } catch (const Xapian::QueryParserError& e) {
    notes.push_back("the query could not be parsed (" + e.get_msg() +
                    "); searched for its words instead");
    errors.clear();
    try {
      return parser.parse_query(text, Xapian::QueryParser::FLAG_AUTO_SYNONYMS);
    } catch (const Xapian::QueryParserError&) {
      return match_nothing();
    }
  }
}

void raise_errors(const std::vector<std::string>& errors) {
  if (errors.empty()) return;
  std::string message;
  for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
  throw UsageError(message);
}

/// The request's filter flags as one boolean query; nullopt when there are none.
std::optional<Xapian::Query> filter_query(const SearchRequest& request) {
  std::vector<Xapian::Query> filters;
  for (const auto& [field, terms] : request.filters) {
    if (terms.empty()) {
      filters.push_back(match_nothing());
    } else {
      filters.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
  }
  if (filters.empty()) return std::nullopt;
  return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

Xapian::Query filtered(const Xapian::Query& query, const std::optional<Xapian::Query>& filter) {
  return filter ? Xapian::Query(Xapian::Query::OP_FILTER, query, *filter) : query;
}

/// Whether any record matches `query`: a top-1 pass, no weights.
bool matches_any(Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  return !enquire.get_mset(0, 1).empty();
}

/// Words a long question is matched on: a pasted paragraph is matched on its most informative
/// words (Xapian's OP_ELITE_SET picks them by their best possible weight), which keeps it about
/// as fast as a question.
constexpr Xapian::termcount kEliteTerms = 32;

Xapian::Query elite(const Xapian::Query& any) {
  if (any.get_type() != Xapian::Query::OP_OR || any.get_num_subqueries() <= kEliteTerms) return any;
  std::vector<Xapian::Query> words;
  for (std::size_t i = 0; i < any.get_num_subqueries(); ++i) words.push_back(any.get_subquery(i));
  return Xapian::Query(Xapian::Query::OP_ELITE_SET, words.begin(), words.end(), kEliteTerms);
}

/// Plain words: stopwords left out (unless there is nothing else), then every remaining word
/// required, or — when no record has them all — any of them, ranked by BM25; names the text
/// mentions raise the records tied to them.
Xapian::Query read_plain(const std::string& query_text, Index& index, Xapian::QueryParser& parser,
                         unsigned wildcard_terms, const std::optional<Xapian::Query>& filter,
                         std::vector<std::string>& errors, BuiltQuery& built) {
  const std::string text = route_wildcards(plain_words(query_text));
  parser.set_stopper((new StopwordStopper(index.database()))->release());
  parser.set_default_op(Xapian::Query::OP_AND);
  const Xapian::Query all = parse(parser, text, errors, built.notes);
  raise_errors(errors);                            // before the second reading repeats them
  built.cost = checked_cost(all, wildcard_terms);  // before it is run
  for (auto t = parser.stoplist_begin(); t != parser.stoplist_end(); ++t)
    if (std::find(built.interpretation.ignored.begin(), built.interpretation.ignored.end(), *t) ==
        built.interpretation.ignored.end())
      built.interpretation.ignored.push_back(*t);
  // Any word: a name of several words is not one synonym here (the parser would make it one
  // pseudo-term of its words OR'd, as common as its most common word and weighing nearly
  // nothing); its words count one by one, and the names understood join the match below.
  parser.set_default_op(Xapian::Query::OP_OR);
  const Xapian::Query any =
      parse(parser, text, errors, built.notes,
            query_parser_flags() & ~unsigned(Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS));
  built.interpretation.understood = understand(query_text, index);
  built.interpretation.matching = "all";
  if (all.serialise() == any.serialise() || matches_any(index.database(), filtered(all, filter)))
    return all;
  built.interpretation.matching = "some";
  std::vector<Xapian::Query> alternatives = {elite(any)};
  for (const Understood& u : built.interpretation.understood)
    if (u.field == Field::country || u.field == Field::organisation)
      alternatives.emplace_back(filter_term(u.field, u.id));
  return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

/// Adds the words of `name` to `terms`, as the stems snippets mark.
void add_name_terms(const std::string& name, std::set<std::string>& terms) {
  for (const auto& word : parser_words(name))
    if (!is_stopword(word)) terms.insert(stemmed_term(word));
}

/// Adds what a country or organisation term stands for: its names' words.
void add_entity_terms(const std::string& term, Index& index, std::set<std::string>& terms) {
  if (const std::string id = filter_value(Field::organisation, term); !id.empty()) {
    for (const Organisation& org : index.aliases().organisations) {
      if (org.id != id) continue;
      add_name_terms(org.name, terms);
      for (const auto& name : org.variants) add_name_terms(name, terms);
      for (const auto& name : org.acronyms) add_name_terms(name, terms);
    }
  } else if (const std::string code = filter_value(Field::country, term); !code.empty()) {
    add_name_terms(english_name(code), terms);
    for (const CountryAlias& alias : index.aliases().countries)
      if (alias.alpha2 == code) add_name_terms(alias.name, terms);
  }
}

/// The terms a snippet marks (see BuiltQuery::highlight), weighed alike by the snippet pass.
Xapian::Query highlight_query(const Xapian::Query& text_query,
                              const std::map<std::string, Expansion>& expansions,
                              const Interpretation& interpretation, Index& index) {
  std::set<std::string> terms;
  for (auto t = text_query.get_terms_begin(); t != text_query.get_terms_end(); ++t) {
    const std::string term = *t;
    if (term.size() > 1 && term[0] == 'Z')
      terms.insert(term);
    else
      add_entity_terms(term, index, terms);
  }
  for (const Understood& u : interpretation.understood)
    if (u.field == Field::country || u.field == Field::organisation)
      add_entity_terms(filter_term(u.field, u.id), index, terms);
  // Wildcards: the words they stand for in the index (the most frequent, as the parser takes).
  for (const auto& [pattern, expansion] : expansions)
    terms.insert(expansion.terms.begin(), expansion.terms.end());
  // Stopwords inside a phrase match but are not worth a mark, unless nothing else is there.
  std::vector<std::string> marked;
  for (const auto& term : terms)
    if (!is_stopword(term.substr(1))) marked.push_back(term);
  if (marked.empty()) marked.assign(terms.begin(), terms.end());
  return Xapian::Query(Xapian::Query::OP_OR, marked.begin(), marked.end());
}

/// Letters a word needs before its nearest known neighbour counts as its likely correction.
constexpr std::size_t kTypoWordLength = 5;

/// The length, in code points, of the longest word of `typed` that `corrected` changed.
std::size_t longest_corrected_word(const std::string& typed, const std::string& corrected) {
  const auto before = fold_words(typed);
  const auto after = fold_words(corrected);
  std::size_t longest = 0;
  for (std::size_t i = 0; i < before.size() && i < after.size(); ++i)
    if (before[i] != after[i]) longest = std::max(longest, code_point_count(before[i]));
  return longest;
}

/// The spelling suggestion, when it helps: searched the way the query would be, it finds records
/// the query as typed does not, or it finds records with every word where the query as typed
/// found none ("Ljubliana meeting" -> "ljubljana meeting", although "meeting" alone already
/// lists the Ljubljana meeting among others).
std::optional<std::string> useful_suggestion(const std::string& query_text,
                                             const Xapian::Query& text_query,
                                             Xapian::QueryParser& parser,
                                             const std::optional<Xapian::Query>& filter,
                                             const BuiltQuery& built, Index& index) {
  std::vector<std::string> keep;
  for (const Understood& u : built.interpretation.understood) keep.push_back(u.words);
  const auto corrected = spelling_suggestion(query_text, index.database(), keep);
  if (!corrected) return std::nullopt;
  Xapian::Database& db = index.database();
  const bool plain = built.interpretation.matching != "exact";
  const std::string text = route_wildcards(plain ? plain_words(*corrected) : *corrected);
  std::vector<std::string> errors, notes;
  parser.set_default_op(Xapian::Query::OP_AND);
  Xapian::Query fixed = parse(parser, text, errors, notes);
  if (plain) {
    // A correction that gives the query a record with every word helps — if it corrects a word
    // long enough for a near neighbour to be a likely typo: short words have many ("many" ->
    // "may"), and the records of the corrected query must then be new ones.
    const bool fixed_has_all = matches_any(db, filtered(fixed, filter));
    if (fixed_has_all && built.interpretation.matching == "some" &&
        longest_corrected_word(query_text, *corrected) >= kTypoWordLength)
      return corrected;
    if (!fixed_has_all) {
      parser.set_default_op(Xapian::Query::OP_OR);
      fixed = parse(parser, text, errors, notes);
    }
  }
  const Xapian::Query gained(Xapian::Query::OP_AND_NOT, fixed, text_query);
  if (!matches_any(db, filtered(gained, filter))) return std::nullopt;
  return corrected;
}

}  // namespace

bool query_weighs(const Xapian::Query& query) {
  switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM:
      return true;
    case Xapian::Query::OP_SCALE_WEIGHT:
      // The parser's form of a boolean field alone (`type:meeting` is 0 * XTmeeting); r2p builds
      // no other, and Xapian 1.4 does not say the factor.
      return false;
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
      return query.get_num_subqueries() > 0 && query_weighs(query.get_subquery(0));
    default:
      for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (query_weighs(query.get_subquery(i))) return true;
      return false;
  }
}

BuiltQuery build_query(const SearchRequest& request, Index& index) {
  BuiltQuery built;
  std::vector<std::string> errors;
  const unsigned wildcard_terms = wildcard_share(request.query);
  Xapian::QueryParser parser = make_parser(index, wildcard_terms, errors);
  const std::optional<Xapian::Query> filter = filter_query(request);

  const bool has_text = request.query.find_first_not_of(" \t\r\n") != std::string::npos;
  if (!has_text) {
    built.browse = true;
    built.query = filtered(match_all(), filter);
    return built;
  }
  const bool plain = !has_query_syntax(request.query);
  Xapian::Query text_query;
  if (plain) {
    text_query = read_plain(request.query, index, parser, wildcard_terms, filter, errors, built);
  } else {
    built.interpretation.matching = "exact";
    const std::string text = drop_positional_wildcards(request.query, built.notes);
    text_query = parse(parser, route_wildcards(text), errors, built.notes);
    raise_errors(errors);
    built.cost = checked_cost(text_query, wildcard_terms);
  }
  const auto expansions =
      expand_wildcards(index.database(), request.query, wildcard_terms, built.notes);
  built.highlight = highlight_query(text_query, expansions, built.interpretation, index);
  built.suggestion = useful_suggestion(request.query, text_query, parser, filter, built, index);

  const Xapian::Query boost = entity_boost(built.interpretation.understood);
  if (!boost.empty()) text_query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, text_query, boost);
  built.query = filtered(text_query, filter);
  return built;
}

}  // namespace r2p
