/// @file indexer/spelling.h
/// @brief Fills Xapian's spelling table from the index's own words, once per run.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dalil::indexer {

/// What update_spelling() changed.
struct SpellingStats {
  /// Words in the spelling table afterwards (for an update of given words: of those words,
  /// unless the table was rewritten whole).
  Xapian::termcount words = 0;
  /// Entries added, removed or given a new frequency (rewriting a table of an older form
  /// counts each rewritten word twice: its old entry removed, its new one added).
  Xapian::termcount changed = 0;
};

/// Words of fewer documents than this are not suggested.
inline constexpr Xapian::doccount kMinSpellingDocuments = 2;

/// Brings the spelling table of @p db in line with its unprefixed terms (normalised words of
/// Arabic or Latin script, no digits) found in at least kMinSpellingDocuments documents: each
/// word's spelling frequency becomes its document frequency, words no longer indexed (or in
/// fewer documents) leave the table. Entries are written as core::to_spelling_entry makes
/// them; entries of another form (an older index's UTF-8) are replaced, and the metadata
/// schema::kMetadataSpellingForm says so. Run after a build or an update, so indexing itself
/// pays nothing per word; the caller commits.
SpellingStats update_spelling(Xapian::WritableDatabase& db);

/// The same with the words of @p vocabulary (a parallel build's sub-indexes, read as one
/// Database) written to the spelling table of @p db (with the form's metadata, which the
/// build's compaction copies into the merged index).
SpellingStats update_spelling(const Xapian::Database& vocabulary, Xapian::WritableDatabase& db);

/// The same for the words of @p words only (sorted; other terms among them are skipped): the
/// words of the documents a run changed (IndexWriter::vocabulary_change), so updating an
/// archive costs what the update touched, not a pass over its whole vocabulary and table. A
/// table whose form is not core::SpellingForm::kLetterBytes (core::spelling_form_of) is
/// rewritten whole instead.
SpellingStats update_spelling(Xapian::WritableDatabase& db, const std::vector<std::string>& words);

/// Opens the index at @p path, updates its spelling table and commits.
SpellingStats update_spelling(const std::string& path);

}  // namespace dalil::indexer
