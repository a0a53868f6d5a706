/// @file tests/unit/reader_test_support.h
/// @brief Helpers for reader tests: read a file of tests/data/formats into a document, and check
///        the words the real DocumentBuilder indexes for it.
#pragma once

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "indexer/document_builder.h"
#include "indexer/file_reader.h"
#include "tests/support/paths.h"

namespace dalil::testing {

inline const core::IndexSchema& reader_schema() {
  static const core::IndexSchema schema = core::IndexSchema::defaults();
  return schema;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// Reads tests/data/formats/@p relative as dalil-index would.
inline core::Document read_format_file(const std::string& relative,
                                       const std::string& encoding = {}) {
  const std::string path = kTestData + "/formats/" + relative;
  const std::string bytes = read_bytes(path);
  indexer::FileReadOptions options;
  options.encoding = encoding;
  const auto format = indexer::detect_format(path, std::string_view(bytes).substr(0, 512));
  return indexer::read_document_file(bytes, {path, relative, format}, options, reader_schema());
}

/// The unprefixed (word) terms DocumentBuilder writes for @p doc: title, body, extra text.
inline std::set<std::string> indexed_words(const core::Document& doc) {
  indexer::DocumentBuilder builder(reader_schema(), analyzers::AnalyzerOptions{});
  const Xapian::Document xdoc = builder.build(doc);
  std::set<std::string> words;
  for (auto it = xdoc.termlist_begin(); it != xdoc.termlist_end(); ++it) {
    const std::string term = *it;
    if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z')) words.insert(term);
  }
  return words;
}

/// Checks that each of @p must is indexed and none of @p must_not is, comparing normalised
/// words (so "مرسى" is looked up as the analyzer writes it).
inline void check_terms(const core::Document& doc, const std::vector<std::string>& must,
                        const std::vector<std::string>& must_not) {
  const auto words = indexed_words(doc);
  analyzers::Analyzer analyzer;
  auto normalised = [&](const std::string& word) {
    const auto tokens = analyzer.analyze(word);
    REQUIRE(tokens.size() == 1);
    return tokens[0].word;
  };
  for (const auto& word : must) {
    INFO("must be indexed: " << word);
    CHECK(words.count(normalised(word)) == 1);
  }
  for (const auto& word : must_not) {
    INFO("must not be indexed: " << word);
    CHECK(words.count(normalised(word)) == 0);
  }
}

}  // namespace dalil::testing
