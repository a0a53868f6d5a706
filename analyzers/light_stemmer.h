/// @file analyzers/light_stemmer.h
/// @brief An Arabic light stemmer of the Larkey light10 family, as a Xapian stemmer.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <xapian.h>

namespace dalil::analyzers {

/// Arabic light stemmer after Larkey, Ballesteros and Connell's light10 (2002, 2007), extended
/// with stacked proclitics, a protected-name list and stricter length guards. It removes
/// affixes only; it does not find roots and does not undo broken plurals (كتب is not كتاب).
///
/// Input is a word already passed through normalize_word (no harakat or tatweel; أ إ آ ٱ -> ا,
/// ى -> ي, ة -> ه, ؤ ئ -> ء). The rules, in order (lengths count code points):
///  1. A word with a code point outside U+0621..U+06FF, or of at most 3 letters, is
///     returned unchanged.
///  2. Names: if the word is a protected word (protected_words(), normalised), or one of the
///     proclitic chains "", و ف, ب ك ل, their pairs (وب، ول…) or an article chain (ال، وال،
///     بال، لل، وبال، ولل…) followed by a protected word, that protected word is the stem.
///  3. Prefixes, longest first, the first that leaves at least 3 letters:
///     وبال وكال فبال فكال, وال فال بال كال ولل فلل, ال لل.
///  4. Otherwise a bare conjunction و goes when at least 4 letters remain and the word does not
///     start with a stem whose first و is a root letter (radical_waw_stems(): وزير، وقت، وطن…).
///     A bare ف, ب, ك or ل is never removed (ف ريق, ب رنامج, ل يبيا would be wrong far more often
///     than right).
///  4b. The future prefix س before the imperfect prefixes ي ت ن (سيقول, ستكون, سنعمل) goes
///     when no article was removed (verbs take none), at least 4 letters remain and the word
///     does not start with a noun in future_sin_exceptions() (سيارة, سياسة, سيطرة…).
///  5. Suffixes, light10's list once in order: ها ان ات ون ين يه ه ي; each is removed when it ends
///     the word and at least 3 letters remain (light10 allows 2, which makes مكان مك).
/// The result therefore never has fewer than 3 letters unless the input had.
class LightStemmer final : public Xapian::StemImplementation {
 public:
  /// Stems one normalised word (UTF-8). A word that is not Arabic letters (Latin, digits,
  /// invalid UTF-8) is returned unchanged.
  std::string operator()(const std::string& word) override;

  /// "dalil-light10".
  std::string get_description() const override;

  /// The protected words (names) as written in the table, before normalisation; sorted.
  static std::span<const std::string_view> protected_words();

  /// Word starts whose first و is a root letter, not the conjunction, as written; sorted.
  static std::span<const std::string_view> radical_waw_stems();

  /// Word starts where سي ست سن is part of a noun, not the future prefix; sorted.
  static std::span<const std::string_view> future_sin_exceptions();

  /// The normalised @p word without the conjunction and preposition in front of an article
  /// (والأمم, بالأمم, وبالأمم -> الامم; للأمم -> الامم) or of a protected name (ولبنان,
  /// ببيروت -> the name): the form a phrase of unprefixed words meets. Empty when there is no
  /// such proclitic, or when fewer than 2 letters follow the article.
  static std::string strip_proclitics(const std::string& word);
};

}  // namespace dalil::analyzers
