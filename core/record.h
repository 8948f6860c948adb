// Record: the plain struct a corpus entry becomes, shared by the indexer (to build documents) and
// the search side (to display and cross-link).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace r2p {

/// `document`: a report, statement or note the user added as Markdown, HTML or text.
/// `organisation` and `person`: an organisation or a person the source names, with their roles.
enum class RecordType { meeting, recommendation, country, document, organisation, person };

/// Every type, in display order.
const std::vector<RecordType>& record_types();
/// "meeting" / "recommendation" / "country" / "document" / "organisation" / "person".
const char* to_string(RecordType type);
/// Parses a type name; nullopt if unknown.
std::optional<RecordType> parse_record_type(const std::string& name);

/// A date as the source states it: year, year-month or year-month-day ("2013", "2013-06",
/// "2013-06-11"). Unknown parts are 0.
struct PartialDate {
  int year = 0;
  int month = 0;
  int day = 0;
  bool empty() const { return year == 0; }
  /// ISO form with only the known parts ("2013-06"); "" when empty.
  std::string iso() const;
  /// YYYYMMDD with unknown parts as 00, for sorting; 0 when empty.
  int sort_key() const;
};
/// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (checking month and day ranges); nullopt otherwise.
std::optional<PartialDate> parse_partial_date(const std::string& text);

/// One role a country, organisation or person played, with the sentence of the source page that
/// states it.
struct Involvement {
  std::string role;      ///< one of kRoles
  PartialDate date;      ///< when, as precisely as the page says; may be empty
  std::string meeting;   ///< meeting id, or "" when the role is not tied to a meeting
  int paragraph = 0;     ///< source paragraph number
  std::string sentence;  ///< verbatim sentence from that paragraph
};

/// The involvement roles the corpus may use for records of `type`, in display order; empty for
/// types without involvement (meeting, recommendation, document).
const std::vector<std::string>& involvement_roles(RecordType type = RecordType::country);
/// A readable label for a role ("co-host" -> "co-hosted").
std::string role_label(const std::string& role);

/// A participation figure ("More than thirty-five countries").
struct Participation {
  int count = 0;
  std::string qualifier;  ///< "exactly" or "more than"
  std::string of;         ///< what was counted: "countries", "regional organisations"
  std::string text;       ///< the words of the page
};

struct Person {
  std::string name;
  std::string role;
};

/// A corpus record of any type. Fields that do not apply to a type stay empty.
struct Record {
  std::string id;
  RecordType type = RecordType::meeting;
  std::string title;
  PartialDate date;
  PartialDate end_date;
  std::vector<std::string> text;  ///< full text, paragraph by paragraph
  std::string source_document;    ///< source file, relative to the corpus directory
  std::vector<int> source;        ///< source paragraph numbers (1-based)

  // Ties. `countries` holds ISO alpha-2 codes, `organisations` organisation ids, `regions` UN
  // M.49 codes, `meetings` meeting ids. The reader fills what the record states; the linker adds
  // what it finds in the text.
  std::vector<std::string> countries;
  std::vector<std::string> meetings;
  std::vector<std::string> organisations;
  std::vector<std::string> regions;
  /// Ids of the alias table's terms ("r2p") the text names: searchable like organisations
  /// (`organisation:` terms), but neither listed nor counted as organisations.
  std::vector<std::string> terms;

  // Meeting.
  std::string kind;  ///< meeting: launch, annual, workshop, regional; document: free (report, ...)
  std::string venue_city;
  std::string venue_country;  ///< alpha-2, "" when the page names no venue
  std::vector<std::string> host_countries;
  std::vector<std::string> host_organisations;
  std::vector<Participation> participation;
  std::vector<Person> people;
  std::vector<std::string> discussed;
  std::vector<std::string> highlights;  ///< what set the event apart, verbatim

  // Recommendation.
  std::vector<std::string> items;
  std::vector<std::string> drafted_by;  ///< organisation ids
  std::vector<std::string> input_countries;
  std::vector<std::string> input_organisations;

  // Country.
  std::string country_code;  ///< alpha-2 of the country the record is about
  std::string status;        ///< "appointed" or "intention"
  PartialDate status_date;
  int status_paragraph = 0;
  std::string status_sentence;
  std::vector<Involvement> involvement;  ///< also for organisations and people

  // Person.
  std::string name;      ///< the person's name as the page writes it
  std::string position;  ///< the page's description of the person ("UN Special Adviser ...")

  // Where the record came from, for error messages.
  std::string file;
  int line = 0;
};

/// Years the record belongs to: its date's year and every year of its involvement and status
/// (country, organisation and person records). Sorted, unique.
std::vector<int> record_years(const Record& record);

/// The date a record sorts by: its own date, or its most recent dated involvement or status when
/// later. Empty when there is none.
PartialDate record_sort_date(const Record& record);

/// "source/x.txt ¶16–17": the document and paragraph reference shown to users.
std::string source_label(const std::string& document, const std::vector<int>& paragraphs);

}  // namespace r2p
