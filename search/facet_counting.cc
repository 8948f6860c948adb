// Facet counts read from the filter terms' frequencies (see facet_counting.h).
#include "search/facet_counting.h"

namespace r2p {

Counts term_counts(Xapian::Database& db, Field field, const AliasTable& aliases) {
  Counts counts;
  const std::string prefix = field_spec(field).prefix;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
    std::string value = (*t).substr(prefix.size());
    // filter_term() puts ':' between a multi-letter prefix and a value that starts upper-case.
    if (prefix.size() > 1 && !value.empty() && value[0] == ':') value.erase(0, 1);
    if (value.empty() || t.get_termfreq() == 0) continue;
    if (field == Field::organisation) {
      const Organisation* org = aliases.organisation(value);
      if (org && org->term) continue;
    }
    counts[value] = t.get_termfreq();
  }
  return counts;
}

}  // namespace r2p
