/// @file searchd/search_service.cc
/// @brief Xapian Enquire with filters, dates, sorting, multi-select facets, histograms, paging,
///        hits with snippets, streamed exports; retries after index updates.
#include "searchd/search_service.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>

#include <simdjson.h>

#include "analyzers/normalizer.h"
#include "core/date.h"
#include "core/error.h"
#include "core/passage_table.h"
#include "core/schema.h"
#include "core/spelling_form.h"
#include "searchd/match_count.h"
#include "searchd/page_values.h"
#include "searchd/passages.h"

namespace dalil::searchd {

bool HitFields::needs_stored() const {
  for (const HitField field :
       {HitField::kTitle, HitField::kDate, HitField::kDatePrecision, HitField::kSource,
        HitField::kLang, HitField::kType, HitField::kUrl}) {
    if (has(field)) return true;
  }
  return needs_passages();
}

namespace {

namespace schema = core::schema;

// Documents without a date sort last in both directions.
class DateKey : public Xapian::KeyMaker {
 public:
  explicit DateKey(bool newest_first) : newest_first_(newest_first) {}
  std::string operator()(const Xapian::Document& doc) const override {
    std::string key = doc.get_value(schema::kSlotDateInstant);
    // sortable_serialise never yields "" nor a string of 0xFF bytes, so these sort past any date.
    if (key.empty()) return newest_first_ ? std::string() : std::string(16, '\xFF');
    return key;
  }

 private:
  bool newest_first_;
};

const core::FacetField& facet_of(const core::IndexSchema& schema, const std::string& name) {
  const core::FacetField* facet = schema.facet(name);
  if (facet == nullptr) throw core::Error(core::ErrorCode::kBadParameter, "unknown facet " + name);
  return *facet;
}

// The filters of a request as queries: one per facet (its values OR'ed) and one for dates.
struct Filters {
  std::vector<std::pair<std::string, Xapian::Query>> facets;
  std::optional<Xapian::Query> dates;

  /// Every filter but the one on @p except (a facet name, or "" for none), AND'ed.
  std::optional<Xapian::Query> combined(const std::string& except = {}) const {
    std::vector<Xapian::Query> parts;
    for (const auto& [name, query] : facets) {
      if (name != except) parts.push_back(query);
    }
    if (dates) parts.push_back(*dates);
    if (parts.empty()) return std::nullopt;
    return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  }
  bool has(const std::string& name) const {
    for (const auto& entry : facets) {
      if (entry.first == name) return true;
    }
    return false;
  }
};

Filters build_filters(const core::IndexSchema& schema, const SearchRequest& request,
                      DateTerms& date_terms) {
  Filters filters;
  for (const auto& [name, values] : request.filters) {
    const core::FacetField& facet = facet_of(schema, name);
    std::vector<Xapian::Query> alternatives;
    for (const auto& value : values)
      alternatives.emplace_back(analyzers::filter_term(facet.prefix, value));
    filters.facets.emplace_back(
        name, Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()));
  }
  if (request.dates.first || request.dates.last)
    filters.dates = date_range_query(request.dates, date_terms);
  return filters;
}

// True when Xapian counts the matches of @p query exactly whatever check_at_least is: a single
// term (no filter), whose posting list length Xapian reads as both bounds of the total. Checking
// exact_count_limit matches (or all, for exact_total) then only walks the list further for the
// same total, total_exact and page: 40-55 % of the match of a word in 2,000 documents.
bool count_is_known(const Xapian::Query& query) {
  return query.get_type() == Xapian::Query::LEAF_TERM;
}

Xapian::Query filtered(const Xapian::Query& query, const std::optional<Xapian::Query>& filter) {
  return filter ? Xapian::Query(Xapian::Query::OP_FILTER, query, *filter) : query;
}

SortOrder sort_of(const SearchRequest& request, const ParsedQuery& parsed) {
  if (request.sort) return *request.sort;
  return parsed.has_terms ? SortOrder::kRelevance : SortOrder::kDateDesc;
}

void apply_sort(Xapian::Enquire& enquire, SortOrder sort) {
  if (sort == SortOrder::kRelevance) return;
  const bool newest_first = sort == SortOrder::kDateDesc;
  // release() hands the key maker to Xapian, which deletes it with the Enquire.
  enquire.set_sort_by_key_then_relevance((new DateKey(newest_first))->release(), newest_first);
}

nlohmann::json string_or_null(const nlohmann::json& stored, const char* field) {
  const auto it = stored.find(field);
  if (it == stored.end() || !it->is_string()) return nullptr;
  return *it;
}

std::string string_field(const nlohmann::json& stored, const std::string& field) {
  const auto it = stored.find(field);
  return it != stored.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string cite_of(const nlohmann::json& stored, const std::string& date_field,
                    const core::Passage& passage, std::size_t number,
                    const std::string& public_url) {
  CiteParts parts;
  parts.source = string_field(stored, "source");
  parts.title = string_field(stored, "title");
  parts.date = string_field(stored, date_field);
  parts.permalink = permalink(public_url, string_field(stored, "id"), number);
  return cite_line(parts, passage, number);
}

// Speakers whose turns the returned passages prefer: speaker= filters and speaker: scopes of
// the query's positive parts (read from query_explained, where NOT parts sit under "NOT").
void collect_speaker_scopes(const nlohmann::json& node, std::vector<std::string>& out) {
  if (node.is_array()) {
    for (const auto& item : node) collect_speaker_scopes(item, out);
    return;
  }
  if (!node.is_object()) return;
  if (node.value("op", "") == "NOT") return;
  const auto field = node.find("field");
  const auto value = node.find("value");
  if (field != node.end() && value != node.end() && *field == "speaker" && value->is_string()) {
    out.push_back(analyzers::normalize_field_value(value->get<std::string>()));
  }
  for (const auto& [key, child] : node.items()) {
    if (child.is_structured()) collect_speaker_scopes(child, out);
  }
}

std::vector<std::string> preferred_speakers(const SearchRequest& request,
                                            const ParsedQuery& parsed) {
  std::vector<std::string> speakers;
  for (const auto& [name, values] : request.filters) {
    if (name != "speaker") continue;
    for (const auto& value : values) speakers.push_back(analyzers::normalize_field_value(value));
  }
  collect_speaker_scopes(parsed.explained, speakers);
  return speakers;
}

// Passages of a group=none page: how many to pass over, how many more to list.
struct PassageWindow {
  std::size_t skip = 0;
  std::size_t room = 0;
};

// One hit's stored document and passages, read once.
struct LoadedHit {
  nlohmann::json stored;
  std::string body;
  std::vector<core::IndexedPassage> table;
  std::string sha256;
};

std::vector<core::IndexedPassage> table_of(const DocValues& values) {
  if (auto table = core::decode_passage_table(values.get(schema::kSlotPassages)))
    return std::move(*table);
  return {};
}

// The top-level string fields of a document's stored JSON into @p fields, its body into @p body
// (left out when null)
// (nlohmann's parser spent more time on a hit's body than the snippet and passage work together;
// simdjson validates the UTF-8 and unescapes strings a block at a time). A later field of the same
// name wins, as in nlohmann::json::parse; only string fields are read (string_or_null and
// string_field ignore the others). False when @p data is not a JSON object.
bool read_stored(simdjson::dom::parser& parser, const std::string& data, nlohmann::json& fields,
                 std::string* body) {
  simdjson::dom::object object;
  if (parser.parse(data).get(object) != simdjson::SUCCESS) return false;
  fields = nlohmann::json::object();
  if (body != nullptr) body->clear();
  for (const auto field : object) {
    std::string_view text;
    const bool is_string = field.value.get(text) == simdjson::SUCCESS;
    if (field.key == "body") {
      // "" for a body that is not a string, like value("body", "")
      if (body != nullptr) body->assign(text);
    } else if (is_string) {
      fields[std::string(field.key)] = std::string(text);
    } else {
      fields.erase(std::string(field.key));
    }
  }
  return true;
}

// @p passages: also the body, the passage table and the body's SHA-256 (values read from the
// index); without, the stored fields alone.
LoadedHit load_hit(simdjson::dom::parser& parser, core::StoredCodec& codec, const DocValues& values,
                   bool passages = true) {
  LoadedHit hit;
  const std::string* stored = values.page.find(values.did, schema::kSlotStored);
  const std::string data =
      stored != nullptr ? codec.stored_json(values.doc, *stored) : codec.stored_json(values.doc);
  if (!read_stored(parser, data, hit.stored, passages ? &hit.body : nullptr)) {
    // Not what dalil-index writes: nlohmann's parser says why (or reads what simdjson did not).
    hit.stored = nlohmann::json::parse(data);
    hit.body = hit.stored.value("body", "");
  }
  if (!passages) return hit;
  hit.table = table_of(values);
  bool valid = !hit.table.empty();
  for (const auto& entry : hit.table) valid = valid && entry.passage.end <= hit.body.size();
  if (!valid) {
    // An index from before passages (or a body changed behind the table): the whole body is
    // one passage, and any word position falls in it.
    core::IndexedPassage whole;
    whole.passage.end = static_cast<uint32_t>(hit.body.size());
    whole.word_count = UINT32_MAX;
    hit.table.assign(1, whole);
  }
  hit.sha256 = values.get(schema::kSlotBodySha256);
  if (hit.sha256.empty()) hit.sha256 = core::sha256_hex(hit.body);
  return hit;
}

// The documents of a page in docid order, the order in which posting lists are walked.
std::vector<Xapian::docid> page_docids(const Xapian::MSet& mset) {
  std::vector<Xapian::docid> docids;
  for (auto it = mset.begin(); it != mset.end(); ++it) docids.push_back(*it);
  std::sort(docids.begin(), docids.end());
  docids.erase(std::unique(docids.begin(), docids.end()), docids.end());
  return docids;
}

// The query terms that index each document of a page, as Enquire::get_matching_terms gives
// them (the query's terms in query order, those the document has), found by skipping through
// each term's posting list once per page instead of reading every hit's whole term list (which
// glass stores compressed: inflating it cost more than the rest of a hit's rendering).
class MatchingTerms {
 public:
  /// @p docids: page_docids() of the page.
  MatchingTerms(const Xapian::Database& db, const Xapian::Query& query,
                std::vector<Xapian::docid> docids)
      : docids_(std::move(docids)) {
    matched_.resize(docids_.size());
    if (docids_.empty()) return;
    std::vector<std::string> terms;
    for (auto it = query.get_terms_begin(); it != query.get_terms_end(); ++it) {
      // Filter terms (facet values, a date: range's up to some 80 day, month and year terms)
      // give no mode: not worth a walk through their posting lists.
      if (mode_of(*it).empty()) continue;
      if (std::find(terms.begin(), terms.end(), *it) == terms.end()) terms.push_back(*it);
    }
    for (const auto& term : terms) {
      Xapian::PostingIterator post = db.postlist_begin(term);
      const Xapian::PostingIterator end = db.postlist_end(term);
      for (std::size_t i = 0; i < docids_.size() && post != end; ++i) {
        post.skip_to(docids_[i]);
        if (post != end && *post == docids_[i]) matched_[i].push_back(term);
      }
    }
  }

  /// The matching terms of @p did (a document of the page), in query order.
  const std::vector<std::string>& of(Xapian::docid did) const {
    const auto it = std::lower_bound(docids_.begin(), docids_.end(), did);
    if (it == docids_.end() || *it != did) return none_;
    return matched_[static_cast<std::size_t>(it - docids_.begin())];
  }

 private:
  std::vector<Xapian::docid> docids_;
  std::vector<std::vector<std::string>> matched_;
  std::vector<std::string> none_;
};

// Renders hits as the API shows them: fields, then the passages that hold the matches, each
// with a snippet cut from that passage's text alone.
class HitRenderer {
 public:
  /// @p db is the database the hits were matched in (not reopened while rendering).
  HitRenderer(WorkerContext& context, Xapian::Database& db, const ParsedQuery& parsed,
              std::vector<std::string> preferred_speakers, const SearchOptions& options)
      : db_(db),
        codec_(context.stored_codec()),
        analyzer_(context.analyzer()),
        parsed_(parsed),
        highlight_(parsed.highlight),
        options_(options),
        date_field_(context.schema().date_field()),
        ranker_(parsed.highlight, context.analyzer(),
                {.preferred_speakers = std::move(preferred_speakers),
                 .likely_words = parsed.stem_words,
                 .vocabulary = &context.stem_vocabulary()}),
        highlighter_(parsed.highlight) {}

  /// group=none: lets the ranker look up the documents of the page together
  /// (PassageRanker::prepare). Their values and positions are read as each is ranked, since
  /// the page ends when it is full or the deadline passes.
  void prepare(const std::vector<Xapian::docid>& docids) { ranker_.prepare(db_, docids); }

  /// group=document and exports: reads what hits of @p keys are rendered from, for the
  /// documents of the page (@p docids from page_docids()) together and in docid order: their
  /// values (PageValues), and with passages what the ranker looks up for the documents of more
  /// than one passage (a single passage is ranked without reading anything): the words of the
  /// query's stems (PassageRanker::prepare) and, with @p positions, their position lists
  /// (PassageRanker::read_positions; an export of 500 rows reads each row's, so that its memory
  /// does not grow with the words' frequency). Optional.
  void read_page(const std::vector<Xapian::docid>& docids, const HitFields& keys, bool positions) {
    std::vector<Xapian::valueno> slots;
    if (keys.needs_passages()) {
      // The small values first: the budget of PageValues cuts the stored documents.
      slots = {schema::kSlotPassages, schema::kSlotBodySha256, schema::kSlotStored};
    } else if (keys.needs_stored()) {
      slots = {schema::kSlotStored};
    } else if (keys.needs_document()) {
      slots = {schema::kSlotId};
    }
    if (!slots.empty()) values_ = PageValues(db_, docids, std::move(slots));
    if (!keys.needs_passages()) return;
    std::vector<Xapian::docid> several;
    for (const Xapian::docid did : docids) {
      const std::string* table = values_.find(did, schema::kSlotPassages);
      if (table == nullptr) {
        several.push_back(did);  // not read (past the page's budget): may have several
        continue;
      }
      // An empty or malformed table stands for the whole body (load_hit): one passage.
      const auto decoded = core::decode_passage_table(*table);
      if (decoded && decoded->size() > 1) several.push_back(did);
    }
    ranker_.prepare(db_, several);
    if (positions) ranker_.read_positions(db_, several);
  }

  /// group=document: the document's fields, its snippet and its best passages, those of
  /// @p keys only. @p matching is read for "matched" alone; a null @p matching leaves the key
  /// out (search() builds one whenever "matched" is asked for).
  nlohmann::json render(const MatchingTerms* matching, const Xapian::MSetIterator& it,
                        std::size_t passages, const HitFields& keys) {
    nlohmann::json out = nlohmann::json::object();
    if (keys.has(HitField::kScore)) out["score"] = it.get_weight();
    if (keys.has(HitField::kMatched) && matching != nullptr) {
      out["matched"] = matched(matching->of(*it), *it);
    }
    if (!keys.needs_document()) return out;
    const Xapian::Document doc = it.get_document();
    if (!keys.needs_stored()) {
      // A page of ids: the id's own slot, not the stored document decompressed and parsed
      // (zlib alone was a fifth of such a request's CPU: docs/PERFORMANCE.md, session 11). A
      // document written before the slot has it empty.
      std::string id = DocValues{doc, *it, values_}.get(schema::kSlotId);
      if (!id.empty()) {
        out["id"] = std::move(id);
        return out;
      }
    }
    const LoadedHit hit =
        load_hit(json_parser_, codec_, {doc, *it, values_}, keys.needs_passages());
    add_fields(hit, keys, out);
    if (!keys.needs_passages()) return out;
    const CiteParts cite = cite_parts(hit);
    nlohmann::json list = nlohmann::json::array();
    auto ranked = rank_hit(hit, *it, passages);
    if (ranked.size() == 1 && ranked.front().matches == 0 && !ranked.front().preferred &&
        !highlight_.empty() && hit.table.size() > 1) {
      // No position showed a match in the body (a form the term list check missed, or only the
      // title matched): look for the first passage whose own analysis has one.
      for (std::size_t i = 0; i < hit.table.size(); ++i) {
        const core::Passage& p = hit.table[i].passage;
        analyzer_.analyze_views(std::string_view(hit.body).substr(p.start, p.end - p.start),
                                views_);
        if (has_match(views_, highlighter_)) {
          ranked.front().index = i;
          break;
        }
      }
    }
    for (const auto& entry : ranked) list.push_back(passage_json(hit, cite, entry.index));
    if (keys.has(HitField::kSnippet)) {
      out["snippet"] = list.empty() ? nlohmann::json("") : list.front()["snippet"];
    }
    if (keys.has(HitField::kPassages)) out["passages"] = std::move(list);
    return out;
  }

  /// group=none: the document's best passages as hits of their own, appended to @p out while
  /// @p window has room; passages of earlier pages are counted, not rendered.
  void render_passages(const Xapian::MSetIterator& it, std::size_t passages, PassageWindow& window,
                       nlohmann::json& out) {
    const Xapian::Document doc = it.get_document();
    auto table = table_of({doc, *it, values_});
    if (table.empty()) {
      core::IndexedPassage whole;
      whole.word_count = UINT32_MAX;
      table.assign(1, whole);
    }
    // Exact spellings need the text (rank_hit): then even passages of earlier pages are
    // counted from the loaded hit.
    const bool exact = !highlight_.exacts.empty() && table.size() > 1;
    std::vector<RankedPassage> ranked;
    if (!exact) {
      ranked = ranker_.rank(db_, *it, table, passages);
      if (window.skip >= ranked.size()) {
        window.skip -= ranked.size();
        return;
      }
    }
    const LoadedHit hit = load_hit(json_parser_, codec_, {doc, *it, values_});
    // A table that does not fit the body (a damaged index) became one whole-body passage in
    // load_hit: every passage ranked from the table would show that passage again.
    if (exact || hit.table.size() != table.size()) ranked = rank_hit(hit, *it, passages);
    if (window.skip >= ranked.size()) {
      window.skip -= ranked.size();
      return;
    }
    const CiteParts cite = cite_parts(hit);
    for (std::size_t i = window.skip; i < ranked.size() && window.room > 0; ++i, --window.room) {
      nlohmann::json entry = {{"id", hit.stored.value("id", "")},
                              {"title", string_or_null(hit.stored, "title")},
                              {"date", string_or_null(hit.stored, date_field_.c_str())},
                              {"source", string_or_null(hit.stored, "source")},
                              {"score", it.get_weight()}};
      entry.update(passage_json(hit, cite, ranked[i].index));
      out.push_back(std::move(entry));
    }
    window.skip = 0;
  }

 private:
  // rank() for @p hit's table; with an exact spelling in the query, only passages whose own
  // analysis holds a match (rank() counts the exact spelling's word in any spelling).
  std::vector<RankedPassage> rank_hit(const LoadedHit& hit, Xapian::docid did, std::size_t max) {
    if (highlight_.exacts.empty() || hit.table.size() <= 1)
      return ranker_.rank(db_, did, hit.table, max);
    std::vector<RankedPassage> kept;
    for (const auto& entry : ranker_.rank(db_, did, hit.table, hit.table.size())) {
      if (kept.size() == max) break;
      if (entry.matches > 0) {
        const core::Passage& p = hit.table[entry.index].passage;
        analyzer_.analyze_views(std::string_view(hit.body).substr(p.start, p.end - p.start),
                                views_);
        if (!has_match(views_, highlighter_)) continue;
      }
      kept.push_back(entry);
    }
    // None holds it (the match was in the title): render()'s fallback looks for a passage.
    if (kept.empty()) kept.emplace_back();
    return kept;
  }

  // The stored fields of @p hit that @p keys asks for, into @p out.
  void add_fields(const LoadedHit& hit, const HitFields& keys, nlohmann::json& out) {
    if (keys.has(HitField::kId)) out["id"] = hit.stored.value("id", "");
    if (keys.has(HitField::kTitle)) out["title"] = string_or_null(hit.stored, "title");
    if (keys.has(HitField::kDate) || keys.has(HitField::kDatePrecision)) {
      nlohmann::json date = string_or_null(hit.stored, date_field_.c_str());
      nlohmann::json precision = nullptr;
      if (date.is_string()) {
        if (const auto parsed = core::parse_iso_date(date.get<std::string>())) {
          precision = parsed->precision_name();
        }
      }
      if (keys.has(HitField::kDatePrecision)) out["date_precision"] = std::move(precision);
      if (keys.has(HitField::kDate)) out["date"] = std::move(date);
    }
    if (keys.has(HitField::kSource)) out["source"] = string_or_null(hit.stored, "source");
    if (keys.has(HitField::kLang)) out["lang"] = string_or_null(hit.stored, "lang");
    if (keys.has(HitField::kType)) out["type"] = string_or_null(hit.stored, "type");
    if (keys.has(HitField::kUrl)) out["url"] = string_or_null(hit.stored, "url");
  }

  // What every cite line of @p hit names: its source, title and date (cite_of's parts, read
  // once per hit rather than once per passage); the permalink is left to each passage.
  CiteParts cite_parts(const LoadedHit& hit) const {
    CiteParts parts;
    parts.source = string_field(hit.stored, "source");
    parts.title = string_field(hit.stored, "title");
    parts.date = string_field(hit.stored, date_field_);
    parts.permalink = string_field(hit.stored, "id");  // the id, until passage_json
    return parts;
  }

  // Locator, snippet and cite of passage @p index (0-based) of @p hit, whose cite_parts() are
  // @p cite. The passage is analysed into views (nothing copied) for the snippet alone.
  nlohmann::json passage_json(const LoadedHit& hit, const CiteParts& cite, std::size_t index) {
    if (index >= hit.table.size()) index = 0;  // a table that did not fit the body was replaced
    const core::Passage& passage = hit.table[index].passage;
    const std::string_view text =
        std::string_view(hit.body).substr(passage.start, passage.end - passage.start);
    analyzer_.analyze_views(text, views_);
    nlohmann::json out = locator_json(passage, index + 1, hit.sha256);
    out["snippet"] = make_snippet(text, views_, highlighter_, options_.snippet);
    CiteParts parts = cite;
    parts.permalink = permalink(options_.public_url, cite.permalink, index + 1);
    out["cite"] = cite_line(parts, passage, index + 1);
    return out;
  }

  // Which matching modes (stem, word, phrase, exact, name) found this hit.
  std::vector<std::string> matched(const std::vector<std::string>& terms, Xapian::docid id) {
    return hit_modes(parsed_, terms, id);
  }

  Xapian::Database& db_;
  core::StoredCodec& codec_;
  analyzers::Analyzer& analyzer_;
  const ParsedQuery& parsed_;
  const HighlightTerms& highlight_;
  const SearchOptions& options_;
  const std::string& date_field_;
  PassageRanker ranker_;
  Highlighter highlighter_;
  std::vector<analyzers::TokenView> views_;
  simdjson::dom::parser json_parser_;
  PageValues values_;
};

nlohmann::json explain(const SearchRequest& request, const ParsedQuery& parsed, SortOrder sort) {
  nlohmann::json filters = nlohmann::json::object();
  for (const auto& [name, values] : request.filters) filters[name] = values;
  nlohmann::json explained = {
      {"default_operator", "AND"},
      {"query", parsed.explained},
      {"stop_words_dropped", parsed.stop_words_dropped},
      {"filters", filters},
      {"sort", sort == SortOrder::kRelevance  ? "relevance"
               : sort == SortOrder::kDateDesc ? "date_desc"
                                              : "date_asc"},
  };
  if (request.dates.first || request.dates.last) {
    explained["dates"] = {{"from", request.dates.first.value_or("")},
                          {"to", request.dates.last.value_or("")}};
  }
  return explained;
}

// Xapian may throw DatabaseModifiedError when a writer commits while we read: reopen and retry.
template <typename Fn>
auto with_retry(WorkerContext& context, Fn&& fn) {
  for (int attempt = 0;; ++attempt) {
    try {
      return fn(context.database());
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= 2) throw core::Error(core::ErrorCode::kIndexUnavailable);
      context.reopen();
    } catch (const Xapian::DatabaseOpeningError&) {
      throw core::Error(core::ErrorCode::kIndexUnavailable);
    }
  }
}

}  // namespace

nlohmann::json search(WorkerContext& context, const SearchRequest& request,
                      const SearchOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  // The time limit covers the reading of words* (parse_query), the match and the facet counts.
  const auto limit = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(options.time_limit_s));
  const auto deadline = start + limit;
  return with_retry(context, [&](Xapian::Database& db) {
    const core::IndexSchema& schema = context.schema();
    const ParsedQuery parsed = parse_query(request.q,
                                           {.analyzer = context.analyzer(),
                                            .schema = schema,
                                            .database = &db,
                                            .exact = request.exact,
                                            .aliases = options.aliases,
                                            .translit = request.translit,
                                            .date_terms = &context.date_terms(),
                                            .case_evidence = context.case_evidence(),
                                            .deadline = deadline,
                                            .match_deadline = deadline + limit},
                                           options.query);
    const Filters filters = build_filters(schema, request, context.date_terms());
    const SortOrder sort = sort_of(request, parsed);
    const Xapian::doccount all = db.get_doccount();

    Xapian::Enquire enquire(db);
    enquire.set_query(filtered(parsed.query, filters.combined()));
    apply_sort(enquire, sort);

    // Multi-select counts: a facet with a filter of its own is counted in a match without that
    // filter, so a user sees what ticking another value would add; the others in the main match.
    std::vector<std::pair<std::string, std::unique_ptr<FacetCounter>>> counters;
    bool spies_on_main = false;
    for (const auto& name : request.facets) {
      const core::FacetField& facet = facet_of(schema, name);
      auto counter = std::make_unique<FacetCounter>(facet.slot);
      if (!filters.has(name)) {
        enquire.add_matchspy(counter.get());
        spies_on_main = true;
      }
      counters.emplace_back(name, std::move(counter));
    }
    std::unique_ptr<DateHistogram> histogram;
    if (request.histogram) {
      histogram = std::make_unique<DateHistogram>();
      enquire.add_matchspy(histogram.get());
      spies_on_main = true;
    }

    // group=none pages count passages: each document gives at least one, so the first
    // page * size documents are enough.
    const auto offset = static_cast<Xapian::doccount>(request.page - 1) *
                        static_cast<Xapian::doccount>(request.size);
    if (request.group_passages &&
        static_cast<std::size_t>(offset) + static_cast<std::size_t>(request.size) >
            kMaxPassageHitDepth) {
      throw core::Error(core::ErrorCode::kBadParameter,
                        "group=none lists the first " + std::to_string(kMaxPassageHitDepth) +
                            " passages at most: ask for an earlier page");
    }
    // Spies see only the documents the matcher checks, so counting needs every match checked.
    // A query of one term needs none checked for an exact total (count_is_known).
    const Xapian::doccount check_at_least = spies_on_main                         ? all
                                            : count_is_known(enquire.get_query()) ? 0
                                            : request.exact_total                 ? all
                                                                  : options.exact_count_limit;
    // Not Enquire::set_time_limit: its timer may fire into a finished match (DeadlineSpy).
    // group=none matches every document up to the page, to count their passages. A match cut
    // at the deadline gets as long again to find its page alone, and then ends the request.
    const auto size = static_cast<Xapian::doccount>(request.size);
    const BoundedMatch match = match_until(enquire,
                                           {.first = request.group_passages ? 0 : offset,
                                            .size = request.group_passages ? offset + size : size,
                                            .check_at_least = check_at_least},
                                           {.count = deadline, .page = deadline + limit});
    const Xapian::MSet& mset = match.mset;
    bool cut = parsed.expansion_cut || match.cut;

    // The side matches only count: unweighted (count_matches), 14 % fewer instructions. (The
    // main match's counting done the same way, apart from a ranked match of the page that
    // could then prune by weight, cost more than it saved: docs/PERFORMANCE.md, issue 6h.)
    for (auto& [name, counter] : counters) {
      if (!filters.has(name)) continue;
      const CountResult side =
          count_matches(db, filtered(parsed.query, filters.combined(name)), {counter.get()},
                        {.check_at_least = all, .deadline = deadline});
      if (side.cut) cut = true;
    }

    nlohmann::json hits = nlohmann::json::array();
    HitRenderer renderer(context, db, parsed, preferred_speakers(request, parsed), options);
    std::vector<Xapian::docid> docids = page_docids(mset);
    if (request.group_passages) {
      renderer.prepare(docids);
    } else {
      renderer.read_page(docids, request.fields, true);
    }
    if (request.group_passages) {
      PassageWindow window{offset, static_cast<std::size_t>(request.size)};
      for (auto it = mset.begin(); it != mset.end() && window.room > 0; ++it) {
        // A deep page ranks the passages of up to kMaxPassageHitDepth documents before it:
        // past the deadline the page ends where it is.
        if (std::chrono::steady_clock::now() >= deadline) {
          cut = true;
          break;
        }
        renderer.render_passages(it, request.passages, window, hits);
      }
    } else {
      // The query's own terms: the request's filters (facet values, dates) give no mode.
      std::optional<MatchingTerms> matching;
      if (request.fields.has(HitField::kMatched))
        matching.emplace(db, parsed.query, std::move(docids));
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        hits.push_back(
            renderer.render(matching ? &*matching : nullptr, it, request.passages, request.fields));
      }
    }
    const double took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json result = {
        {"total", mset.get_matches_estimated()},
        {"total_exact", mset.get_matches_lower_bound() == mset.get_matches_upper_bound()},
        {"page", request.page},
        {"size", request.size},
        {"group", request.group_passages ? "none" : "document"},
        {"took_ms", took_ms},
        {"timed_out", cut},
        {"query_explained", explain(request, parsed, sort)},
        {"hits", std::move(hits)},
    };
    if (!counters.empty()) {
      nlohmann::json facets = nlohmann::json::object();
      for (const auto& [name, counter] : counters)
        facets[name] = counter->to_json(request.facet_size);
      result["facets"] = std::move(facets);
    }
    if (histogram) result["date_histogram"] = histogram->to_json(*request.histogram);
    if (parsed.has_terms && mset.get_matches_estimated() < options.suggest_below) {
      std::string suggestion = spelling_suggestion(db, context.analyzer(), request.q);
      if (!suggestion.empty()) result["suggestion"] = std::move(suggestion);
    }
    return result;
  });
}

namespace {

// A database of its own for an export (see HitStream).
// The export's own database, on which it stays to its end. It may be a revision newer than
// the worker's, which checked its own and parses the query with its analyzer: one of a format
// it does not read, or built with another analyzer (whose terms the query would not meet), is
// refused, and the client asks again once the worker has caught up.
Xapian::Database open_index(WorkerContext& context) {
  context.analyzer();  // the worker's metadata, read if it was not yet
  const std::string analyzer = context.analyzer_name();
  Xapian::Database db;
  try {
    db = Xapian::Database(context.index_path());
  } catch (const Xapian::Error&) {
    throw core::Error(core::ErrorCode::kIndexUnavailable);
  }
  check_index_format(db);
  if (index_analyzer_name(db) != analyzer) {
    throw core::Error(core::ErrorCode::kIndexUnavailable, "the index was rebuilt with analyzer " +
                                                              index_analyzer_name(db) +
                                                              " as the export started: ask again");
  }
  return db;
}

}  // namespace

HitStream::HitStream(WorkerContext& context, const SearchRequest& request,
                     const SearchOptions& options, Format format, bool bom)
    : enquire_db_(open_index(context)),
      options_(options),
      format_(format),
      bom_(bom),
      parsed_(parse_query(request.q,
                          {.analyzer = context.analyzer(),
                           .schema = context.schema(),
                           .database = &enquire_db_,
                           .exact = request.exact,
                           .aliases = options.aliases,
                           .translit = request.translit,
                           .date_terms = nullptr,
                           // An export has no time limit: it lists every hit.
                           .deadline = std::nullopt},
                          options.query)),
      speakers_(preferred_speakers(request, parsed_)),
      enquire_(enquire_db_) {
  DateTerms date_terms(enquire_db_);
  const Filters filters = build_filters(context.schema(), request, date_terms);
  enquire_.set_query(filtered(parsed_.query, filters.combined()));
  apply_sort(enquire_, sort_of(request, parsed_));
}

namespace {

constexpr Xapian::doccount kExportPage = 500;

// A spreadsheet must never run a cell as a formula (=, +, -, @ start one in Excel and LibreOffice).
void append_csv_field(std::string& out, const std::string& value, bool text) {
  const bool formula = text && !value.empty() &&
                       std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos;
  const bool quoted = value.find_first_of(",\"\r\n") != std::string::npos;
  if (quoted) out += '"';
  if (formula) out += '\'';
  for (char ch : value) {
    if (quoted && ch == '"') out += '"';
    out += ch;
  }
  if (quoted) out += '"';
}

// The snippet without markup, for CSV cells.
std::string plain_text(std::string_view html) {
  static const std::pair<std::string_view, std::string_view> kReplacements[] = {
      {"<mark>", ""},   {"</mark>", ""}, {"&lt;", "<"}, {"&gt;", ">"},
      {"&quot;", "\""}, {"&#39;", "'"},  {"&amp;", "&"}};
  std::string out;
  for (std::size_t i = 0; i < html.size();) {
    bool replaced = false;
    for (const auto& [from, to] : kReplacements) {
      if (html.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

std::string text_of(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return {};
  return value.dump();
}

}  // namespace

bool HitStream::next(std::string& out, WorkerContext& context) {
  if (!header_done_) {
    header_done_ = true;
    if (format_ == Format::kCsv) {
      if (bom_) out += "\xEF\xBB\xBF";
      out += "id,title,date,source,lang,url,score,snippet,passage,speaker,start,page\r\n";
    }
    // The first page goes with the header: the caller takes a slot once for both.
  }
  if (done_) return false;
  const Xapian::MSet mset = enquire_.get_mset(offset_, kExportPage);
  HitRenderer renderer(context, enquire_db_, parsed_, speakers_, options_);
  std::vector<Xapian::docid> docids = page_docids(mset);
  renderer.read_page(docids, HitFields::all(), false);
  const MatchingTerms matching(enquire_db_, enquire_.get_query(), std::move(docids));
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    // An export row carries the best passage only.
    const nlohmann::json hit = renderer.render(&matching, it, 1, HitFields::all());
    if (format_ == Format::kJsonl) {
      out += hit.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      out += '\n';
      continue;
    }
    const char* fields[] = {"id", "title", "date", "source", "lang", "url"};
    for (const char* field : fields) {
      append_csv_field(out, text_of(hit[field]),
                       std::string_view(field) != "id" && std::string_view(field) != "date");
      out += ',';
    }
    append_csv_field(out, text_of(hit["score"]), false);
    out += ',';
    append_csv_field(out, plain_text(hit["snippet"].get<std::string>()), true);
    const nlohmann::json best =
        hit["passages"].empty() ? nlohmann::json::object() : hit["passages"].front();
    for (const char* field : {"passage", "speaker", "start", "page"}) {
      out += ',';
      append_csv_field(out, text_of(best.value(field, nlohmann::json())),
                       std::string_view(field) == "speaker");
    }
    out += "\r\n";
  }
  offset_ += mset.size();
  if (mset.size() < kExportPage) done_ = true;
  return true;
}

std::string spelling_suggestion(const Xapian::Database& db, analyzers::Analyzer& analyzer,
                                const std::string& q) {
  std::string out;
  std::size_t copied = 0;
  bool changed = false;
  std::optional<core::SpellingForm> form;  // read once, for the first word to correct
  for (const auto& token : analyzer.analyze(q)) {
    const std::string_view surface(q.data() + token.begin, token.end - token.begin);
    // Operators, field:values, prefix* and numbers are not words to correct.
    if (surface == "AND" || surface == "OR" || surface == "NOT" || surface.starts_with("NEAR") ||
        token.language == analyzers::Language::kNone)
      continue;
    const char before = token.begin > 0 ? q[token.begin - 1] : ' ';
    const char after = token.end < q.size() ? q[token.end] : ' ';
    if (before == ':' || after == ':' || after == '*') continue;
    if (db.get_termfreq(token.word) > 0) continue;
    std::size_t letters = 0;
    for (const char ch : token.word) letters += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
    // One edit for short words, where two would reach too many others.
    if (!form) form = core::spelling_form_of(db);
    const std::string better =
        core::spelling_suggestion_for(db, *form, token.word, letters <= 4 ? 1 : 2);
    if (better.empty() || better == token.word) continue;
    out.append(q, copied, token.begin - copied);
    out += better;
    copied = token.end;
    changed = true;
  }
  if (!changed) return {};
  out.append(q, copied, std::string::npos);
  return out;
}

std::string document_json(WorkerContext& context, const std::string& id) {
  const std::string term = std::string(schema::kPrefixId) + id;
  return with_retry(context, [&](Xapian::Database& db) {
    const auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) {
      throw core::Error(core::ErrorCode::kNotFound, "no document with id " + id);
    }
    return context.stored_codec().stored_json(db.get_document(*it));
  });
}

nlohmann::json passage_json(WorkerContext& context, const std::string& id, std::size_t number,
                            const SearchOptions& options) {
  const std::string term = std::string(schema::kPrefixId) + id;
  return with_retry(context, [&](Xapian::Database& db) {
    const auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) {
      throw core::Error(core::ErrorCode::kNotFound, "no document with id " + id);
    }
    simdjson::dom::parser parser;
    const Xapian::Document doc = db.get_document(*it);
    const PageValues none;
    const LoadedHit hit = load_hit(parser, context.stored_codec(), {doc, *it, none});
    if (number == 0 || number > hit.table.size()) {
      throw core::Error(core::ErrorCode::kNotFound, "document " + id + " has passages 1 to " +
                                                        std::to_string(hit.table.size()) +
                                                        ", not " + std::to_string(number));
    }
    const core::Passage& passage = hit.table[number - 1].passage;
    nlohmann::json out = {
        {"id", id},
        {"passage", number},
        {"text", hit.body.substr(passage.start, passage.end - passage.start)},
    };
    out.update(locator_json(passage, number, hit.sha256));
    out["cite"] =
        cite_of(hit.stored, context.schema().date_field(), passage, number, options.public_url);
    return out;
  });
}

Xapian::doccount document_count(WorkerContext& context) {
  return with_retry(context, [](Xapian::Database& db) { return db.get_doccount(); });
}

}  // namespace dalil::searchd
