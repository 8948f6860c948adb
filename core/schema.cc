// The schema table itself.
#include "core/schema.h"

#include <stdexcept>

namespace r2p {

const std::vector<FieldSpec>& schema_fields() {
  // Single capitals follow Omega's conventions (Q id, S title, Y year, N country); the project's
  // own fields use X + capital. Facet slots are kSlotFacetStride apart so each facet has room for
  // as many positional slots as its widest document needs.
  static const std::vector<FieldSpec> fields = {
      {Field::id, "id", "Q", false, false, Xapian::BAD_VALUENO},
      {Field::type, "type", "XT", true, false, 1 * kSlotFacetStride},
      {Field::title, "title", "S", false, true, Xapian::BAD_VALUENO},
      {Field::year, "year", "Y", true, false, 2 * kSlotFacetStride},
      {Field::region, "region", "XR", true, false, 3 * kSlotFacetStride},
      {Field::meeting, "meeting", "XM", true, false, 4 * kSlotFacetStride},
      {Field::country, "country", "N", true, false, 5 * kSlotFacetStride},
      {Field::status, "status", "XS", true, false, 7 * kSlotFacetStride},
      {Field::organisation, "organisation", "XO", true, false, 6 * kSlotFacetStride},
  };
  return fields;
}

const FieldSpec& field_spec(Field field) {
  for (const auto& spec : schema_fields())
    if (spec.field == field) return spec;
  throw std::logic_error("schema: field missing from the table");
}

const std::vector<Field>& facet_fields() {
  static const std::vector<Field> order = {Field::year,        Field::region,  Field::meeting,
                                           Field::type,        Field::country, Field::status,
                                           Field::organisation};
  return order;
}

const FieldSpec* field_spec_by_name(std::string_view name) {
  for (const auto& spec : schema_fields())
    if (name == spec.name) return &spec;
  return nullptr;
}

std::string filter_term(Field field, std::string_view value) {
  std::string term = field_spec(field).prefix;
  if (term.size() > 1 && !value.empty() &&
      ((value[0] >= 'A' && value[0] <= 'Z') || value[0] == ':')) {
    term += ':';
  }
  term += value;
  return term;
}

std::string filter_value(Field field, std::string_view term) {
  const std::string_view prefix = field_spec(field).prefix;
  if (term.size() <= prefix.size() || term.substr(0, prefix.size()) != prefix) return {};
  term.remove_prefix(prefix.size());
  if (prefix.size() > 1 && term[0] == ':') term.remove_prefix(1);
  return std::string(term);
}

std::string id_term(std::string_view record_id) {
  return "Q" + std::string(record_id);
}

}  // namespace r2p
