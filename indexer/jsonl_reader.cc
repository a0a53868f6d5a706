/// @file indexer/jsonl_reader.cc
/// @brief JSON Lines parsing (simdjson into nlohmann/json), UTF-8 checks and document validation.
#include "indexer/jsonl_reader.h"

#include <algorithm>
#include <cstdio>

#include <simdjson.h>

#include "core/error.h"
#include "core/passage_table.h"
#include "core/utf8.h"
#include "indexer/turn_passages.h"

namespace dalil::indexer {

namespace {

bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(),
                     [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; });
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, ";
// the rest ("column 12: syntax error while parsing ...") is what a user needs.
std::string describe_parse_error(const nlohmann::json::parse_error& e) {
  std::string message = e.what();
  const auto column = message.find("column ");
  if (column != std::string::npos) message.erase(0, column);
  return "invalid JSON at " + message;
}

// Valid JSON nlohmann cannot hold (out_of_range.406 "number overflow parsing '1E400'"): the
// line's fault, named without nlohmann's "[json.exception...] " tag.
std::string describe_json_error(const nlohmann::json::exception& e) {
  std::string message = e.what();
  const auto tag_end = message.find("] ");
  if (message.starts_with("[json.exception.") && tag_end != std::string::npos)
    message.erase(0, tag_end + 2);
  return "invalid JSON: " + message;
}

// A line holds the body plus other fields and JSON escapes: \uXXXX takes 6 bytes for an ASCII
// control character, 3 times the UTF-8 of any other (json.dumps writes every non-ASCII
// character so by default), so a body within the limit fits written so, with room for the
// other fields (turns that repeat a whole escaped body may not).
std::size_t line_limit(const core::DocumentLimits& limits) {
  return limits.max_body_bytes * 6 + (1u << 20);
}

}  // namespace

std::string InputError::to_string() const {
  if (line == 0) return path + ": " + reason;
  return path + ":" + std::to_string(line) + ": " + reason;
}

JsonlReader::JsonlReader(std::istream& in, std::string path, const core::DocumentLimits& limits,
                         const core::IndexSchema& schema)
    : lines_(in, line_limit(limits)), path_(std::move(path)), limits_(limits), schema_(schema) {}

JsonlReader::Result JsonlReader::next(core::Document& doc, InputError& error) {
  for (;;) {
    const LineReader::Status status = lines_.next(line_);
    if (status == LineReader::Status::kEnd) return Result::kEnd;
    error = InputError{path_, lines_.line_number(), {}};
    if (status == LineReader::Status::kTooLong) {
      char limit[32];
      std::snprintf(limit, sizeof limit, "%.1f MiB",
                    static_cast<double>(line_limit(limits_)) / (1u << 20));
      error.reason = std::string("line is longer than the limit for one document (") + limit +
                     ": six times --max-body-mb, and 1 MiB)";
      return Result::kError;
    }
    std::string_view text = line_;
    if (lines_.line_number() == 1 && text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    if (is_blank(text)) continue;
    // simdjson's check is several times faster; ICU's finds the byte to name (both follow the
    // Unicode standard: no overlong forms, surrogates or code points above U+10FFFF).
    if (!simdjson::validate_utf8(text.data(), text.size())) {
      if (const auto bad = core::find_invalid_utf8(text)) {
        // Count from the start of the line as written, BOM included.
        const std::size_t byte = *bad + 1 + (line_.size() - text.size());
        error.reason = "invalid UTF-8 at byte " + std::to_string(byte) + " of the line";
        return Result::kError;
      }
    }
    try {
      doc = core::document_from_json(json_.parse(text), limits_, schema_);
      add_jsonl_passages(doc);
      // A bad passage list is this line's fault, not the run's: refuse it here, not in the writer.
      core::check_passages(doc.passages, doc.body.size());
      return Result::kDocument;
    } catch (const nlohmann::json::parse_error& e) {
      error.reason = describe_parse_error(e);
    } catch (const nlohmann::json::exception& e) {
      error.reason = describe_json_error(e);
    } catch (const core::Error& e) {
      error.reason = e.what();
    }
    return Result::kError;
  }
}

}  // namespace dalil::indexer
