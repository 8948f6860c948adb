#include "render/print.h"

#include <algorithm>

#include "core/error.h"
#include "render/render_entities.h"
#include "render/render_entity_dossier.h"
#include "search/entity_dossier.h"
#include "search/searcher.h"

namespace r2p {
namespace {

void print_json(const nlohmann::ordered_json& json, std::ostream& out) {
  out << json.dump(2) << "\n";
}

/// `page` as JSON or text, by its two renderers.
template <typename Page>
void print_page(const Page& page, OutputFormat format, const TextStyle& style, std::ostream& out,
                nlohmann::ordered_json (*to_json)(const Page&),
                void (*to_text)(const Page&, const TextStyle&, std::ostream&)) {
  if (format == OutputFormat::json)
    print_json(to_json(page), out);
  else
    to_text(page, style, out);
}

bool print_csv_export(SearchRequest request, Index& index, std::ostream& out) {
  request.limit = kMaxHitsPerSearch;
  request.facets.clear();  // CSV has no facets
  write_csv_header(out);
  for (;;) {
    const SearchResults page = run_search(request, index);
    render_csv_rows(page, out);
    request.offset += page.hits.size();
    if (page.hits.size() < request.limit || request.offset >= page.total) return page.total > 0;
  }
}

/// Whether a dossier found the entity's record or any record that mentions it.
template <typename Dossier>
bool found(const Dossier& dossier) {
  return !dossier.record_id.empty() || !dossier.mentioned_in.empty();
}

bool print_entity_dossier(const DossierTarget& target, OutputFormat format, const TextStyle& style,
                          Index& index, std::ostream& out) {
  const EntityDossier dossier = target.kind == DossierTarget::Kind::person
                                    ? person_dossier(target.id, index)
                                    : organisation_dossier(target.id, index);
  print_page(dossier, format, style, out, entity_dossier_json, render_entity_dossier_text);
  return found(dossier);
}

}  // namespace

OutputFormat output_format_named(const std::string& name) {
  if (name == "json") return OutputFormat::json;
  if (name == "csv") return OutputFormat::csv;
  return OutputFormat::text;
}

bool print_search(const SearchRequest& request, OutputFormat format, const TextStyle& style,
                  Index& index, std::ostream& out) {
  if (format == OutputFormat::csv && request.limit == 0)
    return print_csv_export(request, index, out);
  const SearchResults results = run_search(request, index);
  if (format == OutputFormat::json)
    render_json(results, out);
  else if (format == OutputFormat::csv)
    render_csv(results, out);
  else
    render_text(results, style, out);
  return results.total > 0;
}

bool print_filter_values(const std::string& field_name, Index& index, std::ostream& out) {
  const FieldSpec* spec = field_spec_by_name(field_name);
  const auto& facets = facet_fields();
  if (!spec || std::find(facets.begin(), facets.end(), spec->field) == facets.end()) {
    std::string names;
    for (Field field : facets)
      names += (names.empty() ? "" : ", ") + std::string(field_spec(field).name);
    throw UsageError("--values takes a filter name: " + names + "; got '" + field_name + "'");
  }
  RawOptions raw;
  raw.facets = spec->name;
  raw.facet_limit = 0;
  raw.limit = 1;
  const SearchResults results = run_search(make_request(raw, index), index);
  std::size_t printed = 0;
  for (const auto& facet : results.facets)
    for (const auto& value : facet.values) {
      // Regions filter by name as well as by code, and their names are what people type.
      out << (facet.field == Field::region ? value.label : value.value) << '\n';
      ++printed;
    }
  return printed > 0;
}

bool print_record(const std::string& id, OutputFormat format, const TextStyle& style, Index& index,
                  std::ostream& out) {
  if (format == OutputFormat::csv) throw UsageError("--show prints text or json, not csv");
  print_page(record_page(id, index), format, style, out, record_json, render_record_text);
  return true;
}

bool print_dossier(const std::string& name, OutputFormat format, const TextStyle& style,
                   Index& index, std::ostream& out) {
  if (format == OutputFormat::csv) throw UsageError("--dossier prints text or json, not csv");
  const DossierTarget target = resolve_dossier_target(name, index);
  switch (target.kind) {
    case DossierTarget::Kind::organisation:
    case DossierTarget::Kind::person:
      return print_entity_dossier(target, format, style, index, out);
    case DossierTarget::Kind::meeting:
      print_page(meeting_page(target.id, index), format, style, out, meeting_json,
                 render_meeting_text);
      return true;
    case DossierTarget::Kind::country:
      break;
  }
  const CountryDossier dossier = country_dossier(target.id, index);
  print_page(dossier, format, style, out, dossier_json, render_dossier_text);
  return found(dossier);
}

bool print_matrix(const MatrixRequest& request, OutputFormat format, const TextStyle& style,
                  Index& index, std::ostream& out) {
  const Matrix matrix = role_matrix(request, index);
  if (format == OutputFormat::csv)
    render_matrix_csv(matrix, out);
  else if (format == OutputFormat::json)
    print_json(matrix_json(matrix), out);
  else
    render_matrix_text(matrix, style, out);
  return !matrix.rows.empty() && !matrix.columns.empty();
}

}  // namespace r2p
