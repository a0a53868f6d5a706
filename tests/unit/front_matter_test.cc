/// @file tests/unit/front_matter_test.cc
/// @brief Front matter of Markdown and text files: fields, lists, quoting, malformed blocks.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "indexer/format_error.h"
#include "indexer/front_matter.h"
#include "tests/unit/reader_test_support.h"

namespace {

using dalil::indexer::FormatError;
using dalil::indexer::parse_front_matter;

}  // namespace

TEST_CASE("Markdown with front matter indexes the body and the metadata",
          "[readers][front_matter]") {
  const auto doc = dalil::testing::read_format_file("good/field-notes.md");
  CHECK(doc.id == "sample:field-notes-007");
  CHECK(doc.title == "Field notes: the Ain al-Tin well");
  REQUIRE(doc.date.has_value());
  CHECK(doc.date->local_key() == "2021-06-02");
  CHECK(doc.source == "Dalil Witness Project");
  CHECK(doc.type == "report");
  CHECK(doc.place == "Ain al-Tin");
  CHECK(doc.speakers == std::vector<std::string>{"Omar Khatib"});
  CHECK(doc.stored.at("tags") == nlohmann::json::array({"water", "Wadi Sahel"}));
  CHECK(doc.format == "markdown");
  CHECK(doc.body.starts_with("# Field notes\n\nThe well"));
  dalil::testing::check_terms(doc, {"diesel", "farmers", "laboratory", "well", "Ain"},
                              {"comment", "ignored", "tags", "speakers"});
}

TEST_CASE("front matter values are read in the YAML subset", "[readers][front_matter]") {
  struct Case {
    const char* name;
    std::string text;
    nlohmann::json fields;
    std::string rest;  ///< The text after the block.
  };
  const std::vector<Case> cases = {
      {"no front matter", "# Title\n", nlohmann::json::object(), "# Title\n"},
      {"quotes and comments",
       "---\ntitle: 'It''s \"quoted\"'\nplace: Iblin # a comment\nnote: \"a\\\"b\"\n---\nbody",
       {{"title", "It's \"quoted\""}, {"place", "Iblin"}, {"note", "a\"b"}},
       "body"},
      {"inline and block lists",
       "---\ntags: [a, 'b, c']\nspeakers:\n  - X\n  - \"Y\"\n...\n",
       {{"tags", {"a", "b, c"}}, {"speakers", {"X", "Y"}}},
       ""},
      {"empty block", "---\n---\nbody", nlohmann::json::object(), "body"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto fm = parse_front_matter(c.text);
      CHECK(fm.fields == c.fields);
      CHECK(c.text.substr(fm.body_offset) == c.rest);
    }
  }
}

TEST_CASE("malformed front matter is refused with its line", "[readers][front_matter]") {
  struct Case {
    const char* name;
    std::string text;
    uint64_t line;
    std::string reason_start;
  };
  const std::vector<Case> cases = {
      {"not closed", "---\ntitle: x\n\nbody text\n", 1, "front matter is not closed"},
      {"line without colon", "---\ntitle x\n---\n", 2, "front matter line is not 'key: value'"},
      {"nested map", "---\nauthor:\n  name: x\n---\n", 3, "nested front matter"},
      {"flow map", "---\nauthor: {name: x}\n---\n", 2, "nested front matter"},
      {"list item without key", "---\n- x\n---\n", 2, "front matter list item without a key"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      try {
        parse_front_matter(c.text);
        FAIL("no error");
      } catch (const FormatError& e) {
        CHECK(e.line() == c.line);
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith(c.reason_start));
      }
    }
  }
}
