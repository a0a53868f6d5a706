/// @file searchd/search_service.cc
/// @brief Xapian Enquire with filters, paging, hits with snippets; retries after index updates.
#include "searchd/search_service.h"

#include <chrono>

#include "analyzers/normalizer.h"
#include "core/error.h"
#include "core/schema.h"

namespace dalil::searchd {

namespace {

namespace schema = core::schema;

std::string_view prefix_of(const std::string& field) {
  for (const auto& f : schema::kFilterFields) {
    if (f.name == field) return f.prefix;
  }
  throw core::Error(core::ErrorCode::kBadParameter, "unknown filter " + field);
}

Xapian::Query filter_query(const SearchRequest& request) {
  std::vector<Xapian::Query> fields;
  for (const auto& [field, values] : request.filters) {
    std::vector<Xapian::Query> alternatives;
    for (const auto& value : values) {
      alternatives.emplace_back(analyzers::filter_term(prefix_of(field), value));
    }
    fields.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }
  return Xapian::Query(Xapian::Query::OP_AND, fields.begin(), fields.end());
}

nlohmann::json string_or_null(const nlohmann::json& stored, const char* field) {
  const auto it = stored.find(field);
  if (it == stored.end() || !it->is_string()) return nullptr;
  return *it;
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
  ParsedQuery parsed = parse_query(request.q, context.analyzer(), options.query);
  Xapian::Query query = parsed.query;
  if (!request.filters.empty()) {
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter_query(request));
  }

  return with_retry(context, [&](Xapian::Database& db) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_time_limit(options.time_limit_s);
    if (!parsed.has_terms) {
      // Browsing (no words, only filters): newest first.
      enquire.set_sort_by_value(schema::kSlotDateInstant, true);
    }
    const auto offset = static_cast<Xapian::doccount>(request.page - 1) *
                        static_cast<Xapian::doccount>(request.size);
    const Xapian::doccount check_at_least = request.exact_total ? db.get_doccount() : 0;
    const Xapian::MSet mset =
        enquire.get_mset(offset, static_cast<Xapian::doccount>(request.size), check_at_least);

    nlohmann::json hits = nlohmann::json::array();
    std::vector<analyzers::Token> tokens;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const nlohmann::json stored = nlohmann::json::parse(it.get_document().get_data());
      const std::string body = stored.value("body", "");
      context.analyzer().analyze(body, tokens);
      hits.push_back({
          {"id", stored.value("id", "")},
          {"title", string_or_null(stored, "title")},
          {"date", string_or_null(stored, "date")},
          {"source", string_or_null(stored, "source")},
          {"lang", string_or_null(stored, "lang")},
          {"type", string_or_null(stored, "type")},
          {"url", string_or_null(stored, "url")},
          {"score", it.get_weight()},
          {"snippet", make_snippet(body, tokens, parsed.highlight, options.snippet)},
      });
    }
    const double took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const bool exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    return nlohmann::json{
        {"total", mset.get_matches_estimated()},
        {"total_exact", exact},
        {"page", request.page},
        {"size", request.size},
        {"took_ms", took_ms},
        {"timed_out", took_ms > options.time_limit_s * 1000.0},
        {"query_explained", parsed.explained},
        {"hits", std::move(hits)},
    };
  });
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
