// Reading iso-codes' ISO 3166-1 names and their gettext translations.
#include "core/iso_codes.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "core/error.h"

#ifndef R2P_ISO_CODES_JSON
#define R2P_ISO_CODES_JSON "/usr/share/iso-codes/json/iso_3166-1.json"
#endif
#ifndef R2P_LOCALE_DIR
#define R2P_LOCALE_DIR "/usr/share/locale"
#endif

namespace r2p {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// A 32-bit unsigned integer of a catalogue, in its byte order.
std::uint32_t read_u32(std::string_view bytes, std::size_t at, bool big_endian) {
  if (at > bytes.size() || bytes.size() - at < 4)
    throw std::runtime_error("gettext catalogue: truncated at byte " + std::to_string(at));
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const auto byte = static_cast<unsigned char>(bytes[at + (big_endian ? i : 3 - i)]);
    value = (value << 8) | byte;
  }
  return value;
}

// String `index` of the table at `table` (entries of length, offset).
std::string_view mo_string(std::string_view bytes, std::uint32_t table, std::uint32_t index,
                           bool big_endian) {
  const std::size_t entry = std::size_t{table} + std::size_t{index} * 8;
  const std::uint32_t length = read_u32(bytes, entry, big_endian);
  const std::uint32_t offset = read_u32(bytes, entry + 4, big_endian);
  if (offset > bytes.size() || bytes.size() - offset < length)
    throw std::runtime_error("gettext catalogue: string " + std::to_string(index) +
                             " lies outside the file");
  return bytes.substr(offset, length);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Reads iso_3166-1.json as a stream of events, keeping the four names of each object of the
// "3166-1" list: building the whole document as a tree first cost a one-off search a fifth of its
// instructions. Depth 1 is the document's object, 2 the list, 3 an entry.
class Iso3166Reader : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::vector<IsoCountry> countries;
  bool found_list = false;

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool string(string_t& value) override {
    if (depth_ == 3 && in_entry_ && field_) *field_ = std::move(value);
    field_ = nullptr;
    return true;
  }
  bool key(string_t& name) override {
    // A repeated "3166-1" key replaces the list, as it would in a parsed document.
    if (depth_ == 1 && (list_key_ = name == "3166-1")) found_list = false, countries.clear();
    if (depth_ == 3 && in_entry_) field_ = field(name);
    return true;
  }
  bool start_object(std::size_t) override {
    if (++depth_ == 3 && in_list_) entry_ = {}, in_entry_ = true;
    return true;
  }
  bool end_object() override {
    if (depth_-- != 3 || !in_entry_) return true;
    if (entry_.alpha2.size() == 2 && !entry_.name.empty()) countries.push_back(std::move(entry_));
    in_entry_ = false;
    return true;
  }
  bool start_array(std::size_t) override {
    if (++depth_ == 2 && list_key_) in_list_ = found_list = true;
    return true;
  }
  bool end_array() override {
    if (depth_-- == 2) in_list_ = false;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  std::string* field(const std::string& name) {
    if (name == "alpha_2") return &entry_.alpha2;
    if (name == "name") return &entry_.name;
    if (name == "official_name") return &entry_.official_name;
    if (name == "common_name") return &entry_.common_name;
    return nullptr;
  }

  int depth_ = 0;
  bool list_key_ = false;
  bool in_list_ = false;
  bool in_entry_ = false;
  IsoCountry entry_;
  std::string* field_ = nullptr;
};

// The catalogue directory of each UN language other than English.
const std::map<std::string, std::string>& catalogue_languages() {
  static const std::map<std::string, std::string> languages{
      {"ar", "ar"}, {"zh", "zh_CN"}, {"fr", "fr"}, {"ru", "ru"}, {"es", "es"}};
  return languages;
}

std::vector<IsoCountry> load_iso_countries() {
  const std::string path = R2P_ISO_CODES_JSON;
  const std::string json_text = read_file(path);
  if (json_text.empty())
    throw InstallError("cannot read " + path +
                       ": country names come from Debian's iso-codes package; install it "
                       "(apt-get install iso-codes)");
  try {
    return parse_iso_3166(json_text);
  } catch (const std::exception& e) {
    throw InstallError(path + ": " + e.what() + "; reinstall iso-codes");
  }
}

IsoTranslations load_iso_translations() {
  IsoTranslations translations;
  for (const auto& [language, directory] : catalogue_languages()) {
    const std::string path =
        std::string(R2P_LOCALE_DIR) + "/" + directory + "/LC_MESSAGES/iso_3166-1.mo";
    const std::string bytes = read_file(path);
    if (bytes.empty()) continue;
    try {
      translations[language] = parse_mo_catalogue(bytes);
    } catch (const std::exception& e) {
      throw InstallError(path + ": " + e.what() + "; reinstall iso-codes");
    }
  }
  return translations;
}

}  // namespace

std::string display_name(const IsoCountry& country) {
  const std::size_t comma = country.name.find(", ");
  if (comma == std::string::npos) return country.name;
  std::string tail = country.name.substr(comma + 2);
  if (ends_with(tail, " of") || ends_with(tail, " of the")) {
    if (tail.rfind("The ", 0) == 0) tail.erase(0, 4);
    return tail + " " + country.name.substr(0, comma);
  }
  if (!country.common_name.empty()) return country.common_name;
  if (!country.official_name.empty()) return country.official_name;
  return country.name;
}

std::vector<IsoCountry> parse_iso_3166(std::string_view json_text) {
  Iso3166Reader reader;
  if (!nlohmann::json::sax_parse(json_text, &reader) || !reader.found_list)
    throw std::runtime_error("not ISO 3166-1 data (no \"3166-1\" list)");
  if (reader.countries.empty()) throw std::runtime_error("no countries in the \"3166-1\" list");
  return std::move(reader.countries);
}

std::map<std::string, std::string> parse_mo_catalogue(std::string_view bytes) {
  const std::uint32_t magic = read_u32(bytes, 0, false);
  bool big_endian = false;
  if (magic == 0xde120495u)
    big_endian = true;
  else if (magic != 0x950412deu)
    throw std::runtime_error("gettext catalogue: bad magic number");
  const std::uint32_t count = read_u32(bytes, 8, big_endian);
  const std::uint32_t originals = read_u32(bytes, 12, big_endian);
  const std::uint32_t translations = read_u32(bytes, 16, big_endian);
  if (count > bytes.size() / 16)
    throw std::runtime_error("gettext catalogue: more strings than the file can hold");
  std::map<std::string, std::string> catalogue;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::string_view id = mo_string(bytes, originals, i, big_endian);
    const std::string_view text = mo_string(bytes, translations, i, big_endian);
    // The header (empty msgid) and plural or context forms (with NUL or EOT) are not names.
    if (id.empty() || text.empty() || id.find('\0') != std::string_view::npos ||
        id.find('\x04') != std::string_view::npos)
      continue;
    catalogue.emplace(id, text);
  }
  return catalogue;
}

const std::vector<IsoCountry>& iso_countries() {
  static const std::vector<IsoCountry> countries = load_iso_countries();
  return countries;
}

const IsoTranslations& iso_translations() {
  static const IsoTranslations translations = load_iso_translations();
  return translations;
}

}  // namespace r2p
