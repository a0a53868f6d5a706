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

/// How a Tokenizer finds word boundaries.
struct TokenizerOptions {
  /// Segment plain chunks of text (see Tokenizer) without ICU and hand only the others to ICU;
  /// false runs ICU over every text: the reference the fast path is checked against
  /// (tests/unit/tokenizer_test.cc, bench/tokenizer_diff.cc).
  bool fast_path = true;
};

/// What a Tokenizer has done so far (bench/tokenizer_diff.cc reports it).
struct TokenizerStats {
  uint64_t fast_chunks = 0;  ///< Chunks between ASCII white space segmented without ICU.
  uint64_t icu_chunks = 0;   ///< Chunks handed to ICU.
};

/// ICU word segmentation (UAX #29 with ICU's dictionary rules), keeping only words and numbers,
/// then splitting any word where the script changes between Arabic and another letter script
/// ("iPhoneالجديد" gives "iPhone" and "الجديد") and at connector punctuation ("عاصي_الحلاني"
/// gives "عاصي" and "الحلاني"). Not thread-safe: one per thread.
///
/// ICU is the costliest part of text analysis, so by default the text is cut into chunks at ASCII
/// white space (where ICU always breaks) and a chunk of letters, digits, combining marks and
/// punctuation whose breaks need no more context than their neighbours is segmented by a small
/// state machine; any other chunk (Hebrew, kana, CJK, Thai, emoji, a mark after white space...)
/// goes to ICU. Each code point's part in that state machine comes from its ICU Word_Break
/// property, confirmed by asking ICU's own iterator to segment a few strings around it, so ICU's
/// tailorings of UAX #29 (the colon, "@") fall out of the fast path or into the right class on
/// their own. The spans are the same either way (TokenizerOptions::fast_path).
class Tokenizer {
 public:
  explicit Tokenizer(TokenizerOptions options = {});
  ~Tokenizer();
  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;

  /// Appends the words of @p text (valid UTF-8, under 2 GiB) to @p out in text order.
  void tokenize(std::string_view text, std::vector<Span>& out);

  /// Chunks segmented with and without ICU since construction.
  const TokenizerStats& stats() const { return stats_; }

 private:
  void tokenize_icu(std::string_view text, std::vector<Span>& out);
  void tokenize_fast(std::string_view text, std::vector<Span>& out);
  /// The fast-path entry of BMP code point @p c (see tokenizer.cc), computed on first use.
  uint8_t entry(UChar32 c);
  uint8_t compute_entry(UChar32 c);
  /// Whether ICU segments @p probe ("[a]X[1]": X stands for @p c, brackets mark the words).
  bool probe(std::u16string_view probe, UChar32 c);

  TokenizerOptions options_;
  TokenizerStats stats_;
  std::unique_ptr<icu::BreakIterator> words_;
  std::unique_ptr<icu::BreakIterator> probe_;  // segments the probe strings of compute_entry
  CodePointTable table_;
  std::vector<uint8_t> entries_;  // 0x10000 entries, 0 until computed
};

}  // namespace dalil::analyzers
