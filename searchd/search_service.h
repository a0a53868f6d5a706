/// @file searchd/search_service.h
/// @brief Runs searches, facet counts, exports and document look-ups on one worker's database.
#pragma once

#include <array>
#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "searchd/date_filter.h"
#include "searchd/facets.h"
#include "searchd/query_parser.h"
#include "searchd/snippet.h"
#include "searchd/worker_pool.h"

namespace dalil::searchd {

enum class SortOrder { kRelevance, kDateDesc, kDateAsc };

/// The keys of a document hit, in the order of kHitFieldNames; fields= picks some of them.
enum class HitField {
  kId,
  kTitle,
  kDate,
  kDatePrecision,
  kSource,
  kLang,
  kType,
  kUrl,
  kScore,
  kMatched,
  kSnippet,
  kPassages,
};
/// The JSON key of each HitField.
inline constexpr std::array<std::string_view, 12> kHitFieldNames = {
    "id",   "title", "date",  "date_precision", "source",  "lang",
    "type", "url",   "score", "matched",        "snippet", "passages"};
static_assert(kHitFieldNames.size() == static_cast<std::size_t>(HitField::kPassages) + 1,
              "one name for each HitField");

/// A set of HitField: the keys a document hit carries. A hit without snippet or passages is
/// rendered without reading its passages' positions or text, one without matched without
/// walking the query's posting lists, one with score alone without reading the document.
class HitFields {
 public:
  /// Every key (the default).
  static HitFields all() { return HitFields(Bits().set()); }
  /// No key; add() them.
  static HitFields none() { return HitFields(Bits()); }
  /// Adds @p field to the set.
  void add(HitField field) { bits_.set(static_cast<std::size_t>(field)); }
  /// Whether @p field is in the set.
  bool has(HitField field) const { return bits_.test(static_cast<std::size_t>(field)); }
  /// Any of the keys read from the stored document or its passages (all but score, matched).
  bool needs_document() const { return has(HitField::kId) || needs_stored(); }
  /// Any of those but id, which has a value slot of its own (core::schema::kSlotId).
  bool needs_stored() const;
  /// snippet or passages: the passages are ranked and analysed.
  bool needs_passages() const { return has(HitField::kSnippet) || has(HitField::kPassages); }

 private:
  using Bits = std::bitset<kHitFieldNames.size()>;
  explicit HitFields(Bits bits) : bits_(bits) {}
  Bits bits_;
};

/// A search as the HTTP layer understood it; values are already range-checked.
struct SearchRequest {
  std::string q;
  int page = 1;  ///< 1-based.
  int size = 10;
  bool exact_total = false;
  bool exact = false;  ///< exact=true: every word of q in exact mode (=word).
  /// Facet name and its accepted values (OR'ed); different facets are AND'ed.
  std::vector<std::pair<std::string, std::vector<std::string>>> filters;
  DayRange dates;                     ///< from= / to=
  std::vector<std::string> facets;    ///< Facets to count.
  std::size_t facet_size = 10;        ///< Values listed per facet.
  std::optional<Interval> histogram;  ///< date_histogram=
  /// sort=; by default relevance when the query has words, newest first when it has none.
  std::optional<SortOrder> sort;
  /// Passages listed per document (passages=), best first.
  std::size_t passages = 3;
  /// group=none: hits are passages, page and size count passages.
  bool group_passages = false;
  /// translit=off: names do not reach across scripts (no name keys, no aliases).
  bool translit = true;
  /// fields=: the keys of each document hit (group=document only).
  HitFields fields = HitFields::all();
};

/// Deepest passage a group=none search lists (page * size).
inline constexpr std::size_t kMaxPassageHitDepth = 10000;
/// Largest passages=.
inline constexpr int kMaxPassagesPerHit = 20;

/// Per-query limits and presentation settings.
struct SearchOptions {
  QueryLimits query;
  double time_limit_s = 5.0;
  /// Matches counted at least, so totals up to this many are exact (Xapian estimates beyond).
  Xapian::doccount exact_count_limit = 1000;
  SnippetOptions snippet;
  /// Prefix of permalinks in citations ("https://archive.example.org"); empty: relative links.
  std::string public_url;
  /// The alias table loaded by main(); none when null. Must outlive every search.
  const NameAliases* aliases = nullptr;
  /// A query with fewer hits than this gets a spelling "suggestion" when one exists.
  Xapian::doccount suggest_below = 5;
};

/// {"total", "total_exact", "page", "size", "took_ms", "timed_out", "query_explained", "hits",
/// "facets" / "date_histogram" when asked, and "suggestion" when the query found fewer than
/// SearchOptions::suggest_below hits and the index's spelling table knows a better spelling}.
/// Each hit lists the modes that matched it ("matched": matched_modes in searchd/exact_match.h).
/// Throws core::Error (kBadQuery, kBadParameter, kIndexUnavailable).
nlohmann::json search(WorkerContext& context, const SearchRequest& request,
                      const SearchOptions& options);

/// Streams every hit of a search, page by page, so memory stays constant however many there
/// are. Lives on one worker thread for the whole response.
class HitStream {
 public:
  enum class Format { kCsv, kJsonl };
  /// Parses the request with @p context (its analyzer and schema) and opens a database of its
  /// own at the context's index, so the export matches one revision from the first page to the
  /// last and shares no Xapian object with the context once built.
  HitStream(WorkerContext& context, const SearchRequest& request, const SearchOptions& options,
            Format format, bool bom);
  /// Appends the next page of rows (the first call: the header, then the first page) to @p out,
  /// rendering them with @p context (the analyzer and caches of a slot the caller holds for this
  /// call); false when every hit was written.
  bool next(std::string& out, WorkerContext& context);

 private:
  // Declared first: the members below parse and match against it.
  Xapian::Database enquire_db_;  // the revision the export matches and renders in
  SearchOptions options_;
  Format format_;
  bool bom_;
  ParsedQuery parsed_;
  std::vector<std::string> speakers_;
  Xapian::Enquire enquire_;
  Xapian::doccount offset_ = 0;
  bool header_done_ = false;
  bool done_ = false;
};

/// @p q with each word the spelling table (Xapian spelling data, filled by dalil-index) can
/// correct replaced by its correction; empty when no word changes. Operators, field names and
/// scoped values are left alone.
std::string spelling_suggestion(const Xapian::Database& db, analyzers::Analyzer& analyzer,
                                const std::string& q);

/// The stored JSON text of document @p id; throws core::Error(kNotFound).
std::string document_json(WorkerContext& context, const std::string& id);

/// Passage @p number (1-based) of document @p id: {"id", "passage", "text" (exactly the body
/// bytes [byte_start, byte_end)), the locator fields, "sha256" of the whole body, "cite"}.
/// Throws core::Error(kNotFound) for an unknown document or passage.
nlohmann::json passage_json(WorkerContext& context, const std::string& id, std::size_t number,
                            const SearchOptions& options);

/// Number of documents in the index.
Xapian::doccount document_count(WorkerContext& context);

}  // namespace dalil::searchd
