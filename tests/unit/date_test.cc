/// @file tests/unit/date_test.cc
/// @brief ISO 8601 parsing, precision, local keys and epoch seconds of core/date.h.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace dalil::core {
namespace {

struct ValidCase {
  std::string_view text;
  int year, month, day, hour, minute, second;
  std::optional<int> utc_offset_minutes;
  DatePrecision precision;
};

const std::vector<ValidCase> kValidCases = {
    {"2011", 2011, 1, 1, 0, 0, 0, std::nullopt, DatePrecision::kYear},
    {"2013-08", 2013, 8, 1, 0, 0, 0, std::nullopt, DatePrecision::kMonth},
    {"2021-03-14", 2021, 3, 14, 0, 0, 0, std::nullopt, DatePrecision::kDay},
    {"2018-05-23T05:07:36+00:00", 2018, 5, 23, 5, 7, 36, 0, DatePrecision::kTime},
    {"1987-02-26T15:01:01", 1987, 2, 26, 15, 1, 1, std::nullopt, DatePrecision::kTime},
    {"2021-03-14T10:00", 2021, 3, 14, 10, 0, 0, std::nullopt, DatePrecision::kTime},
    {"2021-03-14T10:20:30.5", 2021, 3, 14, 10, 20, 30, std::nullopt, DatePrecision::kTime},
    {"2021-03-14T10:20:30.123456Z", 2021, 3, 14, 10, 20, 30, 0, DatePrecision::kTime},
    {"2021-03-14T10:20:30,25", 2021, 3, 14, 10, 20, 30, std::nullopt, DatePrecision::kTime},
    {"2021-03-14T10:20:30Z", 2021, 3, 14, 10, 20, 30, 0, DatePrecision::kTime},
    {"2021-03-14T10:20:30z", 2021, 3, 14, 10, 20, 30, 0, DatePrecision::kTime},
    {"2021-03-14T10:20Z", 2021, 3, 14, 10, 20, 0, 0, DatePrecision::kTime},
    {"2021-03-14T10:20:30+0300", 2021, 3, 14, 10, 20, 30, 180, DatePrecision::kTime},
    {"2021-03-14T10:20:30+03:00", 2021, 3, 14, 10, 20, 30, 180, DatePrecision::kTime},
    {"2021-03-14T10:20:30-05:00", 2021, 3, 14, 10, 20, 30, -300, DatePrecision::kTime},
    {"2021-03-14T10:20:30+05:30", 2021, 3, 14, 10, 20, 30, 330, DatePrecision::kTime},
    {"2021-03-14T10:20:30-0930", 2021, 3, 14, 10, 20, 30, -570, DatePrecision::kTime},
    // Hours-only offsets are accepted (ISO 8601 allows ±hh).
    {"2021-03-14T10:20:30+03", 2021, 3, 14, 10, 20, 30, 180, DatePrecision::kTime},
    {"2021-03-14 10:20:30", 2021, 3, 14, 10, 20, 30, std::nullopt, DatePrecision::kTime},
    {"2021-03-14 10:20:30+02:00", 2021, 3, 14, 10, 20, 30, 120, DatePrecision::kTime},
    {"2021-12-31T23:59:59", 2021, 12, 31, 23, 59, 59, std::nullopt, DatePrecision::kTime},
    {"2021-01-01T00:00:00", 2021, 1, 1, 0, 0, 0, std::nullopt, DatePrecision::kTime},
    {"0001-01-01", 1, 1, 1, 0, 0, 0, std::nullopt, DatePrecision::kDay},
    {"9999-12-31", 9999, 12, 31, 0, 0, 0, std::nullopt, DatePrecision::kDay},
    // Leap years: divisible by 4, except centuries, except every fourth century.
    {"2020-02-29", 2020, 2, 29, 0, 0, 0, std::nullopt, DatePrecision::kDay},
    {"2000-02-29", 2000, 2, 29, 0, 0, 0, std::nullopt, DatePrecision::kDay},
    {"0000-02-29", 0, 2, 29, 0, 0, 0, std::nullopt, DatePrecision::kDay},  // year 0 is leap
    {"2021-04-30", 2021, 4, 30, 0, 0, 0, std::nullopt, DatePrecision::kDay},
};

TEST_CASE("parse_iso_date accepts the documented forms", "[core][date]") {
  for (const auto& c : kValidCases) {
    DYNAMIC_SECTION(c.text) {
      const std::optional<Date> date = parse_iso_date(c.text);
      REQUIRE(date.has_value());
      CHECK(date->year == c.year);
      CHECK(date->month == c.month);
      CHECK(date->day == c.day);
      CHECK(date->hour == c.hour);
      CHECK(date->minute == c.minute);
      CHECK(date->second == c.second);
      CHECK(date->utc_offset_minutes == c.utc_offset_minutes);
      CHECK(date->precision == c.precision);
    }
  }
}

const std::vector<std::string_view> kInvalidCases = {
    "",
    "21",
    "202",
    "2021-",
    "2021-3",
    "2021-1-1",
    "2021-01-1",
    "20210101",
    "202103",
    "2021/03/14",
    "2021-02-30",
    "2021-04-31",
    "2021-13-01",
    "2021-00-10",
    "2021-03-00",
    "2021-03-32",
    "2021-02-29",  // not a leap year
    "1900-02-29",  // century, not a leap year
    "2100-02-29",
    "2021-03-14T",
    "2021-03-14T10",
    "2021-03-14T10:",
    "2021-03-14T1:00",
    "2021-03-14T10:0",
    "2021-03-14T25:00",
    "2021-03-14T24:00",
    "2021-03-14T10:60",
    "2021-03-14T10:00:60",  // leap seconds are rejected
    "2021-03-14T10:00:5",
    "2021-03-14T10:00:00.",
    "2021-03-14T10:00:00.Z",
    "2021-03-14T10:00+03:",
    "2021-03-14T10:00+03:0",
    "2021-03-14T10:00+030",
    "2021-03-14T10:00+",
    "2021-03-14T10:00+3:00",
    "2021-03-14T10:00+19:00",
    "2021-03-14T10:00+03:60",
    "2021-03-14T10:00:00 +03:00",
    "2021-03-14T10:00:00+03:00:00",
    "2021-03-14T10:00:00ZZ",
    "2021-03-14t10:00",
    "2021-03-14X10:00",
    "2021-03-14 ",
    "2021x",
    "2013-08 ",
    "2021-03-14junk",
    "2021-03-14T10:00:00Zjunk",
    " 2021-03-14",
    "abcd",
    "+2021",
    "-2021",
    "２０２１",  // full-width digits are not ASCII digits
};

TEST_CASE("parse_iso_date rejects malformed and impossible dates", "[core][date]") {
  for (const auto text : kInvalidCases) {
    DYNAMIC_SECTION("'" << text << "'") {
      const std::optional<Date> date = parse_iso_date(text);
      CHECK_FALSE(date.has_value());
    }
  }
}

TEST_CASE("precision_name names each precision", "[core][date]") {
  struct Case {
    std::string_view text;
    DatePrecision precision;
    std::string_view name;
  };
  const std::vector<Case> cases = {
      {"2011", DatePrecision::kYear, "year"},
      {"2013-08", DatePrecision::kMonth, "month"},
      {"2021-03-14", DatePrecision::kDay, "day"},
      {"2021-03-14T10:00", DatePrecision::kTime, "time"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.text) {
      const auto date = parse_iso_date(c.text);
      REQUIRE(date.has_value());
      CHECK(date->precision == c.precision);
      CHECK(date->precision_name() == c.name);
    }
  }
}

TEST_CASE("local_key is the local date truncated to its precision", "[core][date]") {
  struct Case {
    std::string_view text;
    std::string key;
  };
  const std::vector<Case> cases = {
      {"2011", "2011"},
      {"0042", "0042"},
      {"2013-08", "2013-08"},
      {"2021-03-04", "2021-03-04"},
      {"2018-05-23T05:07:36+00:00", "2018-05-23"},
      // The local calendar date is kept: 23:30 at -05:00 is already the next day in UTC.
      {"2021-03-14T23:30:00-05:00", "2021-03-14"},
      {"2021-03-14T01:30:00+03:00", "2021-03-14"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.text) {
      const auto date = parse_iso_date(c.text);
      REQUIRE(date.has_value());
      CHECK(date->local_key() == c.key);
    }
  }
}

TEST_CASE("local keys sort in date order", "[core][date]") {
  const std::vector<std::string_view> in_order = {
      "0999", "1987-02-26", "2011", "2011-01", "2011-01-05", "2011-02", "2011-12-31", "2012"};
  for (std::size_t i = 1; i < in_order.size(); ++i) {
    const auto before = parse_iso_date(in_order[i - 1]);
    const auto after = parse_iso_date(in_order[i]);
    REQUIRE(before.has_value());
    REQUIRE(after.has_value());
    INFO(before->local_key() << " < " << after->local_key());
    CHECK(before->local_key() < after->local_key());
  }
}

TEST_CASE("epoch_seconds converts to UTC using the offset", "[core][date]") {
  struct Case {
    std::string_view text;
    int64_t epoch_seconds;
  };
  const std::vector<Case> cases = {
      {"1970-01-01", 0},
      {"1970", 0},
      {"1970-01", 0},
      {"1970-01-01T00:00:00Z", 0},
      {"1970-01-01T03:00:00+03:00", 0},
      {"1970-01-01T03:00:00+0300", 0},
      {"1969-12-31T19:00:00-05:00", 0},
      {"1969-12-31T23:59:59Z", -1},
      {"1969-12-31", -86400},
      {"2018-05-23", 1527033600},                 // date -u -d 2018-05-23 +%s
      {"2018-05-23T05:07:36+00:00", 1527052056},  // date -u -d 2018-05-23T05:07:36Z +%s
      {"2018-05-23T05:07:36", 1527052056},        // no offset: taken as UTC
      {"1987-02-26T15:01:01", 541350061},
      {"2011", 1293840000},     // start of the year
      {"2013-08", 1375315200},  // start of the month
      {"2021-03-14T10:00:00-05:00", 1615734000},
      {"2021-03-14T10:00:00+03:00", 1615705200},
      {"2021-03-14T10:00:00.999+03:00", 1615705200},  // fractions are dropped
      {"2000-03-01", 951868800},
      {"2038-01-19T03:14:08Z", 2147483648},  // past 32-bit time_t
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.text) {
      const auto date = parse_iso_date(c.text);
      REQUIRE(date.has_value());
      CHECK(date->epoch_seconds() == c.epoch_seconds);
    }
  }
}

TEST_CASE("the same instant written with different offsets has one epoch", "[core][date]") {
  const std::vector<std::string_view> same_instant = {
      "2021-03-14T12:00:00Z",      "2021-03-14T15:00:00+03:00", "2021-03-14T07:00:00-0500",
      "2021-03-14T17:30:00+05:30", "2021-03-15T01:00:00+13:00", "2021-03-13T23:00:00-13:00"};
  const auto reference = parse_iso_date(same_instant.front());
  REQUIRE(reference.has_value());
  for (const auto text : same_instant) {
    DYNAMIC_SECTION(text) {
      const auto date = parse_iso_date(text);
      REQUIRE(date.has_value());
      CHECK(date->epoch_seconds() == reference->epoch_seconds());
    }
  }
}

TEST_CASE("days_from_civil counts days since 1970-01-01", "[core][date]") {
  struct Case {
    int year, month, day;
    int64_t days;
  };
  const std::vector<Case> cases = {
      {1970, 1, 1, 0},
      {1970, 1, 2, 1},
      {1969, 12, 31, -1},
      {1971, 1, 1, 365},
      {1972, 3, 1, 790},
      {2000, 1, 1, 10957},
      {2000, 3, 1, 11017},
      {2018, 5, 23, 17674},
      {1900, 1, 1, -25567},
      {1600, 3, 1, -135080},
      {2020, 2, 29, 18321},
      {2020, 3, 1, 18322},
      {1, 1, 1, -719162},
      {9999, 12, 31, 2932896},
      // Year 0 and before (proleptic Gregorian; year 0 is a leap year).
      {0, 3, 1, -719468},
      {0, 2, 29, -719469},
      {0, 1, 1, -719528},
      {-1, 12, 31, -719529},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.year << "-" << c.month << "-" << c.day) {
      CHECK(days_from_civil(c.year, c.month, c.day) == c.days);
    }
  }
}

TEST_CASE("days_from_civil is consecutive across month and year ends", "[core][date]") {
  // Walk every day of 1999..2001 (which includes the 2000 leap day) by parsing each date.
  int64_t expected = days_from_civil(1999, 1, 1);
  int days_seen = 0;
  for (int year = 1999; year <= 2001; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (int day = 1; day <= 31; ++day) {
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        if (!parse_iso_date(text)) continue;
        INFO(text);
        REQUIRE(days_from_civil(year, month, day) == expected);
        ++expected;
        ++days_seen;
      }
    }
  }
  CHECK(days_seen == 365 + 366 + 365);
}

TEST_CASE("local_day_range gives the first and last local day of the period", "[core][date]") {
  struct Case {
    std::string_view text;
    std::string first;
    std::string last;
  };
  const std::vector<Case> cases = {
      {"2011", "20110101", "20111231"},
      {"2020", "20200101", "20201231"},
      {"0042", "00420101", "00421231"},
      {"2021-01", "20210101", "20210131"},
      {"2020-02", "20200201", "20200229"},  // leap year
      {"2021-02", "20210201", "20210228"},
      {"2000-02", "20000201", "20000229"},  // every fourth century is leap
      {"1900-02", "19000201", "19000228"},  // other centuries are not
      {"2021-04", "20210401", "20210430"},
      {"2021-06", "20210601", "20210630"},
      {"2021-09", "20210901", "20210930"},
      {"2021-11", "20211101", "20211130"},
      {"2021-12", "20211201", "20211231"},
      {"2021-03-14", "20210314", "20210314"},
      {"2020-02-29", "20200229", "20200229"},
      {"2021-12-31", "20211231", "20211231"},
      {"2021-03-14T10:20:30", "20210314", "20210314"},
      {"2021-03-14T10:20:30Z", "20210314", "20210314"},
      // Near midnight with an offset the LOCAL day is kept, never the UTC one.
      {"2021-03-14T23:30:00-05:00", "20210314", "20210314"},  // UTC: 2021-03-15
      {"2021-03-15T00:30:00+03:00", "20210315", "20210315"},  // UTC: 2021-03-14
      {"2021-12-31T23:59:59-13:00", "20211231", "20211231"},  // UTC: 2022-01-01
      {"2021-01-01T00:00:00+14:00", "20210101", "20210101"},  // UTC: 2020-12-31
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.text) {
      const auto date = parse_iso_date(c.text);
      REQUIRE(date.has_value());
      const auto [first, last] = date->local_day_range();
      CHECK(first == c.first);
      CHECK(last == c.last);
    }
  }
}

}  // namespace
}  // namespace dalil::core

TEST_CASE("days_in_month follows the Gregorian leap years", "[core][date]") {
  struct Case {
    int year;
    int month;
    int days;
  };
  const std::vector<Case> cases = {
      {2021, 1, 31}, {2021, 2, 28}, {2024, 2, 29},  {1900, 2, 28},
      {2000, 2, 29}, {2021, 4, 30}, {2021, 12, 31},
  };
  for (const auto& c : cases) {
    INFO(c.year << "-" << c.month);
    CHECK(dalil::core::days_in_month(c.year, c.month) == c.days);
  }
}
