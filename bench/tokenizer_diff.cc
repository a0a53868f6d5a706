/// @file bench/tokenizer_diff.cc
/// @brief Differential check of the tokenizer's fast path against pure ICU on real and random text.
///
/// dalil-tokenizer-diff [--random N] [--seed S] [--each-code-point] [PATH...]
///
/// Every string value (title, body, turns, any other field, at any depth) of every line of every
/// *.jsonl file under each PATH (a file or a directory, searched recursively) is tokenised by a
/// Tokenizer with the fast path and by one without (ICU over the whole text), and their spans are
/// compared. --random N adds N random strings built from a palette of the characters that matter
/// to word breaking; --each-code-point adds every Unicode scalar value in a set of contexts.
/// Prints the counts on stdout and the first mismatches (with the text) on stderr; exits 1 if any
/// text differs. Never writes the texts anywhere else.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/tokenizer.h"

namespace {

using dalil::analyzers::Span;
using dalil::analyzers::Tokenizer;
using dalil::analyzers::TokenizerOptions;

constexpr std::size_t kMaxShown = 8;

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The bytes of @p text with control characters and non-ASCII white space made visible.
std::string visible(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    char buffer[16];
    if (byte < 0x20 || byte == 0x7F) {
      std::snprintf(buffer, sizeof buffer, "\\x%02X", byte);
      out += buffer;
    } else {
      out += static_cast<char>(byte);
    }
  }
  return out;
}

// "0:U+0061 1:U+0020 ...": each code point of @p text with its byte offset.
std::string code_points(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (std::size_t k = 1; k < length && i + k < text.size(); ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%zu:U+%04X ", i, static_cast<unsigned>(c));
    out += buffer;
    i += length;
  }
  return out;
}

std::string render(std::string_view text, const std::vector<Span>& spans) {
  static constexpr std::array<const char*, 4> kScripts = {"ar", "la", "nu", "ot"};
  std::string out;
  for (const Span& span : spans) {
    // Appended piece by piece: GCC 12 at -O2 warns (-Wrestrict, a false positive) on the chain
    // of operator+ that builds the same string.
    out += '[';
    out += std::to_string(span.begin);
    out += ',';
    out += std::to_string(span.end);
    out += ' ';
    out += kScripts[static_cast<std::size_t>(span.script)];
    out += " '";
    out += visible(text.substr(span.begin, span.end - span.begin));
    out += "'] ";
  }
  return out;
}

class Checker {
 public:
  void check(std::string_view text, std::string_view where) {
    ++texts_;
    bytes_ += text.size();
    fast_spans_.clear();
    icu_spans_.clear();
    fast_.tokenize(text, fast_spans_);
    icu_.tokenize(text, icu_spans_);
    spans_ += icu_spans_.size();
    if (fast_spans_ == icu_spans_) return;
    ++mismatches_;
    if (mismatches_ > kMaxShown) return;
    // The first differing span, and the text around it.
    std::size_t k = 0;
    while (k < fast_spans_.size() && k < icu_spans_.size() && fast_spans_[k] == icu_spans_[k]) ++k;
    std::size_t at = k < icu_spans_.size()    ? icu_spans_[k].begin
                     : k < fast_spans_.size() ? fast_spans_[k].begin
                                              : 0;
    const std::size_t from = at > 80 ? at - 80 : 0;
    std::size_t to = std::min(text.size(), at + 80);
    std::cerr << "MISMATCH in " << where << " (text of " << text.size()
              << " bytes, first difference"
              << " at span " << k << ", byte " << at << ")\n";
    if (text.size() <= 400) {
      std::cerr << "  text: " << visible(text) << "\n  code points: " << code_points(text)
                << "\n  fast: " << render(text, fast_spans_)
                << "\n  icu:  " << render(text, icu_spans_) << "\n";
      return;
    }
    std::cerr << "  around [" << from << ", " << to
              << "): " << visible(text.substr(from, to - from)) << "\n";
    const auto near = [&](const std::vector<Span>& spans) {
      std::vector<Span> out;
      for (const Span& span : spans)
        if (span.end + 80 >= at && span.begin <= at + 80) out.push_back(span);
      return render(text, out);
    };
    std::cerr << "  fast: " << near(fast_spans_) << "\n  icu:  " << near(icu_spans_) << "\n";
  }

  void report(const std::string& label) const {
    const auto& stats = fast_.stats();
    std::cout << label << ": texts=" << texts_ << " bytes=" << bytes_ << " spans=" << spans_
              << " mismatches=" << mismatches_ << " fast_chunks=" << stats.fast_chunks
              << " icu_chunks=" << stats.icu_chunks << std::endl;
  }

  uint64_t mismatches() const { return mismatches_; }

 private:
  Tokenizer fast_{TokenizerOptions{.fast_path = true}};
  Tokenizer icu_{TokenizerOptions{.fast_path = false}};
  std::vector<Span> fast_spans_;
  std::vector<Span> icu_spans_;
  uint64_t texts_ = 0;
  uint64_t bytes_ = 0;
  uint64_t spans_ = 0;
  uint64_t mismatches_ = 0;
};

void check_strings(const nlohmann::json& value, Checker& checker, const std::string& where) {
  if (value.is_string()) {
    checker.check(value.get_ref<const std::string&>(), where);
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i)
      check_strings(value[i], checker, where + "[" + std::to_string(i) + "]");
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.items()) check_strings(item, checker, where + "." + key);
  }
}

void check_file(const std::filesystem::path& path, Checker& checker) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    check_strings(nlohmann::json::parse(line), checker,
                  path.filename().string() + ":" + std::to_string(number));
  }
}

// Code point ranges the random strings draw from, with weights: the classes that word breaking
// treats differently, and the characters of the archives.
struct Group {
  std::vector<std::pair<char32_t, char32_t>> ranges;
  unsigned weight;
};

const std::vector<Group>& groups() {
  static const std::vector<Group> kGroups = {
      {{{0x0621, 0x063A}, {0x0641, 0x064A}, {0x0671, 0x06D3}}, 20},  // Arabic letters
      {{{'a', 'z'}, {'A', 'Z'}}, 15},                                // Latin letters
      {{{0x00C0, 0x024F}, {0x1E00, 0x1EFF}}, 3},                     // accented Latin
      {{{0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06ED}}, 8},   // harakat, Quranic marks
      {{{0x0640, 0x0640}}, 3},                                       // tatweel
      {{{0x200B, 0x200F},
        {0x061C, 0x061C},
        {0x00AD, 0x00AD},
        {0x2060, 0x2064},
        {0xFEFF, 0xFEFF},
        {0x0600, 0x0605},
        {0x06DD, 0x06DD}},
       5},  // ZWSP, ZWNJ, ZWJ, LRM, RLM, ALM, soft hyphen, word joiner, BOM, Arabic number signs
      {{{'0', '9'}}, 6},
      {{{0x0660, 0x066C}, {0x06F0, 0x06F9}}, 4},  // Arabic-Indic and Persian digits, separators
      {{{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}}, 10},  // ASCII punctuation
      {{{'.', '.'}, {',', ','}, {'\'', '\''}, {':', ':'}, {'_', '_'}, {'-', '-'}, {'@', '@'}}, 8},
      {{{0x2010, 0x2027},
        {0x2030, 0x205E},
        {0x00AB, 0x00AB},
        {0x00BB, 0x00BB},
        {0x060C, 0x060D},
        {0x061B, 0x061F},
        {0x06D4, 0x06D4},
        {0x066A, 0x066D},
        {0x00B7, 0x00B7},
        {0x0387, 0x0387},
        {0xFE10, 0xFE19},
        {0xFE30, 0xFE6B},
        {0xFF01, 0xFF0F},
        {0xFF1A, 0xFF20},
        {0x2E00, 0x2E4F},
        {0x3001, 0x3003},
        {0x037E, 0x037E},
        {0x055A, 0x055F},
        {0x0589, 0x058A}},
       8},  // Unicode punctuation: quotes, dashes, Arabic comma, middle dots, small and wide forms
      {{{0x1F600, 0x1F64F},
        {0x2600, 0x27BF},
        {0xFE0E, 0xFE0F},
        {0x1F3FB, 0x1F3FF},
        {0x1F468, 0x1F469},
        {0x00A9, 0x00A9},
        {0x00AE, 0x00AE},
        {0x2122, 0x2122},
        {0x1F9D0, 0x1F9FF},
        {0x20E3, 0x20E3},
        {0xE0020, 0xE007F}},
       3},                        // emoji, modifiers, variation selectors, keycap, tags
      {{{0x1F1E6, 0x1F1FF}}, 2},  // regional indicators
      {{{0x05D0, 0x05EA}, {0x05F0, 0x05F4}, {0x05B0, 0x05C7}}, 3},  // Hebrew, its quotes, points
      {{{0x4E00, 0x4E40},
        {0x3040, 0x30FF},
        {0x31F0, 0x31FF},
        {0xAC00, 0xAC40},
        {0x1100, 0x1112},
        {0x3005, 0x3007},
        {0xFF10, 0xFF19},
        {0xFF21, 0xFF3A},
        {0xFF66, 0xFF9F},
        {0x20000, 0x20010}},
       3},  // CJK, kana, Hangul, full and half width
      {{{0x0E01, 0x0E3A}, {0x0E40, 0x0E5B}, {0x0E81, 0x0EB9}, {0x1000, 0x1049}, {0x1780, 0x17DD}},
       2},  // Thai, Lao, Burmese, Khmer
      {{{' ', ' '},
        {'\t', '\r'},
        {0x0085, 0x0085},
        {0x00A0, 0x00A0},
        {0x1680, 0x1680},
        {0x2000, 0x200A},
        {0x2028, 0x2029},
        {0x202F, 0x202F},
        {0x205F, 0x205F},
        {0x3000, 0x3000}},
       12},                // white space
      {{{' ', ' '}}, 10},  // plain spaces
      {{{0x0300, 0x036F}, {0x20D0, 0x20F0}, {0x1AB0, 0x1ABE}, {0x0483, 0x0489}}, 4},  // marks
      {{{0x0370, 0x03FF}, {0x0400, 0x052F}, {0x0530, 0x058F}}, 2},  // Greek, Cyrillic, Armenian
      {{{0x0700, 0x07FF}, {0x0860, 0x08FF}}, 2},  // Syriac, Thaana, NKo, Arabic Extended
      {{{0xFB50, 0xFDFF}, {0xFE70, 0xFEFC}}, 2},  // Arabic presentation forms
      {{{0x0900, 0x097F}, {0x0980, 0x09FF}}, 1},  // Devanagari, Bengali
      {{{0x0000, 0x001F}, {0x007F, 0x009F}}, 1},  // controls
      {{{0x0001, 0xD7FF}, {0xE000, 0xFFFD}}, 2},  // any BMP scalar
      {{{0x10000, 0x10FFFF}}, 1},                 // any astral code point
  };
  return kGroups;
}

// A random string of up to 48 code points from two to five of the groups.
std::string random_text(std::mt19937_64& rng) {
  const auto& all = groups();
  std::vector<unsigned> weights;
  for (const Group& g : all) weights.push_back(g.weight);
  std::discrete_distribution<std::size_t> pick_group(weights.begin(), weights.end());
  std::vector<std::size_t> chosen(1 + rng() % 5);
  for (auto& g : chosen) g = pick_group(rng);
  const std::size_t length = rng() % 49;
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    const Group& group = all[chosen[rng() % chosen.size()]];
    const auto& [first, last] = group.ranges[rng() % group.ranges.size()];
    char32_t c = first + static_cast<char32_t>(rng() % (last - first + 1));
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;  // no surrogates in UTF-8
    append_utf8(out, c);
  }
  return out;
}

// Every Unicode scalar value X in contexts that exercise the rules around it.
void check_each_code_point(Checker& checker) {
  static const std::vector<std::u32string> kContexts = {
      U"X",    U"aX",   U"Xa",        U"aXa",      U"1X1",     U"aX1",
      U"1Xa",  U"a X",  U" Xa",       U"X a",      U"aXXa",    U"1XX1",
      U"a'Xb", U"aX'b", U"1.X",       U"X.1",      U"بXب",     U"بX",
      U"Xب",   U"١X١",  U"aX\u0301b", U"X\u0301a", U"_X_",     U"@X",
      U"X@a",  U"a.Xb", U"aX.b",      U"a\u200DX", U"X\u200D", U"\u05D0X\u05D0",
      U"a:X",  U"X:a",  U"\u0301X",   U" \u0301X", U"a!X",     U"X!a",
      U"Xa_",  U"_aX",  U"a\nX",      U"X\r\na"};
  std::string text;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    for (const std::u32string& context : kContexts) {
      text.clear();
      for (const char32_t unit : context) append_utf8(text, unit == U'X' ? c : unit);
      char where[32];
      std::snprintf(where, sizeof where, "U+%04X", static_cast<unsigned>(c));
      checker.check(text, where);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    uint64_t random_count = 0;
    uint64_t seed = 1;
    bool each_code_point = false;
    std::vector<std::filesystem::path> paths;
    for (int i = 1; i < argc; ++i) {
      const std::string_view arg = argv[i];
      if (arg == "--random" && i + 1 < argc) {
        random_count = std::strtoull(argv[++i], nullptr, 10);
      } else if (arg == "--seed" && i + 1 < argc) {
        seed = std::strtoull(argv[++i], nullptr, 10);
      } else if (arg == "--each-code-point") {
        each_code_point = true;
      } else if (arg.starts_with("-")) {
        std::cerr << "usage: dalil-tokenizer-diff [--random N] [--seed S] [--each-code-point] "
                     "[PATH...]\n";
        return 2;
      } else {
        paths.emplace_back(arg);
      }
    }
    uint64_t mismatches = 0;
    if (!paths.empty()) {
      std::vector<std::filesystem::path> files;
      for (const auto& path : paths) {
        if (std::filesystem::is_directory(path)) {
          for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
            if (entry.is_regular_file() && entry.path().extension() == ".jsonl")
              files.push_back(entry.path());
        } else {
          files.push_back(path);
        }
      }
      std::sort(files.begin(), files.end());
      for (const auto& file : files) {
        Checker one;
        check_file(file, one);
        one.report(file.string());
        mismatches += one.mismatches();
      }
    }
    if (random_count > 0) {
      Checker checker;
      std::mt19937_64 rng(seed);
      for (uint64_t i = 0; i < random_count; ++i) {
        checker.check(random_text(rng), "random #" + std::to_string(i));
      }
      checker.report("random (seed " + std::to_string(seed) + ")");
      mismatches += checker.mismatches();
    }
    if (each_code_point) {
      Checker checker;
      check_each_code_point(checker);
      checker.report("each code point in context");
      mismatches += checker.mismatches();
    }
    std::cout << "total mismatches=" << mismatches << std::endl;
    return mismatches == 0 ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "dalil-tokenizer-diff: " << error.what() << "\n";
    return 2;
  }
}
