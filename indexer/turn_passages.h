/// @file indexer/turn_passages.h
/// @brief Passages of a JSON Lines document from its "turns", or from "SPEAKER:" blocks.
#pragma once

#include <optional>
#include <string_view>

#include "core/document.h"

namespace dalil::indexer {

/// "hh:mm:ss", "mm:ss" or "hh:mm:ss.mmm" in milliseconds; nullopt when malformed.
std::optional<uint32_t> parse_clock_time(std::string_view text);

/// Sets doc.passages from doc.stored["turns"] (each turn's text found in the body in order;
/// the passage covers the turn's whole block, "SPEAKER: " included; speaker, qa and start from
/// the turn; turns whose text is not in the body are left out). Without turns, a transcript or
/// testimony whose body has "SPEAKER:" blocks gets the passages of transcript_passages().
/// Paragraphs between turns become unattributed passages. A transcript or testimony without
/// turns and with exactly one speaker (a talk) gets its paragraphs, merged up to ~600
/// characters, as passages of that speaker. Other documents keep no passages (the indexer
/// splits them into paragraphs).
void add_jsonl_passages(core::Document& doc);

}  // namespace dalil::indexer
