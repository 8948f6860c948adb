// r2p-search: options -> request -> results -> renderer; errors become documented exit codes.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/paths.h"
#include "core/text.h"
#include "search/entities.h"
#include "search/entity_dossier.h"
#include "search/render.h"
#include "search/render_entities.h"
#include "search/render_entity_dossier.h"
#include "search/request.h"
#include "search/searcher.h"
#include "search/web_launch.h"

namespace {

const char* kDescription =
    "r2p-search: search the Global Network of R2P Focal Points knowledge base.\n\n"
    "Examples:\n"
    "  r2p-search Accra                          what was discussed at the Accra meeting\n"
    "  r2p-search --country Denmark              every record involving Denmark\n"
    "  r2p-search '\"Adama Dieng\"'                a researcher lookup by name\n"
    "  r2p-search --organisation OSCE            every record involving the OSCE\n"
    "  r2p-search --type country --region Europe --format csv --limit 0\n"
    "  r2p-search 'year:2011..2012 network NOT regional'\n"
    "  r2p-search --serve                        the web page at http://127.0.0.1:8080/\n\n"
    "Query language: words (all must match), \"phrases\", AND OR NOT -word, NEAR, prefix*,\n"
    "and fields: title: year:2013 year:2011..2013 region: meeting: country: organisation: type:\n"
    "status:";

const char* kFooter =
    "Exit status: 0 hits found; 1 no hits; 2 bad option, value or query; 3 index missing, "
    "unreadable or of another schema version (or r2p-search-web, for --serve, missing).";

void print_json(const nlohmann::ordered_json& json) {
  std::cout << json.dump(2) << "\n";
}

/// --show, --dossier and --matrix: one entity page instead of a hit list.
int run_entity_mode(const std::string& show_id, const std::string& dossier_name,
                    const std::string& matrix_spec, const r2p::RawOptions& options,
                    const std::string& format, const r2p::TextStyle& style, r2p::Index& index) {
  if (!show_id.empty()) {
    if (format == "csv") throw r2p::UsageError("--show prints text or json, not csv");
    const r2p::RecordPage page = r2p::record_page(show_id, index);
    if (format == "json")
      print_json(r2p::record_json(page));
    else
      r2p::render_record_text(page, style, std::cout);
    return r2p::kExitOk;
  }
  if (!dossier_name.empty()) {
    if (format == "csv") throw r2p::UsageError("--dossier prints text or json, not csv");
    const r2p::DossierTarget target = r2p::resolve_dossier_target(dossier_name, index);
    if (target.kind == r2p::DossierTarget::Kind::organisation ||
        target.kind == r2p::DossierTarget::Kind::person) {
      const r2p::EntityDossier dossier = target.kind == r2p::DossierTarget::Kind::person
                                             ? r2p::person_dossier(target.id, index)
                                             : r2p::organisation_dossier(target.id, index);
      if (format == "json")
        print_json(r2p::entity_dossier_json(dossier));
      else
        r2p::render_entity_dossier_text(dossier, style, std::cout);
      const bool found = !dossier.record_id.empty() || !dossier.mentioned_in.empty();
      return found ? r2p::kExitOk : r2p::kExitNoResults;
    }
    if (target.kind == r2p::DossierTarget::Kind::meeting) {
      const r2p::MeetingPage page = r2p::meeting_page(target.id, index);
      if (format == "json")
        print_json(r2p::meeting_json(page));
      else
        r2p::render_meeting_text(page, style, std::cout);
      return r2p::kExitOk;
    }
    const r2p::CountryDossier dossier = r2p::country_dossier(target.id, index);
    if (format == "json")
      print_json(r2p::dossier_json(dossier));
    else
      r2p::render_dossier_text(dossier, style, std::cout);
    const bool found = !dossier.record_id.empty() || !dossier.mentioned_in.empty();
    return found ? r2p::kExitOk : r2p::kExitNoResults;
  }
  r2p::MatrixRequest request;
  const std::string spec = r2p::fold(matrix_spec);
  if (spec == "country,meeting") {
    request.columns = r2p::MatrixColumns::meeting;
  } else if (spec == "country,year") {
    request.columns = r2p::MatrixColumns::year;
  } else {
    throw r2p::UsageError("unknown --matrix '" + matrix_spec +
                          "'; use country,meeting or country,year");
  }
  for (const auto& [field, values] : options.filters) {
    if (values.empty()) continue;
    if (field != r2p::Field::region && field != r2p::Field::status && field != r2p::Field::year)
      throw r2p::UsageError(std::string("--") + r2p::field_spec(field).name +
                            " does not apply to --matrix; use --region, --status or --year");
    for (const auto& value : values)
      for (const auto& term : r2p::resolve_filter(field, value, index)) {
        const std::string prefix = r2p::field_spec(field).prefix;
        std::string bare = term.substr(prefix.size());
        if (!bare.empty() && bare[0] == ':') bare.erase(0, 1);
        if (field == r2p::Field::region)
          request.regions.push_back(bare);
        else if (field == r2p::Field::status)
          request.statuses.push_back(bare);
        else {
          if (!request.years) request.years.emplace();
          request.years->push_back(std::stoi(bare));
        }
      }
    // A year range no record falls in leaves no columns rather than all of them.
    if (field == r2p::Field::year && !request.years) request.years.emplace();
  }
  const r2p::Matrix matrix = r2p::role_matrix(request, index);
  if (format == "csv")
    r2p::render_matrix_csv(matrix, std::cout);
  else if (format == "json")
    print_json(r2p::matrix_json(matrix));
  else
    r2p::render_matrix_text(matrix, style, std::cout);
  return matrix.rows.empty() || matrix.columns.empty() ? r2p::kExitNoResults : r2p::kExitOk;
}

/// A count option from 0 to `max`: CLI11 would wrap "-3" around to 2^64-3 and saturate
/// 99999999999999999999 to 2^64-1, so the value is checked, and quoted, as typed.
CLI::Validator count_up_to(const std::string& flag, std::uint64_t max, const std::string& advice) {
  return CLI::Validator(
      [flag, max, advice](std::string& text) -> std::string {
        const bool digits =
            !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits) return "'" + text + "' is not a count; use a whole number, 0 or more";
        const std::size_t first = std::min(text.find_first_not_of('0'), text.size() - 1);
        const std::string bare = text.substr(first);
        const std::string top = std::to_string(max);
        if (bare.size() < top.size() || (bare.size() == top.size() && bare <= top)) return "";
        return text + " is out of range; use a whole number from 0 to " + top + advice;
      },
      "");
}

/// --show, --dossier and --matrix given an empty value would be ignored and list every record.
void require_mode_values(const CLI::App& app, const std::string& show_id,
                         const std::string& dossier_name, const std::string& matrix_spec) {
  const auto blank = [](const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
  };
  if (app.get_option("--show")->count() > 0 && blank(show_id))
    throw r2p::UsageError("--show needs a record id, e.g. --show accra-2013");
  if (app.get_option("--dossier")->count() > 0 && blank(dossier_name))
    throw r2p::UsageError(
        "--dossier needs a country, meeting, organisation or person, e.g. --dossier Denmark, "
        "--dossier accra-2013 or --dossier OSCE");
  if (app.get_option("--matrix")->count() > 0 && blank(matrix_spec))
    throw r2p::UsageError("--matrix needs country,meeting or country,year");
}

/// `--format csv --limit 0`: every hit, one library page (kMaxHitsPerSearch) at a time, so memory
/// stays bounded however many records match. Returns the number of matching records.
std::size_t export_csv(r2p::SearchRequest request, r2p::Index& index) {
  request.limit = r2p::kMaxHitsPerSearch;
  request.facets.clear();  // CSV has no facets
  r2p::write_csv_header(std::cout);
  for (;;) {
    const r2p::SearchResults page = r2p::run_search(request, index);
    r2p::render_csv_rows(page, std::cout);
    request.offset += page.hits.size();
    if (page.hits.size() < request.limit || request.offset >= page.total) return page.total;
  }
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{kDescription};
  r2p::RawOptions options;
  std::string db_path = r2p::default_index_path();
  std::string format = "text";
  std::vector<std::string> types, years, regions, meetings, countries, organisations, statuses;

  app.add_option("query", options.query_words, "Query text (see the query language above)");
  app.add_option("--db", db_path,
                 "Index to search; default $R2P_DB, else $XDG_DATA_HOME/r2p-kb/index")
      ->capture_default_str();
  app.add_option("--type", types,
                 "Filter by record type: meeting, recommendation, country, document, "
                 "organisation, person")
      ->type_name("TYPE");
  app.add_option("--year", years, "Filter by year: 2013, 2011..2013, 2011.. or ..2012")
      ->type_name("YEAR");
  app.add_option("--region", regions,
                 "Filter by UN M.49 continent or sub-region: Africa, 'Western Europe', 150")
      ->type_name("REGION");
  app.add_option("--meeting", meetings, "Filter by meeting id, e.g. accra-2013")->type_name("ID");
  app.add_option("--country", countries,
                 "Filter by country: DK, DNK, Denmark, Dinamarca, 丹麦 (any UN language)")
      ->type_name("COUNTRY");
  app.add_option("--organisation", organisations,
                 "Filter by organisation: OSCE, KAIPTC, \"Stanley Foundation\" (name or acronym)")
      ->type_name("NAME");
  app.add_option("--status", statuses,
                 "Filter countries by focal-point status: appointed, intention")
      ->type_name("STATUS");
  app.add_option("--sort", options.sort,
                 "relevance (default with a query), date (oldest first), -date (newest first, "
                 "default without a query)");
  app.add_option("--limit", options.limit, "Hits to show; 0 = all (e.g. --limit 0 --format csv)")
      ->check(
          count_up_to("--limit", r2p::kMaxLimit, " (0 = every hit; page with --offset for more)"))
      ->capture_default_str();
  app.add_option("--offset", options.offset, "Hits to skip, for paging (e.g. --offset 10)")
      ->check(count_up_to("--offset", r2p::kMaxOffset, ""))
      ->capture_default_str();
  app.add_option("--facets", options.facets,
                 "Facets to count, comma-separated: year,region,meeting,type,country,organisation "
                 "(default all)");
  app.add_flag("--no-facets", options.no_facets, "Do not count facets");
  app.add_option("--facet-limit", options.facet_limit,
                 "Values listed per facet, most frequent first (counts stay exact); 0 = all")
      ->check(count_up_to("--facet-limit", r2p::kMaxOffset, " (0 = all)"))
      ->capture_default_str();
  std::string show_id, dossier_name, matrix_spec;
  app.add_option("--show", show_id, "Print one record in full, e.g. --show accra-2013")
      ->type_name("ID");
  app.add_option("--dossier", dossier_name,
                 "Country dossier (--dossier Denmark, DK, Dinamarca), meeting page "
                 "(--dossier accra-2013, --dossier Accra), organisation or person dossier "
                 "(--dossier OSCE, --dossier 'Adama Dieng')")
      ->type_name("NAME");
  app.add_option("--matrix", matrix_spec,
                 "Role matrix: country,meeting or country,year; narrowed by --region, --status, "
                 "--year (e.g. --matrix country,meeting --format csv)")
      ->type_name("ROWS,COLUMNS");
  app.add_option("--format", format, "Output: text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  bool serve = false;
  r2p::ServeOptions serve_options;
  app.add_flag("--serve", serve,
               "Serve the web page and JSON API (/api/search, /api/record/ID, /api/dossier/NAME) "
               "until Ctrl-C");
  app.add_option("--host", serve_options.host,
                 "Address --serve listens on; the default answers this machine only")
      ->capture_default_str();
  app.add_option("--port", serve_options.port, "Port --serve listens on; 0 = any free port")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.footer(kFooter);
  // Repeating a filter flag ORs its values; for the other options the last one given wins.
  for (const char* name :
       {"--type", "--year", "--region", "--meeting", "--country", "--organisation", "--status"})
    app.get_option(name)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
  for (const char* name : {"--db", "--sort", "--limit", "--offset", "--facets", "--facet-limit",
                           "--format", "--show", "--dossier", "--matrix", "--host", "--port"})
    app.get_option(name)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.get_option("query")->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? r2p::kExitOk : r2p::kExitUsage;
  }
  using r2p::Field;
  options.filters = {{Field::type, types},        {Field::year, years},
                     {Field::region, regions},    {Field::meeting, meetings},
                     {Field::country, countries}, {Field::organisation, organisations},
                     {Field::status, statuses}};

  if (serve) {
    // The page asks for everything else itself; a flag here would silently do nothing.
    for (const char* name :
         {"--type", "--year", "--region", "--meeting", "--country", "--organisation", "--status",
          "--sort", "--limit", "--offset", "--facets", "--facet-limit", "--no-facets", "--format",
          "--show", "--dossier", "--matrix"})
      if (app.get_option(name)->count() > 0)
        throw r2p::UsageError(std::string("--serve takes only --db, --host and --port, not ") +
                              name);
    if (!options.query_words.empty())
      throw r2p::UsageError("--serve takes no query words; got '" + options.query_words.front() +
                            "'");
    serve_options.db_path = db_path;
    r2p::exec_web_server(serve_options);
  }
  if (app.get_option("--host")->count() > 0 || app.get_option("--port")->count() > 0)
    throw r2p::UsageError("--host and --port go with --serve");

  require_mode_values(app, show_id, dossier_name, matrix_spec);
  const int modes = !show_id.empty() + !dossier_name.empty() + !matrix_spec.empty();
  if (modes > 1) throw r2p::UsageError("use only one of --show, --dossier and --matrix");
  if (modes == 1 && !options.query_words.empty())
    throw r2p::UsageError("--show, --dossier and --matrix take no query words; got '" +
                          options.query_words.front() + "'");
  r2p::TextStyle style;
  style.color = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;

  r2p::Index index(db_path);
  if (modes == 1)
    return run_entity_mode(show_id, dossier_name, matrix_spec, options, format, style, index);

  const r2p::SearchRequest request = r2p::make_request(options, index);
  if (format == "csv" && request.limit == 0)
    return export_csv(request, index) > 0 ? r2p::kExitOk : r2p::kExitNoResults;
  const r2p::SearchResults results = r2p::run_search(request, index);

  if (format == "json") {
    r2p::render_json(results, std::cout);
  } else if (format == "csv") {
    r2p::render_csv(results, std::cout);
  } else {
    r2p::render_text(results, style, std::cout);
  }
  return results.total > 0 ? r2p::kExitOk : r2p::kExitNoResults;
} catch (...) {
  return r2p::report_current_exception("r2p-search");
}
