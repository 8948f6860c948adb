// Bad input, classified: every class of bad corpus input (read from a fixture directory made in a
// temp dir) and of bad query text or filter value, each with the exact message it gets — or,
// where the input is acceptable after all (a BOM, CRLF line ends), proof that it is read right.
// Fuzzing finds are here too, each named after what it was. Exit statuses are checked through
// the real programs by tests/cli/bad_input_cli.sh.
#include <catch2/catch.hpp>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/text.h"
#include "indexer/corpus_reader.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "indexer/linker.h"
#include "search/index.h"
#include "search/request.h"
#include "search/searcher.h"
#include "tests/support/indexed_corpus.h"
#include "tests/support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// Runs `check` on each of `cases` in a section named after the case (`what`). The table must
/// hold at least `minimum` cases, so that none goes missing unnoticed.
template <class Case>
void check_each_case(const std::vector<Case>& cases, std::size_t minimum,
                     const std::function<void(const Case&)>& check) {
  CHECK(cases.size() >= minimum);
  for (const auto& row : cases) {
    SECTION(row.what) {
      check(row);
    }
  }
}

/// A fresh directory (mode 0755, so an unprivileged reader can enter it), removed on destruction.
struct TempDir : r2p::test::TempDir {
  TempDir() : r2p::test::TempDir("r2p-bad-input", fs::perms(0755)) {}
};

void write(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

json meeting(const std::string& id, const std::string& place = "Accra") {
  return {{"id", id},
          {"type", "meeting"},
          {"kind", "annual"},
          {"title", "Meeting in " + place},
          {"date", "2013-06-11"},
          {"text", {"The meeting was held in " + place + "."}},
          {"source", {{"document", "source/page.txt"}, {"paragraphs", {16}}}}};
}

json changed(json value, const std::function<void(json&)>& change) {
  change(value);
  return value;
}

/// One line of a .jsonl file: the meeting `accra-2013` changed by `change`.
std::string accra_with(const std::function<void(json&)>& change) {
  return changed(meeting("accra-2013"), change).dump() + "\n";
}

/// Runs `body` as an unprivileged user when the tests run as root, who could read any file.
void without_root(const std::function<void()>& body) {
  if (::geteuid() != 0) return body();
  REQUIRE(::setegid(65534) == 0);
  REQUIRE(::seteuid(65534) == 0);
  struct Restore {
    ~Restore() {
      if (::seteuid(0) != 0 || ::setegid(0) != 0) std::abort();
    }
  } restore;
  body();
}

/// One class of bad corpus input: the files it makes and the exact problems r2p-index lists
/// ("{dir}" stands for the corpus directory), or, when none, the records read ("id@line").
struct CorpusCase {
  const char* what;
  std::function<void(const fs::path&)> make;
  std::vector<std::string> problems;
  std::vector<std::string> records;
};

std::string expand(std::string text, const std::string& dir) {
  for (std::size_t at; (at = text.find("{dir}")) != std::string::npos;) text.replace(at, 5, dir);
  return text;
}

/// A JSON Lines file `m.jsonl` with `content`.
std::function<void(const fs::path&)> file(std::string content) {
  return [content](const fs::path& dir) { write(dir / "m.jsonl", content); };
}

const std::string kAccra = meeting("accra-2013").dump();
const std::string kLjubljana = meeting("ljubljana-2013", "Ljubljana").dump();

/// `m.jsonl` with the Accra meeting, then whatever `more` makes.
std::function<void(const fs::path&)> accra_and(std::function<void(const fs::path&)> more) {
  return [more](const fs::path& dir) {
    write(dir / "m.jsonl", kAccra + "\n");
    more(dir);
  };
}

/// `page.html`: a <main> line, then `element` `times` times on the second line.
std::function<void(const fs::path&)> deep_html(std::string element, int times) {
  return [element, times](const fs::path& dir) {
    std::string page = "<main>\n";
    for (int i = 0; i < times; ++i) page += element;
    write(dir / "page.html", page);
  };
}

const std::string kTooDeepHtml =
    "{dir}/page.html:2: elements nest more than 1000 deep here (the limit for HTML reports); "
    "close the elements that are left open, or save the report as text";

std::vector<CorpusCase> corpus_cases() {
  const std::string long_id(300, 'a');
  std::string folds_long;  // 21 × U+FDFA: 63 bytes, folded to over 700
  for (int i = 0; i < 21; ++i) folds_long += "\uFDFA";
  std::string deep = "\"deep\"";
  for (int i = 0; i < 10000; ++i) deep = "[" + deep + "]";
  return {
      {"truncated JSON",
       file(kAccra.substr(0, 40) + "\n"),
       {"{dir}/m.jsonl:1: malformed JSON: syntax error while parsing object key - invalid "
        "string: missing closing quote; last read: '\"'; expected string literal"},
       {}},
      {"a list where a record object belongs",
       file("[1, 2]\n"),
       {"{dir}/m.jsonl:1: expected a JSON object (one record), found a list"},
       {}},
      {"a number where a string belongs",
       file(accra_with([](json& j) { j["title"] = 5; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': title: expected a string, found a number"},
       {}},
      {"a string where a list belongs",
       file(accra_with([](json& j) { j["text"] = "one paragraph"; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': text: expected a list of strings, found a string"},
       {}},
      {"a number inside a list of strings",
       file(accra_with([](json& j) {
         j["countries"] = {"Ghana", 1};
       })),
       {"{dir}/m.jsonl:1: record 'accra-2013': countries[1]: expected a string, found a number"},
       {}},
      {"null for a required value",
       file(accra_with([](json& j) { j["title"] = nullptr; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': title: missing; this field is required"},
       {}},
      {"a required field left out",
       file(accra_with([](json& j) { j.erase("source"); })),
       {"{dir}/m.jsonl:1: record 'accra-2013': source: missing; this field is required"},
       {}},
      {"an empty required string",
       file(accra_with([](json& j) { j["title"] = ""; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': title: must not be empty"},
       {}},
      {"a fraction where an integer belongs",
       file(accra_with([](json& j) { j["source"]["paragraphs"] = {1.5}; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': source.paragraphs[0]: expected an integer, found "
        "a number"},
       {}},
      {"an integer out of range",
       file(accra_with([](json& j) { j["source"]["paragraphs"] = {99999999999}; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': source.paragraphs[0]: 99999999999 is out of "
        "range; write a whole number below 2147483648"},
       {}},
      {"a title over 1,000 characters",
       file(accra_with([](json& j) { j["title"] = std::string(1001, 'x'); })),
       {"{dir}/m.jsonl:1: record 'accra-2013': title: is 1001 characters long; the limit is "
        "1000: shorten it"},
       {}},
      {"a paragraph over 100,000 bytes",
       file(accra_with([](json& j) { j["text"] = {std::string(100001, 'x')}; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': text[0]: is 100001 bytes long; the limit is "
        "100000 bytes per paragraph: split it into several paragraphs"},
       {}},
      {"a record over 1 MiB",
       file(kAccra + "\n" + accra_with([](json& j) {
              j["id"] = "big-2013";
              j["text"] = std::vector<std::string>(12, std::string(90000, 'x'));
            }) +
            kLjubljana + "\n"),
       {"{dir}/m.jsonl:2: the line is over 1048576 bytes long; a record may be at most 1048576 "
        "bytes (1 MiB): shorten its text (the rest of the file was not read)"},
       {}},
      {"deep nesting",
       file(kAccra.substr(0, kAccra.size() - 1) + ",\"text\":" + deep + "}\n"),
       {"{dir}/m.jsonl:1: record 'accra-2013': text[0]: expected a string, found a list"},
       {}},
      {"a UTF-16 file",
       file(std::string("\xFF\xFE{\0\"\0", 6)),
       {"{dir}/m.jsonl:1: invalid UTF-8 at byte 1 of the line; save the file as UTF-8"},
       {}},
      {"a stray continuation byte",
       file("{\"id\":\"accra-2013\",\"title\":\"Acc\x80ra\"}\n"),
       {"{dir}/m.jsonl:1: invalid UTF-8 at byte 32 of the line; save the file as UTF-8"},
       {}},
      {"an overlong UTF-8 encoding of '/'",
       file("{\"id\":\"accra-2013\",\"title\":\"a\xC0\xAF\"}\n"),
       {"{dir}/m.jsonl:1: invalid UTF-8 at byte 30 of the line; save the file as UTF-8"},
       {}},
      {"a UTF-16 surrogate encoded in UTF-8",
       file("{\"id\":\"accra-2013\",\"title\":\"\xED\xA0\x80\"}\n"),
       {"{dir}/m.jsonl:1: invalid UTF-8 at byte 29 of the line; save the file as UTF-8"},
       {}},
      {"a raw NUL byte",
       file(std::string("{\"id\":\"accra-2013\",\"title\":\"a\0b\"}\n", 34)),
       {"{dir}/m.jsonl:1: malformed JSON: syntax error while parsing value - invalid string: "
        "control character U+0000 (NUL) must be escaped to \\u0000; last read: "
        "'\"a<U+0000>'"},
       {}},
      {"an escaped NUL in a string",
       file(accra_with([](json& j) { j["title"] = std::string("Acc\0ra", 6); })),
       {"{dir}/m.jsonl:1: record 'accra-2013': title: contains the control character U+0000 at "
        "byte 4; remove it (a text field holds one line, without tabs)"},
       {}},
      {"a terminal escape sequence in a paragraph",
       file(accra_with([](json& j) { j["text"] = {"Held in \x1b[31mAccra"}; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': text[0]: contains the control character U+001B "
        "at byte 9; remove it (a text field holds one line, without tabs)"},
       {}},
      {"a control character in a value that is quoted back",
       file(accra_with([](json& j) { j["kind"] = "yearly\nmeeting"; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': kind: contains the control character U+000A at "
        "byte 7; remove it (a text field holds one line, without tabs)"},
       {}},
      {"an unknown field",
       file(accra_with([](json& j) { j["titel"] = "Accra"; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': titel: unknown field; did you mean 'title'?"},
       {}},
      {"an unknown nested field",
       file(accra_with([](json& j) {
         j["venue"] = {{"cty", "Accra"}, {"country", "Ghana"}};
       })),
       {"{dir}/m.jsonl:1: record 'accra-2013': venue.cty: unknown field; did you mean 'city'?"},
       {}},
      {"the same id in two files",
       [](const fs::path& dir) {
         write(dir / "a.jsonl", kAccra + "\n");
         write(dir / "b.jsonl", kLjubljana + "\n" + kAccra + "\n");
       },
       {"{dir}/b.jsonl:2: record 'accra-2013': id: duplicate id; it is already used at "
        "{dir}/a.jsonl:1"},
       {}},
      {"a meeting id no meeting record defines",
       file(accra_with([](json& j) { j["meetings"] = {"nowhere-2099"}; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': meetings[0]: no meeting record defines the id "
        "'nowhere-2099'"},
       {}},
      {"a meeting id over Xapian's term limit",
       file(accra_with([long_id](json& j) { j["meetings"] = {long_id}; })),
       {"{dir}/m.jsonl:1: record 'accra-2013': meetings[0]: '" + std::string(60, 'a') +
        "…' is not a valid meeting id; use the id of a meeting record (at most 200 lowercase "
        "letters, digits, '-' and '_')"},
       {}},
      {"an id with capitals and spaces",
       file(accra_with([](json& j) { j["id"] = "Accra 2013"; })),
       {"{dir}/m.jsonl:1: id: 'Accra 2013' is not a valid id; use at most 200 lowercase "
        "letters, digits, '-' and '_'"},
       {}},
      {"an id over 200 bytes",
       file(accra_with([long_id](json& j) { j["id"] = long_id; })),
       {"{dir}/m.jsonl:1: id: '" + std::string(60, 'a') +
        "…' is not a valid id; use at most 200 lowercase letters, digits, '-' and '_'"},
       {}},
      {"two records on one line",
       file(kAccra + kLjubljana + "\n"),
       {"{dir}/m.jsonl:1: malformed JSON: syntax error while parsing value - unexpected '{'; "
        "expected end of input"},
       {}},
      {"a .json file is not read as records, whatever it holds",
       accra_and([](const fs::path& dir) {
         write(dir / "m.json", "[" + kLjubljana + "]");
         write(dir / "package.json", R"({"name": "reports", "version": "1.0.0"})");
       }),
       {},
       {"accra-2013@1"}},
      {"an unreadable file",
       accra_and([](const fs::path& dir) { fs::permissions(dir / "m.jsonl", fs::perms::none); }),
       {"{dir}/m.jsonl: cannot be read; check that it is readable"},
       {}},
      {"a symbolic link loop",
       accra_and([](const fs::path& dir) { fs::create_symlink("loop.jsonl", dir / "loop.jsonl"); }),
       {"{dir}/loop.jsonl: is a symbolic link that cannot be followed (Too many levels of "
        "symbolic links); fix or remove it"},
       {}},
      {"a broken symbolic link",
       accra_and([](const fs::path& dir) { fs::create_symlink("gone.jsonl", dir / "link.jsonl"); }),
       {"{dir}/link.jsonl: is a symbolic link that cannot be followed (No such file or "
        "directory); fix or remove it"},
       {}},
      {"a pipe named like a record file",
       accra_and(
           [](const fs::path& dir) { REQUIRE(::mkfifo((dir / "pipe.jsonl").c_str(), 0644) == 0); }),
       {"{dir}/pipe.jsonl: is not a regular file (a pipe, socket or device); remove it or "
        "replace it with a file"},
       {}},
      // Issue 20: markup that hid its depth from the old tag count, and front matter past
      // yaml-cpp's depth guard (which said "bad file").
      {"HTML whose stray end tags hid its depth",
       deep_html("<div></x>", 40000),
       {kTooDeepHtml},
       {}},
      {"HTML whose `/>` inside attributes hid its depth",
       deep_html("<div title=\"/>\">", 200000),
       {kTooDeepHtml},
       {}},
      {"YAML front matter nested too deep",
       [](const fs::path& dir) {
         write(dir / "report.md", "---\ntitle: x\ncountries: " + std::string(600, '[') + "a" +
                                      std::string(600, ']') + "\n---\nText\n");
       },
       {"{dir}/report.md:3: the front matter nests more than 500 levels deep here (the limit for "
        "YAML front matter); write one `key: value` line per field, lists as `[a, b]`"},
       {}},
      {"an empty corpus directory",
       [](const fs::path&) {},
       {"{dir}: no records found (*.jsonl, *.md, *.html or *.txt files)"},
       {}},
      {"only an empty file and blank lines",
       [](const fs::path& dir) {
         write(dir / "a.jsonl", "");
         write(dir / "b.jsonl", "\n  \n\t\r\n");
       },
       {"{dir}: no records found (*.jsonl, *.md, *.html or *.txt files)"},
       {}},
      {"a directory where the alias table belongs",
       accra_and([](const fs::path& dir) { fs::create_directory(dir / r2p::kAliasFile); }),
       {"{dir}/aliases.jsonl: is a directory; it must be a file"},
       {}},
      {"an alias for a code ICU does not know",
       accra_and([](const fs::path& dir) {
         write(dir / r2p::kAliasFile, R"({"kind":"country","name":"Atlantis","code":"XX"})"
                                      "\n");
       }),
       {"{dir}/aliases.jsonl: code: country alias \"Atlantis\" names unknown code \"XX\"; use an "
        "ISO 3166-1 alpha-2 code ICU knows"},
       {}},
      // Accepted after all.
      {"a UTF-8 byte order mark (accepted)",
       file("\xEF\xBB\xBF" + kAccra + "\n" + kLjubljana + "\n"),
       {},
       {"accra-2013@1", "ljubljana-2013@2"}},
      {"CRLF line ends (accepted)",
       file(kAccra + "\r\n\r\n" + kLjubljana + "\r\n"),
       {},
       {"accra-2013@1", "ljubljana-2013@3"}},
      {"no newline after the last line (accepted)",
       file(kAccra + "\n" + kLjubljana),
       {},
       {"accra-2013@1", "ljubljana-2013@2"}},
      {"a directory named like a record file is read as a folder (accepted)",
       [](const fs::path& dir) {
         fs::create_directory(dir / "more.jsonl");
         write(dir / "more.jsonl" / "m.jsonl", kAccra + "\n");
       },
       {},
       {"accra-2013@1"}},
      {"a word that folds past Xapian's term limit (accepted)",
       file(accra_with([folds_long](json& j) { j["title"] = "Accra " + folds_long; })),
       {},
       {"accra-2013@1"}},
  };
}

std::vector<std::string> formatted(const std::vector<r2p::Problem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.format());
  return out;
}

}  // namespace

TEST_CASE("each class of bad corpus input gets its exact message", "[bad-input][corpus]") {
  check_each_case<CorpusCase>(corpus_cases(), 25, [](const CorpusCase& row) {
    REQUIRE((row.problems.empty() != row.records.empty()));
    TempDir dir;
    const fs::path corpus = dir.path() / "corpus";
    fs::create_directory(corpus);
    row.make(corpus);
    std::vector<std::string> expected;
    for (const auto& line : row.problems) expected.push_back(expand(line, corpus.string()));
    std::vector<std::string> problems, records;
    without_root([&] {
      try {
        for (const auto& r : r2p::read_corpus(corpus.string(), 2).records)
          records.push_back(r.id + "@" + std::to_string(r.line));
      } catch (const r2p::CorpusError& e) {
        problems = formatted(e.problems());
      }
    });
    CHECK(problems == expected);
    CHECK(records == row.records);
  });
}

TEST_CASE("a corpus path that is no directory is a usage error", "[bad-input][corpus]") {
  TempDir dir;
  write(dir.path() / "file", "");
  for (const fs::path& path : {dir.path() / "file", dir.path() / "missing"}) {
    CAPTURE(path);
    try {
      r2p::read_corpus(path.string());
      FAIL("no error");
    } catch (const r2p::UsageError& e) {
      CHECK(std::string(e.what()) == "corpus directory '" + path.string() +
                                         "' does not exist or is not a directory; pass --corpus "
                                         "DIR");
      CHECK(e.exit_code() == r2p::kExitUsage);
    }
  }
}

// Issue 20: reading stops at a line over the limit, so a line without end (a 2 GB sparse file)
// is never read to its end nor held; the lines before it are still read and checked.
TEST_CASE("reading stops at a line over the record limit; the lines before it are read",
          "[bad-input][corpus]") {
  // Small pieces, so the long line falls between two of them.
  TempDir dir;
  const std::string big = accra_with([](json& j) {
    j["id"] = "big-2013";
    j["text"] = std::vector<std::string>(12, std::string(90000, 'x'));
  });
  write(dir.path() / "m.jsonl",
        kAccra + "\n" + big + kLjubljana + "\n" + big.substr(0, big.size() - 1));
  r2p::CorpusStream stream(dir.path().string(), 64);
  std::vector<std::string> records;
  stream.read_part(0, 1,
                   [&](r2p::Record& r) { records.push_back(r.id + "@" + std::to_string(r.line)); });
  CHECK(records == std::vector<std::string>{"accra-2013@1"});
  CHECK(stream.file_hashes().empty());  // the file is not indexed
  try {
    stream.finish();
    FAIL("no error");
  } catch (const r2p::CorpusError& e) {
    const std::string file = (dir.path() / "m.jsonl").string();
    CHECK(formatted(e.problems()) ==
          std::vector<std::string>{file +
                                   ":2: the line is over 1048576 bytes long; a record may be at "
                                   "most 1048576 bytes (1 MiB): shorten its text (the rest of "
                                   "the file was not read)"});
  }
}

TEST_CASE("the alias table is read line by line, up to the line limit", "[bad-input][aliases]") {
  TempDir dir;
  write(dir.path() / "aliases.jsonl",
        "{\"kind\":\"country\",\"name\":\"Gold Coast\",\"code\":\"GH\"}\n" +
            std::string(r2p::kMaxRecordBytes + 10, ' ') + "x\n{not read}\n");
  std::vector<r2p::Problem> problems;
  const r2p::AliasTable table =
      r2p::read_aliases((dir.path() / "aliases.jsonl").string(), problems);
  CHECK(table.countries.size() == 1);
  CHECK(formatted(problems) ==
        std::vector<std::string>{(dir.path() / "aliases.jsonl").string() +
                                 ":2: the line is over 1048576 bytes long; a record may be at most "
                                 "1048576 bytes (1 MiB): shorten its text (the rest of the file "
                                 "was not read)"});
}

TEST_CASE("parts of a corpus get even shares of its bytes, whatever its files and pieces",
          "[corpus]") {
  // Twenty lines of one length, 9 in one file and 11 in the next, cut into pieces of 3 lines: a
  // piece straddles the middle of the corpus. Each of two parts must get 10 lines give or take
  // half a piece, and reading part 0 then part 1 gives the corpus order.
  TempDir dir;
  std::vector<std::string> lines, ids;
  for (int i = 10; i < 30; ++i) {
    ids.push_back("meeting-" + std::to_string(i));
    lines.push_back(meeting(ids.back()).dump() + "\n");
  }
  std::string first, second;
  for (std::size_t i = 0; i < lines.size(); ++i) (i < 9 ? first : second) += lines[i];
  write(dir.path() / "a.jsonl", first);
  write(dir.path() / "b.jsonl", second);
  r2p::CorpusStream stream(dir.path().string(), 3 * lines[0].size());
  std::vector<std::string> read[2];
  for (unsigned part = 0; part < 2; ++part)
    stream.read_part(part, 2, [&](r2p::Record& r) { read[part].push_back(r.id); });
  CHECK(read[0].size() >= 9);
  CHECK(read[0].size() <= 11);
  std::vector<std::string> all = read[0];
  all.insert(all.end(), read[1].begin(), read[1].end());
  CHECK(all == ids);
}

TEST_CASE("a sample of the corpus comes from all over it and records nothing", "[corpus]") {
  // Three files of twenty lines each, pieces of four lines: the sample takes the start of pieces
  // spread over every file, skips a bad line as the reading proper would (without reporting
  // it), and leaves no keys or problems behind, so the reading proper is unchanged.
  TempDir dir;
  std::size_t line_size = 0;
  for (const char* name : {"a", "b", "c"}) {
    std::string content;
    for (int i = 10; i < 30; ++i) {
      const std::string id = std::string(name) + "-meeting-" + std::to_string(i);
      std::string line = meeting(id).dump() + "\n";
      if (i == 10 && std::string(name) == "b") line = "{\"id\": \"" + id + "\"}\n";  // no type
      line_size = std::max(line_size, line.size());
      content += line;
    }
    write(dir.path() / (std::string(name) + ".jsonl"), content);
  }
  r2p::CorpusStream stream(dir.path().string(), 4 * line_size);
  std::vector<std::string> sampled;
  // Budget for about one line of each of 16 pieces.
  stream.sample(16 * line_size + 100, [&](r2p::Record& r) { sampled.push_back(r.id); });
  CHECK(sampled.size() >= 8);
  CHECK(sampled.size() <= 16);
  for (const char* name : {"a-", "b-", "c-"})
    CHECK(std::any_of(sampled.begin(), sampled.end(),
                      [&](const std::string& id) { return id.rfind(name, 0) == 0; }));
  CHECK(std::find(sampled.begin(), sampled.end(), "b-meeting-10") == sampled.end());
  CHECK(stream.keys().empty());
  CHECK(stream.read_problems().empty());
  std::vector<std::string> read;
  stream.read_part(0, 1, [&](r2p::Record& r) { read.push_back(r.id); });
  CHECK(read.size() == 59);
  const auto problems = stream.read_problems();
  REQUIRE_FALSE(problems.empty());
  for (const auto& problem : problems) CHECK(problem.where.line == 1);
}

TEST_CASE("a problem is one line, whatever the value it quotes", "[bad-input][corpus]") {
  // Values quoted in messages ("'…' is not one of …") could hold line breaks and escape
  // sequences, breaking the one-line-per-problem output and reaching the terminal raw.
  std::vector<r2p::Problem> problems;
  r2p::parse_records(accra_with([](json& j) { j["type"] = "meet\ning\x1b[2J"; }), "f.jsonl", true,
                     r2p::Gazetteer(), problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() ==
        "f.jsonl:1: record 'accra-2013': type: contains the control character U+000A at byte 5; "
        "remove it (a text field holds one line, without tabs)");
  const r2p::Problem quoted{{"f.jsonl", 3, "x", "kind"}, "'a\nb\tc\x1b' is not one of launch"};
  CHECK(quoted.format() == "f.jsonl:3: record 'x': kind: 'a\\nb\\tc\\u001b' is not one of launch");
}

TEST_CASE("a malformed-JSON message that quotes half a character is still UTF-8",
          "[bad-input][fuzz]") {
  // Found by fuzz_corpus_reader: nlohmann's "last read" quotes the bytes read up to the error,
  // which ended inside "é" and printed half a character. The input is
  // tests/fuzz_regressions/corpus_reader/malformed-json-quotes-half-a-utf8-character.jsonl.
  std::vector<r2p::Problem> problems;
  r2p::parse_records("{\"kind\":\"country\",\"paragraph\":19\xC3\xA9}\n", "f.jsonl", true,
                     r2p::Gazetteer(), problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format() ==
        "f.jsonl:1: malformed JSON: syntax error while parsing object - invalid literal; last "
        "read: '19\uFFFD'; expected '}'");
  CHECK(r2p::is_valid_utf8(problems[0].format()));
}

TEST_CASE("a word that folds past Xapian's term limit is indexed and found", "[bad-input][terms]") {
  // U+FDFA folds to 18 characters: 21 of them (63 bytes, under TermGenerator's 64-byte word
  // limit) made a 700-byte term, and r2p-index failed with "Term too long (> 245)".
  std::string word;
  for (int i = 0; i < 21; ++i) word += "\uFDFA";
  CHECK(r2p::folding_stemmer()(word).size() <= r2p::kMaxStemBytes);
  CHECK(r2p::stemmed_term(word).size() <= 245);

  TempDir dir;
  write(dir.path() / "m.jsonl", accra_with([&](json& j) {
          j["title"] = "Accra " + word;
          j["text"] = {"A word of " + std::string(300, 'w') + " letters and " + word};
        }));
  r2p::Corpus corpus = r2p::read_corpus(dir.path().string(), 1);
  r2p::link_records(corpus.records, corpus.gazetteer, 1);
  const std::string db = (dir.path() / "db").string();
  r2p::write_index(corpus.records, corpus.aliases, corpus.gazetteer, db);
  r2p::Index index(db);
  r2p::RawOptions options;
  options.query_words = {word};
  const auto results = r2p::run_search(r2p::make_request(options, index), index);
  REQUIRE(results.hits.size() == 1);
  CHECK(results.hits[0].id == "accra-2013");
}

TEST_CASE("a word longer than a spelling entry may be does not stop the index",
          "[bad-input][terms]") {
  // fold_words() words went into the spelling dictionary unchecked; Xapian refuses entries over
  // 254 bytes, so a 300-letter word made r2p-index fail with "Key too long".
  TempDir dir;
  write(dir.path() / "m.jsonl",
        accra_with([](json& j) { j["title"] = "Accra " + std::string(300, 'a'); }));
  r2p::Corpus corpus = r2p::read_corpus(dir.path().string(), 1);
  const std::string db = (dir.path() / "db").string();
  const auto summary = r2p::write_index(corpus.records, corpus.aliases, corpus.gazetteer, db);
  CHECK(summary.documents == 1);
}

// ---- Search side -------------------------------------------------------------------------

namespace {

/// The bundled corpus's index (tests/support/indexed_corpus.h).
r2p::Index& search_index() {
  return r2p::test::bundled_index();
}

/// One class of bad query or option: how the options are set and the exact UsageError message.
struct QueryCase {
  const char* what;
  std::function<void(r2p::RawOptions&)> set;
  std::string message;
};

r2p::RawOptions query(const std::string& text) {
  r2p::RawOptions options;
  options.query_words = {text};
  return options;
}

std::function<void(r2p::RawOptions&)> filter(r2p::Field field, std::string value) {
  return [field, value](r2p::RawOptions& o) { o.filters[field] = {value}; };
}

std::function<void(r2p::RawOptions&)> words(std::string text) {
  return [text](r2p::RawOptions& o) { o.query_words = {text}; };
}

std::vector<QueryCase> query_cases() {
  using r2p::Field;
  const std::string country_forms =
      "use an ISO 3166 code (DK, DNK) or a country name in English, French, Spanish, Russian, "
      "Arabic or Chinese";
  const std::string year_forms =
      "write a year (2013), a range (2011..2013, 2011.., ..2012) or none (records with no year)";
  const std::string organisation_forms =
      "use an organisation's name or acronym (OSCE, Stanley Foundation, KAIPTC)";
  return {
      {"query text that is not UTF-8", words("Acc\xE9ra"),
       "the query is not valid UTF-8; check the terminal's encoding"},
      {"a filter value that is not UTF-8", filter(Field::country, "D\xE4nemark"),
       "the --country value is not valid UTF-8"},
      {"query text over 16 KiB", words(std::string(16385, 'a')),
       "the query is 16385 bytes long; the limit is 16384 bytes: shorten it, or narrow the search "
       "with filters (--country, --year, --type, ...)"},
      {"a filter value over 200 bytes", filter(Field::country, std::string(201, 'x')),
       "the --country value is 201 bytes long; the limit is 200 bytes"},
      {"a query field value over 200 bytes", words("meeting:" + std::string(201, 'x')),
       "in the query, meeting:" + std::string(201, 'x') +
           ": a meeting value is 201 bytes long; the limit is 200 bytes"},
      {"--limit over 10,000", [](r2p::RawOptions& o) { o.limit = 10001; },
       "--limit 10001 is more than 10000 hits per page; page with --offset, or use --limit 0 for "
       "every hit (e.g. with --format csv)"},
      {"--offset beyond what an index can hold", [](r2p::RawOptions& o) { o.offset = 4294967296u; },
       "--offset 4294967296 is more than 4294967295, the most records an index can hold"},
      {"an unknown type", filter(Field::type, "meetings"),
       "unknown type 'meetings'; use meeting, recommendation, country, document, organisation or "
       "person; closest known: "
       "'meeting'"},
      {"a year with five digits", filter(Field::year, "20133"),
       "unknown year '20133'; " + year_forms},
      {"a year range that ends before it starts", filter(Field::year, "2013..2011"),
       "year range '2013..2011' ends before it starts; write it as 2011..2013"},
      {"a year range without ends", filter(Field::year, ".."), "unknown year '..'; " + year_forms},
      {"a year that is a word", filter(Field::year, "last year"),
       "unknown year 'last year'; " + year_forms},
      {"an unknown region", filter(Field::region, "Atlantis"),
       "unknown region 'Atlantis'; use a UN M.49 continent, sub-region or grouping, by English "
       "name (Africa, Western Europe, Latin America) or code (002); closest known: 'Melanesia', "
       "'Oceania', 'Americas'"},
      {"an unknown meeting id", filter(Field::meeting, "accra-2031"),
       "unknown meeting 'accra-2031'; use a meeting id ('accra-2013', 'launch-2010', "
       "'ljubljana-2013', 'meeting-2011', 'meeting-2012', 'workshop-2012') or words of its "
       "title, venue or year (Accra, \"third meeting\", 2011); closest known: 'accra-2013', "
       "'launch-2010', 'meeting-2011'"},
      {"an unknown organisation", filter(Field::organisation, "Stanly"),
       "unknown organisation 'Stanly'; " + organisation_forms +
           "; closest known: 'Stanley Foundation', 'Kofi Annan International Peacekeeping "
           "Training Centre', 'UN'"},
      {"an alias term is no organisation", filter(Field::organisation, "R2P"),
       "unknown organisation 'R2P'; " + organisation_forms +
           "; closest known: 'GCR2P', 'UN', 'EU'"},
      {"an unknown country", filter(Field::country, "Atlantis"),
       "unknown country 'Atlantis'; " + country_forms +
           "; closest known: 'Albania', 'Algeria', 'Argentina'"},
      {"an empty country", filter(Field::country, ""),
       "unknown country ''; " + country_forms + "; closest known: 'DRC', 'Chad', 'Cuba'"},
      {"an unknown status", filter(Field::status, "pending"),
       "unknown status 'pending'; use appointed or intention; closest known: 'intention'"},
      {"an unknown sort order", [](r2p::RawOptions& o) { o.sort = "newest"; },
       "unknown --sort 'newest'; use relevance, date (oldest first) or -date (newest first)"},
      {"an unknown facet", [](r2p::RawOptions& o) { o.facets = "year,regions"; },
       "unknown facet 'regions'; use a comma-separated list of 'year', 'region', 'meeting', "
       "'type', 'country', 'status', 'organisation'; closest known: 'region'"},
      {"an unknown value in a query field", words("accra country:Atlantis"),
       "in the query, country:Atlantis: unknown country 'Atlantis'; " + country_forms +
           "; closest known: 'Albania', 'Algeria', 'Argentina'"},
  };
}

}  // namespace

TEST_CASE("each class of bad query or filter value gets its exact message", "[bad-input][query]") {
  check_each_case<QueryCase>(query_cases(), 15, [](const QueryCase& row) {
    r2p::RawOptions options;
    row.set(options);
    try {
      r2p::run_search(r2p::make_request(options, search_index()), search_index());
      FAIL("no error");
    } catch (const r2p::UsageError& e) {
      CHECK(std::string(e.what()) == row.message);
      CHECK(e.exit_code() == r2p::kExitUsage);
    }
  });
}

TEST_CASE("query text the parser cannot read is searched as words, with a note",
          "[bad-input][query]") {
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"AND", "AND"}, {"a AND", "AND"}, {"NOT", "NOT"}, {"(regional OR", "OR"}};
  for (const auto& [text, op] : rows) {
    CAPTURE(text);
    const auto results =
        r2p::run_search(r2p::make_request(query(text), search_index()), search_index());
    CHECK(results.notes == std::vector<std::string>{"the query could not be parsed (Syntax: "
                                                    "<expression> " +
                                                    op +
                                                    " <expression>); searched for its words "
                                                    "instead"});
  }
  // "AND" alone is the word "and", which nearly every record has.
  CHECK(r2p::run_search(r2p::make_request(query("AND"), search_index()), search_index()).total >
        40);
}

TEST_CASE("query words over Xapian's term limit find nothing and raise nothing",
          "[bad-input][query]") {
  std::string folds_long;
  for (int i = 0; i < 21; ++i) folds_long += "\uFDFA";
  // "Accra NOT <an over-long word>" excludes nothing: it finds what "Accra" finds.
  const auto accra =
      r2p::run_search(r2p::make_request(query("Accra"), search_index()), search_index()).total;
  REQUIRE(accra > 0);
  for (const std::string& text :
       {std::string(300, 'a'), folds_long, "title:" + std::string(250, 'b'),
        "Accra NOT " + std::string(999 - 10, 'c')}) {
    CAPTURE(text.size());
    const auto results =
        r2p::run_search(r2p::make_request(query(text), search_index()), search_index());
    CHECK(results.total == (text.rfind("Accra", 0) == 0 ? accra : 0u));
  }
}

TEST_CASE("the largest page and offset are accepted", "[bad-input][query]") {
  r2p::RawOptions options;
  options.limit = r2p::kMaxLimit;
  options.offset = r2p::kMaxOffset;
  const auto results = r2p::run_search(r2p::make_request(options, search_index()), search_index());
  CHECK(results.hits.empty());
  CHECK(results.total == 58);
  options.limit = 0;  // every hit
  options.offset = 0;
  CHECK(r2p::run_search(r2p::make_request(options, search_index()), search_index()).hits.size() ==
        58);
}

TEST_CASE("a program reports any exception as one line and its exit code", "[bad-input][errors]") {
  // What main() of each program does in its catch (...): the message on stderr, the exit code.
  struct Case {
    std::function<void()> raise;
    std::string message;
    int exit_code;
  };
  const std::vector<Case> cases = {
      {[] { throw r2p::UsageError("--year abc"); }, "prog: --year abc\n", r2p::kExitUsage},
      {[] { throw r2p::IndexError("no index at x"); }, "prog: no index at x\n", r2p::kExitIndex},
      {[] { throw r2p::InstallError("missing"); }, "prog: missing\n", r2p::kExitIndex},
      {[] { throw Xapian::DatabaseCorruptError("bad block"); },
       "prog: index error: DatabaseCorruptError: bad block\n", r2p::kExitIndex},
      {[] { throw std::runtime_error("disk"); }, "prog: disk\n", r2p::kExitIndex},
      {[] { throw 42; }, "prog: unexpected error\n", r2p::kExitIndex},
  };
  for (const auto& c : cases) {
    std::ostringstream err;
    std::streambuf* saved = std::cerr.rdbuf(err.rdbuf());
    int code = -1;
    try {
      c.raise();
    } catch (...) {
      code = r2p::report_current_exception("prog");
    }
    std::cerr.rdbuf(saved);
    CHECK(err.str() == c.message);
    CHECK(code == c.exit_code);
  }
}
