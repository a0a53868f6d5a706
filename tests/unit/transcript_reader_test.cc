/// @file tests/unit/transcript_reader_test.cc
/// @brief Plain-text transcripts: speaker labels, Q/A lines, turns as passages, terms,
/// non-transcripts.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "indexer/transcript_reader.h"
#include "tests/unit/reader_test_support.h"

namespace {

using dalil::indexer::speaker_label;
using dalil::indexer::transcript_passages;

std::string quoted(const std::string& body, const dalil::core::Passage& p) {
  return body.substr(p.start, p.end - p.start);
}

}  // namespace

TEST_CASE("transcript readers index what was said", "[readers][transcript]") {
  struct Case {
    const char* file;
    std::vector<std::string> must;
    std::vector<std::string> must_not;
  };
  const std::vector<Case> cases = {
      {"good/hearing-branch9.txt",
       {"cardiac", "arrest", "certificates", "Firas", "Vidal", "commissioner"},
       {"qa", "witnesses"}},
      {"good/radio-karam-ar.txt", {"المذيعة", "الميناء", "جريحاً", "الشفاء"}, {"المساء", "الطائرة"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.file) {
      const auto doc = dalil::testing::read_format_file(c.file);
      CHECK(doc.format == "transcript");
      dalil::testing::check_terms(doc, c.must, c.must_not);
    }
  }
}

TEST_CASE("speaker labels are upper-case Latin or short Arabic names", "[readers][transcript]") {
  struct Case {
    std::string line;
    std::optional<std::string> label;
  };
  const std::vector<Case> cases = {
      {"MR. KAREGYESA: Thank you.", "MR. KAREGYESA"},
      {"MADAM PRESIDENT:", "MADAM PRESIDENT"},
      {"THE WITNESS (TAK):\tYes.", "THE WITNESS (TAK)"},
      {"DR.  HADDAD:  We had no power.", "DR. HADDAD"},
      {"22            JUDGE HUNT:  You agree with that way.", "JUDGE HUNT"},
      {"MR. SPAHIĆ: Da.", "MR. SPAHIĆ"},
      {"الشاهدة: اسمي هدى منصور", "الشاهدة"},
      {"الشاهد ش-٢٢: نعم", "الشاهد ش-٢٢"},
      {"Interviewer: mixed case is prose", std::nullopt},
      {"Note: the recording stopped", std::nullopt},
      {"10:30 the convoy left", std::nullopt},
      {"HTTP://EXAMPLE.ORG", std::nullopt},
      {"THE WITNESS SAID THAT THE CONVOY LEFT EARLY: yes", std::nullopt},
      {"قال الشاهد إنه رأى الجنود: نعم", std::nullopt},
      {"ARRIVED at 10", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    INFO(c.line);
    CHECK(speaker_label(c.line) == c.label);
  }
}

TEST_CASE("a court transcript has one passage per Q and A line", "[readers][transcript]") {
  const auto doc = dalil::testing::read_format_file("good/hearing-branch9.txt");
  struct Want {
    std::string speaker, qa, starts_with;
  };
  const std::vector<Want> want = {
      {"", "", "COMMISSION OF INQUIRY"},
      {"PRESIDING COMMISSIONER", "", "PRESIDING COMMISSIONER: Please"},
      {"", "", "EXAMINATION BY COUNSEL VIDAL:"},
      {"COUNSEL VIDAL", "Q", "Q.\tWitness, you worked"},
      {"THE WITNESS", "A", "A.\tYes. I was"},
      {"COUNSEL VIDAL", "Q", "Q.\tWhat did"},
      // The answer goes on over a blank line.
      {"THE WITNESS", "A", "A.\tAlways the same words: cardiac arrest.\n\nThe certificates"},
      {"COUNSEL VIDAL", "Q", "Q.\tWho signed them?"},
      {"THE WITNESS", "A", "A.\tAn officer I knew only as Abu Firas."},
      // A bracketed note after a blank line ends the turn.
      {"", "", "[Closed session]"},
      {"PRESIDING COMMISSIONER", "", "PRESIDING COMMISSIONER: We resume"},
  };
  REQUIRE(doc.passages.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("passage " << i << ": " << quoted(doc.body, doc.passages[i]));
    CHECK(doc.passages[i].speaker == want[i].speaker);
    CHECK(doc.passages[i].qa == want[i].qa);
    CHECK_THAT(quoted(doc.body, doc.passages[i]), Catch::Matchers::StartsWith(want[i].starts_with));
  }
  CHECK(quoted(doc.body, doc.passages[6]).ends_with("reached the clinic."));
  CHECK(doc.speakers ==
        std::vector<std::string>{"PRESIDING COMMISSIONER", "COUNSEL VIDAL", "THE WITNESS"});
}

TEST_CASE("transcript passages cover every paragraph and never overlap", "[readers][transcript]") {
  struct Case {
    const char* name;
    std::string text;
    std::vector<std::string> speakers;  ///< Of each passage, "" for none.
  };
  const std::vector<Case> cases = {
      {"Q and A without examiner", "Q. Where?\nA. Here.\n", {"Q", "A"}},
      {"label on its own line",
       "MADAM PRESIDENT:\nWe resume.\nMR. X: Yes.\n",
       {"MADAM PRESIDENT", "MR. X"}},
      {"Arabic labels need two turns each",
       "المحاور: سؤال\n\nالشاهد: جواب\n\nالمحاور: سؤال آخر\n\nالشاهد: جواب آخر\n\nربما تسأل: "
       "لماذا؟\n",
       {"المحاور", "الشاهد", "المحاور", "الشاهد"}},
      {"header before the first turn",
       "HEARING\n\nIntro text.\n\nA: yes\n\nQ: no\n",
       {"", "A", "Q"}},
      {"one turn is no transcript", "NOTE: a single label\n\nand prose.\n", {}},
      {"prose is no transcript", "The witness said: yes.\n\nThen she left.\n", {}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto passages = transcript_passages(c.text);
      std::vector<std::string> speakers;
      uint32_t previous_end = 0;
      for (const auto& p : passages) {
        speakers.push_back(p.speaker);
        CHECK(p.start >= previous_end);
        CHECK(p.end > p.start);
        previous_end = p.end;
      }
      CHECK(speakers == c.speakers);
    }
  }
}
