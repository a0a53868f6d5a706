/// @file indexer/turn_passages.cc
/// @brief Locating turns in the body, in order, so that passages are byte spans of the body.
#include "indexer/turn_passages.h"

#include <algorithm>
#include <charconv>

#include "core/error.h"
#include "core/utf8.h"

#include "indexer/transcript_reader.h"

namespace dalil::indexer {

namespace {

bool is_blank_byte(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

// Where the paragraph holding byte @p at of @p body begins, not before @p floor: after the last
// line before it that is blank (empty, or spaces, tabs and a CR only: CRLF files and stray
// spaces), then past white space.
std::size_t paragraph_start(std::string_view body, std::size_t at, std::size_t floor) {
  // Searched back from `at` to `floor` only: a body of many turns on one line stays linear.
  const std::string_view window = body.substr(floor, at - floor);
  auto line_after = [&](std::size_t end) {  // start of the line holding window[end - 1]
    const std::size_t nl = end == 0 ? std::string_view::npos : window.rfind('\n', end - 1);
    return nl == std::string_view::npos ? 0 : nl + 1;
  };
  std::size_t line = floor + line_after(at - floor);  // the line holding `at`
  while (line > floor) {
    // The line before: [previous, line - 1).
    const std::size_t end = line - 1;
    const std::size_t previous = floor + line_after(end - floor);
    // That line begins before `floor` (inside the previous turn): the paragraph starts here.
    if (previous == floor && floor != 0 && body[floor - 1] != '\n') break;
    const std::string_view text = body.substr(previous, end - previous);
    if (std::all_of(text.begin(), text.end(), is_blank_byte)) break;
    line = previous;
  }
  std::size_t start = std::max(line, floor);
  while (start < at && is_blank_byte(body[start])) ++start;
  return start;
}

}  // namespace

std::optional<uint32_t> parse_clock_time(std::string_view text) {
  uint32_t parts[3] = {0, 0, 0};
  int count = 0;
  uint32_t millis = 0;
  std::size_t i = 0;
  while (count < 3) {
    std::size_t digits = 0;
    uint32_t value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 4) {
      value = value * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i, ++digits;
    }
    if (digits == 0) return std::nullopt;
    parts[count++] = value;
    if (i < text.size() && text[i] == ':') {
      ++i;
      continue;
    }
    break;
  }
  if (count < 2) return std::nullopt;
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    ++i;
    uint32_t scale = 100;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      millis += static_cast<uint32_t>(text[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  const uint32_t hours = count == 3 ? parts[0] : 0;
  const uint32_t minutes = parts[count - 2];
  const uint32_t seconds = parts[count - 1];
  // mm:ss may count past an hour (75:30, as video players write it).
  if ((count == 3 && minutes > 59) || seconds > 59 || hours > 999) return std::nullopt;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

namespace {

// A turn's "start" or "end": hh:mm:ss(.mmm), mm:ss, or seconds (a number or a string of one);
// absent, null or "" is none. Anything else refuses the line rather than leave a passage
// without its timecode.
std::optional<uint32_t> turn_time(const nlohmann::json& turn, const char* key,
                                  std::size_t turn_at) {
  const auto it = turn.find(key);
  if (it == turn.end() || it->is_null()) return std::nullopt;
  if (it->is_number()) {
    const double seconds = it->get<double>();
    if (seconds >= 0 && seconds < 1000.0 * 3600) return static_cast<uint32_t>(seconds * 1000 + 0.5);
  } else if (it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    if (text.empty()) return std::nullopt;  // as null: some exporters write "" for none
    if (const auto ms = parse_clock_time(text)) return ms;
    // Seconds written as a string ("12.5"), as other exporters do.
    double seconds = -1;
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), seconds, std::chars_format::fixed);
    if (error == std::errc() && end == text.data() + text.size() && seconds >= 0 &&
        seconds < 1000.0 * 3600)
      return static_cast<uint32_t>(seconds * 1000 + 0.5);
  }
  throw core::Error(core::ErrorCode::kBadDocument,
                    "turn " + std::to_string(turn_at + 1) + ": \"" + key + "\" is " + it->dump() +
                        ", not a time: write \"hh:mm:ss\", \"mm:ss\" (with .mmm if wanted) "
                        "or seconds");
}

}  // namespace

void add_jsonl_passages(core::Document& doc) {
  doc.passages.clear();
  const std::string_view body = doc.body;
  const auto turns = doc.stored.find("turns");
  if (turns != doc.stored.end() && !turns->is_null() && !turns->is_array()) {
    throw core::Error(core::ErrorCode::kBadDocument,
                      "field 'turns' must be a list of {\"speaker\", \"text\", \"start\"} objects");
  }
  if (turns != doc.stored.end() && turns->is_array() && !turns->empty()) {
    std::size_t cursor = 0;
    for (std::size_t t = 0; t < turns->size(); ++t) {
      const nlohmann::json& turn = (*turns)[t];
      // A turn the schema does not describe would be left out without a word, and its words
      // given to the passage before it.
      const auto text_it = turn.is_object() ? turn.find("text") : turn.end();
      const auto speaker_it = turn.is_object() ? turn.find("speaker") : turn.end();
      if (!turn.is_object() || text_it == turn.end() || !text_it->is_string() ||
          (speaker_it != turn.end() && !speaker_it->is_string() && !speaker_it->is_null())) {
        throw core::Error(core::ErrorCode::kBadDocument,
                          "turn " + std::to_string(t + 1) +
                              ": must be an object with a \"text\" string (and a \"speaker\" "
                              "string)");
      }
      const std::string_view text = core::trim_ascii_space(text_it->get_ref<const std::string&>());
      if (text.empty()) continue;
      // Checked for every turn, found in the body or not.
      const auto start_ms = turn_time(turn, "start", t);
      const auto end_ms = turn_time(turn, "end", t);
      const std::size_t found = body.find(text, cursor);
      if (found == std::string_view::npos) continue;
      // The block is the paragraph holding the text: "SPEAKER: text".
      const std::size_t start = paragraph_start(body, found, cursor);
      core::Passage p;
      p.start = static_cast<uint32_t>(start);
      p.end = static_cast<uint32_t>(found + text.size());
      if (const auto s = turn.find("speaker"); s != turn.end() && s->is_string())
        p.speaker = s->get<std::string>();
      if (const auto qa = turn.find("qa"); qa != turn.end() && qa->is_string())
        p.qa = qa->get<std::string>();
      p.start_ms = start_ms;
      p.end_ms = end_ms;
      cursor = p.end;
      doc.passages.push_back(std::move(p));
    }
    if (!doc.passages.empty()) fill_passage_gaps(body, doc.passages);
    return;
  }
  if (doc.type == "transcript" || doc.type == "testimony") {
    doc.passages = transcript_passages(body);
    // A talk or monologue: its paragraphs are all said by its one speaker.
    if (doc.passages.empty() && doc.speakers.size() == 1) {
      fill_passage_gaps(body, doc.passages);
      for (auto& p : doc.passages) p.speaker = doc.speakers.front();
    }
  }
}

}  // namespace dalil::indexer
