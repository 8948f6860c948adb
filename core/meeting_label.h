// A meeting's short label, for lists where its full title would wrap over several lines (facet
// values, matrix columns): "Accra 2013 — third meeting".
#pragma once

#include <string>

#include "core/record.h"

namespace r2p {

/// "PLACE YEAR — WHAT": the venue's city (when the record names one), the year, and what the
/// meeting was, taken from the start of its title up to the word that says so ("Third meeting of
/// …" → "third meeting", "Preparatory workshop convened …" → "preparatory workshop") or, when the
/// title does not start that way, the meeting's kind ("launch"). The full title stays the label
/// everywhere else.
std::string meeting_short_label(const Record& meeting);

}  // namespace r2p
