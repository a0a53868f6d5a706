/// @file indexer/front_matter.h
/// @brief The front-matter block of Markdown and text files ("---" / key: value / "---").
#pragma once

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dalil::indexer {

/// The fields of a front-matter block and where the text after it starts.
struct FrontMatter {
  bool present = false;
  nlohmann::json fields = nlohmann::json::object();  ///< Strings, or lists of strings.
  std::size_t body_offset = 0;                       ///< First byte after the closing line.
};

/// Reads the YAML-like subset used by static site generators: a first line "---", then
/// "key: value" lines (values plain or quoted, inline lists "[a, b]", or block lists of
/// "  - item" lines), comments, and a closing "---" or "...". Without an opening "---" nothing
/// is read. Throws FormatError with the line for an unclosed block, a line that is not
/// "key: value", or nested maps.
FrontMatter parse_front_matter(std::string_view text);

}  // namespace dalil::indexer
