/// @file tests/integration/names_test.cc
/// @brief Names across scripts, translit=off, aliases and "did you mean" through a real
///        dalil-index and dalil-searchd.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/live_server.h"
#include "tests/support/paths.h"

namespace {

using dalil::testing::kTestData;
using dalil::testing::LiveServer;

}  // namespace

TEST_CASE("searchd finds names across scripts unless translit=off", "[integration][names]") {
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/names/names.jsonl"}});
  struct Case {
    std::string q;
    std::string translit;  ///< "" = not given.
    std::vector<std::string> ranked;
  };
  const std::vector<Case> cases = {
      {"Assad", "", {"n:en-assad", "n:ar-assad"}},
      {"Assad", "on", {"n:en-assad", "n:ar-assad"}},
      {"Assad", "off", {"n:en-assad"}},
      {"الأسد", "", {"n:ar-assad", "n:en-assad"}},
      {"\"Bashar al-Assad\"", "", {"n:en-assad", "n:ar-assad"}},
      {"Aleppo", "", {"n:ar-aleppo"}},  // the repository's alias table
      {"Aleppo", "off", {}},
  };
  for (const auto& c : cases) {
    SECTION(c.q + " translit " + (c.translit.empty() ? "default" : c.translit)) {
      httplib::Params params{{"q", c.q}};
      if (!c.translit.empty()) params.emplace("translit", c.translit);
      CHECK(server.ordered_ids(params) == c.ranked);
    }
  }
  SECTION("translit takes on or off") {
    const auto [status, body] = server.get("/api/search", {{"q", "Assad"}, {"translit", "no"}});
    CHECK(status == 400);
    CHECK(body["error"]["message"] == "translit must be on or off");
  }
  SECTION("query_explained shows name keys and aliases") {
    const auto body = server.search({{"q", "Aleppo"}});
    const auto& query = body["query_explained"]["query"];
    const auto& aliases = query["aliases"];
    CHECK(std::find(aliases.begin(), aliases.end(), "حلب") != aliases.end());
    CHECK(query.contains("name_keys"));
  }
}

TEST_CASE("searchd suggests a spelling when a query finds little", "[integration][spelling]") {
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/names/names.jsonl"}});
  struct Case {
    std::string q;
    std::string suggestion;  ///< "" = no "suggestion" key.
  };
  const std::vector<Case> cases = {
      {"parlament", "parliament"}, {"goverment budget", "government budget"},
      {"البرلمن", "البرلمان"},     {"الميزانيه الحكومبة", "الميزانيه الحكوميه"},
      {"parliament", ""},       // found: nothing to suggest
      {"title:parlament", ""},  // scoped values are left alone
  };
  for (const auto& c : cases) {
    SECTION(c.q) {
      const auto body = server.search({{"q", c.q}, {"translit", "off"}});
      if (c.suggestion.empty()) {
        CHECK_FALSE(body.contains("suggestion"));
      } else {
        CHECK(body.value("suggestion", "") == c.suggestion);
      }
    }
  }
}
