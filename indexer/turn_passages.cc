/// @file indexer/turn_passages.cc
/// @brief Locating turns in the body, in order, so that passages are byte spans of the body.
#include "indexer/turn_passages.h"

#include "core/utf8.h"

#include "indexer/transcript_reader.h"

namespace dalil::indexer {

namespace {}  // namespace

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
  if (minutes > 59 || seconds > 59 || hours > 999) return std::nullopt;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

void add_jsonl_passages(core::Document& doc) {
  doc.passages.clear();
  const std::string_view body = doc.body;
  const auto turns = doc.stored.find("turns");
  if (turns != doc.stored.end() && turns->is_array() && !turns->empty()) {
    std::size_t cursor = 0;
    for (const auto& turn : *turns) {
      if (!turn.is_object()) continue;
      const auto text_it = turn.find("text");
      if (text_it == turn.end() || !text_it->is_string()) continue;
      const std::string_view text = core::trim_ascii_space(text_it->get_ref<const std::string&>());
      if (text.empty()) continue;
      const std::size_t found = body.find(text, cursor);
      if (found == std::string_view::npos) continue;
      // The block is the paragraph holding the text: "SPEAKER: text".
      std::size_t start = body.rfind("\n\n", found);
      start = start == std::string_view::npos ? 0 : start + 2;
      if (start < cursor) start = cursor;
      core::Passage p;
      p.start = static_cast<uint32_t>(start);
      p.end = static_cast<uint32_t>(found + text.size());
      if (const auto s = turn.find("speaker"); s != turn.end() && s->is_string())
        p.speaker = s->get<std::string>();
      if (const auto qa = turn.find("qa"); qa != turn.end() && qa->is_string())
        p.qa = qa->get<std::string>();
      if (const auto st = turn.find("start"); st != turn.end() && st->is_string())
        p.start_ms = parse_clock_time(st->get_ref<const std::string&>());
      if (const auto en = turn.find("end"); en != turn.end() && en->is_string())
        p.end_ms = parse_clock_time(en->get_ref<const std::string&>());
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
