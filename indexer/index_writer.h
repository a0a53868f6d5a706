/// @file indexer/index_writer.h
/// @brief Upserts and deletes documents in a Xapian index, committing in atomic batches.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "core/document.h"
#include "core/index_schema.h"
#include "core/stored_codec.h"
#include "indexer/document_builder.h"
#include "indexer/implicit_spelling.h"

namespace dalil::indexer {

/// When the writer commits: after this many changed documents or this many bytes of text,
/// whichever comes first. Each batch is one Xapian transaction.
struct WriterOptions {
  std::size_t batch_documents = 1000;
  std::size_t batch_bytes = 32u << 20;
  /// The schema for a new index (defaults when unset). An existing index keeps the schema it was
  /// built with; giving a different one is an error.
  std::optional<core::IndexSchema> schema;
  /// The analyzer variant for a new index (AnalyzerOptions{} when unset). An existing index keeps
  /// the one it was built with; asking for another is an error.
  std::optional<analyzers::AnalyzerOptions> analyzer;
  /// Index name keys (schema::kPrefixNameKey); off only to measure what they cost.
  bool name_keys = true;
  /// A scratch index (the sub-indexes of a parallel build): written in place without fsync
  /// (Xapian::DB_DANGEROUS | DB_NO_SYNC) and without transactions, since it is thrown away
  /// when the build does not finish.
  bool scratch = false;
  /// For the sub-indexes of a parallel build: the build's table of implicit spellings, which
  /// the build writes into the merged index itself. Unset: the index's own table, read from its
  /// metadata and extended by IndexWriter::learn_spellings.
  std::shared_ptr<const ImplicitSpellings> implicit_spellings = {};
};

/// What an upsert did.
enum class Change { kAdded, kReplaced, kUnchanged };

/// Whether @p stored, a document of an index, is @p doc as this version writes it (its id and
/// stored JSON in their slots), so an upsert of @p doc has nothing to do. @p codec reads
/// @p stored's JSON; a value it cannot read counts as changed.
bool is_unchanged(const Xapian::Document& stored, const core::Document& doc,
                  core::StoredCodec& codec);

/// What the vocabulary tables (spelling table, name-key table) must read after a run.
struct VocabularyChange {
  /// The unprefixed terms and compound-name terms (schema::kPrefixNameKey + "word الله") of
  /// every document the run added, replaced (old and new version) or deleted, sorted.
  std::vector<std::string> words;
  /// The table must be rebuilt from the whole vocabulary instead: the index was new, the run
  /// changed too many words to track, or an earlier run left the table pending
  /// (schema::kMetadataSpellingPending, kMetadataNameTablePending).
  bool whole_spelling = true;
  bool whole_names = true;
};

/// Owns the WritableDatabase. Every change joins the open batch; commit() makes the batch
/// durable and visible at once, cancel() drops it. Destroying the writer with a batch open drops
/// that batch, so readers only ever see whole batches.
class IndexWriter {
 public:
  /// Opens or creates the index at @p path. Throws core::Error(kBadConfig) when the folder holds
  /// an index built by another analyzer (another pipeline, or another variant than
  /// options.analyzer), with another schema or by another program, kIoError when it cannot be
  /// opened.
  IndexWriter(const std::string& path, const WriterOptions& options);

  /// Adds @p doc, or replaces the document with the same id. A document whose stored data is
  /// unchanged is left alone, so indexing the same input twice writes nothing the second time.
  Change upsert(const core::Document& doc);

  /// Adds the choices of @p sample to the index's table of implicit spellings, in the open
  /// batch, except for words that have an entry already or that the index holds already
  /// (their documents were written with the spelling they have, so it stays). Call it before
  /// upserting the sampled documents, or their words will be in the index already.
  /// Returns the number of entries added. Throws std::logic_error for a writer given a
  /// table in WriterOptions::implicit_spellings.
  std::size_t learn_spellings(const SpellingSample& sample);

  /// The table of implicit spellings the writer uses.
  const ImplicitSpellings& implicit_spellings() const { return *implicit_; }

  /// Deletes the document with @p id; false when there was none.
  bool remove(const std::string& id);

  /// The words the vocabulary tables must update after this run's changes are committed.
  VocabularyChange vocabulary_change() const;

  /// Commits the open batch, if any.
  void commit();
  /// Drops the open batch, if any.
  void cancel();

  Xapian::doccount document_count() const { return db_.get_doccount(); }
  /// The schema documents must be read with.
  const core::IndexSchema& schema() const { return schema_; }
  /// The analyzer variant the index is built with.
  const analyzers::AnalyzerOptions& analyzer() const { return analyzer_; }

 private:
  void begin_batch();
  void after_change(std::size_t bytes);
  void note_words(const Xapian::Document& doc);

  Xapian::WritableDatabase db_;
  core::IndexSchema schema_;
  analyzers::AnalyzerOptions analyzer_;
  // The index's own table (extended by learn_spellings) or the parallel build's.
  std::shared_ptr<const ImplicitSpellings> implicit_;
  ImplicitSpellings* own_implicit_ = nullptr;  // implicit_ when it is the index's own
  DocumentBuilder builder_;
  core::StoredCodec stored_codec_;  // reads documents already in the index (upsert)
  WriterOptions options_;
  std::unordered_set<std::string> seen_ids_;  // scratch indexes only
  // Words of the documents changed in an existing index (vocabulary_change); not tracked in a
  // new index, whose tables are built from its whole vocabulary anyway.
  bool track_words_ = false;
  std::unordered_set<std::string> changed_words_;
  bool spelling_pending_at_open_ = false;
  bool names_pending_at_open_ = false;
  bool marked_pending_ = false;  // the open batch sets the pending markers
  bool in_batch_ = false;
  std::size_t batch_documents_ = 0;
  std::size_t batch_bytes_ = 0;
};

}  // namespace dalil::indexer
