/// @file core/spelling_form.cc
/// @brief Arabic letters as single bytes in the spelling table, and back.
#include "core/spelling_form.h"

#include "core/schema.h"
#include "core/utf8.h"

namespace dalil::core {

namespace {

constexpr char32_t kFirstLetter = 0x0621;  // ء
constexpr char32_t kLastLetter = 0x064A;   // ي
constexpr unsigned char kFirstByte = 0x80;

}  // namespace

std::string to_spelling_entry(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto ch = static_cast<unsigned char>(word[i]);
    if (ch < 0x80) {
      out += static_cast<char>(ch);
      continue;
    }
    // U+0621-U+064A are D8 A1 - D9 8A in UTF-8.
    if ((ch == 0xD8 || ch == 0xD9) && i + 1 < word.size()) {
      const auto next = static_cast<unsigned char>(word[i + 1]);
      const char32_t cp = (static_cast<char32_t>(ch & 0x1F) << 6) | (next & 0x3F);
      if ((next & 0xC0) == 0x80 && cp >= kFirstLetter && cp <= kLastLetter) {
        out += static_cast<char>(kFirstByte + (cp - kFirstLetter));
        ++i;
        continue;
      }
    }
    return std::string(word);  // another character: the word stays UTF-8
  }
  return out;
}

std::string from_spelling_entry(std::string_view entry) {
  if (!find_invalid_utf8(entry)) return std::string(entry);
  std::string out;
  out.reserve(entry.size() * 2);
  for (const char byte : entry) {
    const auto ch = static_cast<unsigned char>(byte);
    if (ch < 0x80) {
      out += byte;
      continue;
    }
    const char32_t cp = kFirstLetter + (ch - kFirstByte);
    if (ch > kFirstByte + (kLastLetter - kFirstLetter)) return std::string(entry);  // not ours
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string spelling_suggestion_for(const Xapian::Database& db, const std::string& word,
                                    unsigned max_edits) {
  const bool letter_bytes =
      db.get_metadata(std::string(schema::kMetadataSpellingForm)) == kSpellingFormLetterBytes;
  if (!letter_bytes) return db.get_spelling_suggestion(word, max_edits);
  return from_spelling_entry(db.get_spelling_suggestion(to_spelling_entry(word), max_edits));
}

}  // namespace dalil::core
