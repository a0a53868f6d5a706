/// @file tests/unit/config_test.cc
/// @brief load_config: layer precedence (defaults < file < env < flags), validation, --help.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "searchd/config.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::searchd::Config;
using dalil::searchd::EnvLookup;
using dalil::searchd::load_config;
using dalil::searchd::LoadResult;
using Env = std::map<std::string, std::string>;

EnvLookup lookup(const Env& env) {
  return [env](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
}

std::vector<std::string> argv_of(std::vector<std::string> flags) {
  flags.insert(flags.begin(), "dalil-searchd");
  return flags;
}

/// Captures std::cout and std::cerr while alive (CLI11 prints help and usage errors there).
class CaptureOutput {
 public:
  CaptureOutput()
      : old_out_(std::cout.rdbuf(out_.rdbuf())), old_err_(std::cerr.rdbuf(err_.rdbuf())) {}
  ~CaptureOutput() {
    std::cout.rdbuf(old_out_);
    std::cerr.rdbuf(old_err_);
  }
  std::string out() const { return out_.str(); }
  std::string err() const { return err_.str(); }

 private:
  std::ostringstream out_;
  std::ostringstream err_;
  std::streambuf* old_out_;
  std::streambuf* old_err_;
};

std::string format_double(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

}  // namespace

TEST_CASE("load_config layers: defaults < file < DALIL_* < flags", "[config]") {
  // One setting with a different value in each layer; "" means the layer does not set it.
  struct Setting {
    const char* key;
    std::string default_value;  ///< What a Config holds when no layer sets it.
    std::string file_json;      ///< Value as written in the JSON file.
    std::string file_value, env_value, cli_value;
    std::function<std::string(const Config&)> get;
  };
  const std::vector<Setting> settings = {
      {"index", "", "\"/file/idx\"", "/file/idx", "/env/idx", "/cli/idx",
       [](const Config& c) { return c.index; }},
      {"bind", "127.0.0.1", "\"0.0.0.0\"", "0.0.0.0", "10.0.0.1", "::1",
       [](const Config& c) { return c.bind; }},
      {"port", "8080", "8081", "8081", "8082", "8083",
       [](const Config& c) { return std::to_string(c.port); }},
      // Unset, threads is "8 per core, at least 32".
      {"threads",
       std::to_string(std::max(32, 8 * static_cast<int>(std::thread::hardware_concurrency()))), "5",
       "5", "6", "7", [](const Config& c) { return std::to_string(c.threads); }},
      // Unset, search_slots is two per core.
      {"search_slots",
       std::to_string(std::max(1, 2 * static_cast<int>(std::thread::hardware_concurrency()))), "3",
       "3", "4", "5", [](const Config& c) { return std::to_string(c.search_slots); }},
      // Unset, export_slots is one per core.
      {"export_slots",
       std::to_string(std::max(1, static_cast<int>(std::thread::hardware_concurrency()))), "3", "3",
       "4", "5", [](const Config& c) { return std::to_string(c.export_slots); }},
      {"queue_time_limit_s", "10", "0.5", "0.5", "2", "30",
       [](const Config& c) { return format_double(c.queue_time_limit_s); }},
      {"max_query_bytes", "2048", "100", "100", "200", "300",
       [](const Config& c) { return std::to_string(c.max_query_bytes); }},
      {"max_query_terms", "64", "1", "1", "2", "3",
       [](const Config& c) { return std::to_string(c.max_query_terms); }},
      {"max_query_prefixes", "4", "1", "1", "2", "3",
       [](const Config& c) { return std::to_string(c.max_query_prefixes); }},
      {"default_page_size", "10", "20", "20", "30", "40",
       [](const Config& c) { return std::to_string(c.default_page_size); }},
      {"max_page_size", "100", "200", "200", "300", "400",
       [](const Config& c) { return std::to_string(c.max_page_size); }},
      {"max_page", "1000000", "5", "5", "6", "7",
       [](const Config& c) { return std::to_string(c.max_page); }},
      {"query_time_limit_s", "5", "1.5", "1.5", "2.5", "0.25",
       [](const Config& c) { return format_double(c.query_time_limit_s); }},
      {"reopen_interval_ms", "500", "0", "0", "100", "250",
       [](const Config& c) { return std::to_string(c.reopen_interval_ms); }},
      {"exact_count_limit", "1000", "0", "0", "50", "5000",
       [](const Config& c) { return std::to_string(c.exact_count_limit); }},
      {"http_timeout_s", "10", "\"20\"", "20", "30", "40",  // A number as a JSON string.
       [](const Config& c) { return std::to_string(c.http_timeout_s); }},
      {"max_request_bytes", "1048576", "2048", "2048", "4096", "8192",
       [](const Config& c) { return std::to_string(c.max_request_bytes); }},
      // A trailing slash is dropped so permalinks never hold "//".
      {"public_url", "", "\"https://file.example.org/\"", "https://file.example.org",
       "https://env.example.org", "http://cli.example.org:8080/dalil",
       [](const Config& c) { return c.public_url; }},
  };
  enum Layer { kFile = 1, kEnv = 2, kCli = 4 };

  for (const auto& s : settings) {
    const std::string key = s.key;
    std::string env_name = "DALIL_";
    std::string flag = "--";
    for (char ch : key) {
      env_name += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      flag += ch == '_' ? '-' : ch;
    }
    for (int layers = 0; layers < 8; ++layers) {
      for (const bool file_by_env : {false, true}) {
        if (!(layers & kFile) && file_by_env) continue;
        DYNAMIC_SECTION(key << (layers & kFile
                                    ? (file_by_env ? " +file(DALIL_CONFIG)" : " +file(--config)")
                                    : "")
                            << (layers & kEnv ? " +env" : "") << (layers & kCli ? " +flag" : "")) {
          dalil::testing::TempDir dir;
          std::vector<std::string> flags;
          Env env;
          // Settings not under test that validation needs.
          if (key != "index") flags = {"--index", "/required"};
          if (layers & kFile) {
            const std::string path =
                dir.write("dalil.json", "{\"" + key + "\": " + s.file_json + "}");
            if (file_by_env) {
              env["DALIL_CONFIG"] = path;
            } else {
              flags.insert(flags.end(), {"--config", path});
            }
          }
          if (layers & kEnv) env[env_name] = s.env_value;
          if (layers & kCli) flags.insert(flags.end(), {flag, s.cli_value});
          const std::string expected = layers & kCli    ? s.cli_value
                                       : layers & kEnv  ? s.env_value
                                       : layers & kFile ? s.file_value
                                                        : s.default_value;
          if (key == "index" && layers == 0) {
            CHECK_THROWS_AS(load_config(argv_of(flags), lookup(env)), dalil::core::Error);
          } else {
            const LoadResult result = load_config(argv_of(flags), lookup(env));
            CHECK(result.exit_code == 0);
            REQUIRE(result.config);
            CHECK(s.get(*result.config) == expected);
            CHECK(result.config->config_file == (layers & kFile ? dir.file("dalil.json") : ""));
          }
        }
      }
    }
  }
}

TEST_CASE("load_config: the --config flag beats DALIL_CONFIG and layers mix per setting",
          "[config]") {
  dalil::testing::TempDir dir;
  const std::string by_flag =
      dir.write("flag.json", R"({"index":"/flag-file","port":1001,"bind":"0.0.0.0"})");
  const std::string by_env =
      dir.write("env.json", R"({"index":"/env-file","port":1002,"threads":9})");
  const Env env = {{"DALIL_CONFIG", by_env}, {"DALIL_BIND", "10.1.1.1"}, {"DALIL_MAX_PAGE", "77"}};
  const LoadResult result =
      load_config(argv_of({"--config", by_flag, "--max-page", "88"}), lookup(env));
  REQUIRE(result.config);
  const Config& c = *result.config;
  CHECK(c.config_file == by_flag);
  CHECK(c.index == "/flag-file");  // From the file named by --config ...
  CHECK(c.port == 1001);
  CHECK(c.threads != 9);          // ... and nothing from the one named by DALIL_CONFIG.
  CHECK(c.bind == "10.1.1.1");    // The environment beats the file.
  CHECK(c.max_page == 88);        // The flag beats the environment.
  CHECK(c.max_page_size == 100);  // Untouched settings keep their defaults.
  CHECK(c.http_timeout_s == 10);
}

TEST_CASE("load_config accepts flag forms and ignores unrelated variables", "[config]") {
  struct Case {
    const char* name;
    std::vector<std::string> flags;
    Env env;
    int port;
  };
  const std::vector<Case> cases = {
      {"--port=N", {"--index=/i", "--port=9001"}, {}, 9001},
      {"--port N", {"--index", "/i", "--port", "9002"}, {}, 9002},
      {"port 0 picks a free port", {"--index", "/i", "--port", "0"}, {}, 0},
      {"port 65535", {"--index", "/i", "--port", "65535"}, {}, 65535},
      {"default page size above the max page size (capped where used)",
       {"--index", "/i", "--default-page-size", "500"},
       {},
       8080},
      {"unrelated and lower-case variables",
       {"--index", "/i"},
       {{"PORT", "1"}, {"dalil_port", "2"}, {"DALIL_PORTS", "3"}},
       8080},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const LoadResult result = load_config(argv_of(c.flags), lookup(c.env));
      REQUIRE(result.config);
      CHECK(result.config->port == c.port);
      CHECK(result.config->index == "/i");
    }
  }
}

TEST_CASE("load_config turns threads 0 into at least 32", "[config]") {
  struct Case {
    const char* name;
    std::vector<std::string> flags;
    Env env;
    int exactly;  ///< 0: any automatic value (>= 32).
  };
  const std::vector<Case> cases = {
      {"default", {"--index", "/i"}, {}, 0},
      {"--threads 0", {"--index", "/i", "--threads", "0"}, {}, 0},
      {"DALIL_THREADS=0", {"--index", "/i"}, {{"DALIL_THREADS", "0"}}, 0},
      {"--threads 0 beats DALIL_THREADS=3",
       {"--index", "/i", "--threads", "0"},
       {{"DALIL_THREADS", "3"}},
       0},
      {"--threads 1 stays 1", {"--index", "/i", "--threads", "1"}, {}, 1},
      {"--threads 1024 stays 1024", {"--index", "/i", "--threads", "1024"}, {}, 1024},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const LoadResult result = load_config(argv_of(c.flags), lookup(c.env));
      REQUIRE(result.config);
      if (c.exactly == 0) {
        CHECK(result.config->threads >= 32);
      } else {
        CHECK(result.config->threads == c.exactly);
      }
      // max_threads 0 (unset) becomes 1024, or threads when that is more.
      CHECK(result.config->max_threads == std::max(1024, result.config->threads));
    }
  }
}

TEST_CASE("load_config rejects bad settings with kBadConfig", "[config]") {
  struct Case {
    const char* name;
    std::vector<std::string> flags;
    Env env;
    std::string file;  ///< Written to a file named by --config when not empty.
    std::string message_part;
  };
  const std::vector<Case> cases = {
      {"missing index", {}, {}, "", "index: no index folder given"},
      {"public_url without a scheme",
       {"--index", "/i", "--public-url", "archive.example.org"},
       {},
       "",
       "public_url: must be an http:// or https:// address"},
      {"public_url with a query",
       {"--index", "/i"},
       {{"DALIL_PUBLIC_URL", "https://archive.example.org/?a=1"}},
       "",
       "public_url: must be an http:// or https:// address"},
      {"public_url of a scheme only",
       {},
       {},
       R"({"index":"/i","public_url":"https://"})",
       "public_url: must be an http:// or https:// address"},
      {"empty index in the environment",
       {},
       {{"DALIL_INDEX", ""}},
       "",
       "index: no index folder given"},
      {"empty index in the file", {}, {}, R"({"index":""})", "index: no index folder given"},
      {"empty bind", {"--index", "/i"}, {{"DALIL_BIND", ""}}, "", "bind: empty address"},
      {"port 70000", {"--index", "/i", "--port", "70000"}, {}, "", "port: must be 0..65535"},
      {"port -1 in the environment",
       {"--index", "/i"},
       {{"DALIL_PORT", "-1"}},
       "",
       "port: must be 0..65535"},
      {"port 2^32 + 8080 does not wrap to 8080",
       {"--index", "/i", "--port", "4294975376"},
       {},
       "",
       "--port: out of range"},
      {"threads 2^32 does not wrap to 0",
       {"--index", "/i"},
       {{"DALIL_THREADS", "4294967296"}},
       "",
       "DALIL_THREADS: out of range"},
      {"port abc in the environment",
       {"--index", "/i"},
       {{"DALIL_PORT", "abc"}},
       "",
       "DALIL_PORT: not a whole number: \"abc\""},
      {"port abc as a flag",
       {"--index", "/i", "--port", "abc"},
       {},
       "",
       "--port: not a whole number: \"abc\""},
      {"port abc in the file",
       {},
       {},
       R"({"index":"/i","port":"abc"})",
       "port: not a whole number: \"abc\""},
      {"port 80.5", {"--index", "/i", "--port", "80.5"}, {}, "", "--port: not a whole number"},
      {"port with trailing text",
       {"--index", "/i", "--port", "80x"},
       {},
       "",
       "--port: not a whole number"},
      {"empty port", {"--index", "/i"}, {{"DALIL_PORT", ""}}, "", "DALIL_PORT: not a whole number"},
      {"port true in the file",
       {},
       {},
       R"({"index":"/i","port":true})",
       "setting \"port\" must be a string or a number"},
      {"port null in the file",
       {},
       {},
       R"({"index":"/i","port":null})",
       "setting \"port\" must be a string or a number"},
      {"index null in the file",
       {},
       {},
       R"({"index":null})",
       "setting \"index\" must be a string or a number"},
      {"negative max_request_bytes as a flag",
       {"--index", "/i", "--max-request-bytes=-5"},
       {},
       "",
       "--max-request-bytes: must not be negative"},
      {"negative max_request_bytes in the environment",
       {"--index", "/i"},
       {{"DALIL_MAX_REQUEST_BYTES", "-1"}},
       "",
       "DALIL_MAX_REQUEST_BYTES: must not be negative"},
      {"negative max_query_bytes in the file",
       {},
       {},
       R"({"index":"/i","max_query_bytes":-1})",
       "max_query_bytes: must not be negative"},
      {"max_request_bytes too small",
       {"--index", "/i", "--max-request-bytes", "100"},
       {},
       "",
       "max_request_bytes: must be at least 1024"},
      {"max_query_bytes too small",
       {"--index", "/i", "--max-query-bytes", "8"},
       {},
       "",
       "max_query_bytes: must be 16..1048576"},
      {"max_query_terms 0",
       {"--index", "/i", "--max-query-terms", "0"},
       {},
       "",
       "max_query_terms: must be 1..10000"},
      {"max_query_prefixes 65",
       {"--index", "/i", "--max-query-prefixes", "65"},
       {},
       "",
       "max_query_prefixes: must be 0..64"},
      {"threads 2000", {"--index", "/i", "--threads", "2000"}, {}, "", "threads: must be 0..1024"},
      {"search_slots 2000",
       {"--index", "/i", "--search-slots", "2000"},
       {},
       "",
       "search_slots: must be 0..1024"},
      {"negative search_slots",
       {"--index", "/i"},
       {{"DALIL_SEARCH_SLOTS", "-1"}},
       "",
       "search_slots: must be 0..1024"},
      {"export_slots 2000",
       {"--index", "/i", "--export-slots", "2000"},
       {},
       "",
       "export_slots: must be 0..1024"},
      {"negative export_slots",
       {"--index", "/i"},
       {{"DALIL_EXPORT_SLOTS", "-1"}},
       "",
       "export_slots: must be 0..1024"},
      {"queue time limit 0",
       {"--index", "/i", "--queue-time-limit-s", "0"},
       {},
       "",
       "queue_time_limit_s: must be above 0"},
      {"max_threads below threads",
       {"--index", "/i", "--threads", "8", "--max-threads", "4"},
       {},
       "",
       "max_threads: must not be below threads"},
      {"max_threads too large",
       {"--index", "/i", "--max-threads", "20000"},
       {},
       "",
       "max_threads: must be 0..16384"},
      {"negative threads",
       {"--index", "/i"},
       {{"DALIL_THREADS", "-2"}},
       "",
       "threads: must be 0..1024"},
      {"default page size 0",
       {"--index", "/i", "--default-page-size", "0"},
       {},
       "",
       "default_page_size: must be at least 1"},
      {"max_page 0", {"--index", "/i", "--max-page", "0"}, {}, "", "max_page: must be at least 1"},
      {"query time limit 0",
       {"--index", "/i", "--query-time-limit-s", "0"},
       {},
       "",
       "query_time_limit_s: must be above 0"},
      {"query time limit abc",
       {"--index", "/i"},
       {{"DALIL_QUERY_TIME_LIMIT_S", "abc"}},
       "",
       "DALIL_QUERY_TIME_LIMIT_S: not a number: \"abc\""},
      {"query time limit nan",
       {"--index", "/i", "--query-time-limit-s", "nan"},
       {},
       "",
       "query_time_limit_s: must be above 0"},
      {"negative exact count limit",
       {"--index", "/i", "--exact-count-limit", "-1"},
       {},
       "",
       "exact_count_limit: must not be negative"},
      {"negative reopen interval",
       {"--index", "/i", "--reopen-interval-ms", "-1"},
       {},
       "",
       "reopen_interval_ms: must not be negative"},
      {"http timeout 0",
       {"--index", "/i", "--http-timeout-s", "0"},
       {},
       "",
       "http_timeout_s: must be 1..3600"},
      {"unknown key in the file",
       {},
       {},
       R"({"index":"/i","prot":8081})",
       "unknown setting \"prot\""},
      {"flag spelling in the file",
       {},
       {},
       R"({"index":"/i","max-page":5})",
       "unknown setting \"max-page\""},
      {"invalid JSON file", {}, {}, R"({"index":"/i",)", "is not valid JSON"},
      {"file holding a list", {}, {}, R"(["index","/i"])", "must hold a JSON object"},
      {"missing file",
       {"--index", "/i", "--config", "/nonexistent/dalil.json"},
       {},
       "",
       "cannot read config file /nonexistent/dalil.json"},
      {"missing file named by DALIL_CONFIG",
       {"--index", "/i"},
       {{"DALIL_CONFIG", "/nonexistent/env.json"}},
       "",
       "cannot read config file /nonexistent/env.json"},
      {"a bad file is an error even when flags fix it",
       {"--index", "/i", "--port", "1"},
       {},
       R"({"port":"abc"})",
       "port: not a whole number"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      dalil::testing::TempDir dir;
      std::vector<std::string> flags = c.flags;
      if (!c.file.empty()) flags.insert(flags.end(), {"--config", dir.write("bad.json", c.file)});
      try {
        const LoadResult result = load_config(argv_of(flags), lookup(c.env));
        FAIL("accepted; port " << (result.config ? result.config->port : -1));
      } catch (const dalil::core::Error& e) {
        CHECK(e.code() == dalil::core::ErrorCode::kBadConfig);
        CHECK_THAT(e.what(), Catch::Matchers::Contains(c.message_part));
      }
    }
  }
}

TEST_CASE("load_config: --help and usage errors return an exit code and no config", "[config]") {
  struct Case {
    const char* name;
    std::vector<std::string> flags;
    bool success;          ///< Exit code 0 (help) or not (usage error).
    std::string out_part;  ///< Expected in standard output.
    std::string err_part;  ///< Expected in standard error.
  };
  const std::vector<Case> cases = {
      {"--help", {"--help"}, true, "--max-request-bytes", ""},
      {"-h", {"-h"}, true, "--config", ""},
      {"--help wins over a missing index and bad values",
       {"--port", "abc", "--help"},
       true,
       "--port",
       ""},
      {"unknown flag", {"--index", "/i", "--nope"}, false, "", "--nope"},
      {"stray argument", {"--index", "/i", "stray"}, false, "", "stray"},
      {"flag without its value", {"--index"}, false, "", "--index"},
      {"flag with an empty value", {"--index="}, false, "", "--index"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      LoadResult result;
      std::string out;
      std::string err;
      {
        CaptureOutput capture;
        result = load_config(argv_of(c.flags), lookup({{"DALIL_PORT", "abc"}}));
        out = capture.out();
        err = capture.err();
      }
      CHECK_FALSE(result.config.has_value());
      CHECK((result.exit_code == 0) == c.success);
      CHECK_THAT(out, Catch::Matchers::Contains(c.out_part));
      CHECK_THAT(err, Catch::Matchers::Contains(c.err_part));
    }
  }
}

TEST_CASE("validate accepts the defaults once an index is given", "[config]") {
  Config config;
  CHECK_THROWS_AS(dalil::searchd::validate(config), dalil::core::Error);
  config.index = "/i";
  CHECK_NOTHROW(dalil::searchd::validate(config));
  config.port = 65536;
  CHECK_THROWS_AS(dalil::searchd::validate(config), dalil::core::Error);
}

TEST_CASE("process_env reads the process environment", "[config]") {
  CHECK(dalil::searchd::process_env("DALIL_TEST_SURELY_UNSET_VARIABLE_42") == std::nullopt);
  const char* path = std::getenv("PATH");
  REQUIRE(path != nullptr);
  CHECK(dalil::searchd::process_env("PATH") == std::string(path));
}
