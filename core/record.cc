// Record helpers: type names, partial dates, roles and source labels.
#include "core/record.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace r2p {

const char* to_string(RecordType type) {
  switch (type) {
    case RecordType::meeting:
      return "meeting";
    case RecordType::recommendation:
      return "recommendation";
    case RecordType::country:
      return "country";
    case RecordType::document:
      return "document";
    case RecordType::organisation:
      return "organisation";
    case RecordType::person:
      return "person";
  }
  return "meeting";
}

const std::vector<RecordType>& record_types() {
  static const std::vector<RecordType> types = {
      RecordType::meeting,  RecordType::recommendation, RecordType::country,
      RecordType::document, RecordType::organisation,   RecordType::person};
  return types;
}

std::optional<RecordType> parse_record_type(const std::string& name) {
  for (RecordType t : record_types())
    if (name == to_string(t)) return t;
  return std::nullopt;
}

std::string PartialDate::iso() const {
  if (empty()) return "";
  char buffer[16];
  if (month == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d", year);
  } else if (day == 0) {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
  } else {
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  }
  return buffer;
}

int PartialDate::sort_key() const {
  return year * 10000 + month * 100 + day;
}

namespace {
bool all_digits(const std::string& s, std::size_t from, std::size_t count) {
  if (from + count > s.size()) return false;
  return std::all_of(s.begin() + from, s.begin() + from + count,
                     [](char c) { return c >= '0' && c <= '9'; });
}

int days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}
}  // namespace

std::optional<PartialDate> parse_partial_date(const std::string& text) {
  PartialDate date;
  if (!(text.size() == 4 || text.size() == 7 || text.size() == 10)) return std::nullopt;
  if (!all_digits(text, 0, 4)) return std::nullopt;
  date.year = std::stoi(text.substr(0, 4));
  if (date.year < 1) return std::nullopt;
  if (text.size() >= 7) {
    if (text[4] != '-' || !all_digits(text, 5, 2)) return std::nullopt;
    date.month = std::stoi(text.substr(5, 2));
    if (date.month < 1 || date.month > 12) return std::nullopt;
  }
  if (text.size() == 10) {
    if (text[7] != '-' || !all_digits(text, 8, 2)) return std::nullopt;
    date.day = std::stoi(text.substr(8, 2));
    if (date.day < 1 || date.day > days_in_month(date.year, date.month)) return std::nullopt;
  }
  return date;
}

namespace {
struct RoleName {
  const char* role;
  const char* label;
  bool country;       ///< a country record may hold it
  bool organisation;  ///< an organisation record may hold it
  bool person;        ///< a person record may hold it
};
const std::vector<RoleName>& role_table() {
  static const std::vector<RoleName> roles = {
      {"launched-initiative", "launched the initiative", true, false, false},
      {"facilitating-group", "facilitating group", true, false, false},
      {"recommendations-input", "gave input to the recommendations", true, false, false},
      {"noteworthy-intervention", "noteworthy intervention", true, false, false},
      {"collaborated", "collaborated", false, true, false},
      {"occasion", "was the occasion", false, true, false},
      {"convened", "convened", false, true, false},
      {"took-part", "took part", false, true, false},
      {"drafted-recommendations", "drafted the recommendations", false, true, false},
      {"co-host", "co-hosted", true, true, false},
      {"announced-appointment", "announced appointment", true, false, false},
      {"announced-intention", "announced intention to appoint", true, false, false},
      {"attended", "attended", false, true, true},
      {"hopes-to-co-host", "hopes to co-host regional meetings", false, true, false},
      {"mentioned", "mentioned", false, false, false},
  };
  return roles;
}

std::vector<std::string> roles_where(bool RoleName::*allowed) {
  std::vector<std::string> out;
  for (const auto& r : role_table())
    if (r.*allowed) out.push_back(r.role);
  return out;
}
}  // namespace

const std::vector<std::string>& involvement_roles(RecordType type) {
  static const std::vector<std::string> country = roles_where(&RoleName::country);
  static const std::vector<std::string> organisation = roles_where(&RoleName::organisation);
  static const std::vector<std::string> person = roles_where(&RoleName::person);
  static const std::vector<std::string> none;
  switch (type) {
    case RecordType::country:
      return country;
    case RecordType::organisation:
      return organisation;
    case RecordType::person:
      return person;
    default:
      return none;
  }
}

std::string role_label(const std::string& role) {
  for (const auto& r : role_table())
    if (role == r.role) return r.label;
  return role;
}

std::vector<int> record_years(const Record& record) {
  std::set<int> years;
  if (!record.date.empty()) years.insert(record.date.year);
  for (const auto& inv : record.involvement)
    if (!inv.date.empty()) years.insert(inv.date.year);
  if (!record.status_date.empty()) years.insert(record.status_date.year);
  return {years.begin(), years.end()};
}

PartialDate record_sort_date(const Record& record) {
  PartialDate latest = record.date;
  for (const auto& inv : record.involvement)
    if (inv.date.sort_key() > latest.sort_key()) latest = inv.date;
  if (record.status_date.sort_key() > latest.sort_key()) latest = record.status_date;
  return latest;
}

std::string source_label(const std::string& document, const std::vector<int>& paragraphs) {
  std::vector<int> sorted(paragraphs);
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string out;
  // Collapse consecutive paragraphs into ranges: ¶7–12, ¶16–17.
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += "¶" + std::to_string(sorted[i]);
    if (j > i) out += "–" + std::to_string(sorted[j]);
    i = j + 1;
  }
  if (document.empty()) return out;
  return out.empty() ? document : document + " " + out;
}

}  // namespace r2p
