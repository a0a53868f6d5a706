/// @file tests/integration/names_test.cc
/// @brief Names across scripts, translit=off, aliases and "did you mean" through a real
///        dalil-index and dalil-searchd.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "tests/support/live_server.h"
#include "tests/support/paths.h"

namespace {

using dalil::testing::kTestData;
using dalil::testing::LiveServer;

// The ids in order, for failure messages.
std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " ") + id;
  return out;
}

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
  SECTION("query_explained shows the words a name key found") {
    const auto body = server.search({{"q", "Assad"}});
    const auto& words = body["query_explained"]["query"]["name_words"];
    CHECK(std::find(words.begin(), words.end(), "الاسد") != words.end());
  }
}

TEST_CASE("searchd ranks hits found only by name key or alias below every same-script hit",
          "[integration][names]") {
  // The same-script word is in most documents (low weight) and the other script's word is rare
  // and repeated (high weight), so a weight factor alone would put the name-only hit first.
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/names/tiers.jsonl"}});
  struct Case {
    std::string q;
    std::string last;  ///< the only hit found by name key or alias
  };
  const std::vector<Case> cases = {
      {"Assad", "t:ar-assad"},  // name key
      {"حلب", "t:en-aleppo"},   // alias
  };
  for (const auto& c : cases) {
    SECTION(c.q) {
      const auto ids = server.ordered_ids({{"q", c.q}});
      REQUIRE(ids.size() == 6);
      CHECK(ids.back() == c.last);
      const auto off = server.ordered_ids({{"q", c.q}, {"translit", "off"}});
      CHECK(off.size() == 5);
      CHECK(std::find(off.begin(), off.end(), c.last) == off.end());
    }
  }
}

TEST_CASE("searchd ranks cross-script hits by alias first and by how often the name occurs",
          "[integration][names]") {
  // cross.jsonl: the name (الأسد, twice a document; حلب) is in several documents, a look-alike
  // with the same name key (الأوساط, علب) in one, so its rarity alone would rank it first.
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/names/cross.jsonl"}});
  struct Case {
    std::string q;
    std::set<std::string> first;  ///< the hits ranked first, in any order
    std::string last;             ///< "" = nothing after them
  };
  const std::vector<Case> cases = {
      // Name-key words weigh as one term (a synonym), so the name's own frequency counts.
      {"Assad", {"x:assad-1", "x:assad-2", "x:assad-3", "x:assad-4"}, "x:awsat"},
      // A hit holding an alias form (the repository's table) ranks above name-key guesses.
      {"Aleppo", {"x:aleppo-both", "x:aleppo-1", "x:aleppo-2", "x:aleppo-3"}, "x:ulab"},
      // A Latin g may be غ (Turkish names), and ğ is g.
      {"Erdogan", {"x:erdogan"}, ""},
      {"Erdoğan", {"x:erdogan"}, ""},
      // English vowels the keys cannot read: the alias table.
      {"Trump", {"x:trump"}, ""},
      // Keys cannot reach it (two classes, no long vowel): the alias table.
      {"Raqqa", {"x:raqqa"}, ""},
      // Its key also lists a frequent word (مسؤول, official): the alias tier puts the city first.
      {"Mosul", {"x:mosul"}, "x:official"},
      // An alias form matches as its word, with proclitics (بالرياض), not by its stem: الرياضة
      // (sport, twice) shares the stem رياض and is reached by the key alone.
      {"Riyadh", {"x:riyadh", "x:bi-riyadh"}, "x:sport"},
  };
  for (const auto& c : cases) {
    SECTION(c.q) {
      const auto ids = server.ordered_ids({{"q", c.q}});
      INFO(joined(ids));
      REQUIRE(ids.size() == c.first.size() + (c.last.empty() ? 0 : 1));
      CHECK(std::set<std::string>(ids.begin(), ids.begin() + c.first.size()) == c.first);
      if (!c.last.empty()) CHECK(ids.back() == c.last);
    }
  }
}

TEST_CASE("a hit in the same-script tier and the alias tier takes the higher only",
          "[integration][names]") {
  // x:aleppo-both holds حلب and the alias form Aleppo (a Latin title): for حلب it is one of
  // four same-script hits and takes the tier of 1000 like them, not 1500 (it may add the
  // alias word's own 0.4 weight, as any hit holding a name word does).
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/names/cross.jsonl"}});
  const nlohmann::json on = server.search({{"q", "حلب"}});
  const nlohmann::json off = server.search({{"q", "حلب"}, {"translit", "off"}});
  REQUIRE(off["hits"].size() == 4);
  for (const auto& hit : off["hits"]) {
    bool found = false;
    for (const auto& other : on["hits"]) {
      if (other["id"] != hit["id"]) continue;
      found = true;
      INFO(hit["id"]);
      const double added = other["score"].get<double>() - hit["score"].get<double>();
      CHECK(added >= 1000.0);
      CHECK(added < 1100.0);
    }
    CHECK(found);
  }
}

TEST_CASE("the same-script tier adds exactly kSameScriptBoost to a word's own score",
          "[integration][names]") {
  // A word's own hits weigh their translit=off score plus 1000 (the tier; none of them holds a
  // name word of the other script), whether the tier comes from the word's one stem term or, for
  // a word with several terms (a phrase), from a filter over them.
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/names/tiers.jsonl"}});
  const struct {
    const char* q;
    std::size_t own;  ///< hits with translit=off
  } cases[] = {{"Assad", 5}, {"حلب", 5}, {"\"Assad\"", 5}};
  for (const auto& c : cases) {
    SECTION(c.q) {
      const nlohmann::json on = server.search({{"q", c.q}});
      const nlohmann::json off = server.search({{"q", c.q}, {"translit", "off"}});
      REQUIRE(off["hits"].size() == c.own);
      REQUIRE(on["hits"].size() == c.own + 1);
      for (const auto& hit : off["hits"]) {
        bool found = false;
        for (const auto& other : on["hits"]) {
          if (other["id"] != hit["id"]) continue;
          found = true;
          CHECK(other["score"].get<double>() == hit["score"].get<double>() + 1000.0);
        }
        CHECK(found);
      }
      CHECK(on["hits"].back()["score"].get<double>() < 1000.0);
    }
  }
}

TEST_CASE("searchd marks names found across scripts or by alias and says they matched by name",
          "[integration][names]") {
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/names/names.jsonl"}});
  struct Case {
    std::string q;
    std::string id;                  ///< The hit checked.
    std::vector<std::string> marks;  ///< Each in its snippet.
    bool by_name;                    ///< "name" in its "matched".
  };
  const std::vector<Case> cases = {
      {"Assad", "n:ar-assad", {"<mark>الأسد</mark>"}, true},
      {"Assad", "n:en-assad", {"<mark>Assad</mark>"}, false},
      {"الأسد", "n:en-assad", {"<mark>Assad</mark>"}, true},
      {"\"Bashar al-Assad\"", "n:ar-assad", {"<mark>بشار</mark>", "<mark>الأسد</mark>"}, true},
      {"Aleppo", "n:ar-aleppo", {"<mark>حلب</mark>"}, true},  // alias
  };
  for (const auto& c : cases) {
    SECTION(c.q + " in " + c.id) {
      const auto body = server.search({{"q", c.q}});
      const nlohmann::json* hit = nullptr;
      for (const auto& h : body["hits"]) {
        if (h["id"] == c.id) hit = &h;
      }
      REQUIRE(hit != nullptr);
      const std::string snippet = (*hit)["snippet"].get<std::string>();
      INFO(snippet);
      for (const auto& mark : c.marks) CHECK(snippet.find(mark) != std::string::npos);
      const auto& matched = (*hit)["matched"];
      CHECK((std::find(matched.begin(), matched.end(), "name") != matched.end()) == c.by_name);
    }
  }
}

TEST_CASE("searchd keeps English common words out of Arabic names and the reverse",
          "[integration][names]") {
  // used and issued share الأسد's key (a leading vowel and s d), sofa سوف's and red الرياض's;
  // the index writes them in lower case, the names capitalised.
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/names/false_matches.jsonl"}});
  struct Case {
    std::string q;
    std::set<std::string> hits;
  };
  const std::vector<Case> cases = {
      {"الأسد", {"f:ar-assad", "f:en-assad"}},
      {"Assad", {"f:en-assad", "f:ar-assad"}},
      {"القذافي", {"f:ar-qaddafi", "f:en-qaddafi"}},
      {"Qaddafi", {"f:en-qaddafi", "f:ar-qaddafi"}},
      {"الغوطة", {"f:ar-ghouta", "f:en-ghouta"}},
      {"Ghouta", {"f:en-ghouta", "f:ar-ghouta"}},
      {"خاشقجي", {"f:ar-khashoggi", "f:en-khashoggi"}},
      {"Khashoggi", {"f:en-khashoggi", "f:ar-khashoggi"}},
      {"used", {"f:en-used", "f:en-used2"}},
      {"issued", {"f:en-used", "f:en-used2"}},
      {"sofa", {"f:en-sofa"}},
      {"سوف", {"f:ar-sawfa"}},
      {"red", {"f:en-sofa"}},
      {"الرياض", {"f:ar-riyadh"}},
  };
  for (const auto& c : cases) {
    SECTION(c.q) {
      const auto ids = server.ordered_ids({{"q", c.q}});
      CHECK(std::set<std::string>(ids.begin(), ids.end()) == c.hits);
    }
  }
  SECTION("no English common word is marked for an Arabic name") {
    const auto body = server.search({{"q", "الأسد"}});
    for (const auto& hit : body["hits"]) {
      const std::string snippet = hit["snippet"].get<std::string>();
      INFO(snippet);
      CHECK(snippet.find("<mark>used") == std::string::npos);
      CHECK(snippet.find("<mark>issued") == std::string::npos);
    }
  }
  SECTION("query_explained says which Latin word is no name") {
    const auto body = server.search({{"q", "red"}});
    CHECK(body["query_explained"]["query"]["not_a_name"] == "red");
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
