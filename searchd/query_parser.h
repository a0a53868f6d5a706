/// @file searchd/query_parser.h
/// @brief The user query language: words, "phrases", AND, OR, NOT, -word and parentheses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analyzers/analyzer.h"

namespace dalil::searchd {

/// What the snippet maker marks: stems of free words and word sequences of phrases.
struct HighlightTerms {
  std::vector<std::string> stems;                 ///< Matched against a token's stem.
  std::vector<std::vector<std::string>> phrases;  ///< Normalised words in order.

  bool empty() const { return stems.empty() && phrases.empty(); }
};

/// A parsed query ready for Xapian.
struct ParsedQuery {
  Xapian::Query query;       ///< MatchAll when the text holds no positive term.
  bool has_terms = false;    ///< False when the text was empty or only negative.
  HighlightTerms highlight;  ///< From positive parts only.
  nlohmann::json explained;  ///< How the query was understood, for "query_explained".
};

/// Limits checked while parsing.
struct QueryLimits {
  int max_terms = 64;
};

/// Grammar (the default operator between parts is AND):
///   query   := or_expr
///   or_expr := and_expr ("OR" and_expr)*
///   and_expr:= unary (["AND"] unary)*
///   unary   := "NOT" unary | "-" primary | primary
///   primary := "(" or_expr ")" | '"' words '"' | word
/// A bare word matches its stem (so الأسلحة finds السلاح's other forms); a quoted phrase matches
/// the normalised words in order, unstemmed; a single quoted word matches unstemmed.
/// Operators are the upper-case English words AND, OR, NOT. Throws core::Error(kBadQuery) with
/// the byte position of the problem and a hint.
ParsedQuery parse_query(std::string_view text, analyzers::Analyzer& analyzer,
                        const QueryLimits& limits);

}  // namespace dalil::searchd
