/// @file tests/unit/passage_table_test.cc
/// @brief Paragraph splitting (byte offsets), the passage table encoding, position lookup,
///        SHA-256, and what DocumentBuilder writes for passages in a real index.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "core/error.h"
#include "core/passage_table.h"
#include "core/schema.h"
#include "indexer/index_writer.h"
#include "tests/support/temp_dir.h"

namespace {

namespace schema = dalil::core::schema;
using dalil::core::IndexedPassage;
using dalil::core::Passage;

/// The texts of the passages of @p body.
std::vector<std::string> texts_of(const std::string& body, const std::vector<Passage>& passages) {
  std::vector<std::string> texts;
  for (const auto& p : passages) texts.push_back(body.substr(p.start, p.end - p.start));
  return texts;
}

Passage span(uint32_t start, uint32_t end) {
  Passage passage;
  passage.start = start;
  passage.end = end;
  return passage;
}

std::string repeat(const std::string& text, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += text;
  return out;
}

}  // namespace

TEST_CASE("split_paragraphs cuts at blank lines and keeps byte offsets into the body",
          "[passages]") {
  const struct {
    const char* name;
    std::string body;
    std::vector<std::string> texts;
  } cases[] = {
      {"empty", "", {}},
      {"white space only", " \n\t\n  ", {}},
      {"one line", "One line.", {"One line."}},
      {"single newlines stay in the paragraph", "Line one\nline two", {"Line one\nline two"}},
      {"blank line", "First.\n\nSecond.", {"First.", "Second."}},
      {"blank line with spaces and CRLF", "First.\r\n  \t\r\nSecond.\r\n", {"First.", "Second."}},
      {"surrounding white space trimmed", "\n\n  First.  \n\n\n  Second.\n", {"First.", "Second."}},
      {"Arabic", "الفقرة الأولى.\n\nالفقرة الثانية؟", {"الفقرة الأولى.", "الفقرة الثانية؟"}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const auto passages = dalil::core::split_paragraphs(c.body);
      CHECK(texts_of(c.body, passages) == c.texts);
      for (const auto& p : passages) CHECK(p.end <= c.body.size());
    }
  }
}

TEST_CASE("split_paragraphs cuts long blocks at sentence ends then white space", "[passages]") {
  const std::string sentence = "This sentence is forty bytes long, yes. ";  // 40 bytes
  REQUIRE(sentence.size() == 40);
  const struct {
    const char* name;
    std::string body;
    std::size_t max_bytes;
    std::vector<std::string> texts;
  } cases[] = {
      {"sentence ends",
       repeat(sentence, 5),
       100,
       {repeat(sentence, 2).substr(0, 79), repeat(sentence, 2).substr(0, 79),
        sentence.substr(0, 39)}},
      {"Arabic question mark",
       "سؤال أول؟ " + repeat("كلمة ", 30),
       40,
       {"سؤال أول؟", repeat("كلمة ", 3) + "كلمة", repeat("كلمة ", 3) + "كلمة",
        repeat("كلمة ", 3) + "كلمة", repeat("كلمة ", 3) + "كلمة", repeat("كلمة ", 3) + "كلمة",
        repeat("كلمة ", 3) + "كلمة", repeat("كلمة ", 3) + "كلمة", "كلمة كلمة"}},
      {"no sentence end: white space",
       "aaaa bbbb cccc dddd eeee ffff",
       16,
       {"aaaa bbbb cccc", "dddd eeee ffff"}},
      {"one long word: character boundary",
       repeat("ب", 20),
       16,
       {repeat("ب", 8), repeat("ب", 8), repeat("ب", 4)}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const auto passages = dalil::core::split_paragraphs(c.body, c.max_bytes);
      CHECK(texts_of(c.body, passages) == c.texts);
      uint32_t previous_end = 0;
      for (const auto& p : passages) {
        CHECK(p.end - p.start <= c.max_bytes);
        CHECK(p.start >= previous_end);
        previous_end = p.end;
      }
    }
  }
}

TEST_CASE("the passage table round-trips and refuses malformed input", "[passages]") {
  Passage turn{10, 60, "THE WITNESS", "A", 31000, 62000, std::nullopt};
  Passage page{70, 75, "", "", std::nullopt, std::nullopt, 3};
  Passage same_speaker{80, 4000, "THE WITNESS", "", 3723004, std::nullopt, std::nullopt};
  const struct {
    const char* name;
    std::vector<IndexedPassage> table;
  } cases[] = {
      {"none", {}},
      {"plain paragraph", {{span(0, 5), 102, 1}}},
      {"turns, a page, a shared speaker",
       {{turn, 102, 9}, {page, 367, 0}, {same_speaker, 623, 700}}},
      {"large numbers", {{span(4000000000u, 4000000001u), 4000000000u, 4294967295u}}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const std::string encoded = dalil::core::encode_passage_table(c.table);
      const auto decoded = dalil::core::decode_passage_table(encoded);
      REQUIRE(decoded);
      CHECK(*decoded == c.table);
      if (!c.table.empty()) {
        // Every truncation is refused, never read past the end.
        for (std::size_t n = 0; n < encoded.size(); ++n)
          CHECK_FALSE(dalil::core::decode_passage_table(encoded.substr(0, n)));
        CHECK_FALSE(dalil::core::decode_passage_table(encoded + "x"));
      }
    }
  }
  SECTION("another version or garbage") {
    CHECK_FALSE(dalil::core::decode_passage_table(""));
    CHECK_FALSE(dalil::core::decode_passage_table("\x02\x00\x00"));
    CHECK_FALSE(dalil::core::decode_passage_table("\xFF\xFF\xFF\xFF\xFF\xFF"));
  }
}

TEST_CASE("passage_at maps a term position to its passage", "[passages]") {
  const std::vector<IndexedPassage> table = {
      {span(0, 10), 102, 3}, {span(12, 12), 361, 0}, {span(14, 30), 617, 5}};
  const struct {
    uint32_t position;
    std::optional<std::size_t> passage;
  } cases[] = {
      {1, std::nullopt},  // title
      {101, std::nullopt},
      {102, 0},
      {104, 0},
      {105, std::nullopt},  // gap
      {361, std::nullopt},  // passage without words
      {617, 2},
      {621, 2},
      {622, std::nullopt},  // extra text after the body
  };
  for (const auto& c : cases) {
    INFO(c.position);
    CHECK(dalil::core::passage_at(table, c.position) == c.passage);
  }
}

TEST_CASE("sha256_hex gives the standard digests", "[passages]") {
  const struct {
    std::string bytes;
    const char* hex;
  } cases[] = {
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
  };
  for (const auto& c : cases) CHECK(dalil::core::sha256_hex(c.bytes) == c.hex);
}

TEST_CASE("check_passages refuses passages out of order or bounds", "[passages]") {
  const struct {
    const char* name;
    std::vector<Passage> passages;
    const char* error;  ///< nullptr: accepted
  } cases[] = {
      {"in order", {span(0, 5), span(5, 9), span(10, 10)}, nullptr},
      {"ends before it starts", {span(5, 4)}, "passage 1 ends before it starts"},
      {"past the body", {span(0, 5), span(6, 11)}, "passage 2 ends past the body"},
      {"overlap", {span(0, 5), span(4, 8)}, "passage 2 overlaps the one before it"},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      if (c.error == nullptr) {
        CHECK_NOTHROW(dalil::core::check_passages(c.passages, 10));
      } else {
        CHECK_THROWS_WITH(dalil::core::check_passages(c.passages, 10), c.error);
      }
    }
  }
}

TEST_CASE("DocumentBuilder writes passages: positions, table, SHA-256, speakers", "[passages]") {
  dalil::testing::TempDir tmp;
  dalil::core::Document doc;
  doc.id = "t:1";
  doc.title = "Hearing";
  doc.body = "PRESIDENT: Call the witness.\n\nWITNESS: grain silo burned. Grain silo.";
  doc.stored = {{"id", doc.id}, {"body", doc.body}};
  const auto at = [&doc](const std::string& text) {
    return static_cast<uint32_t>(doc.body.find(text));
  };
  doc.passages = {
      {at("Call"), at("Call") + 16, "PRESIDENT", "Q", 1000, 2000, std::nullopt},
      {at("grain"), static_cast<uint32_t>(doc.body.size()), "WITNESS", "A", 2000, std::nullopt,
       std::nullopt},
  };
  {
    dalil::indexer::IndexWriter writer(tmp.file("ix"), dalil::indexer::WriterOptions{});
    writer.upsert(doc);
    dalil::core::Document news;
    news.id = "t:2";
    news.body = "One.\n\nTwo three.";
    news.stored = {{"id", news.id}, {"body", news.body}};
    writer.upsert(news);
    writer.commit();
  }
  Xapian::Database db(tmp.file("ix"));
  const Xapian::docid id = *db.postlist_begin("Qt:1");
  const Xapian::Document xdoc = db.get_document(id);
  const auto table = dalil::core::decode_passage_table(xdoc.get_value(schema::kSlotPassages));
  REQUIRE(table);
  REQUIRE(table->size() == 2);
  CHECK((*table)[0].passage == doc.passages[0]);
  CHECK((*table)[1].passage == doc.passages[1]);
  CHECK((*table)[0].word_count == 3);  // call the witness
  CHECK((*table)[1].word_count == 5);
  CHECK(xdoc.get_value(schema::kSlotBodySha256) == dalil::core::sha256_hex(doc.body));

  const auto positions = [&](const std::string& term) {
    std::vector<Xapian::termpos> out(db.positionlist_begin(id, term),
                                     db.positionlist_end(id, term));
    return out;
  };
  // Every body word position lies in its passage; the speaker labels between passages are
  // searchable but belong to none.
  const struct {
    const char* term;
    std::vector<std::optional<std::size_t>> passages;
  } words[] = {
      {"call", {0}},
      {"witness", {0, std::nullopt}},
      {"grain", {1, 1}},
      {"president", {std::nullopt}},
  };
  for (const auto& w : words) {
    INFO(w.term);
    std::vector<std::optional<std::size_t>> found;
    for (const auto pos : positions(w.term)) found.push_back(dalil::core::passage_at(*table, pos));
    std::sort(found.begin(), found.end());
    auto expected = w.passages;
    std::sort(expected.begin(), expected.end());
    CHECK(found == expected);
  }
  // The first words of consecutive passages are at least the gap apart: no phrase spans them.
  CHECK((*table)[1].first_position >=
        (*table)[0].first_position + (*table)[0].word_count + schema::kPassagePositionGap);
  Xapian::Enquire enquire(db);
  const std::vector<Xapian::Query> words_in_order = {Xapian::Query("witness"),
                                                     Xapian::Query("grain")};
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_PHRASE, words_in_order.begin(), words_in_order.end()));
  CHECK(enquire.get_mset(0, 10).empty());

  // Passage speakers join the speaker facet.
  const auto slot = dalil::core::IndexSchema::defaults().facet("speaker")->slot;
  CHECK(xdoc.get_value(slot) == dalil::core::encode_values({"PRESIDENT", "WITNESS"}));
  CHECK(db.term_exists("XVwitness"));

  // Without reader passages the body is split into paragraphs.
  const Xapian::Document news = db.get_document(*db.postlist_begin("Qt:2"));
  const auto paragraphs = dalil::core::decode_passage_table(news.get_value(schema::kSlotPassages));
  REQUIRE(paragraphs);
  REQUIRE(paragraphs->size() == 2);
  CHECK((*paragraphs)[1].passage == span(6, 16));
  CHECK((*paragraphs)[1].word_count == 2);
}
