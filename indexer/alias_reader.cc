// The alias table: JSON Lines of country names, organisations and terms that extend the
// gazetteer, read before any record.
#include <string>
#include <string_view>

#include "indexer/bounded_read.h"
#include "indexer/corpus_reader.h"
#include "indexer/json_fields.h"

namespace r2p {
namespace {

std::string too_long_alias_file(std::uint64_t bytes) {
  return "the alias table is " + std::to_string(bytes) + " bytes long; it may be at most " +
         std::to_string(kMaxAliasFileBytes) + " bytes (16 MiB): shorten it";
}

/// Parses one line of an alias table (not blank, within kMaxRecordBytes) into `table`.
void parse_alias_line(std::string_view text, const Location& where, AliasTable& table,
                      std::vector<Problem>& problems) {
  const int line = where.line;
  auto value = parse_json(text, where, line - 1, problems);
  if (!value) return;
  if (!value->is_object()) {
    problems.push_back({where, "expected a JSON object (one alias entry)"});
    return;
  }
  ObjectReader r(*value, where, problems);
  const std::string kind = r.string("kind", Need::required);
  if (kind == "country") {
    CountryAlias alias{r.string("name", Need::required), r.string("code", Need::required)};
    r.integer("paragraph", Need::optional);
    r.string("note", Need::optional);
    r.reject_unknown({"kind", "name", "code", "paragraph", "note"});
    if (!alias.name.empty() && !alias.alpha2.empty()) table.countries.push_back(alias);
  } else if (kind == "organisation" || kind == "term") {
    Organisation org;
    org.term = kind == "term";
    org.id = r.string("id", Need::required);
    org.name = r.string("name", Need::required);
    org.acronyms = r.strings("acronyms", Need::optional);
    org.variants = r.strings("variants", Need::optional);
    r.integer("paragraph", Need::optional);
    r.string("note", Need::optional);
    r.reject_unknown({"kind", "id", "name", "acronyms", "variants", "paragraph", "note"});
    if (!org.id.empty() && !valid_id(org.id))
      r.problem("id", "'" + org.id + "' is not a valid id; use lowercase letters, digits, '-'");
    if (r.problem_count() == 0) table.organisations.push_back(org);
  } else if (!kind.empty()) {
    r.problem("kind", "'" + kind + "' is not one of country, organisation, term");
  }
}

}  // namespace

AliasTable parse_aliases(std::string_view content, const std::string& file,
                         std::vector<Problem>& problems) {
  AliasTable table;
  for_each_json_line(content, file, 1, problems, [&](std::string_view text, const Location& where) {
    parse_alias_line(text, where, table, problems);
  });
  return table;
}

AliasTable read_aliases(const std::string& path, std::vector<Problem>& problems) {
  AliasTable table;
  RegularFile file(path);
  if (!file.ok()) {
    problems.push_back({{path, 0, "", ""}, file.problem()});
    return table;
  }
  if (file.size() > kMaxAliasFileBytes) {
    problems.push_back({{path, 0, "", ""}, too_long_alias_file(file.size())});
    return table;
  }
  LineReader lines(file, kMaxRecordBytes);
  std::uint64_t bytes = 0;
  for (std::string text;;) {
    const LineReader::Status status = lines.next(text);
    if (status == LineReader::Status::end) break;
    const Location where{path, lines.line_number(), "", ""};
    if (status == LineReader::Status::too_long) {
      problems.push_back({where, too_long_line_stopped()});
      break;
    }
    // The file may have grown since it was measured.
    if ((bytes += text.size() + 1) > kMaxAliasFileBytes + 1) {
      problems.push_back({{path, 0, "", ""}, too_long_alias_file(bytes)});
      break;
    }
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    parse_alias_line(text, where, table, problems);
  }
  return table;
}

}  // namespace r2p
