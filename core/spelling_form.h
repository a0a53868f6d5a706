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
// a suggestion then weighs most of the table's Arabic words, and the table holds twice the
// n-grams a letter-wise one would. Written one byte per letter, the n-grams are letters and
// Xapian's edit distance still counts letters (it reads a byte that is not UTF-8 as one
// character).

/// The value of schema::kMetadataSpellingForm for a table written by to_spelling_entry.
inline constexpr std::string_view kSpellingFormLetterBytes = "letter-bytes";

/// The spelling-table entry of the normalised @p word: when every character is ASCII or an
/// Arabic letter U+0621-U+064A, the word with each Arabic letter as the byte 0x80 + (letter -
/// U+0621); otherwise @p word as it is. An entry with an Arabic letter is never valid UTF-8
/// (it starts a character with a continuation byte), so from_spelling_entry tells the forms
/// apart.
std::string to_spelling_entry(std::string_view word);

/// The word of spelling-table entry @p entry (the inverse of to_spelling_entry); valid UTF-8
/// comes back as it is.
std::string from_spelling_entry(std::string_view entry);

/// Xapian's suggestion for the normalised @p word from the spelling table of @p db, within
/// @p max_edits edits, as a word; empty when there is none. Reads the entries the way the
/// table says it was written (kMetadataSpellingForm; a table from before it holds UTF-8).
std::string spelling_suggestion_for(const Xapian::Database& db, const std::string& word,
                                    unsigned max_edits);

}  // namespace dalil::core
