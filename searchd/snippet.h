/// @file searchd/snippet.h
/// @brief HTML snippets cut from the original text around the best match, with <mark> tags.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/analyzer.h"
#include "searchd/query_parser.h"

namespace dalil::searchd {

struct SnippetOptions {
  std::size_t target_chars = 220;  ///< Length of the snippet in characters, about.
};

/// Ids of query terms by their text, the first id of a term listed twice; -1 for another text.
/// A query has a few terms, so a list compared length first beats a hash table: most words of a
/// passage differ in length from every term, and their text (in the analyzer's word cache,
/// seldom in the CPU's) is then never read, where hashing read every word whole.
class TermIds {
 public:
  void add(std::string_view term, int id) {
    if (find(term) < 0) terms_.emplace_back(term, id);
  }
  bool empty() const { return terms_.empty(); }
  int find(std::string_view text) const {
    for (const auto& [term, id] : terms_) {
      if (term.size() == text.size() && term == text) return id;
    }
    return -1;
  }

 private:
  std::vector<std::pair<std::string_view, int>> terms_;
};

/// The query terms of a HighlightTerms in the look-up tables marking needs, built once per
/// request instead of once per snippet. Views into the HighlightTerms, which must outlive it.
class Highlighter {
 public:
  explicit Highlighter(const HighlightTerms& terms);
  const HighlightTerms& terms() const { return terms_; }

  /// For each token, the id of the query term it matches, or -1; phrase tokens of one occurrence
  /// share a group number. Works on analyzers::Token and analyzers::TokenView.
  struct Marks {
    std::vector<int> term;
    std::vector<int> group;
  };
  template <typename TokenT>
  void mark(const std::vector<TokenT>& tokens, Marks& marks) const;

 private:
  const HighlightTerms& terms_;
  TermIds stem_ids_;
  TermIds word_ids_;
  TermIds exact_ids_;
};

/// Cuts a snippet of @p text (whose words are @p tokens, from the same Analyzer as the query)
/// around the window with the most distinct query terms. Matched words are wrapped in
/// <mark>…</mark>, using the byte offsets of the original words, clitics included; everything
/// else is HTML-escaped and runs of white space become one space. "…" marks a cut.
/// Without any match the snippet is the start of the text.
std::string make_snippet(std::string_view text, const std::vector<analyzers::Token>& tokens,
                         const HighlightTerms& terms, const SnippetOptions& options);

/// True when a query term of @p terms matches one of @p tokens (as make_snippet would mark it).
bool has_match(const std::vector<analyzers::Token>& tokens, const HighlightTerms& terms);

/// make_snippet with the tables of @p highlighter, on tokens of either kind (the server passes
/// Analyzer::analyze_views' views, so no word is copied). The same snippet as make_snippet.
template <typename TokenT>
std::string make_snippet(std::string_view text, const std::vector<TokenT>& tokens,
                         const Highlighter& highlighter, const SnippetOptions& options);
/// has_match with the tables of @p highlighter.
template <typename TokenT>
bool has_match(const std::vector<TokenT>& tokens, const Highlighter& highlighter);

}  // namespace dalil::searchd
