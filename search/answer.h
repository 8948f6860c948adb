// The answer card: when a question names exactly one meeting or one country and that record ranks
// first, its key facts, shown above the hits.
#pragma once

#include <optional>

#include "search/index.h"
#include "search/results.h"

namespace r2p {

/// The card for `first`, the top hit, or nullopt: the interpretation must name exactly one
/// meeting or country (and no other of either), and `first` must be that meeting's record or
/// that country's record.
std::optional<AnswerCard> answer_card(const Interpretation& interpretation, const Hit& first,
                                      Index& index);

}  // namespace r2p
