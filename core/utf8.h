/// @file core/utf8.h
/// @brief UTF-8 validation and small helpers shared by readers and the server.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dalil::core {

/// Byte offset of the first invalid UTF-8 sequence in @p text, or nullopt when it is valid.
/// Overlong forms, surrogates and code points above U+10FFFF are invalid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

/// @p text without the ASCII white space (space, \t, \n, \v, \f, \r) at either end.
std::string_view trim_ascii_space(std::string_view text);

/// True for the ASCII digits 0-9 only (std::isdigit depends on the C locale).
constexpr bool is_ascii_digit(char ch) {
  return ch >= '0' && ch <= '9';
}

/// Escapes &, <, >, " and ' for HTML text and attribute values.
void append_html_escaped(std::string& out, std::string_view text);

}  // namespace dalil::core
