// The role matrix renderers (--matrix): CSV, an aligned text table in panels, and JSON.
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "core/text.h"
#include "render/render_entities.h"
#include "render/render_entity_parts.h"
#include "render/text_layout.h"

namespace r2p {

namespace {

using namespace entity_parts;

using namespace layout;

constexpr std::size_t kMaxRowLabelWidth = 28;
constexpr const char* kEmptyCell = "\u00B7";  // "·"

/// The roles in row `r`, column `c` of the matrix; none when it has no such cell.
std::vector<std::string> cell_roles(const Matrix& matrix, std::size_t r, std::size_t c) {
  if (r < matrix.cells.size() && c < matrix.cells[r].size()) return matrix.cells[r][c];
  return {};
}

// ---- Matrix codes. ----

struct RoleCode {
  const char* role;
  const char* code;
};
// Upper case for what a country did, lower case for merely being tied ("mentioned").
constexpr RoleCode kRoleCodes[] = {
    {"launched-initiative", "L"},
    {"facilitating-group", "F"},
    {"recommendations-input", "R"},
    {"noteworthy-intervention", "I"},
    {"co-host", "H"},
    {"announced-appointment", "A"},
    {"announced-intention", "N"},
    {"mentioned", "m"},
};

std::string cell_text(const std::vector<std::string>& roles) {
  if (roles.empty()) return kEmptyCell;
  std::vector<std::string> codes;
  for (const auto& role : roles) codes.push_back(terminal_safe(matrix_role_code(role)));
  return join(codes, ",");
}

/// Every role the legend explains: the corpus's roles, "mentioned", and any other role a cell
/// holds (so an unexpected role is still explained).
std::vector<std::string> legend_roles(const Matrix& matrix) {
  std::vector<std::string> roles = involvement_roles();
  roles.push_back("mentioned");
  for (const auto& row : matrix.cells)
    for (const auto& cell : row)
      for (const auto& role : cell)
        if (std::find(roles.begin(), roles.end(), role) == roles.end()) roles.push_back(role);
  return roles;
}

/// A column header as one or two lines: "ljubljana-2013" becomes "ljubljana" over "2013" when
/// the table is too wide for one-line headers.
std::vector<std::string> header_lines(const std::string& id, bool split) {
  const std::size_t dash = id.rfind('-');
  if (!split || dash == std::string::npos || dash == 0 || dash + 1 == id.size()) return {id};
  return {id.substr(0, dash), id.substr(dash + 1)};
}

Block matrix_panel(const Matrix& matrix, const std::vector<std::string>& row_labels,
                   std::size_t label_width, std::size_t code_width,
                   const std::vector<std::vector<std::string>>& headers,
                   const std::vector<std::size_t>& widths, std::size_t first, std::size_t last) {
  std::size_t header_height = 1;
  for (std::size_t c = first; c < last; ++c)
    header_height = std::max(header_height, headers[c].size());
  Block lines;
  for (std::size_t h = 0; h < header_height; ++h) {
    const bool bottom = h + 1 == header_height;
    std::string line = pad_to(bottom ? "country" : "", label_width) + "  " +
                       pad_to(bottom ? "code" : "", code_width);
    for (std::size_t c = first; c < last; ++c) {
      // Headers sit on the bottom line(s), so a one-line header lines up with the last line.
      const std::size_t skip = header_height - headers[c].size();
      const std::string text = h >= skip ? headers[c][h - skip] : "";
      line += "  " + pad_to(text, widths[c]);
    }
    lines.push_back(trim_right(line));
  }
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    std::string line = pad_to(row_labels[r], label_width) + "  " +
                       pad_to(terminal_safe(matrix.rows[r].id), code_width);
    for (std::size_t c = first; c < last; ++c) {
      line += "  " + pad_to(cell_text(cell_roles(matrix, r, c)), widths[c]);
    }
    lines.push_back(trim_right(line));
  }
  return lines;
}

}  // namespace

// ---- Matrix. ----

std::string matrix_role_code(const std::string& role) {
  for (const auto& entry : kRoleCodes)
    if (role == entry.role) return entry.code;
  return role;
}

void render_matrix_csv(const Matrix& matrix, std::ostream& out) {
  std::vector<std::string> header = {matrix.row_kind.empty() ? "country" : matrix.row_kind, "code"};
  for (const auto& column : matrix.columns) header.push_back(column.id);
  write_csv_record(header, out);
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    std::vector<std::string> fields = {matrix.rows[r].label, matrix.rows[r].id};
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      std::vector<std::string> labels;
      for (const auto& role : cell_roles(matrix, r, c)) labels.push_back(role_label(role));
      fields.push_back(join(labels, "; "));
    }
    write_csv_record(fields, out);
  }
}

namespace {

/// What each role code in the cells stands for.
Block matrix_legend(const Matrix& matrix, const TextStyle& style) {
  Block legend = heading("Legend", style);
  const std::vector<std::string> roles = legend_roles(matrix);
  std::size_t code_column = display_width(kEmptyCell);
  for (const auto& role : roles)
    code_column = std::max(code_column, display_width(terminal_safe(matrix_role_code(role))));
  for (const auto& role : roles)
    key_entry(matrix_role_code(role), code_column, role_label(role), legend);
  legend.push_back(key_prefix(kEmptyCell, code_column) + "not tied");
  return legend;
}

/// The meeting ids of the columns with their titles, and how to open a meeting page.
Block meeting_key(const Matrix& matrix, const TextStyle& style) {
  Block key = heading("Meetings", style);
  std::size_t id_width = 0;
  for (const auto& column : matrix.columns)
    id_width = std::max(id_width, display_width(terminal_safe(column.id)));
  for (const auto& column : matrix.columns) {
    if (column.label.empty() || column.label == column.id)
      key.push_back(trim_right(key_prefix(column.id, id_width)));
    else
      key_entry(column.id, id_width, column.label, key);
  }
  key.push_back("  meeting page: r2p-search --dossier " + terminal_safe(matrix.columns.front().id));
  return key;
}

}  // namespace

void render_matrix_text(const Matrix& matrix, const TextStyle& style, std::ostream& out) {
  const bool by_meeting = matrix.column_kind == "meeting";
  const std::string column_noun = matrix.column_kind.empty() ? "column" : matrix.column_kind;
  std::vector<Block> blocks;
  Block head = heading("Roles by country and " + column_noun, style);
  const std::size_t rows = matrix.rows.size(), columns = matrix.columns.size();
  head.push_back(std::to_string(rows) + (rows == 1 ? " country" : " countries") + " \u00D7 " +
                 std::to_string(columns) + " " + column_noun + (columns == 1 ? "" : "s"));
  if (matrix.rows.empty()) {
    head.push_back("No countries match.");
    blocks.push_back(std::move(head));
    write_blocks(blocks, out);
    return;
  }
  blocks.push_back(std::move(head));

  std::vector<std::string> row_labels;
  std::size_t label_width = display_width("country");
  std::size_t code_width = display_width("code");
  for (const auto& row : matrix.rows) {
    row_labels.push_back(truncate_to_width(terminal_safe(row.label), kMaxRowLabelWidth));
    label_width = std::max(label_width, display_width(row_labels.back()));
    code_width = std::max(code_width, display_width(terminal_safe(row.id)));
  }
  std::vector<std::size_t> cell_widths(matrix.columns.size(), 1);
  for (const auto& row : matrix.cells)
    for (std::size_t c = 0; c < row.size() && c < cell_widths.size(); ++c)
      cell_widths[c] = std::max(cell_widths[c], display_width(cell_text(row[c])));

  const std::size_t fixed = label_width + 2 + code_width;
  auto layout = [&](bool split, std::vector<std::vector<std::string>>& headers,
                    std::vector<std::size_t>& widths) {
    headers.clear();
    widths.clear();
    std::size_t total = fixed;
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      headers.push_back(header_lines(terminal_safe(matrix.columns[c].id), split));
      std::size_t width = cell_widths[c];
      for (const auto& line : headers.back()) width = std::max(width, display_width(line));
      widths.push_back(width);
      total += 2 + width;
    }
    return total;
  };
  std::vector<std::vector<std::string>> headers;
  std::vector<std::size_t> widths;
  if (layout(false, headers, widths) > kWrapColumns) layout(true, headers, widths);

  // Panels of as many columns as fit, each repeating the country and code columns.
  std::size_t first = 0;
  do {
    std::size_t last = first;
    std::size_t total = fixed;
    while (last < widths.size() && (last == first || total + 2 + widths[last] <= kWrapColumns))
      total += 2 + widths[last++];
    blocks.push_back(
        matrix_panel(matrix, row_labels, label_width, code_width, headers, widths, first, last));
    first = last;
  } while (first < widths.size());

  blocks.push_back(matrix_legend(matrix, style));
  if (by_meeting && !matrix.columns.empty()) blocks.push_back(meeting_key(matrix, style));
  write_blocks(blocks, out);
}

nlohmann::ordered_json matrix_json(const Matrix& matrix) {
  Json j = Json::object();
  j["row_kind"] = matrix.row_kind;
  j["column_kind"] = matrix.column_kind;
  j["rows"] = labelled_array(matrix.rows);
  j["columns"] = labelled_array(matrix.columns);
  for (std::size_t c = 0; c < matrix.column_short_labels.size() && c < j["columns"].size(); ++c)
    j["columns"][c]["short_label"] = matrix.column_short_labels[c];
  Json cells = Json::array();
  for (std::size_t r = 0; r < matrix.rows.size(); ++r) {
    Json row = Json::array();
    for (std::size_t c = 0; c < matrix.columns.size(); ++c) {
      row.push_back(strings(cell_roles(matrix, r, c)));
    }
    cells.push_back(std::move(row));
  }
  j["cells"] = std::move(cells);
  // What each role means, with the code the text and CSV forms print for it.
  Json legend = Json::array();
  for (const auto& role : legend_roles(matrix)) {
    Json entry = Json::object();
    entry["role"] = role;
    entry["code"] = matrix_role_code(role);
    entry["label"] = role_label(role);
    legend.push_back(std::move(entry));
  }
  j["legend"] = std::move(legend);
  return j;
}

}  // namespace r2p
