/// @file searchd/snippet.h
/// @brief HTML snippets cut from the original text around the best match, with <mark> tags.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analyzers/analyzer.h"
#include "searchd/query_parser.h"

namespace dalil::searchd {

struct SnippetOptions {
  std::size_t target_chars = 220;  ///< Length of the snippet in characters, about.
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

}  // namespace dalil::searchd
