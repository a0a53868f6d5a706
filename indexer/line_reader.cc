/// @file indexer/line_reader.cc
/// @brief Block-wise line splitting; faster than std::getline and bounded in memory.
#include "indexer/line_reader.h"

#include <cstring>

namespace dalil::indexer {

namespace {
constexpr std::size_t kBlockBytes = 1u << 20;
}

LineReader::LineReader(std::istream& in, std::size_t max_line_bytes)
    : in_(in), max_line_bytes_(max_line_bytes) {}

bool LineReader::fill() {
  if (eof_) return false;
  buffer_.erase(0, pos_);
  pos_ = 0;
  const std::size_t old_size = buffer_.size();
  buffer_.resize(old_size + kBlockBytes);
  in_.read(buffer_.data() + old_size, static_cast<std::streamsize>(kBlockBytes));
  const auto got = static_cast<std::size_t>(in_.gcount());
  buffer_.resize(old_size + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

LineReader::Status LineReader::finish(std::size_t end, std::size_t next_pos, bool too_long,
                                      std::string& line) {
  ++line_number_;
  bytes_read_ += next_pos - pos_;
  std::size_t length = end - pos_;
  if (length > 0 && buffer_[pos_ + length - 1] == '\r') --length;
  // A line that ends in the block that took it past the bound was never dropped in next().
  if (length > max_line_bytes_) too_long = true;
  if (!too_long) line.assign(buffer_, pos_, length);
  pos_ = next_pos;
  return too_long ? Status::kTooLong : Status::kLine;
}

LineReader::Status LineReader::next(std::string& line) {
  bool too_long = false;
  std::size_t scanned = 0;  // Bytes after pos_ already known to hold no newline.
  for (;;) {
    const std::size_t from = pos_ + scanned;
    const void* hit = std::memchr(buffer_.data() + from, '\n', buffer_.size() - from);
    if (hit != nullptr) {
      const auto end = static_cast<std::size_t>(static_cast<const char*>(hit) - buffer_.data());
      return finish(end, end + 1, too_long, line);
    }
    scanned = buffer_.size() - pos_;
    // + 1: the last byte held may be the '\r' of a "\r\n" split across two blocks.
    if (scanned > 1 && scanned - 1 > max_line_bytes_) {
      // Drop what we hold of this line and keep looking for its end.
      too_long = true;
      bytes_read_ += scanned;
      pos_ = buffer_.size();
      scanned = 0;
    }
    if (!fill()) break;  // fill() keeps the unread bytes, so scanned stays valid.
  }
  if (scanned > 0 || too_long) return finish(buffer_.size(), buffer_.size(), too_long, line);
  return Status::kEnd;
}

}  // namespace dalil::indexer
