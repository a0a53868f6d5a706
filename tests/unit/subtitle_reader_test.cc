/// @file tests/unit/subtitle_reader_test.cc
/// @brief SRT and WebVTT: indexed terms, timecodes, voices, cue grouping and malformed files.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "indexer/format_error.h"
#include "indexer/subtitle_reader.h"
#include "tests/unit/reader_test_support.h"

namespace {

using dalil::indexer::Cue;
using dalil::indexer::FormatError;
using dalil::indexer::group_cues;
using dalil::indexer::parse_srt;
using dalil::indexer::parse_webvtt;

}  // namespace

TEST_CASE("subtitle readers index cue text and not tags or notes", "[readers][subtitles]") {
  struct Case {
    const char* file;
    std::vector<std::string> must;
    std::vector<std::string> must_not;
  };
  const std::vector<Case> cases = {
      {"good/witness-saleh.srt",
       {"ambulance", "Marsa", "nineteen", "wounded", "convoy", "port", "Branch"},
       {"font", "color", "ffff00", "an8", "amp", "000", "00", "800"}},
      {"good/interview-hanan.vtt",
       {"السمك", "مرسى", "أختي", "الانفجار", "شباط"},
       {"سرية", "ملاحظة", "loud", "cue", "fred", "width", "align", "position", "intro", "WEBVTT",
        "v", "c", "المحاور", "حنان", "مقابلة"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.file) {
      const auto doc = dalil::testing::read_format_file(c.file);
      dalil::testing::check_terms(doc, c.must, c.must_not);
    }
  }
}

TEST_CASE("an SRT file becomes passages with speakers and timecodes", "[readers][subtitles]") {
  const auto doc = dalil::testing::read_format_file("good/witness-saleh.srt");
  CHECK(doc.format == "srt");
  CHECK(doc.type == "transcript");
  CHECK(doc.id == "file:good/witness-saleh.srt");
  CHECK(doc.speakers == std::vector<std::string>{"KARIM SALEH", "INTERVIEWER"});
  struct Want {
    std::string speaker;
    uint32_t start_ms, end_ms;
    std::string text;
  };
  // Cue 2 has no label and stays with Karim Saleh; the empty cue 3 is dropped; the 11 s pause
  // and the change of speaker start new passages.
  const std::vector<Want> want = {
      {"KARIM SALEH", 1200, 8500,
       "KARIM SALEH: I drove the ambulance\nfrom Iblin to Marsa Nour that night.\nWe counted "
       "nineteen wounded at the checkpoint."},
      {"INTERVIEWER", 20000, 23250, "INTERVIEWER: Who stopped the convoy?"},
      {"KARIM SALEH", 23400, 27000, "KARIM SALEH: Soldiers from Branch 9 & the port police."},
  };
  REQUIRE(doc.passages.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& p = doc.passages[i];
    INFO("passage " << i);
    CHECK(p.speaker == want[i].speaker);
    CHECK(p.start_ms == want[i].start_ms);
    CHECK(p.end_ms == want[i].end_ms);
    CHECK(doc.body.substr(p.start, p.end - p.start) == want[i].text);
  }
}

TEST_CASE("a WebVTT file takes speakers from voice tags, also several in one cue",
          "[readers][subtitles]") {
  const auto doc = dalil::testing::read_format_file("good/interview-hanan.vtt");
  CHECK(doc.format == "webvtt");
  CHECK(doc.lang == "ar");
  REQUIRE(doc.passages.size() == 3);
  CHECK(doc.passages[0].speaker == "المحاور");
  CHECK(doc.passages[0].start_ms == 500);
  CHECK(doc.passages[1].speaker == "حنان");
  CHECK(doc.passages[1].start_ms == 4200);
  CHECK(doc.body.substr(doc.passages[1].start, doc.passages[1].end - doc.passages[1].start) ==
        "كنت في سوق السمك في مرسى النور\nمع أختي\nسمعنا صوت الطائرة ثم الانفجار الأول.");
  CHECK(doc.passages[2].speaker == "المحاور");
  CHECK(doc.passages[2].start_ms == 10000);
  CHECK(doc.speakers == std::vector<std::string>{"المحاور", "حنان"});
}

TEST_CASE("subtitle timecodes are read in both syntaxes", "[readers][subtitles]") {
  struct Case {
    const char* name;
    std::string text;
    bool vtt;
    uint32_t start_ms, end_ms;
  };
  const std::vector<Case> cases = {
      {"srt comma", "1\n01:02:03,456 --> 01:02:04,000\nx\n", false, 3723456, 3724000},
      {"srt dot and no index", "00:00:01.5 --> 00:00:02.25\nx\n", false, 1500, 2250},
      {"srt long hours", "7\n100:00:00,000 --> 100:00:01,000\nx\n", false, 360000000, 360001000},
      {"srt with coordinates", "1\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20\nx\n", false, 1000,
       2000},
      {"vtt without hours", "WEBVTT\n\n00:01.000 --> 00:02.500\nx\n", true, 1000, 2500},
      {"vtt with hours and settings",
       "WEBVTT\n\n01:00:00.000 --> 01:00:01.000 line:0 align:end\nx\n", true, 3600000, 3601000},
      {"vtt with crlf and bom", "\xEF\xBB\xBFWEBVTT\r\n\r\nid\r\n00:00.100 --> 00:00.200\r\nx\r\n",
       true, 100, 200},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto cues = c.vtt ? parse_webvtt(c.text) : parse_srt(c.text);
      REQUIRE(cues.size() == 1);
      CHECK(cues[0].start_ms == c.start_ms);
      CHECK(cues[0].end_ms == c.end_ms);
      CHECK(cues[0].text == "x");
    }
  }
}

TEST_CASE("malformed subtitles are refused with the line and the reason", "[readers][subtitles]") {
  struct Case {
    const char* name;
    std::string text;
    bool vtt;
    uint64_t line;
    std::string reason_start;
  };
  const std::vector<Case> cases = {
      {"srt arrow broken", "1\n00:00:01,000 -> 00:00:02,000\nx\n", false, 2, "invalid timecode"},
      {"srt minutes out of range", "1\n00:61:01,000 --> 00:62:02,000\nx\n", false, 2,
       "invalid timecode"},
      {"srt end before start", "1\n00:00:05,000 --> 00:00:02,000\nx\n", false, 2,
       "invalid timecode"},
      {"srt letters in timecode", "1\n00:0x:01,000 --> 00:00:02,000\nx\n", false, 2,
       "invalid timecode"},
      {"srt block without timing", "1\n00:00:01,000 --> 00:00:02,000\nx\n\nhello there\n", false, 5,
       "expected a cue number or a timing line"},
      {"srt only empty cues", "1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n", false, 0,
       "no cue with text"},
      {"srt empty file", "", false, 0, "no cue with text"},
      {"vtt without header", "00:01.000 --> 00:02.000\nx\n", true, 1, "missing WEBVTT header"},
      {"vtt header glued to text", "WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", true, 1,
       "missing WEBVTT header"},
      {"vtt comma in timecode", "WEBVTT\n\n00:01,000 --> 00:02.000\nx\n", true, 3,
       "invalid timecode"},
      {"vtt two digit millis", "WEBVTT\n\n00:01.00 --> 00:02.000\nx\n", true, 3,
       "invalid timecode"},
      {"vtt cue without timing", "WEBVTT\n\nhello\nworld\n", true, 3, "expected a cue timing line"},
      {"vtt only notes and empty cues", "WEBVTT\n\nNOTE x\n\n00:01.000 --> 00:02.000\n<v A></v>\n",
       true, 0, "no cue with text"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      try {
        if (c.vtt) {
          parse_webvtt(c.text);
        } else {
          parse_srt(c.text);
        }
        FAIL("no error");
      } catch (const FormatError& e) {
        CHECK(e.line() == c.line);
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith(c.reason_start));
      }
    }
  }
}

TEST_CASE("cues are grouped by speaker, pause and length", "[readers][subtitles]") {
  auto cue = [](uint32_t start, uint32_t end, std::string speaker, std::string text) {
    Cue c;
    c.start_ms = start;
    c.end_ms = end;
    c.speaker = std::move(speaker);
    c.text = std::move(text);
    return c;
  };
  const std::string sentence(100, 'a');
  struct Case {
    const char* name;
    std::vector<Cue> cues;
    std::vector<std::size_t> passage_sizes;  ///< Cues per passage.
  };
  const std::vector<Case> cases = {
      {"one speaker close together", {cue(0, 1000, "A", "x"), cue(1100, 2000, "A", "y")}, {2}},
      {"speaker change", {cue(0, 1000, "A", "x"), cue(1100, 2000, "B", "y")}, {1, 1}},
      {"long pause", {cue(0, 1000, "A", "x"), cue(5000, 6000, "A", "y")}, {1, 1}},
      {"short pause", {cue(0, 1000, "A", "x"), cue(4999, 6000, "A", "y")}, {2}},
      {"length bound: seven cues of 100 chars",
       {cue(0, 1, "", sentence), cue(1, 2, "", sentence), cue(2, 3, "", sentence),
        cue(3, 4, "", sentence), cue(4, 5, "", sentence), cue(5, 6, "", sentence),
        cue(6, 7, "", sentence)},
       {6, 1}},
      {"sentence end after the target",
       {cue(0, 1, "", sentence), cue(1, 2, "", sentence), cue(2, 3, "", sentence),
        cue(3, 4, "", sentence + "."), cue(4, 5, "", sentence)},
       {4, 1}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto grouped = group_cues(c.cues);
      REQUIRE(grouped.passages.size() == c.passage_sizes.size());
      std::size_t cue_index = 0;
      for (std::size_t i = 0; i < grouped.passages.size(); ++i) {
        const auto& p = grouped.passages[i];
        CHECK(p.start_ms == c.cues[cue_index].start_ms);
        cue_index += c.passage_sizes[i];
        CHECK(p.end_ms == c.cues[cue_index - 1].end_ms);
        // Passages hold their cues, one per line, and nothing else.
        const std::string text = grouped.body.substr(p.start, p.end - p.start);
        CHECK(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) ==
              c.passage_sizes[i] - 1);
      }
    }
  }
}
