// Default locations shared by r2p-index and r2p-search.
#pragma once

#include <string>

namespace r2p {

/// The index both programs use by default: $R2P_DB, else $XDG_DATA_HOME/r2p-kb/index, else
/// $HOME/.local/share/r2p-kb/index.
std::string default_index_path();

/// The corpus bundled with the sources (compiled in), used when --corpus is not given.
std::string bundled_corpus_path();

}  // namespace r2p
