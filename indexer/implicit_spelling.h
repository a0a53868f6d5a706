/// @file indexer/implicit_spelling.h
/// @brief Which spelling of each word goes without an exact term: chosen from a sample of the
///        first documents of a run, stored in the index metadata, never changed afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "core/string_map.h"

namespace dalil::indexer {

/// The table of implicit spellings of an index (core::schema::kMetadataImplicitSpelling).
/// Exact mode needs to know every spelling of a word in a document. The spelling most
/// occurrences have goes without a term: exact mode finds it as what the word's wdf leaves over
/// the wdf of its exact terms. In Arabic news that spelling is rarely the normalised word (ة,
/// أ, إ, ى are folded), so the table names it: on 6,000 ANT articles it takes about 90 % of the
/// exact terms' postings away. Read-only once built, so threads may share it.
class ImplicitSpellings {
 public:
  /// The table stored in @p db's metadata.
  static ImplicitSpellings read(const Xapian::Database& db);

  /// The implicit spelling of the normalised @p word: its entry, or else @p word itself.
  std::string_view of(std::string_view word) const {
    if (table_.empty()) return word;
    const auto it = table_.find(word);
    return it == table_.end() ? word : std::string_view(it->second);
  }

  /// Adds an entry; false (and no change) when @p word has one already.
  bool add(std::string word, std::string spelling);

  /// Writes every entry into @p db's metadata.
  void write(Xapian::WritableDatabase& db) const;

  std::size_t size() const { return table_.size(); }
  bool empty() const { return table_.empty(); }

 private:
  core::StringMap<std::string> table_;
};

/// A word and the spelling a sample chose as its implicit one.
struct SpellingChoice {
  std::string word;
  std::string spelling;
  bool operator==(const SpellingChoice&) const = default;
};

/// Counts the spellings of the words of the first documents of a run (their title, body and
/// extra text, analysed as the index analyses them), so the table of implicit spellings can be
/// fixed before any of them is written.
class SpellingSample {
 public:
  explicit SpellingSample(const analyzers::AnalyzerOptions& analyzer);

  /// Counts the spellings in @p doc.
  void add(const core::Document& doc);

  /// Text bytes counted so far.
  std::size_t bytes() const { return bytes_; }

  /// For each word with a spelling more frequent in the sample than its normalised form (ties
  /// go to the normalised form, then to the smaller spelling), that spelling, sorted by word.
  /// A word whose exact term for its normalised spelling would be longer than Xapian allows
  /// is left out: that spelling could not be told apart.
  std::vector<SpellingChoice> choices() const;

 private:
  struct Spellings {
    uint32_t plain = 0;  // occurrences spelled as the normalised word
    std::vector<std::pair<std::string, uint32_t>> others;
  };
  void count(std::string_view text);

  analyzers::Analyzer analyzer_;
  std::vector<analyzers::TokenView> tokens_;
  core::StringMap<Spellings> words_;
  std::size_t bytes_ = 0;
};

}  // namespace dalil::indexer
