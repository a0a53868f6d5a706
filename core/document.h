/// @file core/document.h
/// @brief The document every reader produces and the indexer stores: known fields plus all others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/index_schema.h"

namespace dalil::core {

/// Limits on one input document; exceeding one makes the document invalid.
struct DocumentLimits {
  std::size_t max_body_bytes = 16u << 20;
  /// Xapian terms are at most 245 bytes and the id term carries a one-byte prefix.
  std::size_t max_id_bytes = 240;
};

/// One citable unit of a document's body: a speaker turn, a group of consecutive subtitle cues,
/// a paragraph or a PDF page. Offsets are bytes into Document::body and never change after the
/// reader sets them; a citation quotes exactly body[start, end).
struct Passage {
  uint32_t start = 0;                ///< First byte in Document::body.
  uint32_t end = 0;                  ///< One past the last byte.
  std::string speaker;               ///< Empty when the passage has no speaker.
  std::string qa;                    ///< "Q" or "A" for court-style question/answer lines.
  std::optional<uint32_t> start_ms;  ///< Start timecode in the recording, milliseconds.
  std::optional<uint32_t> end_ms;    ///< End timecode in the recording, milliseconds.
  std::optional<uint32_t> page;      ///< 1-based page of a PDF.
};

/// One archive document in the schema of shared/corpora/README.md.
struct Document {
  std::string id;
  std::string title;
  std::string body;
  std::optional<Date> date;
  std::string lang;
  std::string source;
  std::string type;
  std::string category;
  std::string url;
  std::string place;
  std::vector<std::string> speakers;
  /// Passages in body order, not overlapping. Empty means "not split by the reader": the indexer
  /// then splits the body into paragraphs.
  std::vector<Passage> passages;
  /// What the text was read from: "jsonl", "srt", "webvtt", "transcript", "markdown", "text",
  /// "html" or "pdf".
  std::string format = "jsonl";
  /// Encoding of the source file before conversion to UTF-8 ("UTF-8", "windows-1256", ...).
  std::string encoding = "UTF-8";
  /// Values of each facet of the schema, in the schema's order (empty when the document has none).
  std::vector<std::vector<std::string>> facet_values;
  /// Text of each extra text field of the schema, in the schema's order.
  std::vector<std::string> extra_text;
  /// The whole input object, every field kept, as stored in the index.
  nlohmann::json stored;
};

/// Builds a Document from one parsed JSON value, checking types and limits, and extracts the
/// facet values and extra text that @p schema names. Facet fields hold a string, a number or a
/// list of them. Throws core::Error(kBadDocument) with a reason naming the field at fault.
Document document_from_json(nlohmann::json object, const DocumentLimits& limits,
                            const IndexSchema& schema);

}  // namespace dalil::core
