/// @file tests/integration/formats_test.cc
/// @brief Every input format through the real dalil-index and dalil-searchd: found by a phrase,
///        its text served by /api/documents/{id}; malformed files reported and skipped.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "tests/support/live_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::testing::kIndexBin;
using dalil::testing::kTestData;

nlohmann::json summary_of(const dalil::testing::RunResult& result) {
  const auto end = result.out.find_last_not_of('\n');
  const auto start = result.out.rfind('\n', end);
  return nlohmann::json::parse(result.out.substr(start == std::string::npos ? 0 : start + 1));
}

const std::string kFormats = kTestData + "/formats";

}  // namespace

TEST_CASE("a file of each format is indexed, found by a phrase and served", "[formats]") {
  dalil::testing::LiveServer server(
      dalil::testing::LiveServerOptions{.server_args = {}, .index_args = {kFormats + "/good"}});
  struct Case {
    const char* phrase;
    std::string id;
    std::string format;
    std::string text;  ///< In the served body.
  };
  const std::vector<Case> cases = {
      {"\"nineteen wounded at the checkpoint\"", "file:witness-saleh.srt", "srt",
       "We counted nineteen wounded at the checkpoint."},
      {"\"كنت في سوق السمك\"", "file:interview-hanan.vtt", "webvtt",
       "كنت في سوق السمك في مرسى النور"},
      {"\"Always the same words\"", "file:hearing-branch9.txt", "transcript",
       "A.\tAlways the same words: cardiac arrest."},
      {"\"أربعة عشر جريحا\"", "file:radio-karam-ar.txt", "transcript",
       "المحافظ: وصل أربعة عشر جريحاً حتى الآن"},
      {"\"poisoned with diesel\"", "sample:field-notes-007", "markdown",
       "The well at Ain al-Tin was poisoned with diesel"},
      {"\"strike was deliberate\"", "file:briefing.html", "html",
       "Dr. Anika Varga said the strike was\xC2\xA0"
       "deliberate."},
      {"\"burned in the courtyard\"", "file:ledger.pdf", "pdf", "The second ledger was burned"},
      {"\"résumé of events\"", "file:legacy-1252.txt", "text",
       "the résumé of events was “incomplete”"},
      {"\"نقلوا إلى المستشفى\"", "file:legacy-1256.txt", "text", "وأن الجرحى نقلوا إلى المستشفى"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.id) {
      CHECK(server.ids({{"q", c.phrase}}) == std::set<std::string>{c.id});
      const auto [status, doc] = server.get("/api/documents/" + c.id);
      REQUIRE(status == 200);
      CHECK(doc.at("id") == c.id);
      CHECK(doc.at("format") == c.format);
      CHECK_THAT(doc.at("body").get<std::string>(), Catch::Matchers::Contains(c.text));
    }
  }
  // Speakers of transcripts and subtitles are facet values.
  CHECK(server.ids({{"q", "convoy"}, {"speaker", "KARIM SALEH"}}) ==
        std::set<std::string>{"file:witness-saleh.srt"});
  CHECK(server.ids({{"speaker", "حنان"}}) == std::set<std::string>{"file:interview-hanan.vtt"});
}

TEST_CASE("a passage of each format is found and fetched by its locator", "[formats][passages]") {
  dalil::testing::LiveServer server(dalil::testing::LiveServerOptions{{}, {kFormats + "/good"}});
  struct Case {
    const char* phrase;
    std::string id;
    nlohmann::json locator;  ///< Fields the hit must carry (others are not checked).
    std::string text;        ///< The passage's text, exactly.
    bool in_source_file;     ///< The text is also a byte range of the file itself.
  };
  const std::vector<Case> cases = {
      {"\"who stopped the convoy\"",
       "file:witness-saleh.srt",
       {{"passage", 2},
        {"speaker", "INTERVIEWER"},
        {"start", "00:00:20.000"},
        {"end", "00:00:23.250"}},
       "INTERVIEWER: Who stopped the convoy?",
       true},
      {"\"وماذا فعلتما\"",
       "file:interview-hanan.vtt",
       {{"passage", 3}, {"speaker", "المحاور"}, {"start", "00:00:10.000"}},
       "وماذا فعلتما بعد ذلك؟",
       false},
      {"\"Abu Firas\"",
       "file:hearing-branch9.txt",
       {{"passage", 9}, {"speaker", "THE WITNESS"}, {"qa", "A"}},
       "A.\tAn officer I knew only as Abu Firas.",
       true},
      {"\"بينهم ثلاثة أطفال\"",
       "file:radio-karam-ar.txt",
       {{"passage", 4}, {"speaker", "المحافظ"}},
       "المحافظ: وصل أربعة عشر جريحاً حتى الآن، بينهم ثلاثة أطفال.",
       true},
      {"\"Al-Qalaa prison\"",
       "file:ledger.pdf",
       {{"passage", 2}, {"page", 3}},
       "Page three\n\nThe second ledger was burned in the courtyard of Al-Qalaa\nprison.",
       false},
      {"\"sent them to the laboratory\"",
       "sample:field-notes-007",
       {},
       "Omar Khatib took samples on 2 June and sent them to the laboratory in Dar Alam.",
       true},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.id) {
      const auto found = server.search({{"q", c.phrase}, {"group", "none"}});
      REQUIRE(found["hits"].size() == 1);
      const auto& hit = found["hits"][0];
      CHECK(hit["id"] == c.id);
      for (const auto& [key, value] : c.locator.items()) {
        INFO(key);
        CHECK(hit[key] == value);
      }
      const std::string path =
          "/api/documents/" + c.id + "/passages/" + std::to_string(hit["passage"].get<int>());
      const auto [status, passage] = server.get(path);
      REQUIRE(status == 200);
      CHECK(passage["text"] == c.text);
      const auto [doc_status, doc] = server.get("/api/documents/" + c.id);
      REQUIRE(doc_status == 200);
      const std::string body = doc["body"];
      const std::size_t start = passage["byte_start"];
      const std::size_t end = passage["byte_end"];
      CHECK(body.substr(start, end - start) == c.text);
      if (c.in_source_file) {
        const std::string file = doc["file"];
        CHECK_THAT(dalil::testing::run({"/bin/cat", kFormats + "/good/" + file}).out,
                   Catch::Matchers::Contains(c.text));
      }
    }
  }
}

TEST_CASE("malformed files are reported with path and reason and the others indexed", "[formats]") {
  dalil::testing::TempDir tmp;
  const auto result = dalil::testing::run(
      {kIndexBin, "--index", tmp.file("ix"), "--summary-json", "--threads", "2", kFormats});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const std::vector<std::string> reports = {
      kFormats +
          "/malformed/broken-timecode.srt:6: invalid timecode '00:00:04,000 -> 00:0x:06,000'",
      kFormats + "/malformed/empty-cues.vtt: no cue with text",
      kFormats +
          "/malformed/mixed-encodings.txt:3: mixed encodings: line 2 is UTF-8, line 3 is not",
      kFormats + "/malformed/truncated.pdf: truncated PDF (no %%EOF marker at the end)",
      kFormats +
          "/malformed/unclosed-front-matter.md:1: front matter is not closed by a '---' line",
  };
  for (const auto& report : reports) CHECK_THAT(result.err, Catch::Matchers::Contains(report));
  const auto summary = summary_of(result);
  CHECK(summary["files"] == 14);
  CHECK(summary["added"] == 9);
  CHECK(summary["skipped"] == 5);
  CHECK(summary["formats"] == nlohmann::json{{"html", 1},
                                             {"markdown", 1},
                                             {"pdf", 1},
                                             {"srt", 1},
                                             {"text", 2},
                                             {"transcript", 2},
                                             {"webvtt", 1}});
  CHECK(summary["encodings"] ==
        nlohmann::json{{"PDF", 1}, {"UTF-8", 6}, {"windows-1252", 1}, {"windows-1256", 1}});
  // Ids are paths relative to the folder named on the command line.
  std::vector<std::string> ids;
  Xapian::Database db(tmp.file("ix"));
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it)
    ids.push_back((*it).substr(1));
  CHECK(ids == std::vector<std::string>{"file:good/briefing.html", "file:good/hearing-branch9.txt",
                                        "file:good/interview-hanan.vtt", "file:good/ledger.pdf",
                                        "file:good/legacy-1252.txt", "file:good/legacy-1256.txt",
                                        "file:good/radio-karam-ar.txt",
                                        "file:good/witness-saleh.srt", "sample:field-notes-007"});
}

TEST_CASE("strict mode fails at the first malformed file", "[formats]") {
  dalil::testing::TempDir tmp;
  const auto result = dalil::testing::run(
      {kIndexBin, "--index", tmp.file("ix"), "--strict", kFormats + "/malformed/truncated.pdf"});
  CHECK(result.exit_code == 1);
  CHECK_THAT(result.err, Catch::Matchers::Contains("truncated.pdf: truncated PDF"));
}

TEST_CASE("a declared encoding reads files that are not UTF-8", "[formats]") {
  dalil::testing::TempDir tmp;
  // Detection would say windows-1252; the user knows better.
  const std::string path = tmp.write("legacy.txt", "Le caf\xE9 de Dar Alam\n");
  const auto detected =
      dalil::testing::run({kIndexBin, "--index", tmp.file("ix0"), "--summary-json", path});
  REQUIRE(detected.exit_code == 0);
  CHECK(summary_of(detected)["encodings"] == nlohmann::json{{"windows-1252", 1}});
  const auto declared = dalil::testing::run(
      {kIndexBin, "--index", tmp.file("ix"), "--summary-json", "--encoding", "cp1256", path});
  INFO(declared.err);
  REQUIRE(declared.exit_code == 0);
  CHECK(summary_of(declared)["encodings"] == nlohmann::json{{"windows-1256", 1}});
  const auto unknown = dalil::testing::run(
      {kIndexBin, "--index", tmp.file("ix2"), "--encoding", "no-such-thing", path});
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.err, Catch::Matchers::Contains("unknown encoding 'no-such-thing'"));
}
