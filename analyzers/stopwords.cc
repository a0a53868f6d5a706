/// @file analyzers/stopwords.cc
/// @brief The stop-word lists and their normalised lookup set.
#include "analyzers/stopwords.h"

#include <set>
#include <string>

#include "analyzers/normalizer.h"

namespace dalil::analyzers {

namespace {

// Function words that carry no meaning of their own in a query. Negations (not, no, لا, لم,
// لن, ليس, ما) are left out on purpose: in testimony "did not" is the point.
constexpr std::string_view kEnglish[] = {
    "a",     "an",   "and",  "are",   "as",    "at",   "be",   "been",  "but",  "by",   "for",
    "from",  "had",  "has",  "have",  "he",    "her",  "his",  "i",     "if",   "in",   "into",
    "is",    "it",   "its",  "of",    "on",    "or",   "she",  "so",    "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "to",   "was",  "we",
    "were",  "what", "when", "which", "who",   "will", "with", "would", "you",
};

// Written with their usual spellings; normalisation folds hamza seats, alef maksura and ta
// marbuta, so "الى" and "إلى", "ان", "أن" and "إن" all meet.
constexpr std::string_view kArabic[] = {
    "في",    "من",   "على",  "إلى",   "عن",     "أن",     "إن",   "أو",   "ثم",   "قد",
    "لقد",   "التي", "الذي", "الذين", "اللذين", "اللتين", "هذا",  "هذه",  "ذلك",  "تلك",
    "هؤلاء", "هو",   "هي",   "هم",    "مع",     "كان",    "كانت", "يكون", "بين",  "حتى",
    "بعد",   "قبل",  "عند",  "منذ",   "حيث",    "إذا",    "كل",   "أي",   "أيضا", "غير",
    "بل",    "لكن",  "خلال", "نحو",   "عليه",   "عليها",  "فيه",  "فيها", "منه",  "منها",
    "له",    "لها",  "به",   "بها",   "إنه",    "أنه",    "هناك",
};

}  // namespace

std::span<const std::string_view> english_stop_words() {
  return kEnglish;
}
std::span<const std::string_view> arabic_stop_words() {
  return kArabic;
}

bool is_stop_word(std::string_view normalised_word) {
  // Built once; C++ guarantees thread-safe initialisation of a function-local static.
  static const std::set<std::string, std::less<>> kNormalised = [] {
    std::set<std::string, std::less<>> words;
    for (const auto word : kEnglish) words.insert(normalize_word(word));
    for (const auto word : kArabic) words.insert(normalize_word(word));
    return words;
  }();
  return kNormalised.find(normalised_word) != kNormalised.end();
}

}  // namespace dalil::analyzers
