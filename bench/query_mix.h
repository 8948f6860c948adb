// The fixed query mix every engine of the benchmark runs: words from the seed page's vocabulary
// (so any generated corpus has hits for them) and filters, as a user would type them.
#pragma once

#include <string>
#include <vector>

namespace r2p::bench {

struct MixQuery {
  std::string query_class;  ///< word, and, phrase, year, region, country, browse, question
  /// Query text: words (all must match), one "quoted phrase", or a question in plain words (any
  /// non-stopword may match: see any_word); "" browses.
  std::string text;
  std::string type;  ///< filter values as typed on the command line; "" = no filter
  std::string year;
  std::string region;
  std::string country;

  /// A question as a person types it: r2p-kb reads it as plain words (every word, else any word);
  /// the peers run the same words with OR, without the stopwords r2p-kb does not require.
  bool any_word() const { return query_class == "question"; }
};

/// The query classes in report order.
inline const std::vector<std::string>& query_classes() {
  static const std::vector<std::string> classes{"word",   "and",     "phrase", "year",
                                                "region", "country", "browse", "question"};
  return classes;
}

/// Three queries per class, from a frequent word to a rarer one. Filter-only queries browse, newest
/// first.
inline const std::vector<MixQuery>& query_mix() {
  static const std::vector<MixQuery> mix{
      {"word", "network", "", "", "", ""},
      {"word", "challenges", "", "", "", ""},
      {"word", "policymakers", "", "", "", ""},
      {"and", "national prevention", "", "", "", ""},
      {"and", "regional governments", "", "", "", ""},
      {"and", "meeting challenges", "", "", "", ""},
      {"phrase", "\"mass atrocities\"", "", "", "", ""},
      {"phrase", "\"civil society\"", "", "", "", ""},
      {"phrase", "\"national capacities\"", "", "", "", ""},
      {"year", "network", "", "2013", "", ""},
      {"year", "atrocities", "", "2020", "", ""},
      {"year", "national prevention", "", "2008", "", ""},
      {"region", "network", "", "", "Europe", ""},
      {"region", "atrocities", "", "", "Africa", ""},
      {"region", "national prevention", "", "", "Americas", ""},
      {"country", "network", "", "", "", "Ghana"},
      {"country", "atrocities", "", "", "", "Denmark"},
      {"country", "national prevention", "", "", "", "Costa Rica"},
      {"browse", "", "recommendation", "", "", ""},
      {"browse", "", "", "2015", "", ""},
      {"browse", "", "", "", "", "Ghana"},
      // 10 to 20 words of natural text, as researchers ask, that no record holds all of: r2p-kb
      // then matches any word, as the peers do, and the hit totals must agree.
      {"question",
       "how are ministries coordinating their work on atrocity prevention and what obstacles "
       "remain",
       "", "", "", ""},
      {"question",
       "what role does civil society play in early warning and how do focal points share lessons "
       "learned",
       "", "", "", ""},
      {"question",
       "how can the network help states with differing levels of capacity build national "
       "capacities to prevent and halt atrocity crimes",
       "", "", "", ""},
  };
  return mix;
}

/// The words of query text, without quotes, for engines that match word by word. For a question
/// (any_word) use content_words(), which leaves the stopwords out.
inline std::vector<std::string> query_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if (c == ' ' || c == '"') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  return words;
}

}  // namespace r2p::bench
