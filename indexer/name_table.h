/// @file indexer/name_table.h
/// @brief The name-key table: each name key -> the indexed words that have it, once per run.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dalil::indexer {

/// What update_name_table() changed.
struct NameTableStats {
  Xapian::termcount keys = 0;       ///< Keys in the table afterwards.
  Xapian::termcount words = 0;      ///< Words (and compound names) listed under them.
  Xapian::termcount changed = 0;    ///< Keys added, removed or given another list of words.
  Xapian::termcount not_names = 0;  ///< Latin words left out: written in lower case.
};

/// Brings the name-key table of @p db (metadata schema::kMetadataNameKey + key, see
/// core/schema.h) in line with its vocabulary: every unprefixed term that is not a stop word
/// under each of its analyzers::name_keys(word, kIndex) (a Latin word only when it
/// analyzers::reads_as_name, if the index has_case_evidence), every compound name term
/// (schema::kPrefixNameKey + "word الله") under its compound_name_keys. Keys whose words left
/// the index leave the table; the words of a key are listed most frequent first; the metadata
/// schema::kMetadataNameKeyForm records the version of the keys. Run after a build or an
/// update, so indexing pays nothing per word; the caller commits.
NameTableStats update_name_table(Xapian::WritableDatabase& db);

/// The same with the vocabulary of @p vocabulary (a parallel build's sub-indexes, read as one
/// Database) and the table in the metadata of @p db.
NameTableStats update_name_table(const Xapian::Database& vocabulary, Xapian::WritableDatabase& db);

/// The same for the keys of @p words only (sorted unprefixed terms and compound-name terms,
/// IndexWriter::vocabulary_change): each such key is rebuilt from the words it lists and the
/// changed words that have it, so updating an archive costs what the update touched. The
/// counts in the result are those of these keys. A table built with another version of the
/// keys (schema::kMetadataNameKeyForm) is rebuilt whole instead.
NameTableStats update_name_table(Xapian::WritableDatabase& db,
                                 const std::vector<std::string>& words);

/// Opens the index at @p path, updates its name-key table and commits.
NameTableStats update_name_table(const std::string& path);

}  // namespace dalil::indexer
