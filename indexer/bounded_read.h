// Reading corpus files with a bound: a file is opened only if it is a regular file (a pipe or a
// device could block or never end), and read a line or a size at a time up to a stated limit, so
// no input can make r2p-index hold more than the limit in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace r2p {

/// A regular file open for reading (the descriptor is closed with it).
class RegularFile {
 public:
  /// Opens `path` (following symbolic links) without blocking on a pipe, and keeps it only if it
  /// is a regular file. On failure ok() is false and problem() says why ("cannot be read (...)",
  /// "is not a regular file ...") for a message that starts with the path.
  explicit RegularFile(const std::string& path);
  ~RegularFile();
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  /// Whether the file does not exist at all (ok() is then false).
  bool missing() const { return missing_; }
  /// Whether it exists but is not a regular file (a directory, pipe, socket or device).
  bool not_regular() const { return not_regular_; }
  const std::string& problem() const { return problem_; }
  /// The size when opened.
  std::uint64_t size() const { return size_; }
  /// Reads up to `count` bytes at the current position; returns how many (0 at the end).
  /// \throws UsageError naming the file on a read error.
  std::size_t read(char* data, std::size_t count);
  /// Reads up to `count` bytes from `offset`; returns how many.
  /// \throws UsageError naming the file on a read error.
  std::size_t read_at(char* data, std::size_t count, std::uint64_t offset);
  /// The whole file if it holds at most `limit` bytes (checked while reading, so a file that
  /// grows is still cut off); false when it holds more (`content` then holds `limit` + 1 bytes).
  bool read_all(std::string& content, std::uint64_t limit);

 private:
  std::string path_;
  int fd_ = -1;
  bool missing_ = false;
  bool not_regular_ = false;
  std::string problem_;
  std::uint64_t size_ = 0;
};

/// Reads a file line by line, holding at most one line of `max_line` bytes (plus a block).
class LineReader {
 public:
  LineReader(RegularFile& file, std::size_t max_line);
  enum class Status { line, too_long, end };
  /// The next line, without its '\n', in `line`; too_long when it is longer than `max_line` bytes
  /// (reading then stops: every later call returns end).
  Status next(std::string& line);
  /// The 1-based number of the line next() returned last.
  int line_number() const { return line_number_; }

 private:
  bool fill();
  RegularFile& file_;
  std::size_t max_line_;
  std::vector<char> block_;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false, stopped_ = false;
  int line_number_ = 0;
};

}  // namespace r2p
