// Stopwords: the words a plain-language question may contain without saying what it is about
// ("what", "was", "the"; "qui", "la"; "что"). Lists are data (search/stopwords/*.txt, each naming
// its source), embedded at build time and folded like query words.
#pragma once

#include <string_view>

#include <xapian.h>

namespace r2p {

/// Whether `word` is on the English, French, Spanish or Russian list (in any case, with or without
/// accents or a typographic apostrophe: "What", "don’t").
bool is_stopword(std::string_view word);

/// The same lists as a Xapian::Stopper for QueryParser::set_stopper(), except for words the index
/// stores as names (synonym keys): "EU" is on the French list ("eu"), but a question about the
/// EU means the European Union.
class StopwordStopper : public Xapian::Stopper {
 public:
  explicit StopwordStopper(const Xapian::Database& db) : db_(db) {}
  bool operator()(const std::string& word) const override;
  std::string get_description() const override { return "r2p::StopwordStopper"; }

 private:
  Xapian::Database db_;
};

}  // namespace r2p
