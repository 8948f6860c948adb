// Input problems and their formatting, the corpus error, and how a program reports its errors.
#include "core/error.h"

#include <iostream>

#include <xapian.h>

namespace r2p {

namespace {
/// `text` with control characters written as \n, \t or \u001b, so that a problem stays on one
/// line and a value quoted from the corpus cannot send escape sequences to the terminal.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7F) {
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      static const char* const hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}
}  // namespace

std::string Problem::format() const {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) out += ":" + std::to_string(where.line);
  out += ": ";
  if (!where.record.empty()) out += "record '" + where.record + "': ";
  if (!where.field.empty()) out += where.field + ": ";
  out += message;
  return one_line(out);
}

namespace {
std::string summarise(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.format() + "\n";
  out += std::to_string(problems.size()) + (problems.size() == 1 ? " problem" : " problems") +
         " in the corpus; nothing was indexed and the existing index is unchanged. "
         "Fix the records named above and run r2p-index again.";
  return out;
}
}  // namespace

CorpusError::CorpusError(std::vector<Problem> problems)
    : Error(summarise(problems)), problems_(std::move(problems)) {}

int report_current_exception(std::string_view program) noexcept {
  try {
    throw;
  } catch (const Error& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return e.exit_code();
  } catch (const Xapian::Error& e) {
    std::cerr << program << ": index error: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
  } catch (...) {
    std::cerr << program << ": unexpected error\n";
  }
  return kExitIndex;
}

}  // namespace r2p
