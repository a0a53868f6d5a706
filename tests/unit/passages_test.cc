/// @file tests/unit/passages_test.cc
/// @brief Passage ranking from term positions on a real index, timecodes, permalinks, locators
///        and citation lines.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "analyzers/normalizer.h"
#include "core/schema.h"
#include "searchd/passages.h"
#include "searchd/query_parser.h"
#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"
#include "tests/support/turns.h"

namespace {

using dalil::core::Passage;
using dalil::searchd::PassageRanker;

/// An index on disk of tests/data/passages/transcripts.jsonl, open for reading.
struct TranscriptIndex {
  TranscriptIndex() {
    dalil::testing::write_index(
        tmp.file("ix"), dalil::testing::documents_with_turns(dalil::testing::kTestData +
                                                             "/passages/transcripts.jsonl"));
    db = Xapian::Database(tmp.file("ix"));
  }
  dalil::testing::TempDir tmp;
  Xapian::Database db;
};

dalil::searchd::RankerOptions options_with(std::vector<std::string> preferred,
                                           std::vector<std::string> likely,
                                           dalil::searchd::StemVocabulary* vocabulary) {
  dalil::searchd::RankerOptions options;
  options.preferred_speakers = std::move(preferred);
  options.likely_words = std::move(likely);
  options.vocabulary = vocabulary;
  return options;
}

}  // namespace

TEST_CASE("passages are ranked by distinct query terms then matches, from positions",
          "[passages]") {
  const TranscriptIndex index;
  const Xapian::Database& db = index.db;
  dalil::analyzers::Analyzer analyzer;
  const auto schema = dalil::core::IndexSchema::defaults();

  const struct {
    const char* query;
    const char* id;
    std::vector<std::string> speakers;  ///< preferred
    std::vector<std::size_t> passages;  ///< 1-based, best first
  } cases[] = {
      // Passage 5 holds both words and silo twice; 3 and 4 both words once (earlier first).
      {"grain silo", "p:hearing-1", {}, {5, 3, 4}},
      {"\"grain silo\"", "p:hearing-1", {}, {3, 4, 5}},
      {"\"silo grain\"", "p:hearing-1", {}, {1}},  // no passage matches: the first stands in
      // A stem finds other forms through the document's own words (lemons, burned/burning).
      {"lemon", "p:hearing-1", {}, {3}},
      {"burn", "p:hearing-1", {}, {2, 5}},
      {"blue NEAR/1 coat", "p:hearing-1", {}, {5, 6}},
      {"sil*", "p:hearing-1", {}, {5, 3, 4}},
      {"ferry OR lemons", "p:hearing-2", {}, {3, 1, 2}},
      // The title matches, no passage does.
      {"day", "p:hearing-1", {}, {1}},
      // A preferred speaker's turns come first among the passages that match.
      {"grain", "p:hearing-1", {}, {3, 4, 5}},
      {"grain", "p:hearing-1", {"MR. OKAFOR"}, {4, 3, 5}},
      // ... and stand in when none matches.
      {"", "p:hearing-1", {"THE WITNESS"}, {3}},
      // Arabic: forms of one stem with and without the article and clitics.
      {"الصومعة", "p:shahada-1", {}, {2, 3}},
      // Light stemming keeps a bare ب on a word without the article (بمعطف), so the case uses
      // the next word of that turn.
      {"أزرق", "p:shahada-1", {}, {4}},
      // Paragraphs of a document without turns.
      {"lemons ferry", "p:news-1", {}, {2}},
      {"commission", "p:news-1", {}, {3}},
      // A phrase, a quoted word or a NEAR operand also matches an Arabic word bare after
      // proclitics (بالأمم, والأمم), as the query does: those passages are listed too.
      {"\"الأمم المتحدة\"", "p:news-3", {}, {2, 4, 5}},
      {"\"الأمم\"", "p:news-3", {}, {2, 4, 5}},
      {"الأمم NEAR/1 المتحدة", "p:news-3", {}, {2, 4, 5}},
  };
  for (const auto& c : cases) {
    SECTION(std::string(c.query) + " in " + c.id) {
      const auto parsed =
          dalil::searchd::parse_query(c.query, {analyzer, schema}, dalil::searchd::QueryLimits{});
      std::vector<std::string> preferred;
      for (const auto& s : c.speakers)
        preferred.push_back(dalil::analyzers::normalize_field_value(s));
      PassageRanker ranker(parsed.highlight, analyzer, options_with(preferred, {}, nullptr));
      const Xapian::docid did = *db.postlist_begin(std::string("Q") + c.id);
      const auto table = dalil::core::decode_passage_table(
          db.get_document(did).get_value(dalil::core::schema::kSlotPassages));
      REQUIRE(table);
      std::vector<std::size_t> got;
      for (const auto& ranked : ranker.rank(db, did, *table, 20)) got.push_back(ranked.index + 1);
      CHECK(got == c.passages);

      // Prepared over every document, in an order that makes later documents reuse the words
      // of a stem seen in earlier ones: the same passages without reading the term list.
      PassageRanker prepared(parsed.highlight, analyzer, options_with(preferred, {}, nullptr));
      std::vector<Xapian::docid> all;
      for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) all.push_back(*it);
      prepared.prepare(db, all);
      std::vector<std::size_t> got_prepared;
      for (const auto& ranked : prepared.rank(db, did, *table, 20))
        got_prepared.push_back(ranked.index + 1);
      CHECK(got_prepared == c.passages);

      // With the page's positions read ahead: the same passages.
      PassageRanker read_ahead(parsed.highlight, analyzer, options_with(preferred, {}, nullptr));
      read_ahead.prepare(db, all);
      read_ahead.read_positions(db, all);
      std::vector<std::size_t> got_read_ahead;
      for (const auto& ranked : read_ahead.rank(db, did, *table, 20))
        got_read_ahead.push_back(ranked.index + 1);
      CHECK(got_read_ahead == c.passages);

      // With the worker's vocabulary: a first ranker fills it from the term lists it reads, a
      // second one (with the typed words too) then reads none and ranks the same.
      dalil::searchd::StemVocabulary vocabulary;
      PassageRanker learning(parsed.highlight, analyzer, options_with(preferred, {}, &vocabulary));
      learning.prepare(db, all);
      PassageRanker warm(parsed.highlight, analyzer,
                         options_with(preferred, parsed.stem_words, &vocabulary));
      warm.prepare(db, all);
      std::vector<std::size_t> got_warm;
      for (const auto& ranked : warm.rank(db, did, *table, 20))
        got_warm.push_back(ranked.index + 1);
      CHECK(got_warm == c.passages);
      if (!parsed.highlight.stems.empty() && parsed.highlight.prefixes.empty()) {
        CHECK(learning.term_lists_read() > 0);
        CHECK(warm.term_lists_read() == 0);
      }
    }
  }
}

TEST_CASE("known words of a stem give the ranks of the term lists", "[passages]") {
  const TranscriptIndex index;
  const Xapian::Database& db = index.db;
  dalil::analyzers::Analyzer analyzer;
  const auto schema = dalil::core::IndexSchema::defaults();
  std::vector<Xapian::docid> all;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) all.push_back(*it);
  const struct {
    const char* query;
    std::vector<std::string> likely;      ///< words given as typed (absent or of other stems too)
    std::vector<std::string> vocabulary;  ///< words the worker met, under their own stems
  } cases[] = {
      {"burn", {"burned", "burning"}, {}},
      {"burn", {"unburnable", "lemon"}, {"burns", "burned"}},
      {"lemons ferry", {"lemons", "lemon"}, {"lemon", "ferries", "ferry"}},
      {"الصومعة", {"الصومعة", "بالصومعة", "صوامع"}, {"والصومعة", "صومعة"}},
      {"grain silo", {"grain", "silo", "silos"}, {"grains", "silo", "grain"}},
      {"blue NEAR/1 coat", {"blue"}, {"blues"}},
  };
  for (const auto& c : cases) {
    SECTION(std::string(c.query) + " knowing " + std::to_string(c.likely.size()) + " words") {
      const auto parsed =
          dalil::searchd::parse_query(c.query, {analyzer, schema}, dalil::searchd::QueryLimits{});
      dalil::searchd::StemVocabulary vocabulary;
      for (const auto& word : c.vocabulary) {
        const auto tokens = analyzer.analyze(word);
        REQUIRE(tokens.size() == 1);
        vocabulary.add(tokens.front().stem, tokens.front().word, 1);
      }
      PassageRanker plain(parsed.highlight, analyzer);
      PassageRanker hinted(parsed.highlight, analyzer, options_with({}, c.likely, &vocabulary));
      hinted.prepare(db, all);
      for (const Xapian::docid did : all) {
        const auto table = dalil::core::decode_passage_table(
            db.get_document(did).get_value(dalil::core::schema::kSlotPassages));
        REQUIRE(table);
        std::vector<std::size_t> want;
        std::vector<std::size_t> got;
        for (const auto& ranked : plain.rank(db, did, *table, 20)) want.push_back(ranked.index);
        for (const auto& ranked : hinted.rank(db, did, *table, 20)) got.push_back(ranked.index);
        CHECK(got == want);
      }
    }
  }
}

TEST_CASE("a document of one passage is ranked without reading it", "[passages]") {
  // Its one passage is the answer whatever it holds: rank() reads neither its term list (for
  // stems) nor its positions, where a document of several passages needs them.
  dalil::testing::TempDir tmp;
  auto docs = dalil::testing::documents_with_turns(dalil::testing::kTestData +
                                                   "/passages/transcripts.jsonl");
  for (auto& doc : dalil::testing::documents_with_turns(dalil::testing::kTestData +
                                                        "/passages/one_passage.jsonl"))
    docs.push_back(std::move(doc));
  dalil::testing::write_index(tmp.file("ix"), docs);
  const Xapian::Database db(tmp.file("ix"));
  dalil::analyzers::Analyzer analyzer;
  const auto schema = dalil::core::IndexSchema::defaults();
  const struct {
    const char* query;
    const char* id;
    std::size_t term_lists;  ///< read by rank() without prepare()
  } cases[] = {
      // Stems: without the shortcut each reads the document's term list.
      {"burn", "p:note-1", 0},   {"grain silo", "p:note-1", 0}, {"ferry", "p:note-1", 0},
      {"absent", "p:note-1", 0}, {"burn", "p:hearing-1", 1},  // control: several passages, a stem
  };
  for (const auto& c : cases) {
    SECTION(std::string(c.query) + " in " + c.id) {
      const auto parsed =
          dalil::searchd::parse_query(c.query, {analyzer, schema}, dalil::searchd::QueryLimits{});
      const Xapian::docid did = *db.postlist_begin(std::string("Q") + c.id);
      const auto table = dalil::core::decode_passage_table(
          db.get_document(did).get_value(dalil::core::schema::kSlotPassages));
      REQUIRE(table);
      PassageRanker ranker(parsed.highlight, analyzer);
      const auto ranked = ranker.rank(db, did, *table, 3);
      REQUIRE(!ranked.empty());
      if (c.term_lists == 0) {
        REQUIRE(table->size() == 1);
        REQUIRE(ranked.size() == 1);
        CHECK(ranked.front().index == 0);
      }
      CHECK(ranker.term_lists_read() == c.term_lists);
    }
  }
}

TEST_CASE("a stem vocabulary keeps the most frequent words within its bounds", "[passages]") {
  using dalil::searchd::StemVocabulary;
  SECTION("most frequent first, each word once") {
    StemVocabulary vocabulary;
    vocabulary.add("s", "b", 5);
    vocabulary.add("s", "a", 9);
    vocabulary.add("s", "c", 1);
    vocabulary.add("s", "a", 2);  // known: not added again
    vocabulary.add("t", "x", 3);
    std::vector<std::string> words;
    for (const auto& entry : vocabulary.words("s")) words.push_back(entry.word);
    CHECK(words == std::vector<std::string>{"a", "b", "c"});
    CHECK(vocabulary.words("t").size() == 1);
    CHECK(vocabulary.words("none").empty());
  }
  SECTION("a full stem drops its rarest word for a more frequent one") {
    StemVocabulary vocabulary;
    for (std::size_t i = 0; i < StemVocabulary::kMaxWordsPerStem; ++i)
      vocabulary.add("s", "w" + std::to_string(i), static_cast<Xapian::doccount>(100 + i));
    vocabulary.add("s", "rare", 1);
    vocabulary.add("s", "common", 1000);
    const auto& words = vocabulary.words("s");
    REQUIRE(words.size() == StemVocabulary::kMaxWordsPerStem);
    CHECK(words.front().word == "common");
    CHECK(words.back().word == "w1");  // w0, the rarest, made room
    for (const auto& entry : words) CHECK(entry.word != "rare");
  }
  SECTION("too many stems empty the table") {
    StemVocabulary vocabulary;
    for (std::size_t i = 0; i < StemVocabulary::kMaxStems; ++i)
      vocabulary.add("s" + std::to_string(i), "w", 1);
    CHECK(vocabulary.stems() == StemVocabulary::kMaxStems);
    vocabulary.add("s0", "v", 1);  // a known stem still fits
    CHECK(vocabulary.stems() == StemVocabulary::kMaxStems);
    vocabulary.add("new", "w", 1);
    CHECK(vocabulary.stems() == 1);
    CHECK(vocabulary.words("s0").empty());
  }
}

TEST_CASE("timecodes, permalinks, locators and citation lines", "[passages]") {
  SECTION("timecodes") {
    const struct {
      uint32_t ms;
      const char* text;
    } cases[] = {{0, "00:00:00.000"},
                 {61001, "00:01:01.001"},
                 {3723004, "01:02:03.004"},
                 {360000000, "100:00:00.000"}};
    for (const auto& c : cases) CHECK(dalil::searchd::format_timecode(c.ms) == c.text);
  }
  SECTION("permalinks") {
    const struct {
      const char* base;
      const char* id;
      std::size_t n;
      const char* link;
    } cases[] = {
        {"", "t:ar-1", 2, "/api/documents/t:ar-1/passages/2"},
        {"https://archive.example.org", "a b/ج", 1,
         "https://archive.example.org/api/documents/a%20b%2F%D8%AC/passages/1"},
    };
    for (const auto& c : cases) CHECK(dalil::searchd::permalink(c.base, c.id, c.n) == c.link);
  }
  SECTION("locators leave out absent fields") {
    const Passage turn{10, 60, "THE WITNESS", "A", 31000, 62500, std::nullopt};
    CHECK(dalil::searchd::locator_json(turn, 3, "ab") == nlohmann::json{{"passage", 3},
                                                                        {"speaker", "THE WITNESS"},
                                                                        {"qa", "A"},
                                                                        {"start", "00:00:31.000"},
                                                                        {"end", "00:01:02.500"},
                                                                        {"byte_start", 10},
                                                                        {"byte_end", 60},
                                                                        {"sha256", "ab"}});
    const Passage page{0, 5, "", "", std::nullopt, std::nullopt, 7};
    CHECK(dalil::searchd::locator_json(page, 1, "ab") ==
          nlohmann::json{
              {"passage", 1}, {"page", 7}, {"byte_start", 0}, {"byte_end", 5}, {"sha256", "ab"}});
  }
  SECTION("citation lines") {
    const struct {
      const char* name;
      dalil::searchd::CiteParts parts;
      Passage passage;
      std::size_t n;
      const char* line;
    } cases[] = {
        {"turn with timecodes",
         {"Harbour Commission", "Hearing, day 3", "2019-04-02", "/api/documents/h/passages/5"},
         {0, 1, "THE WITNESS", "A", 70000, 160000, std::nullopt},
         5,
         "Harbour Commission, \u201CHearing, day 3\u201D, 2019-04-02, THE WITNESS, "
         "00:01:10.000\u201300:02:40.000, passage 5, /api/documents/h/passages/5"},
        {"page of a report",
         {"Syrian Archive", "Report", "2013-08", "https://x.org/api/documents/r/passages/2"},
         {0, 1, "", "", std::nullopt, std::nullopt, 4},
         2,
         "Syrian Archive, \u201CReport\u201D, 2013-08, p. 4, passage 2, "
         "https://x.org/api/documents/r/passages/2"},
        {"start only, no title or source",
         {"", "", "", "/p"},
         {0, 1, "", "", 5000, std::nullopt, std::nullopt},
         1,
         "00:00:05.000, passage 1, /p"},
    };
    for (const auto& c : cases) {
      INFO(c.name);
      CHECK(dalil::searchd::cite_line(c.parts, c.passage, c.n) == c.line);
    }
  }
}
