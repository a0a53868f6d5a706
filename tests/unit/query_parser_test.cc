/// @file tests/unit/query_parser_test.cc
/// @brief parse_query: Xapian queries, highlight terms, errors with positions, and real hit sets.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "core/error.h"
#include "indexer/index_writer.h"
#include "searchd/query_parser.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::analyzers::Analyzer;
using dalil::searchd::parse_query;
using dalil::searchd::ParsedQuery;
using dalil::searchd::QueryLimits;
using Phrases = std::vector<std::vector<std::string>>;
using Ids = std::set<std::string>;

/// A small archive, indexed once for the hit-set checks.
const std::vector<std::string>& archive() {
  static const std::vector<std::string> docs = {
      R"({"id":"ar-un","title":"الأمم المتحدة تدين الهجوم",)"
      R"("body":"أدانت الأمم المتحدة الهجوم على مستشفى الشفاء في مرسى النور."})",
      R"({"id":"ar-official","body":"قال مسؤول في الامم المتحده إن السلاح الكيماوي استخدم."})",
      R"({"id":"ar-weapons","body":"عثر المحققون على الأسلحة الكيميائية قرب المستشفى."})",
      R"({"id":"en-council","title":"Council meetings in Geneva",)"
      R"("body":"The council met to discuss the hospital attack in Marsa Nour."})",
      R"({"id":"en-heart","body":"The death certificate said heart attack. Doctors disagreed."})",
      R"({"id":"en-email","body":"Send an e-mail to the United Nations office."})",
      R"({"id":"mixed","body":"قال Dr. Haddad إن الأمم المتحدة لم ترد. The United Nations did not reply."})",
  };
  return docs;
}

const Ids kAll = {"ar-un",    "ar-official", "ar-weapons", "en-council",
                  "en-heart", "en-email",    "mixed"};

Ids all_but(const Ids& excluded) {
  Ids ids;
  for (const auto& id : kAll) {
    if (excluded.count(id) == 0) ids.insert(id);
  }
  return ids;
}

/// Builds the archive with the real indexer into @p path.
void build_archive(const std::string& path) {
  dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
  for (const auto& json : archive()) {
    writer.upsert(dalil::core::document_from_json(nlohmann::json::parse(json),
                                                  dalil::core::DocumentLimits{}));
  }
  writer.commit();
}

Ids search(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet hits = enquire.get_mset(0, 100);
  Ids ids;
  for (auto it = hits.begin(); it != hits.end(); ++it) {
    ids.insert(nlohmann::json::parse(it.get_document().get_data()).at("id").get<std::string>());
  }
  return ids;
}

std::string join(const Ids& ids) {
  std::string out;
  for (const auto& id : ids) out += id + " ";
  return out;
}

}  // namespace

TEST_CASE("parse_query builds the expected queries and highlights and hits", "[query_parser]") {
  struct Case {
    std::string query;
    std::string description;  ///< Xapian::Query::get_description(), exactly.
    bool has_terms;
    std::vector<std::string> stems;
    Phrases phrases;
    Ids hits;
  };
  const std::vector<Case> cases = {
      // A single word matches its stem.
      {"council", "Query(Zcouncil)", true, {"council"}, {}, {"en-council"}},
      {"Meetings", "Query(Zmeet)", true, {"meet"}, {}, {"en-council"}},
      {"meeting", "Query(Zmeet)", true, {"meet"}, {}, {"en-council"}},
      {"Geneva", "Query(Zgeneva)", true, {"geneva"}, {}, {"en-council"}},  // A title word.
      {"الأمم", "Query(Zامم)", true, {"امم"}, {}, {"ar-un", "ar-official", "mixed"}},
      {"الامم", "Query(Zامم)", true, {"امم"}, {}, {"ar-un", "ar-official", "mixed"}},
      // Hamza seats fold: مسئول and مسؤول are one word.
      {"مسئول", "Query(Zمسءول)", true, {"مسءول"}, {}, {"ar-official"}},
      {"مسؤول", "Query(Zمسءول)", true, {"مسءول"}, {}, {"ar-official"}},
      {"السلاح", "Query(Zسلاح)", true, {"سلاح"}, {}, {"ar-official"}},
      // Two words: AND, written or implied.
      {"hospital attack",
       "Query((Zhospit AND Zattack))",
       true,
       {"hospit", "attack"},
       {},
       {"en-council"}},
      {"hospital AND attack",
       "Query((Zhospit AND Zattack))",
       true,
       {"hospit", "attack"},
       {},
       {"en-council"}},
      {"الأمم المتحدة",
       "Query((Zامم AND Zمتحده))",
       true,
       {"امم", "متحده"},
       {},
       {"ar-un", "ar-official", "mixed"}},
      // OR.
      {"hospital OR heart",
       "Query((Zhospit OR Zheart))",
       true,
       {"hospit", "heart"},
       {},
       {"en-council", "en-heart"}},
      {"Haddad OR Khatib",
       "Query((Zhaddad OR Zkhatib))",
       true,
       {"haddad", "khatib"},
       {},
       {"mixed"}},
      // NOT and -word: AND_NOT, and the negated words are not highlighted.
      {"attack NOT hospital",
       "Query((Zattack AND_NOT Zhospit))",
       true,
       {"attack"},
       {},
       {"en-heart"}},
      {"attack -hospital", "Query((Zattack AND_NOT Zhospit))", true, {"attack"}, {}, {"en-heart"}},
      {"الأمم -Haddad",
       "Query((Zامم AND_NOT Zhaddad))",
       true,
       {"امم"},
       {},
       {"ar-un", "ar-official"}},
      {"hospital -\"heart attack\" -Geneva",
       "Query((Zhospit AND_NOT ((heart PHRASE 2 attack) OR Zgeneva)))",
       true,
       {"hospit"},
       {},
       {}},
      {"attack (NOT hospital NOT heart)",
       "Query((Zattack AND_NOT (Zhospit OR Zheart)))",
       true,
       {"attack"},
       {},
       {}},
      // Parentheses.
      {"(heart OR hospital) attack",
       "Query(((Zheart OR Zhospit) AND Zattack))",
       true,
       {"heart", "hospit", "attack"},
       {},
       {"en-council", "en-heart"}},
      {"council OR (attack -hospital)",
       "Query((Zcouncil OR (Zattack AND_NOT Zhospit)))",
       true,
       {"council", "attack"},
       {},
       {"en-council", "en-heart"}},
      {"((council))", "Query(Zcouncil)", true, {"council"}, {}, {"en-council"}},
      // Phrases: unprefixed normalised words in order; hamza and harakat forms are the same.
      {"\"الأمم المتحدة\"",
       "Query((الامم PHRASE 2 المتحده))",
       true,
       {},
       {{"الامم", "المتحده"}},
       {"ar-un", "ar-official", "mixed"}},
      {"\"الامم المتحده\"",
       "Query((الامم PHRASE 2 المتحده))",
       true,
       {},
       {{"الامم", "المتحده"}},
       {"ar-un", "ar-official", "mixed"}},
      {"\"الأُمَم المتّحدة\"",
       "Query((الامم PHRASE 2 المتحده))",
       true,
       {},
       {{"الامم", "المتحده"}},
       {"ar-un", "ar-official", "mixed"}},
      {"\"heart attack\"",
       "Query((heart PHRASE 2 attack))",
       true,
       {},
       {{"heart", "attack"}},
       {"en-heart"}},
      {"\"attack heart\"", "Query((attack PHRASE 2 heart))", true, {}, {{"attack", "heart"}}, {}},
      // The title ends with Geneva and the body starts with "The council": no phrase across.
      {"\"Geneva the council\"",
       "Query((geneva PHRASE 3 the PHRASE 3 council))",
       true,
       {},
       {{"geneva", "the", "council"}},
       {}},
      {"\"United Nations\" OR \"heart attack\"",
       "Query(((united PHRASE 2 nations) OR (heart PHRASE 2 attack)))",
       true,
       {},
       {{"united", "nations"}, {"heart", "attack"}},
       {"en-email", "en-heart", "mixed"}},
      // A word that analyses to several words is a phrase.
      {"e-mail", "Query((e PHRASE 2 mail))", true, {}, {{"e", "mail"}}, {"en-email"}},
      // A single quoted word matches unstemmed.
      {"\"meeting\"", "Query(meeting)", true, {}, {{"meeting"}}, {}},
      {"\"Meetings\"", "Query(meetings)", true, {}, {{"meetings"}}, {"en-council"}},
      {"\"الأمم\"", "Query(الامم)", true, {}, {{"الامم"}}, {"ar-un", "ar-official", "mixed"}},
      // Negative only: everything but.
      {"-council",
       "Query((<alldocuments> AND_NOT Zcouncil))",
       false,
       {},
       {},
       all_but({"en-council"})},
      {"NOT attack",
       "Query((<alldocuments> AND_NOT Zattack))",
       false,
       {},
       {},
       all_but({"en-council", "en-heart"})},
      {"-attack -الأمم",
       "Query((<alldocuments> AND_NOT (Zattack OR Zامم)))",
       false,
       {},
       {},
       {"ar-weapons", "en-email"}},
      // Nothing searchable.
      {"", "Query(<alldocuments>)", false, {}, {}, kAll},
      {"   \t ", "Query(<alldocuments>)", false, {}, {}, kAll},
      {"!!! ... ،؟", "Query(<alldocuments>)", false, {}, {}, kAll},
      {"\"\"", "Query(<alldocuments>)", false, {}, {}, kAll},
      {"(!!)", "Query(<alldocuments>)", false, {}, {}, kAll},
      {"-", "Query(<alldocuments>)", false, {}, {}, kAll},
      // Punctuation next to words is dropped.
      {"council OR !!", "Query(Zcouncil)", true, {"council"}, {}, {"en-council"}},
      {"council NOT !!", "Query(Zcouncil)", true, {"council"}, {}, {"en-council"}},
      {"a - council", "Query((Za AND Zcouncil))", true, {"a", "council"}, {}, {}},
      // Lower-case operators are words.
      {"heart or attack",
       "Query((Zheart AND Zor AND Zattack))",
       true,
       {"heart", "or", "attack"},
       {},
       {}},
  };

  dalil::testing::TempDir dir;
  const std::string path = dir.file("index");
  build_archive(path);
  const Xapian::Database db(path);
  REQUIRE(db.get_doccount() == archive().size());
  Analyzer analyzer;

  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "]") {
      const ParsedQuery parsed = parse_query(c.query, analyzer, QueryLimits{});
      CHECK(parsed.query.get_description() == c.description);
      CHECK(parsed.has_terms == c.has_terms);
      CHECK(parsed.highlight.stems == c.stems);
      CHECK(parsed.highlight.phrases == c.phrases);
      CHECK(parsed.highlight.empty() == (c.stems.empty() && c.phrases.empty()));
      CHECK(parsed.explained.is_object());
      INFO("hits: " << join(search(db, parsed.query)));
      CHECK(search(db, parsed.query) == c.hits);
    }
  }
}

TEST_CASE("parse_query gives the same query for hamza and hamza-less spellings", "[query_parser]") {
  struct Case {
    std::string a;
    std::string b;
  };
  const std::vector<Case> cases = {
      {"الأمم المتحدة", "الامم المتحده"},
      {"\"الأمم المتحدة\"", "\"الامم المتحده\""},
      {"إبلين", "ابلين"},
      {"مسؤول OR شؤون", "مسئول OR شئون"},
      {"مرسى -الأسلحة", "مرسي -الاسلحه"},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.a << " = " << c.b) {
      const auto a = parse_query(c.a, analyzer, QueryLimits{});
      const auto b = parse_query(c.b, analyzer, QueryLimits{});
      CHECK(a.query.get_description() == b.query.get_description());
      CHECK(a.highlight.stems == b.highlight.stems);
      CHECK(a.highlight.phrases == b.highlight.phrases);
    }
  }
}

TEST_CASE("parse_query rejects bad queries with the position of the problem", "[query_parser]") {
  struct Case {
    std::string query;
    int max_terms;
    std::string message_part;  ///< The start of the message, up to and including the position.
  };
  const std::vector<Case> cases = {
      {"a \"b c", 64, "unclosed quote at position 3"},
      {"\"", 64, "unclosed quote at position 1"},
      {"\"a\" \"b", 64, "unclosed quote at position 5"},
      {"a )", 64, "unmatched ) at position 3"},
      {")", 64, "unmatched ) at position 1"},
      {"a) b", 64, "unmatched ) at position 2"},
      {"(a))", 64, "unmatched ) at position 4"},
      {"(a b", 64, "unclosed ( at position 1"},
      {"x (a OR b", 64, "unclosed ( at position 3"},
      {"((a) b", 64, "unclosed ( at position 1"},
      {"a ()", 64, "empty parentheses at position 4"},
      {"()", 64, "empty parentheses at position 2"},
      {"a AND", 64, "AND has nothing after it at position 6"},
      {"a OR", 64, "OR has nothing after it at position 5"},
      {"a NOT", 64, "NOT has nothing after it at position 6"},
      {"NOT", 64, "NOT has nothing after it at position 4"},
      {"a AND AND b", 64, "AND has nothing after it at position 7"},
      {"a OR OR b", 64, "OR has nothing after it at position 6"},
      {"a AND )", 64, "AND has nothing after it at position 7"},
      {"AND a", 64, "AND has nothing before it at position 1"},
      {"AND", 64, "AND has nothing before it at position 1"},
      {"(AND a)", 64, "AND has nothing before it at position 2"},
      {"a OR AND b", 64, "OR has nothing after it at position 6"},
      {"OR a", 64, "OR cannot stand here at position 1"},
      {"NOT NOT x", 64, "double negation at position 1"},
      {"a NOT NOT x", 64, "double negation at position 3"},
      {"NOT -x", 64, "double negation at position 1"},
      {"NOT (NOT x)", 64, "double negation at position 1"},
      // OR with a negated part: the position is the negated part's.
      {"a OR -b", 64, "OR of a negated part at position 6"},
      {"a OR NOT b", 64, "OR of a negated part at position 6"},
      {"NOT a OR b", 64, "OR of a negated part at position 1"},
      {"a OR b OR (NOT c)", 64, "OR of a negated part at position 11"},
      // Too many terms: the position is the first term over the limit.
      {"a b c d", 3, "too many words at position 7"},
      {"a -b -c -d", 3, "too many words at position 10"},
      {"a OR b OR c OR d", 3, "too many words at position 16"},
      {"\"a b c d e\" f g h", 3, "too many words at position 17"},
      {"x", 0, "too many words at position 1"},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "]") {
      QueryLimits limits;
      limits.max_terms = c.max_terms;
      try {
        parse_query(c.query, analyzer, limits);
        FAIL("no error");
      } catch (const dalil::core::Error& e) {
        CHECK(e.code() == dalil::core::ErrorCode::kBadQuery);
        CHECK(e.http_status() == 400);
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith(c.message_part + "; "));
      }
    }
  }
}

TEST_CASE("parse_query counts words and phrases against max_terms", "[query_parser]") {
  struct Case {
    std::string query;
    int max_terms;
  };
  // Each query is exactly at its limit, so it parses.
  const std::vector<Case> cases = {
      {"a b c", 3},
      {"\"a b c d e\" f g", 3},  // A phrase counts once.
      {"a OR b -c", 3},
      {"x", 1},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "] with max_terms " << c.max_terms) {
      QueryLimits limits;
      limits.max_terms = c.max_terms;
      CHECK_NOTHROW(parse_query(c.query, analyzer, limits));
    }
  }
}

TEST_CASE("parse_query explains how it understood the query", "[query_parser]") {
  Analyzer analyzer;
  struct Case {
    std::string query;
    std::string explained;
  };
  const std::vector<Case> cases = {
      {"", "{}"},
      {"Meetings", R"({"stem":"meet","text":"Meetings","word":"meetings"})"},
      {"a -\"b c\"",
       R"({"op":"AND","parts":[{"stem":"a","text":"a","word":"a"},)"
       R"({"op":"NOT","part":{"match":"words in order","phrase":["b","c"],"text":"b c"}}]})"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "]") {
      CHECK(parse_query(c.query, analyzer, QueryLimits{}).explained.dump() == c.explained);
    }
  }
}
