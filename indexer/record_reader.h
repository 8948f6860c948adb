// Validates one parsed JSON record into a Record (shared by the JSON readers and document_record).
#pragma once

#include <optional>
#include <vector>

#include "core/error.h"
#include "core/gazetteer.h"
#include "core/record.h"
#include "indexer/json_fields.h"

namespace r2p {

/// Turns one parsed JSON value into a record, or reports why it cannot.
std::optional<Record> read_record(const json& value, Location where, const Gazetteer& gazetteer,
                                  std::vector<Problem>& problems);

}  // namespace r2p
