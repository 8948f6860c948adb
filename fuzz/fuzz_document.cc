// libFuzzer target for the document formats: the first byte picks Markdown, HTML or text, the
// rest is the file. Any bytes must give a document record or problems naming the file — never a
// crash — and a record must satisfy what the index relies on (valid UTF-8 text, a valid id).
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/gazetteer.h"
#include "core/text.h"
#include "fuzz/bundled_gazetteer.h"
#include "fuzz/fuzz_check.h"
#include "indexer/corpus_reader.h"
#include "indexer/document_formats.h"

namespace {

using r2p::fuzz::bundled_gazetteer;

const std::vector<r2p::MeetingInfo>& meetings() {
  static const std::vector<r2p::MeetingInfo> instance = {
      {"accra-2013", "Third meeting of the Global Network of R2P Focal Points", "Accra", "GH",
       2013},
      {"ljubljana-2013", "First European regional meeting", "Ljubljana", "SI", 2013}};
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const r2p::DocumentFormat format = data[0] % 3 == 0   ? r2p::DocumentFormat::markdown
                                     : data[0] % 3 == 1 ? r2p::DocumentFormat::html
                                                        : r2p::DocumentFormat::text;
  const std::string_view content(reinterpret_cast<const char*>(data + 1), size - 1);
  std::vector<r2p::Problem> problems;
  const r2p::DocumentSource source = r2p::parse_document(content, format, "doc", problems);
  R2P_FUZZ_CHECK(source.paragraphs.size() == source.paragraph_lines.size(),
                 "paragraphs and their lines differ in number");
  for (const auto& p : source.paragraphs) {
    R2P_FUZZ_CHECK(!p.empty(), "an empty paragraph");
    R2P_FUZZ_CHECK(r2p::is_valid_utf8(p), "a paragraph that is not UTF-8");
  }
  for (const auto& problem : problems)
    R2P_FUZZ_CHECK(problem.where.file == "doc", "a problem that does not name the file");
  if (!problems.empty()) return 0;
  // Date helpers over the text, as the indexer uses them.
  for (const auto& p : source.paragraphs) (void)r2p::find_date_in_text(p);
  (void)r2p::date_from_file_name(content.substr(0, 64));
  if (auto record = r2p::document_record(source, "doc", "doc.md", bundled_gazetteer(), meetings(),
                                         problems)) {
    R2P_FUZZ_CHECK(problems.empty(), "a record together with problems");
    R2P_FUZZ_CHECK(!record->id.empty() && record->id.size() <= r2p::kMaxIdBytes, "a bad id");
    R2P_FUZZ_CHECK(r2p::is_valid_utf8(record->title), "a title that is not UTF-8");
    R2P_FUZZ_CHECK(!record->text.empty(), "a record without text");
  } else {
    R2P_FUZZ_CHECK(!problems.empty(), "no record and no problem");
  }
  return 0;
}
