/// @file tests/integration/matching_test.cc
/// @brief Matching modes through a real dalil-index and dalil-searchd: default, "phrase", =exact
/// and
///        exact=true, with each hit's "matched" list; diacritics, hamza seats, loanword spellings
///        and compounds.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "tests/support/live_server.h"
#include "tests/support/paths.h"

namespace {

using dalil::testing::kTestData;
using dalil::testing::LiveServer;
using Matched = std::map<std::string, std::vector<std::string>>;  // id -> "matched"

const std::vector<std::string> kStem = {"stem"};
const std::vector<std::string> kExact = {"exact"};
// A spelling equal to its normalised word is found through the word term, filtered by spelling.
const std::vector<std::string> kPlainExact = {"word", "exact"};
const std::vector<std::string> kPhrase = {"word", "phrase"};
const std::vector<std::string> kExactPhrase = {"word", "phrase", "exact"};

}  // namespace

TEST_CASE("exact mode and matched modes over HTTP", "[integration][matching]") {
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/matching/matching.jsonl"}});
  struct Case {
    std::string label;
    std::string q;
    bool exact;  ///< exact=true for the whole query
    Matched hits;
  };
  const std::vector<Case> cases = {
      // Diacritics: default mode ignores them, exact mode keeps them.
      {"plain finds vowelled",
       "سوريا",
       false,
       {{"m:syria-plain", kStem}, {"m:syria-vowelled", kStem}}},
      {"vowelled finds plain",
       "سُورِيَا",
       false,
       {{"m:syria-plain", kStem}, {"m:syria-vowelled", kStem}}},
      {"=plain", "=سوريا", false, {{"m:syria-plain", kPlainExact}}},
      {"=vowelled", "=سُورِيَا", false, {{"m:syria-vowelled", kExact}}},
      {"exact=true plain", "سوريا", true, {{"m:syria-plain", kPlainExact}}},
      {"exact=true vowelled", "سُورِيَا", true, {{"m:syria-vowelled", kExact}}},
      // Hamza seats: ؤ and ئ meet in default mode, not in exact mode.
      {"Levantine seat",
       "مسؤول",
       false,
       {{"m:official-levantine", kStem}, {"m:official-egyptian", kStem}}},
      {"Egyptian seat",
       "مسئول",
       false,
       {{"m:official-levantine", kStem}, {"m:official-egyptian", kStem}}},
      {"=Levantine seat", "=مسؤول", false, {{"m:official-levantine", kExact}}},
      {"=Egyptian seat", "=مسئول", false, {{"m:official-egyptian", kExact}}},
      {"exact=true Egyptian seat", "مسئول", true, {{"m:official-egyptian", kExact}}},
      {"seat-less spelling is another word", "مسوول", false, {}},
      // A seat drawn as a dotless yeh before the hamza (ىء) is ئ.
      {"seat", "الطوارئ", false, {{"m:emergency-seat", kStem}, {"m:emergency-dotless", kStem}}},
      {"dotless seat",
       "الطوارىء",
       false,
       {{"m:emergency-seat", kStem}, {"m:emergency-dotless", kStem}}},
      {"=seat", "=الطوارئ", false, {{"m:emergency-seat", kExact}}},
      {"=dotless seat", "=الطوارىء", false, {{"m:emergency-dotless", kExact}}},
      // Loanword spellings meet at full weight in default mode, not in exact mode.
      {"Trump short", "ترمب", false, {{"m:trump-long", kStem}, {"m:trump-short", kStem}}},
      {"Trump long", "ترامب", false, {{"m:trump-long", kStem}, {"m:trump-short", kStem}}},
      {"=Trump short", "=ترمب", false, {{"m:trump-short", kExact}}},
      {"exact=true Trump long", "ترامب", true, {{"m:trump-long", kPlainExact}}},
      {"chemical with hamza",
       "الكيميائية",
       false,
       {{"m:chemical-hamza", kStem}, {"m:chemical-waw", kStem}}},
      {"phrase with loanword",
       "\"الأسلحة الكيماوية\"",
       false,
       {{"m:chemical-hamza", kPhrase}, {"m:chemical-waw", kPhrase}}},
      {"=phrase with loanword",
       "=\"الأسلحة الكيماوية\"",
       false,
       {{"m:chemical-waw", kExactPhrase}}},
      // A compound in one word or two.
      {"compound one word",
       "فيسبوك",
       false,
       {{"m:facebook-one", kStem}, {"m:facebook-two", kStem}}},
      {"compound two words",
       "\"فيس بوك\"",
       false,
       {{"m:facebook-one", kPhrase}, {"m:facebook-two", kPhrase}}},
      {"compound two words unquoted",
       "فيس بوك",
       false,
       {{"m:facebook-one", kStem}, {"m:facebook-two", kStem}}},
      {"compound two words exact=true", "فيس بوك", true, {{"m:facebook-two", kExact}}},
      {"=compound one word", "=فيسبوك", false, {{"m:facebook-one", kPlainExact}}},
      {"=compound two words", "=\"فيس بوك\"", false, {{"m:facebook-two", kExactPhrase}}},
      // Phrases: hamza and clitics in default mode; the spelling as written in exact mode.
      {"phrase", "\"الامم المتحدة\"", false, {{"m:un-plain", kPhrase}, {"m:un-clitic", kPhrase}}},
      {"=phrase", "=\"الأمم المتحدة\"", false, {{"m:un-plain", kExactPhrase}}},
      {"=phrase without hamza", "=\"الامم المتحدة\"", false, {}},
      {"exact=true phrase", "\"الأمم المتحدة\"", true, {{"m:un-plain", kExactPhrase}}},
      {"=clitic", "=بالأمم", false, {{"m:un-clitic", kExact}}},
  };
  for (const auto& c : cases) {
    SECTION(c.label) {
      INFO("q: " << c.q << (c.exact ? " exact=true" : ""));
      httplib::Params params{{"q", c.q}, {"size", "100"}};
      if (c.exact) params.emplace("exact", "true");
      const auto body = server.search(params);
      Matched got;
      for (const auto& hit : body["hits"]) {
        got[hit["id"].get<std::string>()] = hit["matched"].get<std::vector<std::string>>();
      }
      CHECK(got == c.hits);
    }
  }
}

TEST_CASE("loanword spellings rank at full weight, not as aliases", "[integration][matching]") {
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/matching/matching.jsonl"}});
  // The two documents have the same length (each one word whose spelling normalisation changes),
  // so either spelling gives both the same score; an alias (weight 0.4) would rank the typed
  // spelling far above the other.
  for (const std::string q : {"ترمب", "ترامب"}) {
    SECTION(q) {
      const auto body = server.search({{"q", q}});
      REQUIRE(body["hits"].size() == 2);
      const double first = body["hits"][0]["score"].get<double>();
      const double second = body["hits"][1]["score"].get<double>();
      CHECK(second == Approx(first).epsilon(0.001));
    }
  }
}
