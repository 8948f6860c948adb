// r2p-search: command-line options -> a request -> render/print.h; errors become documented exit
// codes.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/version.h"
#include "render/print.h"
#include "search/request.h"
#include "search/searcher.h"
#include "server/web_launch.h"

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
    "unreadable or of another schema version (for --serve: r2p-search-web missing, or the "
    "address in use).";

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

/// Everything the command line sets.
struct Cli {
  r2p::RawOptions options;
  std::string db_path = r2p::default_index_path();
  std::string format = "text";
  std::map<r2p::Field, std::vector<std::string>> filters;
  std::string show_id, dossier_name, matrix_spec, values_field;
  bool serve = false;
  r2p::ServeOptions serve_options;
};

constexpr const char* kFilterFlags[] = {"--type",    "--year",         "--region", "--meeting",
                                        "--country", "--organisation", "--status"};

/// The filter flags; repeating one ORs its values.
void add_filter_options(CLI::App& app, Cli& cli) {
  using r2p::Field;
  struct Flag {
    Field field;
    const char* type_name;
    const char* help;
  };
  const Flag flags[] = {
      {Field::type, "TYPE",
       "Filter by record type: meeting, recommendation, country, document, organisation, person"},
      {Field::year, "YEAR", "Filter by year: 2013, 2011..2013, 2011.., ..2012, or none (no year)"},
      {Field::region, "REGION",
       "Filter by UN M.49 continent or sub-region: Africa, 'Western Europe', 150"},
      {Field::meeting, "MEETING",
       "Filter by meeting: its id (accra-2013) or words naming one (Accra, 2011)"},
      {Field::country, "COUNTRY",
       "Filter by country: DK, DNK, Denmark, Dinamarca, 丹麦 (any UN language)"},
      {Field::organisation, "NAME",
       "Filter by organisation: OSCE, KAIPTC, \"Stanley Foundation\" (name or acronym)"},
      {Field::status, "STATUS", "Filter countries by focal-point status: appointed, intention"},
  };
  for (const Flag& flag : flags)
    app.add_option(std::string("--") + r2p::field_spec(flag.field).name, cli.filters[flag.field],
                   flag.help)
        ->type_name(flag.type_name)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
}

/// Query, index, sorting, paging, facets and output format.
void add_search_options(CLI::App& app, Cli& cli) {
  r2p::RawOptions& options = cli.options;
  app.add_option("query", options.query_words, "Query text (see the query language above)")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  // Described rather than printed: --help is also the man page, made on the build machine.
  app.add_option("--db", cli.db_path,
                 "Index to search; default $R2P_DB, else $XDG_DATA_HOME/r2p-kb/index "
                 "(~/.local/share/r2p-kb/index)")
      ->type_name("DIR");
  add_filter_options(app, cli);
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
  app.add_option(
      "--facets", options.facets,
      "Facets to count, comma-separated: year,region,meeting,type,country,status,organisation "
      "(default all)");
  app.add_flag("--no-facets", options.no_facets, "Do not count facets");
  app.add_option("--facet-limit", options.facet_limit,
                 "Values listed per facet, most frequent first (counts stay exact); 0 = all")
      ->check(count_up_to("--facet-limit", r2p::kMaxOffset, " (0 = all)"))
      ->capture_default_str();
  app.add_option("--format", cli.format, "Output: text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
}

/// The entity pages (--show, --dossier, --matrix) and the web page (--serve, --host, --port).
void add_mode_options(CLI::App& app, Cli& cli) {
  app.add_option("--show", cli.show_id, "Print one record in full, e.g. --show accra-2013")
      ->type_name("ID");
  app.add_option("--dossier", cli.dossier_name,
                 "Country dossier (--dossier Denmark, DK, Dinamarca), meeting page "
                 "(--dossier accra-2013, --dossier Accra), organisation or person dossier "
                 "(--dossier OSCE, --dossier 'Adama Dieng')")
      ->type_name("NAME");
  app.add_option("--matrix", cli.matrix_spec,
                 "Role matrix: country,meeting or country,year; narrowed by --region, --status, "
                 "--year (e.g. --matrix country,meeting --format csv)")
      ->type_name("ROWS,COLUMNS");
  app.add_option("--values", cli.values_field,
                 "Print the values a filter takes in this index, one per line (for shell "
                 "completion): type, year, region, meeting, country, status or organisation")
      ->type_name("FILTER");
  app.add_flag("--serve", cli.serve,
               "Serve the web page and JSON API (/api/search, /api/record/ID, /api/dossier/NAME) "
               "until Ctrl-C");
  app.add_option("--host", cli.serve_options.host,
                 "Address --serve listens on; the default answers this machine only")
      ->capture_default_str();
  app.add_option("--port", cli.serve_options.port, "Port --serve listens on; 0 = any free port")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
}

/// --serve runs the web server in this process's place; any search flag would do nothing.
void check_serve(const CLI::App& app, const Cli& cli) {
  if (!cli.serve) {
    if (app.get_option("--host")->count() > 0 || app.get_option("--port")->count() > 0)
      throw r2p::UsageError("--host and --port go with --serve");
    return;
  }
  std::vector<std::string> flags(std::begin(kFilterFlags), std::end(kFilterFlags));
  for (const char* name : {"--sort", "--limit", "--offset", "--facets", "--facet-limit",
                           "--no-facets", "--format", "--show", "--dossier", "--matrix"})
    flags.push_back(name);
  for (const auto& name : flags)
    if (app.get_option(name)->count() > 0)
      throw r2p::UsageError("--serve takes only --db, --host and --port, not " + name);
  if (!cli.options.query_words.empty())
    throw r2p::UsageError("--serve takes no query words; got '" + cli.options.query_words.front() +
                          "'");
}

/// Whether one entity page was asked for; throws for several, or one with query words.
bool entity_mode(const CLI::App& app, const Cli& cli) {
  require_mode_values(app, cli.show_id, cli.dossier_name, cli.matrix_spec);
  const int modes = !cli.show_id.empty() + !cli.dossier_name.empty() + !cli.matrix_spec.empty();
  if (modes > 1) throw r2p::UsageError("use only one of --show, --dossier and --matrix");
  if (modes == 1 && !cli.options.query_words.empty())
    throw r2p::UsageError("--show, --dossier and --matrix take no query words; got '" +
                          cli.options.query_words.front() + "'");
  return modes == 1;
}

/// Exit status 0 when something was printed, 1 when nothing matched.
int exit_status(bool found) {
  return found ? r2p::kExitOk : r2p::kExitNoResults;
}

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{kDescription};
  Cli cli;
  add_search_options(app, cli);
  add_mode_options(app, cli);
  app.set_version_flag("--version", r2p::version_text("r2p-search"));
  app.footer(kFooter);
  // For options other than filters and query words, the last one given wins.
  for (const char* name : {"--db", "--sort", "--limit", "--offset", "--facets", "--facet-limit",
                           "--format", "--show", "--dossier", "--matrix", "--host", "--port"})
    app.get_option(name)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? r2p::kExitOk : r2p::kExitUsage;
  }
  cli.options.filters = cli.filters;

  check_serve(app, cli);
  if (cli.serve) {
    cli.serve_options.db_path = cli.db_path;
    r2p::exec_web_server(cli.serve_options);
  }
  const bool entity = entity_mode(app, cli);
  if (!cli.values_field.empty()) {
    r2p::Index index(cli.db_path);
    return exit_status(r2p::print_filter_values(cli.values_field, index, std::cout));
  }
  r2p::TextStyle style;
  style.color = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  const r2p::OutputFormat format = r2p::output_format_named(cli.format);
  r2p::Index index(cli.db_path);
  if (!entity)
    return exit_status(
        r2p::print_search(r2p::make_request(cli.options, index), format, style, index, std::cout));
  if (!cli.show_id.empty())
    return exit_status(r2p::print_record(cli.show_id, format, style, index, std::cout));
  if (!cli.dossier_name.empty())
    return exit_status(r2p::print_dossier(cli.dossier_name, format, style, index, std::cout));
  const r2p::MatrixRequest matrix =
      r2p::make_matrix_request(cli.matrix_spec, cli.options.filters, index);
  return exit_status(r2p::print_matrix(matrix, format, style, index, std::cout));
} catch (...) {
  return r2p::report_current_exception("r2p-search");
}
