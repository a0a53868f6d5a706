/// @file searchd/passages.h
/// @brief Finding the passages of a hit that hold the query's matches (from term positions),
///        ranking them, and presenting them: locators, snippets and citation lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analyzers/analyzer.h"
#include "analyzers/normalizer.h"
#include "core/passage_table.h"
#include "searchd/query_parser.h"

namespace dalil::searchd {

/// One passage of a hit and what it holds of the query.
struct RankedPassage {
  std::size_t index = 0;   ///< Into the document's passage table (0-based).
  int distinct = 0;        ///< Distinct query terms matched in it.
  int matches = 0;         ///< Matches of query terms in it.
  bool preferred = false;  ///< Spoken by a speaker the query scopes or filters on.
};

/// Orders passages best first: passages with a match before those without, then the
/// preferred speaker's, then more distinct terms, then more matches, then earlier.
bool better_passage(const RankedPassage& a, const RankedPassage& b);

/// Words of the index found to stand for a stem (in term lists, by PassageRanker), kept by a
/// worker from request to request so that later pages need not read those term lists again.
/// A document's words come from them only when their wdf adds up to the stem's (see
/// PassageRanker), so it may lack any word; every word listed must have the stem it is listed
/// under (as PassageRanker adds them, with the analyzer of the index). Bounded: a stem keeps its
/// kMaxWordsPerStem most frequent words, and the whole table is emptied past kMaxStems stems
/// (a few MB at most, beside the analyzer's word cache of the same worker).
/// The worker empties it when its index is reopened at a new revision. Not thread-safe.
class StemVocabulary {
 public:
  static constexpr std::size_t kMaxWordsPerStem = 32;
  static constexpr std::size_t kMaxStems = 1024;

  struct Word {
    std::string word;
    Xapian::doccount frequency = 0;  ///< Documents holding it when it was added.
  };
  /// The words of @p stem, most frequent first; empty when none is known.
  const std::vector<Word>& words(const std::string& stem) const;
  /// Adds @p word (a word of @p stem held by @p frequency documents) unless it is known.
  void add(const std::string& stem, const std::string& word, Xapian::doccount frequency);
  void clear() { stems_.clear(); }
  std::size_t stems() const { return stems_.size(); }

 private:
  std::unordered_map<std::string, std::vector<Word>> stems_;
};

/// What a PassageRanker may use besides the query.
struct RankerOptions {
  /// Speakers whose turns come first, as analyzers::normalize_field_value gives them.
  std::vector<std::string> preferred_speakers;
  /// Indexed words that may stand for the stems (ParsedQuery::stem_words): prepare() follows
  /// those whose stem is one of the query's from the start. Any list gives the same ranks.
  std::vector<std::string> likely_words;
  /// The worker's vocabulary, read and added to by prepare(); none when null.
  StemVocabulary* vocabulary = nullptr;
};

/// Ranks the passages of the documents of one request. Positions of the query's words come from
/// the index (Database::positionlist_begin); stems and prefixes have no positions, so they are
/// first mapped to the document's own words (its term list, an analysed word checked against
/// the stem, cached for the request). Nothing of the body is analysed. Not thread-safe.
///
/// Reading a term list is the costly part (glass stores it compressed), so after prepare() a
/// document's words of a stem S come from words of S already known when their wdf in the
/// document adds up to the wdf of the stem term (Z+S): every occurrence of a word adds its wdf to
/// both, so then no other word of S is in the document and its term list is not read (the
/// known words are tried most frequent first, and the others not at all once the sum is
/// reached). The result is the same as from the term list. Known words are those of earlier
/// documents of the request, the words typed in the query and the worker's StemVocabulary.
class PassageRanker {
 public:
  PassageRanker(const HighlightTerms& terms, analyzers::Analyzer& analyzer,
                RankerOptions options = {});

  /// Finds the words of the query's stems in each of @p docids (the documents rank() will be
  /// asked about, in ascending order without repeats), walking their posting lists once.
  /// Optional: rank() reads the term list of a document that was not prepared.
  void prepare(const Xapian::Database& db, const std::vector<Xapian::docid>& docids);

  /// After prepare() (the same @p docids, or some of them): reads and keeps the position lists
  /// of every word rank() will ask about in each, word by word in docid order, and none of a
  /// typed or phrase word a document lacks (one walk of that word's posting list through the
  /// documents says which). Xapian 1.4 gives each Database::positionlist_begin a cursor of its
  /// own, a descent through the position table whether the document has the word or not.
  /// Optional: rank() reads the lists of a document left out. Documents whose words of a stem
  /// or prefix prepare() did not find (queries with word*) are left out.
  void read_positions(const Xapian::Database& db, const std::vector<Xapian::docid>& docids);

  /// The passages of document @p did (whose table is @p table) best first, at most @p max.
  /// An exact spelling (terms.exacts) counts where its word stands in any spelling: positions do
  /// not tell spellings apart, so the caller keeps the passages whose text holds it.
  /// Passages without a match are left out unless none matched: then the first passage of a
  /// preferred speaker, or else the first passage, stands alone. A table of one passage gives
  /// it without reading anything (its matches and distinct terms are not counted: 0).
  std::vector<RankedPassage> rank(const Xapian::Database& db, Xapian::docid did,
                                  const std::vector<core::IndexedPassage>& table, std::size_t max);

  /// Term lists read so far (by prepare() and rank()), for tests.
  std::size_t term_lists_read() const { return term_lists_read_; }

 private:
  // The positions of @p word in @p did: kept by read_positions(), or else read now (valid until
  // the next call).
  const std::vector<Xapian::termpos>& positions(const Xapian::Database& db, Xapian::docid did,
                                                const std::string& word);
  // The positions where typed or phrase word @p word stands in @p did: as itself, and (an
  // Arabic word) bare after proclitics, the kPrefixBareWord term the query also matches there.
  std::vector<Xapian::termpos> word_positions(const Xapian::Database& db, Xapian::docid did,
                                              const std::string& word);
  // The stem of an indexed (normalised) word, analysed once per request.
  const std::string& stem_of(const std::string& word);
  // The document's words (from its term list) that stand for the query's stems and prefixes,
  // each with the id of the stem (0-based) or prefix (after words) it stands for.
  std::vector<std::pair<std::string, std::size_t>> term_list_words(const Xapian::Database& db,
                                                                   Xapian::docid did);

  // A word known to stand for a stem, with a cursor on its posting list (prepare()), opened
  // when first needed.
  struct KnownWord {
    std::string word;
    Xapian::doccount frequency = 0;
    Xapian::PostingIterator post;
    bool open = false;
  };

  const HighlightTerms& terms_;
  // Typed and phrase words that may stand bare after proclitics -> their kPrefixBareWord term.
  std::map<std::string, std::string, std::less<>> bare_terms_;
  // The normalised word of each exact spelling (terms_.exacts), empty when it is not one word.
  std::vector<std::string> exact_words_;
  std::vector<std::string> preferred_;
  analyzers::Analyzer& analyzer_;
  std::vector<std::string> likely_words_;
  StemVocabulary* vocabulary_;
  std::size_t term_lists_read_ = 0;
  std::vector<std::string> stem_cores_;  // each stem less its last character: a cheap pre-check
  std::unordered_map<std::string, std::string> stems_;
  std::vector<analyzers::Token> tokens_;
  // prepare(): the words of the stems found in each prepared document.
  std::unordered_map<Xapian::docid, std::vector<std::pair<std::string, std::size_t>>> prepared_;
  // read_positions(): the position lists of each document's words, absent words' empty.
  std::unordered_map<Xapian::docid,
                     std::vector<std::pair<std::string, std::vector<Xapian::termpos>>>>
      positions_;
  std::vector<Xapian::termpos> scratch_;
};

/// "hh:mm:ss.mmm" for @p ms milliseconds (hours grow past 99 if need be).
std::string format_timecode(uint32_t ms);

/// /api/documents/{id}/passages/{n} after @p public_url when set; the id percent-encoded except
/// for unreserved characters, ':' and '@' (allowed in a path segment, frequent in ids).
std::string permalink(std::string_view public_url, std::string_view id, std::size_t number);

/// What a citation line names besides the passage.
struct CiteParts {
  std::string source;
  std::string title;
  std::string date;  ///< As written in the document.
  std::string permalink;
};

/// The locator of passage @p number (1-based) @p passage: {"passage", "speaker", "qa", "start",
/// "end", "page", "byte_start", "byte_end", "sha256"}, absent fields left out.
nlohmann::json locator_json(const core::Passage& passage, std::size_t number,
                            const std::string& sha256);

/// One ready citation line: source, “title”, date, speaker, timecodes or "p. N", "passage n",
/// permalink, each part only when known, separated by ", ".
std::string cite_line(const CiteParts& parts, const core::Passage& passage, std::size_t number);

}  // namespace dalil::searchd
