// The record as JSON: stored in each Xapian document's record slot and read back for display, so
// the search side can show, link and cross-reference records without the corpus files.
#pragma once

#include <nlohmann/json.hpp>

#include "core/gazetteer.h"
#include "core/record.h"

namespace r2p {

/// Every field of the record (codes, not names; dates in ISO partial form; empty fields omitted).
nlohmann::json record_to_json(const Record& record);
/// The inverse of record_to_json. \throws nlohmann::json::exception on a malformed object.
Record record_from_json(const nlohmann::json& json);

/// The alias table as stored in the index metadata, so searches resolve the corpus's own names.
nlohmann::json alias_table_to_json(const AliasTable& table);
/// \throws nlohmann::json::exception on a malformed object.
AliasTable alias_table_from_json(const nlohmann::json& json);

}  // namespace r2p
