// Facet value labels, from ICU names, the index's meeting titles and its alias table.
#include "search/facet_labels.h"

#include <cctype>

#include "core/gazetteer.h"
#include "search/index.h"

namespace r2p {

std::string facet_label(Field field, const std::string& value, Index& index) {
  switch (field) {
    case Field::region:
      return english_name(value);
    case Field::country:
      return english_name(value);
    case Field::meeting: {
      return index.meeting_title(value).value_or(value);
    }
    case Field::organisation: {
      const Organisation* org = index.aliases().organisation(value);
      return org ? org->name : value;
    }
    case Field::year:
      return value == kNoYearValue ? "no year" : value;
    case Field::status:
      return value == "appointed"   ? "Appointed"
             : value == "intention" ? "Intention to appoint"
                                    : value;
    case Field::type: {
      std::string label = value;
      if (!label.empty())
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
      return label;
    }
    default:
      break;
  }
  return value;
}

FacetValue labelled_value(Field field, const std::string& value, std::size_t count, Index& index) {
  FacetValue out{value, facet_label(field, value, index), count, {}};
  if (field == Field::meeting) out.short_label = index.meeting_label(value).value_or("");
  return out;
}

}  // namespace r2p
