/// @file searchd/facets.h
/// @brief Exact facet counts and date histograms, gathered by Xapian match spies.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "core/string_map.h"

namespace dalil::searchd {

/// Counts the values of one facet slot (core::encode_values); each value once per document.
class FacetCounter : public Xapian::MatchSpy {
 public:
  explicit FacetCounter(Xapian::valueno slot) : slot_(slot) {}
  void operator()(const Xapian::Document& doc, double weight) override;

  /// {"values": [{"value", "count"}...] (most frequent first, ties by value), "other_values": N}
  /// with at most @p top values listed.
  nlohmann::json to_json(std::size_t top) const;
  // Looked up by string_view: a value already counted costs no std::string.
  using Counts = core::StringMap<Xapian::doccount>;
  const Counts& counts() const { return counts_; }

 private:
  Xapian::valueno slot_;
  Counts counts_;
};

/// How a date histogram groups documents.
enum class Interval { kYear, kMonth, kDay, kAuto };

/// Counts documents per local date (the date as written), and those without one.
class DateHistogram : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double weight) override;

  /// {"interval", "buckets": [{"key", "count"}...] in date order, "no_date", "coarser"}:
  /// "coarser" counts documents whose date is less precise than the interval (a year-only date
  /// in a month histogram). kAuto picks years above 3 years of span, months above 3 months,
  /// else days.
  nlohmann::json to_json(Interval interval) const;

 private:
  std::map<std::string, Xapian::doccount> by_key_;  // local key ("2018", "2018-05", "2018-05-23")
  Xapian::doccount no_date_ = 0;
};

}  // namespace dalil::searchd
