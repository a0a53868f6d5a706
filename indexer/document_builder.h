/// @file indexer/document_builder.h
/// @brief Turns a validated document into the Xapian document Dalil stores: terms, values, data.
#pragma once

#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/document.h"

namespace dalil::indexer {

/// Builds Xapian documents with the terms and values listed in core/schema.h. Holds an Analyzer,
/// so it is not thread-safe: one per thread.
class DocumentBuilder {
 public:
  /// The Xapian document for @p doc; its data is the stored JSON object.
  Xapian::Document build(const core::Document& doc);

 private:
  analyzers::Analyzer analyzer_;
  std::vector<analyzers::Token> tokens_;
};

}  // namespace dalil::indexer
