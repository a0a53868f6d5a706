/// @file analyzers/normalizer.h
/// @brief Normalisation as a list of small named steps, lossless before lossy.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dalil::analyzers {

/// One named step; it rewrites a sequence of code points in place.
struct NormalizationStep {
  std::string_view name;
  bool lossy;  ///< Whether the step can merge words that differ in meaning.
  /// Whether the step is Arabic folding, which ArabicFolding::kOff (the
  /// no-arabic-normalisation analyzer variant) leaves out.
  bool arabic_folding;
  void (*apply)(std::u32string& text);
};

/// The steps in the order they run:
/// nfkc_casefold, remove_format_controls, fold_digits, join_digit_groups ("11,000" -> "11000"),
/// strip_arabic_marks, fold_hamza_seats (ؤ ئ and ىء -> ء), fold_arabic_letters,
/// fold_loanword_spellings (ترمب -> ترامب, analyzers/loanword_spellings.h),
/// strip_english_possessive.
std::span<const NormalizationStep> normalization_steps();

/// The step called @p name; throws std::out_of_range when there is none.
const NormalizationStep& normalization_step(std::string_view name);

/// Runs every step on one word given in UTF-8 and returns UTF-8. Pure ASCII takes a fast path
/// (ASCII lower-casing is all the steps do to it).
std::string normalize_word(std::string_view utf8);

/// Whether normalize_word runs the Arabic steps (strip_arabic_marks, fold_hamza_seats,
/// fold_arabic_letters, fold_loanword_spellings).
enum class ArabicFolding : uint8_t { kOn, kOff };

/// normalize_word, with the Arabic steps left out when @p arabic is kOff (the "no Arabic
/// normalisation" baseline of the relevance benchmark).
std::string normalize_word(std::string_view utf8, ArabicFolding arabic);

/// A word's normalised form and its exact form (exact_form).
struct NormalizedWord {
  std::string word;
  std::string exact;
};

/// {normalize_word(@p utf8, @p arabic), exact_form(@p utf8)} in one pass: the two share their
/// first steps (NFKC_Casefold, format controls), which cost the most.
NormalizedWord normalize_word_and_exact(std::string_view utf8, ArabicFolding arabic);

/// Spellings of a normalised word that differ from it in one hamza seat written as its carrier or
/// left out: each inner ء (not the first or last letter) as و and as ي, and each inner و or ي as
/// ء (مسءول -> مسوول, مسيول; مسوول -> مسءول; هييه -> هءيه, هيءه). Only the query side uses them,
/// to treat a hamza-less spelling the index holds far less often than the other as a misspelling
/// of it (searchd/query_parser.h, kSeatSpellingRatio); folding و/ي and ء in the index would merge
/// real words (فيه/فئة, سيل/سئل). Each candidate once, in the order of the letters.
std::vector<std::string> seat_spellings(std::string_view normalised);

/// The original spelling of a word for exact matching: NFKC_Casefold (presentation forms, case,
/// canonical order of marks) with format controls and tatweel removed; harakat, hamza seats,
/// ta marbuta and digits stay as written.
std::string exact_form(std::string_view utf8);

/// Normalises a field value for boolean filter terms: NFKC_Casefold, format controls removed,
/// runs of white space folded to one space, trimmed. Letters are not folded further, so
/// "BBC Arabic" and "bbc arabic" meet but different names stay apart.
std::string normalize_field_value(std::string_view utf8);

/// A boolean filter term: @p prefix followed by normalize_field_value(@p value), cut at a
/// character boundary so the term fits Xapian's limit of 245 bytes.
std::string filter_term(std::string_view prefix, std::string_view value);

/// UTF-8 <-> UTF-32 helpers used by the steps and their tests. Invalid bytes become U+FFFD.
std::u32string to_utf32(std::string_view utf8);
std::string to_utf8(std::u32string_view text);

}  // namespace dalil::analyzers
