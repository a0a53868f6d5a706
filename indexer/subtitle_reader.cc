/// @file indexer/subtitle_reader.cc
/// @brief Block splitting, timecode parsing, tag stripping and cue grouping for SRT and WebVTT.
#include "indexer/subtitle_reader.h"

#include "core/utf8.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <optional>

#include "indexer/format_error.h"
#include "indexer/transcript_reader.h"

namespace dalil::indexer {

namespace {

struct Line {
  std::string_view text;
  uint64_t number;
};

bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f';
}

// Blocks of non-blank lines.
std::vector<std::vector<Line>> blocks_of(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<Line>> blocks;
  std::vector<Line> current;
  uint64_t number = 0;
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++number;
    if (core::trim_ascii_space(line).empty()) {
      if (!current.empty()) blocks.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back({line, number});
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  if (!current.empty()) blocks.push_back(std::move(current));
  return blocks;
}

// Reads digits from @p s; nullopt when there are none or more than @p max_digits.
std::optional<uint32_t> read_number(std::string_view& s, std::size_t min_digits,
                                    std::size_t max_digits) {
  std::size_t n = 0;
  uint64_t value = 0;
  while (n < s.size() && core::is_ascii_digit(s[n])) {
    value = value * 10 + static_cast<uint64_t>(s[n] - '0');
    ++n;
  }
  if (n < min_digits || n > max_digits) return std::nullopt;
  s.remove_prefix(n);
  return static_cast<uint32_t>(value);
}

// "hh:mm:ss,mmm" (SRT) or "[hh:]mm:ss.mmm" (WebVTT), consumed from the front of @p s.
std::optional<uint32_t> read_timecode(std::string_view& s, bool vtt) {
  std::vector<uint32_t> parts;
  for (;;) {
    const auto n = read_number(s, 1, 4);
    if (!n) return std::nullopt;
    parts.push_back(*n);
    if (s.empty() || s.front() != ':') break;
    s.remove_prefix(1);
  }
  if (parts.size() != 3 && !(vtt && parts.size() == 2)) return std::nullopt;
  if (s.empty() || !(s.front() == '.' || (!vtt && s.front() == ','))) return std::nullopt;
  s.remove_prefix(1);
  std::string_view digits = s;
  const auto ms = read_number(s, vtt ? 3 : 1, 3);
  if (!ms) return std::nullopt;
  uint32_t millis = *ms;
  for (std::size_t d = digits.size() - s.size(); d < 3; ++d) millis *= 10;  // ",5" = 500 ms
  const uint32_t hours = parts.size() == 3 ? parts[0] : 0;
  const uint32_t minutes = parts[parts.size() - 2];
  const uint32_t seconds = parts.back();
  if (minutes > 59 || seconds > 59 || hours > 999) return std::nullopt;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

// "start --> end[ settings]".
bool parse_timing(std::string_view line, bool vtt, Cue& cue) {
  std::string_view s = core::trim_ascii_space(line);
  const auto start = read_timecode(s, vtt);
  if (!start) return false;
  s = core::trim_ascii_space(s);
  if (!s.starts_with("-->")) return false;
  s.remove_prefix(3);
  s = core::trim_ascii_space(s);
  const auto end = read_timecode(s, vtt);
  if (!end || *end < *start) return false;
  if (!s.empty() && !is_space(s.front())) return false;
  cue.start_ms = *start;
  cue.end_ms = *end;
  return true;
}

std::string quote(std::string_view line) {
  std::string out(core::trim_ascii_space(line).substr(0, 60));
  return "'" + out + "'";
}

void append_entity(std::string_view& s, std::string& out) {
  static const std::pair<const char*, const char*> kEntities[] = {{"&amp;", "&"},
                                                                  {"&lt;", "<"},
                                                                  {"&gt;", ">"},
                                                                  {"&nbsp;", "\xC2\xA0"},
                                                                  {"&lrm;", "\xE2\x80\x8E"},
                                                                  {"&rlm;", "\xE2\x80\x8F"},
                                                                  {"&quot;", "\""},
                                                                  {"&apos;", "'"}};
  for (const auto& [name, value] : kEntities) {
    if (s.starts_with(name)) {
      out += value;
      s.remove_prefix(std::string_view(name).size());
      return;
    }
  }
  out += '&';
  s.remove_prefix(1);
}

// Removes tags from one line of cue text; a leading <v Speaker> sets @p voice.
std::string clean_line(std::string_view s, std::string& voice, bool& voice_seen) {
  std::string out;
  while (!s.empty()) {
    const char ch = s.front();
    if (ch == '<') {
      const auto close = s.find('>');
      const bool tag_like = close != std::string_view::npos && s.size() > 1 &&
                            (std::isalpha(static_cast<unsigned char>(s[1])) || s[1] == '/' ||
                             core::is_ascii_digit(s[1]));
      if (tag_like) {
        const std::string_view tag = s.substr(1, close - 1);
        if ((tag.starts_with("v ") || tag.starts_with("v.") || tag.starts_with("v\t"))) {
          const auto space = tag.find_first_of(" \t");
          voice = space == std::string_view::npos
                      ? ""
                      : std::string(core::trim_ascii_space(tag.substr(space)));
          voice_seen = true;
        }
        s.remove_prefix(close + 1);
        continue;
      }
    } else if (ch == '{' && s.size() > 1 && s[1] == '\\') {
      const auto close = s.find('}');
      if (close != std::string_view::npos) {
        s.remove_prefix(close + 1);
        continue;
      }
    } else if (ch == '&') {
      append_entity(s, out);
      continue;
    }
    out += ch;
    s.remove_prefix(1);
  }
  return std::string(core::trim_ascii_space(out));
}

// The cue (or cues, one per voice) of one block's text lines.
void add_cue_text(const std::vector<Line>& lines, std::size_t first, Cue timing, bool srt_labels,
                  std::string& last_speaker, std::vector<Cue>& cues) {
  Cue cue = timing;
  cue.speaker = srt_labels ? last_speaker : std::string();
  bool started = false;
  for (std::size_t i = first; i < lines.size(); ++i) {
    std::string voice;
    bool voice_seen = false;
    std::string text = clean_line(lines[i].text, voice, voice_seen);
    if (srt_labels && !text.empty()) {
      if (auto label = speaker_label(text)) voice = *label, voice_seen = true;
    }
    if (voice_seen && voice != cue.speaker) {
      if (started) cues.push_back(cue);
      cue.text.clear();
      cue.speaker = voice;
      started = false;
    }
    if (text.empty()) continue;
    if (started) cue.text += '\n';
    cue.text += text;
    started = true;
  }
  if (started) cues.push_back(cue);
  last_speaker = cue.speaker;
}

}  // namespace

std::vector<Cue> parse_srt(std::string_view text) {
  std::vector<Cue> cues;
  std::string speaker;
  for (const auto& block : blocks_of(text)) {
    std::size_t timing_at = 0;
    const std::string_view first = core::trim_ascii_space(block[0].text);
    if (first.find("-->") == std::string_view::npos) {
      bool number = !first.empty();
      for (char ch : first) number = number && core::is_ascii_digit(ch);
      if (!number || block.size() < 2) {
        throw FormatError(block[0].number,
                          "expected a cue number or a timing line, found " + quote(first));
      }
      timing_at = 1;
    }
    Cue timing;
    timing.line = block[timing_at].number;
    if (!parse_timing(block[timing_at].text, false, timing)) {
      throw FormatError(timing.line, "invalid timecode " + quote(block[timing_at].text) +
                                         " (expected hh:mm:ss,mmm --> hh:mm:ss,mmm)");
    }
    add_cue_text(block, timing_at + 1, timing, true, speaker, cues);
  }
  if (cues.empty()) throw FormatError(0, "no cue with text");
  return cues;
}

std::vector<Cue> parse_webvtt(std::string_view text) {
  const auto blocks = blocks_of(text);
  if (blocks.empty() || !blocks[0][0].text.starts_with("WEBVTT") ||
      (blocks[0][0].text.size() > 6 && !is_space(blocks[0][0].text[6]))) {
    throw FormatError(1, "missing WEBVTT header");
  }
  std::vector<Cue> cues;
  std::string speaker;
  for (std::size_t b = 1; b < blocks.size(); ++b) {
    const auto& block = blocks[b];
    const std::string_view first = block[0].text;
    auto is_keyword = [&](std::string_view word) {
      return first.starts_with(word) &&
             (first.size() == word.size() || is_space(first[word.size()]));
    };
    if (is_keyword("NOTE") || is_keyword("STYLE") || is_keyword("REGION")) continue;
    std::size_t timing_at = 0;
    if (first.find("-->") == std::string_view::npos) {
      if (block.size() < 2 || block[1].text.find("-->") == std::string_view::npos) {
        throw FormatError(block[0].number, "expected a cue timing line, found " + quote(first));
      }
      timing_at = 1;
    }
    Cue timing;
    timing.line = block[timing_at].number;
    if (!parse_timing(block[timing_at].text, true, timing)) {
      throw FormatError(timing.line, "invalid timecode " + quote(block[timing_at].text) +
                                         " (expected [hh:]mm:ss.ttt --> [hh:]mm:ss.ttt)");
    }
    speaker.clear();
    add_cue_text(block, timing_at + 1, timing, false, speaker, cues);
  }
  if (cues.empty()) throw FormatError(0, "no cue with text");
  return cues;
}

SubtitleText group_cues(const std::vector<Cue>& cues, const CueGrouping& grouping) {
  auto chars = [](std::string_view s) {
    std::size_t n = 0;
    for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    return n;
  };
  auto ends_sentence = [](std::string_view s) {
    return s.ends_with(".") || s.ends_with("?") || s.ends_with("!") || s.ends_with("\"") ||
           s.ends_with("\xD8\x9F") /* ؟ */ || s.ends_with("\xE2\x80\xA6") /* … */;
  };
  SubtitleText out;
  bool open = false;
  std::size_t group_chars = 0;
  uint32_t last_end_ms = 0;
  auto close = [&] {
    if (!open) return;
    out.passages.back().end = static_cast<uint32_t>(out.body.size());
    open = false;
  };
  for (const auto& cue : cues) {
    const std::size_t n = chars(cue.text);
    if (open) {
      const auto& current = out.passages.back();
      if (cue.speaker != current.speaker || cue.start_ms >= last_end_ms + grouping.pause_ms ||
          group_chars + n > grouping.max_chars)
        close();
    }
    if (!open) {
      if (!out.body.empty()) out.body += "\n\n";
      core::Passage p;
      p.start = static_cast<uint32_t>(out.body.size());
      p.speaker = cue.speaker;
      p.start_ms = cue.start_ms;
      out.passages.push_back(std::move(p));
      open = true;
      group_chars = 0;
      last_end_ms = cue.end_ms;
    } else {
      out.body += '\n';
    }
    out.body += cue.text;
    group_chars += n;
    last_end_ms = std::max(last_end_ms, cue.end_ms);
    out.passages.back().end_ms = last_end_ms;
    if (group_chars >= grouping.target_chars && ends_sentence(cue.text)) close();
  }
  close();
  return out;
}

}  // namespace dalil::indexer
