// Lists the files of the corpus roots: record files by extension, each root's alias table and
// .r2pignore, and the trust boundary of the corpus (symbolic links that lead outside the roots).
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fnmatch.h>
#include <sys/stat.h>

#include "indexer/bounded_read.h"
#include "indexer/corpus_reader.h"
#include "indexer/document_formats.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

std::optional<FileKind> file_kind(const fs::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".jsonl") return FileKind::json_lines;
  if (auto format = document_format(path)) {
    switch (*format) {
      case DocumentFormat::markdown:
        return FileKind::markdown;
      case DocumentFormat::html:
        return FileKind::html;
      case DocumentFormat::text:
        return FileKind::text;
    }
  }
  return std::nullopt;
}

/// What is wrong with a corpus path that is not a readable regular file.
std::string unusable_file(const fs::path& path) {
  std::error_code ec, link_error;
  const auto status = fs::status(path, ec);
  if (ec)
    return std::string(fs::is_symlink(fs::symlink_status(path, link_error))
                           ? "is a symbolic link that cannot be followed ("
                           : "cannot be read (") +
           ec.message() + "); fix or remove it";
  if (fs::is_directory(status)) return "is a directory; it must be a file";
  return "is not a regular file (a pipe, socket or device); remove it or replace it with a file";
}

/// The corpus roots as the system names them (links resolved): what a link may lead into.
class TrustBoundary {
 public:
  TrustBoundary(const std::vector<std::string>& roots, bool follow_links)
      : follow_links_(follow_links) {
    for (const auto& root : roots) {
      std::error_code ec;
      const fs::path canonical = fs::canonical(root, ec);
      if (!ec) roots_.push_back(canonical);
    }
  }

  /// The problem of `path` when it is a symbolic link that leads outside every root (and links
  /// are not to be followed); nullopt when it is not a link, leads inside, or cannot be
  /// followed at all (which the caller reports as it would any unusable file).
  std::optional<std::string> outside(
      const fs::path& path,
      const std::string& advice = std::string("remove it, list it in ") + kIgnoreFile) const {
    std::error_code ec;
    if (follow_links_ || !fs::is_symlink(fs::symlink_status(path, ec))) return std::nullopt;
    const fs::path target = fs::canonical(path, ec);
    if (ec) return std::nullopt;
    for (const auto& root : roots_) {
      const fs::path relative = target.lexically_relative(root);
      if (!relative.empty() && *relative.begin() != "..") return std::nullopt;
    }
    return "is a symbolic link to " + target.string() +
           ", outside the corpus directories; it is not followed: " + advice +
           ", or pass --follow-links to read what it leads to";
  }

 private:
  bool follow_links_;
  std::vector<fs::path> roots_;
};

/// The patterns of a root's .r2pignore: one glob per line (fnmatch), '#' comments; a pattern
/// ending in '/' matches directories only; one without '/' matches a name at any depth, one with
/// '/' the path from the root.
struct IgnoreRules {
  struct Rule {
    std::string pattern;
    bool directory_only = false;
    bool anchored = false;
  };
  std::vector<Rule> rules;

  /// \throws UsageError when the root has a .r2pignore that cannot be used: without its rules the
  /// files it keeps out would be indexed.
  IgnoreRules(const fs::path& root, const TrustBoundary& boundary) {
    const fs::path path = root / kIgnoreFile;
    auto refuse = [&](const std::string& why) { throw UsageError(path.string() + ": " + why); };
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec))) return;
    if (auto problem = boundary.outside(path, "make it a file of patterns")) refuse(*problem);
    RegularFile file(path.string());
    if (!file.ok())
      refuse(file.problem() +
             (file.not_regular() ? "" : " (without it, the files it lists would be indexed)"));
    std::string content;
    if (!file.read_all(content, kMaxIgnoreFileBytes))
      refuse("is over " + std::to_string(kMaxIgnoreFileBytes) +
             " bytes long; an ignore file may be at most " + std::to_string(kMaxIgnoreFileBytes) +
             " bytes (64 KiB): shorten it");
    std::size_t start = 0;
    while (start < content.size()) {
      std::size_t end = content.find('\n', start);
      if (end == std::string::npos) end = content.size();
      add(content.substr(start, end - start));
      start = end + 1;
    }
  }

  void add(std::string line) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') return;
    Rule rule;
    if (line.back() == '/') {
      rule.directory_only = true;
      line.pop_back();
    }
    if (!line.empty() && line[0] == '/') line.erase(0, 1);
    rule.anchored = line.find('/') != std::string::npos;
    rule.pattern = line;
    if (!rule.pattern.empty()) rules.push_back(rule);
  }

  bool ignored(const std::string& relative, bool directory) const {
    const std::string name = fs::path(relative).filename().string();
    for (const auto& rule : rules) {
      if (rule.directory_only && !directory) continue;
      const std::string& subject = rule.anchored ? relative : name;
      if (::fnmatch(rule.pattern.c_str(), subject.c_str(), FNM_PATHNAME) == 0) return true;
    }
    return false;
  }
};

/// A root's alias table at `alias_path`, if there is one, added to `listing`.
void add_alias_file(const fs::path& alias_path, const TrustBoundary& boundary,
                    CorpusListing& listing) {
  std::error_code ec;
  auto problem = [&](const fs::path& path, std::string message) {
    listing.problems.push_back({{path.string(), 0, "", ""}, std::move(message)});
  };
  const auto alias_status = fs::status(alias_path, ec);
  if (auto outside = boundary.outside(alias_path, "copy the file into the corpus")) {
    problem(alias_path, *outside);
  } else if (fs::is_regular_file(alias_status)) {
    listing.alias_files.push_back(alias_path.string());
  } else if (!ec || fs::is_symlink(fs::symlink_status(alias_path, ec))) {
    // There is something under that name (no alias table at all is fine): say what is wrong.
    problem(alias_path, unusable_file(alias_path));
  }
}

/// The listing's entry for the regular file `path`, with its size and modification time.
CorpusFile corpus_file(const fs::path& path, const std::string& relative, FileKind kind) {
  CorpusFile file;
  file.path = path.string();
  file.relative = relative;
  file.kind = kind;
  struct stat info {};
  if (::stat(file.path.c_str(), &info) == 0) {
    file.size = static_cast<std::uint64_t>(info.st_size);
    file.mtime_ns =
        static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
  }
  return file;
}

/// Walks the corpus roots depth first, each directory's entries in name order, into a listing:
/// problems come out in a stable order, and an unreadable directory is named, not its root.
class CorpusWalk {
 public:
  CorpusWalk(const std::vector<std::string>& roots, bool follow_links, CorpusListing& listing)
      : boundary_(roots, follow_links), listing_(listing) {}

  /// Lists the root `dir`: its alias table, then its files.
  /// \throws UsageError when `dir` cannot be listed or its .r2pignore cannot be used.
  void walk_root(const std::string& dir) {
    std::error_code ec;
    const fs::path root(dir);
    add_alias_file(root / kAliasFile, boundary_, listing_);
    const IgnoreRules ignore(root, boundary_);
    visited_.insert(fs::weakly_canonical(root, ec).string());
    std::vector<fs::path> pending{root};
    while (!pending.empty()) {
      const fs::path current = pending.back();
      pending.pop_back();
      std::vector<fs::path> subdirectories;
      for (const auto& path : directory_entries(current, root))
        add_entry(path, root, ignore, subdirectories);
      // Reversed onto the stack, so that the first in name order is listed first.
      pending.insert(pending.end(), subdirectories.rbegin(), subdirectories.rend());
    }
  }

 private:
  void problem(const fs::path& path, std::string message) {
    listing_.problems.push_back({{path.string(), 0, "", ""}, std::move(message)});
  }

  /// The entries of `current`, in name order; none when it cannot be read (a problem).
  /// \throws UsageError when the root itself cannot be read.
  std::vector<fs::path> directory_entries(const fs::path& current, const fs::path& root) {
    std::vector<fs::path> entries;
    std::error_code ec;
    for (auto it = fs::directory_iterator(current, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
      entries.push_back(it->path());
    if (ec) {
      if (current == root)
        throw UsageError("cannot list corpus directory '" + root.string() + "': " + ec.message());
      problem(current, "cannot be read (" + ec.message() +
                           "); make the directory readable, or list it in " + kIgnoreFile);
      return {};
    }
    std::sort(entries.begin(), entries.end());
    return entries;
  }

  /// Lists the entry `path` of a directory under `root`: a record file, a directory to walk
  /// (into `subdirectories`), a problem, or nothing (hidden, ignored, not a corpus file).
  void add_entry(const fs::path& path, const fs::path& root, const IgnoreRules& ignore,
                 std::vector<fs::path>& subdirectories) {
    const std::string relative = path.lexically_relative(root).generic_string();
    const std::string name = path.filename().string();
    std::error_code status_error;
    const auto status = fs::status(path, status_error);
    const bool directory = fs::is_directory(status);
    if (name.empty() || name[0] == '.' || ignore.ignored(relative, directory)) return;
    const auto kind = file_kind(path);
    if (!directory && path.extension() == ".json") {
      // A folder of documents often holds a tool's .json (package.json): it is not read as
      // records, which would report every field it lacks, but named so a record is not lost.
      listing_.notes.push_back(
          {{path.string(), 0, "", ""},
           "not read: records are read from .jsonl files only (one JSON object per line); write "
           "its record as a line of a .jsonl file, or list the file in " +
               std::string(kIgnoreFile)});
      return;
    }
    if (path == root / kAliasFile || (!directory && !kind)) return;
    // The trust boundary: a file or a directory reached through a link that leads out of
    // the corpus is refused alike (it could be any file of the system).
    if (auto outside = boundary_.outside(path)) {
      problem(path, *outside);
      return;
    }
    if (directory) {
      if (visited_.insert(fs::weakly_canonical(path, status_error).string()).second)
        subdirectories.push_back(path);
      return;
    }
    // A link that leads nowhere (or in a loop), a pipe or a device is reported rather than
    // skipped, since its name says it should hold records.
    if (!fs::is_regular_file(status)) {
      problem(path, unusable_file(path));
      return;
    }
    CorpusFile file = corpus_file(path, relative, *kind);
    if (seen_.insert(fs::weakly_canonical(path, status_error).string()).second)
      listing_.files.push_back(std::move(file));
  }

  const TrustBoundary boundary_;
  CorpusListing& listing_;
  std::set<std::string> seen_;     ///< files, by their real path
  std::set<std::string> visited_;  ///< directories, by their real path: a link loop ends here
};

}  // namespace

CorpusListing list_corpus(const std::vector<std::string>& roots, const ListingOptions& options) {
  CorpusListing listing;
  listing.roots = roots;
  for (const auto& dir : roots) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw UsageError("corpus directory '" + dir + "' does not exist or is not a directory; " +
                       "pass --corpus DIR");
  }
  CorpusWalk walk(roots, options.follow_links, listing);
  for (const auto& dir : roots) walk.walk_root(dir);
  std::sort(listing.files.begin(), listing.files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.path < b.path; });
  return listing;
}

bool is_document(FileKind kind) {
  return kind == FileKind::markdown || kind == FileKind::html || kind == FileKind::text;
}

}  // namespace r2p
