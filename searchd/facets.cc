/// @file searchd/facets.cc
/// @brief Match spies for facets and date histograms.
#include "searchd/facets.h"

#include <algorithm>
#include <vector>

#include "core/index_schema.h"
#include "core/schema.h"

namespace dalil::searchd {

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  const std::string encoded = doc.get_value(slot_);
  if (encoded.empty()) return;
  // The indexer stores each document's values sorted and unique, so each counts once.
  for (const auto value : core::decode_values(encoded)) {
    if (const auto it = counts_.find(value); it != counts_.end()) {
      ++it->second;
    } else {
      counts_.emplace(std::string(value), 1);
    }
  }
}

nlohmann::json FacetCounter::to_json(std::size_t top) const {
  std::vector<std::pair<std::string_view, Xapian::doccount>> sorted(counts_.begin(), counts_.end());
  const std::size_t shown = std::min(top, sorted.size());
  auto order = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  std::partial_sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(shown),
                    sorted.end(), order);
  nlohmann::json values = nlohmann::json::array();
  for (std::size_t i = 0; i < shown; ++i) {
    values.push_back({{"value", sorted[i].first}, {"count", sorted[i].second}});
  }
  return {{"values", values}, {"other_values", sorted.size() - shown}};
}

void DateHistogram::operator()(const Xapian::Document& doc, double) {
  std::string key = doc.get_value(core::schema::kSlotDateLocal);
  if (key.empty()) {
    ++no_date_;
  } else {
    ++by_key_[std::move(key)];
  }
}

nlohmann::json DateHistogram::to_json(Interval interval) const {
  if (interval == Interval::kAuto) {
    interval = Interval::kDay;
    if (!by_key_.empty()) {
      const std::string& first = by_key_.begin()->first;
      const std::string& last = by_key_.rbegin()->first;
      const int years = std::stoi(last.substr(0, 4)) - std::stoi(first.substr(0, 4));
      const int first_month = first.size() >= 7 ? std::stoi(first.substr(5, 2)) : 1;
      const int last_month = last.size() >= 7 ? std::stoi(last.substr(5, 2)) : 12;
      const int months = years * 12 + last_month - first_month;
      if (years > 3) {
        interval = Interval::kYear;
      } else if (months > 3) {
        interval = Interval::kMonth;
      }
    }
  }
  const std::size_t length = interval == Interval::kYear    ? 4
                             : interval == Interval::kMonth ? 7
                                                            : 10;
  std::map<std::string, Xapian::doccount> buckets;
  Xapian::doccount coarser = 0;
  for (const auto& [key, count] : by_key_) {
    if (key.size() < length) {
      coarser += count;
    } else {
      buckets[key.substr(0, length)] += count;
    }
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& [key, count] : buckets) list.push_back({{"key", key}, {"count", count}});
  const char* name = interval == Interval::kYear    ? "year"
                     : interval == Interval::kMonth ? "month"
                                                    : "day";
  return {{"interval", name}, {"buckets", list}, {"no_date", no_date_}, {"coarser", coarser}};
}

}  // namespace dalil::searchd
