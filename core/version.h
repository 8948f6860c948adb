// What --version prints: the program's version and what it was built against.
#pragma once

#include <string>
#include <string_view>

namespace r2p {

/// r2p-kb's version ("0.1.0"), from the project's CMake version.
std::string_view project_version();

/// "r2p-search 0.1.0\nXapian 1.4.22, ICU 72.1, index schema 8": the libraries as loaded at run
/// time (a Debian upgrade of either shows here), and the index schema this program reads and
/// writes.
std::string version_text(std::string_view program);

}  // namespace r2p
