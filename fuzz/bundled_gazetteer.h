// The gazetteer r2p-index would use for the bundled corpus (its alias table included), built once
// for the fuzz targets that resolve names.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/gazetteer.h"
#include "fuzz/fuzz_check.h"
#include "indexer/corpus_reader.h"

namespace r2p::fuzz {

inline const Gazetteer& bundled_gazetteer() {
  static const Gazetteer instance = [] {
    std::ifstream in(std::string(R2P_BUNDLED_CORPUS) + "/" + kAliasFile, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    std::vector<Problem> problems;
    AliasTable aliases = parse_aliases(content.str(), kAliasFile, problems);
    if (!problems.empty() || aliases.organisations.empty())
      fail("cannot read the bundled alias table under " R2P_BUNDLED_CORPUS);
    return Gazetteer(aliases);
  }();
  return instance;
}

}  // namespace r2p::fuzz
