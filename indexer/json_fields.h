// Reading corpus JSON: text parsed into JSON with each problem at its line, typed fields read out
// of an object with each problem at its field, and the limits' messages shared by every reader.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/closest.h"
#include "core/error.h"
#include "core/record.h"
#include "core/text.h"

namespace r2p {

using nlohmann::json;

enum class Need { required, optional };

/// "null", "a string", "a list"…: a JSON value's type as a message names it.
const char* json_type_name(const json& value);

/// The problem of a record over kMaxRecordBytes (`what` is "line" or "file").
std::string too_long_record(std::uint64_t bytes, const char* what);

/// Calls `each(text, where)` for every non-blank line of JSON Lines `content` (line numbers from
/// `first_line`); a line over kMaxRecordBytes is a problem instead.
void for_each_json_line(std::string_view content, const std::string& file, int first_line,
                        std::vector<Problem>& problems,
                        const std::function<void(std::string_view, const Location&)>& each);

/// The problem of a JSON Lines line over kMaxRecordBytes, found while reading a file line by line:
/// reading stops there, so an endless line is never read to its end.
std::string too_long_line_stopped();

/// `value` for a message: cut to 60 characters, so a huge value does not flood the output.
std::string shown(const std::string& value);

/// Why a string value cannot be used because of a control character, or "" when it has none.
/// Each text field holds one line (one paragraph per string), so tabs and line breaks are out too.
std::string control_character_problem(const std::string& value);

/// Whether a JSON integer fits in an int (paragraph numbers, counts).
bool fits_int(const json& value);

/// Whether `id` can be a record id: at most kMaxIdBytes of a-z, 0-9, '-' and '_'.
bool valid_id(const std::string& id);

/// Line number (1-based) of byte `offset` in `content`.
int line_at(std::string_view content, std::size_t offset);

/// Parses JSON text, turning syntax errors into a Problem at the right line.
std::optional<json> parse_json(std::string_view text, Location where, int line_offset,
                               std::vector<Problem>& problems);

/// Reads typed fields out of one JSON object, reporting each problem with its location.
class ObjectReader {
 public:
  ObjectReader(const json& object, Location where, std::vector<Problem>& problems,
               std::string path = "")
      : object_(object), where_(std::move(where)), problems_(problems), path_(std::move(path)) {}

  void problem(const std::string& field, const std::string& message) {
    Location at = where_;
    at.field = path_ + field;
    problems_.push_back({at, message});
    ++count_;
  }
  int problem_count() const { return count_; }

  /// The value at `key`, or nullptr when absent or null (a problem when required).
  const json* find(const char* key, Need need) {
    auto it = object_.find(key);
    if (it == object_.end() || it->is_null()) {
      if (need == Need::required) problem(key, "missing; this field is required");
      return nullptr;
    }
    return &*it;
  }

  std::string string(const char* key, Need need) {
    const json* value = find(key, need);
    if (!value) return "";
    if (!value->is_string()) {
      problem(key, std::string("expected a string, found ") + json_type_name(*value));
      return "";
    }
    auto s = value->get<std::string>();
    if (auto bad = control_character_problem(s); !bad.empty()) {
      problem(key, bad);
      return "";
    }
    if (need == Need::required && s.empty()) problem(key, "must not be empty");
    return s;
  }

  int integer(const char* key, Need need) {
    const json* value = find(key, need);
    if (!value) return 0;
    if (!value->is_number_integer()) {
      problem(key, std::string("expected an integer, found ") + json_type_name(*value));
      return 0;
    }
    if (!fits_int(*value)) {
      problem(key, value->dump() + " is out of range; write a whole number below 2147483648");
      return 0;
    }
    return value->get<int>();
  }

  std::vector<std::string> strings(const char* key, Need need) {
    std::vector<std::string> out;
    const json* value = find(key, need);
    if (!value) return out;
    if (!value->is_array()) {
      problem(key, std::string("expected a list of strings, found ") + json_type_name(*value));
      return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (!item.is_string()) {
        problem(std::string(key) + "[" + std::to_string(i) + "]",
                std::string("expected a string, found ") + json_type_name(item));
        continue;
      }
      if (auto bad = control_character_problem(item.get_ref<const std::string&>()); !bad.empty()) {
        problem(std::string(key) + "[" + std::to_string(i) + "]", bad);
        continue;
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }

  std::vector<int> integers(const char* key, Need need) {
    std::vector<int> out;
    const json* value = find(key, need);
    if (!value) return out;
    if (!value->is_array()) {
      problem(key, std::string("expected a list of integers, found ") + json_type_name(*value));
      return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const json& item = (*value)[i];
      if (!item.is_number_integer()) {
        problem(std::string(key) + "[" + std::to_string(i) + "]",
                std::string("expected an integer, found ") + json_type_name(item));
        continue;
      }
      if (!fits_int(item)) {
        problem(std::string(key) + "[" + std::to_string(i) + "]",
                item.dump() + " is out of range; write a whole number below 2147483648");
        continue;
      }
      out.push_back(item.get<int>());
    }
    return out;
  }

  PartialDate date(const char* key, Need need) {
    const std::string text = string(key, need);
    if (text.empty()) return {};
    auto parsed = parse_partial_date(text);
    if (!parsed) {
      problem(key, "'" + text + "' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD");
      return {};
    }
    return *parsed;
  }

  /// A nested object reader for `key` (nullopt when absent/null or not an object).
  std::optional<ObjectReader> object(const char* key, Need need) {
    const json* value = find(key, need);
    if (!value) return std::nullopt;
    if (!value->is_object()) {
      problem(key, std::string("expected an object, found ") + json_type_name(*value));
      return std::nullopt;
    }
    return ObjectReader(*value, where_, problems_, path_ + key + ".");
  }

  /// Readers for each object of the list at `key`.
  std::vector<ObjectReader> objects(const char* key, Need need) {
    std::vector<ObjectReader> out;
    const json* value = find(key, need);
    if (!value) return out;
    if (!value->is_array()) {
      problem(key, std::string("expected a list of objects, found ") + json_type_name(*value));
      return out;
    }
    for (std::size_t i = 0; i < value->size(); ++i) {
      const std::string item_path = path_ + key + "[" + std::to_string(i) + "]";
      if (!(*value)[i].is_object()) {
        problem(std::string(key) + "[" + std::to_string(i) + "]",
                std::string("expected an object, found ") + json_type_name((*value)[i]));
        continue;
      }
      out.emplace_back((*value)[i], where_, problems_, item_path + ".");
    }
    return out;
  }

  /// Reports keys not in `known` (most often a typo of a known one).
  void reject_unknown(std::initializer_list<const char*> known) {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return it.key() == k; })) {
        std::vector<Suggestion> fields;
        for (const char* k : known) fields.push_back({k, {k}});
        // As near: the first in `known` order, which lists the fields a record most often has.
        const auto nearest = closest(it.key(), fields, {1, 4, false});
        problem(it.key(),
                "unknown field" + (nearest.empty()
                                       ? std::string("; see corpus/README.md for the fields")
                                       : "; did you mean '" + nearest.front() + "'?"));
      }
    }
  }

  const Location& where() const { return where_; }

 private:
  const json& object_;
  Location where_;
  std::vector<Problem>& problems_;
  std::string path_;
  int count_ = 0;
};

}  // namespace r2p
