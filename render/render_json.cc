// JSON renderer: the stable machine-readable contract (key names and order are part of it).
#include <ostream>

#include <nlohmann/json.hpp>

#include "core/gazetteer.h"
#include "render/render.h"

namespace r2p {

namespace {

using Json = nlohmann::ordered_json;

Json hit_json(const Hit& hit) {
  Json j = Json::object();
  j["id"] = hit.id;
  j["type"] = hit.type;
  j["title"] = hit.title;
  j["date"] = hit.date ? Json(*hit.date) : Json(nullptr);
  j["year"] = hit.year ? Json(*hit.year) : Json(nullptr);
  j["region"] = hit.regions;
  j["meeting"] = hit.meetings;
  j["countries"] = hit.countries;
  j["organisations"] = hit.organisations;
  j["score"] = hit.score;
  j["snippet"] = hit.snippet;
  j["source"] = hit.source;
  return j;
}

Json facet_json(const Facet& facet) {
  Json values = Json::array();
  for (const auto& value : facet.values) {
    Json v = Json::object();
    v["value"] = value.value;
    v["label"] = value.label;
    v["count"] = value.count;
    if (!value.short_label.empty()) v["short_label"] = value.short_label;
    // Continents and sub-regions share the facet; the level tells them apart, and a
    // sub-region names its continent, so a page can show them as a tree.
    if (facet.field == Field::region) {
      v["level"] = region_level(value.value);
      if (std::string parent = region_parent(value.value); !parent.empty()) v["parent"] = parent;
    }
    values.push_back(std::move(v));
  }
  return values;
}

Json interpretation_json(const Interpretation& interpretation) {
  Json understood = Json::array();
  for (const Understood& u : interpretation.understood) {
    Json entity = Json::object();
    entity["kind"] = field_spec(u.field).name;
    entity["id"] = u.id;
    entity["label"] = u.label;
    entity["words"] = u.words;
    entity["filter"] = u.filter.empty() ? Json(nullptr) : Json(u.filter);
    understood.push_back(std::move(entity));
  }
  Json j = Json::object();
  j["matching"] = interpretation.matching;
  j["ignored"] = interpretation.ignored;
  j["understood"] = std::move(understood);
  return j;
}

Json answer_json(const std::optional<AnswerCard>& answer) {
  if (!answer) return nullptr;
  Json facts = Json::array();
  for (const auto& fact : answer->facts)
    facts.push_back({{"label", fact.label}, {"value", fact.value}});
  Json j = Json::object();
  j["kind"] = answer->kind;
  j["id"] = answer->id;
  j["record"] = answer->record;
  j["title"] = answer->title;
  j["facts"] = std::move(facts);
  j["command"] = answer->command;
  j["link"] = answer->link;
  return j;
}

}  // namespace

Json facets_json(const std::vector<Facet>& facets) {
  Json out = Json::object();
  for (const auto& facet : facets) out[field_spec(facet.field).name] = facet_json(facet);
  return out;
}

void render_json(const SearchResults& results, std::ostream& out) {
  Json j = Json::object();
  j["query"] = results.query;
  j["total"] = results.total;
  j["offset"] = results.offset;
  j["limit"] = results.limit;
  j["suggestion"] = results.suggestion ? Json(*results.suggestion) : Json(nullptr);
  j["exact"] = results.exact;
  j["notes"] = results.notes;
  j["interpretation"] = interpretation_json(results.interpretation);
  j["answer"] = answer_json(results.answer);
  Json hits = Json::array();
  for (const auto& hit : results.hits) hits.push_back(hit_json(hit));
  j["hits"] = std::move(hits);
  j["facets"] = facets_json(results.facets);
  // Corpus text should be valid UTF-8, but one bad byte must not cost the whole answer.
  out << j.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace r2p
