/// @file core/date.cc
/// @brief ISO 8601 parsing and the calendar arithmetic behind it.
#include "core/date.h"

#include <cstdio>

namespace dalil::core {

namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Reads exactly @p width ASCII digits at @p pos; advances pos on success.
bool read_digits(std::string_view text, std::size_t& pos, int width, int& out) {
  if (pos + width > text.size()) return false;
  int value = 0;
  for (int i = 0; i < width; ++i) {
    const char ch = text[pos + i];
    if (ch < '0' || ch > '9') return false;
    value = value * 10 + (ch - '0');
  }
  pos += width;
  out = value;
  return true;
}

bool read_char(std::string_view text, std::size_t& pos, char expected) {
  if (pos < text.size() && text[pos] == expected) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

int64_t days_from_civil(int year, int month, int day) {
  // Howard Hinnant's algorithm: shift the year to start in March so leap days come last.
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t Date::epoch_seconds() const {
  const int64_t local =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  return local - static_cast<int64_t>(utc_offset_minutes.value_or(0)) * 60;
}

std::string Date::local_key() const {
  char buffer[16];
  switch (precision) {
    case DatePrecision::kYear:
      std::snprintf(buffer, sizeof buffer, "%04d", year);
      break;
    case DatePrecision::kMonth:
      std::snprintf(buffer, sizeof buffer, "%04d-%02d", year, month);
      break;
    default:
      std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
      break;
  }
  return buffer;
}

std::pair<std::string, std::string> Date::local_day_range() const {
  int first_month = month;
  int last_month = month;
  int first_day = day;
  int last_day = day;
  if (precision == DatePrecision::kYear) {
    first_month = 1;
    last_month = 12;
  }
  if (precision == DatePrecision::kYear || precision == DatePrecision::kMonth) {
    first_day = 1;
    last_day = days_in_month(year, last_month);
  }
  char first[16];
  char last[16];
  std::snprintf(first, sizeof first, "%04d%02d%02d", year, first_month, first_day);
  std::snprintf(last, sizeof last, "%04d%02d%02d", year, last_month, last_day);
  return {first, last};
}

std::string_view Date::precision_name() const {
  switch (precision) {
    case DatePrecision::kYear:
      return "year";
    case DatePrecision::kMonth:
      return "month";
    case DatePrecision::kDay:
      return "day";
    case DatePrecision::kTime:
      return "time";
  }
  return "day";
}

std::optional<Date> parse_iso_date(std::string_view text) {
  Date date;
  std::size_t pos = 0;
  if (!read_digits(text, pos, 4, date.year)) return std::nullopt;
  date.precision = DatePrecision::kYear;
  if (pos == text.size()) return date;

  if (!read_char(text, pos, '-') || !read_digits(text, pos, 2, date.month)) return std::nullopt;
  if (date.month < 1 || date.month > 12) return std::nullopt;
  date.precision = DatePrecision::kMonth;
  if (pos == text.size()) return date;

  if (!read_char(text, pos, '-') || !read_digits(text, pos, 2, date.day)) return std::nullopt;
  if (date.day < 1 || date.day > days_in_month(date.year, date.month)) return std::nullopt;
  date.precision = DatePrecision::kDay;
  if (pos == text.size()) return date;

  if (!read_char(text, pos, 'T') && !read_char(text, pos, ' ')) return std::nullopt;
  if (!read_digits(text, pos, 2, date.hour) || !read_char(text, pos, ':') ||
      !read_digits(text, pos, 2, date.minute)) {
    return std::nullopt;
  }
  if (read_char(text, pos, ':')) {
    if (!read_digits(text, pos, 2, date.second)) return std::nullopt;
    if (read_char(text, pos, '.') || read_char(text, pos, ',')) {
      const std::size_t digits_start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == digits_start) return std::nullopt;
    }
  }
  // 24:00 and leap seconds are rare enough in archives that we reject them rather than guess.
  if (date.hour > 23 || date.minute > 59 || date.second > 59) return std::nullopt;
  date.precision = DatePrecision::kTime;
  if (pos == text.size()) return date;

  if (read_char(text, pos, 'Z') || read_char(text, pos, 'z')) {
    date.utc_offset_minutes = 0;
  } else {
    const char sign = text[pos];
    if (sign != '+' && sign != '-') return std::nullopt;
    ++pos;
    int hours = 0;
    int minutes = 0;
    if (!read_digits(text, pos, 2, hours)) return std::nullopt;
    const bool colon = read_char(text, pos, ':');
    if ((colon || pos < text.size()) && !read_digits(text, pos, 2, minutes)) return std::nullopt;
    if (hours > 18 || minutes > 59) return std::nullopt;
    date.utc_offset_minutes = (sign == '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  if (pos != text.size()) return std::nullopt;
  return date;
}

}  // namespace dalil::core
