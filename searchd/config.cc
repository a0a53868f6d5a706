/// @file searchd/config.cc
/// @brief The settings table and the four configuration layers built from it.
#include "searchd/config.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <thread>
#include <type_traits>
#include <utility>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace dalil::searchd {

namespace {

[[noreturn]] void bad(const std::string& message) {
  throw core::Error(core::ErrorCode::kBadConfig, message);
}

long long parse_integer(const std::string& key, const std::string& text) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) bad(key + ": not a whole number: \"" + text + "\"");
  return value;
}

double parse_number(const std::string& key, const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) bad(key + ": not a number: \"" + text + "\"");
  return value;
}

/// One setting: its snake_case key (JSON key; DALIL_KEY in the environment; --key-with-dashes
/// on the command line), its help text, and how to store a textual value.
struct Setting {
  const char* key;
  const char* help;
  std::function<void(Config&, const std::string& key, const std::string& value)> set;
};

template <typename T>
Setting integer_setting(const char* key, const char* help, T Config::*field) {
  return {key, help, [field](Config& c, const std::string& k, const std::string& v) {
            const long long value = parse_integer(k, v);
            if (std::is_unsigned_v<T> && value < 0) bad(k + ": must not be negative");
            // Without this, 4294975376 would wrap to port 8080 and pass validation.
            if (!std::in_range<T>(value)) bad(k + ": out of range: \"" + v + "\"");
            c.*field = static_cast<T>(value);
          }};
}

Setting number_setting(const char* key, const char* help, double Config::*field) {
  return {key, help, [field](Config& c, const std::string& k, const std::string& v) {
            c.*field = parse_number(k, v);
          }};
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> table = {
      {"index", "Index folder written by dalil-index",
       [](Config& c, const std::string&, const std::string& v) { c.index = v; }},
      {"bind", "Address to listen on",
       [](Config& c, const std::string&, const std::string& v) { c.bind = v; }},
      {"name_aliases", "Alias table of names (Aleppo|حلب), one group a line",
       [](Config& c, const std::string&, const std::string& v) { c.name_aliases = v; }},
      integer_setting("port", "TCP port (0 picks a free one)", &Config::port),
      integer_setting("threads", "Worker threads kept (0 = 8 per core, at least 32)",
                      &Config::threads),
      integer_setting("max_threads",
                      "Most worker threads: one per open connection beyond threads (0 = 1024)",
                      &Config::max_threads),
      integer_setting(
          "search_slots",
          "Requests searching at once; the rest wait in arrival order (0 = two per core)",
          &Config::search_slots),
      integer_setting("export_slots",
                      "Exports making a page of rows at once; the rest wait in arrival order (0 = "
                      "one per core)",
                      &Config::export_slots),
      number_setting("queue_time_limit_s",
                     "Seconds a request may wait for a search or export slot before 503 busy",
                     &Config::queue_time_limit_s),
      integer_setting("max_query_bytes", "Longest query accepted, in bytes",
                      &Config::max_query_bytes),
      integer_setting("max_query_terms", "Most words and phrases in one query",
                      &Config::max_query_terms),
      integer_setting("max_query_prefixes", "Most words ending in * (prefix searches) in one query",
                      &Config::max_query_prefixes),
      integer_setting("default_page_size", "Hits per page when size= is not given",
                      &Config::default_page_size),
      integer_setting("max_page_size", "Cap on size=", &Config::max_page_size),
      integer_setting("max_page", "Deepest page= accepted", &Config::max_page),
      number_setting("query_time_limit_s",
                     "Seconds a search may spend reading the words of word* and matching",
                     &Config::query_time_limit_s),
      integer_setting("exact_count_limit", "Totals up to this many matches are always exact",
                      &Config::exact_count_limit),
      integer_setting("reopen_interval_ms", "How often workers look for a newer index",
                      &Config::reopen_interval_ms),
      integer_setting("http_timeout_s", "Read/write timeout of a connection, seconds",
                      &Config::http_timeout_s),
      integer_setting("max_request_bytes", "Largest request body, in bytes",
                      &Config::max_request_bytes),
      {"public_url", "Address put before citation permalinks (http://… or https://…)",
       [](Config& c, const std::string&, const std::string& v) {
         c.public_url = v;
         // "https://host/" and "https://host" give the same permalinks.
         while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
       }},
  };
  return table;
}

std::string env_name(const std::string& key) {
  std::string name = "DALIL_";
  for (char ch : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return name;
}

std::string flag_name(const std::string& key) {
  std::string flag = "--";
  for (char ch : key) flag += ch == '_' ? '-' : ch;
  return flag;
}

const Setting* find_setting(const std::string& key) {
  for (const auto& setting : settings()) {
    if (key == setting.key) return &setting;
  }
  return nullptr;
}

void apply_file(Config& config, const std::string& path) {
  std::ifstream in(path);
  if (!in) bad("cannot read config file " + path);
  nlohmann::json file;
  try {
    file = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    bad("config file " + path + " is not valid JSON: " + e.what());
  }
  if (!file.is_object()) bad("config file " + path + " must hold a JSON object");
  for (const auto& [key, value] : file.items()) {
    const Setting* setting = find_setting(key);
    if (setting == nullptr) bad("config file " + path + ": unknown setting \"" + key + "\"");
    if (!value.is_string() && !value.is_number()) {
      bad("config file " + path + ": setting \"" + key + "\" must be a string or a number");
    }
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    setting->set(config, key, text);
  }
  config.config_file = path;
}

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

void validate(const Config& c) {
  if (c.index.empty()) bad("index: no index folder given (--index DIR or DALIL_INDEX)");
  if (c.bind.empty()) bad("bind: empty address");
  if (c.port < 0 || c.port > 65535) bad("port: must be 0..65535");
  if (c.threads < 0 || c.threads > 1024) bad("threads: must be 0..1024");
  if (c.max_threads < 0 || c.max_threads > 16384) bad("max_threads: must be 0..16384");
  if (c.max_threads > 0 && c.max_threads < c.threads) bad("max_threads: must not be below threads");
  if (c.search_slots < 0 || c.search_slots > 1024) bad("search_slots: must be 0..1024");
  if (c.export_slots < 0 || c.export_slots > 1024) bad("export_slots: must be 0..1024");
  if (!(c.queue_time_limit_s > 0 && c.queue_time_limit_s <= 3600)) {
    bad("queue_time_limit_s: must be above 0 and at most 3600");
  }
  if (c.max_query_bytes < 16 || c.max_query_bytes > (1u << 20)) {
    bad("max_query_bytes: must be 16..1048576");
  }
  if (c.max_query_terms < 1 || c.max_query_terms > 10000) bad("max_query_terms: must be 1..10000");
  if (c.max_query_prefixes < 0 || c.max_query_prefixes > 64) {
    bad("max_query_prefixes: must be 0..64");
  }
  if (c.max_page_size < 1 || c.max_page_size > 10000) bad("max_page_size: must be 1..10000");
  if (c.default_page_size < 1) bad("default_page_size: must be at least 1");
  if (c.max_page < 1) bad("max_page: must be at least 1");
  if (!(c.query_time_limit_s > 0 && c.query_time_limit_s <= 3600)) {
    bad("query_time_limit_s: must be above 0 and at most 3600");
  }
  if (c.reopen_interval_ms < 0) bad("reopen_interval_ms: must not be negative");
  if (c.exact_count_limit < 0) bad("exact_count_limit: must not be negative");
  if (c.http_timeout_s < 1 || c.http_timeout_s > 3600) bad("http_timeout_s: must be 1..3600");
  if (c.max_request_bytes < 1024) bad("max_request_bytes: must be at least 1024");
  if (!c.public_url.empty()) {
    const std::string_view url = c.public_url;
    const std::size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
    if (scheme == 0 || url.size() == scheme ||
        url.find_first_of("?# \t\r\n\"<>") != std::string_view::npos) {
      bad("public_url: must be an http:// or https:// address without query or fragment, e.g. "
          "https://archive.example.org");
    }
  }
}

LoadResult load_config(const std::vector<std::string>& args, const EnvLookup& env) {
  CLI::App app{
      "dalil-searchd: serve a Dalil index over HTTP.\n"
      "Settings: defaults < --config FILE (JSON) < DALIL_* environment < flags."};
  std::string config_file;
  app.add_option("--config", config_file, "JSON file of settings (also DALIL_CONFIG)");
  std::map<std::string, std::string> from_cli;
  for (const auto& setting : settings()) {
    app.add_option(flag_name(setting.key), from_cli[setting.key], setting.help);
  }
  std::vector<const char*> argv;
  for (const auto& arg : args) argv.push_back(arg.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return LoadResult{std::nullopt, app.exit(e)};
  }

  Config config;
  if (config_file.empty()) config_file = env("DALIL_CONFIG").value_or("");
  if (!config_file.empty()) apply_file(config, config_file);
  for (const auto& setting : settings()) {
    if (const auto value = env(env_name(setting.key)))
      setting.set(config, env_name(setting.key), *value);
  }
  for (const auto& setting : settings()) {
    if (app.count(flag_name(setting.key)) > 0) {
      setting.set(config, flag_name(setting.key), from_cli[setting.key]);
    }
  }
  if (config.threads == 0) {
    // httplib gives each keep-alive connection a thread of its own; these are started at once,
    // more follow on demand up to max_threads.
    config.threads = std::max(32, 8 * static_cast<int>(std::thread::hardware_concurrency()));
  }
  if (config.search_slots == 0) {
    // Two searches per core: more only share the cores and finish later, in no fair order; one
    // per core left a core idle whenever a search waited for the network or the scheduler (at
    // 64 connections on 2 cores, 2 slots served 15-20 % fewer requests a second than 4).
    config.search_slots =
        std::clamp(2 * static_cast<int>(std::thread::hardware_concurrency()), 1, 1024);
  }
  if (config.export_slots == 0) {
    // A page of export rows is 500 hits rendered at once, so fewer are made at once than
    // searches run: one per core leaves the other half of the slots' CPU to searches.
    config.export_slots =
        std::clamp(static_cast<int>(std::thread::hardware_concurrency()), 1, 1024);
  }
  if (config.max_threads == 0) {
    // Threads beyond `threads` start only while every thread holds a connection and end after
    // 30 s idle, so the bound is on file descriptors and stacks, not on steady memory.
    config.max_threads = std::max(1024, config.threads);
  }
  validate(config);
  return LoadResult{config, 0};
}

}  // namespace dalil::searchd
