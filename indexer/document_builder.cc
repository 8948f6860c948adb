// Document building: what terms, values and data a record becomes in the index.
#include "indexer/document_builder.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "core/text.h"

namespace r2p {

FacetValues facet_values(const Record& record) {
  FacetValues values;
  for (int year : record_years(record)) values[Field::year].push_back(std::to_string(year));
  if (values[Field::year].empty()) values[Field::year] = {kNoYearValue};
  values[Field::region] = record.regions;
  values[Field::meeting] = record.meetings;
  values[Field::type] = {to_string(record.type)};
  values[Field::country] = record.countries;
  values[Field::status] = {record.status};
  values[Field::organisation] = record.organisations;
  for (auto& [field, list] : values) {
    std::vector<std::string> distinct;
    for (const auto& v : list)
      if (!v.empty() && std::find(distinct.begin(), distinct.end(), v) == distinct.end())
        distinct.push_back(v);
    list = std::move(distinct);
  }
  return values;
}

namespace {

/// What else an entity record answers to: a country's name in each UN language, an
/// organisation's acronyms and other spellings, a person's name and position as the page
/// writes them.
std::vector<std::string> entity_names(const Record& record, const Gazetteer& gazetteer) {
  std::vector<std::string> names;
  if (record.type == RecordType::country) {
    if (const Country* country = gazetteer.country(record.country_code))
      for (const auto& [language, name] : country->names) names.push_back(name);
  } else if (record.type == RecordType::organisation) {
    if (const Organisation* org = gazetteer.organisation(record.id)) {
      names = org->acronyms;
      names.insert(names.end(), org->variants.begin(), org->variants.end());
    }
  } else if (record.type == RecordType::person) {
    for (const std::string* text : {&record.name, &record.position})
      if (!text->empty() && *text != record.title) names.push_back(*text);
  }
  return names;
}

}  // namespace

Xapian::TermGenerator make_term_generator() {
  Xapian::TermGenerator generator;
  generator.set_stemmer(folding_stemmer());
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  return generator;
}

Xapian::Document build_document(const Record& record, const Gazetteer& gazetteer,
                                Xapian::TermGenerator& generator, const RecordCodec& codec) {
  return build_document(record, facet_values(record), codec.encode_record(record), gazetteer,
                        generator);
}

Xapian::Document build_document(const Record& record, const FacetValues& facets, std::string data,
                                const Gazetteer& gazetteer, Xapian::TermGenerator& generator) {
  Xapian::Document doc;
  generator.set_document(doc);

  // Free text: the title counts kTitleWeight times and is also indexed under the title prefix;
  // paragraphs are separated by a position gap so phrases and NEAR never span two of them. The
  // title comes last (kDocumentLayout 2): it is what edits change most, and a title of another
  // length then moves no other word's positions, so an update rewrites only its position lists.
  for (const auto& paragraph : record.text) {
    generator.increase_termpos();
    generator.index_text(paragraph);
  }
  for (const auto& name : entity_names(record, gazetteer)) {
    generator.increase_termpos();
    generator.index_text(name);
  }
  generator.increase_termpos();
  generator.index_text(record.title, kTitleWeight);
  generator.increase_termpos();
  generator.index_text(record.title, 1, field_spec(Field::title).prefix);

  doc.add_boolean_term(id_term(record.id));
  doc.add_boolean_term(filter_term(Field::type, to_string(record.type)));
  const std::vector<int> years = record_years(record);
  for (int year : years) doc.add_boolean_term(filter_term(Field::year, std::to_string(year)));
  if (years.empty()) doc.add_boolean_term(filter_term(Field::year, kNoYearValue));
  for (const auto& r : record.regions) doc.add_boolean_term(filter_term(Field::region, r));
  for (const auto& m : record.meetings) doc.add_boolean_term(filter_term(Field::meeting, m));
  for (const auto& c : record.countries) doc.add_boolean_term(filter_term(Field::country, c));
  for (const auto& o : record.organisations)
    doc.add_boolean_term(filter_term(Field::organisation, o));
  for (const auto& t : record.terms) doc.add_boolean_term(filter_term(Field::organisation, t));
  if (!record.status.empty()) doc.add_boolean_term(filter_term(Field::status, record.status));

  char date_key[16];
  std::snprintf(date_key, sizeof date_key, "%08d", record_sort_date(record).sort_key());
  doc.add_value(kSlotDate, date_key + record.id);
  doc.add_value(kSlotId, record.id);
  for (const auto& [field, values] : facets) {
    const Xapian::valueno base = field_spec(field).facet_slot;
    for (std::size_t k = 0; k < values.size(); ++k)
      doc.add_value(base + static_cast<Xapian::valueno>(k),
                    k + 1 < values.size() ? values[k] : values[k] + kLastFacetValueMark);
  }

  doc.add_value(kSlotRecord, std::move(data));
  return doc;
}

void count_words(const Record& record, StringCounter& words) {
  auto count = [&](const std::string& text) {
    // Words over 64 bytes are never terms (TermGenerator skips them), and Xapian refuses
    // spelling entries over 254 bytes.
    for (const auto& word : fold_words(text))
      if (!(word[0] >= '0' && word[0] <= '9') && word.size() <= 64) words.add(word);
  };
  count(record.title);
  for (const auto& paragraph : record.text) count(paragraph);
}

}  // namespace r2p
