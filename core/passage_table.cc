/// @file core/passage_table.cc
/// @brief Paragraph splitting, passage table encoding and SHA-256 (OpenSSL libcrypto).
#include "core/passage_table.h"

#include <algorithm>
#include <array>

#include <openssl/evp.h>

#include "core/error.h"

namespace dalil::core {

namespace {

bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

// True when a sentence ends just before byte @p at (followed by white space there).
bool sentence_ends_before(std::string_view text, std::size_t at) {
  if (at == 0 || at >= text.size() || !is_space(text[at])) return false;
  const std::string_view before = text.substr(0, at);
  static constexpr std::string_view kEnds[] = {
      ".", "!", "?", "\xD8\x9F" /* ؟ */, "\xE2\x80\xA6" /* … */, "\xDB\x94" /* ۔ */};
  return std::any_of(std::begin(kEnds), std::end(kEnds),
                     [&](std::string_view end) { return before.ends_with(end); });
}

Passage span(std::size_t begin, std::size_t end) {
  Passage passage;
  passage.start = static_cast<uint32_t>(begin);
  passage.end = static_cast<uint32_t>(end);
  return passage;
}

// Appends [begin, end) of @p body to @p out, cut into pieces of at most @p max_bytes.
void add_block(std::string_view body, std::size_t begin, std::size_t end, std::size_t max_bytes,
               std::vector<Passage>& out) {
  while (end - begin > max_bytes) {
    const std::size_t limit = begin + max_bytes;
    const std::size_t floor = begin + max_bytes / 3;
    std::size_t cut = 0;
    for (std::size_t at = limit; at > floor && cut == 0; --at) {
      if (sentence_ends_before(body, at)) cut = at;
    }
    for (std::size_t at = limit; at > floor && cut == 0; --at) {
      if (is_space(body[at])) cut = at;
    }
    if (cut == 0) {
      cut = limit;  // one very long "word": cut at a character boundary
      while (cut > begin + 1 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80) --cut;
    }
    std::size_t piece_end = cut;
    while (piece_end > begin && is_space(body[piece_end - 1])) --piece_end;
    out.push_back(span(begin, piece_end));
    begin = cut;
    while (begin < end && is_space(body[begin])) ++begin;
  }
  if (end > begin) out.push_back(span(begin, end));
}

void put_varint(std::string& out, uint64_t value) {
  do {
    unsigned char byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out += static_cast<char>(byte);
  } while (value != 0);
}

// Reads one varint of at most 32 bits; false at a malformed or truncated one.
bool get_varint(std::string_view& in, uint32_t& value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    if (in.empty()) return false;
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) {
      if (result > UINT32_MAX) return false;
      value = static_cast<uint32_t>(result);
      return true;
    }
  }
  return false;
}

constexpr uint32_t kTableVersion = 1;
constexpr uint32_t kSpeaker = 1;
constexpr uint32_t kQa = 2;
constexpr uint32_t kStartMs = 4;
constexpr uint32_t kEndMs = 8;
constexpr uint32_t kPage = 16;

}  // namespace

std::vector<Passage> split_paragraphs(std::string_view body, std::size_t max_bytes) {
  std::vector<Passage> passages;
  max_bytes = std::max<std::size_t>(max_bytes, 16);
  std::size_t block_begin = 0;
  std::size_t block_end = 0;
  bool in_block = false;
  std::size_t line = 0;
  while (line <= body.size()) {
    std::size_t line_end = body.find('\n', line);
    if (line_end == std::string_view::npos) line_end = body.size();
    std::size_t first = line;
    while (first < line_end && is_space(body[first])) ++first;
    if (first == line_end) {
      if (in_block) add_block(body, block_begin, block_end, max_bytes, passages);
      in_block = false;
    } else {
      std::size_t last = line_end;
      while (last > first && is_space(body[last - 1])) --last;
      if (!in_block) block_begin = first;
      block_end = last;
      in_block = true;
    }
    line = line_end + 1;
  }
  if (in_block) add_block(body, block_begin, block_end, max_bytes, passages);
  return passages;
}

void check_passages(const std::vector<Passage>& passages, std::size_t body_bytes) {
  uint32_t previous_end = 0;
  for (std::size_t i = 0; i < passages.size(); ++i) {
    const Passage& p = passages[i];
    const std::string which = "passage " + std::to_string(i + 1);
    if (p.start > p.end) throw Error(ErrorCode::kBadDocument, which + " ends before it starts");
    if (p.end > body_bytes) throw Error(ErrorCode::kBadDocument, which + " ends past the body");
    if (p.start < previous_end) {
      throw Error(ErrorCode::kBadDocument, which + " overlaps the one before it");
    }
    previous_end = p.end;
  }
}

std::string encode_passage_table(const std::vector<IndexedPassage>& passages) {
  std::vector<std::string> strings;
  auto index_of = [&strings](const std::string& value) {
    const auto it = std::find(strings.begin(), strings.end(), value);
    if (it != strings.end()) return static_cast<uint32_t>(it - strings.begin());
    strings.push_back(value);
    return static_cast<uint32_t>(strings.size() - 1);
  };
  std::string rows;
  uint32_t previous_end = 0;
  uint32_t previous_position = 0;
  for (const auto& entry : passages) {
    const Passage& p = entry.passage;
    put_varint(rows, p.start - previous_end);
    put_varint(rows, p.end - p.start);
    put_varint(rows, entry.first_position - previous_position);
    put_varint(rows, entry.word_count);
    const uint32_t flags = (p.speaker.empty() ? 0 : kSpeaker) | (p.qa.empty() ? 0 : kQa) |
                           (p.start_ms ? kStartMs : 0) | (p.end_ms ? kEndMs : 0) |
                           (p.page ? kPage : 0);
    put_varint(rows, flags);
    if (!p.speaker.empty()) put_varint(rows, index_of(p.speaker));
    if (!p.qa.empty()) put_varint(rows, index_of(p.qa));
    if (p.start_ms) put_varint(rows, *p.start_ms);
    if (p.end_ms) put_varint(rows, *p.end_ms);
    if (p.page) put_varint(rows, *p.page);
    previous_end = p.end;
    previous_position = entry.first_position;
  }
  std::string out;
  put_varint(out, kTableVersion);
  put_varint(out, strings.size());
  for (const auto& value : strings) {
    put_varint(out, value.size());
    out += value;
  }
  put_varint(out, passages.size());
  out += rows;
  return out;
}

std::optional<std::vector<IndexedPassage>> decode_passage_table(std::string_view in) {
  uint32_t version = 0;
  uint32_t string_count = 0;
  if (!get_varint(in, version) || version != kTableVersion) return std::nullopt;
  if (!get_varint(in, string_count) || string_count > in.size()) return std::nullopt;
  std::vector<std::string> strings;
  strings.reserve(string_count);
  for (uint32_t i = 0; i < string_count; ++i) {
    uint32_t length = 0;
    if (!get_varint(in, length) || length > in.size()) return std::nullopt;
    strings.emplace_back(in.substr(0, length));
    in.remove_prefix(length);
  }
  uint32_t count = 0;
  // Each row takes at least five bytes.
  if (!get_varint(in, count) || count > in.size() / 5) return std::nullopt;
  std::vector<IndexedPassage> passages(count);
  uint32_t previous_end = 0;
  uint32_t previous_position = 0;
  for (auto& entry : passages) {
    uint32_t gap = 0, length = 0, position_step = 0, flags = 0, value = 0;
    if (!get_varint(in, gap) || !get_varint(in, length) || !get_varint(in, position_step) ||
        !get_varint(in, entry.word_count) || !get_varint(in, flags)) {
      return std::nullopt;
    }
    Passage& p = entry.passage;
    p.start = previous_end + gap;
    p.end = p.start + length;
    entry.first_position = previous_position + position_step;
    if (p.start < previous_end || p.end < p.start) return std::nullopt;  // overflow
    auto string_at = [&](std::string& to) {
      if (!get_varint(in, value) || value >= strings.size()) return false;
      to = strings[value];
      return true;
    };
    auto number = [&](std::optional<uint32_t>& to) {
      if (!get_varint(in, value)) return false;
      to = value;
      return true;
    };
    if ((flags & kSpeaker) && !string_at(p.speaker)) return std::nullopt;
    if ((flags & kQa) && !string_at(p.qa)) return std::nullopt;
    if ((flags & kStartMs) && !number(p.start_ms)) return std::nullopt;
    if ((flags & kEndMs) && !number(p.end_ms)) return std::nullopt;
    if ((flags & kPage) && !number(p.page)) return std::nullopt;
    previous_end = p.end;
    previous_position = entry.first_position;
  }
  if (!in.empty()) return std::nullopt;
  return passages;
}

std::optional<std::size_t> passage_at(const std::vector<IndexedPassage>& passages,
                                      uint32_t position) {
  const auto it = std::upper_bound(
      passages.begin(), passages.end(), position,
      [](uint32_t pos, const IndexedPassage& entry) { return pos < entry.first_position; });
  if (it == passages.begin()) return std::nullopt;
  const auto& entry = *(it - 1);
  if (position - entry.first_position >= entry.word_count) return std::nullopt;
  return static_cast<std::size_t>(it - 1 - passages.begin());
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw Error(ErrorCode::kInternal, "SHA-256 failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace dalil::core
