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

/// UN language ("ar", "zh", "fr", "ru", "es") -> English name -> its translation.
using IsoTranslations = std::map<std::string, std::map<std::string, std::string>>;

/// The ISO 3166-1 entries installed with iso-codes (path fixed at configure time), read once per
/// process. \throws InstallError naming the package when the file is missing or unreadable.
const std::vector<IsoCountry>& iso_countries();

/// Their translations, read once per process on first use (only the gazetteer needs them, so a
/// search that only shows names never reads the catalogues). A missing catalogue leaves that
/// language out. \throws InstallError when a catalogue is damaged.
const IsoTranslations& iso_translations();

}  // namespace r2p
