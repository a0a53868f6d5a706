/// @file tests/unit/line_reader_test.cc
/// @brief LineReader: line endings, empty lines, the length bound, and lines across block ends.
#include <catch2/catch.hpp>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/line_reader.h"

namespace {

using dalil::indexer::LineReader;
using Status = LineReader::Status;

/// The reader fills its buffer 1 MiB at a time (line_reader.cc); lines must not care.
constexpr std::size_t kBlock = 1u << 20;

struct Line {
  Status status;
  std::string text;  ///< Checked only for Status::kLine.
};

const char* status_name(Status status) {
  switch (status) {
    case Status::kLine:
      return "kLine";
    case Status::kTooLong:
      return "kTooLong";
    case Status::kEnd:
      return "kEnd";
  }
  return "?";
}

/// A line of @p length bytes whose content depends on @p seed, so a line returned in the wrong
/// place or with a shifted start does not compare equal.
std::string pattern_line(std::size_t seed, std::size_t length) {
  std::string line(length, ' ');
  for (std::size_t i = 0; i < length; ++i) line[i] = static_cast<char>('a' + (seed * 7 + i) % 26);
  return line;
}

/// Reads @p input with @p max_line_bytes and checks every line, its number, the end, and that
/// bytes_read() accounts for the whole input.
void check_reads(const std::string& input, std::size_t max_line_bytes,
                 const std::vector<Line>& expected) {
  std::istringstream in(input);
  LineReader reader(in, max_line_bytes);
  std::string line;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("line " << i + 1 << " of " << expected.size() << ", expected "
                 << status_name(expected[i].status) << " of " << expected[i].text.size()
                 << " bytes");
    const Status status = reader.next(line);
    REQUIRE(status_name(status) == std::string(status_name(expected[i].status)));
    if (status == Status::kLine) {
      REQUIRE(line.size() == expected[i].text.size());
      REQUIRE(line == expected[i].text);
    }
    REQUIRE(reader.line_number() == i + 1);
  }
  CHECK(status_name(reader.next(line)) == std::string("kEnd"));
  CHECK(reader.bytes_read() == input.size());
  // The end is sticky and counts no further line.
  CHECK(status_name(reader.next(line)) == std::string("kEnd"));
  CHECK(reader.line_number() == expected.size());
}

}  // namespace

TEST_CASE("LineReader splits small inputs into lines", "[line_reader]") {
  struct Case {
    const char* name;
    std::string input;
    std::size_t max_line_bytes;
    std::vector<Line> lines;
  };
  const auto ok = [](std::string text) { return Line{Status::kLine, std::move(text)}; };
  const Line too_long{Status::kTooLong, {}};
  const std::vector<Case> cases = {
      {"empty input", "", 100, {}},
      {"LF endings", "alpha\nbeta\n", 100, {ok("alpha"), ok("beta")}},
      {"CRLF endings", "alpha\r\nbeta\r\n", 100, {ok("alpha"), ok("beta")}},
      {"mixed endings", "a\r\nb\nc\r\n", 100, {ok("a"), ok("b"), ok("c")}},
      {"last line without newline", "alpha\nbeta", 100, {ok("alpha"), ok("beta")}},
      {"last line CRLF without LF", "alpha\nbeta\r", 100, {ok("alpha"), ok("beta")}},
      {"single line without newline", "only", 100, {ok("only")}},
      {"empty lines are empty strings", "\n\n\n", 100, {ok(""), ok(""), ok("")}},
      {"empty CRLF line", "\r\n", 100, {ok("")}},
      {"empty line between", "a\n\nb\n", 100, {ok("a"), ok(""), ok("b")}},
      {"lone CR inside a line is kept", "a\rb\n", 100, {ok("a\rb")}},
      {"only the last CR is stripped", "a\r\r\n", 100, {ok("a\r")}},
      {"NUL bytes are data", std::string("a\0b\n", 4), 100, {ok(std::string("a\0b", 3))}},
      {"UTF-8 Arabic", "مرحبا بالعالم\r\nسلام\n", 100, {ok("مرحبا بالعالم"), ok("سلام")}},
      {"white space is kept", "  a b \t\n", 100, {ok("  a b \t")}},
      {"line over the bound, next line read", "abcdefgh\nxy\n", 5, {too_long, ok("xy")}},
      {"line exactly at the bound", "abcde\nabcdef\nz", 5, {ok("abcde"), too_long, ok("z")}},
      {"CR does not count towards the bound", "abcde\r\nab\r\n", 5, {ok("abcde"), ok("ab")}},
      {"too long last line without newline", "ab\nabcdef", 3, {ok("ab"), too_long}},
      {"too long line, then empty line", "abc\n\nab\n", 2, {too_long, ok(""), ok("ab")}},
      {"several too long lines in a row", "xxxx\nyyyy\nzz\n", 3, {too_long, too_long, ok("zz")}},
      {"bound of zero keeps only empty lines", "\na\n\n", 0, {ok(""), too_long, ok("")}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      check_reads(c.input, c.max_line_bytes, c.lines);
    }
  }
}

TEST_CASE("LineReader handles lines at and across the 1 MiB block boundary", "[line_reader]") {
  struct Case {
    const char* name;
    std::vector<std::string> lines;  ///< Content of each line.
    std::vector<std::string> ends;   ///< End-of-line bytes of each line ("" for none).
    std::size_t max_line_bytes;
  };
  const std::string big = pattern_line(1, kBlock - 1);
  const std::vector<Case> cases = {
      {"LF is the last byte of the first block", {big, "next"}, {"\n", "\n"}, 4 * kBlock},
      {"CR ends the first block, LF starts the second", {big, "next"}, {"\r\n", "\n"}, 4 * kBlock},
      {"CR at the block end, line exactly at the bound", {big, "next"}, {"\r\n", "\n"}, kBlock - 1},
      {"line of exactly one block", {pattern_line(2, kBlock), "x"}, {"\n", ""}, 4 * kBlock},
      {"line of 2.5 blocks within the bound",
       {"first", pattern_line(3, kBlock * 5 / 2), "last"},
       {"\n", "\n", "\n"},
       4 * kBlock},
      {"empty line right after the block boundary", {big, "", "z"}, {"\n", "\n", "\n"}, 4 * kBlock},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      std::string input;
      std::vector<Line> expected;
      for (std::size_t i = 0; i < c.lines.size(); ++i) {
        input += c.lines[i] + c.ends[i];
        expected.push_back(c.lines[i].size() > c.max_line_bytes ? Line{Status::kTooLong, {}}
                                                                : Line{Status::kLine, c.lines[i]});
      }
      check_reads(input, c.max_line_bytes, expected);
    }
  }
}

TEST_CASE("LineReader skips too long lines that span several blocks", "[line_reader]") {
  struct Case {
    const char* name;
    std::size_t long_bytes;
    std::size_t max_line_bytes;
    const char* end;
  };
  const std::vector<Case> cases = {
      {"2.5 MiB line, bound 1 MiB", kBlock * 5 / 2, kBlock, "\n"},
      {"2.5 MiB line, bound 1.2 MiB, CRLF", kBlock * 5 / 2, kBlock * 6 / 5, "\r\n"},
      {"1 MiB + 10 line, bound 1 MiB + 9", kBlock + 10, kBlock + 9, "\n"},
      {"3 MiB line without newline at the end", 3 * kBlock, kBlock / 2, ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const std::string input =
          "before\n" + pattern_line(4, c.long_bytes) + c.end + (*c.end ? "after\n" : "");
      std::vector<Line> expected = {{Status::kLine, "before"}, {Status::kTooLong, {}}};
      if (*c.end) expected.push_back({Status::kLine, "after"});
      check_reads(input, c.max_line_bytes, expected);
    }
  }
}

TEST_CASE("LineReader reads a 3 MiB input of lines of varied lengths", "[line_reader]") {
  // Lengths chosen to straddle the 1 MiB block ends in many ways, plus pseudo-random ones.
  std::vector<std::size_t> lengths = {0, 1,      17, 1000,       65536, 300000, 0,     48575, 0,
                                      1, kBlock, 2,  kBlock - 1, 5,     3,      99999, 0};
  uint32_t state = 12345;
  std::size_t total = 0;
  for (auto length : lengths) total += length + 2;
  while (total < 3 * kBlock) {
    state = state * 1664525u + 1013904223u;
    const std::size_t length = (state >> 8) % 40000;
    lengths.push_back(length);
    total += length + 2;
  }

  std::string input;
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    lines.push_back(pattern_line(i, lengths[i]));
    input += lines.back();
    // Alternate endings; the last line has none.
    if (i + 1 < lengths.size()) input += i % 3 == 0 ? "\r\n" : "\n";
  }
  REQUIRE(input.size() >= 3 * kBlock);
  REQUIRE(lengths.size() > 40);

  struct Case {
    const char* name;
    std::size_t max_line_bytes;
  };
  const std::vector<Case> cases = {
      {"bound above every line", 4 * kBlock},
      {"bound of 200000 bytes skips the longer lines", 200000},
      {"bound of 100 bytes skips most lines", 100},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      std::vector<Line> expected;
      for (const auto& line : lines) {
        expected.push_back(line.size() > c.max_line_bytes ? Line{Status::kTooLong, {}}
                                                          : Line{Status::kLine, line});
      }
      check_reads(input, c.max_line_bytes, expected);
    }
  }
}

TEST_CASE("LineReader counts bytes as it goes", "[line_reader]") {
  std::istringstream in("ab\r\n\ncde\nfg");
  LineReader reader(in, 100);
  std::string line;
  struct Step {
    std::string text;
    uint64_t bytes_after;
  };
  const std::vector<Step> steps = {{"ab", 4}, {"", 5}, {"cde", 9}, {"fg", 11}};
  for (std::size_t i = 0; i < steps.size(); ++i) {
    INFO("line " << i + 1);
    REQUIRE(reader.next(line) == Status::kLine);
    CHECK(line == steps[i].text);
    CHECK(reader.bytes_read() == steps[i].bytes_after);
    CHECK(reader.line_number() == i + 1);
  }
  CHECK(reader.next(line) == Status::kEnd);
  CHECK(reader.bytes_read() == 11);
}
