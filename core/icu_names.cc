// Small ICU helpers the gazetteer's units share (see icu_names.h).
#include "core/icu_names.h"

#include <memory>

#include <unicode/locid.h>
#include <unicode/ures.h>
#include <unicode/utypes.h>

namespace r2p {
namespace {

using BundlePtr = std::unique_ptr<UResourceBundle, decltype(&ures_close)>;

// ICU's supplementalData/territoryContainment: the lists of each container's parts, then tables
// of groupings ("EU", "419": no one's container), of groupings within containers and of deprecated
// codes. Like icu::Region, a later list wins.
RegionTree read_region_tree() {
  RegionTree tree;
  UErrorCode status = U_ZERO_ERROR;
  BundlePtr data(ures_openDirect(nullptr, "supplementalData", &status), &ures_close);
  BundlePtr table(ures_getByKey(data.get(), "territoryContainment", nullptr, &status), &ures_close);
  if (U_FAILURE(status) || !table) return tree;
  while (ures_hasNext(table.get())) {
    UErrorCode entry_status = U_ZERO_ERROR;
    BundlePtr list(ures_getNextResource(table.get(), nullptr, &entry_status), &ures_close);
    if (U_FAILURE(entry_status)) continue;
    const std::string parent = ures_getKey(list.get());
    if (parent == "grouping")
      while (ures_hasNext(list.get())) {
        BundlePtr grouping(ures_getNextResource(list.get(), nullptr, &entry_status), &ures_close);
        if (U_SUCCESS(entry_status)) tree.groupings.insert(ures_getKey(grouping.get()));
      }
    if (ures_getType(list.get()) != URES_ARRAY) continue;
    for (int32_t i = 0; i < ures_getSize(list.get()); ++i) {
      int32_t length = 0;
      UErrorCode child_status = U_ZERO_ERROR;
      const UChar* child = ures_getStringByIndex(list.get(), i, &length, &child_status);
      if (U_SUCCESS(child_status) && child)
        tree.container_of[to_utf8(icu::UnicodeString(child, length))] = parent;
    }
  }
  return tree;
}

}  // namespace

std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string english_region_name(const char* code) {
  icu::UnicodeString out;
  icu::Locale("", code).getDisplayCountry(icu::Locale("en"), out);
  return to_utf8(out);
}

const RegionTree& region_tree() {
  static const RegionTree tree = read_region_tree();
  return tree;
}

std::string RegionTree::container(const std::string& code) const {
  const auto it = container_of.find(code);
  return it == container_of.end() ? std::string() : it->second;
}

ContainingRegions containing_regions(const std::string& code) {
  const RegionTree& tree = region_tree();
  auto up = [&](const std::string& region) { return tree.container(region); };
  ContainingRegions out;
  out.subregion = up(code);
  // The continents are the world's ("001") direct parts; the walk is a few steps at most.
  for (std::string region = code, parent = up(code); !parent.empty();
       region = parent, parent = up(parent))
    if (parent == "001") {
      if (region != code) out.continent = region;
      break;
    }
  if (out.continent.empty()) out.subregion.clear();
  return out;
}

void for_each_region_name(
    const char* language, const char* table_name,
    const std::function<void(const char* code, const std::string& name)>& each) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UResourceBundle, decltype(&ures_close)> bundle(
      ures_open(U_ICUDATA_NAME "-region", language, &status), &ures_close);
  if (U_FAILURE(status) || !bundle) return;
  std::unique_ptr<UResourceBundle, decltype(&ures_close)> table(
      ures_getByKey(bundle.get(), table_name, nullptr, &status), &ures_close);
  if (U_FAILURE(status) || !table) return;
  while (ures_hasNext(table.get())) {
    UErrorCode entry_status = U_ZERO_ERROR;
    const char* code = nullptr;
    int32_t length = 0;
    const UChar* value = ures_getNextString(table.get(), &length, &code, &entry_status);
    if (U_FAILURE(entry_status) || !code || !value) continue;
    each(code, to_utf8(icu::UnicodeString(value, length)));
  }
}

}  // namespace r2p
