/// @file core/date.h
/// @brief ISO 8601 dates at the precision they were written (year, month, day or timestamp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dalil::core {

/// How much of a date was written.
enum class DatePrecision { kYear, kMonth, kDay, kTime };

/// A date as written in a document: the publisher's local calendar fields, kept as written, plus
/// an optional UTC offset. Days, months and years are those of the local date, never converted.
struct Date {
  int year = 0;
  int month = 1;  ///< 1..12; 1 when the precision is kYear.
  int day = 1;    ///< 1..31; 1 when the precision is coarser than kDay.
  int hour = 0;
  int minute = 0;
  int second = 0;
  std::optional<int> utc_offset_minutes;  ///< Set only for timestamps written with Z or +hh:mm.
  DatePrecision precision = DatePrecision::kDay;

  /// The instant in seconds since 1970-01-01T00:00:00Z, for sorting. A date without an offset
  /// is taken as UTC; a coarse date is taken at the start of its period.
  int64_t epoch_seconds() const;

  /// The local calendar date truncated to its precision ("2018", "2018-05", "2018-05-23"),
  /// which sorts lexicographically.
  std::string local_key() const;

  /// First and last local day the date stands for, as "YYYYMMDD" ("2011" gives 20110101 and
  /// 20111231; a day or a timestamp gives its day twice).
  std::pair<std::string, std::string> local_day_range() const;

  /// "year", "month", "day" or "time".
  std::string_view precision_name() const;
};

/// Parses YYYY, YYYY-MM, YYYY-MM-DD, or YYYY-MM-DD[T ]hh:mm[:ss[.frac]][Z|±hh:mm|±hhmm].
/// Returns nullopt for anything else, including impossible dates such as 2021-02-30.
std::optional<Date> parse_iso_date(std::string_view text);

/// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int year, int month, int day);

/// Days of @p month (1-12) of @p year in the proleptic Gregorian calendar.
int days_in_month(int year, int month);

}  // namespace dalil::core
