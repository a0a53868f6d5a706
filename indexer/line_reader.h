/// @file indexer/line_reader.h
/// @brief Reads lines from a stream in blocks, with a bound on line length.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

namespace dalil::indexer {

/// Splits a byte stream into lines ("\n" or "\r\n"). A line longer than the bound is skipped
/// without being held in memory, and reported as too long.
class LineReader {
 public:
  LineReader(std::istream& in, std::size_t max_line_bytes);

  enum class Status { kLine, kTooLong, kEnd };

  /// Reads the next line into @p line (without its end-of-line bytes).
  Status next(std::string& line);

  /// 1-based number of the line last returned.
  uint64_t line_number() const { return line_number_; }
  /// Bytes consumed so far, end-of-line bytes included.
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  bool fill();
  Status finish(std::size_t end, std::size_t next_pos, bool too_long, std::string& line);

  std::istream& in_;
  std::size_t max_line_bytes_;
  std::string buffer_;
  std::size_t pos_ = 0;
  bool eof_ = false;
  uint64_t line_number_ = 0;
  uint64_t bytes_read_ = 0;
};

}  // namespace dalil::indexer
