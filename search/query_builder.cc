// Query building on Xapian's QueryParser; field values go through the same resolution as flags.
#include "search/query_builder.h"

#include "core/error.h"
#include "core/schema.h"
#include "core/text.h"

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

bool is_operator(const std::string& token) {
  return token == "AND" || token == "OR" || token == "NOT" || token == "XOR" || token == "NEAR" ||
         token == "ADJ";
}

}  // namespace

std::optional<std::string> spelling_suggestion(const std::string& query, Xapian::Database& db) {
  // Xapian 1.4 offers a more frequent neighbour even for words that are in the index ("court" ->
  // "course"), so only words the index does not know, and that are no synonym key (acronyms,
  // country names in other languages), are corrected.
  std::string corrected;
  bool changed = false;
  std::size_t i = 0;
  while (i <= query.size()) {
    std::size_t end = query.find_first_of(" \t\n", i);
    if (end == std::string::npos) end = query.size();
    std::string token = query.substr(i, end - i);
    const std::size_t lead = token.find_first_not_of("+-\"(");
    const std::size_t tail = token.find_last_not_of("\")?!.,;");
    if (lead != std::string::npos && tail != std::string::npos && lead <= tail &&
        token.find_first_of(":*") == std::string::npos && !is_operator(token)) {
      const std::string word = token.substr(lead, tail - lead + 1);
      const auto words = fold_words(word);
      const std::string key = words.size() == 1 ? stemmed_term(words[0]) : std::string();
      if (words.size() == 1 && !db.term_exists(key)) {
        if (db.synonyms_begin(key) == db.synonyms_end(key)) {
          const std::string suggestion = db.get_spelling_suggestion(words[0]);
          if (!suggestion.empty()) {
            token = token.substr(0, lead) + suggestion + token.substr(tail + 1);
            changed = true;
          }
        }
      }
    }
    corrected += token;
    if (end < query.size()) corrected += query[end];
    i = end + 1;
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

BuiltQuery build_query(const SearchRequest& request, Index& index) {
  BuiltQuery built;
  std::vector<std::string> errors;

  Xapian::QueryParser parser;
  parser.set_database(index.database());
  parser.set_stemmer(thread_stemmer());
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  parser.set_default_op(Xapian::Query::OP_AND);
  parser.set_max_expansion(200, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
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
    } else if (spec.filter && spec.field != Field::organisation) {
      parser.add_boolean_prefix(
          spec.name, (new FilterFieldProcessor(spec.field, index, errors))->release(), &groups[i]);
    }
  }

  const bool has_text = request.query.find_first_not_of(" \t\r\n") != std::string::npos;
  Xapian::Query text_query = match_all();
  if (has_text) {
    const std::string query_text = route_wildcards(request.query);
    try {
      text_query = parser.parse_query(query_text, query_parser_flags());
    } catch (const Xapian::QueryParserError& e) {
      built.notes.push_back("the query could not be parsed (" + e.get_msg() +
                            "); searched for its words instead");
      errors.clear();
      try {
        text_query = parser.parse_query(query_text, Xapian::QueryParser::FLAG_AUTO_SYNONYMS);
      } catch (const Xapian::QueryParserError&) {
        text_query = match_nothing();
      }
    }
    if (!errors.empty()) {
      std::string message;
      for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
      throw UsageError(message);
    }
    built.suggestion = spelling_suggestion(request.query, index.database());
  } else {
    built.browse = true;
  }

  std::vector<Xapian::Query> filters;
  for (const auto& [field, terms] : request.filters) {
    if (terms.empty()) {
      filters.push_back(match_nothing());
    } else {
      filters.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
  }
  if (filters.empty()) {
    built.query = text_query;
  } else {
    Xapian::Query filter(Xapian::Query::OP_AND, filters.begin(), filters.end());
    built.query = Xapian::Query(Xapian::Query::OP_FILTER, text_query, filter);
  }
  return built;
}

}  // namespace r2p
