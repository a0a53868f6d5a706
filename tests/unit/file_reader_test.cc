/// @file tests/unit/file_reader_test.cc
/// @brief Format recognition, document ids and stored fields, and malformed files of each kind.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "indexer/file_reader.h"
#include "indexer/format_error.h"
#include "tests/unit/reader_test_support.h"

namespace {

using dalil::indexer::detect_format;
using dalil::indexer::FileFormat;

}  // namespace

TEST_CASE("formats are recognised by content and extension", "[readers][formats]") {
  struct Case {
    const char* path;
    std::string head;
    FileFormat format;
  };
  const std::vector<Case> cases = {
      {"a.jsonl", "{\"id\":1}", FileFormat::kJsonl},
      {"a.NDJSON", "{", FileFormat::kJsonl},
      {"a.srt", "1\n00:00:01,000 --> 00:00:02,000\n", FileFormat::kSrt},
      {"a.vtt", "WEBVTT\n", FileFormat::kWebvtt},
      {"subtitles.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\n", FileFormat::kWebvtt},
      {"subtitles.txt", "1\n00:00:01,000 --> 00:00:02,000\nx\n", FileFormat::kSrt},
      {"report.bin", "%PDF-1.7\n", FileFormat::kPdf},
      {"report.pdf", "%PDF-1.7\n", FileFormat::kPdf},
      {"page.txt", "<!DOCTYPE html><html>", FileFormat::kHtml},
      {"page.HTM", "<p>x</p>", FileFormat::kHtml},
      {"notes.md", "---\ntitle: x\n---\n", FileFormat::kMarkdown},
      {"notes.markdown", "# x", FileFormat::kMarkdown},
      {"notes.txt", "MR. X: hello", FileFormat::kText},
      {"archive.json", "{\"id\":\"a\"}", FileFormat::kJsonl},
      {"notes", "plain words", FileFormat::kText},
  };
  for (const auto& c : cases) {
    INFO(c.path << ": " << c.head);
    CHECK(detect_format(c.path, c.head) == c.format);
  }
  CHECK(dalil::indexer::has_known_extension("x/y.VTT"));
  CHECK(dalil::indexer::has_known_extension("x/y.markdown"));
  CHECK_FALSE(dalil::indexer::has_known_extension("x/y.json"));
  CHECK_FALSE(dalil::indexer::has_known_extension("x/y.docx"));
}

TEST_CASE("a file becomes one document with a stable id and stored fields", "[readers][formats]") {
  struct Case {
    const char* file;
    std::string id;
    std::string format;
    std::string title;
    std::string lang;
  };
  const std::vector<Case> cases = {
      {"good/witness-saleh.srt", "file:good/witness-saleh.srt", "srt", "witness-saleh", "en"},
      {"good/interview-hanan.vtt", "file:good/interview-hanan.vtt", "webvtt", "interview-hanan",
       "ar"},
      {"good/hearing-branch9.txt", "file:good/hearing-branch9.txt", "transcript", "hearing-branch9",
       "en"},
      {"good/radio-karam-ar.txt", "file:good/radio-karam-ar.txt", "transcript", "radio-karam-ar",
       "ar"},
      {"good/field-notes.md", "sample:field-notes-007", "markdown",
       "Field notes: the Ain al-Tin well", "en"},
      {"good/briefing.html", "file:good/briefing.html", "html", "Commission briefing on Marsa Nour",
       "en"},
      {"good/ledger.pdf", "file:good/ledger.pdf", "pdf", "The Branch 9 ledger", "en"},
      {"good/legacy-1252.txt", "file:good/legacy-1252.txt", "text", "legacy-1252", "en"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.file) {
      const auto doc = dalil::testing::read_format_file(c.file);
      CHECK(doc.id == c.id);
      CHECK(doc.format == c.format);
      CHECK(doc.title == c.title);
      CHECK(doc.lang == c.lang);
      // The stored object is what /api/documents/{id} shows.
      CHECK(doc.stored.at("id") == c.id);
      CHECK(doc.stored.at("body") == doc.body);
      CHECK(doc.stored.at("title") == c.title);
      CHECK(doc.stored.at("format") == c.format);
      CHECK(doc.stored.at("file") == c.file);
      // Passages are in order, inside the body, and do not overlap.
      uint32_t previous_end = 0;
      for (const auto& p : doc.passages) {
        CHECK(p.start >= previous_end);
        CHECK(p.end > p.start);
        CHECK(p.end <= doc.body.size());
        previous_end = p.end;
      }
    }
  }
}

TEST_CASE("malformed files of each kind are refused with a reason", "[readers][formats]") {
  struct Case {
    const char* file;
    uint64_t line;
    std::string reason_start;
  };
  const std::vector<Case> cases = {
      {"malformed/broken-timecode.srt", 6, "invalid timecode '00:00:04,000 -> 00:0x:06,000'"},
      {"malformed/empty-cues.vtt", 0, "no cue with text"},
      {"malformed/mixed-encodings.txt", 3, "mixed encodings: line 2 is UTF-8, line 3 is not"},
      {"malformed/truncated.pdf", 0, "truncated PDF"},
      {"malformed/unclosed-front-matter.md", 1, "front matter is not closed"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.file) {
      try {
        dalil::testing::read_format_file(c.file);
        FAIL("no error");
      } catch (const dalil::indexer::FormatError& e) {
        CHECK(e.line() == c.line);
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith(c.reason_start));
      }
    }
  }
}

TEST_CASE("invalid metadata and empty files are refused", "[readers][formats]") {
  struct Case {
    const char* name;
    std::string path;
    std::string bytes;
    std::string reason_start;
  };
  const std::vector<Case> cases = {
      {"impossible front matter date", "a.md", "---\ndate: 2021-02-30\n---\ntext",
       "field 'date' is not an ISO 8601 date"},
      {"empty text file", "a.txt", "", "no text to index"},
      {"only front matter", "a.md", "---\ntitle: x\n---\n\n", "no text to index"},
      {"html without visible text", "a.html", "<script>x()</script>", "no text to index"},
      {"title is a list", "a.md", "---\ntitle: [a, b]\n---\ntext", "field 'title' must be"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto format = detect_format(c.path, c.bytes);
      try {
        dalil::indexer::read_document_file(c.bytes, {c.path, c.path, format}, {},
                                           dalil::testing::reader_schema());
        FAIL("no error");
      } catch (const dalil::indexer::FormatError& e) {
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith(c.reason_start));
      }
    }
  }
}
