// The layout of rendered text as a terminal shows it: its lines and their visible width.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace r2p::test {

/// The lines of `text`, without their '\n'.
std::vector<std::string> lines_of(const std::string& text);

/// Visible columns: code points outside ANSI CSI sequences.
std::size_t visible_width(const std::string& line);

}  // namespace r2p::test
