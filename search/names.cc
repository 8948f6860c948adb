// Resolving names of countries and meetings against the gazetteer and the index.
#include "search/names.h"

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/gazetteer.h"
#include "core/schema.h"
#include "core/text.h"

namespace r2p {
namespace {

bool has_records(const std::string& alpha2, Index& index) {
  return index.database().get_termfreq(filter_term(Field::country, alpha2)) > 0;
}

[[noreturn]] void refuse_ambiguous(const std::string& name, const std::string& what,
                                   std::vector<std::string> codes, Index& index) {
  std::stable_partition(codes.begin(), codes.end(),
                        [&](const std::string& code) { return has_records(code, index); });
  std::string listed;
  for (const auto& code : codes) {
    listed += (listed.empty() ? "" : ", ") + code + " " + english_name(code);
    if (has_records(code, index)) listed += " (has records)";
  }
  throw UsageError(what + " '" + name + "' fits several countries: " + listed +
                   "; give the code or the full name, e.g. " + what + " " + codes.front());
}

/// The stemmed words a meeting can be named by.
std::set<std::string> meeting_words(const Record& meeting) {
  std::string text = meeting.title + " " + meeting.venue_city + " " + meeting.id;
  if (!meeting.venue_country.empty()) text += " " + english_name(meeting.venue_country);
  if (meeting.date.year) text += " " + std::to_string(meeting.date.year);
  std::set<std::string> words;
  for (const auto& w : fold_words(text)) words.insert(stemmed_term(w));
  return words;
}

}  // namespace

std::optional<std::string> country_named(const std::string& name, const std::string& what,
                                         Index& index) {
  const Gazetteer& g = index.gazetteer();
  if (auto code = g.resolve_country(name)) return code;
  if (auto codes = g.ambiguous_country(name); !codes.empty())
    refuse_ambiguous(name, what, std::move(codes), index);
  return std::nullopt;
}

std::vector<std::string> meetings_named(const std::string& text, Index& index) {
  if (index.meeting_title(fold(text))) return {fold(text)};
  const auto wanted = fold_words(text);
  std::vector<std::string> matches;
  if (wanted.empty()) return matches;
  for (const auto& meeting : index.records_of_type(RecordType::meeting)) {
    const std::set<std::string> have = meeting_words(meeting);
    if (std::all_of(wanted.begin(), wanted.end(),
                    [&](const std::string& w) { return have.count(stemmed_term(w)) > 0; }))
      matches.push_back(meeting.id);
  }
  return matches;
}

std::optional<std::string> meeting_named(const std::string& text, const std::string& what,
                                         Index& index) {
  const std::vector<std::string> named = meetings_named(text, index);
  if (named.size() <= 1) return named.empty() ? std::nullopt : std::optional(named.front());
  std::string listed;
  for (const auto& id : named) listed += (listed.empty() ? "'" : ", '") + id + "'";
  throw UsageError(what + " '" + text + "' fits several meetings (" + listed +
                   "); give a meeting id or more words");
}

}  // namespace r2p
