// A strict RFC 4180 reader for the tests of CSV output.
#include "tests/support/csv.h"

#include <stdexcept>
#include <utility>

namespace r2p::test {

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) throw std::runtime_error("unterminated quoted field");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        if (text[i] == '"') throw std::runtime_error("quote inside an unquoted field");
        field += text[i++];
      }
    }
    record.push_back(std::move(field));
    field.clear();
    if (i < text.size() && text[i] == ',') {
      ++i;
    } else if (text.compare(i, 2, "\r\n") == 0) {
      i += 2;
      records.push_back(std::move(record));
      record.clear();
    } else {
      throw std::runtime_error("field not followed by ',' or CRLF at byte " + std::to_string(i));
    }
  }
  if (!record.empty()) throw std::runtime_error("last record does not end in CRLF");
  return records;
}

}  // namespace r2p::test
