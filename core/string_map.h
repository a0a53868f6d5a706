/// @file core/string_map.h
/// @brief Hash maps keyed by std::string that are looked up by std::string_view without a copy.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dalil::core {

/// Hashes std::string and std::string_view alike, so lookups need no temporary string.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const {
    return std::hash<std::string_view>{}(text);
  }
};

/// An unordered_map from std::string whose find() also takes a std::string_view.
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

}  // namespace dalil::core
