// ISO 3166-1 country names from Debian's iso-codes package: the English short, official and
// common names (iso_3166-1.json) and their translations in the other UN languages (the package's
// gettext catalogues, iso_3166-1.mo). The gazetteer adds them beside ICU's CLDR names.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace r2p {

/// One entry of ISO 3166-1 as iso-codes writes it (empty strings where it has no such name).
struct IsoCountry {
  std::string alpha2;         ///< "CD"
  std::string name;           ///< ISO short name: "Congo, The Democratic Republic of the"
  std::string official_name;  ///< "Republic of Trinidad and Tobago"
  std::string common_name;    ///< "South Korea"
};

/// The English name to show for a country: ISO's short name with its inversion undone ("Korea,
/// Republic of" -> "Republic of Korea", "Congo, The Democratic Republic of the" -> "Democratic
/// Republic of the Congo"), the official name for other inverted forms ("Virgin Islands,
/// British" -> "British Virgin Islands"), else the short name as it is.
std::string display_name(const IsoCountry& country);

/// The entries of iso_3166-1.json. \throws std::runtime_error when the text is not that file.
std::vector<IsoCountry> parse_iso_3166(std::string_view json_text);

/// A gettext catalogue (.mo file) as msgid -> msgstr, without its header entry.
/// \throws std::runtime_error when `bytes` is not a well-formed catalogue.
std::map<std::string, std::string> parse_mo_catalogue(std::string_view bytes);

/// Everything read from iso-codes, once per process.
struct IsoNames {
  std::vector<IsoCountry> countries;
  /// UN language ("ar", "zh", "fr", "ru", "es") -> English name -> its translation.
  std::map<std::string, std::map<std::string, std::string>> translations;
  /// Where the data came from, for messages.
  std::string json_path;
};

/// The ISO names installed with iso-codes (paths fixed at configure time). A missing
/// translation catalogue leaves that language out; a missing or unreadable iso_3166-1.json is an
/// InstallError naming the package to install.
const IsoNames& iso_names();

}  // namespace r2p
