/// @file analyzers/tokenizer.h
/// @brief ICU word segmentation over UTF-8 that keeps byte offsets, split where the script changes.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include <unicode/umachine.h>
#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace dalil::analyzers {

/// The writing system of a word, which decides its language and stemmer.
enum class Script : uint8_t { kArabic, kLatin, kNumber, kOther };

/// What a code point does inside an ICU word: a letter of some script, a digit, or a joiner
/// (combining marks, tatweel, apostrophes and separators inside numbers) that belongs to its
/// neighbours. Words are split where the class changes (see Tokenizer).
enum class CharClass : uint8_t { kArabicLetter, kLatinLetter, kOtherLetter, kDigit, kJoiner };

/// The class of code point @p c (0..0x10FFFF) from ICU's character properties (digit, letter,
/// script).
CharClass char_class(UChar32 c);
/// Whether @p c is connector punctuation (general category Pc, such as "_").
bool is_connector(UChar32 c);

/// char_class and is_connector of every code point below U+0800 (ASCII, Latin, Arabic: nearly
/// every character of the archives), asked of ICU once: ICU's property look-ups cost more than
/// the rest of the word splitting. Other code points are asked of ICU on each lookup.
class CodePointTable {
 public:
  CodePointTable();
  /// char_class(@p c) (kOtherLetter for an invalid byte, @p c < 0), and in @p connector
  /// is_connector(@p c).
  CharClass lookup(UChar32 c, bool& connector) const;

 private:
  static constexpr UChar32 kSize = 0x800;
  std::array<uint8_t, kSize> entries_{};
};

/// A word as found in the text: a byte range of the original UTF-8, never changed by any filter.
struct Span {
  uint32_t begin = 0;  ///< Byte offset of the first byte.
  uint32_t end = 0;    ///< Byte offset one past the last byte.
  Script script = Script::kOther;

  bool operator==(const Span&) const = default;
};

/// ICU word segmentation (UAX #29 with ICU's dictionary rules), keeping only words and numbers,
/// then splitting any word where the script changes between Arabic and another letter script
/// ("iPhoneالجديد" gives "iPhone" and "الجديد") and at connector punctuation ("عاصي_الحلاني"
/// gives "عاصي" and "الحلاني"). Not thread-safe: one per thread.
class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;

  /// Appends the words of @p text (valid UTF-8, under 2 GiB) to @p out in text order.
  void tokenize(std::string_view text, std::vector<Span>& out);

 private:
  std::unique_ptr<icu::BreakIterator> words_;
  CodePointTable table_;
};

}  // namespace dalil::analyzers
