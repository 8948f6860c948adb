// One exception hierarchy for the project; each error knows where it happened and maps to an exit
// code.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace r2p {

/// Documented process exit codes, shared by r2p-index and r2p-search.
enum ExitCode : int {
  kExitOk = 0,         ///< success (search: at least one hit)
  kExitNoResults = 1,  ///< search ran but found nothing
  kExitUsage = 2,      ///< bad option, bad filter value or bad corpus input
  kExitIndex = 3,      ///< index missing, unreadable, of another schema version, or not writable;
                       ///< also a program of the installation missing
};

/// Where a problem is: corpus file, 1-based line, record id and field (each may be empty/0).
struct Location {
  std::string file;
  int line = 0;
  std::string record;
  std::string field;
};

/// One problem found in the input, printed as `file:line: record 'id': field: problem`.
struct Problem {
  Location where;
  std::string message;
  std::string format() const;
};

/// Base of every error the programs report; `main` catches it and prints `what()`.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
  virtual int exit_code() const = 0;
};

/// A command-line option or query value that cannot be used (exit 2).
class UsageError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return kExitUsage; }
};

/// A name that fits several countries or meetings (exit 2): said, never guessed. Front ends
/// offer the candidates (the web page as links).
class AmbiguousNameError : public UsageError {
 public:
  struct Candidate {
    std::string id;     ///< what to give instead: an alpha-2 code or a meeting id
    std::string label;  ///< its name
    bool has_records = false;
  };
  AmbiguousNameError(const std::string& message, std::string kind, std::string name,
                     std::vector<Candidate> candidates)
      : UsageError(message),
        kind_(std::move(kind)),
        name_(std::move(name)),
        candidates_(std::move(candidates)) {}
  const std::string& kind() const { return kind_; }  ///< "country" or "meeting"
  const std::string& name() const { return name_; }  ///< the name as given
  const std::vector<Candidate>& candidates() const { return candidates_; }

 private:
  std::string kind_;
  std::string name_;
  std::vector<Candidate> candidates_;
};

/// The corpus has one or more problems; nothing was written (exit 2).
class CorpusError : public Error {
 public:
  explicit CorpusError(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const { return problems_; }
  int exit_code() const override { return kExitUsage; }

 private:
  std::vector<Problem> problems_;
};

/// The index is missing, of another schema version, damaged or cannot be written (exit 3).
class IndexError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return kExitIndex; }
};

/// A program that belongs to the installation is missing or cannot be run (exit 3).
class InstallError : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return kExitIndex; }
};

/// For a program's `main`, inside `catch (...)`: prints the exception being handled as
/// `PROGRAM: message` on stderr and returns its exit code (an Error's own; kExitIndex for a
/// Xapian error, which is always about the index, and for anything else).
int report_current_exception(std::string_view program) noexcept;

}  // namespace r2p
