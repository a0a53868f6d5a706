/// @file searchd/exact_match.h
/// @brief Exact mode (=word, exact=true): documents holding a word in its original spelling, and
///        the "matched" list of a hit (which matching modes found it).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"

namespace dalil::searchd {

/// Sorted ids of documents, shared between a query and the hits it renders.
using DocidSet = std::shared_ptr<const std::vector<Xapian::docid>>;

/// The documents of @p db holding @p word (normalised) at least once in its implicit spelling
/// (implicit_spelling). The index keeps an exact term ("E" word " " spelling, core/schema.h)
/// for every other spelling, with the same wdf as the word term; so a document holds the
/// implicit spelling exactly when the word's wdf exceeds the sum of the wdf of its exact terms.
/// Reads the postings of the word and of its exact terms.
std::vector<Xapian::docid> documents_with_implicit_spelling(const Xapian::Database& db,
                                                            const std::string& word);

/// The spelling of the normalised @p word that has no exact term in @p db: the entry of its
/// table of implicit spellings (core::schema::kMetadataImplicitSpelling), else @p word itself.
std::string implicit_spelling(const Xapian::Database& db, const std::string& word);

/// The query for @p token in exact mode: its exact term when its spelling is not the word's
/// implicit spelling; otherwise the word filtered by documents_with_implicit_spelling, whose
/// documents are appended to @p implicit for the "matched" list. When @p db is null, the
/// implicit spelling is taken to be the normalised word and is matched by the word alone.
Xapian::Query exact_query(const Xapian::Database* db, const analyzers::Token& token,
                          std::vector<DocidSet>& implicit);

/// The exact term of a word and its spelling.
std::string exact_term(std::string_view word, std::string_view spelling);

/// Which mode a term prefix stands for, as listed in a hit's "matched"; terms without an
/// upper-case prefix are normalised words ("word"). Longest prefix first.
struct PrefixMode {
  std::string_view prefix;
  std::string_view mode;
};
inline constexpr PrefixMode kPrefixModes[] = {
    {"ZS", "stem"}, {"Z", "stem"}, {"S", "word"}, {"B", "word"}, {"E", "exact"}, {"N", "name"},
};

/// The mode of @p term through kPrefixModes, "word" without an upper-case prefix, empty for the
/// terms of other prefixes (filters: facet values, dates), which never make a hit's mode.
std::string_view mode_of(std::string_view term);

/// A phrase of the query: for each position, the terms that may stand there.
using PhraseTerms = std::vector<std::vector<std::string>>;

/// What tells the modes of a hit besides its matching terms.
struct MatchEvidence {
  /// The query's phrases (and quoted or NEAR words).
  std::span<const PhraseTerms> phrases;
  /// The hit is in an implicit-spelling set of exact_query.
  bool implicit_exact = false;
  /// Sorted: words of the other script found through the name-key table.
  std::span<const std::string> name_terms;
  /// Sorted: word terms that stand for a single =word in its implicit spelling (exact_query
  /// filters the word term): for a hit with implicit_exact they are "exact", not "word", so
  /// a hit's modes do not depend on which spelling the index keeps implicit. (The same word
  /// also quoted in the query then counts as exact only.)
  std::span<const std::string> implicit_words;
  /// Sorted: terms the query's words ending in * expanded to (ParsedQuery::prefix_terms).
  std::span<const std::string> prefix_terms;
};

/// The modes that matched a hit, in the order stem, word, prefix, phrase, exact, name: from the
/// matching @p terms (Enquire::get_matching_terms) through kPrefixModes; "phrase" when every
/// position of one of the phrases has a matching term (so in an OR query a phrase whose words
/// occur apart also counts); "exact" also for implicit_exact; "name" also for a term of
/// name_terms; "prefix" for a term of prefix_terms (rather than its own mode). Terms of other
/// prefixes (filters) give nothing.
std::vector<std::string> matched_modes(const std::vector<std::string>& terms,
                                       const MatchEvidence& evidence);

}  // namespace dalil::searchd
