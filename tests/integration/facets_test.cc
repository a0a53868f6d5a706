/// @file tests/integration/facets_test.cc
/// @brief Facets (multi-select), date ranges and histograms, sorting, schema files and exports
///        over real HTTP against a real index.
#include <map>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/live_server.h"
#include "tests/support/paths.h"

namespace {

using dalil::testing::kTestData;
using dalil::testing::LiveServer;
using nlohmann::json;

/// A facet's values as a map value -> count.
std::map<std::string, int> counts(const json& facet) {
  std::map<std::string, int> out;
  for (const auto& entry : facet["values"]) out[entry["value"]] = entry["count"];
  return out;
}

std::map<std::string, int> buckets(const json& histogram) {
  std::map<std::string, int> out;
  for (const auto& entry : histogram["buckets"]) out[entry["key"]] = entry["count"];
  return out;
}

}  // namespace

// The archive in tests/data/archive: ar-1 2021-03-14 (Test Arabic), ar-2 2021-03-15T10:00+03:00
// (Test Witness), ar-3 "2020" (Test Arabic), en-1 2021-03-16 (Test Wire), en-2 2021-04-01T09:30Z
// (Test Witness), mixed-1 no date (Test Wire).

TEST_CASE("facet counts are exact and multi-select", "[facets]") {
  LiveServer server;
  const json all = server.search({{"facets", "source,lang,speaker"}});
  CHECK(all["total"] == 6);
  CHECK(counts(all["facets"]["source"]) ==
        std::map<std::string, int>{{"Test Arabic", 2}, {"Test Witness", 2}, {"Test Wire", 2}});
  CHECK(counts(all["facets"]["lang"]) ==
        std::map<std::string, int>{{"ar", 3}, {"en", 2}, {"mixed", 1}});
  // Several speakers in one document each count once for it.
  CHECK(counts(all["facets"]["speaker"]) ==
        std::map<std::string, int>{
            {"INTERVIEWER", 1}, {"WITNESS", 1}, {"المحاور", 1}, {"الطبيبة", 1}});

  // With a source filter the source facet still shows what the other sources would add, while
  // the other facets count only the filtered documents.
  const json filtered = server.search({{"facets", "source,lang"}, {"source", "Test Wire"}});
  CHECK(filtered["total"] == 2);
  CHECK(counts(filtered["facets"]["source"]) ==
        std::map<std::string, int>{{"Test Arabic", 2}, {"Test Witness", 2}, {"Test Wire", 2}});
  CHECK(counts(filtered["facets"]["lang"]) == std::map<std::string, int>{{"en", 1}, {"mixed", 1}});

  // With words: counts follow the query.
  const json words = server.search({{"q", "الامم"}, {"facets", "source"}});
  CHECK(counts(words["facets"]["source"]) ==
        std::map<std::string, int>{{"Test Arabic", 1}, {"Test Witness", 1}, {"Test Wire", 1}});

  // facet_size lists the top values and says how many others there are.
  const json top = server.search({{"facets", "lang"}, {"facet_size", "1"}});
  CHECK(top["facets"]["lang"]["values"].size() == 1);
  CHECK(top["facets"]["lang"]["values"][0] == json{{"value", "ar"}, {"count", 3}});
  CHECK(top["facets"]["lang"]["other_values"] == 2);
}

TEST_CASE("date histograms count by the local date as written", "[facets]") {
  LiveServer server;
  const json month = server.search({{"date_histogram", "month"}})["date_histogram"];
  CHECK(month["interval"] == "month");
  CHECK(buckets(month) == std::map<std::string, int>{{"2021-03", 3}, {"2021-04", 1}});
  CHECK(month["coarser"] == 1);  // ar-3 is dated "2020" only
  CHECK(month["no_date"] == 1);
  const json year = server.search({{"date_histogram", "year"}})["date_histogram"];
  CHECK(buckets(year) == std::map<std::string, int>{{"2020", 1}, {"2021", 4}});
  CHECK(year["coarser"] == 0);
  const json day = server.search({{"date_histogram", "day"}, {"lang", "ar"}})["date_histogram"];
  // ar-2 is 2021-03-15T10:00+03:00: its local day, whatever the instant in UTC.
  CHECK(buckets(day) == std::map<std::string, int>{{"2021-03-14", 1}, {"2021-03-15", 1}});
  CHECK(server.search({{"date_histogram", "auto"}})["date_histogram"]["interval"] == "month");
}

TEST_CASE("from and to filter inclusively at any precision", "[facets]") {
  LiveServer server;
  const struct {
    const char* from;
    const char* to;
    std::set<std::string> ids;
  } cases[] = {
      {"2021-03-15", "2021-03", {"t:ar-2", "t:en-1"}},
      {"2021-03", "2021-03", {"t:ar-1", "t:ar-2", "t:en-1"}},
      {"2021", "", {"t:ar-1", "t:ar-2", "t:en-1", "t:en-2"}},
      {"", "2021-03-14", {"t:ar-1", "t:ar-3"}},
      // A document dated only "2020" may fall in any part of 2020.
      {"2020-06", "2020-06", {"t:ar-3"}},
      {"2021-04-01", "2021-04-01", {"t:en-2"}},
      {"2022", "", {}},
  };
  for (const auto& c : cases) {
    INFO("from=" << c.from << " to=" << c.to);
    httplib::Params params{{"size", "100"}};
    if (*c.from) params.emplace("from", c.from);
    if (*c.to) params.emplace("to", c.to);
    CHECK(server.ids(params) == c.ids);
  }
  const json explained = server.search({{"from", "2021-03"}, {"to", "2021-04"}})["query_explained"];
  CHECK(explained["dates"] == json{{"from", "20210301"}, {"to", "20210430"}});
}

TEST_CASE("sorting by date puts undated documents last both ways", "[facets]") {
  LiveServer server;
  CHECK(server.ordered_ids({{"sort", "date_asc"}}) ==
        std::vector<std::string>{"t:ar-3", "t:ar-1", "t:ar-2", "t:en-1", "t:en-2", "t:mixed-1"});
  CHECK(server.ordered_ids({{"sort", "date_desc"}}) ==
        std::vector<std::string>{"t:en-2", "t:en-1", "t:ar-2", "t:ar-1", "t:ar-3", "t:mixed-1"});
  // Browsing without words is newest first by default.
  CHECK(server.ordered_ids({}) == server.ordered_ids({{"sort", "date_desc"}}));
  const json hit = server.search({{"q", "Federal"}})["hits"][0];
  CHECK(hit["date_precision"] == "day");
  CHECK(server.search({{"q", "سوريا"}})["hits"][0]["date_precision"] == "year");
}

TEST_CASE("bad facet date and sort parameters are 400s", "[facets]") {
  LiveServer server;
  const struct {
    httplib::Params params;
    const char* message;
  } cases[] = {
      {{{"facets", "source,nope"}}, "no facet nope"},
      {{{"date_histogram", "week"}}, "date_histogram"},
      {{{"sort", "oldest"}}, "sort"},
      {{{"from", "2021-13"}}, "is not a date"},
      {{{"from", "2021-05"}, {"to", "2021-04"}}, "ends before it starts"},
      {{{"from", "2021"}, {"from", "2022"}}, "may be given once"},
      {{{"facet_size", "0"}}, "facet_size"},
      // A second value of a one-value parameter is refused, never dropped unread.
      {{{"q", "Federal"}, {"q", "سوريا"}}, "q may be given once"},
      {{{"size", "7"}, {"size", "abc"}}, "size may be given once"},
      {{{"exact", "true"}, {"exact", "zz"}}, "exact may be given once"},
      {{{"passages", "3"}, {"passages", "999"}}, "passages may be given once"},
  };
  for (const auto& c : cases) {
    INFO(c.message);
    const auto [status, body] = server.get("/api/search", c.params);
    CHECK(status == 400);
    CHECK(body["error"]["code"] == "bad_parameter");
    CHECK(body["error"]["message"].get<std::string>().find(c.message) != std::string::npos);
  }
}

TEST_CASE("a q of signs alone is a 400 and an empty q lists the archive", "[facets]") {
  LiveServer server;
  const struct {
    const char* q;
    int status;
  } cases[] = {
      {"", 200},
      {"   ", 200},
      {"=", 400},
      {"-", 400},
      {"\"\"", 400},
      {"!! ؟", 400},
      {"--Federal", 400},
      // Invisible and non-ASCII white space is blank too (a pasted no-break space, RLM).
      {"\u00a0", 200},
      {"\u200f \u3000", 200},
      {"\u200f=", 400},
  };
  for (const auto& c : cases) {
    INFO("q=[" << c.q << "]");
    const auto [status, body] = server.get("/api/search", {{"q", c.q}});
    CHECK(status == c.status);
    if (c.status == 200) {
      CHECK(body["total"] == 6);
    } else {
      CHECK(body["error"]["code"] == "bad_query");
    }
  }
}

TEST_CASE("a schema file adds facets and text fields", "[facets]") {
  LiveServer server({.server_args = {},
                     .index_args = {"--schema", kTestData + "/schema/dalil.toml",
                                    kTestData + "/schema/archive.jsonl"}});
  const json all = server.search({{"facets", "author"}});
  // "author" reads author and co_authors, as a string or a list.
  CHECK(counts(all["facets"]["author"]) ==
        std::map<std::string, int>{{"Rana Aziz", 2}, {"Tom Reed", 2}});
  CHECK(server.ids({{"author", "tom reed"}}) == std::set<std::string>{"s:1", "s:2"});
  // The summary field is searched as text.
  CHECK(server.ids({{"q", "zebrafinch"}}) == std::set<std::string>{"s:1"});
  // The date comes from the field the schema names ("published"), not from "date".
  CHECK(server.ordered_ids({{"sort", "date_asc"}}) ==
        std::vector<std::string>{"s:1", "s:2", "s:3"});
  CHECK(server.ids({{"from", "2022-02"}}) == std::set<std::string>{"s:2"});
  CHECK(server.search({{"q", "harbour"}})["hits"][0]["date"] == "2022-01-02");
  // A facet the schema does not declare is an unknown parameter.
  CHECK(server.get("/api/search", {{"editor", "x"}}).first == 400);
}

TEST_CASE("exports stream every hit as CSV or JSON Lines", "[facets]") {
  LiveServer server;
  auto csv =
      server.client().Get("/api/export", {{"q", "الامم"}, {"bom", "true"}}, httplib::Headers{});
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(csv->get_header_value("Content-Type") == "text/csv; charset=utf-8");
  const std::string& text = csv->body;
  REQUIRE(text.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(text.find("id,title,date,source,lang,url,score,snippet,passage,speaker,start,page\r\n") ==
        3);
  std::size_t rows = 0;
  for (std::size_t at = text.find("\r\nt:"); at != std::string::npos;
       at = text.find("\r\nt:", at + 1))
    ++rows;
  CHECK(rows == 3);
  CHECK(text.find("<mark>") == std::string::npos);                       // CSV cells are plain text
  CHECK(text.find("\"Reporting from تل الورد\"") == std::string::npos);  // no comma, no quotes

  auto jsonl = server.client().Get("/api/export",
                                   {{"format", "jsonl"}, {"lang", "ar"}, {"sort", "date_asc"}},
                                   httplib::Headers{});
  REQUIRE(jsonl);
  std::istringstream lines(jsonl->body);
  std::vector<std::string> ids;
  for (std::string line; std::getline(lines, line);) ids.push_back(json::parse(line)["id"]);
  CHECK(ids == std::vector<std::string>{"t:ar-3", "t:ar-1", "t:ar-2"});

  const auto [status, body] = server.get("/api/export", {{"format", "xml"}});
  CHECK(status == 400);
  CHECK(body["error"]["message"] == "format must be csv or jsonl");
  const auto [paged, paged_body] = server.get("/api/export", {{"size", "10"}});
  CHECK(paged == 400);
  CHECK(paged_body["error"]["message"].get<std::string>().find("page and size do not apply") !=
        std::string::npos);
}

TEST_CASE("CSV cells are quoted and never run as formulas", "[facets]") {
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/export/tricky.jsonl"}});
  auto csv = server.client().Get("/api/export", {{"sort", "date_asc"}}, httplib::Headers{});
  REQUIRE(csv);
  const std::string expected =
      "id,title,date,source,lang,url,score,snippet,passage,speaker,start,page\r\n"
      "x:1,'=SUM(A1:A9),2020-01-01,,,,0.0,formula title,1,,,\r\n"
      "x:2,\"Tom, Jerry and \"\"the cat\"\"\",2020-01-02,,,,0.0,\"line one line two, with a "
      "comma\",1,,,\r\n"
      "x:3,'-5 killed,2020-01-03,,,,0.0,minus title,1,,,\r\n";
  CHECK(csv->body == expected);
}
