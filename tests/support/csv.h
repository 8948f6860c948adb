// A strict RFC 4180 reader for the tests of CSV output.
#pragma once

#include <string>
#include <vector>

namespace r2p::test {

/// The records of `text`, each a list of fields; every record must end in CRLF.
/// \throws std::runtime_error on anything malformed (an unterminated quoted field, a quote inside
/// an unquoted field, a field not followed by ',' or CRLF).
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

}  // namespace r2p::test
