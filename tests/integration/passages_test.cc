/// @file tests/integration/passages_test.cc
/// @brief Passages over HTTP: grouped hits with locators, group=none, the passage endpoint
///        (text equal to the body bytes, SHA-256 checked by sha256sum), citations, speakers.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/live_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/turns.h"

namespace {

using dalil::testing::LiveServer;
using nlohmann::json;

/// An index of tests/data/passages/transcripts.jsonl with the turns as passages, in @p tmp.
std::string transcript_index(const dalil::testing::TempDir& tmp) {
  const std::string dir = tmp.file("ix");
  dalil::testing::write_index(dir, dalil::testing::documents_with_turns(
                                       dalil::testing::kTestData + "/passages/transcripts.jsonl"));
  return dir;
}

/// SHA-256 of @p bytes as sha256sum prints it (an implementation independent of the server's).
std::string sha256sum(const dalil::testing::TempDir& tmp, const std::string& bytes) {
  const std::string path = tmp.write("body.bin", bytes);
  const auto result = dalil::testing::run({"/usr/bin/sha256sum", path});
  REQUIRE(result.exit_code == 0);
  return result.out.substr(0, 64);
}

std::vector<int> passage_numbers(const json& list) {
  std::vector<int> out;
  for (const auto& entry : list) out.push_back(entry["passage"].get<int>());
  return out;
}

}  // namespace

TEST_CASE("a witness's words find the turn with its speaker, timecodes and citation",
          "[passages]") {
  dalil::testing::TempDir tmp;
  LiveServer server(dalil::testing::PrebuiltIndex{transcript_index(tmp)});
  const struct {
    const char* q;
    const char* id;
    std::vector<int> passages;
    const char* speaker;
    const char* start;
    const char* end;
  } cases[] = {
      {"\"grain silo was already burning\"",
       "p:hearing-1",
       {5},
       "THE WITNESS",
       "00:01:10.000",
       "00:02:40.000"},
      {"grain silo", "p:hearing-1", {5, 3, 4}, "THE WITNESS", "00:01:10.000", "00:02:40.000"},
      {"speaker:\"MR. OKAFOR\" grain",
       "p:hearing-1",
       {4, 3, 5},
       "MR. OKAFOR",
       "00:01:02.000",
       "00:01:10.000"},
      {"\"بمعطف أزرق\"", "p:shahada-1", {4}, "الشاهد", "00:00:52.000", nullptr},
  };
  for (const auto& c : cases) {
    SECTION(c.q) {
      const json body = server.search({{"q", c.q}});
      REQUIRE(body["hits"].size() >= 1);
      const json& hit = body["hits"][0];
      CHECK(hit["id"] == c.id);
      CHECK(passage_numbers(hit["passages"]) == c.passages);
      const json& best = hit["passages"][0];
      CHECK(best["speaker"] == c.speaker);
      CHECK(best["start"] == c.start);
      if (c.end != nullptr) {
        CHECK(best["end"] == c.end);
      } else {
        CHECK_FALSE(best.contains("end"));
      }
      CHECK(best["snippet"].get<std::string>().find("<mark>") != std::string::npos);
      CHECK(hit["snippet"] == best["snippet"]);
      const std::string cite = best["cite"];
      CHECK(cite.find(c.speaker) != std::string::npos);
      if (c.end != nullptr) {
        CHECK(cite.find(std::string(c.start) + "\u2013" + c.end) != std::string::npos);
      }
      CHECK(cite.ends_with("/passages/" + std::to_string(c.passages.front())));
    }
  }
  SECTION("the speaker facet counts the speakers of turns") {
    const json body = server.search({{"q", "speaker:\"THE WITNESS\""}, {"facets", "speaker"}});
    CHECK(body["total"] == 2);
    // Without query words the passage shown is the preferred speaker's first turn.
    for (const auto& hit : body["hits"]) CHECK(hit["passages"][0]["speaker"] == "THE WITNESS");
    bool counted = false;
    for (const auto& value : body["facets"]["speaker"]["values"]) {
      if (value["value"] == "THE WITNESS") counted = value["count"] == 2;
    }
    CHECK(counted);
  }
}

TEST_CASE("group=none lists passages, page and size count passages", "[passages]") {
  dalil::testing::TempDir tmp;
  LiveServer server(dalil::testing::PrebuiltIndex{transcript_index(tmp)});
  const json all = server.search({{"q", "grain"}, {"group", "none"}, {"size", "20"}});
  CHECK(all["group"] == "none");
  std::vector<std::pair<std::string, int>> seen;
  for (const auto& hit : all["hits"]) {
    seen.emplace_back(hit["id"], hit["passage"]);
    CHECK(hit.contains("snippet"));
    CHECK(hit.contains("cite"));
    CHECK(hit.contains("sha256"));
  }
  // The three turns of hearing 1 in passage order (one match each), and the news paragraph,
  // documents in rank order.
  std::vector<std::pair<std::string, int>> hearing;
  for (const auto& entry : seen) {
    if (entry.first == "p:hearing-1") hearing.push_back(entry);
  }
  CHECK(hearing == std::vector<std::pair<std::string, int>>{
                       {"p:hearing-1", 3}, {"p:hearing-1", 4}, {"p:hearing-1", 5}});
  REQUIRE(seen.size() == 4);
  const json second =
      server.search({{"q", "grain"}, {"group", "none"}, {"size", "2"}, {"page", "2"}});
  REQUIRE(second["hits"].size() == 2);
  CHECK(second["hits"][0]["id"] == seen[2].first);
  CHECK(second["hits"][0]["passage"] == seen[2].second);
  CHECK(second["hits"][1]["passage"] == seen[3].second);
  const json one = server.search({{"q", "grain"}, {"group", "none"}, {"passages", "1"}});
  CHECK(one["hits"].size() == 2);  // one passage per document

  const struct {
    const char* name;
    httplib::Params params;
    const char* message;
  } errors[] = {
      {"group", {{"q", "grain"}, {"group", "passage"}}, "group must be document or none"},
      {"passages",
       {{"q", "grain"}, {"passages", "21"}},
       "passages must be a whole number from 1 to 20"},
      {"depth",
       {{"q", "grain"}, {"group", "none"}, {"page", "200"}, {"size", "100"}},
       "group=none lists the first 10000 passages at most: ask for an earlier page"},
  };
  for (const auto& e : errors) {
    INFO(e.name);
    const auto [status, body] = server.get("/api/search", e.params);
    CHECK(status == 400);
    CHECK(body["error"]["message"] == e.message);
  }
}

TEST_CASE("the passage endpoint returns exactly the cited bytes and the body's SHA-256",
          "[passages]") {
  dalil::testing::TempDir tmp;
  LiveServer server(dalil::testing::PrebuiltIndex{transcript_index(tmp)},
                    {"--public-url", "https://archive.example.org/"});
  for (const char* q : {"grain silo", "الصومعة", "lemons ferry"}) {
    const json body = server.search({{"q", q}, {"group", "none"}});
    REQUIRE_FALSE(body["hits"].empty());
    for (const auto& hit : body["hits"]) {
      const std::string id = hit["id"];
      const auto [doc_status, doc] = server.get("/api/documents/" + id);
      REQUIRE(doc_status == 200);
      const std::string source_body = doc["body"];
      const std::string path =
          "/api/documents/" + id + "/passages/" + std::to_string(hit["passage"].get<int>());
      const auto [status, passage] = server.get(path);
      REQUIRE(status == 200);
      INFO(path);
      const std::size_t start = passage["byte_start"];
      const std::size_t end = passage["byte_end"];
      CHECK(passage["text"] == source_body.substr(start, end - start));
      CHECK(passage["sha256"] == sha256sum(tmp, source_body));
      CHECK(passage["sha256"] == hit["sha256"]);
      CHECK(passage["cite"] == hit["cite"]);
      const std::string cite = passage["cite"];
      CHECK(cite.ends_with("https://archive.example.org" + path));
      // The permalink itself answers with the same passage.
      const auto [link_status, linked] =
          server.get(cite.substr(cite.find("https://archive.example.org") + 27));
      CHECK(link_status == 200);
      CHECK(linked == passage);
    }
  }
  const struct {
    const char* path;
    const char* message;
  } missing[] = {
      {"/api/documents/p:nothing/passages/1", "no document with id p:nothing"},
      {"/api/documents/p:hearing-1/passages/0", "document p:hearing-1 has passages 1 to 6, not 0"},
      {"/api/documents/p:hearing-1/passages/7", "document p:hearing-1 has passages 1 to 6, not 7"},
  };
  for (const auto& m : missing) {
    const auto [status, body] = server.get(m.path);
    CHECK(status == 404);
    CHECK(body["error"]["code"] == "not_found");
    CHECK(body["error"]["message"] == m.message);
  }
}

TEST_CASE("an id holding /passages/N is a document when the request encodes its slashes",
          "[passages]") {
  // The routes match the decoded path, so /api/documents/x%2Fpassages%2F1 answered passage 1 of
  // document x. Permalinks write a / of an id as %2F; a literal /passages/N stays a passage.
  dalil::testing::TempDir tmp;
  const std::string input = tmp.file("ids.jsonl");
  {
    std::ofstream out(input);
    out << json{{"id", "x"}, {"body", "First of x.\n\nSecond of x."}}.dump() << '\n';
    out << json{{"id", "x/passages/1"}, {"body", "The odd one.\n\nIts second."}}.dump() << '\n';
  }
  LiveServer server({.server_args = {}, .index_args = {input}});
  const struct {
    const char* path;
    const char* id;    ///< of the document answered
    int passage;       ///< 0: the whole document
    const char* text;  ///< the passage's text or the body's start
  } cases[] = {
      {"/api/documents/x", "x", 0, "First of x."},
      {"/api/documents/x/passages/1", "x", 1, "First of x."},
      {"/api/documents/x%2Fpassages%2F1", "x/passages/1", 0, "The odd one."},
      {"/api/documents/x/passages%2F1", "x/passages/1", 0, "The odd one."},
      {"/api/documents/x%2Fpassages%2F1/passages/2", "x/passages/1", 2, "Its second."},
  };
  for (const auto& c : cases) {
    INFO(c.path);
    const auto [status, body] = server.get(c.path);
    REQUIRE(status == 200);
    CHECK(body["id"] == c.id);
    if (c.passage == 0) {
      CHECK(body["body"].get<std::string>().starts_with(c.text));
    } else {
      CHECK(body["passage"] == c.passage);
      CHECK(body["text"] == c.text);
    }
  }
}

TEST_CASE("exports carry the best passage's locator", "[passages]") {
  dalil::testing::TempDir tmp;
  LiveServer server(dalil::testing::PrebuiltIndex{transcript_index(tmp)});
  auto csv =
      server.client().Get("/api/export", {{"q", "\"grain silo was already\""}}, httplib::Headers{});
  REQUIRE(csv);
  CHECK(csv->body.starts_with(
      "id,title,date,source,lang,url,score,snippet,passage,speaker,start,page\r\np:hearing-1,"));
  CHECK(csv->body.find(",5,THE WITNESS,00:01:10.000,\r\n") != std::string::npos);
}

TEST_CASE("a stem the term list check misses is still found in its passage", "[passages]") {
  dalil::testing::TempDir tmp;
  LiveServer server(dalil::testing::PrebuiltIndex{transcript_index(tmp)});
  // "dying" stems to "die" but does not contain "di": positions do not show it, so the server
  // analyses the passages one by one until one matches.
  const json body = server.search({{"q", "die"}});
  REQUIRE(body["hits"].size() == 1);
  const json& best = body["hits"][0]["passages"][0];
  CHECK(best["passage"] == 2);
  CHECK(best["snippet"] == "The old pear tree was <mark>dying</mark> slowly.");
}

TEST_CASE("exact mode lists every passage that holds the spelling and only those", "[passages]") {
  // Positions do not tell spellings apart (المسئول and المسؤول are one word, of two spellings):
  // the passages of =المسئول were left at the first (the fallback), and the other spelling's
  // passage must not come in with them.
  dalil::testing::TempDir tmp;
  const std::string input = tmp.file("exact.jsonl");
  std::ofstream(input) << json{{"id", "x:1"},
                               {"title", "جلسة"},
                               {"body",
                                "قال المسئول الأول كلاما.\n\nوقال المسؤول الآخر شيئا.\n\nثم عاد "
                                "المسئول إلى القاعة.\n\nلا شيء هنا.\n\nوغاب المسئول بعدها."}}
                              .dump()
                       << '\n';
  LiveServer server({.server_args = {}, .index_args = {input}});
  const struct {
    httplib::Params params;
    std::vector<int> passages;
  } cases[] = {
      {{{"q", "=المسئول"}}, {1, 3, 5}},
      {{{"q", "المسئول"}, {"exact", "true"}}, {1, 3, 5}},
      {{{"q", "=المسؤول"}}, {2}},
      // Default mode: every spelling.
      {{{"q", "المسئول"}}, {1, 2, 3, 5}},
  };
  for (const auto& c : cases) {
    INFO(httplib::detail::params_to_query_str(c.params));
    httplib::Params params = c.params;
    params.emplace("passages", "10");
    const json body = server.search(params);
    REQUIRE(body["hits"].size() == 1);
    CHECK(passage_numbers(body["hits"][0]["passages"]) == c.passages);
    // group=none: one hit per passage, the same ones.
    params.emplace("group", "none");
    std::vector<int> listed;
    const json none = server.search(params);  // kept whole: a range-for over its member
    for (const auto& hit : none["hits"]) listed.push_back(hit["passage"]);
    std::sort(listed.begin(), listed.end());
    CHECK(listed == c.passages);
  }
}

TEST_CASE("passages and snippets are the same whatever the worker met before", "[passages]") {
  // One worker thread, so the second round meets the words of stems (StemVocabulary) and the
  // term lists the first round read: ranks and snippets must not change.
  LiveServer server({.server_args = {"--threads", "1", "--max-threads", "1"},
                     .index_args = {dalil::testing::kTestData + "/vocabulary/stems.jsonl"}});
  const struct {
    httplib::Params params;
    const char* id;
    std::vector<int> passages;  ///< passage numbers, best first
    const char* snippet;        ///< of the best passage
  } cases[] = {
      // Forms of one stem with proclitics in several documents: every form's positions count.
      {{{"q", "الأسلحة"}},
       "v:ar-2",
       {3, 1},
       "<mark>أسلحة</mark> جديدة <mark>وأسلحة</mark> قديمة <mark>وللأسلحة</mark> سوق."},
      {{{"q", "الأسلحة"}},
       "v:ar-1",
       {3, 2},
       "قال الشاهد إن <mark>بالأسلحة</mark> <mark>والأسلحة</mark> الثقيلة قصفت الحي."},
      {{{"q", "بالأسلحة"}}, "v:ar-2", {3, 1}, nullptr},
      {{{"q", "أسلحة"}}, "v:ar-1", {3, 2}, nullptr},
      // Mixed scripts, English stems and HTML in the text.
      {{{"q", "الأسلحة"}},
       "v:mixed-1",
       {1, 2},
       "Our reporter said <mark>الأسلحة</mark> arrived at الميناء."},
      {{{"q", "weapons"}},
       "v:en-1",
       {3, 2},
       "A <mark>weapon</mark>, two <mark>weapons</mark>, and the <mark>Weapons</mark> list were "
       "filed."},
      {{{"q", "weapons الأسلحة"}},
       "v:mixed-1",
       {2, 1},
       "The report on <mark>weapons</mark> and <mark>بالأسلحة</mark> was filed &lt;late&gt; &amp; "
       "unsigned."},
      {{{"q", "report"}}, "v:en-1", {2}, "<mark>Reports</mark> of weapons reached the desk."},
      // A quoted word meets the bare word after proclitics (in passages 1 and 3: للأسلحة,
      // وللأسلحة); exact mode only the spelling.
      {{{"q", "\"الأسلحة\""}}, "v:ar-2", {1, 3}, "<mark>للأسلحة</mark> أثر كبير في السوق."},
      {{{"q", "=الأسلحة"}}, "v:ar-1", {2}, "وصلت <mark>الأسلحة</mark> إلى الميناء."},
      {{{"q", "الأسلحة"}, {"exact", "true"}},
       "v:ar-3",
       {3},
       "وأكد المسئول أن <mark>الأسلحة</mark> لم تصل."},
      // Hamza seats, two stems, a prefix.
      {{{"q", "مسؤول"}}, "v:ar-3", {2, 3}, "قال <mark>مسؤول</mark> إن السفن وصلت."},
      {{{"q", "الأسلحة الميناء"}},
       "v:ar-1",
       {2, 3},
       "وصلت <mark>الأسلحة</mark> إلى <mark>الميناء</mark>."},
      {{{"q", "أسلح*"}}, "v:ar-2", {3}, "<mark>أسلحة</mark> جديدة وأسلحة قديمة وللأسلحة سوق."},
  };
  auto hit_of = [](const json& body, const std::string& id) {
    for (const auto& hit : body["hits"]) {
      if (hit["id"] == id) return hit;
    }
    return json();
  };
  std::vector<json> first;
  for (int round = 0; round < 2; ++round) {
    for (std::size_t i = 0; i < std::size(cases); ++i) {
      // The second round goes backwards, so a query meets what later ones taught the worker.
      const auto& c = cases[round == 0 ? i : std::size(cases) - 1 - i];
      INFO("round " << round << ": " << c.params.begin()->second << " in " << c.id);
      json body = server.search(c.params);
      body.erase("took_ms");
      const json hit = hit_of(body, c.id);
      REQUIRE(hit.is_object());
      CHECK(passage_numbers(hit["passages"]) == c.passages);
      if (c.snippet != nullptr) CHECK(hit["snippet"] == c.snippet);
      if (round == 0) {
        first.push_back(body);
      } else {
        CHECK(body == first[std::size(cases) - 1 - i]);
      }
    }
  }
  // group=none pages count the same passages.
  const json page =
      server.search({{"q", "الأسلحة"}, {"group", "none"}, {"page", "2"}, {"size", "2"}});
  REQUIRE(page["hits"].size() == 2);
  CHECK(page["hits"][0]["id"] == "v:ar-1");
  CHECK(page["hits"][0]["passage"] == 3);
  CHECK(page["hits"][1]["passage"] == 2);
}
