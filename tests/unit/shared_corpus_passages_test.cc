/// @file tests/unit/shared_corpus_passages_test.cc
/// @brief Passages of the real tribunal transcripts and TED talks of ../shared/corpora (hidden
///        tests, run by CTest only where the corpora are, under the corpus label).
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

#include "indexer/jsonl_reader.h"
#include "tests/unit/reader_test_support.h"

namespace {

const std::string kShared = std::string(DALIL_SOURCE_DIR) + "/../shared/corpora";

struct Totals {
  std::size_t documents = 0, with_passages = 0, passages = 0, speaker_passages = 0, turns = 0;
  std::set<std::string> speakers;
};

Totals read_corpus(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  dalil::indexer::JsonlReader reader(in, path, {}, dalil::testing::reader_schema());
  dalil::core::Document doc;
  dalil::indexer::InputError error;
  Totals t;
  for (;;) {
    const auto result = reader.next(doc, error);
    if (result == dalil::indexer::JsonlReader::Result::kEnd) break;
    REQUIRE(result == dalil::indexer::JsonlReader::Result::kDocument);
    ++t.documents;
    t.with_passages += !doc.passages.empty();
    t.passages += doc.passages.size();
    if (const auto turns = doc.stored.find("turns"); turns != doc.stored.end())
      t.turns += turns->size();
    uint32_t previous_end = 0;
    for (const auto& p : doc.passages) {
      INFO(doc.id << " [" << p.start << ", " << p.end << ")");
      CHECK(p.start >= previous_end);
      CHECK(p.end > p.start);
      CHECK(p.end <= doc.body.size());
      previous_end = p.end;
      if (p.speaker.empty()) continue;
      ++t.speaker_passages;
      t.speakers.insert(p.speaker);
    }
  }
  return t;
}

}  // namespace

TEST_CASE("every tribunal turn is a passage with its speaker", "[.][shared_corpus]") {
  const auto t = read_corpus(kShared + "/genocor-tribunals-en/genocor-tribunals-en.jsonl");
  CHECK(t.documents == 56);
  CHECK(t.with_passages == 56);
  CHECK(t.turns == 24643);
  CHECK(t.speaker_passages == t.turns);
  CHECK(t.speakers.size() == 98);
  CHECK(t.passages == 25252);  // 609 unattributed passages: headers and procedural notes.
}

TEST_CASE("every TED talk is split into passages of its speaker", "[.][shared_corpus]") {
  const auto t = read_corpus(kShared + "/ted-iwslt17-ar-en/ted-iwslt17-ar-en.jsonl");
  CHECK(t.documents == 50);
  CHECK(t.with_passages == 50);
  CHECK(t.passages == 1202);
  CHECK(t.speaker_passages == 1171);
}

TEST_CASE("the raw Windows-1252 tribunal files read as transcripts", "[.][shared_corpus]") {
  for (const char* file : {"RWA-Gacumbitsi/ICTR-01-64-2.txt", "YUG-Lukic/IT-98-32_1-7.txt"}) {
    DYNAMIC_SECTION(file) {
      const std::string path = kShared + "/genocor-tribunals-en/raw/" + file;
      const std::string bytes = dalil::testing::read_bytes(path);
      const auto doc =
          dalil::indexer::read_document_file(bytes, {path, file, dalil::indexer::FileFormat::kText},
                                             {}, dalil::testing::reader_schema());
      CHECK(doc.format == "transcript");
      CHECK(doc.passages.size() > 150);
      CHECK(doc.speakers.size() >= 6);
    }
  }
  const std::string ictr = kShared + "/genocor-tribunals-en/raw/RWA-Gacumbitsi/ICTR-01-64-2.txt";
  const auto doc = dalil::indexer::read_document_file(
      dalil::testing::read_bytes(ictr), {ictr, "x.txt", dalil::indexer::FileFormat::kText}, {},
      dalil::testing::reader_schema());
  CHECK(doc.encoding == "windows-1252");
}
