/// @file searchd/query_parser.h
/// @brief The user query language: words, "phrases", prefix*, NEAR/n, field:scopes, date:ranges,
///        AND, OR, NOT, -word and parentheses.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analyzers/analyzer.h"
#include "core/index_schema.h"
#include "searchd/date_filter.h"
#include "searchd/exact_match.h"
#include "searchd/name_aliases.h"

namespace dalil::searchd {

/// What the snippet maker marks: stems of free words, exact words of NEAR, prefixes of word*
/// and word sequences of phrases. Title scopes and filters are not marked (snippets are cut
/// from the body).
struct HighlightTerms {
  std::vector<std::string> stems;     ///< Matched against a token's stem.
  std::vector<std::string> words;     ///< Matched against a token's word or bare word.
  std::vector<std::string> prefixes;  ///< A word starting with one matches (see prefix_words).
  std::vector<std::vector<std::string>> phrases;  ///< Normalised words in order (or bare words).
  std::vector<std::string> exacts;                ///< Matched against a token's exact spelling.
  /// For each of prefixes, the words it stands for, sorted, when the parser expanded it itself
  /// (with QueryContext::database: at most the 200 most frequent, fewer when cut at the
  /// deadline); a word starting with the prefix but not here did not match. nullopt: Xapian
  /// expands it (OP_WILDCARD) and every word starting with it matches.
  std::vector<std::optional<std::vector<std::string>>> prefix_words = {};
  /// Words of phrases, quoted words and NEAR operands that the query also matches standing bare
  /// after proclitics (their kPrefixBareWord term at the word's position): Arabic words.
  std::vector<std::string> bare_words = {};

  /// Whether @p word, which starts with prefixes[@p p], is one that prefix stands for.
  bool prefix_word_matched(std::size_t p, std::string_view word) const {
    const auto& words = prefix_words[p];
    return !words || std::binary_search(words->begin(), words->end(), word, std::less<>());
  }

  bool empty() const {
    return stems.empty() && words.empty() && prefixes.empty() && phrases.empty() && exacts.empty();
  }
};

/// A parsed query ready for Xapian.
struct ParsedQuery {
  Xapian::Query query;  ///< MatchAll when the text holds no positive part.
  /// True when positive parts hold words to rank by. False when the text was empty, only
  /// negative, or only filters (field:value, date:), which match with weight 0: then results
  /// are best sorted by date.
  bool has_terms = false;
  HighlightTerms highlight;  ///< From positive parts only.
  /// Stop words left out of their AND group, as typed (see analyzers/stopwords.h).
  std::vector<std::string> stop_words_dropped;
  nlohmann::json explained;  ///< How the query was understood, for "query_explained".
  /// Phrases (and quoted or NEAR words) of positive parts, for a hit's "matched".
  std::vector<PhraseTerms> phrases;
  /// Documents of exact words written in their implicit spelling (exact_query), for "matched".
  std::vector<DocidSet> implicit_exact;
  /// Word terms that stand for a single =word in its implicit spelling, sorted, unique
  /// (MatchEvidence::implicit_words).
  std::vector<std::string> implicit_words;
  /// Terms a word's name stands for in the other script (the name-key table), sorted, unique:
  /// a hit matching one of them "matched" by name.
  std::vector<std::string> name_terms;
  /// The normalised words typed as free words (matched by their stems), once each, positive or
  /// not: the forms of highlight.stems most likely in the hits, which PassageRanker::prepare
  /// follows before it reads any term list.
  std::vector<std::string> stem_words;
  /// Terms the words ending in * expanded to (read from QueryContext::database), sorted,
  /// unique: a hit matching one of them "matched" by prefix.
  std::vector<std::string> prefix_terms;
  /// A word ending in * stopped expanding at QueryContext::deadline: it matches the most frequent
  /// of the words read until then, and the answer is cut short.
  bool expansion_cut = false;
};

/// What parsing needs besides the text: the analyzer of the calling thread, the index schema
/// (facet names are field scopes), the alias table and whether names reach across scripts.
struct QueryContext {
  analyzers::Analyzer& analyzer;
  const core::IndexSchema& schema;
  /// The index, for exact words written in their implicit spelling (see exact_query) and for
  /// its name-key table; without one such a word matches its normalised form and names reach
  /// across scripts only through aliases.
  const Xapian::Database* database = nullptr;
  /// exact=true: every word and phrase of the query in exact mode, as if written =word.
  bool exact = false;
  const NameAliases* aliases = nullptr;  ///< Exonyms (Aleppo/حلب); none when null.
  /// A word or phrase also matches its name keys in the other script (analyzers/name_key.h)
  /// and its aliases, with kNameWeight of their weight. The HTTP API turns it on unless
  /// translit=off.
  bool translit = false;
  /// The index's date terms for `date:` ranges, kept by the caller across queries; read for
  /// the query alone from `database` when null.
  DateTerms* date_terms = nullptr;
  /// analyzers::has_case_evidence of `database`, kept by the caller across queries (it is a
  /// metadata read, a descent through the index); read for the query when nullopt.
  std::optional<bool> case_evidence = std::nullopt;
  /// When the request's time is up: a word ending in * stops reading the index's words then
  /// (ParsedQuery::expansion_cut). None: words* expand in full.
  std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt;
  /// When the match must stop (MatchDeadlines::page): phrases and NEAR groups carry a
  /// DeadlineSource of their own, since the match's filter is not asked while they check
  /// positions inside an OR. None: they match without one (exports).
  std::optional<std::chrono::steady_clock::time_point> match_deadline = std::nullopt;
};

/// Weight factor of name-key and alias matches, which orders the hits found only that way.
inline constexpr double kNameWeight = 0.4;

/// Weight a word or phrase adds to a hit when it matches in its own script while name keys or
/// aliases could also have matched it: more than any BM25 weight, so every hit with a
/// same-script match ranks above every hit found only across scripts (issue 3: "ranked below
/// same-script hits"); a factor alone does not, since a rare word of the other script can
/// outweigh a common one of the query's script.
inline constexpr double kSameScriptBoost = 1000.0;

/// Weight a word or phrase adds to a hit that holds one of its alias forms (the alias table,
/// curated): every such hit ranks above the hits found by name keys alone, and below the
/// same-script tier.
inline constexpr double kAliasBoost = 500.0;

/// Most words of the other script one query word's name keys expand to (the table lists the
/// most frequent first).
inline constexpr std::size_t kMaxNameWords = 64;

/// A bare Arabic word also matches a spelling that differs in one hamza seat (analyzers::
/// seat_spellings: مسوول for مسؤول, هيىة for هيئة) when the index holds the spelling without the
/// hamza at most 1/kSeatSpellingRatio as often (document frequency of the word, an absent one
/// counted as 1) as the one with it: then the hamza-less one reads as a misspelling, and both
/// spellings find the same documents. Pairs of real words (فيه/فئة, سيل/سئل) are far closer in
/// frequency, and two rare spellings never meet.
inline constexpr Xapian::doccount kSeatSpellingRatio = 50;

/// Limits checked while parsing.
struct QueryLimits {
  int max_terms = 64;
  /// Most words ending in * (each expands to up to kMaxPrefixExpansions terms, and the
  /// matcher's time limit does not bound a tree of many thousand: 60 copies of ال* took 22 s
  /// on 20,000 articles; QueryContext::deadline bounds the reading of the index's words, not
  /// the match). 0 refuses every prefix search.
  int max_prefixes = 4;
};

/// Most terms one word* expands to; the most frequent ones are kept.
inline constexpr Xapian::termcount kMaxPrefixExpansions = 200;
/// Largest n of NEAR/n.
inline constexpr int kMaxNearDistance = 100;

/// Grammar (the default operator between parts is AND):
///   query    := or_expr
///   or_expr  := and_expr ("OR" and_expr)*
///   and_expr := unary (["AND"] unary)*
///   unary    := "NOT" unary | "-" near | near
///   near     := single ("NEAR/n" single)+ | primary
///   single   := word | '"' word '"'
///   primary  := "(" or_expr ")" | '"' words '"' | scope | word "*" | word | "=" word
///             | '="' words '"'
///   scope    := field ":" value | field ':"' words '"'      (no space after the colon)
/// With translit on, a bare word or a phrase also matches (OR, weight x kNameWeight) the name
/// keys of its words in the other script (every word that is not an article or stop word must
/// have one; the keys carry no positions, so a phrase's names need only co-occur) and the other
/// forms of its alias group.
/// A bare word matches its stem (so الأسلحة finds السلاح's other forms) and the stems of its
/// misspelt hamza seats (kSeatSpellingRatio); a quoted phrase matches
/// the normalised words in order, unstemmed; a single quoted word matches unstemmed; word*
/// matches normalised words starting with word (at least 2 characters, at most
/// kMaxPrefixExpansions words, the most frequent; with a database they are read here, up to
/// QueryContext::deadline, as an OP_SYNONYM of terms, else left to Xapian as OP_WILDCARD). =word
/// matches the word in its original spelling, diacritics, hamza seats and ة included (exact mode;
/// ="words" is a phrase of exact words). Quoted words and phrases also meet words with proclitics
/// ("الأمم المتحدة" finds بالأمم المتحدة) through the bare-word terms (core/schema.h). a NEAR/n b
/// matches a and b with at most n words between them, in either order; a chain a NEAR/n b NEAR/n c
/// holds all three within n + 3 positions. Fields: title (stems; "phrase" and word* on title
/// words), date (2011, 2011-03..2013-08,
/// ..2013, 2011-03..: documents whose date period overlaps the range) and every facet of the
/// schema (source:"Marsa Radio", speaker:..., an exact boolean filter of weight 0). A word whose
/// part before ':' is no field (10:30, https://x) is an ordinary word.
/// A bare stop word (analyzers/stopwords.h) is left out of an AND group that keeps another
/// positive word; never in phrases, NEAR, as an alternative of OR, or when alone.
/// Operators are the upper-case English words AND, OR, NOT, NEAR/n. Throws
/// core::Error(kBadQuery) with the position of the problem (1-based, in bytes) and a hint.
ParsedQuery parse_query(std::string_view text, const QueryContext& context,
                        const QueryLimits& limits);

/// The modes that matched hit @p id of @p parsed (matched_modes), from its matching @p terms.
std::vector<std::string> hit_modes(const ParsedQuery& parsed, const std::vector<std::string>& terms,
                                   Xapian::docid id);

}  // namespace dalil::searchd
