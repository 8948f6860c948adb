// Default locations shared by r2p-index and r2p-search.
#pragma once

#include <string>

namespace r2p {

/// The index both programs use by default: $R2P_DB, else $XDG_DATA_HOME/r2p-kb/index, else
/// $HOME/.local/share/r2p-kb/index.
std::string default_index_path();

/// The corpus `cmake --install` put beside the running program (PREFIX/share/r2p-kb/corpus for
/// PREFIX/bin/r2p-index), or "" when there is none.
std::string installed_corpus_path();

/// The corpus used when --corpus is not given: the installed one, else the one in the source
/// tree the program was built from.
std::string bundled_corpus_path();

}  // namespace r2p
