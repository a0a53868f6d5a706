/// @file searchd/snippet.cc
/// @brief Match marking, window choice and HTML rendering for snippets.
#include "searchd/snippet.h"

#include <algorithm>
#include <unordered_map>

#include "core/utf8.h"

namespace dalil::searchd {

namespace {

constexpr int kNoMatch = -1;

// Character offsets (not bytes: Arabic letters take two) of every token's begin and end, found
// in one pass over the text so window lengths cost a subtraction.
struct CharOffsets {
  std::vector<std::size_t> begin;
  std::vector<std::size_t> end;

  template <typename TokenT>
  CharOffsets(std::string_view text, const std::vector<TokenT>& tokens) {
    begin.reserve(tokens.size());
    end.reserve(tokens.size());
    std::size_t byte = 0;
    std::size_t chars = 0;
    auto advance_to = [&](std::size_t target) {
      for (; byte < target; ++byte) {
        if ((static_cast<unsigned char>(text[byte]) & 0xC0) != 0x80) ++chars;
      }
      return chars;
    };
    for (const auto& token : tokens) {
      begin.push_back(advance_to(token.begin));
      end.push_back(advance_to(token.end));
    }
  }

  /// Characters from the start of token @p first to the end of token @p last.
  std::size_t span(std::size_t first, std::size_t last) const { return end[last] - begin[first]; }
};

std::size_t term_count(const HighlightTerms& terms) {
  return terms.stems.size() + terms.words.size() + terms.prefixes.size() + terms.exacts.size() +
         terms.phrases.size();
}

// A phrase word meets a token by its normalised word or, after proclitics, its bare word.
template <typename TokenT>
bool same_word(const TokenT& token, const std::string& word) {
  return token.word == word || (!token.bare.empty() && token.bare == word);
}

bool is_space(char ch) {
  return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t';
}

// Appends text[begin, end) escaped, with runs of white space folded to one space; the runs
// between are escaped whole.
void append_plain(std::string& out, std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t i = begin;
  while (i < end) {
    std::size_t space = i;
    while (space < end && !is_space(text[space])) ++space;
    core::append_html_escaped(out, text.substr(i, space - i));
    if (space == end) break;
    out += ' ';
    i = space;
    while (i < end && is_space(text[i])) ++i;
  }
}

}  // namespace

Highlighter::Highlighter(const HighlightTerms& terms) : terms_(terms) {
  // add keeps the first id of a term listed twice, as the per-snippet tables did.
  for (std::size_t i = 0; i < terms.stems.size(); ++i)
    stem_ids_.add(terms.stems[i], static_cast<int>(i));
  const int word_base = static_cast<int>(terms.stems.size());
  for (std::size_t i = 0; i < terms.words.size(); ++i)
    word_ids_.add(terms.words[i], word_base + static_cast<int>(i));
  const int exact_base = word_base + static_cast<int>(terms.words.size() + terms.prefixes.size());
  for (std::size_t i = 0; i < terms.exacts.size(); ++i)
    exact_ids_.add(terms.exacts[i], exact_base + static_cast<int>(i));
}

// Ids run over stems, then words (NEAR), then prefixes (word*), then exact spellings, then
// phrases; a later kind wins over an earlier one.
template <typename TokenT>
void Highlighter::mark(const std::vector<TokenT>& tokens, Marks& marks) const {
  const HighlightTerms& terms = terms_;
  marks.term.assign(tokens.size(), kNoMatch);
  marks.group.assign(tokens.size(), -1);
  const int word_base = static_cast<int>(terms.stems.size());
  const int prefix_base = word_base + static_cast<int>(terms.words.size());
  const int exact_base = prefix_base + static_cast<int>(terms.prefixes.size());
  int group = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const TokenT& token = tokens[i];
    int term = kNoMatch;
    if (!stem_ids_.empty()) {
      if (const int id = stem_ids_.find(token.stem); id != kNoMatch) term = id;
    }
    if (!word_ids_.empty()) {
      if (const int id = word_ids_.find(token.word); id != kNoMatch) term = id;
      if (!token.bare.empty()) {
        if (const int id = word_ids_.find(token.bare); id != kNoMatch) term = id;
      }
    }
    for (std::size_t p = 0; p < terms.prefixes.size(); ++p) {
      if (token.word.starts_with(terms.prefixes[p]) && terms.prefix_word_matched(p, token.word)) {
        term = prefix_base + static_cast<int>(p);
        break;
      }
    }
    if (!exact_ids_.empty()) {
      if (const int id = exact_ids_.find(token.exact); id != kNoMatch) term = id;
    }
    if (term != kNoMatch) {
      marks.term[i] = term;
      marks.group[i] = group++;
    }
  }
  const int phrase_base = exact_base + static_cast<int>(terms.exacts.size());
  for (std::size_t p = 0; p < terms.phrases.size(); ++p) {
    const auto& phrase = terms.phrases[p];
    if (phrase.empty() || phrase.size() > tokens.size()) continue;
    for (std::size_t i = 0; i + phrase.size() <= tokens.size(); ++i) {
      bool match = true;
      for (std::size_t k = 0; k < phrase.size() && match; ++k)
        match = same_word(tokens[i + k], phrase[k]);
      if (!match) continue;
      for (std::size_t k = 0; k < phrase.size(); ++k) {
        marks.term[i + k] = phrase_base + static_cast<int>(p);
        marks.group[i + k] = group;
      }
      ++group;
      i += phrase.size() - 1;
    }
  }
}

template <typename TokenT>
bool has_match(const std::vector<TokenT>& tokens, const Highlighter& highlighter) {
  Highlighter::Marks marks;
  highlighter.mark(tokens, marks);
  return std::any_of(marks.term.begin(), marks.term.end(),
                     [](int term) { return term != kNoMatch; });
}

bool has_match(const std::vector<analyzers::Token>& tokens, const HighlightTerms& terms) {
  return has_match(tokens, Highlighter(terms));
}

std::string make_snippet(std::string_view text, const std::vector<analyzers::Token>& tokens,
                         const HighlightTerms& terms, const SnippetOptions& options) {
  return make_snippet(text, tokens, Highlighter(terms), options);
}

template <typename TokenT>
std::string make_snippet(std::string_view text, const std::vector<TokenT>& tokens,
                         const Highlighter& highlighter, const SnippetOptions& options) {
  if (tokens.empty()) return {};
  Highlighter::Marks marks;
  highlighter.mark(tokens, marks);
  const CharOffsets chars(text, tokens);
  const std::size_t target = options.target_chars;

  // Window [first, last] of tokens: the one, starting at a match, whose text fits the target and
  // holds the most distinct terms, then the most matches.
  std::size_t best_first = 0;
  int best_score = -1;
  std::vector<char> seen(term_count(highlighter.terms()));
  for (std::size_t start = 0; start < tokens.size(); ++start) {
    if (marks.term[start] == kNoMatch) continue;
    std::fill(seen.begin(), seen.end(), 0);
    int distinct = 0;
    int matches = 0;
    for (std::size_t i = start; i < tokens.size(); ++i) {
      if (chars.span(start, i) > target) break;
      if (marks.term[i] == kNoMatch) continue;
      ++matches;
      if (seen[static_cast<std::size_t>(marks.term[i])] == 0) {
        seen[static_cast<std::size_t>(marks.term[i])] = 1;
        ++distinct;
      }
    }
    const int score = distinct * 1000 + matches;
    if (score > best_score) {
      best_score = score;
      best_first = start;
    }
  }

  std::size_t first = 0;
  std::size_t last = 0;
  if (best_score < 0) {
    // No match in this text: show its beginning.
    while (last + 1 < tokens.size() && chars.span(0, last + 1) <= target) ++last;
  } else {
    // Centre the matched span: find its end, then share the spare length on both sides.
    std::size_t match_last = best_first;
    for (std::size_t i = best_first; i < tokens.size(); ++i) {
      if (chars.span(best_first, i) > target) break;
      if (marks.term[i] != kNoMatch) match_last = i;
    }
    first = best_first;
    last = match_last;
    bool grew = true;
    while (grew) {
      grew = false;
      if (first > 0 && chars.span(first - 1, last) <= target) {
        --first;
        grew = true;
      }
      if (last + 1 < tokens.size() && chars.span(first, last + 1) <= target) {
        ++last;
        grew = true;
      }
    }
  }

  std::string out;
  // A window that reaches an end of the text takes the punctuation there too («quote», final
  // full stop); a cut window starts and ends on word boundaries and says so with "…".
  const bool at_start = first == 0;
  const bool at_end = last + 1 == tokens.size();
  // Room for the window, its marks and a few escapes, so the snippet is not copied as it grows.
  const std::size_t bytes =
      (at_end ? text.size() : tokens[last].end) - (at_start ? 0 : tokens[first].begin);
  out.reserve(bytes + bytes / 4 + 32);
  if (!at_start) out += "… ";
  std::size_t cursor = at_start ? 0 : tokens[first].begin;
  std::size_t i = first;
  while (i <= last) {
    if (marks.term[i] == kNoMatch) {
      ++i;
      continue;
    }
    // Extend over the tokens of the same phrase occurrence so it is marked as one run.
    std::size_t run_end = i;
    while (run_end + 1 <= last && marks.group[run_end + 1] == marks.group[i]) ++run_end;
    append_plain(out, text, cursor, tokens[i].begin);
    out += "<mark>";
    append_plain(out, text, tokens[i].begin, tokens[run_end].end);
    out += "</mark>";
    cursor = tokens[run_end].end;
    i = run_end + 1;
  }
  append_plain(out, text, cursor, at_end ? text.size() : tokens[last].end);
  if (!at_end) out += " …";
  // Leading or trailing white space of the text is not part of a snippet.
  const auto not_space = out.find_first_not_of(' ');
  out.erase(0, not_space == std::string::npos ? out.size() : not_space);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

template std::string make_snippet(std::string_view, const std::vector<analyzers::Token>&,
                                  const Highlighter&, const SnippetOptions&);
template std::string make_snippet(std::string_view, const std::vector<analyzers::TokenView>&,
                                  const Highlighter&, const SnippetOptions&);
template bool has_match(const std::vector<analyzers::Token>&, const Highlighter&);
template bool has_match(const std::vector<analyzers::TokenView>&, const Highlighter&);

}  // namespace dalil::searchd
