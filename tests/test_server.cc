// The web server (--serve): request parsing, every API route against the library and the real
// CLI's output byte for byte, disjunctive facets, errors and limits, safety headers, concurrent
// requests and an index swapped while serving — in process, over a real socket on loopback.
#include <catch2/catch.hpp>

#include <stdio.h>
#include <stdlib.h>

#include <atomic>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/schema.h"
#include "indexer/corpus_reader.h"
#include "indexer/index_writer.h"
#include "render/render.h"
#include "render/render_entities.h"
#include "search/entities.h"
#include "search/index.h"
#include "search/query_builder.h"
#include "search/request.h"
#include "search/searcher.h"
#include "server/server.h"
#include "tests/support/http_client.h"
#include "tests/support/indexed_corpus.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_checks.h"

namespace {

namespace fs = std::filesystem;
using r2p::Field;
using r2p::QueryParams;

using r2p::test::check_lacks;
using r2p::test::TempDir;

/// A server on a free port (whatever `options` says), listening on its own thread until it is
/// destroyed.
struct RunningServer {
  std::unique_ptr<r2p::WebServer> server;
  std::thread thread;
  int port = 0;

  explicit RunningServer(r2p::ServeOptions options) {
    options.port = 0;
    server = std::make_unique<r2p::WebServer>(options);
    port = server->bind();
    thread = std::thread([this] { server->listen(); });
  }
  ~RunningServer() {
    server->stop();
    thread.join();
  }
};

r2p::ServeOptions bundled_index_options() {
  r2p::ServeOptions options;
  options.db_path = r2p::test::bundled_index_path();
  return options;
}

/// A server over the bundled corpus's index (tests/support/indexed_corpus.h).
struct ServerFixture {
  std::string db = r2p::test::bundled_index_path();
  RunningServer running{bundled_index_options()};
  int port = running.port;
};

ServerFixture& fixture() {
  static ServerFixture instance;
  return instance;
}

r2p::Index& index() {
  return r2p::test::bundled_index();
}

r2p::test::HttpClient client() {
  return r2p::test::HttpClient(fixture().port);
}

r2p::HttpAnswer answer(const std::string& path, const QueryParams& params = {}) {
  return r2p::answer_request(path, params, index());
}

/// What the library renders for `options`, as r2p-search --format json prints it.
std::string library_json(const r2p::RawOptions& options) {
  std::ostringstream out;
  r2p::render_json(r2p::run_search(r2p::make_request(options, index()), index()), out);
  return out.str();
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Standard output of the real r2p-search over the fixture's index.
std::string cli_output(const std::vector<std::string>& args) {
  std::string command = shell_quote(R2P_SEARCH_BIN) + " --db " + shell_quote(fixture().db);
  for (const auto& arg : args) command += " " + shell_quote(arg);
  command += " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

/// The CLI arguments that ask what `params` asks.
std::vector<std::string> cli_args(const QueryParams& params) {
  std::vector<std::string> flags, words;
  for (const auto& [name, value] : params) {
    if (name == "q")
      words.push_back(value);
    else
      flags.insert(flags.end(), {"--" + name, value});
  }
  flags.push_back("--format");
  flags.push_back("json");
  flags.push_back("--");
  flags.insert(flags.end(), words.begin(), words.end());
  return flags;
}

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string path_with(const std::string& path, const QueryParams& params) {
  std::string out = path;
  for (const auto& [name, value] : params)
    out += (out.size() == path.size() ? "?" : "&") + url_encode(name) + "=" + url_encode(value);
  return out;
}

const std::vector<QueryParams>& search_requests() {
  static const std::vector<QueryParams> requests = {
      {{"q", "Accra"}},
      {{"q", "Accra"}, {"region", "Africa"}, {"year", "2013"}},
      {{"country", "Denmark"}, {"type", "country"}, {"sort", "-date"}, {"limit", "5"}},
      {{"q", "network"}, {"limit", "3"}, {"offset", "2"}, {"facets", "year,type"}},
      {{"q", "Ljubliana"}},
      {{"status", "intention"}, {"region", "Africa"}, {"region", "Europe"}},
      {{"q", "\"Adama Dieng\""}},
      {{"q", "focal"}, {"q", "point"}, {"sort", "date"}, {"limit", "100"}},
      {{"type", "country"}, {"facet-limit", "3"}},
  };
  return requests;
}

}  // namespace

TEST_CASE("search parameters become the CLI's RawOptions", "[server][params]") {
  SECTION("words, repeatable filters, sort, paging and facets") {
    const r2p::RawOptions o = r2p::search_options_from_params({{"q", "focal"},
                                                               {"q", "point"},
                                                               {"country", "DK"},
                                                               {"country", "Ghana"},
                                                               {"year", "2011..2013"},
                                                               {"sort", "-date"},
                                                               {"limit", "5"},
                                                               {"offset", "20"},
                                                               {"facets", "year,type"},
                                                               {"facet-limit", "7"}});
    CHECK(o.query_words == std::vector<std::string>{"focal", "point"});
    CHECK(o.filters.at(Field::country) == std::vector<std::string>{"DK", "Ghana"});
    CHECK(o.filters.at(Field::year) == std::vector<std::string>{"2011..2013"});
    CHECK(o.sort == "-date");
    CHECK(o.limit == 5);
    CHECK(o.offset == 20);
    CHECK(o.facets == "year,type");
    CHECK(o.facet_limit == 7);
  }
  SECTION("defaults are the CLI's") {
    const r2p::RawOptions o = r2p::search_options_from_params({});
    CHECK(o.query_words.empty());
    CHECK(o.limit == 10);
    CHECK(o.offset == 0);
    CHECK(o.facets.empty());
    CHECK(o.facet_limit == r2p::RawOptions{}.facet_limit);
    CHECK_FALSE(o.no_facets);
  }
  SECTION("bad values are refused with the CLI's words") {
    struct Row {
      QueryParams params;
      std::string message;
    };
    const std::vector<Row> rows = {
        {{{"limit", "-3"}}, "limit=-3 is not a count; use a whole number, 0 or more"},
        {{{"offset", "ten"}}, "offset=ten is not a count; use a whole number, 0 or more"},
        {{{"limit", "99999999999"}}, "limit=99999999999 is too large"},
        {{{"bogus", "1"}}, "unknown parameter 'bogus'; use q, type, year"},
        {{{"id", "accra-2013"}}, "unknown parameter 'id'"},
        {{{"q", std::string(1001, 'a')}},
         "the query is too long (1001 characters); use at most 1000"},
        {{{"country", std::string(201, 'x')}}, "the country value is too long (201 characters)"},
    };
    for (const auto& row : rows) {
      INFO(row.message);
      try {
        r2p::search_options_from_params(row.params);
        FAIL("no error");
      } catch (const r2p::UsageError& e) {
        CHECK_THAT(e.what(), Catch::Contains(row.message));
      }
    }
  }
  SECTION("limits count characters, not bytes") {
    std::string text;
    for (int i = 0; i < 1000; ++i) text += "é";
    CHECK(r2p::search_options_from_params({{"q", text}}).query_words.size() == 1);
    CHECK_THROWS_AS(r2p::search_options_from_params({{"q", text}, {"q", "x"}}), r2p::UsageError);
  }
  SECTION("too many parameters") {
    QueryParams params;
    for (std::size_t i = 0; i <= r2p::kMaxParameters; ++i) params.emplace("country", "DK");
    CHECK_THROWS_WITH(r2p::search_options_from_params(params),
                      Catch::Contains("too many parameters (65); use at most 64"));
  }
}

TEST_CASE("/api/search gives exactly the CLI's JSON", "[server][api]") {
  for (const auto& params : search_requests()) {
    const std::string shown = path_with("/api/search", params);
    INFO(shown);
    const r2p::HttpAnswer a = answer("/api/search", params);
    REQUIRE(a.status == 200);
    CHECK(a.content_type == "application/json; charset=utf-8");
    CHECK(a.body == library_json(r2p::search_options_from_params(params)));
    CHECK(a.body == cli_output(cli_args(params)));
    auto res = client().Get(shown);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->body == a.body);
  }
}

TEST_CASE("/export.csv gives exactly the CLI's CSV", "[server][api]") {
  const QueryParams params = {{"q", "Accra"}, {"limit", "0"}};
  const r2p::HttpAnswer a = answer("/export.csv", params);
  REQUIRE(a.status == 200);
  CHECK(a.content_type == "text/csv; charset=utf-8");
  CHECK(r2p::whole_body(a) == cli_output({"--limit", "0", "--format", "csv", "Accra"}));
  auto res = client().Get(path_with("/export.csv", params));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == r2p::whole_body(a));
  bool attachment = false;
  for (const auto& [name, value] : a.headers)
    attachment |= name == "Content-Disposition" && value.find("attachment") == 0;
  CHECK(attachment);
}

TEST_CASE("/api/record and /api/dossier give exactly --show and --dossier JSON", "[server][api]") {
  struct Row {
    std::string path;
    std::vector<std::string> cli;
  };
  const std::vector<Row> rows = {
      {"/api/record/accra-2013", {"--show", "accra-2013"}},
      {"/api/record/country-gh", {"--show", "country-gh"}},
      {"/api/record/rec-appointing-guidance", {"--show", "rec-appointing-guidance"}},
      {"/api/dossier/Ghana", {"--dossier", "Ghana"}},
      {"/api/dossier/DK", {"--dossier", "DK"}},
      {"/api/dossier/Dinamarca", {"--dossier", "Dinamarca"}},
      {"/api/dossier/accra-2013", {"--dossier", "accra-2013"}},
      {"/api/dossier/Accra", {"--dossier", "Accra"}},
      {"/api/dossier/Côte d’Ivoire", {"--dossier", "Côte d’Ivoire"}},
      {"/api/dossier/Stanley Foundation", {"--dossier", "Stanley Foundation"}},
      {"/api/dossier/KAIPTC", {"--dossier", "KAIPTC"}},
      {"/api/dossier/EU", {"--dossier", "EU"}},
      {"/api/dossier/Adama Dieng", {"--dossier", "Adama Dieng"}},
      {"/api/dossier/person-adama-dieng", {"--dossier", "person-adama-dieng"}},
  };
  for (const auto& row : rows) {
    INFO(row.path);
    const r2p::HttpAnswer a = answer(row.path);
    REQUIRE(a.status == 200);
    std::vector<std::string> args = row.cli;
    args.insert(args.end(), {"--format", "json"});
    CHECK(a.body == cli_output(args));
  }
  // The library's JSON, and over HTTP with the path percent-encoded as a browser sends it.
  CHECK(answer("/api/record/accra-2013").body ==
        r2p::record_json(r2p::record_page("accra-2013", index())).dump(2) + "\n");
  auto res = client().Get("/api/dossier/C%C3%B4te%20d%E2%80%99Ivoire");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == answer("/api/dossier/Côte d’Ivoire").body);
}

TEST_CASE("/api/matrix and /export/matrix.csv give exactly --matrix's JSON and CSV",
          "[server][api][matrix]") {
  struct Row {
    QueryParams params;
    std::vector<std::string> cli;
  };
  const std::vector<Row> rows = {
      {{}, {"--matrix", "country,meeting"}},
      {{{"columns", "year"}}, {"--matrix", "country,year"}},
      {{{"columns", "meeting"}, {"region", "Africa"}},
       {"--matrix", "country,meeting", "--region", "Africa"}},
      {{{"columns", "year"}, {"status", "appointed"}, {"year", "2013"}},
       {"--matrix", "country,year", "--status", "appointed", "--year", "2013"}},
  };
  for (const auto& row : rows) {
    INFO(path_with("/api/matrix", row.params));
    std::vector<std::string> args = row.cli;
    args.insert(args.end(), {"--format", "json"});
    const r2p::HttpAnswer json = answer("/api/matrix", row.params);
    REQUIRE(json.status == 200);
    CHECK(json.body == cli_output(args));
    args.back() = "csv";
    const r2p::HttpAnswer csv = answer("/export/matrix.csv", row.params);
    REQUIRE(csv.status == 200);
    CHECK(csv.content_type == "text/csv; charset=utf-8");
    CHECK(csv.body == cli_output(args));
  }
  CHECK(answer("/api/matrix", {{"columns", "organisation"}}).status == 400);
  CHECK(answer("/api/matrix", {{"country", "DK"}}).status == 400);
  CHECK(answer("/api/matrix", {{"region", "Atlantis"}}).status == 400);
  CHECK(answer("/matrix").status == 200);  // the page, which draws it
}

TEST_CASE("errors are JSON with the CLI's messages and the right status", "[server][errors]") {
  struct Row {
    std::string path;
    QueryParams params;
    int status;
    std::string message;
  };
  const std::vector<Row> rows = {
      {"/api/search",
       {{"sort", "foo"}},
       400,
       "unknown sort 'foo'; use relevance, date (oldest first) or -date (newest first)"},
      {"/api/search", {{"country", "Narnia"}}, 400, "unknown country 'Narnia'"},
      {"/api/search", {{"facets", "colour"}}, 400, "unknown facet 'colour'"},
      {"/api/search", {{"q", "year:20x3"}}, 400, "unknown year '20x3'"},
      {"/api/facets", {{"region", "Atlantis"}}, 400, "unknown region 'Atlantis'"},
      {"/export.csv", {{"limit", "x"}}, 400, "is not a count"},
      {"/api/record/nope", {}, 404, "no record has the id 'nope'; closest ids:"},
      {"/api/dossier/Narnia",
       {},
       404,
       "no country, meeting, organisation or person called 'Narnia'"},
      {"/api/dossier/Stanly Foundaton",
       {},
       404,
       "closest organisations and people: 'Stanley Foundation'"},
      {"/api/nothing", {}, 404, "no such page: /api/nothing"},
      {"/etc/passwd", {}, 404, "no such page"},
  };
  for (const auto& row : rows) {
    INFO(row.path);
    const r2p::HttpAnswer a = answer(row.path, row.params);
    CHECK(a.status == row.status);
    CHECK(a.content_type == "application/json; charset=utf-8");
    const auto json = nlohmann::json::parse(a.body);
    REQUIRE(json.size() == 1);
    CHECK_THAT(json.at("error").get<std::string>(), Catch::Contains(row.message));
    // Worded for the API: parameters by name, never the command line's flags.
    CHECK_THAT(json.at("error").get<std::string>(), !Catch::Contains("--"));
  }
  // The CLI's message, with the parameter's name where the CLI names its flag.
  CHECK(nlohmann::json::parse(answer("/api/search", {{"sort", "foo"}}).body)["error"] ==
        "unknown sort 'foo'; use relevance, date (oldest first) or -date (newest first)");
  CHECK(nlohmann::json::parse(
            answer("/api/search", {{"q", "focal"}, {"meeting", "2013"}}).body)["error"]
            .get<std::string>()
            .rfind("meeting '2013' fits several meetings", 0) == 0);

  SECTION("page routes share their API answer's status") {
    CHECK(answer("/record/accra-2013").status == 200);
    CHECK(answer("/record/nope").status == 404);
    CHECK(answer("/dossier/Ghana").status == 200);
    CHECK(answer("/dossier/kaiptc").status == 200);
    CHECK(answer("/dossier/Narnia").status == 404);
    CHECK_THAT(answer("/record/nope").body, Catch::StartsWith("<!doctype html>"));
  }
  SECTION("index problems are 503; the page itself needs no index") {
    auto broken = []() -> r2p::Index& { throw r2p::IndexError("no index at /nowhere"); };
    const r2p::HttpAnswer a = r2p::answer_request("/api/search", {{"q", "Accra"}}, broken);
    CHECK(a.status == 503);
    CHECK(nlohmann::json::parse(a.body)["error"] == "no index at /nowhere");
    CHECK(r2p::answer_request("/api/record/accra-2013", {}, broken).status == 503);
    CHECK(r2p::answer_request("/", {}, broken).status == 200);
    CHECK(r2p::answer_request("/app.js", {}, broken).status == 200);
  }
}

TEST_CASE("disjunctive facets: each facet counted without its own filter", "[server][facets]") {
  auto counts = [](const std::vector<r2p::Facet>& facets, Field field) {
    std::map<std::string, std::size_t> out;
    for (const auto& facet : facets)
      if (facet.field == field)
        for (const auto& value : facet.values) out[value.value] = value.count;
    return out;
  };
  auto library_facets = [](const r2p::RawOptions& options) {
    return r2p::run_search(r2p::make_request(options, index()), index()).facets;
  };
  r2p::RawOptions options;
  options.query_words = {"focal"};
  options.filters = {{Field::region, {"Africa", "Europe"}}, {Field::type, {"country"}}};
  const std::vector<r2p::Facet> facets = r2p::disjunctive_facets(options, index());
  REQUIRE(facets.size() == r2p::facet_fields().size());

  r2p::RawOptions without_region = options;
  without_region.filters.erase(Field::region);
  r2p::RawOptions without_type = options;
  without_type.filters.erase(Field::type);
  CHECK(counts(facets, Field::region) == counts(library_facets(without_region), Field::region));
  CHECK(counts(facets, Field::type) == counts(library_facets(without_type), Field::type));
  for (Field field : {Field::year, Field::meeting, Field::country})
    CHECK(counts(facets, field) == counts(library_facets(options), field));
  // While filtered by type=country, the other types keep their counts (and the filtered one
  // matches the hit total).
  CHECK(counts(facets, Field::type).size() > 1);
  CHECK(counts(facets, Field::type).at("country") ==
        r2p::run_search(r2p::make_request(options, index()), index()).total);

  SECTION("over HTTP, with the same value/label/count shape as /api/search") {
    auto res = client().Get("/api/facets?q=focal&region=Africa&region=Europe&type=country");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const auto json = nlohmann::json::parse(res->body);
    REQUIRE(json.at("facets").size() == r2p::facet_fields().size());
    for (const auto& facet : facets) {
      const auto& values = json["facets"][r2p::field_spec(facet.field).name];
      REQUIRE(values.size() == facet.values.size());
      for (std::size_t i = 0; i < values.size(); ++i) {
        CHECK(values[i]["value"] == facet.values[i].value);
        CHECK(values[i]["label"] == facet.values[i].label);
        CHECK(values[i]["count"] == facet.values[i].count);
      }
    }
  }
  SECTION("without filters it is run_search's facets") {
    r2p::RawOptions plain;
    plain.query_words = {"Accra"};
    const auto a = r2p::disjunctive_facets(plain, index());
    const auto b = library_facets(plain);
    for (Field field : r2p::facet_fields()) CHECK(counts(a, field) == counts(b, field));
  }
}

TEST_CASE("the page's region links use names that resolve back to their codes", "[server]") {
  // The page puts regions into its URLs by name (region=Africa); every name a facet shows must
  // therefore filter to the same region.
  r2p::RawOptions all;
  all.facets = "region";
  for (const auto& facet : r2p::run_search(r2p::make_request(all, index()), index()).facets)
    for (const auto& value : facet.values) {
      INFO(value.label);
      CHECK(r2p::resolve_filter(Field::region, value.label, index()) ==
            std::vector<std::string>{r2p::filter_term(Field::region, value.value)});
    }
}

TEST_CASE("the server: methods, limits, headers, escaping", "[server][http]") {
  auto c = client();
  auto expect_headers = [](const r2p::test::HttpResult& res) {
    CHECK(res->get_header_value("Content-Security-Policy") == r2p::kContentSecurityPolicy);
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
  };
  SECTION("the page and its files") {
    auto page = c.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    expect_headers(page);
    CHECK(page->body.find("<script type=\"module\" src=\"/app.js\"") != std::string::npos);
    // No inline script or style (the CSP would block them), and nothing loaded from elsewhere:
    // no external URL in the page, its scripts or its style.
    check_lacks(page->body, {"<script>", "<style", "style=", "http:", "https:"});
    // Every script module the page imports.
    std::size_t modules = 0;
    for (const auto& asset : r2p::web_assets()) {
      const std::string path(asset.path);
      if (path.size() < 3 || path.compare(path.size() - 3, 3, ".js") != 0) continue;
      INFO(path);
      ++modules;
      auto js = c.Get(path);
      REQUIRE(js);
      CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
      check_lacks(js->body, {"innerHTML", "eval(", "https:"});
      CHECK(js->body.find("http:") == js->body.find("http://www.w3.org/2000/svg"));  // a namespace
      expect_headers(js);
    }
    CHECK(modules > 1);
    auto css = c.Get("/app.css");
    REQUIRE(css);
    CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
    check_lacks(css->body, {"@import", "url(", "http"});
    auto head = c.Head("/");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
  }
  SECTION("only GET and HEAD") {
    std::vector<r2p::test::HttpResult> refused;
    refused.push_back(c.Post("/api/search", "q=Accra", "application/x-www-form-urlencoded"));
    refused.push_back(c.Put("/", "x", "text/plain"));
    refused.push_back(c.Delete("/api/record/accra-2013"));
    refused.push_back(c.Patch("/", "x", "text/plain"));
    refused.push_back(c.Options("/"));
    for (const auto& res : refused) {
      REQUIRE(res);
      CHECK(res->status == 405);
      CHECK(res->get_header_value("Allow") == "GET, HEAD");
      CHECK(nlohmann::json::parse(res->body).contains("error"));
      expect_headers(res);
    }
    // The connection stays usable after a refused request with a body.
    auto after = c.Get("/api/record/accra-2013");
    REQUIRE(after);
    CHECK(after->status == 200);
  }
  SECTION("limits: query length and parameter count") {
    auto long_query = c.Get(path_with("/api/search", {{"q", std::string(1001, 'a')}}));
    REQUIRE(long_query);
    CHECK(long_query->status == 400);
    CHECK_THAT(nlohmann::json::parse(long_query->body)["error"].get<std::string>(),
               Catch::Contains("the query is too long"));
    QueryParams many;
    // Distinct pairs, as a form would send them.
    for (int i = 0; i < 65; ++i) many.emplace("q", "w" + std::to_string(i));
    auto too_many = c.Get(path_with("/api/search", many));
    REQUIRE(too_many);
    CHECK(too_many->status == 400);
    CHECK_THAT(nlohmann::json::parse(too_many->body)["error"].get<std::string>(),
               Catch::Contains("too many parameters"));
    // Even on the page route, whose parameters only the browser reads.
    auto page = c.Get(path_with("/", many));
    REQUIRE(page);
    CHECK(page->status == 400);
    auto huge = c.Get("/api/search?q=" + std::string(9000, 'a'));
    REQUIRE(huge);
    CHECK(huge->status == 414);
    CHECK(nlohmann::json::parse(huge->body).contains("error"));
    expect_headers(huge);
  }
  SECTION("unknown paths") {
    for (const char* path : {"/nope", "/api", "/api/search/x", "/api/record/", "/../etc/passwd"}) {
      INFO(path);
      auto res = c.Get(path);
      REQUIRE(res);
      CHECK(res->status == 404);
      CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
      expect_headers(res);
    }
  }
  SECTION("a request addressed to another host name is refused (DNS rebinding)") {
    auto res = c.Get("/api/search?q=Accra", {{"Host", "attacker.example:8080"}});
    REQUIRE(res);
    CHECK(res->status == 400);
    auto ok =
        c.Get("/api/search?q=Accra", {{"Host", "localhost:" + std::to_string(fixture().port)}});
    REQUIRE(ok);
    CHECK(ok->status == 200);
    // The right name with another port is another origin (another program on this machine).
    auto other_port = c.Get("/api/search?q=Accra", {{"Host", "localhost:1"}});
    REQUIRE(other_port);
    CHECK(other_port->status == 400);
  }
  SECTION("markup in a query comes back as JSON text, never as markup") {
    const std::string query = "<script>alert(1)</script> \"><img src=x onerror=alert(1)>";
    auto res = c.Get(path_with("/api/search", {{"q", query}}));
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
    expect_headers(res);
    const auto json = nlohmann::json::parse(res->body);
    CHECK(json["query"] == query);
    for (const auto& hit : json["hits"])
      CHECK(hit["snippet"].get<std::string>().find("<img") == std::string::npos);
    CHECK(res->body == library_json(r2p::search_options_from_params({{"q", query}})));
  }
}

TEST_CASE("concurrent requests each get their own correct answer", "[server][threads]") {
  struct Probe {
    std::string path;
    std::string body;
  };
  std::vector<Probe> probes;
  for (const auto& params : search_requests())
    probes.push_back({path_with("/api/search", params), answer("/api/search", params).body});
  for (const char* path : {"/api/record/accra-2013", "/api/dossier/Ghana", "/api/dossier/Accra"})
    probes.push_back({path, answer(path).body});
  probes.push_back({"/api/facets?region=Africa&year=2013",
                    answer("/api/facets", {{"region", "Africa"}, {"year", "2013"}}).body});

  std::atomic<int> wrong{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      auto c = client();
      for (int i = 0; i < 30; ++i) {
        const Probe& probe = probes[static_cast<std::size_t>(t * 7 + i) % probes.size()];
        auto res = c.Get(probe.path);
        if (!res || res->status != 200)
          ++failed;
        else if (res->body != probe.body)
          ++wrong;
      }
    });
  for (auto& thread : threads) thread.join();
  CHECK(failed == 0);
  CHECK(wrong == 0);
}

TEST_CASE("searches on many threads at once share no Xapian object", "[server][threads]") {
  // Regression: the query builder copied Xapian::Query::MatchAll, a static object whose
  // reference count is not atomic; under concurrent browsing (wrk against --serve) it was freed
  // while in use and the server crashed. A browse query must have internals of its own.
  r2p::SearchRequest browse;
  const r2p::BuiltQuery built = r2p::build_query(browse, index());
  CHECK(built.browse);
  CHECK(built.query.get_description() == "Query(<alldocuments>)");
  CHECK(built.query.internal.get() != Xapian::Query::MatchAll.internal.get());
  const std::vector<QueryParams> requests = {
      {}, {{"year", "1900..1901"}}, {{"q", "-regional"}}, {{"type", "meeting"}}};
  std::vector<std::string> expected;
  for (const auto& params : requests) expected.push_back(answer("/api/search", params).body);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t)
    threads.emplace_back([&, t] {
      r2p::Index own(fixture().db);  // one Index per thread, as the server keeps them
      for (int i = 0; i < 300; ++i) {
        const std::size_t k = static_cast<std::size_t>(t + i) % requests.size();
        if (r2p::answer_request("/api/search", requests[k], own).body != expected[k]) ++wrong;
      }
    });
  for (auto& thread : threads) thread.join();
  CHECK(wrong == 0);
}

/// A server on its own copy of the bundled corpus's index, for tests that change the index under
/// it; countries() is how many country records it answers with (-1 on a failed request).
struct ServedCopy {
  TempDir dir;
  std::string db = (dir.path() / "db").string();
  std::optional<RunningServer> server;
  std::optional<r2p::test::HttpClient> client;

  ServedCopy() {
    r2p::test::index_bundled_corpus(db);
    r2p::ServeOptions options;
    options.db_path = db;
    options.threads = 2;
    server.emplace(options);
    client.emplace(server->port);
  }
  int countries() {
    auto res = client->Get("/api/search?type=country&facets=type");
    if (!res || res->status != 200) return -1;
    return nlohmann::json::parse(res->body)["total"].get<int>();
  }
};

TEST_CASE("a rebuilt index (swapped link) is picked up without a restart", "[server][reopen]") {
  ServedCopy served;
  const r2p::Corpus& corpus = r2p::test::linked_corpus();
  CHECK(served.countries() == 39);
  std::vector<r2p::Record> meetings_only;
  for (const auto& record : corpus.records)
    if (record.type == r2p::RecordType::meeting) meetings_only.push_back(record);
  r2p::write_index(meetings_only, corpus.aliases, corpus.gazetteer, served.db);
  // Every worker thread notices the new target, whichever serves the request.
  for (int i = 0; i < 6; ++i) CHECK(served.countries() == 0);
}

TEST_CASE("an index updated in place is picked up without a restart", "[server][reopen]") {
  ServedCopy served;
  const r2p::Corpus& corpus = r2p::test::linked_corpus();
  for (int i = 0; i < 6; ++i) CHECK(served.countries() == 39);
  r2p::IndexUpdate update;
  for (const auto& record : corpus.records)
    if (record.type == r2p::RecordType::country) update.remove_ids.push_back(record.id);
  {
    r2p::IndexTarget target(served.db);
    const std::string version = target.live_version();
    CHECK(r2p::update_index(update, corpus.gazetteer, target).removed == 39);
    CHECK(target.live_version() == version);  // the same version, a new revision
  }
  // Every worker thread sees the new revision, though the link still leads where it did.
  for (int i = 0; i < 6; ++i) CHECK(served.countries() == 0);
}

TEST_CASE("a server without an index answers 503 from the API and still serves the page",
          "[server][index]") {
  TempDir dir;
  r2p::ServeOptions options;
  options.db_path = (dir.path() / "missing").string();
  options.threads = 2;
  RunningServer server(options);
  r2p::test::HttpClient c(server.port);
  auto api = c.Get("/api/search?q=Accra");
  REQUIRE(api);
  CHECK(api->status == 503);
  CHECK_THAT(nlohmann::json::parse(api->body)["error"].get<std::string>(),
             Catch::Contains("build one with: r2p-index"));
  auto page = c.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
}

// Issue 20, item 4: the Host check took "127.evil.com" for loopback and cut "[::1]evil.com" at
// ']'. The parser and the check are pure functions, tested row by row.
TEST_CASE("Host headers are parsed exactly", "[server][host]") {
  struct Row {
    std::string header;
    bool valid;
    std::string host;
    int port;  // 0 = none
  };
  const std::vector<Row> rows = {
      {"127.0.0.1", true, "127.0.0.1", 0},
      {"127.0.0.1:8080", true, "127.0.0.1", 8080},
      {"LocalHost:80", true, "localhost", 80},
      {"[::1]", true, "[::1]", 0},
      {"[::1]:8080", true, "[::1]", 8080},
      {"[::FFFF:127.0.0.1]:1", true, "[::ffff:127.0.0.1]", 1},
      {"127.evil.com", true, "127.evil.com", 0},
      {"", false, "", 0},
      {"[::1]evil.com", false, "", 0},
      {"[::1]:80evil", false, "", 0},
      {"[::1", false, "", 0},
      {"[]", false, "", 0},
      {"[evil.com]", false, "", 0},
      {"127.0.0.1:", false, "", 0},
      {"127.0.0.1:0", false, "", 0},
      {"127.0.0.1:65536", false, "", 0},
      {"127.0.0.1:+80", false, "", 0},
      {"127.0.0.1:8080:1", false, "", 0},
      {"127.0.0.1 ", false, "", 0},
      {" 127.0.0.1", false, "", 0},
      {"user@127.0.0.1", false, "", 0},
      {"127.0.0.1/evil", false, "", 0},
      {"127.0.0.1%2eevil.com", false, "", 0},
      {"127.0.0.1\r\nX: y", false, "", 0},
      {std::string("127.0.0.1\0evil", 14), false, "", 0},
      {"::1", false, "", 0},
  };
  for (const auto& row : rows) {
    INFO("Host: " << row.header);
    const auto parsed = r2p::parse_host_header(row.header);
    REQUIRE(parsed.has_value() == row.valid);
    if (!parsed) continue;
    CHECK(parsed->host == row.host);
    CHECK(parsed->port.value_or(0) == row.port);
  }
}

TEST_CASE("only the loopback names the server listens on pass the Host check", "[server][host]") {
  const r2p::ServerAddress server{"127.0.0.1", 8080};
  struct Row {
    std::string header;
    bool allowed;
  };
  const std::vector<Row> rows = {
      {"127.0.0.1:8080", true},
      {"127.0.0.1", true},
      {"localhost:8080", true},
      {"LOCALHOST", true},
      {"[::1]:8080", true},
      {"127.0.0.1:8081", false},
      {"127.evil.com", false},
      {"127.evil.com:8080", false},
      {"127.0.0.1.nip.io:8080", false},
      {"[::1]evil.com", false},
      {"localhost.evil.com:8080", false},
      {"127.0.0.2:8080", false},
      {"0.0.0.0:8080", false},
      {"attacker.example:8080", false},
      {"", false},
  };
  for (const auto& row : rows) {
    INFO("Host: " << row.header);
    CHECK(r2p::host_is_allowed(row.header, server) == row.allowed);
  }
  // Its own --host is accepted too (any spelling of loopback it was given), IPv6 in brackets.
  CHECK(r2p::host_is_allowed("127.0.0.5:8080", {"127.0.0.5", 8080}));
  CHECK(r2p::host_is_allowed("[::1]:9", {"::1", 9}));
  CHECK_FALSE(r2p::host_is_allowed("127.0.0.5:8080", server));
  // A server published on another address takes any well-formed Host, but never junk.
  CHECK(r2p::host_is_allowed("search.example:80", {"0.0.0.0", 80}));
  CHECK_FALSE(r2p::host_is_allowed("[::1]evil.com", {"0.0.0.0", 80}));
  CHECK(r2p::is_loopback_address("127.1.2.3"));
  CHECK_FALSE(r2p::is_loopback_address("127.evil.com"));
  CHECK_FALSE(r2p::is_loopback_address("127.0.0.1.nip.io"));
}

TEST_CASE("Origin and Sec-Fetch-Site refuse other sites", "[server][origin]") {
  struct Row {
    std::string origin, fetch_site, host;
    bool allowed;
  };
  const std::vector<Row> rows = {
      {"", "", "127.0.0.1:8080", true},                       // curl, scripts
      {"", "same-origin", "127.0.0.1:8080", true},            // the page's own fetch()
      {"", "none", "127.0.0.1:8080", true},                   // typed into the address bar
      {"http://127.0.0.1:8080", "", "127.0.0.1:8080", true},  // same origin
      {"http://LOCALHOST:8080", "same-origin", "localhost:8080", true},
      {"", "cross-site", "127.0.0.1:8080", false},  // a no-cors GET from any web site
      {"", "same-site", "127.0.0.1:8080", false},   // another program on another port
      {"https://evil.example", "", "127.0.0.1:8080", false},
      {"http://evil.example", "cross-site", "127.0.0.1:8080", false},
      {"http://127.0.0.1:9999", "", "127.0.0.1:8080", false},
      {"http://localhost:8080", "", "127.0.0.1:8080", false},
      {"null", "", "127.0.0.1:8080", false},
      {"http://127.0.0.1:8080/", "", "127.0.0.1:8080", false},
      {"http://127.0.0.1", "", "127.0.0.1:80", true},
  };
  for (const auto& row : rows) {
    INFO("Origin: " << row.origin << ", Sec-Fetch-Site: " << row.fetch_site);
    CHECK(r2p::origin_is_allowed(row.origin, row.fetch_site, row.host) == row.allowed);
  }
}

namespace {

r2p::HttpAnswer http(const std::string& target, const r2p::test::Headers& headers,
                     const std::string& method = "GET", std::size_t body_bytes = 0) {
  r2p::HttpRequest request{method, target, headers, body_bytes};
  return r2p::answer_http(request, {"127.0.0.1", 8080}, []() -> r2p::Index& { return index(); });
}

std::string error_of(const r2p::HttpAnswer& a) {
  return nlohmann::json::parse(a.body).at("error").get<std::string>();
}

}  // namespace

TEST_CASE("the HTTP checks before a request is answered", "[server][http-checks]") {
  const r2p::test::Headers own = {{"Host", "127.0.0.1:8080"}};
  CHECK(http("/api/search?q=Accra", own).status == 200);
  SECTION("Host spoofs (DNS rebinding) are 400 on every route") {
    for (const char* host : {"127.evil.com", "127.0.0.1.nip.io:8080", "[::1]evil.com",
                             "127.0.0.1:8080 evil", "attacker.example"})
      for (const char* target : {"/", "/api/search?q=Accra", "/export.csv?q=Accra"}) {
        INFO(host << " " << target);
        const r2p::HttpAnswer a = http(target, {{"Host", host}});
        CHECK(a.status == 400);
        CHECK_THAT(error_of(a), Catch::Contains("must be addressed to 127.0.0.1"));
      }
    CHECK(http("/", {}).status == 400);  // no Host at all
    CHECK(http("/", {{"Host", "127.0.0.1:8080"}, {"host", "evil.example"}}).status == 400);
  }
  SECTION("cross-site requests to the API and the export are 403; the page stays reachable") {
    const r2p::test::Headers cross = {{"Host", "127.0.0.1:8080"}, {"Sec-Fetch-Site", "cross-site"}};
    const r2p::test::Headers foreign = {{"Host", "127.0.0.1:8080"},
                                        {"Origin", "http://evil.example"}};
    for (const char* target : {"/api/search?q=Accra", "/export.csv?limit=0", "/api/facets",
                               "/api/record/accra-2013", "/api/dossier/Ghana"}) {
      INFO(target);
      CHECK(http(target, cross).status == 403);
      CHECK(http(target, foreign).status == 403);
      CHECK_THAT(error_of(http(target, cross)), Catch::Contains("other web sites are refused"));
    }
    CHECK(http("/", cross).status == 200);  // a link to the page from elsewhere
    CHECK(http("/record/accra-2013", cross).status == 200);
    const r2p::test::Headers page = {{"Host", "127.0.0.1:8080"},
                                     {"Sec-Fetch-Site", "same-origin"},
                                     {"Origin", "http://127.0.0.1:8080"}};
    CHECK(http("/api/search?q=Accra", page).status == 200);
  }
  SECTION("methods, URL length, header count and body size") {
    const r2p::HttpAnswer post = http("/api/search", own, "POST");
    CHECK(post.status == 405);
    CHECK(post.headers == decltype(post.headers){{"Allow", "GET, HEAD"}});
    CHECK(http("/?q=" + std::string(r2p::kMaxUrlBytes, 'a'), own).status == 414);
    r2p::test::Headers many = own;
    for (std::size_t i = 0; i < r2p::kMaxRequestHeaders; ++i) many.emplace_back("X-A", "b");
    const r2p::HttpAnswer flood = http("/", many);
    CHECK(flood.status == 431);
    CHECK_THAT(error_of(flood), Catch::Contains("too many header lines (101); use at most 100"));
    CHECK(http("/", own, "GET", r2p::kMaxBodyBytes + 1).status == 413);
  }
  SECTION("the target is decoded as browsers encode it") {
    const r2p::RequestTarget t =
        r2p::parse_request_target("/api/dossier/C%C3%B4te?q=a+b%2Bc&q=&flag&=x&bad=%zz#frag");
    CHECK(t.path == "/api/dossier/Côte");
    CHECK(t.params ==
          QueryParams{{"q", "a b+c"}, {"q", ""}, {"flag", ""}, {"", "x"}, {"bad", "%zz"}});
    CHECK(r2p::parse_request_target("/a+b%20c").path == "/a+b c");
  }
}

// Issue 20, item 5: limit=0 over HTTP built 15.6 MB of JSON per request.
TEST_CASE("/api/search gives at most a page of hits; more come with offset", "[server][limit]") {
  for (const char* limit : {"0", "101", "999999999"}) {
    INFO("limit=" << limit);
    const r2p::HttpAnswer a = answer("/api/search", {{"q", "focal"}, {"limit", limit}});
    CHECK(a.status == 400);
    CHECK_THAT(error_of(a), Catch::Contains("/api/search gives at most 100 hits at a time; ask "
                                            "for the next ones with offset (offset=100)"));
  }
  const r2p::HttpAnswer page = answer("/api/search", {{"limit", "100"}});
  REQUIRE(page.status == 200);
  const auto all = nlohmann::json::parse(page.body);
  CHECK(all["hits"].size() == std::min<std::size_t>(100, all["total"].get<std::size_t>()));
  const r2p::HttpAnswer next = answer("/api/search", {{"limit", "10"}, {"offset", "10"}});
  REQUIRE(next.status == 200);
  const auto hits = nlohmann::json::parse(next.body)["hits"];
  REQUIRE(hits.size() == 10);
  for (std::size_t i = 0; i < hits.size(); ++i) CHECK(hits[i]["id"] == all["hits"][10 + i]["id"]);
}

// Issue 20, item 5: the export built the whole CSV as one string before sending it.
TEST_CASE("/export.csv streams page by page", "[server][export]") {
  r2p::RawOptions all;
  all.limit = 0;
  const std::string expected = cli_output({"--limit", "0", "--format", "csv"});
  r2p::RawOptions one = all;
  one.limit = 1;
  const std::size_t total = r2p::run_search(r2p::make_request(one, index()), index()).total;
  REQUIRE(total > 20);
  SECTION("each part is one page of rows; together they are the CLI's CSV") {
    r2p::HttpAnswer a = r2p::csv_export(all, index(), 7);
    REQUIRE(a.more);
    std::string body = a.body;
    std::size_t parts = 1;
    for (std::string part; a.more(part); part.clear()) {
      body += part;
      ++parts;
    }
    // One search of 7 hits per part: the last part is the one with fewer than 7.
    CHECK(parts == total / 7 + 1);
    CHECK(body == expected);
  }
  SECTION("limit and offset are kept across pages") {
    r2p::RawOptions some = all;
    some.limit = 10;
    some.offset = 3;
    CHECK(r2p::whole_body(r2p::csv_export(some, index(), 4)) ==
          cli_output({"--limit", "10", "--offset", "3", "--format", "csv"}));
  }
  SECTION("bad values are an error before anything is sent") {
    r2p::RawOptions bad = all;
    bad.sort = "colour";
    CHECK_THROWS_AS(r2p::csv_export(bad, index(), 7), r2p::UsageError);
  }
}

// Issue 20, item 2: endless header lines took the server from 59 MB to 2.49 GB.
TEST_CASE("a header flood is cut off at the header limit", "[server][flood]") {
  r2p::test::HttpClient c(fixture().port);
  REQUIRE(c.connect());
  std::string sent = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  REQUIRE(c.send_raw(sent));
  const std::string line = "X-aaaa: " + std::string(8000, 'a') + "\r\n";
  std::size_t total = 0;
  while (total < 4 * r2p::kMaxRequestHeaderBytes && c.send_raw(line)) total += line.size();
  // The server answers 431 (or just closes) long before 4 times the limit has gone out; the
  // send fails or the answer is waiting.
  CHECK(c.wait_closed());
  if (!c.unread().empty()) CHECK_THAT(c.unread(), Catch::StartsWith("HTTP/1.1 431"));
  // And it goes on answering others.
  auto ok = client().Get("/api/search?q=Accra");
  REQUIRE(ok);
  CHECK(ok->status == 200);
}

TEST_CASE("spoofed Host and cross-site requests over a socket", "[server][host]") {
  auto c = client();
  for (const char* host : {"127.evil.com", "127.0.0.1.nip.io", "[::1]evil.com"}) {
    INFO(host);
    auto res = c.Get("/api/search?q=Accra", {{"Host", host}});
    REQUIRE(res);
    CHECK(res->status == 400);
    CHECK(res->get_header_value("Content-Security-Policy") == r2p::kContentSecurityPolicy);
  }
  auto cross = c.Get("/export.csv?limit=0", {{"Sec-Fetch-Site", "cross-site"}});
  REQUIRE(cross);
  CHECK(cross->status == 403);
  auto page = c.Get("/api/search?q=Accra", {{"Sec-Fetch-Site", "same-origin"}});
  REQUIRE(page);
  CHECK(page->status == 200);
}

TEST_CASE("a connection that does not finish its request in time is closed", "[server][deadline]") {
  // Not a timing test: a short deadline, and a client that keeps sending a byte at a time
  // (which would restart a per-read timeout forever) is closed anyway.
  TempDir dir;
  r2p::ServeOptions options;
  options.db_path = (dir.path() / "missing").string();
  options.threads = 2;
  options.request_deadline_ms = 300;
  RunningServer server(options);
  r2p::test::HttpClient slow(server.port);
  REQUIRE(slow.connect());
  bool cut = false;
  for (int i = 0; i < 600 && !cut; ++i) {  // at most a minute
    cut = !slow.send_raw(i == 0 ? "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " : "a");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(cut);
  r2p::test::HttpClient fast(server.port);
  auto res = fast.Get("/");
  REQUIRE(res);
  CHECK(res->status == 200);
}
