// Formatting of input problems and the aggregate corpus error.
#include "core/error.h"

namespace r2p {

std::string Problem::format() const {
  std::string out = where.file.empty() ? std::string("<input>") : where.file;
  if (where.line > 0) out += ":" + std::to_string(where.line);
  out += ": ";
  if (!where.record.empty()) out += "record '" + where.record + "': ";
  if (!where.field.empty()) out += where.field + ": ";
  out += message;
  return out;
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

}  // namespace r2p
