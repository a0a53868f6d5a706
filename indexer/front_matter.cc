/// @file indexer/front_matter.cc
/// @brief A small line parser for the front-matter subset; no YAML library needed.
#include "indexer/front_matter.h"

#include "core/utf8.h"

#include <string>

#include "indexer/format_error.h"

namespace dalil::indexer {

namespace {

std::string unquote(std::string_view value) {
  value = core::trim_ascii_space(value);
  if (value.size() >= 2 && ((value.front() == '"' && value.back() == '"') ||
                            (value.front() == '\'' && value.back() == '\''))) {
    std::string out;
    const char quote = value.front();
    value = value.substr(1, value.size() - 2);
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (quote == '"' && value[i] == '\\' && i + 1 < value.size()) {
        ++i;
        out += value[i] == 'n' ? '\n' : value[i];
      } else if (quote == '\'' && value[i] == '\'' && i + 1 < value.size() &&
                 value[i + 1] == '\'') {
        out += '\'';
        ++i;
      } else {
        out += value[i];
      }
    }
    return out;
  }
  // An unquoted value ends at a comment.
  const auto comment = value.find(" #");
  if (comment != std::string_view::npos) value = core::trim_ascii_space(value.substr(0, comment));
  return std::string(value);
}

nlohmann::json inline_list(std::string_view value) {
  nlohmann::json list = nlohmann::json::array();
  value = core::trim_ascii_space(value.substr(1, value.size() - 2));
  std::size_t start = 0;
  char quote = 0;
  for (std::size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && quote != 0) {
      if (value[i] == quote) quote = 0;
      continue;
    }
    if (i < value.size() && (value[i] == '"' || value[i] == '\'')) {
      quote = value[i];
      continue;
    }
    if (i == value.size() || value[i] == ',') {
      const std::string item = unquote(value.substr(start, i - start));
      if (!item.empty()) list.push_back(item);
      start = i + 1;
    }
  }
  return list;
}

}  // namespace

FrontMatter parse_front_matter(std::string_view text) {
  FrontMatter fm;
  std::size_t offset = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  auto next_line = [&](std::string_view& line) {
    if (offset >= text.size()) return false;
    std::size_t end = text.find('\n', offset);
    if (end == std::string_view::npos) end = text.size();
    line = text.substr(offset, end - offset);
    offset = end == text.size() ? end : end + 1;
    return true;
  };
  std::string_view line;
  if (!next_line(line) || core::trim_ascii_space(line) != "---") return fm;
  {
    // Without a closing line the whole file would be read as front matter.
    bool closed = false;
    for (std::size_t at = offset; at < text.size() && !closed;) {
      std::size_t end = text.find('\n', at);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view t = core::trim_ascii_space(text.substr(at, end - at));
      closed = t == "---" || t == "...";
      at = end + 1;
    }
    if (!closed) throw FormatError(1, "front matter is not closed by a '---' line");
  }
  uint64_t number = 1;
  std::string list_key;  // The key whose block list is being read.
  while (next_line(line)) {
    ++number;
    const std::string_view t = core::trim_ascii_space(line);
    if (t == "---" || t == "...") {
      fm.present = true;
      fm.body_offset = offset;
      return fm;
    }
    if (t.empty() || t.front() == '#') continue;
    const bool indented = line.front() == ' ' || line.front() == '\t';
    if (t.starts_with("- ") || t == "-") {
      if (list_key.empty()) throw FormatError(number, "front matter list item without a key");
      const std::string item = unquote(t.substr(1));
      if (!item.empty()) fm.fields[list_key].push_back(item);
      continue;
    }
    if (indented) throw FormatError(number, "nested front matter is not supported");
    const auto colon = t.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      throw FormatError(number, "front matter line is not 'key: value'");
    }
    const std::string key(core::trim_ascii_space(t.substr(0, colon)));
    const std::string_view value = core::trim_ascii_space(t.substr(colon + 1));
    list_key.clear();
    if (value.empty()) {
      list_key = key;
      fm.fields[key] = nlohmann::json::array();
    } else if (value.front() == '[' && value.back() == ']') {
      fm.fields[key] = inline_list(value);
    } else if (value.front() == '{' || value == "|" || value == ">") {
      throw FormatError(number, "nested front matter is not supported");
    } else {
      fm.fields[key] = unquote(value);
    }
  }
  throw FormatError(1, "front matter is not closed by a '---' line");  // Not reached.
}

}  // namespace dalil::indexer
