/// @file searchd/exact_match.h
/// @brief Exact mode (=word, exact=true): documents holding a word in its original spelling, and
///        the "matched" list of a hit (which matching modes found it).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"

namespace dalil::searchd {

/// Sorted ids of documents, shared between a query and the hits it renders.
using DocidSet = std::shared_ptr<const std::vector<Xapian::docid>>;

/// The documents of @p db holding @p word (normalised) at least once spelled exactly as
/// @p word. The index keeps an exact term ("E" word " " spelling, core/schema.h) only for the
/// spellings that normalisation changed, with the same wdf as the word term; so a document
/// holds the plain spelling exactly when the word's wdf exceeds the sum of the wdf of its
/// exact terms. Reads the postings of the word and of its exact terms.
std::vector<Xapian::docid> documents_with_plain_spelling(const Xapian::Database& db,
                                                         const std::string& word);

/// The query for @p token in exact mode: its exact term when its spelling differs from its
/// normalised word; otherwise the word filtered by documents_with_plain_spelling (when
/// @p db is null, the word alone), whose documents are appended to @p plain for the "matched"
/// list.
Xapian::Query exact_query(const Xapian::Database* db, const analyzers::Token& token,
                          std::vector<DocidSet>& plain);

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

/// A phrase of the query: for each position, the terms that may stand there.
using PhraseTerms = std::vector<std::vector<std::string>>;

/// The modes that matched a hit, in the order stem, word, phrase, exact, name: from the
/// matching @p terms (Enquire::get_matching_terms) through kPrefixModes; "phrase" when every
/// position of one of @p phrases has a matching term (so in an OR query a phrase whose words
/// occur apart also counts); "exact" also when @p plain_exact (the hit is in a plain-spelling
/// set of exact_query); "name" also for a term of @p name_terms (sorted: words of the other
/// script found through the name-key table). Terms of other prefixes (filters) give nothing.
std::vector<std::string> matched_modes(const std::vector<std::string>& terms,
                                       const std::vector<PhraseTerms>& phrases, bool plain_exact,
                                       const std::vector<std::string>& name_terms = {});

}  // namespace dalil::searchd
