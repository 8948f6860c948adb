// Bounded reading of corpus files: regular files only, a line or a size at a time.
#include "indexer/bounded_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.h"

namespace r2p {

RegularFile::RegularFile(const std::string& path) : path_(path) {
  // O_NONBLOCK: opening a pipe with no writer would otherwise wait for one, forever.
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) {
    missing_ = errno == ENOENT;
    problem_ = std::string("cannot be read (") + std::strerror(errno) +
               "); check that it exists and is readable";
    return;
  }
  struct stat info {};
  if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
    not_regular_ = true;
    problem_ = S_ISDIR(info.st_mode) ? "is a directory; it must be a file"
                                     : "is not a regular file (a pipe, socket or device); remove "
                                       "it or replace it with a file";
    ::close(fd_);
    fd_ = -1;
    return;
  }
  size_ = static_cast<std::uint64_t>(info.st_size);
  // Regular files never block; clear the flag so reads behave as usual.
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags >= 0) ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
}

RegularFile::~RegularFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t RegularFile::read(char* data, std::size_t count) {
  for (;;) {
    const ssize_t got = ::read(fd_, data, count);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR)
      throw UsageError("cannot read " + path_ + " (" + std::strerror(errno) +
                       "); check that it is readable");
  }
}

std::size_t RegularFile::read_at(char* data, std::size_t count, std::uint64_t offset) {
  std::size_t done = 0;
  while (done < count) {
    const ssize_t got = ::pread(fd_, data + done, count - done, static_cast<off_t>(offset + done));
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw UsageError("cannot read " + path_ + " (" + std::strerror(errno) +
                       "); check that it is readable");
    }
    done += static_cast<std::size_t>(got);
  }
  return done;
}

bool RegularFile::read_all(std::string& content, std::uint64_t limit) {
  content.assign(static_cast<std::size_t>(std::min(size_, limit) + 1), '\0');
  std::size_t done = 0;
  for (;;) {
    if (done == content.size()) {
      if (done > limit) return false;
      content.resize(done +
                     std::min<std::size_t>(1 << 16, static_cast<std::size_t>(limit) + 1 - done));
    }
    const std::size_t got = read(content.data() + done, content.size() - done);
    if (got == 0) break;
    done += got;
  }
  content.resize(done);
  return done <= limit;
}

LineReader::LineReader(RegularFile& file, std::size_t max_line)
    : file_(file), max_line_(max_line), block_(max_line + (1 << 16)) {}

bool LineReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(block_.data(), block_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == block_.size()) return false;
  const std::size_t got = file_.read(block_.data() + end_, block_.size() - end_);
  if (got == 0) eof_ = true;
  end_ += got;
  return got > 0;
}

LineReader::Status LineReader::next(std::string& line) {
  if (stopped_) return Status::end;
  std::size_t scanned = begin_;
  for (;;) {
    const char* start = block_.data() + scanned;
    if (const void* newline = std::memchr(start, '\n', end_ - scanned)) {
      const std::size_t at =
          static_cast<std::size_t>(static_cast<const char*>(newline) - block_.data());
      ++line_number_;
      if (at - begin_ > max_line_) {
        stopped_ = true;
        return Status::too_long;
      }
      line.assign(block_.data() + begin_, at - begin_);
      begin_ = at + 1;
      return Status::line;
    }
    if (end_ - begin_ > max_line_) {
      ++line_number_;
      stopped_ = true;
      return Status::too_long;
    }
    scanned = end_;
    const std::size_t before = begin_;
    if (!fill()) {
      if (end_ == begin_) return Status::end;
      ++line_number_;
      line.assign(block_.data() + begin_, end_ - begin_);
      begin_ = end_;
      return Status::line;
    }
    scanned -= before;  // fill() moved the unread bytes to the front
  }
}

}  // namespace r2p
