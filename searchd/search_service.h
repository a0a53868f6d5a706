/// @file searchd/search_service.h
/// @brief Runs searches and document look-ups on one worker's database, returning JSON.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "searchd/query_parser.h"
#include "searchd/snippet.h"
#include "searchd/worker_pool.h"

namespace dalil::searchd {

/// A search as the HTTP layer understood it; values are already range-checked.
struct SearchRequest {
  std::string q;
  int page = 1;  ///< 1-based.
  int size = 10;
  bool exact_total = false;
  /// Filter field name (core::schema::kFilterFields) and its accepted values.
  std::vector<std::pair<std::string, std::vector<std::string>>> filters;
};

/// Per-query limits and presentation settings.
struct SearchOptions {
  QueryLimits query;
  double time_limit_s = 5.0;
  SnippetOptions snippet;
};

/// {"total", "total_exact", "page", "size", "took_ms", "timed_out", "query_explained", "hits"}.
/// Throws core::Error (kBadQuery, kIndexUnavailable).
nlohmann::json search(WorkerContext& context, const SearchRequest& request,
                      const SearchOptions& options);

/// The stored JSON text of document @p id; throws core::Error(kNotFound).
std::string document_json(WorkerContext& context, const std::string& id);

/// Number of documents in the index.
Xapian::doccount document_count(WorkerContext& context);

}  // namespace dalil::searchd
