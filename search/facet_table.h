// Reading facet tables (core/facet_table.h) from the positional facet slots of local
// databases, and sharing them between the searches of a process.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/facet_table.h"
#include "core/schema.h"

namespace r2p {

/// The facet table of the index version at `version` (its canonical path) if this process has
/// one; tables are shared by every Index, hence every server thread, that opened that version,
/// and dropped when none holds it any more.
std::shared_ptr<const FacetTable> shared_facet_table(const std::string& version);
/// The same, made by `read` when there is none yet (other threads wanting it wait for it).
std::shared_ptr<const FacetTable> shared_facet_table(const std::string& version,
                                                     const std::function<FacetTable()>& read);

/// Reads the facets' positional slots of every document of each of `dbs` (one database, or each
/// shard of a sharded index on its own), `widths` giving each facet's number of slots
/// (label_ranks are left for the caller, who knows the labels). A MatchSpy is given a database's
/// own document ids: over several databases searched as one they do not say which, so a sharded
/// index counts each shard in an Enquire of its own.
FacetTable read_facet_table(const std::vector<Xapian::Database>& dbs,
                            const std::vector<std::pair<Field, Xapian::valueno>>& widths);

}  // namespace r2p
