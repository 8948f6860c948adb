// r2p-search: options -> request -> results -> renderer; errors become documented exit codes.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>

#include "core/error.h"
#include "core/paths.h"
#include "search/render.h"
#include "search/request.h"
#include "search/searcher.h"

namespace {

const char* kDescription =
    "r2p-search: search the Global Network of R2P Focal Points knowledge base.\n\n"
    "Examples:\n"
    "  r2p-search Accra                          what was discussed at the Accra meeting\n"
    "  r2p-search --country Denmark              every record involving Denmark\n"
    "  r2p-search '\"Adama Dieng\"'                a researcher lookup by name\n"
    "  r2p-search --type country --region Europe --format csv --limit 0\n"
    "  r2p-search 'year:2011..2012 network NOT regional'\n\n"
    "Query language: words (all must match), \"phrases\", AND OR NOT -word, NEAR, prefix*,\n"
    "and fields: title: year:2013 year:2011..2013 region: meeting: country: type: status:";

const char* kFooter =
    "Exit status: 0 hits found; 1 no hits; 2 bad option, value or query; 3 index missing, "
    "unreadable or of another schema version.";

}  // namespace

int main(int argc, char** argv) try {
  CLI::App app{kDescription};
  r2p::RawOptions options;
  std::string db_path = r2p::default_index_path();
  std::string format = "text";
  std::vector<std::string> types, years, regions, meetings, countries, statuses;

  app.add_option("query", options.query_words, "Query text (see the query language above)");
  app.add_option("--db", db_path,
                 "Index to search; default $R2P_DB, else $XDG_DATA_HOME/r2p-kb/index")
      ->capture_default_str();
  app.add_option("--type", types, "Filter by record type: meeting, recommendation, country")
      ->type_name("TYPE");
  app.add_option("--year", years, "Filter by year: 2013, 2011..2013, 2011.. or ..2012")
      ->type_name("YEAR");
  app.add_option("--region", regions,
                 "Filter by UN M.49 continent or sub-region: Africa, 'Western Europe', 150")
      ->type_name("REGION");
  app.add_option("--meeting", meetings, "Filter by meeting id, e.g. accra-2013")
      ->type_name("ID");
  app.add_option("--country", countries,
                 "Filter by country: DK, DNK, Denmark, Dinamarca, 丹麦 (any UN language)")
      ->type_name("COUNTRY");
  app.add_option("--status", statuses, "Filter countries by focal-point status: appointed, intention")
      ->type_name("STATUS");
  app.add_option("--sort", options.sort,
                 "relevance (default with a query), date (oldest first), -date (newest first, "
                 "default without a query)");
  app.add_option("--limit", options.limit, "Hits to show; 0 = all (e.g. --limit 0 --format csv)")
      ->capture_default_str();
  app.add_option("--offset", options.offset, "Hits to skip, for paging (e.g. --offset 10)")
      ->capture_default_str();
  app.add_option("--facets", options.facets,
                 "Facets to count, comma-separated: year,region,meeting,type,country (default all)");
  app.add_flag("--no-facets", options.no_facets, "Do not count facets");
  app.add_option("--format", format, "Output: text, json or csv")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  app.footer(kFooter);
  // Repeating a flag ORs its values, so allow repeats.
  for (auto* option : app.get_options()) option->multi_option_policy(CLI::MultiOptionPolicy::Throw);
  for (const char* name : {"--type", "--year", "--region", "--meeting", "--country", "--status"})
    app.get_option(name)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->allow_extra_args(false);
  for (const char* name : {"--db", "--sort", "--limit", "--offset", "--facets", "--format"})
    app.get_option(name)->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.get_option("query")->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? r2p::kExitOk : r2p::kExitUsage;
  }
  using r2p::Field;
  options.filters = {{Field::type, types},         {Field::year, years},
                     {Field::region, regions},     {Field::meeting, meetings},
                     {Field::country, countries},  {Field::status, statuses}};

  r2p::Index index(db_path);
  const r2p::SearchRequest request = r2p::make_request(options, index);
  const r2p::SearchResults results = r2p::run_search(request, index);

  if (format == "json") {
    r2p::render_json(results, std::cout);
  } else if (format == "csv") {
    r2p::render_csv(results, std::cout);
  } else {
    r2p::TextStyle style;
    style.color = ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
    r2p::render_text(results, style, std::cout);
  }
  return results.total > 0 ? r2p::kExitOk : r2p::kExitNoResults;
} catch (const r2p::Error& e) {
  std::cerr << "r2p-search: " << e.what() << "\n";
  return e.exit_code();
} catch (const Xapian::Error& e) {
  std::cerr << "r2p-search: index error: " << e.get_description() << "\n";
  return r2p::kExitIndex;
} catch (const std::exception& e) {
  std::cerr << "r2p-search: " << e.what() << "\n";
  return r2p::kExitIndex;
}
