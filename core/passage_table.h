/// @file core/passage_table.h
/// @brief Passages in the index: paragraph splitting, the compact passage table of value slot 12,
///        and the SHA-256 of a body (slot 13).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace dalil::core {

/// Field-wise equality (core::Passage itself stays a plain aggregate).
inline bool operator==(const Passage& a, const Passage& b) {
  return a.start == b.start && a.end == b.end && a.speaker == b.speaker && a.qa == b.qa &&
         a.start_ms == b.start_ms && a.end_ms == b.end_ms && a.page == b.page;
}

/// A passage as the index keeps it: the reader's passage plus where its words sit among the
/// document's term positions, so a term position maps back to its passage.
struct IndexedPassage {
  Passage passage;
  uint32_t first_position = 0;  ///< Term position of the passage's first word.
  uint32_t word_count = 0;      ///< Its words take positions [first_position, + word_count).

  bool operator==(const IndexedPassage&) const = default;
};

/// Passages longer than this many bytes are cut at a sentence end (about; see split_paragraphs).
inline constexpr std::size_t kMaxParagraphBytes = 1500;

/// Splits @p body into paragraphs: blocks separated by blank lines (lines of white space only),
/// trimmed of surrounding white space. A block longer than @p max_bytes is cut after the last
/// sentence end (. ! ? ؟ … followed by white space) within max_bytes, else at the last white
/// space, else at a character boundary. Blocks of white space only are no passage.
std::vector<Passage> split_paragraphs(std::string_view body,
                                      std::size_t max_bytes = kMaxParagraphBytes);

/// Checks that @p passages are in order, do not overlap and lie inside a body of @p body_bytes
/// bytes; throws core::Error(kBadDocument) naming the first passage at fault.
void check_passages(const std::vector<Passage>& passages, std::size_t body_bytes);

/// The passage table of value slot kSlotPassages. Layout (every number a LEB128 varint):
///   version (1), string count, each string (length, bytes) — speakers and qa values, deduplicated;
///   passage count; per passage: start - previous end, end - start, first_position - previous
///   first_position, word_count, flags (1 speaker, 2 qa, 4 start_ms, 8 end_ms, 16 page), then
///   the speaker's string index, the qa string index, start_ms, end_ms, page, each when flagged.
std::string encode_passage_table(const std::vector<IndexedPassage>& passages);

/// The inverse of encode_passage_table; nullopt when @p encoded is empty or malformed.
std::optional<std::vector<IndexedPassage>> decode_passage_table(std::string_view encoded);

/// The index of the passage whose words hold term position @p position, or nullopt (title,
/// extra text fields, text between passages). @p passages as decoded (in position order).
std::optional<std::size_t> passage_at(const std::vector<IndexedPassage>& passages,
                                      uint32_t position);

/// SHA-256 of @p bytes as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace dalil::core
