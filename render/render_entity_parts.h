// Pieces every entity-page renderer shares: text blocks (headings, "Label: value" fields, dated
// roles with their sentences, lists of related records) and JSON fragments (labelled ids, record
// references, timeline entries).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "render/render.h"
#include "search/entities.h"

namespace r2p::entity_parts {

using Json = nlohmann::ordered_json;
/// Lines printed together; blocks are separated by one empty line.
using Block = std::vector<std::string>;

/// Width of the date column of timelines ("2013-06-11").
constexpr std::size_t kDateColumn = 10;

/// A heading: bold when color is on, wrapped like any other text.
Block heading(const std::string& text, const TextStyle& style);

/// "Label: value" after `margin`, with continuation lines indented by two more; nothing when
/// `value` is empty.
void field(const std::string& label, const std::string& value, Block& lines,
           const std::string& margin = "");

/// The sentence in double quotes.
std::string quoted(const std::string& sentence);

/// "Label (id)", or the id alone when it has no other label.
std::string labelled_text(const Labelled& item);
/// labelled_text of each, joined by "; ".
std::string labelled_list(const std::vector<Labelled>& items);

/// "  key  ", the key made terminal-safe and padded to `width` columns: how a line of a
/// two-column list (dates, names, role codes, meeting ids) starts.
std::string key_prefix(const std::string& key, std::size_t width);

/// A two-column list entry: key_prefix, then `text` wrapped with its continuation lines under
/// the text rather than the key.
void key_entry(const std::string& key, std::size_t width, const std::string& text, Block& lines);

/// One dated role: the date column, the role (and meeting), "with" the organisations that share
/// its sentence, the quoted sentence and its source.
void role_entry(const std::string& date, const std::string& label,
                const std::optional<Labelled>& meeting, const std::string& sentence,
                const std::string& source, Block& lines, const std::vector<Labelled>& with = {});

/// A timeline under the heading "Timeline" ("no roles recorded" when empty), then how to open
/// the first meeting's page.
Block timeline_block(const std::vector<TimelineEntry>& timeline, const TextStyle& style);

/// A section of related records, "date · type · title (id)"; nothing when `refs` is empty.
Block record_ref_list(const std::string& title, const std::vector<RecordRef>& refs,
                      const TextStyle& style);

/// The non-empty blocks, separated by empty lines.
void write_blocks(const std::vector<Block>& blocks, std::ostream& out);

/// {"id", "label"}; null for nullopt.
Json labelled_json(const Labelled& item);
Json labelled_json(const std::optional<Labelled>& item);
Json labelled_array(const std::vector<Labelled>& items);
/// The value, or null when empty.
Json string_or_null(const std::string& value);
Json strings(const std::vector<std::string>& values);
/// {"id", "type", "title", "date"}.
Json record_ref_json(const RecordRef& ref);
Json record_refs_json(const std::vector<RecordRef>& refs);
/// {"date", "role", "role_label", "meeting", "sentence", "source"}: a record's role.
Json timeline_json(const std::string& date, const std::string& role,
                   const std::string& role_label_text, const std::optional<Labelled>& meeting,
                   const std::string& sentence, const std::string& source);
/// A dossier's timeline: each entry as timeline_json plus "organisations" (labelled).
Json timeline_entries_json(const std::vector<TimelineEntry>& timeline);

}  // namespace r2p::entity_parts
