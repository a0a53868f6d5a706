/// @file indexer/transcript_reader.h
/// @brief Speaker turns of plain-text transcripts: "SPEAKER: text" lines (Latin upper-case or
///        Arabic names) and court-style "Q." / "A." lines, one passage per turn.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace dalil::indexer {

/// The speaker label that starts @p line ("MR. KAREGYESA: text" -> "MR. KAREGYESA"): a Latin
/// label without lower-case letters (at most 6 words) or an Arabic one (at most 3 words),
/// followed by ':' and a space or the end of the line. A leading court line number is skipped.
std::optional<std::string> speaker_label(std::string_view line);

/// Passages of a transcript, in order and covering every paragraph of @p text: one per turn
/// (from its first line to the end of its last paragraph) and, between turns, unattributed
/// passages of the other paragraphs (headers, procedural notes), merged up to ~600 characters.
/// A turn goes on over blank lines until the next turn, or a paragraph that opens with '(' or
/// '[', or a line naming the examining counsel ("BY MR. X:"). Q lines are spoken by that
/// counsel (else "Q"), A lines by "THE WITNESS" (else "A"). Empty when @p text has fewer than
/// two turn lines: it is then no transcript.
std::vector<core::Passage> transcript_passages(std::string_view text);

/// Unattributed passages for the paragraphs of @p body that no passage covers, merged up to
/// ~600 characters; @p passages stays sorted.
void fill_passage_gaps(std::string_view body, std::vector<core::Passage>& passages);

/// The speakers of @p passages in order of first appearance.
std::vector<std::string> passage_speakers(const std::vector<core::Passage>& passages);

}  // namespace dalil::indexer
