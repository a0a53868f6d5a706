/// @file indexer/transcript_reader.cc
/// @brief Line classification (speaker, Q/A, examining counsel, note) and turn assembly.
#include "indexer/transcript_reader.h"

#include "core/utf8.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <map>

namespace dalil::indexer {

namespace {

constexpr std::size_t kMaxGapPassageChars = 600;

bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

// Court transcripts number their lines ("22            JUDGE HUNT:  ..."); the number is no
// part of what was said.
std::string_view skip_line_number(std::string_view line) {
  line = core::trim_ascii_space(line);
  std::size_t i = 0;
  while (i < line.size() && i < 3 && core::is_ascii_digit(line[i])) ++i;
  if (i == 0 || i == line.size()) return line;
  if (line[i] == '\t' || (i + 1 < line.size() && line[i] == ' ' && line[i + 1] == ' '))
    return core::trim_ascii_space(line.substr(i));
  return line;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (is_space(ch)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 60) return false;
  const auto* bytes = reinterpret_cast<const uint8_t*>(label.data());
  const auto length = static_cast<int32_t>(label.size());
  int letters = 0, arabic = 0, words = 1;
  bool first = true;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
    if (c == ' ') {
      ++words;
      continue;
    }
    if (u_isalpha(c)) {
      if (u_islower(c)) return false;
      ++letters;
      UErrorCode status = U_ZERO_ERROR;
      if (uscript_getScript(c, &status) == USCRIPT_ARABIC) ++arabic;
    } else if (first) {
      return false;  // A label starts with a letter: "10:30" is a time, not a speaker.
    } else if (!(u_isdigit(c) || c == '.' || c == '\'' || c == '-' || c == '(' || c == ')' ||
                 c == '&' || c == '/' || c == ',' || c == 0x2019)) {
      return false;
    }
    first = false;
  }
  if (letters == 0) return false;
  if (arabic > 0) return arabic == letters && words <= 3;
  return words <= 6;
}

enum class LineKind { kBlank, kSpeaker, kQuestion, kAnswer, kExaminer, kNote, kText };

struct Classified {
  LineKind kind = LineKind::kText;
  std::string value;  ///< Speaker label or examining counsel.
};

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& ch : out) {
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  }
  return out;
}

// "BY MR. KAREGYESA:", "Examination by Mr. Groome:", "CROSS-EXAMINATION BY MS. X".
std::optional<std::string> examiner_of(std::string_view line) {
  if (line.size() > 90) return std::nullopt;
  std::string upper = ascii_upper(line);
  while (!upper.empty() && (upper.back() == ':' || upper.back() == ' ')) upper.pop_back();
  std::size_t name = std::string::npos;
  if (upper.starts_with("BY ")) {
    name = 3;
  } else if (const auto by = upper.find(" BY ");
             by != std::string::npos && upper.substr(0, by).find("EXAMIN") != std::string::npos) {
    name = by + 4;
  }
  if (name == std::string::npos) return std::nullopt;
  std::string who = collapse_spaces(upper.substr(name));
  for (const char* title :
       {"MR", "MS", "MRS", "DR", "JUDGE", "COUNSEL", "MADAM", "MR.", "MS.", "MRS.", "DR.", "ME."}) {
    if (who.starts_with(std::string(title) + " ")) return who;
  }
  return std::nullopt;
}

bool has_arabic(std::string_view s) {
  // Arabic letters are encoded with lead bytes 0xD8..0xDB.
  for (char ch : s) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0xD8 && b <= 0xDB) return true;
  }
  return false;
}

Classified classify(std::string_view raw, const std::map<std::string, int>& label_counts) {
  const std::string_view line = skip_line_number(raw);
  if (line.empty()) return {LineKind::kBlank, {}};
  if (line.size() >= 2 && (line[0] == 'Q' || line[0] == 'A') &&
      (line[1] == '.' || line[1] == ':') && (line.size() == 2 || is_space(line[2]))) {
    return {line[0] == 'Q' ? LineKind::kQuestion : LineKind::kAnswer, {}};
  }
  if (auto who = examiner_of(line)) return {LineKind::kExaminer, std::move(*who)};
  if (auto label = speaker_label(line)) {
    // Arabic has no upper case to tell a name from the start of a sentence ("ربما تسأل: ...");
    // an Arabic label is a speaker only when it opens more than one line.
    if (!has_arabic(*label) || label_counts.at(*label) >= 2)
      return {LineKind::kSpeaker, std::move(*label)};
  }
  if (line.front() == '(' || line.front() == '[') return {LineKind::kNote, {}};
  return {LineKind::kText, {}};
}

}  // namespace

std::optional<std::string> speaker_label(std::string_view raw) {
  const std::string_view line = skip_line_number(raw);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  if (colon + 1 < line.size() && !is_space(line[colon + 1])) return std::nullopt;
  const std::string_view label = core::trim_ascii_space(line.substr(0, colon));
  if (!valid_label(label)) return std::nullopt;
  return collapse_spaces(label);
}

std::vector<core::Passage> transcript_passages(std::string_view text) {
  std::map<std::string, int> label_counts;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    if (auto label = speaker_label(text.substr(pos, end - pos))) ++label_counts[*label];
    pos = end + 1;
  }
  std::vector<core::Passage> turns;
  std::string examiner;
  int turn_lines = 0;
  bool open = false;         // A turn is being extended.
  bool after_blank = false;  // A blank line came since the last text line.
  uint32_t last_end = 0;     // End of the last non-blank line.
  auto close = [&] {
    if (open) turns.back().end = last_end;
    open = false;
  };
  for (std::size_t pos = 0; pos <= text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    const Classified c = classify(line, label_counts);
    std::size_t first = 0;
    while (first < line.size() && is_space(line[first])) ++first;
    std::size_t last = line.size();
    while (last > first && is_space(line[last - 1])) --last;
    const auto line_start = static_cast<uint32_t>(pos + first);
    const auto line_end = static_cast<uint32_t>(pos + last);
    switch (c.kind) {
      case LineKind::kBlank:
        after_blank = true;
        break;
      case LineKind::kSpeaker:
      case LineKind::kQuestion:
      case LineKind::kAnswer: {
        close();
        core::Passage p;
        p.start = line_start;
        if (c.kind == LineKind::kSpeaker) {
          p.speaker = c.value;
        } else if (c.kind == LineKind::kQuestion) {
          p.qa = "Q";
          p.speaker = examiner.empty() ? "Q" : examiner;
        } else {
          p.qa = "A";
          p.speaker = examiner.empty() ? "A" : "THE WITNESS";
        }
        turns.push_back(std::move(p));
        open = true;
        ++turn_lines;
        break;
      }
      case LineKind::kExaminer:
        close();
        examiner = c.value;
        break;
      case LineKind::kNote:
        if (after_blank) close();
        break;
      case LineKind::kText:
        break;
    }
    if (c.kind != LineKind::kBlank) {
      after_blank = false;
      last_end = line_end;
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  close();
  if (turn_lines < 2) return {};
  fill_passage_gaps(text, turns);
  return turns;
}

void fill_passage_gaps(std::string_view body, std::vector<core::Passage>& passages) {
  std::vector<core::Passage> out;
  auto add_gap = [&](std::size_t from, std::size_t to) {
    // Paragraphs of the gap, merged while they stay under the length bound.
    std::optional<core::Passage> current;
    std::size_t pos = from;
    while (pos < to) {
      while (pos < to && (is_space(body[pos]) || body[pos] == '\n')) ++pos;
      if (pos >= to) break;
      std::size_t para_end = body.find("\n\n", pos);
      if (para_end == std::string_view::npos || para_end > to) para_end = to;
      std::size_t trimmed = para_end;
      while (trimmed > pos && (is_space(body[trimmed - 1]) || body[trimmed - 1] == '\n')) --trimmed;
      if (current && trimmed - current->start > kMaxGapPassageChars) {
        out.push_back(*current);
        current.reset();
      }
      if (!current) {
        current.emplace();
        current->start = static_cast<uint32_t>(pos);
      }
      current->end = static_cast<uint32_t>(trimmed);
      pos = para_end;
    }
    if (current) out.push_back(*current);
  };
  std::size_t cursor = 0;
  for (auto& p : passages) {
    if (p.start > cursor) add_gap(cursor, p.start);
    cursor = std::max<std::size_t>(cursor, p.end);
    out.push_back(std::move(p));
  }
  if (cursor < body.size()) add_gap(cursor, body.size());
  passages = std::move(out);
}

std::vector<std::string> passage_speakers(const std::vector<core::Passage>& passages) {
  std::vector<std::string> speakers;
  for (const auto& p : passages) {
    if (!p.speaker.empty() &&
        std::find(speakers.begin(), speakers.end(), p.speaker) == speakers.end())
      speakers.push_back(p.speaker);
  }
  return speakers;
}

}  // namespace dalil::indexer
