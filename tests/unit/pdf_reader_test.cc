/// @file tests/unit/pdf_reader_test.cc
/// @brief PDF reports: one passage per page with its number, metadata, broken files.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "indexer/format_error.h"
#include "indexer/pdf_reader.h"
#include "tests/unit/reader_test_support.h"

TEST_CASE("a PDF is read page by page", "[readers][pdf]") {
  const auto doc = dalil::testing::read_format_file("good/ledger.pdf");
  CHECK(doc.format == "pdf");
  CHECK(doc.encoding == "PDF");
  CHECK(doc.title == "The Branch 9 ledger");
  CHECK(doc.stored.at("author") == "Dalil tests");
  CHECK(doc.stored.at("pages") == 3);
  // Page 2 is empty: no passage, and page 3 keeps its number.
  REQUIRE(doc.passages.size() == 2);
  CHECK(doc.passages[0].page == 1u);
  CHECK(doc.passages[1].page == 3u);
  const std::string page3 =
      doc.body.substr(doc.passages[1].start, doc.passages[1].end - doc.passages[1].start);
  CHECK_THAT(page3, Catch::Matchers::StartsWith("Page three"));
  CHECK_THAT(page3, Catch::Matchers::Contains("Al-Qalaa"));
  dalil::testing::check_terms(doc, {"ledger", "forty", "transferred", "burned", "courtyard"},
                              {"obj", "endobj", "stream", "flatedecode", "tests"});
}

TEST_CASE("broken PDFs are refused with a reason", "[readers][pdf]") {
  const std::string good =
      dalil::testing::read_bytes(dalil::testing::kTestData + "/formats/good/ledger.pdf");
  struct Case {
    const char* name;
    std::string bytes;
    std::string reason_start;
  };
  const std::vector<Case> cases = {
      {"truncated file",
       dalil::testing::read_bytes(dalil::testing::kTestData + "/formats/malformed/truncated.pdf"),
       "truncated PDF"},
      {"no header", "hello %%EOF", "not a PDF"},
      {"garbage body", "%PDF-1.5\n" + std::string(4000, 'x') + "\n%%EOF\n", "corrupt PDF"},
      {"only the header and the end", good.substr(0, 20) + "\n%%EOF\n", "corrupt PDF"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      try {
        dalil::indexer::read_pdf(c.bytes);
        FAIL("no error");
      } catch (const dalil::indexer::FormatError& e) {
        CHECK(e.line() == 0);
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith(c.reason_start));
      }
    }
  }
}
