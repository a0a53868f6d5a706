/// @file indexer/document_builder.h
/// @brief Turns a validated document into the Xapian document Dalil stores: terms, values, data.
#pragma once

#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "analyzers/name_key.h"
#include "core/document.h"
#include "core/index_schema.h"

namespace dalil::indexer {

/// Builds Xapian documents with the terms and values listed in core/schema.h. Holds an Analyzer,
/// so it is not thread-safe: one per thread.
class DocumentBuilder {
 public:
  /// @p schema must outlive the builder and be the one the document was read with.
  /// @p name_keys: index name keys (off only to measure their cost).
  explicit DocumentBuilder(const core::IndexSchema& schema, bool name_keys = true)
      : schema_(schema), name_keys_on_(name_keys) {}

  /// The Xapian document for @p doc; its data is the stored JSON object.
  Xapian::Document build(const core::Document& doc);

 private:
  /// Adds the words of @p text from position @p first; returns the next free position.
  Xapian::termpos add_text(Xapian::Document& xdoc, std::string_view text, Xapian::termpos first);

  /// Adds the name keys (schema::kPrefixNameKey, no positions) of the words in tokens_.
  void add_name_keys(Xapian::Document& xdoc);

  const core::IndexSchema& schema_;
  analyzers::Analyzer analyzer_;
  std::vector<analyzers::Token> tokens_;
  bool name_keys_on_;
  analyzers::NameKeyCache name_keys_;
};

}  // namespace dalil::indexer
