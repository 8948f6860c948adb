// Record -> Xapian::Document: free text with positions through the folding stemmer, boolean
// filter terms, the date slot, positional facet slots and the record slot (its JSON).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/gazetteer.h"
#include "core/record.h"
#include "core/record_codec.h"
#include "core/schema.h"
#include "core/string_counter.h"

namespace r2p {

/// How much more a word in the title counts than a word in the body (within-document frequency).
constexpr Xapian::termcount kTitleWeight = 3;

/// A record's facet values, per facet field.
using FacetValues = std::map<Field, std::vector<std::string>>;

/// The facet values of a record, per facet field, distinct and in a stable order: years as
/// decimal strings, regions as M.49 codes, meetings as ids, the type name, ISO alpha-2 codes.
FacetValues facet_values(const Record& record);

/// A TermGenerator set up the way the index expects (folding stemmer, STEM_ALL_Z). The index
/// writer adds its database and FLAG_SPELLING.
Xapian::TermGenerator make_term_generator();

/// Builds the document for a linked record, with its facet values `facets` (facet_values()) and
/// `data`, the record as stored (RecordCodec::encode_record()): callers that need either for
/// something else work each out once. `generator` must come from make_term_generator().
Xapian::Document build_document(const Record& record, const FacetValues& facets, std::string data,
                                const Gazetteer& gazetteer, Xapian::TermGenerator& generator);

/// The same, working out the facet values and storing the record with `codec` (by default as
/// plain JSON).
Xapian::Document build_document(const Record& record, const Gazetteer& gazetteer,
                                Xapian::TermGenerator& generator,
                                const RecordCodec& codec = RecordCodec());

/// Counts the words of a record for the spelling dictionary (folded; numbers left out, since
/// they make poor corrections). Adding the dictionary once per distinct word at the end is much
/// cheaper than TermGenerator's FLAG_SPELLING, which updates it for every word occurrence.
void count_words(const Record& record, StringCounter& words);

}  // namespace r2p
