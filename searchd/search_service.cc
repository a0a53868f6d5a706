/// @file searchd/search_service.cc
/// @brief Xapian Enquire with filters, dates, sorting, multi-select facets, histograms, paging,
///        hits with snippets, streamed exports; retries after index updates.
#include "searchd/search_service.h"

#include <chrono>
#include <iostream>

#include "analyzers/normalizer.h"
#include "core/date.h"
#include "core/error.h"
#include "core/schema.h"

namespace dalil::searchd {

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

Filters build_filters(const core::IndexSchema& schema, const SearchRequest& request) {
  Filters filters;
  for (const auto& [name, values] : request.filters) {
    const core::FacetField& facet = facet_of(schema, name);
    std::vector<Xapian::Query> alternatives;
    for (const auto& value : values)
      alternatives.emplace_back(analyzers::filter_term(facet.prefix, value));
    filters.facets.emplace_back(
        name, Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end()));
  }
  if (request.dates.first || request.dates.last) filters.dates = date_range_query(request.dates);
  return filters;
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

// Renders hits as the API shows them; the snippet is cut from the re-analysed body.
class HitRenderer {
 public:
  HitRenderer(WorkerContext& context, const HighlightTerms& highlight,
              const SnippetOptions& snippet)
      : analyzer_(context.analyzer()),
        highlight_(highlight),
        snippet_(snippet),
        date_field_(context.schema().date_field()) {}

  nlohmann::json render(const Xapian::MSetIterator& it) {
    const nlohmann::json stored = nlohmann::json::parse(it.get_document().get_data());
    const std::string body = stored.value("body", "");
    analyzer_.analyze(body, tokens_);
    nlohmann::json date = string_or_null(stored, date_field_.c_str());
    nlohmann::json precision = nullptr;
    if (date.is_string()) {
      if (const auto parsed = core::parse_iso_date(date.get<std::string>())) {
        precision = parsed->precision_name();
      }
    }
    return {
        {"id", stored.value("id", "")},
        {"title", string_or_null(stored, "title")},
        {"date", date},
        {"date_precision", precision},
        {"source", string_or_null(stored, "source")},
        {"lang", string_or_null(stored, "lang")},
        {"type", string_or_null(stored, "type")},
        {"url", string_or_null(stored, "url")},
        {"score", it.get_weight()},
        {"snippet", make_snippet(body, tokens_, highlight_, snippet_)},
    };
  }

 private:
  analyzers::Analyzer& analyzer_;
  const HighlightTerms& highlight_;
  const SnippetOptions& snippet_;
  const std::string& date_field_;
  std::vector<analyzers::Token> tokens_;
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
  return with_retry(context, [&](Xapian::Database& db) {
    const core::IndexSchema& schema = context.schema();
    const ParsedQuery parsed = parse_query(
        request.q, {context.analyzer(), schema, options.aliases, request.translit}, options.query);
    const Filters filters = build_filters(schema, request);
    const SortOrder sort = sort_of(request, parsed);
    const Xapian::doccount all = db.get_doccount();

    Xapian::Enquire enquire(db);
    enquire.set_query(filtered(parsed.query, filters.combined()));
    enquire.set_time_limit(options.time_limit_s);
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

    const auto offset = static_cast<Xapian::doccount>(request.page - 1) *
                        static_cast<Xapian::doccount>(request.size);
    // Spies see only the documents the matcher checks, so counting needs every match checked.
    const Xapian::doccount check_at_least =
        request.exact_total || spies_on_main ? all : options.exact_count_limit;
    const auto match_start = std::chrono::steady_clock::now();
    const Xapian::MSet mset =
        enquire.get_mset(offset, static_cast<Xapian::doccount>(request.size), check_at_least);
    // Xapian stops matching at the time limit without saying so; a match that took that long
    // was cut short.
    const double match_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - match_start)
            .count();

    for (auto& [name, counter] : counters) {
      if (!filters.has(name)) continue;
      Xapian::Enquire side(db);
      side.set_query(filtered(parsed.query, filters.combined(name)));
      side.set_time_limit(options.time_limit_s);
      side.add_matchspy(counter.get());
      side.get_mset(0, 0, all);
    }

    nlohmann::json hits = nlohmann::json::array();
    HitRenderer renderer(context, parsed.highlight, options.snippet);
    for (auto it = mset.begin(); it != mset.end(); ++it) hits.push_back(renderer.render(it));
    const double took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    nlohmann::json result = {
        {"total", mset.get_matches_estimated()},
        {"total_exact", mset.get_matches_lower_bound() == mset.get_matches_upper_bound()},
        {"page", request.page},
        {"size", request.size},
        {"took_ms", took_ms},
        {"timed_out", match_ms >= options.time_limit_s * 1000.0},
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

HitStream::HitStream(WorkerContext& context, const SearchRequest& request,
                     const SearchOptions& options, Format format, bool bom)
    : context_(context),
      options_(options),
      format_(format),
      bom_(bom),
      parsed_(parse_query(request.q,
                          {context.analyzer(), context.schema(), options.aliases, request.translit},
                          options.query)),
      enquire_(context.database()) {
  const Filters filters = build_filters(context.schema(), request);
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

bool HitStream::next(std::string& out) {
  if (!header_done_) {
    header_done_ = true;
    if (format_ == Format::kCsv) {
      if (bom_) out += "\xEF\xBB\xBF";
      out += "id,title,date,source,lang,url,score,snippet\r\n";
    }
    return true;
  }
  if (done_) return false;
  const Xapian::MSet mset = enquire_.get_mset(offset_, kExportPage);
  HitRenderer renderer(context_, parsed_.highlight, options_.snippet);
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const nlohmann::json hit = renderer.render(it);
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
    const std::string better = db.get_spelling_suggestion(token.word, letters <= 4 ? 1 : 2);
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
    return db.get_document(*it).get_data();
  });
}

Xapian::doccount document_count(WorkerContext& context) {
  return with_retry(context, [](Xapian::Database& db) { return db.get_doccount(); });
}

}  // namespace dalil::searchd
