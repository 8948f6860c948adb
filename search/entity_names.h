// Organisations and people as users name them for --dossier and /dossier/NAME: an organisation
// by its id, full name, acronym or another name of the alias table; a person by record id, name
// (with or without "Mr.") or surname alone. Several fits are refused with the candidates.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "search/entities.h"
#include "search/index.h"

namespace r2p {

/// The organisations and people a text names, in alias-table and index order.
struct EntityMatches {
  /// By organisation id, full name, acronym or other name (any case, punctuation aside), or by
  /// person record id or name (courtesy titles aside).
  std::vector<DossierTarget> exact;
  /// People whose surname alone the text is ("Dieng").
  std::vector<DossierTarget> by_surname;
};
EntityMatches entities_named(const std::string& text, Index& index);

/// The alpha-2 code of the ISO 3166-1 country `text` is: its alpha-2 or alpha-3 code or one of
/// its English ISO names, as the gazetteer resolves it; nullopt otherwise — also for codes and
/// names that only ICU's regions know ("EU", "UN"), which an organisation may go by.
std::optional<std::string> iso_country_named(const std::string& text, Index& index);

/// Up to `n` names of organisations and people closest to `text`: each is a name the entity
/// resolves by (an organisation's full name, a person's name).
std::vector<std::string> closest_entities(const std::string& text, Index& index, std::size_t n = 3);

/// \throws UsageError saying that `text` fits every one of `candidates`, each with its kind and
/// label, and what to give instead.
[[noreturn]] void refuse_several_targets(const std::string& text,
                                         const std::vector<DossierTarget>& candidates,
                                         Index& index);

}  // namespace r2p
