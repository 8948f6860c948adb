// Answer cards from the entity pages' own data (search/entities.h), so a card never says more
// or other than the page it links to.
#include "search/answer.h"

#include <algorithm>

#include "core/text.h"
#include "search/entities.h"

namespace r2p {
namespace {

std::vector<std::string> labels(const std::vector<Labelled>& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.label);
  return out;
}

AnswerCard meeting_card(const std::string& id, Index& index) {
  const MeetingPage page = meeting_page(id, index);
  const Record& r = page.page.record;
  AnswerCard card{"meeting", id, r.id, r.title, {}, "r2p-search --dossier " + id, "/dossier/" + id};
  if (!r.date.empty()) {
    std::string dates = r.date.iso();
    if (!r.end_date.empty()) dates += " to " + r.end_date.iso();
    card.facts.push_back({"Date", dates});
  }
  if (!r.venue_city.empty() || page.page.venue_country) {
    std::vector<std::string> venue;
    if (!r.venue_city.empty()) venue.push_back(r.venue_city);
    if (page.page.venue_country) venue.push_back(page.page.venue_country->label);
    card.facts.push_back({"Venue", join(venue, ", ")});
  }
  std::vector<std::string> hosts = labels(page.page.host_countries);
  for (const auto& org : labels(page.page.host_organisations)) hosts.push_back(org);
  if (!hosts.empty()) card.facts.push_back({"Hosts", join(hosts, "; ")});
  std::vector<std::string> participation;
  for (const auto& p : r.participation) participation.push_back(p.text);
  if (!participation.empty()) card.facts.push_back({"Participation", join(participation, "; ")});
  for (const auto& a : page.announcements)
    card.facts.push_back({"Announced", a.country.label + " (" + a.role_label + ")"});
  for (const auto& d : r.discussed) card.facts.push_back({"Discussed", d});
  return card;
}

AnswerCard country_card(const std::string& code, const Hit& first, Index& index) {
  const CountryDossier d = country_dossier(code, index);
  AnswerCard card{"country",         code, first.id, d.name, {}, "r2p-search --dossier " + code,
                  "/dossier/" + code};
  if (!d.status.empty()) {
    std::string status = d.status == "appointed" ? "appointed a national R2P Focal Point"
                                                 : "announced its intention to appoint one";
    if (!d.status_date.empty()) status += " (" + d.status_date + ")";
    card.facts.push_back({"Status", status});
  }
  for (const auto& entry : d.timeline) {
    std::string role = entry.role_label;
    if (entry.meeting) role += " — " + entry.meeting->label;
    card.facts.push_back({entry.date.empty() ? "Undated" : entry.date, role});
  }
  return card;
}

}  // namespace

std::optional<AnswerCard> answer_card(const Interpretation& interpretation, const Hit& first,
                                      Index& index) {
  const Understood* named = nullptr;
  for (const Understood& u : interpretation.understood) {
    if (u.field != Field::meeting && u.field != Field::country) continue;
    if (named) return std::nullopt;  // two names: no single answer
    named = &u;
  }
  if (!named) return std::nullopt;
  if (named->field == Field::meeting) {
    if (first.type != "meeting" || first.id != named->id) return std::nullopt;
    return meeting_card(named->id, index);
  }
  if (first.type != "country" || first.countries != std::vector<std::string>{named->id})
    return std::nullopt;
  return country_card(named->id, first, index);
}

}  // namespace r2p
