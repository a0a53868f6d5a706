/// @file searchd/date_filter.h
/// @brief Date ranges at any precision ("2011", "2011-03", "2011-03-14") as Xapian queries.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

namespace dalil::searchd {

/// An inclusive range of local days, "YYYYMMDD"; either end may be open.
struct DayRange {
  std::optional<std::string> first;  ///< From the first day of `from` at its precision.
  std::optional<std::string> last;   ///< To the last day of `to` at its precision.
};

/// Parses the two ends as written in a request or a query ("" for an open end): "2011-03" as
/// `from` means 2011-03-01, as `to` 2011-03-31. Throws core::Error(@p error_code) naming
/// @p what when an end is not an ISO 8601 date or the range is reversed.
DayRange parse_day_range(std::string_view from, std::string_view to, std::string_view what,
                         bool query_syntax);

/// The date terms of one revision of an index (years, months and days that have documents, with
/// their term frequencies) and the bounds of its documents' date periods, read as
/// date_range_query needs them and kept: a worker keeps one per revision of its database
/// (WorkerContext::date_terms), so a month's days are read once, not on every request.
class DateTerms {
 public:
  /// Reads the value bounds of @p db (which must outlive this) now, the terms when asked.
  explicit DateTerms(const Xapian::Database& db);
  DateTerms(const DateTerms&) = delete;
  DateTerms& operator=(const DateTerms&) = delete;

  /// (number, term frequency) of the terms @p prefix + @p size digits, ascending.
  const std::vector<std::pair<int, Xapian::doccount>>& numbered(const std::string& prefix,
                                                                std::size_t size);
  /// Bounds of the kSlotDateStart and kSlotDateEnd values ("" without dated documents).
  const std::string& min_start() const { return min_start_; }
  const std::string& max_start() const { return max_start_; }
  const std::string& min_end() const { return min_end_; }
  /// Every document has a date.
  bool all_dated() const { return all_dated_; }

 private:
  const Xapian::Database& db_;
  std::string min_start_;
  std::string max_start_;
  std::string min_end_;
  bool all_dated_;
  std::map<std::string, std::vector<std::pair<int, Xapian::doccount>>> numbered_;
};

/// Documents whose date may fall in @p range: their period (a day, or a whole month or year for
/// a coarse date) overlaps it. Documents without a date never match. Built from the index's
/// boolean year, month and day terms as @p terms knows them. The query weighs nothing.
Xapian::Query date_range_query(const DayRange& range, DateTerms& terms);

/// The same over @p db's date terms read for this query alone, or over the date value slots
/// (date_value_range_query) when @p db is null.
Xapian::Query date_range_query(const DayRange& range, const Xapian::Database* db);

/// The same documents as date_range_query over the value slots kSlotDateStart and
/// kSlotDateEnd (two value-range posting lists, slower to filter with).
Xapian::Query date_value_range_query(const DayRange& range);

}  // namespace dalil::searchd
