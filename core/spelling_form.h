/// @file core/spelling_form.h
/// @brief How words are written in Xapian's spelling table: each Arabic letter as one byte.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace dalil::core {

// Xapian 1.4 indexes each spelling word by its byte n-grams (head, tail and every three bytes).
// An Arabic letter is two bytes in UTF-8, and almost every one starts with 0xD8 or 0xD9, so a
// byte trigram holds a letter and a half and is shared by a large part of the Arabic vocabulary:
// a suggestion then weighs most of the table's Arabic words, and the table's n-gram lists hold
// about twice the entries a letter-wise one would. Written one byte per letter, the n-grams are
// letters, and Xapian's edit distance still counts letters (it reads a byte that does not fit
// UTF-8 as one character).

/// The value of schema::kMetadataSpellingForm for a table written by to_spelling_entry.
inline constexpr std::string_view kSpellingFormLetterBytes = "arabic-letter-bytes";

/// How a spelling table is written.
enum class SpellingForm {
  kUtf8,         ///< Every word as UTF-8 (indexes from before kSpellingFormLetterBytes).
  kLetterBytes,  ///< Words as to_spelling_entry writes them.
};

/// The spelling-table entry of the normalised (valid UTF-8) @p word: each Arabic letter
/// U+0621-U+064A as the byte 0x80 + (letter - U+0621), every other character as its UTF-8
/// bytes (پ, é: a word with both keeps its Arabic letters' n-grams and one character per
/// letter). An entry with an Arabic letter is never valid UTF-8 (that byte is a continuation
/// byte no lead byte claims), so from_spelling_entry tells the forms apart.
std::string to_spelling_entry(std::string_view word);

/// The word of spelling-table entry @p entry (the inverse of to_spelling_entry); valid UTF-8
/// comes back as it is.
std::string from_spelling_entry(std::string_view entry);

/// The form of the spelling table of @p db: kLetterBytes when its metadata says so
/// (kMetadataSpellingForm) and no entry starts with a UTF-8 Arabic letter, which only a
/// dalil-index from before the form writes (a table it changed is read and rebuilt as UTF-8).
SpellingForm spelling_form_of(const Xapian::Database& db);

/// Xapian's suggestion for the normalised @p word from the spelling table of @p db, written in
/// @p form (spelling_form_of), within @p max_edits edits, as a word; empty when there is none.
std::string spelling_suggestion_for(const Xapian::Database& db, SpellingForm form,
                                    const std::string& word, unsigned max_edits);

}  // namespace dalil::core
