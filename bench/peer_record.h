// What the peer engines index from a corpus line: the text fields, the sort date and the ties
// (years, countries, regions, meetings) computed the way r2p's linker computes them, minus the
// text scan, so every engine answers the query mix over the same sets of records.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/gazetteer.h"

namespace r2p::bench {

struct PeerRecord {
  std::string id;
  std::string type;  ///< meeting, recommendation, country
  std::string title;
  std::vector<std::string> paragraphs;
  int date_key = 0;                ///< YYYYMMDD of the sort date (00 for unknown parts); 0 = none
  std::vector<std::string> years;  ///< "2013"
  std::vector<std::string> countries;  ///< ISO alpha-2
  std::vector<std::string> regions;    ///< UN M.49 codes
  std::vector<std::string> meetings;   ///< meeting ids
};

/// Resolves names through the gazetteer once per distinct name.
class PeerRecordReader {
 public:
  /// \throws std::runtime_error for a line that is no corpus record.
  PeerRecord read(const nlohmann::json& line);
  /// Filter values as typed ("Ghana", "Europe") -> codes ("GH", "150"); "" when unknown.
  std::string country_code(const std::string& name);
  std::string region_code(const std::string& name);

 private:
  Gazetteer gazetteer_;
  std::unordered_map<std::string, std::string> countries_;
  std::unordered_map<std::string, std::string> regions_;
};

/// The records' bytes and lines of every shard under `dir`, read line by line into `visit`.
/// Returns the number of input bytes.
std::size_t for_each_line(const std::string& dir,
                          const std::function<void(const std::string& line)>& visit);

}  // namespace r2p::bench
