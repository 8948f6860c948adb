// Reading corpus JSON: the helpers declared in json_fields.h.
#include "indexer/json_fields.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>

#include "indexer/corpus_reader.h"

namespace r2p {

const char* json_type_name(const json& value) {
  switch (value.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::string:
      return "a string";
    case json::value_t::array:
      return "a list";
    case json::value_t::object:
      return "an object";
    default:
      return "a number";
  }
}

std::string too_long_record(std::uint64_t bytes, const char* what) {
  return std::string("the ") + what + " is " + std::to_string(bytes) +
         " bytes long; a record may be at most " + std::to_string(kMaxRecordBytes) +
         " bytes (1 MiB): shorten its text";
}

std::string too_long_line_stopped() {
  return "the line is over " + std::to_string(kMaxRecordBytes) +
         " bytes long; a record may be at most " + std::to_string(kMaxRecordBytes) +
         " bytes (1 MiB): shorten its text (the rest of the file was not read)";
}

std::string shown(const std::string& value) {
  std::size_t chars = 0, i = 0;
  for (; i < value.size(); ++i)
    if ((static_cast<unsigned char>(value[i]) & 0xC0) != 0x80 && ++chars > 60) break;
  return i < value.size() ? value.substr(0, i) + "…" : value;
}

std::string control_character_problem(const std::string& value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c != 0x7F) continue;
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", c);
    return std::string("contains the control character ") + code + " at byte " +
           std::to_string(i + 1) + "; remove it (a text field holds one line, without tabs)";
  }
  return "";
}

bool fits_int(const json& value) {
  if (value.is_number_unsigned()) return value.get<std::uint64_t>() <= INT_MAX;
  const auto v = value.get<std::int64_t>();
  return v >= INT_MIN && v <= INT_MAX;
}

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxIdBytes && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

int line_at(std::string_view content, std::size_t offset) {
  offset = std::min(offset, content.size());
  return 1 + static_cast<int>(std::count(content.begin(), content.begin() + offset, '\n'));
}

std::optional<json> parse_json(std::string_view text, Location where, int line_offset,
                               std::vector<Problem>& problems) {
  if (auto bad = invalid_utf8_offset(text); bad != std::string_view::npos) {
    where.line = line_offset + line_at(text, bad);
    problems.push_back({where, "invalid UTF-8 at byte " + std::to_string(bad + 1) +
                                   " of the line; save the file as UTF-8"});
    return std::nullopt;
  }
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    where.line = line_offset + line_at(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string message = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 5: ".
    if (auto colon = message.find(": "); colon != std::string::npos)
      message = message.substr(colon + 2);
    // Its "last read: '…'" quotes bytes up to the error, which can end inside a character.
    for (std::size_t bad; (bad = invalid_utf8_offset(message)) != std::string::npos;)
      message.replace(bad, 1, "\uFFFD");
    problems.push_back({where, "malformed JSON: " + message});
    return std::nullopt;
  }
}

void for_each_json_line(std::string_view content, const std::string& file, int first_line,
                        std::vector<Problem>& problems,
                        const std::function<void(std::string_view, const Location&)>& each) {
  std::size_t start = 0;
  int line = first_line - 1;
  while (start < content.size()) {
    std::size_t end = content.find('\n', start);
    if (end == std::string_view::npos) end = content.size();
    const std::string_view text = content.substr(start, end - start);
    ++line;
    start = end + 1;
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const Location where{file, line, "", ""};
    if (text.size() > kMaxRecordBytes) {
      problems.push_back({where, too_long_record(text.size(), "line")});
      continue;
    }
    each(text, where);
  }
}

}  // namespace r2p
