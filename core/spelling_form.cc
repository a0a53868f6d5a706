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
constexpr unsigned char kLastByte = kFirstByte + (kLastLetter - kFirstLetter);  // 0xA9

// Bytes of the UTF-8 sequence @p lead starts, or 0 when it starts none.
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

}  // namespace

std::string to_spelling_entry(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (std::size_t i = 0; i < word.size();) {
    const auto ch = static_cast<unsigned char>(word[i]);
    const std::size_t length = ch < 0x80 ? 1 : sequence_length(ch);
    if (length == 0 || i + length > word.size()) return std::string(word);  // not UTF-8
    if (length == 2) {
      const char32_t cp = (static_cast<char32_t>(ch & 0x1F) << 6) |
                          (static_cast<unsigned char>(word[i + 1]) & 0x3F);
      if (cp >= kFirstLetter && cp <= kLastLetter) {
        out += static_cast<char>(kFirstByte + (cp - kFirstLetter));
        i += 2;
        continue;
      }
    }
    out.append(word, i, length);
    i += length;
  }
  return out;
}

std::string from_spelling_entry(std::string_view entry) {
  if (!find_invalid_utf8(entry)) return std::string(entry);
  std::string out;
  out.reserve(entry.size() * 2);
  for (std::size_t i = 0; i < entry.size();) {
    const auto ch = static_cast<unsigned char>(entry[i]);
    if (ch >= kFirstByte && ch <= kLastByte) {
      const char32_t cp = kFirstLetter + (ch - kFirstByte);
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
      ++i;
      continue;
    }
    const std::size_t length = ch < 0x80 ? 1 : sequence_length(ch);
    if (length == 0 || i + length > entry.size()) return std::string(entry);  // not ours
    out.append(entry, i, length);
    i += length;
  }
  return out;
}

SpellingForm spelling_form_of(const Xapian::Database& db) {
  if (db.get_metadata(std::string(schema::kMetadataSpellingForm)) != kSpellingFormLetterBytes)
    return SpellingForm::kUtf8;
  // An older dalil-index run on this index (it keeps the metadata it does not know) wrote
  // Arabic words as UTF-8; entries of this form never start with a UTF-8 Arabic letter.
  auto it = db.spellings_begin();
  it.skip_to("\xD8\xA1");                                                        // U+0621
  if (it != db.spellings_end() && *it < "\xD9\x8B") return SpellingForm::kUtf8;  // < U+064B
  return SpellingForm::kLetterBytes;
}

std::string spelling_suggestion_for(const Xapian::Database& db, SpellingForm form,
                                    const std::string& word, unsigned max_edits) {
  if (form == SpellingForm::kUtf8) return db.get_spelling_suggestion(word, max_edits);
  return from_spelling_entry(db.get_spelling_suggestion(to_spelling_entry(word), max_edits));
}

}  // namespace dalil::core
