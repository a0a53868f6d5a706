/// @file searchd/config.h
/// @brief The one configuration struct: defaults < JSON file < DALIL_* environment < command line.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dalil::searchd {

/// Everything dalil-searchd can be told. Each field has one row in the settings table
/// (config.cc), which gives its JSON key, its DALIL_* variable and its --flag.
struct Config {
  std::string index;               ///< Index folder (required).
  std::string bind = "127.0.0.1";  ///< Address to listen on; loopback unless told otherwise.
  int port = 8080;                 ///< 0 picks a free port (printed at start).
  int threads = 0;                 ///< Worker threads kept; 0 = 8 per core, at least 32.
  /// The pool grows beyond threads, one thread per open connection, up to this; 0 = 1024.
  int max_threads = 0;
  /// Requests doing search work at once (searches, documents, passages); the others wait their
  /// turn in arrival order. 0 = two per core.
  int search_slots = 0;
  /// Exports making a page of rows at once; the others wait their turn in arrival order.
  /// 0 = one per core.
  int export_slots = 0;
  /// A request that waited this long for a search or export slot gets 503 busy.
  double queue_time_limit_s = 10.0;
  std::size_t max_query_bytes = 2048;  ///< Longer q is refused with 413.
  int max_query_terms = 64;            ///< More words or phrases in q are refused with 400.
  /// More words ending in * in q are refused with 400: each matches up to
  /// kMaxPrefixExpansions words, and a tree of many thousand terms is slow to match even
  /// when the reading of the words stops at the time limit.
  int max_query_prefixes = 4;
  int default_page_size = 10;  ///< Capped at max_page_size like size= is.
  int max_page_size = 100;     ///< Larger size= is capped to this.
  int max_page = 1000000;      ///< Deeper pages are refused with 400.
  /// Reading the words of word* and matching stop after this long, counted from the start of
  /// the search; the result says so ("timed_out").
  double query_time_limit_s = 5.0;
  int exact_count_limit = 1000;              ///< Totals up to this many are always exact.
  int reopen_interval_ms = 500;              ///< How often a worker checks for a newer index.
  int http_timeout_s = 10;                   ///< Read and write timeout of a connection.
  std::size_t max_request_bytes = 1u << 20;  ///< Largest request body.
  /// Absolute address the server is reached at ("https://archive.example.org"), put before the
  /// permalinks of citations; empty: permalinks are paths.
  std::string public_url;
  std::string config_file;  ///< Where file settings came from, if anywhere.
  /// Alias table (data/name-aliases.tsv format); empty: the repository's table when it is there.
  std::string name_aliases;
};

/// Reads one environment variable; returns nullopt when unset. Injected so tests need not
/// change the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

/// Outcome of reading the command line: either a config, or an exit code after --help/--version
/// or a usage error whose message was already printed.
struct LoadResult {
  std::optional<Config> config;
  int exit_code = 0;
};

/// Builds the Config from all four layers and validates it. The JSON file is named by --config
/// or DALIL_CONFIG. Throws core::Error(kBadConfig) naming the setting at fault.
LoadResult load_config(const std::vector<std::string>& args, const EnvLookup& env);

/// Checks ranges and required settings; throws core::Error(kBadConfig).
void validate(const Config& config);

/// The process environment.
std::optional<std::string> process_env(const std::string& name);

}  // namespace dalil::searchd
