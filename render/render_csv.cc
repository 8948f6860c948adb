// CSV renderer: one row per hit, RFC 4180 quoting and CRLF record ends, for spreadsheets.
#include <locale>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.h"
#include "render/render.h"
#include "render/text_layout.h"

namespace r2p {

namespace {

constexpr const char* kHeader[] = {"id",      "type",    "title",     "date",          "year",
                                   "region",  "meeting", "countries", "organisations", "score",
                                   "snippet", "source"};

// Always a '.' decimal point, whatever global locale the program runs under.
std::string format_score(double score) {
  std::ostringstream s;
  s.imbue(std::locale::classic());
  s.setf(std::ios::fixed);
  s.precision(4);
  s << score;
  return s.str();
}

}  // namespace

std::string csv_field(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void write_csv_record(const std::vector<std::string>& fields, std::ostream& out) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << ',';
    out << csv_field(fields[i]);
  }
  out << "\r\n";
}

void write_csv_header(std::ostream& out) {
  write_csv_record(std::vector<std::string>(std::begin(kHeader), std::end(kHeader)), out);
}

void render_csv(const SearchResults& results, std::ostream& out) {
  write_csv_header(out);
  render_csv_rows(results, out);
}

void render_csv_rows(const SearchResults& results, std::ostream& out) {
  for (const auto& hit : results.hits) {
    write_csv_record(
        {hit.id, hit.type, hit.title, hit.date.value_or(""),
         hit.year ? std::to_string(*hit.year) : std::string(), join(hit.regions, "; "),
         join(hit.meetings, "; "), join(hit.countries, "; "), join(hit.organisations, "; "),
         format_score(hit.score), snippet_plain_text(hit.snippet), hit.source},
        out);
  }
}

}  // namespace r2p
