/// @file tests/unit/fast_json_test.cc
/// @brief JsonParser against nlohmann itself: same values, same errors.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.h"
#include "indexer/fast_json.h"

namespace {

using Json = nlohmann::json;
using dalil::indexer::JsonParser;

std::string nested(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') + "1" +
         std::string(static_cast<std::size_t>(depth), ']');
}

/// What nlohmann throws for @p text ("" when it parses it).
std::string nlohmann_error(const std::string& text) {
  try {
    const Json parsed = Json::parse(text);
    static_cast<void>(parsed);
  } catch (const Json::exception& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("JsonParser reads what nlohmann reads", "[fast_json]") {
  struct Case {
    const char* name;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"document", R"({"id":"a:1","title":"عنوان","body":"نص\nالخبر","tags":["x","y"]})"},
      {"every value type", R"({"s":"t","i":-5,"u":5,"f":1.5,"t":true,"n":null,"a":[],"o":{}})"},
      {"duplicate key keeps the last value", R"({"id":"a","id":"b","x":{"k":1,"k":[2]}})"},
      {"integer beyond 64 bits becomes a double", R"({"n":123456789012345678901234567890})"},
      {"largest unsigned", R"({"n":18446744073709551615})"},
      {"one past the largest signed", R"({"n":9223372036854775808})"},
      {"smallest signed", R"({"n":-9223372036854775808})"},
      {"below the smallest signed", R"({"n":-9223372036854775809})"},
      {"minus zero", R"({"n":-0,"f":-0.0})"},
      {"exponents", R"({"a":1e5,"b":1E-3,"c":2.5e+10,"d":1.5e-400,"e":0.1})"},
      {"surrogate pair", R"({"s":"\ud83d\ude00 \uD83D\uDE00"})"},
      {"escapes", R"({"s":"\"\\\/\b\f\n\r\t\u0000\u001f\u00e9\u0627"})"},
      {"escaped key", R"({"k\u0627\n":1})"},
      {"nesting simdjson takes", "{\"a\":" + nested(1000) + "}"},
      {"white space around", " \t{ \"a\" : [ 1 , 2 ] }\t\r "},
      {"not an object", R"([{"id":"x"}])"},
      {"bare string", R"("text")"},
      {"bare number", "42"},
      {"null", "null"},
      {"DEL and non-characters kept", "{\"s\":\"\x7f\xEF\xBF\xBF\"}"},
  };
  JsonParser parser;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const Json expected = Json::parse(c.text);
      const Json got = parser.parse(c.text);
      CHECK(got == expected);
      CHECK(got.dump() == expected.dump());
      CHECK(got.type() == expected.type());
    }
  }
}

TEST_CASE("JsonParser fails where nlohmann fails with its message", "[fast_json]") {
  struct Case {
    const char* name;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"lone high surrogate", R"({"s":"\ud800"})"},
      {"lone low surrogate", R"({"s":"\udc00"})"},
      {"high surrogate before a letter", R"({"s":"\ud800\u0041"})"},
      {"NaN", R"({"n":NaN})"},
      {"Infinity", R"({"n":Infinity})"},
      {"number too large for a double", R"({"n":1E400})"},
      {"leading zero", R"({"n":01})"},
      {"dot without digits", R"({"n":1.})"},
      {"truncated literal", R"({"b":tru})"},
      {"trailing garbage", R"({"a":1} x)"},
      {"two objects", R"({"a":1}{"b":2})"},
      {"raw control character", "{\"s\":\"a\x01\"}"},
      {"raw tab in a string", "{\"s\":\"a\tb\"}"},
      {"unterminated string", R"({"s":"abc)"},
      {"unterminated object", R"({"s":"abc")"},
      {"missing value", R"({"s":})"},
      {"trailing comma", R"({"s":1,})"},
      {"single quotes", R"({'s':1})"},
      {"empty text", ""},
      {"only white space", "  \t "},
      {"bad escape", R"({"s":"\x"})"},
      {"short unicode escape", R"({"s":"\u12"})"},
  };
  JsonParser parser;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const std::string expected = nlohmann_error(c.text);
      REQUIRE_FALSE(expected.empty());
      std::string got;
      try {
        const Json parsed = parser.parse(c.text);
        static_cast<void>(parsed);
      } catch (const Json::exception& e) {
        got = e.what();
      }
      CHECK(got == expected);
    }
  }
}

TEST_CASE("JsonParser is reusable after a failure and for longer texts", "[fast_json]") {
  JsonParser parser;
  const std::vector<std::string> texts = {
      R"({"a":"short"})", R"({"a":)", "{\"a\":\"" + std::string(100000, 'x') + "\"}",
      // Over 1 MiB: read by nlohmann, good or bad.
      "{\"a\":\"" + std::string(1u << 20, 'y') + "\",\"b\":[1]}",
      "{\"a\":\"" + std::string(1u << 20, 'y') + "\",\"b\":[1}", R"({"b":[1,2,3]})"};
  for (std::size_t i = 0; i < texts.size(); ++i) {
    DYNAMIC_SECTION("text " << i) {
      const std::string expected_error = nlohmann_error(texts[i]);
      if (expected_error.empty()) {
        CHECK(parser.parse(texts[i]) == Json::parse(texts[i]));
      } else {
        CHECK_THROWS_WITH(parser.parse(texts[i]), expected_error);
      }
    }
  }
}

TEST_CASE("JsonParser refuses values nested deeper than 1024 levels", "[fast_json]") {
  // nlohmann parses and dumps recursively: 70,000 levels overflowed the indexer's stack. Short
  // texts go to simdjson first, texts over 1 MiB straight to nlohmann.
  const std::string long_pad = "\"pad\":\"" + std::string((1u << 20) + 10, 'p') + "\",";
  const struct {
    const char* name;
    std::string text;
    bool refused;
  } cases[] = {
      {"1,000 levels", "{\"a\":" + nested(1000) + "}", false},
      {"1,100 levels", "{\"a\":" + nested(1100) + "}", true},
      {"100,000 levels", "{\"a\":" + nested(100000) + "}", true},
      {"1,000 levels in a long text", "{" + long_pad + "\"a\":" + nested(1000) + "}", false},
      {"100,000 levels in a long text", "{" + long_pad + "\"a\":" + nested(100000) + "}", true},
  };
  JsonParser parser;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      if (!c.refused) {
        CHECK(parser.parse(c.text) == Json::parse(c.text));
        continue;
      }
      try {
        (void)parser.parse(c.text);
        FAIL("parsed");
      } catch (const dalil::core::Error& e) {
        CHECK(e.code() == dalil::core::ErrorCode::kBadDocument);
        CHECK(std::string(e.what()) == "JSON nested deeper than 1024 levels");
      }
    }
  }
}
