// What a user names on the command line, in a query or on the page: a country by any name or
// code (a name that fits several countries is refused with the candidates, never guessed), and
// a meeting by its id or by words that identify it ("Accra", "third meeting", "2011"), an
// organisation by its name or acronym.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "search/index.h"

namespace r2p {

/// The alpha-2 code of the country `name` names, or nullopt when it names none.
/// \throws UsageError when it fits several countries ("Congo"), listing them with their codes,
/// those with records in the index first; `what` names the input in the message ("--country").
std::optional<std::string> country_named(const std::string& name, const std::string& what,
                                         Index& index);

/// The ids of the organisations `name` names: by id, full name, an acronym or another spelling
/// from the alias table, in any case; none when it names none. Alias terms ("R2P") are no
/// organisations.
std::vector<std::string> organisations_named(const std::string& name, const AliasTable& aliases);

/// Every name an organisation goes by: id, full name, acronyms, other names.
std::vector<std::string> organisation_names(const Organisation& org);

/// Up to three organisation names (full names and acronyms) closest to `text`: by edit distance
/// to the whole name or to any of its words, so "Stanly" suggests "Stanley Foundation".
std::vector<std::string> closest_organisations(const std::string& text, const AliasTable& aliases);

/// The ids of the meetings `text` names: the one whose id it is, else every meeting whose title,
/// venue, id and year hold all of its words (stemmed: "meetings" finds "meeting").
std::vector<std::string> meetings_named(const std::string& text, Index& index);

/// The id of the one meeting `text` names (meetings_named), or nullopt when it names none.
/// \throws UsageError when it names several, listing them; `what` names the input ("--meeting").
std::optional<std::string> meeting_named(const std::string& text, const std::string& what,
                                         Index& index);

}  // namespace r2p
