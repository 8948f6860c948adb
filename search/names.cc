// Resolving names of countries and meetings against the gazetteer and the index.
#include "search/names.h"

#include <algorithm>
#include <set>

#include "core/closest.h"
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
  std::vector<AmbiguousNameError::Candidate> candidates;
  for (const auto& code : codes) {
    candidates.push_back({code, english_name(code), has_records(code, index)});
    listed += (listed.empty() ? "" : ", ") + code + " " + candidates.back().label;
    if (candidates.back().has_records) listed += " (has records)";
  }
  throw AmbiguousNameError(what + " '" + name + "' fits several countries: " + listed +
                               "; give the code or the full name, e.g. " + what + " " +
                               codes.front(),
                           "country", name, std::move(candidates));
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

std::vector<std::string> organisations_named(const std::string& name, const AliasTable& aliases) {
  // Compared word by word, so case and punctuation do not matter ("Co-operation" = "Co
  // operation", as the query parser gives a quoted `organisation:` value).
  std::vector<std::string> ids;
  const std::string key = name_key(name);
  if (key.empty()) return ids;
  for (const Organisation& org : aliases.organisations) {
    if (org.term) continue;
    const std::vector<std::string> names = organisation_names(org);
    if (std::any_of(names.begin(), names.end(),
                    [&](const std::string& n) { return name_key(n) == key; }))
      ids.push_back(org.id);
  }
  return ids;
}

std::vector<std::string> organisation_names(const Organisation& org) {
  std::vector<std::string> names = {org.id, org.name};
  names.insert(names.end(), org.acronyms.begin(), org.acronyms.end());
  names.insert(names.end(), org.variants.begin(), org.variants.end());
  return names;
}

std::vector<std::string> closest_organisations(const std::string& text, const AliasTable& aliases) {
  std::vector<Suggestion> candidates;
  auto add = [&](const std::string& name) {
    Suggestion& candidate = candidates.emplace_back(Suggestion{name, {fold(name)}});
    for (const auto& word : fold_words(name))
      if (word.size() >= 4) candidate.keys.push_back(word);  // not "for", "the"
  };
  for (const Organisation& org : aliases.organisations) {
    if (org.term) continue;
    add(org.name);
    for (const auto& acronym : org.acronyms) add(acronym);
  }
  ClosestRules rules;
  rules.ties_by_name = false;  // as near: in the alias table's order, each name before its acronyms
  return closest(fold(text), candidates, rules);
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
  std::vector<AmbiguousNameError::Candidate> candidates;
  for (const auto& id : named) {
    listed += (listed.empty() ? "'" : ", '") + id + "'";
    candidates.push_back({id, index.meeting_title(id).value_or(id), true});
  }
  throw AmbiguousNameError(what + " '" + text + "' fits several meetings (" + listed +
                               "); give a meeting id or more words",
                           "meeting", text, std::move(candidates));
}

}  // namespace r2p
