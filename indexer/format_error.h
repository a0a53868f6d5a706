/// @file indexer/format_error.h
/// @brief The error a file reader throws for a malformed file: a reason and, when known, its line.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.h"

namespace dalil::indexer {

/// A file that cannot be indexed (broken timecodes, truncated PDF, undecodable bytes ...).
/// main.cc reports it as "path:line: reason" (or "path: reason" when line is 0) and skips it.
class FormatError : public core::Error {
 public:
  FormatError(uint64_t line, const std::string& reason)
      : core::Error(core::ErrorCode::kBadDocument, reason), line_(line) {}

  /// 1-based line of the fault, 0 when it concerns the whole file.
  uint64_t line() const { return line_; }

 private:
  uint64_t line_;
};

}  // namespace dalil::indexer
