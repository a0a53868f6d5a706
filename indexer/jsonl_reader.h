/// @file indexer/jsonl_reader.h
/// @brief Reader for JSON Lines archives: one document per line, bad lines reported with file:line.
#pragma once

#include <cstdint>
#include <istream>
#include <string>

#include "core/document.h"
#include "indexer/fast_json.h"
#include "indexer/line_reader.h"

namespace dalil::indexer {

/// A line that could not be indexed: where it is and why.
struct InputError {
  std::string path;
  uint64_t line = 0;  ///< 0 when the error concerns the whole file.
  std::string reason;

  /// "path:line: reason" (or "path: reason").
  std::string to_string() const;
};

/// Reads documents in the schema of shared/corpora/README.md from one stream. @p schema must
/// outlive the reader. Blank lines are
/// ignored; every other line is a document or an InputError.
class JsonlReader {
 public:
  JsonlReader(std::istream& in, std::string path, const core::DocumentLimits& limits,
              const core::IndexSchema& schema);

  enum class Result { kDocument, kError, kEnd };

  /// Reads the next non-blank line into @p doc, or describes why it is bad in @p error.
  Result next(core::Document& doc, InputError& error);

  uint64_t bytes_read() const { return lines_.bytes_read(); }
  const std::string& path() const { return path_; }

 private:
  LineReader lines_;
  std::string path_;
  core::DocumentLimits limits_;
  const core::IndexSchema& schema_;
  std::string line_;
  JsonParser json_;
};

}  // namespace dalil::indexer
