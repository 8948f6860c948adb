// Turns a user's Markdown, HTML or plain-text report into plain fields (metadata, title, visible
// paragraphs with their lines) and finds dates in prose and file names; validating the values
// against the corpus is the caller's job.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/record.h"  // PartialDate, parse_partial_date

namespace r2p {

enum class DocumentFormat { markdown, html, text };

/// Elements an HTML report may have open at once. gumbo's time grows with the number of tags
/// times this depth; a page past it is a problem, not parsed.
constexpr std::size_t kMaxHtmlDepth = 1000;

/// How deep YAML front matter may nest (yaml-cpp's own guard, reported with its line).
constexpr int kMaxYamlDepth = 500;

/// By extension (case-insensitive): .md .markdown -> markdown; .html .htm -> html; .txt -> text.
std::optional<DocumentFormat> document_format(const std::filesystem::path& path);

/// One metadata field as the file states it.
struct MetaField {
  /// A scalar gives one value; a YAML sequence / repeated <meta> gives several.
  std::vector<std::string> values;
  /// The file wrote a list (YAML sequence, or several <meta> tags of that name).
  bool list = false;
  /// 1-based line of the key in the file.
  int line = 0;
};

/// What a Markdown, HTML or text file says, before validation.
struct DocumentSource {
  /// Key -> field; keys lowercased.
  std::map<std::string, MetaField> metadata;
  /// See the per-format rules; "" when none.
  std::string title;
  int title_line = 0;
  /// Visible text, one string per block, whitespace runs collapsed to one space, trimmed, empty
  /// ones dropped.
  std::vector<std::string> paragraphs;
  /// 1-based line where each paragraph starts (same size as paragraphs).
  std::vector<int> paragraph_lines;
  /// Markdown front matter that declares a record type other than `document`, as a JSON object
  /// (serialised) with the fields as written, nested ones included: such a file is that record.
  /// "" otherwise.
  std::string record_fields;
};

/// Parses `content` (the whole file, named `file` in problems). Problems (bad YAML with its line,
/// front matter that is not a mapping, a nested mapping as a value, invalid UTF-8 with its line,
/// NUL bytes) are appended to `problems`; the returned source is then partial/empty.
/// Never throws for bad input.
DocumentSource parse_document(std::string_view content, DocumentFormat format,
                              const std::string& file, std::vector<Problem>& problems);

/// A date written in prose or metadata: "2013-06-11", "2013-06", "2013", "11 June 2013", "11-12
/// June 2013" (start day), "June 2013", "June 11, 2013", "Jun 2013", YAML timestamps "2013-06-11
/// 10:00:00" / "2013-06-11T10:00:00Z" (date part). English month names/abbreviations,
/// case-insensitive. Whole-string match (surrounding whitespace allowed). Checks ranges (month
/// 1-12, day valid for month incl. leap years). nullopt otherwise. Also read: "Sept." and other
/// abbreviations with a full stop, ordinals ("11th June 2013"), "June 11-12, 2013" and "30 June –
/// 1 July 2013" (start day); the dash in a range may be -, ‐, ‑, ‒, – or —, spaced or not.
std::optional<PartialDate> parse_date_text(std::string_view text);

/// The first date in running text in one of the prose/ISO forms above (NOT a bare year: "2013"
/// alone in prose is not a date; "June 2013" is). Word-boundary aware ("A2013-06-11x" no).
std::optional<PartialDate> find_date_in_text(std::string_view text);

/// A date in a file name stem: "2013-06-11-accra-report" -> 2013-06-11, "accra_2013_06" ->
/// 2013-06, "report-2013" -> 2013 (a 4-digit year 1900-2099 delimited by non-digits), first match
/// wins, most precise form at that position.
std::optional<PartialDate> date_from_file_name(std::string_view stem);

}  // namespace r2p
