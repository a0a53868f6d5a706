/// @file tests/unit/date_filter_test.cc
/// @brief parse_day_range and date_range_query over the local date periods of a real index.
#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/error.h"
#include "core/index_schema.h"
#include "core/schema.h"
#include "indexer/index_writer.h"
#include "searchd/date_filter.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::core::Error;
using dalil::core::ErrorCode;
using dalil::searchd::date_range_query;
using dalil::searchd::date_value_range_query;
using dalil::searchd::DayRange;
using dalil::searchd::parse_day_range;
using dalil::testing::TempDir;

}  // namespace

TEST_CASE("parse_day_range turns both ends into local days", "[date_filter]") {
  struct Case {
    const char* from;
    const char* to;
    std::optional<std::string> first;
    std::optional<std::string> last;
  };
  const std::vector<Case> cases = {
      {"", "", std::nullopt, std::nullopt},
      {"2011", "", "20110101", std::nullopt},
      {"", "2011", std::nullopt, "20111231"},
      {"2011", "2011", "20110101", "20111231"},
      {"2011-03", "", "20110301", std::nullopt},
      {"", "2011-03", std::nullopt, "20110331"},
      {"2011-02", "2011-02", "20110201", "20110228"},
      {"2012-02", "2012-02", "20120201", "20120229"},
      {"", "2011-04", std::nullopt, "20110430"},
      {"2011-03-14", "", "20110314", std::nullopt},
      {"", "2011-03-14", std::nullopt, "20110314"},
      {"2011-03-14", "2011-03-14", "20110314", "20110314"},
      {"2011", "2011-01-01", "20110101", "20110101"},
      {"2011-12-31", "2011", "20111231", "20111231"},
      {"2010-12", "2011", "20101201", "20111231"},
      // A timestamp stands for its local day, whatever the offset.
      {"2011-03-14T23:30:00-05:00", "", "20110314", std::nullopt},
      {"", "2011-03-15T01:00+03:00", std::nullopt, "20110315"},
      {"2011-03-15T12:00:00Z", "2011-03-15 12:00", "20110315", "20110315"},
      {"0042", "9999-12", "00420101", "99991231"},
  };
  for (const auto& c : cases) {
    for (const bool query_syntax : {true, false}) {
      DYNAMIC_SECTION("from '" << c.from << "' to '" << c.to << "'"
                               << (query_syntax ? " (query)" : " (parameters)")) {
        const DayRange range = parse_day_range(c.from, c.to, "from/to", query_syntax);
        CHECK(range.first == c.first);
        CHECK(range.last == c.last);
      }
    }
  }
}

TEST_CASE("parse_day_range refuses bad dates and reversed ranges", "[date_filter]") {
  struct Case {
    const char* name;
    std::string from;
    std::string to;
    std::vector<std::string> message_parts;
    std::vector<std::string> message_must_not;
  };
  const std::string long_text = std::string(40, 'x') + "TAIL";
  const std::vector<Case> cases = {
      {"an impossible day", "2011-02-30", "", {"\"2011-02-30\" is not a date", "2011-03-14"}, {}},
      {"an impossible month", "", "2011-13", {"\"2011-13\" is not a date"}, {}},
      {"a word", "yesterday", "", {"\"yesterday\" is not a date"}, {}},
      {"digits without dashes", "20110314", "", {"\"20110314\" is not a date"}, {}},
      {"a one-digit month", "2011-3", "", {"\"2011-3\""}, {}},
      {"a leading space", " 2011", "", {"\" 2011\" is not a date"}, {}},
      {"slashes", "", "2011/03", {"\"2011/03\""}, {}},
      {"an impossible hour", "2011-03-14T25:00", "", {"\"2011-03-14T25:00\""}, {}},
      {"Feb 29 of a common year", "", "2021-02-29", {"\"2021-02-29\""}, {}},
      {"a good from and a bad to", "2011", "20x1", {"\"20x1\" is not a date"}, {}},
      {"a bad from and a good to", "2o11", "2011", {"\"2o11\" is not a date"}, {}},
      {"a long text is cut to 40 bytes", long_text, "", {std::string(40, 'x')}, {"TAIL"}},
      {"months reversed", "2011-03", "2011-02", {"the range ends before it starts"}, {}},
      {"days reversed", "2011-03-14", "2011-03-13", {"the range ends before it starts"}, {}},
      {"a year after a day", "2012", "2011-12-31", {"the range ends before it starts"}, {}},
      {"a month after its year's end", "2011-12", "2011-11", {"ends before it starts"}, {}},
      // In UTC these instants are in order (22:00 on the 15th, then 04:30 on the 16th); their
      // local days are not.
      {"timestamps compared by local day",
       "2011-03-16T01:00:00+03:00",
       "2011-03-15T23:30:00-05:00",
       {"the range ends before it starts"},
       {}},
  };
  for (const auto& c : cases) {
    for (const bool query_syntax : {true, false}) {
      DYNAMIC_SECTION(c.name << (query_syntax ? " (query)" : " (parameters)")) {
        const char* what = query_syntax ? "date:" : "from/to";
        try {
          parse_day_range(c.from, c.to, what, query_syntax);
          FAIL("no error was thrown");
        } catch (const Error& e) {
          CHECK(e.code() == (query_syntax ? ErrorCode::kBadQuery : ErrorCode::kBadParameter));
          CHECK_THAT(e.what(), Catch::Matchers::StartsWith(std::string(what) + ": "));
          for (const auto& part : c.message_parts) {
            CHECK_THAT(e.what(), Catch::Matchers::Contains(part));
          }
          for (const auto& part : c.message_must_not) {
            CHECK_THAT(e.what(), !Catch::Matchers::Contains(part));
          }
        }
      }
    }
  }
}

TEST_CASE("date_range_query matches documents whose date period overlaps the range",
          "[date_filter]") {
  const std::vector<std::string> documents = {
      R"({"id":"y2011","body":"word","date":"2011"})",
      R"({"id":"m201103","body":"word","date":"2011-03"})",
      R"({"id":"d20110314","body":"word","date":"2011-03-14"})",
      // Local 2011-03-15; in UTC already the 16th.
      R"({"id":"t0315","body":"word","date":"2011-03-15T23:30:00-05:00"})",
      // Local 2011-03-16; in UTC still the 15th.
      R"({"id":"t0316","body":"word","date":"2011-03-16T01:00:00+03:00"})",
      R"({"id":"d20110401","body":"word","date":"2011-04-01"})",
      R"({"id":"d20101231","body":"word","date":"2010-12-31"})",
      R"({"id":"m201202","body":"word","date":"2012-02"})",
      R"({"id":"d20120229","body":"word","date":"2012-02-29"})",
      R"({"id":"nodate","body":"word"})",
      R"({"id":"nulldate","body":"word","date":null})",
      R"({"id":"emptydate","body":"word","date":""})",
  };
  TempDir dir;
  const std::string path = dir.file("index");
  {
    const auto schema = dalil::core::IndexSchema::defaults();
    dalil::indexer::IndexWriter writer(path,
                                       dalil::indexer::WriterOptions{1000, 32u << 20, schema, {}});
    for (const auto& text : documents) {
      writer.upsert(dalil::core::document_from_json(nlohmann::json::parse(text),
                                                    dalil::core::DocumentLimits{}, schema));
    }
    writer.commit();
  }
  const Xapian::Database db(path);
  REQUIRE(db.get_doccount() == documents.size());

  const auto matching = [&](const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    std::set<std::string> ids;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      ids.insert(it.get_document().get_value(dalil::core::schema::kSlotId));
    }
    return ids;
  };

  struct Case {
    const char* from;
    const char* to;
    std::set<std::string> ids;
  };
  const std::set<std::string> all_dated = {"y2011",     "m201103", "d20110314",
                                           "t0315",     "t0316",   "d20110401",
                                           "d20101231", "m201202", "d20120229"};
  const std::vector<Case> cases = {
      {"", "", all_dated},
      {"2011", "2011", {"y2011", "m201103", "d20110314", "t0315", "t0316", "d20110401"}},
      {"2011-03", "2011-03", {"y2011", "m201103", "d20110314", "t0315", "t0316"}},
      // A year-only or month-only document overlaps any narrower range inside its period.
      {"2011-02", "2011-02", {"y2011"}},
      {"2011-03-14", "2011-03-14", {"y2011", "m201103", "d20110314"}},
      // Timestamps match on their local day, not their UTC day.
      {"2011-03-15", "2011-03-15", {"y2011", "m201103", "t0315"}},
      {"2011-03-16", "2011-03-16", {"y2011", "m201103", "t0316"}},
      {"2011-03-17", "2011-03-31", {"y2011", "m201103"}},
      {"2011-03-15T12:00:00Z", "2011-03-15T12:00:00Z", {"y2011", "m201103", "t0315"}},
      // Ends are inclusive at both sides of year boundaries.
      {"2010-12-31", "2011-01-01", {"d20101231", "y2011"}},
      {"2011-12-31", "2012-01-01", {"y2011"}},
      {"2010", "2010", {"d20101231"}},
      // Open ends.
      {"2011-04", "", {"y2011", "d20110401", "m201202", "d20120229"}},
      {"2011-04-02", "", {"y2011", "m201202", "d20120229"}},
      {"", "2010", {"d20101231"}},
      {"", "2011-03-14", {"d20101231", "y2011", "m201103", "d20110314"}},
      {"2012", "", {"m201202", "d20120229"}},
      {"2013", "", {}},
      {"", "2009", {}},
      // A leap month ends on the 29th.
      {"2012-02-29", "2012-03", {"m201202", "d20120229"}},
      {"2012-02-28", "2012-02-28", {"m201202"}},
      {"2012-03", "", {}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION("from '" << c.from << "' to '" << c.to << "'") {
      const DayRange range = parse_day_range(c.from, c.to, "from/to", false);
      const std::set<std::string> ids = matching(date_range_query(range, &db));
      CHECK(ids == c.ids);
      // Without a database the query is built over the value slots, with the same answer.
      CHECK(matching(date_range_query(range, nullptr)) == c.ids);
      for (const char* undated : {"nodate", "nulldate", "emptydate"}) {
        INFO("documents without a date never match");
        CHECK(ids.count(undated) == 0);
      }
      // As a filter on a text query, it keeps the same documents.
      const Xapian::Query filtered(Xapian::Query::OP_FILTER, Xapian::Query("word"),
                                   date_range_query(range, &db));
      CHECK(matching(filtered) == c.ids);
    }
  }

  SECTION("a DayRange built by hand") {
    CHECK(matching(date_range_query(DayRange{"20110316", "20110316"}, &db)) ==
          std::set<std::string>{"y2011", "m201103", "t0316"});
    CHECK(matching(date_range_query(DayRange{std::nullopt, "20101231"}, &db)) ==
          std::set<std::string>{"d20101231"});
    CHECK(matching(date_range_query(DayRange{"20120229", std::nullopt}, &db)) ==
          std::set<std::string>{"m201202", "d20120229"});
    CHECK(matching(date_range_query(DayRange{}, &db)) == all_dated);
  }
}

TEST_CASE("date_range_query with a database filters by year month and day terms", "[date_filter]") {
  TempDir dir;
  const std::string path = dir.file("index");
  {
    const auto schema = dalil::core::IndexSchema::defaults();
    dalil::indexer::IndexWriter writer(path,
                                       dalil::indexer::WriterOptions{1000, 32u << 20, schema, {}});
    for (const char* text :
         {R"({"id":"a","body":"word","date":"2011-03-14"})",
          R"({"id":"b","body":"word","date":"2013"})",
          R"({"id":"c","body":"word","date":"2011-05"})",
          R"({"id":"d","body":"word","date":"2011-05-02"})", R"({"id":"e","body":"word"})",
          R"({"id":"f","body":"word","date":"2010-06-15"})"}) {
      writer.upsert(dalil::core::document_from_json(nlohmann::json::parse(text),
                                                    dalil::core::DocumentLimits{}, schema));
    }
    writer.commit();
  }
  const Xapian::Database db(path);
  const auto terms = [](const Xapian::Query& query) {
    std::set<std::string> out(query.get_unique_terms_begin(), query.get_unique_terms_end());
    return out;
  };
  struct Case {
    const char* name;
    DayRange range;
    std::set<std::string> terms;
  };
  const std::vector<Case> cases = {
      {"whole years are their year terms", {"20110101", "20131231"}, {"Y2011", "Y2013"}},
      // Every dated document: an undated one (e) must not match.
      {"open ends are every year of the index", {}, {"Y2010", "Y2011", "Y2013"}},
      {"ends beyond every document's period are open ends",
       {"20000101", "20991231"},
       {"Y2010", "Y2011", "Y2013"}},
      {"a range after the index's last year is empty", {"20140101", std::nullopt}, {}},
      {"a year of year-precision dates only", {"20130203", std::nullopt}, {"Y2013"}},
      {"a day in a month without documents", {"20111130", "20111130"}, {}},
      {"the days of a month with day-precision dates only",
       {"20110310", "20110320"},
       {"D20110314"}},
      {"no day of the month has a document", {"20110315", "20110331"}, {}},
      {"a whole month", {"20110301", "20110331"}, {"M201103"}},
      {"a month with a month-precision date: the month without the days outside",
       {"20110510", "20110520"},
       {"M201105", "D20110502"}},
      {"a year without year-precision dates is its months", {"20110301", "20110430"}, {"M201103"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const Xapian::Query query = date_range_query(c.range, &db);
      CHECK(terms(query) == c.terms);
      CHECK(query.get_description().find("VALUE_") == std::string::npos);
      // A worker's kept DateTerms gives the same query, asked twice.
      dalil::searchd::DateTerms kept(db);
      CHECK(date_range_query(c.range, kept).get_description() == query.get_description());
      CHECK(date_range_query(c.range, kept).get_description() == query.get_description());
    }
  }

  SECTION("a range over every period of an index without undated documents is MatchAll") {
    const std::string dated = dir.file("dated");
    {
      const auto schema = dalil::core::IndexSchema::defaults();
      dalil::indexer::IndexWriter writer(
          dated, dalil::indexer::WriterOptions{1000, 32u << 20, schema, {}});
      for (const char* text : {R"({"id":"a","body":"word","date":"2011-03-14"})",
                               R"({"id":"b","body":"word","date":"2013"})"}) {
        writer.upsert(dalil::core::document_from_json(nlohmann::json::parse(text),
                                                      dalil::core::DocumentLimits{}, schema));
      }
      writer.commit();
    }
    const Xapian::Database all_dated(dated);
    const std::string match_all = Xapian::Query(Xapian::Query::MatchAll).get_description();
    CHECK(date_range_query(DayRange{}, &all_dated).get_description() == match_all);
    CHECK(date_range_query(DayRange{"20110314", "20130101"}, &all_dated).get_description() ==
          match_all);
    CHECK(date_range_query(DayRange{"20110315", std::nullopt}, &all_dated).get_description() !=
          match_all);
  }
}

TEST_CASE("date_range_query over terms equals the period overlap on random ranges",
          "[date_filter]") {
  // Documents at day, month and year precision over 2009-2013 and some without a date; each
  // random range (open ends too, many on month and year edges, some outside the index's years)
  // must match exactly the documents whose period overlaps it, as the value-slot query does.
  const auto days_in_month = [](int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
  };
  const auto two = [](int n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
  std::mt19937 random(20261127);
  const auto pick = [&random](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
  };
  struct Dated {
    std::string id;
    std::string first;  // YYYYMMDD, "" without a date
    std::string last;
  };
  // All precisions (every partly covered month and year has coarse documents), or days only
  // (the query is then the range's own `M` and `D` terms).
  const bool days_only = GENERATE(false, true);
  INFO((days_only ? "day-precision dates only" : "day, month and year precision"));
  std::vector<Dated> documents;
  TempDir dir;
  const std::string path = dir.file("index");
  {
    const auto schema = dalil::core::IndexSchema::defaults();
    dalil::indexer::IndexWriter writer(path,
                                       dalil::indexer::WriterOptions{1000, 32u << 20, schema, {}});
    for (int i = 0; i < 400; ++i) {
      const int year = pick(2009, 2013);
      const int month = pick(1, 12);
      const int day = pick(1, days_in_month(year, month));
      int precision = pick(0, 9);  // 0: none, 1: year, 2-3: month, else day
      if (days_only && precision > 0) precision = 4;
      const std::string id = "d" + std::to_string(i);
      nlohmann::json input = {{"id", id}, {"body", "word"}};
      Dated dated{id, "", ""};
      if (precision == 1) {
        input["date"] = std::to_string(year);
        dated.first = std::to_string(year) + "0101";
        dated.last = std::to_string(year) + "1231";
      } else if (precision == 2 || precision == 3) {
        input["date"] = std::to_string(year) + "-" + two(month);
        dated.first = std::to_string(year) + two(month) + "01";
        dated.last = std::to_string(year) + two(month) + two(days_in_month(year, month));
      } else if (precision > 3) {
        input["date"] = std::to_string(year) + "-" + two(month) + "-" + two(day);
        dated.first = dated.last = std::to_string(year) + two(month) + two(day);
      }
      writer.upsert(dalil::core::document_from_json(input, dalil::core::DocumentLimits{}, schema));
      documents.push_back(dated);
    }
    writer.commit();
  }
  const Xapian::Database db(path);
  const auto matching = [&db](const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("word"), query));
    std::set<std::string> ids;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      ids.insert(it.get_document().get_value(dalil::core::schema::kSlotId));
    }
    return ids;
  };
  const auto random_day = [&]() {
    const int year = pick(2008, 2014);
    const int month = pick(0, 3) == 0 ? pick(0, 1) * 11 + 1 : pick(1, 12);
    const int kind = pick(0, 3);
    const int day = kind == 0   ? 1
                    : kind == 1 ? days_in_month(year, month)
                                : pick(1, days_in_month(year, month));
    return std::to_string(year) + two(month) + two(day);
  };
  int nonempty = 0;
  for (int round = 0; round < 500; ++round) {
    DayRange range;
    if (pick(0, 5) != 0) range.first = random_day();
    if (pick(0, 5) != 0) range.last = random_day();
    if (range.first && range.last && *range.first > *range.last) std::swap(range.first, range.last);
    std::set<std::string> expected;
    for (const auto& d : documents) {
      if (d.first.empty()) continue;
      if (range.last && d.first > *range.last) continue;
      if (range.first && d.last < *range.first) continue;
      expected.insert(d.id);
    }
    INFO("range " << range.first.value_or("..") << " - " << range.last.value_or(".."));
    const Xapian::Query query = date_range_query(range, &db);
    REQUIRE(matching(query) == expected);
    REQUIRE(matching(date_value_range_query(range)) == expected);
    // Five years in the index, two of them partly covered: at most their 12 months and the 62
    // days of their end months each.
    REQUIRE(std::distance(query.get_unique_terms_begin(), query.get_unique_terms_end()) <=
            5 + 2 * (1 + 12 + 62));
    if (!expected.empty()) ++nonempty;
  }
  CHECK(nonempty > 200);
}
