/// @file tests/unit/turn_passages_test.cc
/// @brief JSON Lines documents: turns located in the body as passages, SPEAKER: blocks without
///        turns, single-speaker talks, and terms of the sample transcripts.
#include <catch2/catch.hpp>

#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "indexer/jsonl_reader.h"
#include "indexer/turn_passages.h"
#include "tests/unit/reader_test_support.h"

namespace {

dalil::core::Document read_line(const nlohmann::json& object) {
  std::istringstream in(object.dump() + "\n");
  dalil::indexer::JsonlReader reader(in, "t.jsonl", {}, dalil::testing::reader_schema());
  dalil::core::Document doc;
  dalil::indexer::InputError error;
  const auto result = reader.next(doc, error);
  INFO(error.to_string());
  REQUIRE(result == dalil::indexer::JsonlReader::Result::kDocument);
  return doc;
}

std::string quoted(const dalil::core::Document& doc, std::size_t i) {
  return doc.body.substr(doc.passages[i].start, doc.passages[i].end - doc.passages[i].start);
}

}  // namespace

TEST_CASE("JSONL turns become passages covering their blocks", "[readers][turns]") {
  const nlohmann::json object = {
      {"id", "t:1"},
      {"type", "transcript"},
      {"body",
       "HEARING OF 9 MAY\n\nCOUNSEL VIDAL: Where were you?\n\nTHE WITNESS: In Tal Hamra.\nAt "
       "the clinic.\n\n(Short adjournment)\n\nCOUNSEL VIDAL: Go on."},
      {"turns",
       {{{"speaker", "COUNSEL VIDAL"},
         {"text", "Where were you?"},
         {"start", "00:01:02"},
         {"qa", "Q"}},
        {{"speaker", "THE WITNESS"},
         {"text", "In Tal Hamra.\nAt the clinic."},
         {"start", nullptr},
         {"qa", "A"}},
        {{"speaker", "NOBODY"}, {"text", "not in the body"}},
        {{"speaker", "COUNSEL VIDAL"}, {"text", "Go on."}, {"start", "1:00:00.5"}}}}};
  const auto doc = read_line(object);
  REQUIRE(doc.passages.size() == 5);
  CHECK(quoted(doc, 0) == "HEARING OF 9 MAY");
  CHECK(doc.passages[0].speaker.empty());
  CHECK(quoted(doc, 1) == "COUNSEL VIDAL: Where were you?");
  CHECK(doc.passages[1].speaker == "COUNSEL VIDAL");
  CHECK(doc.passages[1].qa == "Q");
  CHECK(doc.passages[1].start_ms == 62000u);
  CHECK(quoted(doc, 2) == "THE WITNESS: In Tal Hamra.\nAt the clinic.");
  CHECK(doc.passages[2].qa == "A");
  CHECK_FALSE(doc.passages[2].start_ms.has_value());
  CHECK(quoted(doc, 3) == "(Short adjournment)");
  CHECK(quoted(doc, 4) == "COUNSEL VIDAL: Go on.");
  CHECK(doc.passages[4].start_ms == 3600500u);
}

TEST_CASE("JSONL documents without turns", "[readers][turns]") {
  struct Case {
    const char* name;
    nlohmann::json object;
    std::vector<std::string> speakers;  ///< Of each passage.
  };
  const std::vector<Case> cases = {
      {"transcript with SPEAKER blocks",
       {{"id", "a"}, {"type", "transcript"}, {"body", "MR. A: one\n\nMS. B: two\n\nMR. A: three"}},
       {"MR. A", "MS. B", "MR. A"}},
      {"talk with one speaker",
       {{"id", "b"},
        {"type", "transcript"},
        {"speakers", {"Lina"}},
        {"body", "First sentence.\n\nSecond sentence."}},
       {"Lina"}},
      {"news is left to the indexer",
       {{"id", "c"}, {"type", "news"}, {"body", "MR. A: one\n\nMS. B: two"}},
       {}},
      {"testimony without labels and two speakers",
       {{"id", "d"}, {"type", "testimony"}, {"speakers", {"A", "B"}}, {"body", "x\n\ny"}},
       {}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto doc = read_line(c.object);
      std::vector<std::string> speakers;
      for (const auto& p : doc.passages) speakers.push_back(p.speaker);
      CHECK(speakers == c.speakers);
    }
  }
}

TEST_CASE("clock times of turns", "[readers][turns]") {
  using dalil::indexer::parse_clock_time;
  CHECK(parse_clock_time("00:00:05") == 5000u);
  CHECK(parse_clock_time("01:02:03") == 3723000u);
  CHECK(parse_clock_time("02:03") == 123000u);
  CHECK(parse_clock_time("00:00:01.250") == 1250u);
  CHECK_FALSE(parse_clock_time("").has_value());
  CHECK_FALSE(parse_clock_time("5").has_value());
  CHECK_FALSE(parse_clock_time("00:61:00").has_value());
  CHECK(parse_clock_time("75:30") == 4530000u);  // mm:ss past an hour, as players write it
  CHECK_FALSE(parse_clock_time("75:61").has_value());
  CHECK_FALSE(parse_clock_time("aa:bb:cc").has_value());
  CHECK_FALSE(parse_clock_time("00:00:05 ").has_value());
  CHECK_FALSE(parse_clock_time("9999:00:00").has_value());  // Would overflow 32 bits.
}

TEST_CASE("the sample testimony archive has a passage per turn", "[readers][turns]") {
  std::ifstream in(std::string(DALIL_SOURCE_DIR) + "/corpora/testimony.jsonl", std::ios::binary);
  REQUIRE(in);
  dalil::indexer::JsonlReader reader(in, "testimony.jsonl", {}, dalil::testing::reader_schema());
  dalil::core::Document doc;
  dalil::indexer::InputError error;
  int documents = 0;
  while (reader.next(doc, error) == dalil::indexer::JsonlReader::Result::kDocument) {
    ++documents;
    INFO(doc.id);
    const auto turns = doc.stored.find("turns");
    if (turns == doc.stored.end()) continue;
    std::size_t with_speaker = 0;
    for (const auto& p : doc.passages) with_speaker += !p.speaker.empty();
    CHECK(with_speaker == turns->size());
  }
  CHECK(documents == 18);
}

TEST_CASE("a turn's passage starts at its own paragraph, whatever the line ends",
          "[readers][turns]") {
  // Before, only "\n\n" ended a paragraph: with CRLF, a blank line holding a space, or turns on
  // consecutive lines, a turn's passage took in the text before it (and its speaker with it).
  const nlohmann::json turns = {{{"speaker", "CHAIR"}, {"text", "Welcome."}, {"start", "00:00:05"}},
                                {{"speaker", "WITNESS"}, {"text", "I saw it."}}};
  const struct {
    const char* name;
    std::string body;
    std::vector<std::pair<std::string, std::string>> passages;  ///< Text and speaker.
  } cases[] = {
      {"LF",
       "Day 1\n\nCHAIR: Welcome.\n\nWITNESS: I saw it.",
       {{"Day 1", ""}, {"CHAIR: Welcome.", "CHAIR"}, {"WITNESS: I saw it.", "WITNESS"}}},
      {"CRLF",
       "Day 1\r\n\r\nCHAIR: Welcome.\r\n\r\nWITNESS: I saw it.",
       {{"Day 1", ""}, {"CHAIR: Welcome.", "CHAIR"}, {"WITNESS: I saw it.", "WITNESS"}}},
      {"blank lines holding spaces",
       "Day 1\n \nCHAIR: Welcome.\n\t\nWITNESS: I saw it.",
       {{"Day 1", ""}, {"CHAIR: Welcome.", "CHAIR"}, {"WITNESS: I saw it.", "WITNESS"}}},
      {"consecutive lines",
       "CHAIR: Welcome.\nWITNESS: I saw it.",
       {{"CHAIR: Welcome.", "CHAIR"}, {"WITNESS: I saw it.", "WITNESS"}}},
      {"a speaker's label on a line of its own",
       "Day 1\n\nCHAIR:\nWelcome.\n\nWITNESS:\r\nI saw it.",
       {{"Day 1", ""}, {"CHAIR:\nWelcome.", "CHAIR"}, {"WITNESS:\r\nI saw it.", "WITNESS"}}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto doc =
          read_line({{"id", "t"}, {"type", "transcript"}, {"body", c.body}, {"turns", turns}});
      std::vector<std::pair<std::string, std::string>> got;
      for (std::size_t i = 0; i < doc.passages.size(); ++i)
        got.emplace_back(quoted(doc, i), doc.passages[i].speaker);
      CHECK(got == c.passages);
    }
  }
}

TEST_CASE("a turn's timecode is a time, a number of seconds, or the line is refused",
          "[readers][turns]") {
  const struct {
    nlohmann::json start;
    std::optional<uint32_t> ms;  ///< nullopt with refused: the line is refused
    bool refused;
  } cases[] = {
      {"00:01:02", 62000u, false},
      {"75:30", 4530000u, false},
      {4530.5, 4530500u, false},
      {0, 0u, false},
      {nullptr, std::nullopt, false},
      {"", std::nullopt, false},  // as null: some exporters write "" for none
      {"12.5", 12500u, false},    // seconds in a string
      {"90", 90000u, false},
      {"75:61", std::nullopt, true},
      {"soon", std::nullopt, true},
      {-3, std::nullopt, true},
      {"-1", std::nullopt, true},
      {"1e3", std::nullopt, true},
      {true, std::nullopt, true},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION("start " << c.start.dump()) {
      const nlohmann::json object = {{"id", "t"},
                                     {"body", "Q: Where?\n\nA: Here."},
                                     {"turns",
                                      {{{"speaker", "Q"}, {"text", "Where?"}},
                                       {{"speaker", "A"}, {"text", "Here."}, {"start", c.start}}}}};
      std::istringstream in(object.dump() + "\n");
      dalil::indexer::JsonlReader reader(in, "t.jsonl", {}, dalil::testing::reader_schema());
      dalil::core::Document doc;
      dalil::indexer::InputError error;
      const auto result = reader.next(doc, error);
      if (c.refused) {
        REQUIRE(result == dalil::indexer::JsonlReader::Result::kError);
        CHECK(error.to_string() ==
              "t.jsonl:1: turn 2: \"start\" is " + c.start.dump() +
                  ", not a time: write \"hh:mm:ss\", \"mm:ss\" (with .mmm if wanted) or seconds");
        continue;
      }
      REQUIRE(result == dalil::indexer::JsonlReader::Result::kDocument);
      REQUIRE(doc.passages.size() == 2);
      CHECK(doc.passages[1].start_ms == c.ms);
    }
  }
}

TEST_CASE("turns of another shape than the schema's refuse the line", "[readers][turns]") {
  // They were left out without a word, and their words went to the passage before them.
  const struct {
    const char* name;
    nlohmann::json turns;
    const char* reason;  ///< "" when the line is read
  } cases[] = {
      {"a list of objects", {{{"speaker", "Q"}, {"text", "Where?"}}}, ""},
      {"null", nullptr, ""},
      {"an empty list", nlohmann::json::array(), ""},
      {"a string", "Q: Where?", "field 'turns' must be a list of"},
      {"an object", {{"speaker", "Q"}, {"text", "Where?"}}, "field 'turns' must be a list of"},
      {"a string in the list", {"Where?"}, "turn 1: must be an object with a \"text\" string"},
      {"a turn without text",
       {{{"speaker", "Q"}, {"text", "Where?"}}, {{"speaker", "A"}}},
       "turn 2: must be an object"},
      {"a text that is a number", {{{"text", 3}}}, "turn 1: must be an object"},
      {"a speaker that is a list",
       {{{"speaker", {"Q"}}, {"text", "Where?"}}},
       "turn 1: must be an object"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const nlohmann::json object = {
          {"id", "t"}, {"body", "Q: Where?\n\nA: Here."}, {"turns", c.turns}};
      std::istringstream in(object.dump() + "\n");
      dalil::indexer::JsonlReader reader(in, "t.jsonl", {}, dalil::testing::reader_schema());
      dalil::core::Document doc;
      dalil::indexer::InputError error;
      const auto result = reader.next(doc, error);
      if (std::string(c.reason).empty()) {
        CHECK(result == dalil::indexer::JsonlReader::Result::kDocument);
        continue;
      }
      REQUIRE(result == dalil::indexer::JsonlReader::Result::kError);
      CHECK_THAT(error.to_string(),
                 Catch::Matchers::StartsWith(std::string("t.jsonl:1: ") + c.reason));
    }
  }
}
