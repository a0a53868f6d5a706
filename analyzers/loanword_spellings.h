/// @file analyzers/loanword_spellings.h
/// @brief One spelling for each loanword that Arabic writes several ways (ترمب/ترامب, جوجل/غوغل),
/// and
///        compounds written as one word or two (فيس بوك/فيسبوك).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace dalil::analyzers {

/// What may follow a row's variant in a word.
enum class LoanwordSuffixes : unsigned char {
  kAny,     ///< anything (the core is long and no other word starts with it)
  kCommon,  ///< nothing or a common noun/adjective ending (ه ا ات ين ون ان تين تان)
  kNone,    ///< nothing: the variant ends the word
};

/// One row of the table: a normalised spelling and the normalised spelling it is indexed as.
struct LoanwordSpelling {
  std::u32string_view variant;
  std::u32string_view canonical;
  LoanwordSuffixes suffixes = LoanwordSuffixes::kAny;
};

/// The table, in the order fold_loanword_spellings tries it.
std::span<const LoanwordSpelling> loanword_spellings();

/// Normalisation step fold_loanword_spellings (after fold_arabic_letters, on a normalised word):
/// the first variant of the table found at the start of the word, or after its proclitics
/// (و/ف, then ب/ك/ل, then ال; or و/ف + لل) and followed by what its row allows, becomes its
/// canonical spelling; suffixes stay (الاميركيه -> الامريكيه, لترمب -> لترامب). At most one
/// replacement per word.
void fold_loanword_spellings(std::u32string& word);

/// The one word that the normalised words @p first and @p second, written one after the other,
/// stand for ("فيس" "بوك" -> "فيسبوك", "بالفيس" "بوك" -> "بالفيسبوك"), or "" when they are no such
/// compound. The analyzer joins them into one token, so the two spellings meet in every mode but
/// exact.
std::string join_compound(std::string_view first, std::string_view second);

}  // namespace dalil::analyzers
