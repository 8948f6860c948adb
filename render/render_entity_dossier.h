// Renderers for organisation and person dossiers (--dossier OSCE, --dossier "Adama Dieng"):
// terminal text and JSON, in the shape of the country dossier's.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "render/render.h"
#include "search/entity_dossier.h"

namespace r2p {

/// Name and acronyms (organisation) or name and position (person), id and kind, other names, the
/// organisations a person represents, the people who represent an organisation, the countries its
/// sentences name, the timeline of roles (each "with" the other organisations sharing its
/// sentence), and the other records tied to it.
void render_entity_dossier_text(const EntityDossier& dossier, const TextStyle& style,
                                std::ostream& out);

/// kind ("organisation" or "person"), id, name; an organisation adds acronyms, other_names; a
/// person adds written_name, position, organisations; then record, timeline, people
/// (organisation), countries, mentioned_in. Absent values are null, absent lists [].
nlohmann::ordered_json entity_dossier_json(const EntityDossier& dossier);

}  // namespace r2p
