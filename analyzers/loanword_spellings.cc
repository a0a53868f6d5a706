/// @file analyzers/loanword_spellings.cc
/// @brief The loanword spelling table and the compounds the analyzer joins.
#include "analyzers/loanword_spellings.h"

#include "analyzers/normalizer.h"

#include <algorithm>
#include <array>
#include <iterator>

namespace dalil::analyzers {

namespace {

// Why a table folded at analysis time, and not aliases expanded at query time like
// data/name-aliases.tsv: these are one word spelled several ways, so they must meet at full
// weight in every mode but exact, phrases included ("ميلانيا ترمب"), and be highlighted and
// counted as the same word. Folding gives all of that with no query-side code: the query word is
// analysed into the same terms as its variants, so a group returns identical results by
// construction (the relevance benchmark checks it), the name keys and stems of the variants are
// the same too, and exact mode still tells them apart because a word that normalisation changed
// is indexed with its original spelling (the E terms). The table is compiled in, not read from
// data/, because it is part of the analyzer: an index records the analyzer name
// (dalil-ar-en-5), and an edit to the table needs a new name and a re-index, which a data file
// changed beside a running server would silently skip.
//
// A row is a core that words start with after their proclitics; suffixes are free, so one row
// covers امريكا, الاميركي, والاميركيه. Cores were checked against the Arabic of ../shared/corpora
// for words that start with them and are something else: اوربا also starts اوربان (Orbán, 91
// times), اوربي starts اوربيت (orbit), يانج starts يانجر, so those rows take only what their
// LoanwordSuffixes allow (يانجون is Yangon, يانغون too). Spellings are normalised (ة -> ه, hamza
// seats -> ء).
constexpr std::array<LoanwordSpelling, 15> kSpellings{{
    {U"كيمياءي", U"كيماوي"},    // الكيميائية / الكيماوية (chemical)
    {U"كيمياوي", U"كيماوي"},    // الكيمياوية
    {U"كيماءي", U"كيماوي"},     // الكيمائية
    {U"ترمب", U"ترامب"},        // Trump
    {U"ديموقراط", U"ديمقراط"},  // democracy, democratic
    {U"جوجل", U"غوغل"},         // Google (Egyptian ج = g)
    {U"قوقل", U"غوغل"},         // Google (Gulf ق = g)
    {U"انترنيت", U"انترنت"},    // Internet
    {U"تكنلوج", U"تكنولوج"},    // technology
    {U"نتانياهو", U"نتنياهو"},  // Netanyahu
    {U"بيونج", U"بيونغ"},       // Pyongyang, first word
    {U"يانج", U"يانغ", LoanwordSuffixes::kCommon},     // Pyongyang, second word; Yang
    {U"اوربا", U"اوروبا", LoanwordSuffixes::kNone},    // Europe
    {U"اوربي", U"اوروبي", LoanwordSuffixes::kCommon},  // European
    {U"اميرك", U"امريك"},                              // America, American
}};

// A word before the core may carry these proclitics only: و/ف, then ب/ك/ل, then ال; or و/ف + لل.
bool is_proclitic_prefix(std::u32string_view prefix) {
  if (!prefix.empty() && (prefix.front() == U'و' || prefix.front() == U'ف')) {
    prefix.remove_prefix(1);
  }
  if (prefix == U"لل") return true;
  if (!prefix.empty() &&
      (prefix.front() == U'ب' || prefix.front() == U'ك' || prefix.front() == U'ل')) {
    prefix.remove_prefix(1);
  }
  return prefix.empty() || prefix == U"ال";
}

bool allowed_suffix(std::u32string_view rest, LoanwordSuffixes suffixes) {
  switch (suffixes) {
    case LoanwordSuffixes::kAny:
      return true;
    case LoanwordSuffixes::kNone:
      return rest.empty();
    case LoanwordSuffixes::kCommon:
      break;
  }
  static constexpr std::u32string_view kCommonSuffixes[] = {U"",   U"ه",  U"ا",   U"ات", U"ين",
                                                            U"ون", U"ان", U"تين", U"تان"};
  return std::find(std::begin(kCommonSuffixes), std::end(kCommonSuffixes), rest) !=
         std::end(kCommonSuffixes);
}

bool fold_one(std::u32string& word, const LoanwordSpelling& row) {
  for (std::size_t at = word.find(row.variant); at != std::u32string::npos && at <= 4;
       at = word.find(row.variant, at + 1)) {
    const std::u32string_view rest = std::u32string_view(word).substr(at + row.variant.size());
    if (is_proclitic_prefix(std::u32string_view(word).substr(0, at)) &&
        allowed_suffix(rest, row.suffixes)) {
      word.replace(at, row.variant.size(), row.canonical);
      return true;
    }
  }
  return false;
}

// Compounds: (first word's core, second word) -> written as one word. The first word may carry
// proclitics (الفيس بوك, بالفيس بوك), the second must be the core alone. UTF-8, because the
// analyzer asks about every pair of adjacent Arabic words and most fail on the second word's size.
struct Compound {
  std::string_view first;
  std::string_view second;
};
constexpr std::array<Compound, 3> kCompounds{{
    {"فيس", "بوك"},  // فيس بوك -> فيسبوك (Facebook)
    {"يو", "تيوب"},  // يو تيوب -> يوتيوب (YouTube)
    {"واتس", "اب"},  // واتس اب -> واتساب (WhatsApp)
}};

}  // namespace

std::span<const LoanwordSpelling> loanword_spellings() {
  return kSpellings;
}

void fold_loanword_spellings(std::u32string& word) {
  // Every row is at least four letters long; shorter words hold none.
  if (word.size() < 4) return;
  for (const auto& row : loanword_spellings()) {
    if (fold_one(word, row)) return;
  }
}

std::string join_compound(std::string_view first, std::string_view second) {
  for (const auto& compound : kCompounds) {
    if (second != compound.second || !first.ends_with(compound.first)) continue;
    const std::u32string prefix = to_utf32(first.substr(0, first.size() - compound.first.size()));
    if (!is_proclitic_prefix(prefix)) continue;
    std::string joined(first);
    joined += second;
    return joined;
  }
  return {};
}

}  // namespace dalil::analyzers
