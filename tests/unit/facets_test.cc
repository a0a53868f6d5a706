/// @file tests/unit/facets_test.cc
/// @brief FacetCounter and DateHistogram as match spies over a real on-disk Xapian index.
#include <catch2/catch.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/index_schema.h"
#include "core/schema.h"
#include "indexer/index_writer.h"
#include "searchd/facets.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::core::IndexSchema;
using dalil::searchd::DateHistogram;
using dalil::searchd::FacetCounter;
using dalil::searchd::Interval;
using dalil::testing::TempDir;
using nlohmann::json;

/// Writes @p documents (JSON objects) into a new index at @p path with @p schema.
void build_index(const std::string& path, const IndexSchema& schema,
                 const std::vector<std::string>& documents) {
  dalil::indexer::IndexWriter writer(path,
                                     dalil::indexer::WriterOptions{1000, 32u << 20, schema, {}});
  for (const auto& text : documents) {
    writer.upsert(
        dalil::core::document_from_json(json::parse(text), dalil::core::DocumentLimits{}, schema));
  }
  writer.commit();
}

/// The documents with these ids; every document when @p ids is nullopt.
Xapian::Query ids_query(const std::optional<std::vector<std::string>>& ids) {
  if (!ids) return Xapian::Query::MatchAll;
  std::vector<Xapian::Query> terms;
  for (const auto& id : *ids) terms.emplace_back(std::string(dalil::core::schema::kPrefixId) + id);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

/// Runs @p query with @p spies, visiting every match as the search service does.
void run_spies(const Xapian::Database& db, const Xapian::Query& query,
               std::initializer_list<Xapian::MatchSpy*> spies) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  for (auto* spy : spies) enquire.add_matchspy(spy);
  enquire.get_mset(0, 0, db.get_doccount());
}

json facet_json(const std::vector<std::pair<std::string, int>>& values, int other) {
  json list = json::array();
  for (const auto& [value, count] : values) list.push_back({{"value", value}, {"count", count}});
  return {{"values", list}, {"other_values", other}};
}

json histogram_json(const char* interval, const std::vector<std::pair<std::string, int>>& buckets,
                    int no_date, int coarser) {
  json list = json::array();
  for (const auto& [key, count] : buckets) list.push_back({{"key", key}, {"count", count}});
  return {{"interval", interval}, {"buckets", list}, {"no_date", no_date}, {"coarser", coarser}};
}

const char* kSchemaToml = "[facets.author]\nfields = [\"author\", \"co_authors\"]\n";

// Sources: BBC Arabic 3, Marsa Radio 2, أخبار الساحل 2. Speakers: Zed 3, Amal 2 (twice in f1),
// Huda 2, Omar 1. Authors (author + co_authors): Rana Aziz 2, Tom Reed 2. Places: Idlib 2, Homs 1.
// Dates: f1 day, f2 month, f3 year, f4 and f6 timestamps whose UTC day differs from the local
// one, f7 day, f5 none, f8 null.
const std::vector<std::string> kDocuments = {
    R"({"id":"f1","body":"b","source":"BBC Arabic","speakers":["Amal","Zed","Amal"],)"
    R"("date":"2018-05-23","author":"Rana Aziz","co_authors":["Tom Reed"]})",
    R"({"id":"f2","body":"b","source":"BBC Arabic","speakers":["Zed"],"date":"2018-05",)"
    R"("author":"Tom Reed"})",
    R"({"id":"f3","body":"b","source":"Marsa Radio","speakers":["Zed","Huda"],"date":"2018",)"
    R"("author":["Rana Aziz","Rana Aziz"],"co_authors":["Rana Aziz"]})",
    R"({"id":"f4","body":"b","source":"أخبار الساحل","speakers":["Huda"],)"
    R"("date":"2019-01-02T23:30:00-05:00","place":"Homs","places":["Homs","Idlib"]})",
    R"({"id":"f5","body":"b","source":"Marsa Radio"})",
    R"({"id":"f6","body":"b","source":"BBC Arabic","speakers":["Amal"],)"
    R"("date":"2018-05-24T01:00:00+03:00","places":["Idlib"]})",
    R"({"id":"f7","body":"b","source":"أخبار الساحل","speakers":["Omar"],"date":"2021-03-14"})",
    R"({"id":"f8","body":"b","source":"","speakers":[],"date":null,"tags":["x"]})",
};

}  // namespace

TEST_CASE("FacetCounter counts each value once per matching document", "[facets]") {
  TempDir dir;
  const IndexSchema schema = IndexSchema::from_toml_file(dir.write("dalil.toml", kSchemaToml));
  REQUIRE(schema.facet("author") != nullptr);
  REQUIRE(schema.facet("author")->slot == dalil::core::schema::kSlotFirstDeclaredFacet);
  const std::string path = dir.file("index");
  build_index(path, schema, kDocuments);
  const Xapian::Database db(path);
  REQUIRE(db.get_doccount() == kDocuments.size());

  struct Case {
    const char* name;
    std::optional<std::vector<std::string>> ids;  ///< nullopt: every document.
    const char* facet;
    std::size_t top;
    json expected;
  };
  using Ids = std::vector<std::string>;
  const std::vector<Case> cases = {
      {"sources: count desc, ties by value (Latin bytes before Arabic)", std::nullopt, "source", 10,
       facet_json({{"BBC Arabic", 3}, {"Marsa Radio", 2}, {"أخبار الساحل", 2}}, 0)},
      {"sources, top 1", std::nullopt, "source", 1, facet_json({{"BBC Arabic", 3}}, 2)},
      {"sources, top 2", std::nullopt, "source", 2,
       facet_json({{"BBC Arabic", 3}, {"Marsa Radio", 2}}, 1)},
      {"sources, top 3 lists them all", std::nullopt, "source", 3,
       facet_json({{"BBC Arabic", 3}, {"Marsa Radio", 2}, {"أخبار الساحل", 2}}, 0)},
      {"sources, top 0", std::nullopt, "source", 0, facet_json({}, 3)},
      {"speakers: a name twice in one document counts once", std::nullopt, "speaker", 10,
       facet_json({{"Zed", 3}, {"Amal", 2}, {"Huda", 2}, {"Omar", 1}}, 0)},
      {"speakers, top 2", std::nullopt, "speaker", 2, facet_json({{"Zed", 3}, {"Amal", 2}}, 2)},
      {"speakers, top 3", std::nullopt, "speaker", 3,
       facet_json({{"Zed", 3}, {"Amal", 2}, {"Huda", 2}}, 1)},
      {"speakers of f1 alone", Ids{"f1"}, "speaker", 10, facet_json({{"Amal", 1}, {"Zed", 1}}, 0)},
      {"speakers of f1, f3, f4", Ids{"f1", "f3", "f4"}, "speaker", 10,
       facet_json({{"Huda", 2}, {"Zed", 2}, {"Amal", 1}}, 0)},
      {"speakers of documents without any", Ids{"f5", "f8"}, "speaker", 10, facet_json({}, 0)},
      {"declared facet from two fields, a value in both counted once", std::nullopt, "author", 10,
       facet_json({{"Rana Aziz", 2}, {"Tom Reed", 2}}, 0)},
      {"declared facet of f3 alone", Ids{"f3"}, "author", 10, facet_json({{"Rana Aziz", 1}}, 0)},
      {"place and places together", std::nullopt, "place", 10,
       facet_json({{"Idlib", 2}, {"Homs", 1}}, 0)},
      {"tags", std::nullopt, "tag", 10, facet_json({{"x", 1}}, 0)},
      {"a facet no document has", std::nullopt, "lang", 10, facet_json({}, 0)},
      {"an empty source is no value", Ids{"f5", "f8"}, "source", 10,
       facet_json({{"Marsa Radio", 1}}, 0)},
      {"no match", Ids{}, "source", 10, facet_json({}, 0)},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto* facet = schema.facet(c.facet);
      REQUIRE(facet != nullptr);
      FacetCounter counter(facet->slot);
      run_spies(db, c.ids && c.ids->empty() ? Xapian::Query::MatchNothing : ids_query(c.ids),
                {&counter});
      const json got = counter.to_json(c.top);
      INFO(got.dump());
      CHECK(got == c.expected);
      // counts() holds every value, however many to_json lists.
      std::size_t listed = c.expected.at("values").size();
      CHECK(counter.counts().size() == listed + c.expected.at("other_values").get<std::size_t>());
    }
  }

  SECTION("the JSON is exactly {values: [{value, count}], other_values}") {
    FacetCounter counter(schema.facet("source")->slot);
    run_spies(db, Xapian::Query::MatchAll, {&counter});
    CHECK(counter.to_json(1).dump() ==
          R"({"other_values":2,"values":[{"count":3,"value":"BBC Arabic"}]})");
  }

  SECTION("two counters and a histogram in one match") {
    FacetCounter sources(schema.facet("source")->slot);
    FacetCounter speakers(schema.facet("speaker")->slot);
    DateHistogram histogram;
    run_spies(db, ids_query(Ids{"f2", "f3"}), {&sources, &speakers, &histogram});
    CHECK(sources.to_json(10) == facet_json({{"BBC Arabic", 1}, {"Marsa Radio", 1}}, 0));
    CHECK(speakers.to_json(10) == facet_json({{"Zed", 2}, {"Huda", 1}}, 0));
    CHECK(histogram.to_json(Interval::kYear) == histogram_json("year", {{"2018", 2}}, 0, 0));
  }
}

TEST_CASE("DateHistogram counts local dates per year, month and day", "[facets]") {
  TempDir dir;
  const IndexSchema schema = IndexSchema::from_toml_file(dir.write("dalil.toml", kSchemaToml));
  const std::string path = dir.file("index");
  build_index(path, schema, kDocuments);
  const Xapian::Database db(path);

  struct Case {
    const char* name;
    std::optional<std::vector<std::string>> ids;  ///< nullopt: every document.
    Interval interval;
    json expected;
  };
  using Ids = std::vector<std::string>;
  const std::vector<Case> cases = {
      {"years", std::nullopt, Interval::kYear,
       histogram_json("year", {{"2018", 4}, {"2019", 1}, {"2021", 1}}, 2, 0)},
      {"months: the year-only f3 is coarser", std::nullopt, Interval::kMonth,
       histogram_json("month", {{"2018-05", 3}, {"2019-01", 1}, {"2021-03", 1}}, 2, 1)},
      {"days: the month-only f2 and year-only f3 are coarser", std::nullopt, Interval::kDay,
       histogram_json("day",
                      {{"2018-05-23", 1}, {"2018-05-24", 1}, {"2019-01-02", 1}, {"2021-03-14", 1}},
                      2, 2)},
      {"auto over 2018 .. 2021-03-14 is months", std::nullopt, Interval::kAuto,
       histogram_json("month", {{"2018-05", 3}, {"2019-01", 1}, {"2021-03", 1}}, 2, 1)},
      {"f4: 23:30 at -05:00 stays on its local day", Ids{"f4"}, Interval::kDay,
       histogram_json("day", {{"2019-01-02", 1}}, 0, 0)},
      {"f6: 01:00 at +03:00 stays on its local day", Ids{"f6"}, Interval::kDay,
       histogram_json("day", {{"2018-05-24", 1}}, 0, 0)},
      {"a missing and a null date are no_date", Ids{"f5", "f8"}, Interval::kYear,
       histogram_json("year", {}, 2, 0)},
      {"no dates at all: auto is days", Ids{"f5", "f8"}, Interval::kAuto,
       histogram_json("day", {}, 2, 0)},
      {"no match", Ids{}, Interval::kAuto, histogram_json("day", {}, 0, 0)},
      {"no match, years", Ids{}, Interval::kYear, histogram_json("year", {}, 0, 0)},
      {"one day, one month, one year in days", Ids{"f1", "f2", "f3"}, Interval::kDay,
       histogram_json("day", {{"2018-05-23", 1}}, 0, 2)},
      {"one day, one month, one year in months", Ids{"f1", "f2", "f3"}, Interval::kMonth,
       histogram_json("month", {{"2018-05", 2}}, 0, 1)},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      DateHistogram histogram;
      run_spies(db, c.ids && c.ids->empty() ? Xapian::Query::MatchNothing : ids_query(c.ids),
                {&histogram});
      const json got = histogram.to_json(c.interval);
      INFO(got.dump());
      CHECK(got == c.expected);
    }
  }

  SECTION("the JSON is exactly {interval, buckets: [{key, count}], no_date, coarser}") {
    DateHistogram histogram;
    run_spies(db, ids_query(Ids{"f2", "f5"}), {&histogram});
    CHECK(histogram.to_json(Interval::kYear).dump() ==
          R"({"buckets":[{"count":1,"key":"2018"}],"coarser":0,"interval":"year","no_date":1})");
  }
  SECTION("to_json can be asked for every interval of one match") {
    DateHistogram histogram;
    run_spies(db, Xapian::Query::MatchAll, {&histogram});
    CHECK(histogram.to_json(Interval::kDay).at("coarser") == 2);
    CHECK(histogram.to_json(Interval::kYear).at("coarser") == 0);
    CHECK(histogram.to_json(Interval::kMonth).at("coarser") == 1);
  }
}

TEST_CASE("DateHistogram auto picks years above 3 years, months above 3 months", "[facets]") {
  // Each document's id is its date as written.
  const std::vector<std::string> dates = {"2011",
                                          "2011-01-01",
                                          "2011-02-10",
                                          "2011-06-01",
                                          "2014-12-31",
                                          "2015-01-01",
                                          "2019-11-15",
                                          "2020-01-01",
                                          "2020-01-31",
                                          "2020-02",
                                          "2020-02-10",
                                          "2020-03-01",
                                          "2020-04-30",
                                          "2020-05-01",
                                          "2020-05-15",
                                          "2020-06-15",
                                          "2020-01-01T00:30:00+03:00"};
  std::vector<std::string> documents;
  for (const auto& date : dates) {
    documents.push_back(json{{"id", date}, {"body", "b"}, {"date", date}}.dump());
  }
  documents.push_back(R"({"id":"none","body":"b"})");
  TempDir dir;
  const std::string path = dir.file("index");
  build_index(path, IndexSchema::defaults(), documents);
  const Xapian::Database db(path);

  struct Case {
    const char* name;
    std::vector<std::string> ids;
    json expected;
  };
  const std::vector<Case> cases = {
      {"2011-06-01 .. 2015-01-01: 4 years apart",
       {"2011-06-01", "2015-01-01"},
       histogram_json("year", {{"2011", 1}, {"2015", 1}}, 0, 0)},
      {"2011 .. 2015-01-01: 4 years apart",
       {"2011", "2015-01-01"},
       histogram_json("year", {{"2011", 1}, {"2015", 1}}, 0, 0)},
      {"2011-01-01 .. 2014-12-31: 3 years apart, 47 months",
       {"2011-01-01", "2014-12-31"},
       histogram_json("month", {{"2011-01", 1}, {"2014-12", 1}}, 0, 0)},
      {"2020-01-31 .. 2020-05-01: 4 months apart",
       {"2020-01-31", "2020-05-01"},
       histogram_json("month", {{"2020-01", 1}, {"2020-05", 1}}, 0, 0)},
      {"2020-01-01 .. 2020-04-30: 3 months apart",
       {"2020-01-01", "2020-04-30"},
       histogram_json("day", {{"2020-01-01", 1}, {"2020-04-30", 1}}, 0, 0)},
      {"2019-11-15 .. 2020-02-10: 3 months apart across a year end",
       {"2019-11-15", "2020-02-10"},
       histogram_json("day", {{"2019-11-15", 1}, {"2020-02-10", 1}}, 0, 0)},
      {"2019-11-15 .. 2020-03-01: 4 months apart across a year end",
       {"2019-11-15", "2020-03-01"},
       histogram_json("month", {{"2019-11", 1}, {"2020-03", 1}}, 0, 0)},
      {"a local timestamp counts by its local month (UTC would be 2019-12)",
       {"2020-01-01T00:30:00+03:00", "2020-04-30"},
       histogram_json("day", {{"2020-01-01", 1}, {"2020-04-30", 1}}, 0, 0)},
      {"2020-02 .. 2020-06-15: 4 months apart",
       {"2020-02", "2020-06-15"},
       histogram_json("month", {{"2020-02", 1}, {"2020-06", 1}}, 0, 0)},
      {"2020-02 .. 2020-05-15: 3 months apart, the month-only date is coarser",
       {"2020-02", "2020-05-15"},
       histogram_json("day", {{"2020-05-15", 1}}, 0, 1)},
      {"a year-only date spans January to December", {"2011"}, histogram_json("month", {}, 0, 1)},
      {"a year-only date starts in January",
       {"2011", "2011-02-10"},
       histogram_json("day", {{"2011-02-10", 1}}, 0, 1)},
      {"one day", {"2020-01-01"}, histogram_json("day", {{"2020-01-01", 1}}, 0, 0)},
      {"one day and no date",
       {"2020-01-01", "none"},
       histogram_json("day", {{"2020-01-01", 1}}, 1, 0)},
      {"two on one day",
       {"2020-01-01", "2020-01-01T00:30:00+03:00"},
       histogram_json("day", {{"2020-01-01", 2}}, 0, 0)},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      DateHistogram histogram;
      run_spies(db, ids_query(c.ids), {&histogram});
      const json got = histogram.to_json(Interval::kAuto);
      INFO(got.dump());
      CHECK(got == c.expected);
    }
  }
}
