/// @file searchd/date_filter.cc
/// @brief Overlap of a document's local date period with a requested range, over value slots.
#include "searchd/date_filter.h"

#include "core/date.h"
#include "core/error.h"
#include "core/schema.h"

namespace dalil::searchd {

namespace schema = core::schema;

DayRange parse_day_range(std::string_view from, std::string_view to, std::string_view what,
                         bool query_syntax) {
  const auto code = query_syntax ? core::ErrorCode::kBadQuery : core::ErrorCode::kBadParameter;
  auto parse = [&](std::string_view text) {
    const auto date = core::parse_iso_date(text);
    if (!date) {
      throw core::Error(code, std::string(what) + ": \"" + std::string(text.substr(0, 40)) +
                                  "\" is not a date; write 2011, 2011-03 or 2011-03-14");
    }
    return date->local_day_range();
  };
  DayRange range;
  if (!from.empty()) range.first = parse(from).first;
  if (!to.empty()) range.last = parse(to).second;
  if (range.first && range.last && *range.first > *range.last) {
    throw core::Error(code, std::string(what) + ": the range ends before it starts");
  }
  return range;
}

Xapian::Query date_range_query(const DayRange& range) {
  // A document's period [start, end] overlaps [first, last] when start <= last and end >= first.
  // Both slots are set together, so a lone open end still requires a date.
  Xapian::Query starts =
      range.last ? Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDateStart, *range.last)
                 : Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDateStart, "0");
  if (!range.first) return starts;
  return Xapian::Query(
      Xapian::Query::OP_AND, starts,
      Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDateEnd, *range.first));
}

}  // namespace dalil::searchd
