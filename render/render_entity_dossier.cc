// Organisation and person dossier renderers: text and JSON.
#include "render/render_entity_dossier.h"

#include <string>
#include <utility>
#include <vector>

#include "core/text.h"
#include "render/render_entity_parts.h"
#include "render/text_layout.h"

namespace r2p {
namespace {

using namespace entity_parts;
using namespace layout;

bool is_person(const EntityDossier& d) {
  return d.kind == "person";
}

/// Name (with acronyms), "id · kind", then the facts each kind has.
Block head_block(const EntityDossier& d, const TextStyle& style) {
  Block lines = heading(
      d.name + (d.acronyms.empty() ? "" : " \u2014 " + join(d.acronyms, kSeparator)), style);
  wrap_text(d.id + kSeparator + d.kind, "", "", lines);
  field("Other names", join(d.other_names, "; "), lines);
  if (is_person(d)) {
    if (d.written_name != d.name) field("Written", d.written_name, lines);
    field("Position", d.position, lines);
    field("Represents", labelled_list(d.organisations), lines);
  } else {
    field("People", labelled_list(d.people), lines);
  }
  field("Countries", labelled_list(d.countries), lines);
  if (d.record_id.empty())
    lines.push_back("No record of its own");
  else
    field("Record", "r2p-search --show " + d.record_id, lines);
  return lines;
}

}  // namespace

void render_entity_dossier_text(const EntityDossier& d, const TextStyle& style, std::ostream& out) {
  std::vector<Block> blocks = {head_block(d, style)};
  blocks.push_back(entity_parts::timeline_block(d.timeline, style));
  blocks.push_back(entity_parts::record_ref_list("Also mentioned in", d.mentioned_in, style));
  entity_parts::write_blocks(blocks, out);
}

nlohmann::ordered_json entity_dossier_json(const EntityDossier& d) {
  Json j = Json::object();
  j["kind"] = d.kind;
  j["id"] = d.id;
  j["name"] = d.name;
  if (is_person(d)) {
    j["written_name"] = entity_parts::string_or_null(d.written_name);
    j["position"] = entity_parts::string_or_null(d.position);
    j["organisations"] = labelled_array(d.organisations);
  } else {
    j["acronyms"] = entity_parts::strings(d.acronyms);
    j["other_names"] = entity_parts::strings(d.other_names);
  }
  j["record"] = entity_parts::string_or_null(d.record_id);
  j["timeline"] = entity_parts::timeline_entries_json(d.timeline);
  if (!is_person(d)) j["people"] = labelled_array(d.people);
  j["countries"] = labelled_array(d.countries);
  j["mentioned_in"] = entity_parts::record_refs_json(d.mentioned_in);
  return j;
}

}  // namespace r2p
