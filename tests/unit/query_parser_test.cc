/// @file tests/unit/query_parser_test.cc
/// @brief parse_query: Xapian queries, highlight terms, errors with positions, and real hit sets.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "core/error.h"
#include "core/schema.h"
#include "indexer/index_writer.h"
#include "searchd/query_parser.h"
#include "tests/support/temp_dir.h"

namespace {

const dalil::core::IndexSchema kTestSchema = dalil::core::IndexSchema::defaults();

using dalil::analyzers::Analyzer;
using dalil::searchd::HighlightTerms;
using dalil::searchd::parse_query;
using dalil::searchd::ParsedQuery;
using dalil::searchd::QueryLimits;
using Phrases = std::vector<std::vector<std::string>>;
using Ids = std::set<std::string>;

/// A small archive, indexed once for the hit-set checks. Dates come at every precision (day,
/// year only, month only, timestamp with offset, none) so date ranges can overlap coarse dates.
const std::vector<std::string>& archive() {
  static const std::vector<std::string> docs = {
      R"({"id":"ar-un","title":"الأمم المتحدة تدين الهجوم",)"
      R"("body":"أدانت الأمم المتحدة الهجوم على مستشفى الشفاء في مرسى النور.",)"
      R"("date":"2011-03-14","source":"Marsa Radio","lang":"ar","place":"Marsa Nour",)"
      R"("tags":["attack","UN"]})",
      R"({"id":"ar-official","body":"قال مسؤول في الامم المتحده إن السلاح الكيماوي استخدم.",)"
      R"("date":"2011","source":"Qaryan Daily","lang":"ar","speakers":["THE WITNESS"]})",
      R"({"id":"ar-weapons","body":"عثر المحققون على الأسلحة الكيميائية قرب المستشفى.",)"
      R"("date":"2013-08-21","source":"Qaryan Daily","lang":"ar","type":"report",)"
      R"("tags":["chemical weapons"]})",
      R"({"id":"en-council","title":"Council meetings in Geneva",)"
      R"("body":"The council met to discuss the hospital attack in Marsa Nour.",)"
      R"("date":"2013-08","source":"Marsa Radio","lang":"en","place":"Geneva",)"
      R"("speakers":["Dr. Haddad","Layla Nasser"]})",
      R"({"id":"en-heart","body":"The death certificate said heart attack. Doctors disagreed.",)"
      R"("date":"2012-05-02T10:00:00+03:00","source":"Witness Archive","lang":"en",)"
      R"("type":"testimony","speakers":["THE WITNESS"]})",
      R"({"id":"en-email","body":"Send an e-mail to the United Nations office.",)"
      R"("source":"Marsa Radio","lang":"en"})",
      R"({"id":"mixed","body":"قال Dr. Haddad إن الأمم المتحدة لم ترد. The United Nations did not reply.",)"
      R"("date":"2014-01-05","lang":"mixed","speakers":["Dr. Haddad"],"place":"مرسى النور"})",
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
                                                  dalil::core::DocumentLimits{},
                                                  dalil::core::IndexSchema::defaults()));
  }
  writer.commit();
}

Ids search(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  const Xapian::MSet hits = enquire.get_mset(0, 100);
  Ids ids;
  for (auto it = hits.begin(); it != hits.end(); ++it) {
    ids.insert(it.get_document().get_value(dalil::core::schema::kSlotId));
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
       "Query((Zامم AND Zمتحد))",
       true,
       {"امم", "متحد"},
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
       "Query(((الامم OR Bالامم) PHRASE 2 (المتحده OR Bالمتحده)))",
       true,
       {},
       {{"الامم", "المتحده"}},
       {"ar-un", "ar-official", "mixed"}},
      {"\"الامم المتحده\"",
       "Query(((الامم OR Bالامم) PHRASE 2 (المتحده OR Bالمتحده)))",
       true,
       {},
       {{"الامم", "المتحده"}},
       {"ar-un", "ar-official", "mixed"}},
      {"\"الأُمَم المتّحدة\"",
       "Query(((الامم OR Bالامم) PHRASE 2 (المتحده OR Bالمتحده)))",
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
      {"\"الأمم\"",
       "Query((الامم OR Bالامم))",
       true,
       {},
       {{"الامم"}},
       {"ar-un", "ar-official", "mixed"}},
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
      // Nothing asked: the whole archive (signs alone are an error, below).
      {"", "Query(<alldocuments>)", false, {}, {}, kAll},
      {"   \t ", "Query(<alldocuments>)", false, {}, {}, kAll},
      // Punctuation next to words is dropped.
      {"council OR !!", "Query(Zcouncil)", true, {"council"}, {}, {"en-council"}},
      {"council NOT !!", "Query(Zcouncil)", true, {"council"}, {}, {"en-council"}},
      // "a" is a stop word, left out next to another word.
      {"a - council", "Query(Zcouncil)", true, {"council"}, {}, {"en-council"}},
      // Lower-case operators are words: "not" is searched, "or" is a stop word left out, and
      // neither is an operator.
      {"heart not attack",
       "Query((Zheart AND Znot AND Zattack))",
       true,
       {"heart", "not", "attack"},
       {},
       {}},
      {"heart or attack",
       "Query((Zheart AND Zattack))",
       true,
       {"heart", "attack"},
       {},
       {"en-heart"}},
  };

  dalil::testing::TempDir dir;
  const std::string path = dir.file("index");
  build_archive(path);
  const Xapian::Database db(path);
  REQUIRE(db.get_doccount() == archive().size());
  Analyzer analyzer;

  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "]") {
      const ParsedQuery parsed = parse_query(c.query, {analyzer, kTestSchema}, QueryLimits{});
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

namespace {

/// HighlightTerms in one expression per kind, for the tables below.
HighlightTerms no_marks() {
  return HighlightTerms{};
}
HighlightTerms stems(std::vector<std::string> values) {
  HighlightTerms terms;
  terms.stems = std::move(values);
  return terms;
}
HighlightTerms words(std::vector<std::string> values) {
  HighlightTerms terms;
  terms.words = std::move(values);
  return terms;
}
HighlightTerms prefixes(std::vector<std::string> values) {
  HighlightTerms terms;
  terms.prefixes = std::move(values);
  return terms;
}

}  // namespace

TEST_CASE("parse_query reads field scopes and dates and NEAR and prefixes", "[query_parser]") {
  struct Case {
    std::string query;
    std::string description;  ///< Xapian::Query::get_description(), exactly.
    bool has_terms;           ///< False for filters alone: the server sorts those by date.
    HighlightTerms highlight;
    Ids hits;
  };
  const std::vector<Case> cases = {
      // title:word matches title stems only; the body does not count.
      {"title:Geneva", "Query(ZSgeneva)", true, no_marks(), {"en-council"}},
      {"title:meeting", "Query(ZSmeet)", true, no_marks(), {"en-council"}},
      {"title:attack", "Query(ZSattack)", true, no_marks(), {}},  // Only in bodies.
      {"title:الامم", "Query(ZSامم)", true, no_marks(), {"ar-un"}},
      {"title:الأمم", "Query(ZSامم)", true, no_marks(), {"ar-un"}},
      {"title:\"الأمم المتحدة\"", "Query((Sالامم PHRASE 2 Sالمتحده))", true, no_marks(), {"ar-un"}},
      {"title:\"Council meetings\"",
       "Query((Scouncil PHRASE 2 Smeetings))",
       true,
       no_marks(),
       {"en-council"}},
      {"title:\"meetings\"", "Query(Smeetings)", true, no_marks(), {"en-council"}},
      {"title:\"meeting\"", "Query(Smeeting)", true, no_marks(), {}},  // Quoted: unstemmed.
      {"title:meet*", "Query(WILDCARD SYNONYM Smeet)", true, no_marks(), {"en-council"}},
      {"title:hosp*", "Query(WILDCARD SYNONYM Shosp)", true, no_marks(), {}},  // Body only.
      {"attack -title:Geneva",
       "Query((Zattack AND_NOT ZSgeneva))",
       true,
       stems({"attack"}),
       {"en-heart"}},
      // Facets: exact boolean filters of weight 0, case and white space folded.
      {"source:\"Marsa Radio\"",
       "Query(0 * XOmarsa radio)",
       false,
       no_marks(),
       {"ar-un", "en-council", "en-email"}},
      {"source:\"marsa   RADIO\"",
       "Query(0 * XOmarsa radio)",
       false,
       no_marks(),
       {"ar-un", "en-council", "en-email"}},
      {"source:Marsa", "Query(0 * XOmarsa)", false, no_marks(), {}},  // The whole value.
      {"speaker:\"THE WITNESS\"",
       "Query(0 * XVthe witness)",
       false,
       no_marks(),
       {"ar-official", "en-heart"}},
      {"speaker:\"Dr. Haddad\"",
       "Query(0 * XVdr. haddad)",
       false,
       no_marks(),
       {"en-council", "mixed"}},
      {"lang:ar", "Query(0 * XLar)", false, no_marks(), {"ar-un", "ar-official", "ar-weapons"}},
      {"type:testimony", "Query(0 * XTtestimony)", false, no_marks(), {"en-heart"}},
      {"tag:UN", "Query(0 * XGun)", false, no_marks(), {"ar-un"}},
      {"tag:\"chemical weapons\"",
       "Query(0 * XGchemical weapons)",
       false,
       no_marks(),
       {"ar-weapons"}},
      {"place:Geneva", "Query(0 * XPgeneva)", false, no_marks(), {"en-council"}},
      {"place:\"مرسى النور\"", "Query(0 * XPمرسى النور)", false, no_marks(), {"mixed"}},
      // Facet values fold case, not Arabic letters: a value is a name, matched as written.
      {"place:\"مرسي النور\"", "Query(0 * XPمرسي النور)", false, no_marks(), {}},
      // With words: the filter narrows, the words rank.
      {"attack source:\"Marsa Radio\"",
       "Query((Zattack AND 0 * XOmarsa radio))",
       true,
       stems({"attack"}),
       {"en-council"}},
      {"attack -source:\"Marsa Radio\"",
       "Query((Zattack AND_NOT XOmarsa radio))",
       true,
       stems({"attack"}),
       {"en-heart"}},
      {"source:\"Marsa Radio\" OR speaker:\"THE WITNESS\"",
       "Query((0 * XOmarsa radio OR 0 * XVthe witness))",
       false,
       no_marks(),
       {"ar-un", "en-council", "en-email", "ar-official", "en-heart"}},
      {"-source:\"Marsa Radio\"", "Query((<alldocuments> AND_NOT XOmarsa radio))", false,
       no_marks(), all_but({"ar-un", "en-council", "en-email"})},
      {"lang:en (heart OR council)",
       "Query((0 * XLen AND (Zheart OR Zcouncil)))",
       true,
       stems({"heart", "council"}),
       {"en-heart", "en-council"}},
      // A part before ':' that is no field leaves an ordinary word, as before.
      {"10:30", "Query((10 PHRASE 2 30))", true, {{}, {}, {}, {{"10", "30"}}, {}}, {}},
      {"https://example",
       "Query((https PHRASE 2 example))",
       true,
       {{}, {}, {}, {{"https", "example"}}, {}},
       {}},
      {"note:council",
       "Query((note PHRASE 2 council))",
       true,
       {{}, {}, {}, {{"note", "council"}}, {}},
       {}},
      // Field names are lower case, like the API's filter parameters.
      {"Title:Geneva",
       "Query((title PHRASE 2 geneva))",
       true,
       {{}, {}, {}, {{"title", "geneva"}}, {}},
       {}},
      // date: overlaps of each document's period (day, month or year) with the range.
      {"date:2011",
       "Query(0 * (VALUE_LE 10 20111231 AND VALUE_GE 11 20110101))",
       false,
       no_marks(),
       {"ar-un", "ar-official"}},
      // The year-only date of ar-official overlaps any month or day of 2011.
      {"date:2011-03",
       "Query(0 * (VALUE_LE 10 20110331 AND VALUE_GE 11 20110301))",
       false,
       no_marks(),
       {"ar-un", "ar-official"}},
      {"date:2011-03-14",
       "Query(0 * (VALUE_LE 10 20110314 AND VALUE_GE 11 20110314))",
       false,
       no_marks(),
       {"ar-un", "ar-official"}},
      {"date:2011-03-15",
       "Query(0 * (VALUE_LE 10 20110315 AND VALUE_GE 11 20110315))",
       false,
       no_marks(),
       {"ar-official"}},
      {"date:2011-04..2012",
       "Query(0 * (VALUE_LE 10 20121231 AND VALUE_GE 11 20110401))",
       false,
       no_marks(),
       {"ar-official", "en-heart"}},
      {"date:2011-03..2013-08",
       "Query(0 * (VALUE_LE 10 20130831 AND VALUE_GE 11 20110301))",
       false,
       no_marks(),
       {"ar-un", "ar-official", "en-heart", "ar-weapons", "en-council"}},
      // Open ends; an undated document (en-email) never matches.
      {"date:..2012",
       "Query(VALUE_LE 10 20121231)",
       false,
       no_marks(),
       {"ar-un", "ar-official", "en-heart"}},
      {"date:2013-08..",
       "Query(0 * (VALUE_GE 10 0 AND VALUE_GE 11 20130801))",
       false,
       no_marks(),
       {"ar-weapons", "en-council", "mixed"}},
      // The month-only date of en-council overlaps a range starting on 22 August.
      {"date:2013-08-22..",
       "Query(0 * (VALUE_GE 10 0 AND VALUE_GE 11 20130822))",
       false,
       no_marks(),
       {"en-council", "mixed"}},
      {"date:2012-06..2013-07",
       "Query(0 * (VALUE_LE 10 20130731 AND VALUE_GE 11 20120601))",
       false,
       no_marks(),
       {}},
      // A timestamp counts on its local day (10:00 at +03:00 is still 2 May).
      {"date:2012-05-02",
       "Query(0 * (VALUE_LE 10 20120502 AND VALUE_GE 11 20120502))",
       false,
       no_marks(),
       {"en-heart"}},
      {"date:2011-03-14T10:00:00Z",
       "Query(0 * (VALUE_LE 10 20110314 AND VALUE_GE 11 20110314))",
       false,
       no_marks(),
       {"ar-un", "ar-official"}},
      {"date:\"2011..2011-06\"",
       "Query(0 * (VALUE_LE 10 20110630 AND VALUE_GE 11 20110101))",
       false,
       no_marks(),
       {"ar-un", "ar-official"}},
      {"-date:2011",
       "Query((<alldocuments> AND_NOT (VALUE_LE 10 20111231 AND VALUE_GE 11 20110101)))", false,
       no_marks(), all_but({"ar-un", "ar-official"})},
      {"council date:2013",
       "Query((Zcouncil AND 0 * (VALUE_LE 10 20131231 AND VALUE_GE 11 20130101)))",
       true,
       stems({"council"}),
       {"en-council"}},
      {"date:2011 OR date:2014",
       "Query((0 * (VALUE_LE 10 20111231 AND VALUE_GE 11 20110101) OR "
       "0 * (VALUE_LE 10 20141231 AND VALUE_GE 11 20140101)))",
       false,
       no_marks(),
       {"ar-un", "ar-official", "mixed"}},
      // NEAR/n: at most n words between, either order, exact normalised words.
      {"death NEAR/3 attack",
       "Query((death NEAR 5 attack))",
       true,
       words({"death", "attack"}),
       {"en-heart"}},
      {"death NEAR/2 attack", "Query((death NEAR 4 attack))", true, words({"death", "attack"}), {}},
      {"attack NEAR/3 death",
       "Query((attack NEAR 5 death))",
       true,
       words({"attack", "death"}),
       {"en-heart"}},
      {"council NEAR/5 attack",
       "Query((council NEAR 7 attack))",
       true,
       words({"council", "attack"}),
       {"en-council"}},
      {"council NEAR/4 attack",
       "Query((council NEAR 6 attack))",
       true,
       words({"council", "attack"}),
       {}},
      // NEAR matches words, not stems: "attacks" is not "attack".
      {"death NEAR/3 attacks",
       "Query((death NEAR 5 attacks))",
       true,
       words({"death", "attacks"}),
       {}},
      {"\"Death\" NEAR/3 attack",
       "Query((death NEAR 5 attack))",
       true,
       words({"death", "attack"}),
       {"en-heart"}},
      {"heart NEAR/0 attack",
       "Query((heart NEAR 2 attack))",
       true,
       words({"heart", "attack"}),
       {"en-heart"}},
      {"attack NEAR/0 heart",
       "Query((attack NEAR 2 heart))",
       true,
       words({"attack", "heart"}),
       {"en-heart"}},
      {"death NEAR/3 heart NEAR/3 attack",
       "Query((death NEAR 6 heart NEAR 6 attack))",
       true,
       words({"death", "heart", "attack"}),
       {"en-heart"}},
      {"الهجوم NEAR/2 الشفاء",
       "Query(((الهجوم OR Bالهجوم) NEAR 4 (الشفاء OR Bالشفاء)))",
       true,
       words({"الهجوم", "الشفاء"}),
       {"ar-un"}},
      {"الهجوم NEAR/1 الشفاء",
       "Query(((الهجوم OR Bالهجوم) NEAR 3 (الشفاء OR Bالشفاء)))",
       true,
       words({"الهجوم", "الشفاء"}),
       {}},
      {"المتحدة NEAR/0 الأمم",
       "Query(((المتحده OR Bالمتحده) NEAR 2 (الامم OR Bالامم)))",
       true,
       words({"المتحده", "الامم"}),
       {"ar-un", "ar-official", "mixed"}},
      // NEAR binds tighter than OR and AND.
      {"death NEAR/3 attack OR council",
       "Query(((death NEAR 5 attack) OR Zcouncil))",
       true,
       {{"council"}, {"death", "attack"}, {}, {}, {}},
       {"en-heart", "en-council"}},
      {"doctors heart NEAR/0 attack",
       "Query((Zdoctor AND (heart NEAR 2 attack)))",
       true,
       {{"doctor"}, {"heart", "attack"}, {}, {}, {}},
       {"en-heart"}},
      {"hospital heart NEAR/0 attack",
       "Query((Zhospit AND (heart NEAR 2 attack)))",
       true,
       {{"hospit"}, {"heart", "attack"}, {}, {}, {}},
       {}},
      {"-death NEAR/3 attack", "Query((<alldocuments> AND_NOT (death NEAR 5 attack)))", false,
       no_marks(), all_but({"en-heart"})},
      // word*: normalised words starting with it, not stems.
      {"coun*", "Query(WILDCARD SYNONYM coun)", true, prefixes({"coun"}), {"en-council"}},
      {"Meet*", "Query(WILDCARD SYNONYM meet)", true, prefixes({"meet"}), {"en-council"}},
      // Punctuation pasted after the star is left out.
      {"coun*.", "Query(WILDCARD SYNONYM coun)", true, prefixes({"coun"}), {"en-council"}},
      {"مستشف*،", "Query(WILDCARD SYNONYM مستشف)", true, prefixes({"مستشف"}), {"ar-un"}},
      {"meet*?!", "Query(WILDCARD SYNONYM meet)", true, prefixes({"meet"}), {"en-council"}},
      {"unit*", "Query(WILDCARD SYNONYM unit)", true, prefixes({"unit"}), {"en-email", "mixed"}},
      {"att* -hospital",
       "Query((WILDCARD SYNONYM att AND_NOT Zhospit))",
       true,
       prefixes({"att"}),
       {"en-heart"}},
      {"الأسل*", "Query(WILDCARD SYNONYM الاسل)", true, prefixes({"الاسل"}), {"ar-weapons"}},
      // Prefixes match whole normalised words: المستشفى (with the article) is not مستشف*.
      {"مستشف*", "Query(WILDCARD SYNONYM مستشف)", true, prefixes({"مستشف"}), {"ar-un"}},
      {"coun* OR heart*",
       "Query((WILDCARD SYNONYM coun OR WILDCARD SYNONYM heart))",
       true,
       prefixes({"coun", "heart"}),
       {"en-council", "en-heart"}},
  };

  dalil::testing::TempDir dir;
  const std::string path = dir.file("index");
  build_archive(path);
  const Xapian::Database db(path);
  Analyzer analyzer;

  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "]") {
      const ParsedQuery parsed = parse_query(c.query, {analyzer, kTestSchema}, QueryLimits{});
      CHECK(parsed.query.get_description() == c.description);
      CHECK(parsed.has_terms == c.has_terms);
      CHECK(parsed.highlight.stems == c.highlight.stems);
      CHECK(parsed.highlight.words == c.highlight.words);
      CHECK(parsed.highlight.prefixes == c.highlight.prefixes);
      CHECK(parsed.highlight.phrases == c.highlight.phrases);
      CHECK(parsed.stop_words_dropped.empty());
      INFO("hits: " << join(search(db, parsed.query)));
      CHECK(search(db, parsed.query) == c.hits);
    }
  }
}

TEST_CASE("parse_query expands word* from the index, up to the deadline", "[query_parser]") {
  auto numbered = [](const char* stem, int first, int last) {
    std::vector<std::string> terms;
    for (int k = first; k <= last; ++k) {
      const std::string digits = std::to_string(k);
      terms.push_back(stem + std::string(3 - digits.size(), '0') + digits);
    }
    return terms;
  };
  // 300 words pre000..pre299, word k in k + 1 documents (doc d holds every word k >= d), so
  // the 200 most frequent are pre100..pre299; 20 words few000..few019 and 250 words
  // tie000..tie249, one document each (doc d holds few d and tie d); mix000..mix299, mix200 and
  // after in two documents, the others in one (doc d holds mix d, and mix d + 100 for d in
  // 100..199).
  dalil::testing::TempDir dir;
  const std::string path = dir.file("index");
  {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    const auto pre = numbered("pre", 0, 299);
    const auto few = numbered("few", 0, 19);
    const auto tie = numbered("tie", 0, 249);
    const auto mix = numbered("mix", 0, 299);
    for (int d = 0; d < 300; ++d) {
      Xapian::Document doc;
      for (int k = d; k < 300; ++k) doc.add_term(pre[k]);
      if (d < 20) doc.add_term(few[d]);
      if (d < 250) doc.add_term(tie[d]);
      doc.add_term(mix[d]);
      if (d >= 100 && d < 200) doc.add_term(mix[d + 100]);
      db.add_document(doc);
    }
    db.commit();
  }
  const Xapian::Database db(path);
  Analyzer analyzer;
  using Clock = std::chrono::steady_clock;
  const auto passed = Clock::now() - std::chrono::seconds(1);
  auto concat = [](std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  };
  const struct {
    const char* query;
    std::optional<Clock::time_point> deadline;
    std::vector<std::string> terms;  ///< ParsedQuery::prefix_terms
    bool cut;
    Xapian::doccount matches;
    bool as_xapian = true;  ///< The same hits and weights as OP_WILDCARD (not for ties).
  } cases[] = {
      {"few*", std::nullopt, numbered("few", 0, 19), false, 20},
      {"pre*", std::nullopt, numbered("pre", 100, 299), false, 300},
      {"pre1*", std::nullopt, numbered("pre", 100, 199), false, 200},
      {"pre* few*", std::nullopt, concat(numbered("few", 0, 19), numbered("pre", 100, 299)), false,
       20},
      // Of equal frequencies, the first in byte order (Xapian leaves ties unspecified).
      {"tie*", std::nullopt, numbered("tie", 0, 199), false, 200, false},
      {"mix*", std::nullopt, concat(numbered("mix", 0, 99), numbered("mix", 200, 299)), false, 300,
       false},
      // Excluded words give no hit a mode.
      {"-few*", std::nullopt, {}, false, 280},
      {"\"pre299\" -few*", std::nullopt, {}, false, 280},
      {"zzz*", std::nullopt, {}, false, 0},
      // A deadline far off changes nothing; one passed stops at the first word read.
      {"pre*", Clock::now() + std::chrono::hours(1), numbered("pre", 100, 299), false, 300},
      {"pre*", passed, {}, true, 0},
      {"few* OR \"pre000\"", passed, {}, true, 1},
      // A cut word* under NOT excludes everything rather than too little.
      {"-few*", passed, {}, true, 0},
      {"\"pre299\" -few*", passed, {}, true, 0},
      {"\"pre299\" NOT (few* OR \"pre000\")", passed, {}, true, 0},
      {"\"pre299\" -\"few001\"", passed, {}, false, 299},  // no word*, nothing cut
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.query << (c.deadline ? " with a deadline" : "")) {
      const ParsedQuery parsed = parse_query(
          c.query,
          {.analyzer = analyzer, .schema = kTestSchema, .database = &db, .deadline = c.deadline},
          QueryLimits{});
      CHECK(parsed.prefix_terms == c.terms);
      CHECK(parsed.expansion_cut == c.cut);
      // Highlights mark the same words, each prefix its own: those kept, none after a cut
      // before the first.
      REQUIRE(parsed.highlight.prefix_words.size() == parsed.highlight.prefixes.size());
      std::vector<std::string> marked;
      for (std::size_t p = 0; p < parsed.highlight.prefixes.size(); ++p) {
        REQUIRE(parsed.highlight.prefix_words[p].has_value());
        for (const auto& word : *parsed.highlight.prefix_words[p]) {
          CHECK(word.starts_with(parsed.highlight.prefixes[p]));
          marked.push_back(word);
        }
      }
      std::sort(marked.begin(), marked.end());
      CHECK(marked == c.terms);
      Xapian::Enquire enquire(db);
      enquire.set_query(parsed.query);
      CHECK(enquire.get_mset(0, 0, 1000).get_matches_estimated() == c.matches);
      if (c.deadline || c.terms.empty() || !c.as_xapian) continue;
      // The same documents and weights as Xapian's own expansion of the same words.
      const ParsedQuery wildcard = parse_query(c.query, {analyzer, kTestSchema}, QueryLimits{});
      for (const auto& words : wildcard.highlight.prefix_words)
        CHECK_FALSE(words.has_value());  // Xapian's expansion: every word with the prefix
      Xapian::Enquire theirs(db);
      theirs.set_query(wildcard.query);
      const Xapian::MSet a = enquire.get_mset(0, 1000);
      const Xapian::MSet b = theirs.get_mset(0, 1000);
      REQUIRE(a.size() == b.size());
      for (Xapian::doccount i = 0; i < a.size(); ++i) {
        CHECK(*a[i] == *b[i]);
        CHECK(a[i].get_weight() == Approx(b[i].get_weight()));
      }
    }
  }
}

TEST_CASE("parse_query leaves out stop words only next to another word", "[query_parser]") {
  struct Case {
    std::string query;
    std::string description;
    std::vector<std::string> dropped;  ///< As typed, in the order left out.
    std::vector<std::string> stems;
  };
  const std::vector<Case> cases = {
      {"the council", "Query(Zcouncil)", {"the"}, {"council"}},
      {"The Council", "Query(Zcouncil)", {"The"}, {"council"}},
      {"the council of the hospital",
       "Query((Zcouncil AND Zhospit))",
       {"the", "of", "the"},
       {"council", "hospit"}},
      {"council AND the", "Query(Zcouncil)", {"the"}, {"council"}},
      {"في مرسى", "Query(Zمرس)", {"في"}, {"مرس"}},
      // Hamza and alef maksura spellings alike; reported as typed.
      {"إلى مرسى", "Query(Zمرس)", {"إلى"}, {"مرس"}},
      {"الى مرسى", "Query(Zمرس)", {"الى"}, {"مرس"}},
      {"أن الأمم", "Query(Zامم)", {"أن"}, {"امم"}},
      {"ان الامم", "Query(Zامم)", {"ان"}, {"امم"}},
      // Next to a phrase, a prefix, a NEAR or a group: those are words to rank by.
      {"the \"heart attack\"", "Query((heart PHRASE 2 attack))", {"the"}, {}},
      {"the coun*", "Query(WILDCARD SYNONYM coun)", {"the"}, {}},
      {"the death NEAR/3 attack", "Query((death NEAR 5 attack))", {"the"}, {}},
      {"the (council OR heart)", "Query((Zcouncil OR Zheart))", {"the"}, {"council", "heart"}},
      {"the title:council", "Query(ZScouncil)", {"the"}, {}},
      // An AND group inside an OR is a group of its own.
      {"(the council) OR heart", "Query((Zcouncil OR Zheart))", {"the"}, {"council", "heart"}},
      // Kept: alone, only stop words, quoted, scoped, in NEAR, as an OR alternative, negated,
      // or next to filters and negations only.
      {"the", "Query(Zthe)", {}, {"the"}},
      {"to be or", "Query((Zto AND Zbe AND Zor))", {}, {"to", "be", "or"}},
      {"\"the\" council", "Query((the AND Zcouncil))", {}, {"council"}},
      {"\"the council\"", "Query((the PHRASE 2 council))", {}, {}},
      {"title:the council", "Query((ZSthe AND Zcouncil))", {}, {"council"}},
      {"the NEAR/2 council", "Query((the NEAR 4 council))", {}, {}},
      {"the OR council", "Query((Zthe OR Zcouncil))", {}, {"the", "council"}},
      {"council -the", "Query((Zcouncil AND_NOT Zthe))", {}, {"council"}},
      {"the -council", "Query((Zthe AND_NOT Zcouncil))", {}, {"the"}},
      {"the source:\"Marsa Radio\"", "Query((Zthe AND 0 * XOmarsa radio))", {}, {"the"}},
      {"في date:2011",
       "Query((Zفي AND 0 * (VALUE_LE 10 20111231 AND VALUE_GE 11 20110101)))",
       {},
       {"في"}},
      // Negations are not stop words.
      {"not council", "Query((Znot AND Zcouncil))", {}, {"not", "council"}},
      {"لم ترد", "Query((Zلم AND Zترد))", {}, {"لم", "ترد"}},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "]") {
      const ParsedQuery parsed = parse_query(c.query, {analyzer, kTestSchema}, QueryLimits{});
      CHECK(parsed.query.get_description() == c.description);
      CHECK(parsed.stop_words_dropped == c.dropped);
      CHECK(parsed.highlight.stems == c.stems);
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
      const auto a = parse_query(c.a, {analyzer, kTestSchema}, QueryLimits{});
      const auto b = parse_query(c.b, {analyzer, kTestSchema}, QueryLimits{});
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
      {"a b NEAR/1 c", 2, "too many words at position 12"},  // Each NEAR word counts.
      {"a title:b source:c", 2, "too many words at position 11"},
      // Field scopes need a value right after the colon.
      {"title:", 64, "title: has nothing after it at position 1"},
      {"a source:", 64, "source: has nothing after it at position 3"},
      {"source: x", 64, "source: has nothing after it at position 1"},
      {"title:(a b)", 64, "title: has nothing after it at position 1"},
      {"speaker:\"\"", 64, "speaker: has nothing between its quotes at position 1"},
      {"x source:\"   \"", 64, "source: has nothing between its quotes at position 3"},
      {"title:\"a b", 64, "unclosed quote at position 7"},
      {"source:Marsa*", 64, "* in a source: value at position 13"},
      // Dates: the position is that of the bad end, or of date: for a reversed range.
      {"date:", 64, "date: has nothing after it at position 1"},
      {"date:..", 64, "date: needs a date at position 1"},
      {"date:2011-13", 64, "\"2011-13\" is not a date at position 6"},
      {"date:yesterday", 64, "\"yesterday\" is not a date at position 6"},
      {"date:2011..2012-02-30", 64, "\"2012-02-30\" is not a date at position 12"},
      {"date:2011...2012", 64, "\".2012\" is not a date at position 12"},
      {"date:2013..2011", 64, "the date range ends before it starts at position 1"},
      {"x date:2011-03-15..2011-03-14", 64, "the date range ends before it starts at position 3"},
      {"date:2011-04..2011-03", 64, "the date range ends before it starts at position 1"},
      // NEAR/n: one word on each side, 0 <= n <= 100, one n per chain.
      {"NEAR/3 b", 64, "NEAR/3 has no word before it at position 1"},
      {"a OR NEAR/3 b", 64, "OR has nothing after it at position 6"},
      {"a NEAR/3", 64, "NEAR/3 has no word after it at position 9"},
      {"a NEAR/3 OR b", 64, "NEAR/3 has no word after it at position 10"},
      {"a NEAR/3 NEAR/3 b", 64, "NEAR/3 has no word after it at position 10"},
      {"(a NEAR/3) b", 64, "NEAR/3 has no word after it at position 10"},
      {"\"a b\" NEAR/3 c", 64, "NEAR/3 needs a single word on each side at position 1"},
      {"a NEAR/3 \"b c\"", 64, "NEAR/3 needs a single word on each side at position 10"},
      {"e-mail NEAR/3 c", 64, "NEAR/3 needs a single word on each side at position 1"},
      {"ab* NEAR/3 c", 64, "NEAR/3 needs a single word on each side at position 1"},
      {"a NEAR/3 !!", 64, "NEAR/3 needs a single word on each side at position 10"},
      {"(a) NEAR/3 b", 64, "NEAR/3 needs a single word before it at position 1"},
      {"title:a NEAR/3 b", 64, "NEAR/3 needs a single word before it at position 1"},
      {"a NEAR/3 (b)", 64, "NEAR/3 needs a single word after it at position 10"},
      {"a NEAR/3 -b", 64, "NEAR/3 needs a single word after it at position 10"},
      {"a NEAR/3 title:b", 64, "NEAR/3 needs a single word after it at position 10"},
      {"a NEAR/x b", 64, "NEAR/x is not a NEAR distance at position 3"},
      {"a NEAR/ b", 64, "NEAR/ is not a NEAR distance at position 3"},
      {"a NEAR/101 b", 64, "NEAR/101 is not a NEAR distance at position 3"},
      {"a NEAR/-1 b", 64, "NEAR/-1 is not a NEAR distance at position 3"},
      {"a NEAR/3.5 b", 64, "NEAR/3.5 is not a NEAR distance at position 3"},
      {"a NEAR/3 b NEAR/4 c", 64, "NEAR/4 mixed with NEAR/3 in one chain at position 12"},
      // word*: two characters at least, and the * only at the end.
      {"a*", 64, "a * needs at least 2 characters before it at position 2"},
      {"*", 64, "a * needs at least 2 characters before it at position 1"},
      {"x *", 64, "a * needs at least 2 characters before it at position 3"},
      {"*ab", 64, "a * needs at least 2 characters before it at position 1"},
      {"!!*", 64, "a * needs at least 2 characters before it at position 3"},
      {"بَ*", 64, "a * needs at least 2 characters before it at position 5"},  // ب and a mark.
      {"title:a*", 64, "a * needs at least 2 characters before it at position 8"},
      {"ab*c", 64, "* in the middle of a word at position 3"},
      {"ab**", 64, "* in the middle of a word at position 3"},
      {"ab*.*", 64, "* in the middle of a word at position 3"},
      {"ab*.c", 64, "* in the middle of a word at position 3"},
      {"council -un*ited", 64, "* in the middle of a word at position 12"},
      {"e-ma*", 64, "a * may only end a single word at position 1"},
      // Inside quotes a * would be dropped as punctuation: the phrase would ask for "nat".
      {"\"united nat*\"", 64, "a word* inside quotes at position 12"},
      {"=\"united nat*\"", 64, "a word* inside quotes at position 13"},
      {"a \"الامم المتح*\"", 64, "a word* inside quotes at position 25"},
      {"title:\"united nat*\"", 64, "a word* inside quotes at position 18"},
      {"\"un* nations\"", 64, "a word* inside quotes at position 4"},
      // Signs alone ask for something the index cannot search: not the whole archive.
      {"!!! ... ،؟", 64, "no word to search for at position 1"},
      {"\"\"", 64, "no word to search for at position 1"},
      {"(!!)", 64, "no word to search for at position 1"},
      {"-", 64, "no word to search for at position 1"},
      {"  =", 64, "no word to search for at position 3"},
      {"= -", 64, "no word to search for at position 1"},
      {"--a", 64, "double negation at position 1"},
      {"x --a", 64, "double negation at position 3"},
      {"---", 64, "no word to search for at position 1"},
      {"\xC2\xA0\xE2\x80\x8F!", 64, "no word to search for at position 6"},
      // The default QueryLimits allow 4 words ending in * (each expands to 200 words).
      {"ال* OR ال* OR ال* OR ال* OR ال*", 64, "too many words ending in * at position 37"},
      {"co* ca* title:ci* cu* ce*", 64, "too many words ending in * at position 23"},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "]") {
      QueryLimits limits;
      limits.max_terms = c.max_terms;
      try {
        parse_query(c.query, {analyzer, kTestSchema}, limits);
        FAIL("no error");
      } catch (const dalil::core::Error& e) {
        CHECK(e.code() == dalil::core::ErrorCode::kBadQuery);
        CHECK(e.http_status() == 400);
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith(c.message_part + "; "));
      }
    }
  }
  // A * on its own inside quotes is punctuation, as anywhere in a phrase.
  for (const char* query : {"\"5 * 3\"", "title:\"a * b\"", "\"nat *\""}) {
    INFO(query);
    CHECK_NOTHROW(parse_query(query, {analyzer, kTestSchema}, QueryLimits{}));
  }
}

TEST_CASE("parse_query reads a run of signs before a space as a word of signs", "[query_parser]") {
  // Pasted text has dashes: only a run right before a word is made of minus signs.
  const std::vector<std::string> cases = {"a -- b", "a --- b", "a (--) b", "a ----- b", "a -"};
  Analyzer analyzer;
  for (const auto& q : cases) {
    DYNAMIC_SECTION("query: [" << q << "]") {
      const ParsedQuery parsed = parse_query(q, {analyzer, kTestSchema}, QueryLimits{});
      CHECK(parsed.has_terms);
      CHECK(parsed.query.get_description().find("AND_NOT") == std::string::npos);
    }
  }
}

TEST_CASE("parse_query counts words and phrases against max_terms", "[query_parser]") {
  struct Case {
    std::string query;
    int max_terms;
    int prefixes = 0;  ///< words ending in * in the query
  };
  // Each query is exactly at its limits, so it parses; one more word or prefix is refused.
  const std::vector<Case> cases = {
      {"a b c", 3},
      {"\"a b c d e\" f g", 3},  // A phrase counts once.
      {"a OR b -c", 3},
      {"x", 1},
      {"co* OR ca* title:ci*", 3, 3},
      {"ال*", 1, 1},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "] with max_terms " << c.max_terms) {
      QueryLimits limits;
      limits.max_terms = c.max_terms;
      limits.max_prefixes = c.prefixes;
      CHECK_NOTHROW(parse_query(c.query, {analyzer, kTestSchema}, limits));
      limits.max_terms = c.max_terms - 1;
      CHECK_THROWS_WITH(parse_query(c.query, {analyzer, kTestSchema}, limits),
                        Catch::Matchers::Contains("too many"));
      limits.max_terms = c.max_terms;
      limits.max_prefixes = c.prefixes - 1;
      if (c.prefixes > 0) {
        CHECK_THROWS_WITH(parse_query(c.query, {analyzer, kTestSchema}, limits),
                          Catch::Matchers::Contains("too many words ending in *"));
      }
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
      {"the council",
       R"({"op":"AND","parts":[{"dropped":"stop word","stem":"the","text":"the","word":"the"},)"
       R"({"stem":"council","text":"council","word":"council"}]})"},
      {"heart OR \"the\"", R"({"op":"OR","parts":[{"stem":"heart","text":"heart","word":"heart"},)"
                           R"({"match":"words in order","phrase":["the"],"text":"the"}]})"},
      {"title:Geneva", R"({"field":"title","stem":"geneva","text":"Geneva","word":"geneva"})"},
      {"title:\"Marsa Nour\"",
       R"({"field":"title","match":"words in order","phrase":["marsa","nour"],"text":"Marsa Nour"})"},
      {"title:Meet*", R"({"field":"title","prefix":"meet","text":"Meet*"})"},
      {"source:\"Marsa Radio\"", R"({"field":"source","value":"Marsa Radio"})"},
      {"-speaker:\"THE WITNESS\"",
       R"({"op":"NOT","part":{"field":"speaker","value":"THE WITNESS"}})"},
      {"date:2011-03..2013-08",
       R"({"date":{"from":"20110301","to":"20130831"},"text":"2011-03..2013-08"})"},
      {"date:2011", R"({"date":{"from":"20110101","to":"20111231"},"text":"2011"})"},
      {"date:..2013", R"({"date":{"to":"20131231"},"text":"..2013"})"},
      {"date:2013-08..", R"({"date":{"from":"20130801"},"text":"2013-08.."})"},
      {"death NEAR/3 attack",
       R"({"distance":3,"near":["death","attack"],"text":"death NEAR/3 attack"})"},
      {"a NEAR/1 \"b\" NEAR/1 c",
       R"({"distance":1,"near":["a","b","c"],"text":"a NEAR/1 \"b\" NEAR/1 c"})"},
      {"الأسل*", R"({"prefix":"الاسل","text":"الأسل*"})"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION("query: [" << c.query << "]") {
      CHECK(parse_query(c.query, {analyzer, kTestSchema}, QueryLimits{}).explained.dump() ==
            c.explained);
    }
  }
}

TEST_CASE("parse_query lists the words it also matches bare after proclitics", "[query_parser]") {
  // The passage ranker reads those words' kPrefixBareWord positions, and only theirs: a free
  // word goes by its stem, an English word has no bare form.
  dalil::analyzers::Analyzer analyzer;
  const struct {
    const char* query;
    std::vector<std::string> bare_words;
  } cases[] = {
      {"\"الأمم المتحدة\"", {"الامم", "المتحده"}},
      {"\"الأمم\"", {"الامم"}},
      {"الأمم NEAR/1 المتحدة", {"الامم", "المتحده"}},
      {"الأمم المتحدة", {}},
      {"\"united nations\"", {}},
      {"title:\"الأمم المتحدة\"", {}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.query) {
      const auto parsed = parse_query(c.query, {analyzer, kTestSchema}, QueryLimits{});
      CHECK(parsed.highlight.bare_words == c.bare_words);
    }
  }
}
