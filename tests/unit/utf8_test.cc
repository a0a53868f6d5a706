/// @file tests/unit/utf8_test.cc
/// @brief UTF-8 validation offsets and HTML escaping of core/utf8.h.
#include <catch2/catch.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.h"

namespace dalil::core {
namespace {

using namespace std::string_view_literals;

struct Utf8Case {
  std::string_view label;
  std::string_view text;
  std::optional<std::size_t> invalid_at;
};

// Adjacent literals keep a hex escape from swallowing the letters that follow it.
const std::vector<Utf8Case> kUtf8Cases = {
    // Valid.
    {"empty", ""sv, std::nullopt},
    {"ascii", "Hello, world! 123"sv, std::nullopt},
    {"ascii with NUL", "a\0b"sv, std::nullopt},
    {"arabic", "السلام عليكم"sv, std::nullopt},
    {"vowelled arabic", "ٱلرَّحْمَٰنِ"sv, std::nullopt},
    {"two-byte e-acute", "caf\xC3\xA9"sv, std::nullopt},
    {"three-byte euro", "\xE2\x82\xAC"sv, std::nullopt},
    {"four-byte emoji", "ok \xF0\x9F\x98\x80 ok"sv, std::nullopt},
    {"largest code point U+10FFFF", "\xF4\x8F\xBF\xBF"sv, std::nullopt},
    {"last before surrogates U+D7FF", "\xED\x9F\xBF"sv, std::nullopt},
    {"first after surrogates U+E000", "\xEE\x80\x80"sv, std::nullopt},
    {"BOM U+FEFF",
     "\xEF\xBB\xBF"
     "abc"sv,
     std::nullopt},
    {"mixed scripts", "قال Obama إن \xF0\x9F\x91\x8D"sv, std::nullopt},
    // Invalid, with the offset of the first bad sequence.
    {"lone continuation at start", "\x80"sv, 0},
    {"lone continuation after ascii",
     "ab\x80"
     "cd"sv,
     2},
    {"lone continuation after arabic", "سلام\xBF"sv, 8},
    {"truncated two-byte at end", "abc\xC3"sv, 3},
    {"truncated three-byte at end", "x\xE2\x82"sv, 1},
    {"truncated four-byte at end", "emoji \xF0\x9F\x98"sv, 6},
    {"truncated three-byte before ascii", "a\xE2\x82z"sv, 1},
    {"lead byte followed by lead byte", "\xC3\xC3\xA9"sv, 0},
    {"overlong slash C0 AF", "\xC0\xAF"sv, 0},
    {"overlong C1 BF", "ok\xC1\xBF"sv, 2},
    {"overlong three-byte E0 80 AF", "\xE0\x80\xAF"sv, 0},
    {"overlong four-byte F0 80 80 AF", "\xF0\x80\x80\xAF"sv, 0},
    {"high surrogate ED A0 80", "\xED\xA0\x80"sv, 0},
    {"low surrogate ED BF BF after text", "abc\xED\xBF\xBF"sv, 3},
    {"above U+10FFFF F4 90 80 80", "\xF4\x90\x80\x80"sv, 0},
    {"F5 lead byte", "a\xF5\x80\x80\x80"sv, 1},
    {"FF byte", "valid then \xFF"sv, 11},
    {"FE byte", "\xFE"sv, 0},
    {"first error reported, not the second", "ok\xC3\xA9\x80\xFF"sv, 4},
};

TEST_CASE("find_invalid_utf8 gives the offset of the first bad sequence", "[core][utf8]") {
  for (const auto& c : kUtf8Cases) {
    DYNAMIC_SECTION(c.label) {
      CHECK(find_invalid_utf8(c.text) == c.invalid_at);
    }
  }
}

TEST_CASE("find_invalid_utf8 reads only the given length", "[core][utf8]") {
  // The view stops before the truncated sequence, so what it covers is valid.
  const std::string text = "abc\xE2\x82";
  CHECK(find_invalid_utf8(std::string_view(text).substr(0, 3)) == std::nullopt);
  CHECK(find_invalid_utf8(text) == std::optional<std::size_t>(3));
  // A complete sequence cut by the view is invalid at the cut.
  const std::string euro = "a\xE2\x82\xAC";
  CHECK(find_invalid_utf8(std::string_view(euro).substr(0, 3)) == std::optional<std::size_t>(1));
}

TEST_CASE("append_html_escaped escapes the five HTML characters", "[core][utf8]") {
  struct Case {
    std::string_view text;
    std::string_view escaped;
  };
  const std::vector<Case> cases = {
      {"", ""},
      {"plain text", "plain text"},
      {"&", "&amp;"},
      {"<", "&lt;"},
      {">", "&gt;"},
      {"\"", "&quot;"},
      {"'", "&#39;"},
      {"<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"},
      {"a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; &#39;f&#39;"},
      {"&amp;", "&amp;amp;"},  // already escaped text is escaped again
      {"<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"},
      {"السلام <عليكم>", "السلام &lt;عليكم&gt;"},
      {"\xF0\x9F\x98\x80 & \xE2\x82\xAC", "\xF0\x9F\x98\x80 &amp; \xE2\x82\xAC"},
      {"<<>>", "&lt;&lt;&gt;&gt;"},  // specials next to each other
      {"end&", "end&amp;"},
      {"'start", "&#39;start"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION("'" << c.text << "'") {
      std::string out;
      append_html_escaped(out, c.text);
      CHECK(out == c.escaped);
    }
  }
}

TEST_CASE("append_html_escaped appends to what is already there", "[core][utf8]") {
  std::string out = "<p>";
  append_html_escaped(out, "x<y");
  out += "</p>";
  append_html_escaped(out, "&");
  CHECK(out == "<p>x&lt;y</p>&amp;");
}

TEST_CASE("trim_ascii_space drops ASCII white space at both ends only", "[core][utf8]") {
  struct Case {
    std::string_view text;
    std::string_view trimmed;
  };
  const std::vector<Case> cases = {
      {"", ""},
      {" \t\r\n\f\v", ""},
      {"  word  ", "word"},
      {"\r\nSPEAKER: text\r\n", "SPEAKER: text"},
      {"a  b", "a  b"},                              // inner space kept
      {"\xC2\xA0نص\xC2\xA0", "\xC2\xA0نص\xC2\xA0"},  // no-break space is not ASCII
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION("'" << c.text << "'") {
      CHECK(trim_ascii_space(c.text) == c.trimmed);
    }
  }
}

}  // namespace
}  // namespace dalil::core

TEST_CASE("is_ascii_digit accepts 0-9 and nothing else", "[core][utf8]") {
  struct Case {
    char ch;
    bool digit;
  };
  const std::vector<Case> cases = {
      {'0', true},  {'5', true},  {'9', true},     {'/', false}, {':', false},
      {'a', false}, {' ', false}, {'\xD9', false},  // first byte of Arabic-Indic digits
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION("byte " << static_cast<int>(static_cast<unsigned char>(c.ch))) {
      CHECK(dalil::core::is_ascii_digit(c.ch) == c.digit);
    }
  }
}
