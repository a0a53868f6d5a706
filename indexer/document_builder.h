/// @file indexer/document_builder.h
/// @brief Turns a validated document into the Xapian document Dalil stores: terms, values, data.
#pragma once

#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "analyzers/name_key.h"
#include "core/document.h"
#include "core/index_schema.h"
#include "core/stored_codec.h"
#include "indexer/implicit_spelling.h"
#include "indexer/term_counts.h"

namespace dalil::indexer {

/// Builds Xapian documents with the terms and values listed in core/schema.h. Holds an Analyzer,
/// so it is not thread-safe: one per thread.
class DocumentBuilder {
 public:
  /// @p schema must outlive the builder and be the one the document was read with.
  /// @p name_keys: index compound name terms (schema::kPrefixNameKey) and capitalised Latin
  /// words (schema::kPrefixCapitalised), which the name-key table needs (off only to measure
  /// their cost).
  DocumentBuilder(const core::IndexSchema& schema, const analyzers::AnalyzerOptions& analyzer,
                  bool name_keys = true)
      : schema_(schema),
        analyzer_(analyzers::Analyzer::kIndexerCacheWords, analyzer),
        name_keys_on_(name_keys) {}

  /// The Xapian document for @p doc; its stored JSON object goes to schema::kSlotStored.
  Xapian::Document build(const core::Document& doc);

  /// The table of implicit spellings the index has (no exact term for those spellings); it must
  /// outlive the builder. Without one, every word is implicitly spelled as its normalised form.
  void use_implicit_spellings(const ImplicitSpellings* table) {
    implicit_ = table;
    analyzer_.clear_tags();  // they hold decisions made with the previous table
  }

 private:
  /// Adds the words of @p text from position @p first; returns the next free position.
  Xapian::termpos add_text(Xapian::Document& xdoc, std::string_view text, Xapian::termpos first);
  /// The word, stem, bare and exact terms of one token at @p pos, each counted @p wdf times.
  void add_word(Xapian::Document& xdoc, const analyzers::TokenView& token, Xapian::termpos pos,
                Xapian::termcount wdf);
  /// Sets term_ to @p prefix followed by @p text and returns it.
  const std::string& term(std::string_view prefix, std::string_view text);

  /// Adds the body passage by passage (the reader's, or paragraphs), each kPassagePositionGap
  /// after the previous one, and the passage table and body SHA-256 values; returns the next
  /// free position. Throws core::Error(kBadDocument) for passages out of order or bounds.
  Xapian::termpos add_body(Xapian::Document& xdoc, const core::Document& doc,
                           Xapian::termpos first);

  /// Counts a compound name term (schema::kPrefixNameKey, no positions) for each word of tokens_
  /// followed by الله or allah.
  void add_compound_names();

  const core::IndexSchema& schema_;
  analyzers::Analyzer analyzer_;
  // Views into analyzer_'s word cache, valid until its next analyze call.
  std::vector<analyzers::TokenView> tokens_;
  std::string term_;  // reused for every term, so adding one allocates nothing of ours
  // The document's terms without positions (stems, exact forms, case and name terms), added to
  // it once each at the end of build().
  TermCounts counts_;
  core::StoredCodec stored_codec_;
  const ImplicitSpellings* implicit_ = nullptr;
  bool name_keys_on_;
};

}  // namespace dalil::indexer
