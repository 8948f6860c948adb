// Golden files: rendered output compared with tests/golden/<name>, byte for byte.
#pragma once

#include <string>

namespace r2p::test {

/// Checks `actual` against tests/golden/<name> (which must exist and not be empty);
/// R2P_UPDATE_GOLDEN=1 rewrites the file instead.
void check_golden(const std::string& name, const std::string& actual);

}  // namespace r2p::test
