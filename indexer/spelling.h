/// @file indexer/spelling.h
/// @brief Fills Xapian's spelling table from the index's own words, once per run.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dalil::indexer {

/// What update_spelling() changed.
struct SpellingStats {
  /// Words in the spelling table afterwards (for an update of given words: of those words).
  Xapian::termcount words = 0;
  Xapian::termcount changed = 0;  ///< Words added, removed or given a new frequency.
};

/// Words of fewer documents than this are not suggested.
inline constexpr Xapian::doccount kMinSpellingDocuments = 2;

/// Brings the spelling table of @p db in line with its unprefixed terms (normalised words of
/// Arabic or Latin script, no digits) found in at least kMinSpellingDocuments documents: each
/// word's spelling frequency becomes its document frequency, words no longer indexed (or in
/// fewer documents) leave the table. Run after a build or an update, so
/// indexing itself pays nothing per word; the caller commits.
SpellingStats update_spelling(Xapian::WritableDatabase& db);

/// The same with the words of @p vocabulary (a parallel build's sub-indexes, read as one
/// Database) written to the spelling table of @p db.
SpellingStats update_spelling(const Xapian::Database& vocabulary, Xapian::WritableDatabase& db);

/// The same for the words of @p words only (sorted; other terms among them are skipped): the
/// words of the documents a run changed (IndexWriter::vocabulary_change), so updating an
/// archive costs what the update touched, not a pass over its whole vocabulary and table.
SpellingStats update_spelling(Xapian::WritableDatabase& db, const std::vector<std::string>& words);

/// Opens the index at @p path, updates its spelling table and commits.
SpellingStats update_spelling(const std::string& path);

}  // namespace dalil::indexer
