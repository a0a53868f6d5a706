/// @file analyzers/name_key.h
/// @brief Consonant-class skeleton keys that let a name meet across Arabic and Latin script.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dalil::analyzers {

/// Whether keys are made for the index (this word's script) or for a query (the other script).
enum class NameKeyUse { kIndex, kQuery };

/// The name keys of one normalised word (analyzers::normalize_word output) in Arabic or Latin
/// script, Arabizi digits included (3 ع, 7 ح, 2 ء, 5 خ, 6 ط, 9 ق, 8 غ). A key starts with the
/// script of the word it was indexed for ('a' Arabic, 'l' Latin; keys are lower case): kIndex gives
/// this word's own keys, kQuery the keys to look up among the other script's words, so a query only
/// reaches across scripts (same-script spellings are the stemmer's job). Empty when the word yields
/// no usable key. The index stores schema::kPrefixNameKey + key. The class letters below are
/// written in lower case in keys.
///
/// How a key is made:
/// - Articles go: Arabic ال (and وال فال بال كال لل); Latin al/el joined to a word
///   (`aljazeera`) or e + a doubled sun letter (`ezzor`). A separate `al-` is its own word.
/// - Letters become consonant classes: B (ب پ b p), F (ف f v ph), D (ت ط ث د ذ ض ظ ز t d th
///   dh z), S (س ص s, c before e i y), X (ش sh ch sch), K (ق ك غ q k g c gh ck), C (خ kh 5),
///   J (ج j dj), H (ح ه h), L, R, M, N, W/Y (و ي w y starting the word). A final ه (ta
///   marbuta folded by normalisation) and a Latin h after a final vowel go. The same class twice
///   in a row counts once (Qaddafi, Bashshar; ق ج too: Khashoggi, خاشقجي); ع ء ' and vowels
///   keep two classes apart (Muammar, معمر).
/// - Vowels: medial ا و ي are the long vowels a u i; a Latin vowel letter may stand for a (a),
///   i (e i y) or u (o u w). A word that starts with a vowel or glottal (ا ع ء, a Latin vowel
///   or ') has "_" first in its key: Arabic writes a leading vowel, so Islam meets الإسلام and
///   not السلام. Long vowels must line up: an Arabic word has one reading, its first
///   long vowel after each of its first two consonants (حماس "hmas"); a Latin word lists every
///   reading its vowels allow (Homs: "hms", "hums"), so Homs meets حمص "hms" and not حماس.
/// - Two classes collide with common words, so they need a vowel pattern: an Arabic word
///   yields a key only if it starts with a vowel or glottal ("_", الأسد "_sd") or has a long
///   vowel (حماة "hma"); a Latin word yields the readings its vowels allow, none without a
///   vowel ("and" does not read like عند).
/// - Fewer than two classes: no key.
std::vector<std::string> name_keys(std::string_view word, NameKeyUse use);

/// Keys of two consecutive words written as one name: a word followed by الله or allah
/// (عبد الله, نصر الله, Abd Allah meet Abdullah and Nasrallah). Empty otherwise.
std::vector<std::string> compound_name_keys(std::string_view first, std::string_view second,
                                            NameKeyUse use);

/// Query side: the key groups of words typed together (a phrase, or one word), one group per
/// word; a word followed by الله or allah counts with it as one name; Latin articles written
/// apart and stop words are skipped. Empty when another word has no key (the words are no
/// name). A document matches the words' names when it holds a key of every group.
std::vector<std::vector<std::string>> query_name_keys(const std::vector<std::string>& words);

/// Whether @p word (normalised) is a Latin article written apart (al, el and the assimilated
/// ar, as, ad, az, ash, ...): "al-Assad" is the name Assad.
bool is_latin_article(std::string_view word);

/// How a Latin word is written where it occurs in running text.
enum class LatinCaseForm {
  kLower,        ///< "used": a common word writes so, a name does not.
  kCapitalised,  ///< "Assad" in the middle of a sentence: a name writes so.
  kUnknown,      ///< At the start of a sentence or line, all capitals ("ASSAD"), or no letter.
};

/// The form of the Latin word that starts at byte @p begin of @p text: kCapitalised for an
/// upper-case letter followed by a lower-case one with a letter, digit or comma before it on
/// the same line (skipping spaces, quotes, brackets and dashes), so not at the start of the
/// text, of a line, or after . ! ? : … ؟. The indexer counts the capitalised and unknown
/// occurrences (schema::kPrefixCapitalised, kPrefixCaseUnknown) as evidence of names.
LatinCaseForm latin_case_form(std::string_view text, std::size_t begin);

/// How a Latin word is written in the running text (bodies and extra text fields) of an index.
struct LatinCase {
  uint64_t capitalised = 0;  ///< Occurrences capitalised in mid-sentence.
  uint64_t unknown = 0;      ///< Occurrences whose case tells nothing (LatinCaseForm::kUnknown).
  uint64_t occurrences = 0;  ///< All its occurrences in running text; the rest are lower case.
};

/// Whether a Latin word written as @p seen reads as a name: of the occurrences whose case tells
/// (capitalised in mid-sentence or lower case), at least kNameCapitalShare are capitalised.
/// English common words that share a name's key ("used" and Assad, "sofa" and سوف) are
/// written in lower case; names are not. A word whose case never tells (seen only in titles,
/// at sentence starts or in capitals) counts as a name: there is no evidence against it.
bool reads_as_name(const LatinCase& seen);
inline constexpr double kNameCapitalShare = 0.5;

/// The LatinCase of @p word (normalised) in @p db, from its collection frequencies: the word
/// term less kTitleWdf per title occurrence (schema::kPrefixTitle), the capitalised and the
/// unknown-case terms (schema::kPrefixCapitalised, kPrefixCaseUnknown). Meaningful only when
/// has_case_evidence(db).
LatinCase latin_case(const Xapian::Database& db, const std::string& word);

/// Whether every document of @p db was indexed with its case terms (metadata
/// schema::kMetadataCaseEvidence), so latin_case() can be trusted; older indexes have none.
bool has_case_evidence(const Xapian::Database& db);

}  // namespace dalil::analyzers
