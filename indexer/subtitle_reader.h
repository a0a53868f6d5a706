/// @file indexer/subtitle_reader.h
/// @brief SRT and WebVTT subtitles: cues with timecodes and speakers, grouped into passages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/document.h"

namespace dalil::indexer {

/// One cue (or, when a WebVTT cue has several voices, one voice of it) with its text cleaned:
/// styling tags, voice tags, ASS overrides ({\an8}) and entities removed or decoded.
struct Cue {
  uint32_t start_ms = 0;
  uint32_t end_ms = 0;
  std::string speaker;  ///< From <v Speaker>, or a "SPEAKER:" label in SRT; may be empty.
  std::string text;     ///< Lines joined by "\n"; never empty.
  uint64_t line = 0;    ///< Line of the timing line.
};

/// Cues of an SRT file (index line optional; "hh:mm:ss,mmm --> hh:mm:ss,mmm"; '.' accepted for
/// ','). An SRT cue without a "NAME:" label keeps the speaker of the cue before. Empty cues are
/// dropped. Throws FormatError with the line for a block without a timing line or a broken
/// timecode, and with line 0 when no cue has text.
std::vector<Cue> parse_srt(std::string_view text);

/// Cues of a WebVTT file: "WEBVTT" header, NOTE/STYLE/REGION blocks ignored, optional cue
/// identifiers, "[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]". Errors as parse_srt().
std::vector<Cue> parse_webvtt(std::string_view text);

/// When consecutive cues stop forming one passage.
struct CueGrouping {
  std::size_t target_chars = 400;  ///< Close after a sentence end once this long.
  std::size_t max_chars = 600;     ///< Never grow past this (unless one cue is longer).
  uint32_t pause_ms = 4000;        ///< A silence this long starts a new passage.
};

/// The text and passages of a subtitle document.
struct SubtitleText {
  std::string body;  ///< Cues joined by "\n", passages by "\n\n".
  std::vector<core::Passage> passages;
};

/// Groups @p cues into passages: a new one at a speaker change, a long pause or the length
/// bounds; each has the start of its first cue and the end of its last.
SubtitleText group_cues(const std::vector<Cue>& cues, const CueGrouping& grouping = {});

}  // namespace dalil::indexer
