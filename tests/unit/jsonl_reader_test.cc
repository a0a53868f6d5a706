/// @file tests/unit/jsonl_reader_test.cc
/// @brief JsonlReader and document validation: good lines, blank lines, BOM, every bad-line reason.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "core/document.h"
#include "core/error.h"
#include "indexer/jsonl_reader.h"

namespace {

const dalil::core::IndexSchema kSchema = dalil::core::IndexSchema::defaults();

using dalil::core::Document;
using dalil::core::DocumentLimits;
using dalil::indexer::InputError;
using dalil::indexer::JsonlReader;
using Result = JsonlReader::Result;

/// One thing the reader returns: a document with this id, or an error on this line.
struct Outcome {
  bool is_error;
  std::string id;      ///< For documents.
  uint64_t line = 0;   ///< For errors.
  std::string reason;  ///< For errors: the exact reason, or its start when prefix is set.
  bool prefix = false;
};

Outcome doc(std::string id) {
  return {false, std::move(id), 0, {}, false};
}
Outcome error(uint64_t line, std::string reason, bool prefix = false) {
  return {true, {}, line, std::move(reason), prefix};
}

std::string good_line(const std::string& id) {
  return R"({"id":")" + id + R"(","title":"t","body":"some body text"})";
}

/// Reads all of @p input and checks it against @p expected, then the end and bytes_read().
void check_outcomes(const std::string& input, const std::string& path, const DocumentLimits& limits,
                    const std::vector<Outcome>& expected) {
  std::istringstream in(input);
  JsonlReader reader(in, path, limits, kSchema);
  CHECK(reader.path() == path);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Outcome& want = expected[i];
    INFO("outcome " << i + 1 << ": "
                    << (want.is_error ? "error: " + want.reason : "doc " + want.id));
    Document document;
    InputError err;
    const Result result = reader.next(document, err);
    if (!want.is_error) {
      INFO("got error " << err.to_string());
      REQUIRE(result == Result::kDocument);
      CHECK(document.id == want.id);
      continue;
    }
    REQUIRE(result == Result::kError);
    CHECK(err.path == path);
    CHECK(err.line == want.line);
    if (want.prefix) {
      CHECK_THAT(err.reason, Catch::Matchers::StartsWith(want.reason));
    } else {
      CHECK(err.reason == want.reason);
    }
    CHECK(err.to_string() == path + ":" + std::to_string(want.line) + ": " + err.reason);
  }
  Document document;
  InputError err;
  CHECK(reader.next(document, err) == Result::kEnd);
  CHECK(reader.bytes_read() == input.size());
}

/// The one document of the JSON line @p line (the test fails unless the reader takes it).
Document read_one(const std::string& line) {
  std::istringstream in(line);
  JsonlReader reader(in, "<stdin>", DocumentLimits{}, kSchema);
  Document d;
  InputError err;
  const Result result = reader.next(d, err);
  INFO(err.to_string());
  REQUIRE(result == Result::kDocument);
  return d;
}

}  // namespace

TEST_CASE("JsonlReader reads every schema field and keeps the others", "[jsonl_reader]") {
  const std::string line =
      R"({"id":"sample:news-ar-002","title":"اجتماع الأمم المتحدة","body":"نص\nالخبر",)"
      R"("date":"2021-03-14T09:30:00+02:00","lang":"ar","source":"Al-Sahel News",)"
      R"("type":"news","category":"politics","url":"https://example.org/a","place":"Marsa Nour",)"
      R"("speakers":["Huda Mansour","Karim Saleh"],"tags":["un","\u0627"],"turns":[{"n":1,"text":"نص"}],)"
      R"("extra_null":null})";
  std::istringstream in(line + "\n");
  JsonlReader reader(in, "corpora/news.jsonl", DocumentLimits{}, kSchema);
  Document d;
  InputError err;
  REQUIRE(reader.next(d, err) == Result::kDocument);
  CHECK(d.id == "sample:news-ar-002");
  CHECK(d.title == "اجتماع الأمم المتحدة");
  CHECK(d.body == "نص\nالخبر");  // JSON escapes decoded.
  REQUIRE(d.date.has_value());
  CHECK(d.date->local_key() == "2021-03-14");
  CHECK(d.date->precision == dalil::core::DatePrecision::kTime);
  CHECK(d.date->utc_offset_minutes == 120);
  CHECK(d.lang == "ar");
  CHECK(d.source == "Al-Sahel News");
  CHECK(d.type == "news");
  CHECK(d.category == "politics");
  CHECK(d.url == "https://example.org/a");
  CHECK(d.place == "Marsa Nour");
  CHECK(d.speakers == std::vector<std::string>{"Huda Mansour", "Karim Saleh"});
  // The stored object is the whole input, unknown fields included, equal to the parsed line.
  CHECK(d.stored == nlohmann::json::parse(line));
  CHECK(d.stored.at("tags") == nlohmann::json::array({"un", "ا"}));
  CHECK(d.stored.at("turns").at(0).at("n") == 1);
  CHECK(d.stored.contains("extra_null"));
  CHECK(reader.next(d, err) == Result::kEnd);
}

TEST_CASE("JsonlReader reads JSON as nlohmann reads it", "[jsonl_reader]") {
  // Lines simdjson reads differently or not at all (indexer/fast_json.h): the document and its
  // stored object are what nlohmann's parser gives.
  struct Case {
    const char* name;
    std::string line;
    std::string id;
    std::string body;
  };
  // (1,000 levels still read: simdjson's limit and Dalil's; deeper is a bad line, below.)
  const std::string deep = std::string(1000, '[') + std::string(1000, ']');
  const std::vector<Case> cases = {
      {"a key given twice keeps its last value", R"({"id":"a","body":"b","id":"c"})", "c", "b"},
      {"integer beyond 64 bits", R"({"id":"a","body":"b","n":123456789012345678901234567890})", "a",
       "b"},
      {"largest unsigned integer", R"({"id":"a","body":"b","n":18446744073709551615})", "a", "b"},
      {"nesting 1,000 deep", R"({"id":"a","body":"b","x":)" + deep + "}", "a", "b"},
      {"surrogate pair escape", R"({"id":"a","body":"\ud83d\ude00 \u0627"})", "a",
       "\xF0\x9F\x98\x80 \xD8\xA7"},
      {"escaped NUL and controls", R"({"id":"a","body":"x\u0000y\u001f\t"})", "a",
       std::string("x\0y\x1f\t", 5)},
      {"minus zero and exponents", R"({"id":"a","body":"b","n":[-0,-0.0,1e5,1.5e-400]})", "a", "b"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const Document d = read_one(c.line);
      CHECK(d.id == c.id);
      CHECK(d.body == c.body);
      const nlohmann::json expected = nlohmann::json::parse(c.line);
      CHECK(d.stored == expected);
      CHECK(d.stored.dump() == expected.dump());
    }
  }
}

TEST_CASE("JsonlReader accepts optional fields absent or null or empty", "[jsonl_reader]") {
  struct Case {
    const char* name;
    std::string line;
    std::string expected_date_key;  ///< "" for no date.
  };
  const std::vector<Case> cases = {
      {"only id and body", R"({"id":"a","body":"b"})", ""},
      {"nulls", R"({"id":"a","body":"b","title":null,"date":null,"lang":null,"speakers":null})",
       ""},
      {"empty date string means no date", R"({"id":"a","body":"b","date":""})", ""},
      {"empty body is allowed", R"({"id":"a","body":""})", ""},
      {"year date", R"({"id":"a","body":"b","date":"2011"})", "2011"},
      {"month date", R"({"id":"a","body":"b","date":"2018-05"})", "2018-05"},
      {"leap day", R"({"id":"a","body":"b","date":"2020-02-29"})", "2020-02-29"},
      {"empty speakers list", R"({"id":"a","body":"b","speakers":[]})", ""},
      {"spaces around the object", "  \t{\"id\":\"a\",\"body\":\"b\"}  ", ""},
      {"id of exactly 240 bytes", R"({"id":")" + std::string(240, 'i') + R"(","body":"b"})", ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const Document d = read_one(c.line);
      CHECK(d.title.empty());
      CHECK(d.lang.empty());
      CHECK(d.speakers.empty());
      CHECK((d.date ? d.date->local_key() : std::string()) == c.expected_date_key);
    }
  }
}

TEST_CASE("JsonlReader skips blank lines and accepts a BOM on line 1", "[jsonl_reader]") {
  struct Case {
    const char* name;
    std::string input;
    std::vector<Outcome> expected;
  };
  const std::string bom = "\xEF\xBB\xBF";
  const std::vector<Case> cases = {
      {"empty input", "", {}},
      {"only blank lines", "\n  \n\t\n\r\n", {}},
      {"blank lines between",
       good_line("a") + "\n\n   \n" + good_line("b") + "\n",
       {doc("a"), doc("b")}},
      {"CRLF lines", good_line("a") + "\r\n\r\n" + good_line("b") + "\r\n", {doc("a"), doc("b")}},
      {"last line without newline", good_line("a") + "\n" + good_line("b"), {doc("a"), doc("b")}},
      {"BOM on line 1", bom + good_line("a") + "\n" + good_line("b") + "\n", {doc("a"), doc("b")}},
      {"BOM alone on line 1 is a blank line", bom + "\n" + good_line("a") + "\n", {doc("a")}},
      // The byte is counted in the line as written, BOM included.
      {"BOM on line 1, then invalid UTF-8",
       bom + "{\"id\":\"x\",\"body\":\"\xFF\"}\n" + good_line("a"),
       {error(1, "invalid UTF-8 at byte 22 of the line"), doc("a")}},
      {"line numbers count blank lines",
       "\n\n" + good_line("a") + "\n\n{broken\n",
       {doc("a"), error(5, "invalid JSON at column ", true)}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      check_outcomes(c.input, "<stdin>", DocumentLimits{}, c.expected);
    }
  }
}

TEST_CASE("JsonlReader reports every kind of bad line and goes on", "[jsonl_reader]") {
  struct Case {
    const char* name;
    std::string line;
    std::string reason;
    bool prefix = false;
  };
  DocumentLimits limits;
  limits.max_body_bytes = 64;
  const std::vector<Case> cases = {
      // Broken JSON: the reason keeps nlohmann's column and description, not its prefix.
      {"missing value", R"({"id":"x","body":})", "invalid JSON at column 18: syntax error", true},
      {"unterminated object", R"({"id":"x","body":"b")", "invalid JSON at column ", true},
      {"unterminated string", R"({"id":"x","body":"b)", "invalid JSON at column ", true},
      {"trailing garbage", R"({"id":"x","body":"b"} z)", "invalid JSON at column ", true},
      {"two objects on one line", R"({"id":"x","body":"b"}{"id":"y","body":"b"})",
       "invalid JSON at column ", true},
      {"single quotes", R"({'id':'x','body':'b'})", "invalid JSON at column ", true},
      {"lone surrogate escape", R"({"id":"x","body":"\ud800"})", "invalid JSON at column ", true},
      {"NaN", R"({"id":"x","body":"b","n":NaN})", "invalid JSON at column ", true},
      // Valid JSON whose number no double holds: the line is bad, the run goes on.
      {"number overflow", R"({"id":"x","body":"b","n":1E400})",
       "invalid JSON: number overflow parsing '1E400'"},
      {"bare word", "hello", "invalid JSON at column ", true},
      // Valid JSON that is not an object.
      {"array", R"([{"id":"x","body":"b"}])", "line is not a JSON object"},
      {"number", "42", "line is not a JSON object"},
      {"string", R"("text")", "line is not a JSON object"},
      {"null", "null", "line is not a JSON object"},
      // id.
      {"missing id", R"({"body":"b"})", "missing field 'id'"},
      {"null id", R"({"id":null,"body":"b"})", "missing field 'id'"},
      {"id a number", R"({"id":7,"body":"b"})", "field 'id' must be a string"},
      {"id a list", R"({"id":["x"],"body":"b"})", "field 'id' must be a string"},
      {"empty id", R"({"id":"","body":"b"})", "field 'id' is empty"},
      {"id of 241 bytes", R"({"id":")" + std::string(241, 'i') + R"(","body":"b"})",
       "field 'id' is longer than 240 bytes"},
      {"id of 121 Arabic letters (242 bytes)",
       [] {
         std::string id;
         for (int i = 0; i < 121; ++i) id += "ب";
         return R"({"id":")" + id + R"(","body":"b"})";
       }(),
       "field 'id' is longer than 240 bytes"},
      // body.
      {"missing body", R"({"id":"x"})", "missing field 'body'"},
      {"null body", R"({"id":"x","body":null})", "missing field 'body'"},
      {"body a number", R"({"id":"x","body":5})", "field 'body' must be a string"},
      {"body an object", R"({"id":"x","body":{"text":"b"}})", "field 'body' must be a string"},
      {"body over the limit", R"({"id":"x","body":")" + std::string(65, 'b') + R"("})",
       "field 'body' is 65 bytes, over the limit of 64"},
      // UTF-8: the byte is 1-based within the line.
      {"invalid byte 0xFF", "{\"id\":\"x\",\"body\":\"a\xFF\"}",
       "invalid UTF-8 at byte 20 of the line"},
      {"truncated sequence", "{\"id\":\"x\xD8\",\"body\":\"b\"}",
       "invalid UTF-8 at byte 9 of the line"},
      {"overlong slash", "{\"id\":\"x\",\"body\":\"\xC0\xAF\"}",
       "invalid UTF-8 at byte 19 of the line"},
      {"UTF-16 surrogate", "{\"id\":\"x\",\"body\":\"\xED\xA0\x80\"}",
       "invalid UTF-8 at byte 19 of the line"},
      {"invalid UTF-8 outside strings", "\xFE{\"id\":\"x\",\"body\":\"b\"}",
       "invalid UTF-8 at byte 1 of the line"},
      // date.
      {"impossible date", R"({"id":"x","body":"b","date":"2021-02-30"})",
       R"(field 'date' is not an ISO 8601 date: "2021-02-30")"},
      {"date in words", R"({"id":"x","body":"b","date":"yesterday"})",
       R"(field 'date' is not an ISO 8601 date: "yesterday")"},
      {"date with slashes", R"({"id":"x","body":"b","date":"2021/03/14"})",
       R"(field 'date' is not an ISO 8601 date: "2021/03/14")"},
      {"month 13", R"({"id":"x","body":"b","date":"2021-13"})",
       R"(field 'date' is not an ISO 8601 date: "2021-13")"},
      {"date a number", R"({"id":"x","body":"b","date":2021})",
       "field 'date' must be a string or null"},
      // Other string fields.
      {"title a number", R"({"id":"x","body":"b","title":5})",
       "field 'title' must be a string or null"},
      {"title a list", R"({"id":"x","body":"b","title":["t"]})",
       "field 'title' must be a string or null"},
      {"lang a boolean", R"({"id":"x","body":"b","lang":true})",
       "field 'lang' must be a string or null"},
      {"source an object", R"({"id":"x","body":"b","source":{}})",
       "field 'source' must be a string or null"},
      {"type a number", R"({"id":"x","body":"b","type":1})",
       "field 'type' must be a string or null"},
      {"category a number", R"({"id":"x","body":"b","category":1})",
       "field 'category' must be a string or null"},
      {"url a number", R"({"id":"x","body":"b","url":1})", "field 'url' must be a string or null"},
      {"place a list", R"({"id":"x","body":"b","place":["p"]})",
       "field 'place' must be a string or null"},
      // speakers.
      {"speakers a string", R"({"id":"x","body":"b","speakers":"Huda"})",
       "field 'speakers' must be a list of strings"},
      {"speakers with a number", R"({"id":"x","body":"b","speakers":["Huda",1]})",
       "field 'speakers' must be a list of strings"},
      {"speakers with null", R"({"id":"x","body":"b","speakers":[null]})",
       "field 'speakers' must be a list of strings"},
      {"speakers an object", R"({"id":"x","body":"b","speakers":{"a":"b"}})",
       "field 'speakers' must be a list of strings"},
      // The line itself: longer than six times the body limit plus 1 MiB is refused unread.
      {"line over the length limit",
       R"({"id":"x","body":")" + std::string((1u << 20) + 1000, 'b') + R"("})",
       "line is longer than the limit for one document (1.0 MiB: six times --max-body-mb, and 1 "
       "MiB)"},
      // nlohmann parses and dumps recursively: a deeper value would overflow the stack.
      {"nested deeper than 1024 levels",
       R"({"id":"x","body":"b","deep":)" + std::string(100000, '[') + std::string(100000, ']') +
           "}",
       "JSON nested deeper than 1024 levels"},
  };
  const std::vector<std::string> paths = {"<stdin>", "archive/news.jsonl"};
  for (const auto& c : cases) {
    for (const auto& path : paths) {
      DYNAMIC_SECTION(c.name << " in " << path) {
        // Good line 1, blank line 2, the bad line 3, good line 4.
        const std::string input = good_line("before") + "\n\n" + c.line + "\n" + good_line("after");
        check_outcomes(input, path, limits,
                       {doc("before"), error(3, c.reason, c.prefix), doc("after")});
      }
    }
  }
}

TEST_CASE("JsonlReader reports several bad lines with their own numbers", "[jsonl_reader]") {
  const std::string input = "[]\n" + good_line("a") + "\n{\"id\":1,\"body\":\"b\"}\n\n" +
                            good_line("b") + "\r\n{\"id\":\"c\"}\r\n" + good_line("c");
  check_outcomes(
      input, "<stdin>", DocumentLimits{},
      {error(1, "line is not a JSON object"), doc("a"), error(3, "field 'id' must be a string"),
       doc("b"), error(6, "missing field 'body'"), doc("c")});
}

TEST_CASE("InputError::to_string names the path and the line", "[jsonl_reader]") {
  struct Case {
    InputError error;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{"<stdin>", 12, "missing field 'id'"}, "<stdin>:12: missing field 'id'"},
      {{"a/b.jsonl", 1, "bad"}, "a/b.jsonl:1: bad"},
      {{"a/b.jsonl", 0, "cannot be read"}, "a/b.jsonl: cannot be read"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.expected) {
      CHECK(c.error.to_string() == c.expected);
    }
  }
}

TEST_CASE("document_from_json throws kBadDocument", "[jsonl_reader]") {
  struct Case {
    const char* json;
    const char* reason;
  };
  const std::vector<Case> cases = {
      {R"([])", "line is not a JSON object"},
      {R"({"id":"x"})", "missing field 'body'"},
      {R"({"id":"x","body":"b","speakers":[1]})", "field 'speakers' must be a list of strings"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.json) {
      try {
        dalil::core::document_from_json(nlohmann::json::parse(c.json), DocumentLimits{}, kSchema);
        FAIL("no exception");
      } catch (const dalil::core::Error& e) {
        CHECK(e.code() == dalil::core::ErrorCode::kBadDocument);
        CHECK(std::string(e.what()) == c.reason);
      }
    }
  }
}
