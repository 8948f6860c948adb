// The fixed query mix every engine of the benchmark runs: words from the seed page's vocabulary
// (so any generated corpus has hits for them) and filters, as a user would type them.
#pragma once

#include <string>
#include <vector>

namespace r2p::bench {

struct MixQuery {
  std::string query_class;  ///< word, and, phrase, year, region, country, browse
  std::string text;  ///< query text: words (all must match) or one "quoted phrase"; "" browses
  std::string type;  ///< filter values as typed on the command line; "" = no filter
  std::string year;
  std::string region;
  std::string country;
};

/// The query classes in report order.
inline const std::vector<std::string>& query_classes() {
  static const std::vector<std::string> classes{"word",   "and",     "phrase", "year",
                                                "region", "country", "browse"};
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
  };
  return mix;
}

/// The words of query text, without quotes, for engines that match word by word.
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
