// Facet value labels: the readable name of a facet value ("150" -> "Europe", a meeting's title),
// below both the index (which orders its facet table's values by label) and the searcher.
#pragma once

#include <string>

#include "core/schema.h"
#include "search/results.h"

namespace r2p {

class Index;

/// The readable label of a facet value ("150" -> "Europe", "DK" -> "Denmark").
std::string facet_label(Field field, const std::string& value, Index& index);

/// A counted facet value with its label (and, for a meeting, its short label).
FacetValue labelled_value(Field field, const std::string& value, std::size_t count, Index& index);

}  // namespace r2p
