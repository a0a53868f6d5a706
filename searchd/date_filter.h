/// @file searchd/date_filter.h
/// @brief Date ranges at any precision ("2011", "2011-03", "2011-03-14") as Xapian queries.
#pragma once

#include <optional>
#include <string>
#include <string_view>

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

/// Documents whose date may fall in @p range: their period (a day, or a whole month or year for
/// a coarse date) overlaps it. Documents without a date never match. Built from @p db's boolean
/// year, month and day terms (an open end stands for the first or last year of the index), or
/// from the date value slots when @p db is null. The query weighs nothing.
Xapian::Query date_range_query(const DayRange& range, const Xapian::Database* db);

/// The same documents as date_range_query over the value slots kSlotDateStart and
/// kSlotDateEnd (two value-range posting lists, slower to filter with).
Xapian::Query date_value_range_query(const DayRange& range);

}  // namespace dalil::searchd
