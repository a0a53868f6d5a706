/// @file searchd/date_filter.cc
/// @brief Overlap of a document's local date period with a requested range, as Xapian queries.
#include "searchd/date_filter.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/schema.h"
#include "core/utf8.h"

namespace dalil::searchd {

namespace schema = core::schema;

namespace {

int number(std::string_view digits) {
  int value = 0;
  for (char ch : digits) value = value * 10 + (ch - '0');
  return value;
}

std::string digits(int value, int width) {
  std::string text(static_cast<std::size_t>(width), '0');
  for (int i = width - 1; i >= 0 && value > 0; --i, value /= 10)
    text[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  return text;
}

// Appended, not operator+: GCC 12 at -O3 warns of a false overlap (-Wrestrict) in it.
std::string date_term(std::string_view prefix, int year, int month = 0, int day = 0) {
  std::string term(prefix);
  term += digits(year, 4);
  if (month > 0) term += digits(month, 2);
  if (day > 0) term += digits(day, 2);
  return term;
}

std::string year_term(int year) {
  return date_term(schema::kPrefixYear, year);
}

std::string month_term(int year, int month) {
  return date_term(schema::kPrefixMonth, year, month);
}

std::string day_term(int year, int month, int day) {
  return date_term(schema::kPrefixDay, year, month, day);
}

struct Day {
  int year;
  int month;
  int day;
};

Day day_of(std::string_view yyyymmdd) {
  return {number(yyyymmdd.substr(0, 4)), number(yyyymmdd.substr(4, 2)),
          number(yyyymmdd.substr(6, 2))};
}

}  // namespace

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

DateTerms::DateTerms(const Xapian::Database& db)
    : db_(db),
      min_start_(db.get_value_lower_bound(schema::kSlotDateStart)),
      max_start_(db.get_value_upper_bound(schema::kSlotDateStart)),
      min_end_(db.get_value_lower_bound(schema::kSlotDateEnd)),
      all_dated_(db.get_value_freq(schema::kSlotDateStart) == db.get_doccount()) {}

const std::vector<std::pair<int, Xapian::doccount>>& DateTerms::numbered(const std::string& prefix,
                                                                         std::size_t size) {
  const auto found = numbered_.find(prefix);
  if (found != numbered_.end()) return found->second;
  // One walk through the sorted term list reads a month's days or a year's months from the
  // same few B-tree blocks.
  std::vector<std::pair<int, Xapian::doccount>> terms;
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
    const std::string term = *it;
    const std::string_view number_text = std::string_view(term).substr(prefix.size());
    if (number_text.size() == size &&
        std::all_of(number_text.begin(), number_text.end(), core::is_ascii_digit)) {
      terms.emplace_back(number(number_text), it.get_termfreq());
    }
  }
  return numbered_.emplace(prefix, std::move(terms)).first->second;
}

Xapian::Query date_value_range_query(const DayRange& range) {
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

Xapian::Query date_range_query(const DayRange& range, const Xapian::Database* db) {
  if (db == nullptr) return date_value_range_query(range);
  DateTerms terms(*db);
  return date_range_query(range, terms);
}

Xapian::Query date_range_query(const DayRange& range, DateTerms& terms) {
  // A document has the `Y` term of its year at any precision, the `M` term of its month at
  // month or day precision and the `D` term at day precision. The range is the OR of the `Y`
  // terms of the years it covers whole, the `M` terms of the months it covers whole and the `D`
  // terms of the days it covers in the other months, plus the coarse documents of partly
  // covered periods: a month's month-precision documents (its `M` term without its days) and a
  // year's year-precision ones (its `Y` term without its months), each only when term
  // frequencies show there are any. Positive terms let the matcher skip through the filter;
  // the value slots it used before (date_value_range_query) decode each candidate's value, and
  // a year's `Y` term without the months outside walks the whole year.
  //
  // An end that every document's period passes is an open end (the value slots' bounds tell):
  // a range over the whole index is every dated document, all of them when every document has
  // a date, which Xapian then counts from the other terms' frequencies alone.
  if (terms.min_start().empty()) return Xapian::Query::MatchNothing;  // no dated document
  const bool from_first = !range.first || *range.first <= terms.min_end();
  const bool to_last = !range.last || *range.last >= terms.max_start();
  // Every document has the `Y` term of its year: these are the years of the index.
  const auto& years = terms.numbered(std::string(schema::kPrefixYear), 4);
  if (years.empty()) return date_value_range_query(range);  // an index without date terms
  if (from_first && to_last) {
    if (terms.all_dated()) return Xapian::Query::MatchAll;
    std::vector<Xapian::Query> all;
    for (const auto& year : years) all.emplace_back(year_term(year.first));
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, all.begin(), all.end()), 0.0);
  }
  // Every period lies within its year, so an open end may as well be the whole first or last year.
  const Day first = from_first ? Day{years.front().first, 1, 1} : day_of(*range.first);
  const Day last = to_last ? Day{years.back().first, 12, 31} : day_of(*range.last);
  const auto key = [](int year, int month, int day) { return (year * 100 + month) * 100 + day; };
  const int first_key = key(first.year, first.month, first.day);
  const int last_key = key(last.year, last.month, last.day);
  if (first_key > last_key) return Xapian::Query::MatchNothing;
  std::vector<Xapian::Query> parts;
  for (const auto& [year, in_year] : years) {
    if (year < first.year || year > last.year) continue;
    if (first_key <= key(year, 1, 1) && key(year, 12, 31) <= last_key) {
      parts.emplace_back(year_term(year));
      continue;
    }
    Xapian::doccount at_month_precision = 0;  // documents with a month (and maybe a day)
    std::vector<Xapian::Query> months;
    for (const auto& [month, in_month] :
         terms.numbered(std::string(schema::kPrefixMonth) + digits(year, 4), 2)) {
      if (month < 1 || month > 12) continue;
      const std::string month_t = month_term(year, month);
      at_month_precision += in_month;
      months.emplace_back(month_t);
      const int days = core::days_in_month(year, month);
      const int from = std::max(first_key, key(year, month, 1)) - key(year, month, 0);
      const int to = std::min(last_key, key(year, month, days)) - key(year, month, 0);
      if (from > to) continue;  // outside the range
      if (from == 1 && to == days) {
        parts.emplace_back(month_t);
        continue;
      }
      Xapian::doccount at_day_precision = 0;
      std::vector<Xapian::Query> inside;
      std::vector<Xapian::Query> outside;
      for (const auto& [day, on_day] : terms.numbered(
               std::string(schema::kPrefixDay) + digits(year, 4) + digits(month, 2), 2)) {
        at_day_precision += on_day;
        (day >= from && day <= to ? inside : outside).emplace_back(day_term(year, month, day));
      }
      if (at_day_precision == in_month) {
        parts.insert(parts.end(), inside.begin(), inside.end());
      } else if (outside.empty()) {
        parts.emplace_back(month_t);
      } else {
        parts.emplace_back(Xapian::Query::OP_AND_NOT, Xapian::Query(month_t),
                           Xapian::Query(Xapian::Query::OP_OR, outside.begin(), outside.end()));
      }
    }
    if (in_year > at_month_precision) {
      parts.emplace_back(Xapian::Query::OP_AND_NOT, Xapian::Query(year_term(year)),
                         Xapian::Query(Xapian::Query::OP_OR, months.begin(), months.end()));
    }
  }
  if (parts.empty()) return Xapian::Query::MatchNothing;
  // Boolean terms (wdf 0) weigh nothing; OP_SCALE_WEIGHT 0 says so to Xapian's matcher too.
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()), 0.0);
}

}  // namespace dalil::searchd
