/// @file tests/unit/text_decoding_test.cc
/// @brief Encoding detection and conversion: UTF-8, windows-1252, windows-1256, ISO-8859-6,
///        declared encodings, mixed and binary files.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/error.h"
#include "indexer/format_error.h"
#include "indexer/text_decoding.h"
#include "tests/unit/reader_test_support.h"

namespace {

using dalil::indexer::decode_text;
using dalil::indexer::FormatError;

}  // namespace

TEST_CASE("legacy encodings are detected and converted", "[readers][encoding]") {
  struct Case {
    const char* name;
    std::string bytes;
    std::string declared;
    std::string encoding;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"ascii is UTF-8", "plain", "", "UTF-8", "plain"},
      {"UTF-8 with BOM", "\xEF\xBB\xBFمرسى", "", "UTF-8", "مرسى"},
      {"valid UTF-8 wins over a declared encoding", "café", "windows-1256", "UTF-8", "café"},
      {"windows-1252 French", "Le caf\xE9 \x93ouvert\x94 \xE0 Iblin", "", "windows-1252",
       "Le café “ouvert” à Iblin"},
      {"windows-1256 Arabic", "\xC7\xE1\xE3\xED\xE4\xC7\xC1 \xE3\xDB\xE1\xDE", "", "windows-1256",
       "الميناء مغلق"},
      {"ISO-8859-6 Arabic", "\xC7\xE4\xE5\xEA\xE6\xC7\xC1 \xE5\xDA\xE4\xE2", "", "ISO-8859-6",
       "الميناء مغلق"},
      {"declared windows-1256 over detection", "caf\xE9", "windows-1256", "windows-1256", "café"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto decoded = decode_text(c.bytes, c.declared);
      CHECK(decoded.encoding == c.encoding);
      CHECK(decoded.text == c.text);
    }
  }
}

TEST_CASE("undecodable text is refused with a reason", "[readers][encoding]") {
  struct Case {
    const char* name;
    std::string bytes;
    std::string declared;
    uint64_t line;
    std::string reason_start;
  };
  const std::vector<Case> cases = {
      {"mixed UTF-8 and windows-1256 lines", "مرسى النور\n\xC7\xE1\xE3\xED\xE4\xC7\xC1\n", "", 2,
       "mixed encodings: line 1 is UTF-8, line 2 is not"},
      {"binary data", std::string("ab\0cd", 5), "", 0, "binary data"},
      {"not valid in the declared encoding", "\xC7 \xBA", "ISO-8859-6", 0,
       "not valid ISO-8859-6 (undecodable byte at offset 2)"},
      {"nothing decodes", "caf\xE9 \x81 \x8D", "", 0, "undecodable"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      try {
        decode_text(c.bytes, c.declared);
        FAIL("no error");
      } catch (const FormatError& e) {
        CHECK(e.line() == c.line);
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith(c.reason_start));
      }
    }
  }
}

TEST_CASE("encoding names are canonical IANA names", "[readers][encoding]") {
  CHECK(dalil::indexer::canonical_encoding("cp1256") == "windows-1256");
  CHECK(dalil::indexer::canonical_encoding("windows-1252") == "windows-1252");
  CHECK(dalil::indexer::canonical_encoding("iso-8859-6") == "ISO-8859-6");
  CHECK_THROWS_AS(dalil::indexer::canonical_encoding("no-such-encoding"), dalil::core::Error);
}

TEST_CASE("legacy files are indexed in UTF-8", "[readers][encoding]") {
  struct Case {
    const char* file;
    std::string encoding;
    std::vector<std::string> must;
    std::vector<std::string> must_not;
  };
  const std::vector<Case> cases = {
      {"good/legacy-1252.txt",
       "windows-1252",
       {"café", "résumé", "incomplete", "Iblin"},
       {"caf", "r", "sum"}},
      {"good/legacy-1256.txt", "windows-1256", {"الشاهد", "القصف", "مرسى", "الجرحى"}, {}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.file) {
      const auto doc = dalil::testing::read_format_file(c.file);
      CHECK(doc.encoding == c.encoding);
      CHECK(doc.stored.at("encoding") == c.encoding);
      dalil::testing::check_terms(doc, c.must, c.must_not);
    }
  }
}
