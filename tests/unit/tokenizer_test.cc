/// @file tests/unit/tokenizer_test.cc
/// @brief ICU word spans with byte offsets into the original text, split where the script changes.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unicode/uchar.h>

#include "analyzers/tokenizer.h"
#include "core/utf8.h"

namespace dalil::analyzers {
namespace {
const char* script_name(Script script);
}  // namespace
}  // namespace dalil::analyzers

namespace Catch {
template <>
struct StringMaker<dalil::analyzers::Span> {
  static std::string convert(const dalil::analyzers::Span& span) {
    return "[" + std::to_string(span.begin) + ", " + std::to_string(span.end) + ") " +
           dalil::analyzers::script_name(span.script);
  }
};
}  // namespace Catch

namespace dalil::analyzers {
namespace {

const char* script_name(Script script) {
  switch (script) {
    case Script::kArabic:
      return "Arabic";
    case Script::kLatin:
      return "Latin";
    case Script::kNumber:
      return "Number";
    case Script::kOther:
      return "Other";
  }
  return "?";
}

struct ExpectedToken {
  std::string_view surface;
  Script script;
};

// "surface/Script | surface/Script ..." so a failure shows the whole tokenisation at once.
std::string render(const std::vector<ExpectedToken>& tokens) {
  std::string out;
  for (const auto& token : tokens) {
    if (!out.empty()) out += " | ";
    out += std::string(token.surface) + "/" + script_name(token.script);
  }
  return out;
}

std::string render(std::string_view text, const std::vector<Span>& spans) {
  std::vector<ExpectedToken> tokens;
  for (const auto& span : spans) {
    tokens.push_back({text.substr(span.begin, span.end - span.begin), span.script});
  }
  return render(tokens);
}

std::vector<Span> tokenize(std::string_view text) {
  Tokenizer tokenizer;
  std::vector<Span> spans;
  tokenizer.tokenize(text, spans);
  return spans;
}

constexpr Script kAr = Script::kArabic;
constexpr Script kLa = Script::kLatin;
constexpr Script kNu = Script::kNumber;
constexpr Script kOt = Script::kOther;

struct TokenizerCase {
  std::string_view label;
  std::string_view text;
  std::vector<ExpectedToken> tokens;
};

const std::vector<TokenizerCase> kCases = {
    {"empty", "", {}},
    {"only spaces", "   \t\n  ", {}},
    {"only punctuation", "!!! ... --- ؟؟ ، ؛ «» () ٪", {}},
    {"emoji only", "\xF0\x9F\x98\x80 \xF0\x9F\x91\x8D", {}},
    {"English sentence",
     "Hello, world! It's a test.",
     {{"Hello", kLa}, {"world", kLa}, {"It's", kLa}, {"a", kLa}, {"test", kLa}}},
    {"English abbreviations",
     "Dr. Smith's U.S.A. 3rd",
     {{"Dr", kLa}, {"Smith's", kLa}, {"U.S.A", kLa}, {"3rd", kLa}}},
    {"Arabic sentence",
     "هل ذهبتَ إلى المدرسة؟ نعم، ذهبتُ.",
     {{"هل", kAr}, {"ذهبتَ", kAr}, {"إلى", kAr}, {"المدرسة", kAr}, {"نعم", kAr}, {"ذهبتُ", kAr}}},
    {"vowelled word stays whole", "ٱلرَّحْمَٰنِ", {{"ٱلرَّحْمَٰنِ", kAr}}},
    {"tatweel inside a word", "الـــيوم", {{"الـــيوم", kAr}}},
    // Tatweel has no script of its own (Common), so a tatweel-only word is a "number".
    {"tatweel only", "ـــ", {{"ـــ", kNu}}},
    {"mixed Arabic and English", "قال Obama إن", {{"قال", kAr}, {"Obama", kLa}, {"إن", kAr}}},
    {"Latin run into Arabic", "iPhoneالجديد", {{"iPhone", kLa}, {"الجديد", kAr}}},
    {"Arabic run into Latin", "الجديدiPhone", {{"الجديد", kAr}, {"iPhone", kLa}}},
    {"digits join the letters before them", "abc123الجديد", {{"abc123", kLa}, {"الجديد", kAr}}},
    {"number", "2021", {{"2021", kNu}}},
    {"number with thousands separator", "11,000", {{"11,000", kNu}}},
    {"decimal number", "3.14", {{"3.14", kNu}}},
    // Arabic-Indic digits and separators are numbers too, not Arabic words.
    {"Arabic-Indic number with separator", "٣٬٠٠٠", {{"٣٬٠٠٠", kNu}}},
    {"Arabic-Indic decimal", "٣٫١٤", {{"٣٫١٤", kNu}}},
    {"Persian digits", "۱۲۳", {{"۱۲۳", kNu}}},
    // Arabic clitics attach to numbers ("و2011" = "and 2011"), so Arabic letters and digits are
    // cut apart; Latin letters and digits stay together ("G20").
    {"Arabic-Indic digits before Arabic letters", "١٢٣كتاب", {{"١٢٣", kNu}, {"كتاب", kAr}}},
    {"conjunction before a year", "و2011", {{"و", kAr}, {"2011", kNu}}},
    {"preposition before Arabic-Indic digits", "ب١٠٠", {{"ب", kAr}, {"١٠٠", kNu}}},
    {"year with the hijri/miladi letter", "2011م", {{"2011", kNu}, {"م", kAr}}},
    {"Latin letters and digits together", "G20 MH17", {{"G20", kLa}, {"MH17", kLa}}},
    {"Arabic-Indic digits after Latin letters", "abc١٢٣", {{"abc١٢٣", kLa}}},
    {"year after an Arabic word", "عام ٢٠٢١", {{"عام", kAr}, {"٢٠٢١", kNu}}},
    {"Arabic percent sign dropped", "٥٠٪", {{"٥٠", kNu}}},
    {"ISO date splits at hyphens", "2013-08-31", {{"2013", kNu}, {"08", kNu}, {"31", kNu}}},
    {"hyphenated word splits", "e-mail", {{"e", kLa}, {"mail", kLa}}},
    {"URL",
     "https://example.com/path?q=1",
     {{"https", kLa}, {"example.com", kLa}, {"path", kLa}, {"q", kLa}, {"1", kNu}}},
    {"host name", "www.bbc.co.uk", {{"www.bbc.co.uk", kLa}}},
    {"e-mail address", "user@example.org", {{"user@example.org", kLa}}},
    // Handles and hashtags are found by their names, e-mail addresses whole.
    {"symbols", "C++ #tag @user", {{"C", kLa}, {"tag", kLa}, {"user", kLa}}},
    // Words joined by "_" are found one by one, and together as a phrase of them.
    {"underscore splits", "snake_case", {{"snake", kLa}, {"case", kLa}}},
    {"Arabic hashtag", "#عاصي_الحلاني", {{"عاصي", kAr}, {"الحلاني", kAr}}},
    {"hashtag with digits", "#سوريا_2013", {{"سوريا", kAr}, {"2013", kNu}}},
    {"leading and doubled underscores", "__a__b_", {{"a", kLa}, {"b", kLa}}},
    {"handle with underscore", "@news_ar", {{"news", kLa}, {"ar", kLa}}},
    {"Arabic handle", "@الجزيرة", {{"الجزيرة", kAr}}},
    {"dotted handle", "@bbc.arabic", {{"bbc.arabic", kLa}}},
    {"format control inside a word", "a\u200Eb", {{"a\u200Eb", kLa}}},
    {"accented Latin", "café naïve", {{"café", kLa}, {"naïve", kLa}}},
    {"full-width Latin", "Ｆｕｌｌ", {{"Ｆｕｌｌ", kLa}}},
    {"presentation form lam-alef", "\uFEFB", {{"\uFEFB", kAr}}},
    {"Cyrillic", "Привет мир", {{"Привет", kOt}, {"мир", kOt}}},
    {"Chinese by dictionary", "北京大学", {{"北京", kOt}, {"大学", kOt}}},
    // The tokenizer keeps the classes of code points below U+0800 in a table and asks ICU about
    // the others: both sides of that line, and connectors on both sides.
    {"Arabic Supplement letter", "\u0750\u0628", {{"\u0750\u0628", kAr}}},
    {"NKo at the end of the table",
     "\u07CA\u07CB \u07C1",
     {{"\u07CA\u07CB", kOt}, {"\u07C1", kNu}}},
    {"Samaritan past the table", "\u0800\u0801", {{"\u0800\u0801", kOt}}},
    {"connector past the table", "عاصي\u203Fالحلاني", {{"عاصي", kAr}, {"الحلاني", kAr}}},
    {"digit past the table", "\u0966\u0967", {{"\u0966\u0967", kNu}}},
    {"Latin Extended letter in the table", "\u01C6ak \u0101", {{"\u01C6ak", kLa}, {"\u0101", kLa}}},
};

TEST_CASE("tokenize finds words and their scripts", "[analyzers][tokenizer]") {
  for (const auto& c : kCases) {
    DYNAMIC_SECTION(c.label) {
      INFO("text: " << c.text);
      const std::vector<Span> spans = tokenize(c.text);
      CHECK(render(c.text, spans) == render(c.tokens));
      CHECK(spans.size() == c.tokens.size());
    }
  }
}

// A long paragraph of everything at once; every span must be a real slice of it.
constexpr std::string_view kParagraph =
    "قال الرئيس Barack Obama في خطابه يوم 2013-08-31: «إن الولاياتِ المتحدةَ لن تتدخل». "
    "The iPhoneالجديد costs $1,099 (about ٤٬١٢٠ ريال)! See https://www.bbc.co.uk/arabic or "
    "write to news@example.org.\n\nسُورِيَا — الـــيوم، ١٢٣كتاب؟ It's 3.5% of 11,000 people. "
    "\u200Fمی\u200Cخواهم\u200E 北京 Привет ﻻ ٱلرَّحْمَٰنِ end";

// clang-format off
const std::vector<std::string_view> kParagraphWords = {
    "قال", "الرئيس", "Barack", "Obama", "في", "خطابه", "يوم", "2013", "08", "31",
    "إن", "الولاياتِ", "المتحدةَ", "لن", "تتدخل",
    "The", "iPhone", "الجديد", "costs", "1,099", "about", "٤٬١٢٠", "ريال",
    "See", "https", "www.bbc.co.uk", "arabic", "or", "write", "to", "news@example.org",
    "سُورِيَا", "الـــيوم", "١٢٣", "كتاب", "It's", "3.5", "of", "11,000", "people",
    // A format control after a word belongs to it (UAX #29 rule WB4); one before it does not.
    "می\u200Cخواهم\u200E",
    "北京", "Привет", "ﻻ", "ٱلرَّحْمَٰنِ", "end"};
// clang-format on

TEST_CASE("spans point into the original text", "[analyzers][tokenizer]") {
  const std::vector<Span> spans = tokenize(kParagraph);
  std::vector<std::string_view> words;
  for (const auto& span : spans)
    words.push_back(kParagraph.substr(span.begin, span.end - span.begin));
  CHECK(words == kParagraphWords);

  uint32_t previous_end = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const Span& span = spans[i];
    const std::string_view word = kParagraph.substr(span.begin, span.end - span.begin);
    INFO("token " << i << " [" << span.begin << ", " << span.end << "): " << word);
    CHECK(span.begin < span.end);
    CHECK(span.end <= kParagraph.size());
    CHECK(span.begin >= previous_end);  // in text order, never overlapping
    // Each span is whole characters: valid on its own and not cutting one at either end.
    CHECK(core::find_invalid_utf8(word) == std::nullopt);
    CHECK((static_cast<unsigned char>(kParagraph[span.begin]) & 0xC0) != 0x80);
    if (span.end < kParagraph.size()) {
      CHECK((static_cast<unsigned char>(kParagraph[span.end]) & 0xC0) != 0x80);
    }
    CHECK(word.find(' ') == std::string_view::npos);
    previous_end = span.end;
  }
}

TEST_CASE("tokenize appends to the output", "[analyzers][tokenizer]") {
  Tokenizer tokenizer;
  std::vector<Span> spans;
  tokenizer.tokenize("one two", spans);
  REQUIRE(spans.size() == 2);
  tokenizer.tokenize("three", spans);
  REQUIRE(spans.size() == 3);
  // Offsets of the second call are offsets into the second text.
  CHECK(spans[2] == Span{0, 5, Script::kLatin});
}

TEST_CASE("one tokenizer can be reused", "[analyzers][tokenizer]") {
  Tokenizer tokenizer;
  std::vector<Span> first;
  tokenizer.tokenize(kParagraph, first);
  REQUIRE_FALSE(first.empty());
  // Other texts in between, including an empty one and a short one.
  for (const auto& c : kCases) {
    std::vector<Span> ignored;
    tokenizer.tokenize(c.text, ignored);
  }
  std::vector<Span> second;
  tokenizer.tokenize(kParagraph, second);
  CHECK(second == first);
  CHECK(second == tokenize(kParagraph));  // and the same as a fresh tokenizer

  // Tokenising a text that is then destroyed leaves the tokenizer usable.
  {
    std::string temporary(kParagraph);
    std::vector<Span> spans;
    tokenizer.tokenize(temporary, spans);
    CHECK(spans == first);
  }
  std::vector<Span> third;
  tokenizer.tokenize("قال Obama", third);
  CHECK(third == std::vector<Span>{{0, 6, Script::kArabic}, {7, 12, Script::kLatin}});
}

TEST_CASE("a moved tokenizer still works", "[analyzers][tokenizer]") {
  Tokenizer original;
  Tokenizer moved(std::move(original));
  std::vector<Span> spans;
  moved.tokenize("iPhoneالجديد", spans);
  CHECK(spans == std::vector<Span>{{0, 6, Script::kLatin}, {6, 18, Script::kArabic}});

  Tokenizer assigned;
  assigned = std::move(moved);
  spans.clear();
  assigned.tokenize("11,000", spans);
  CHECK(spans == std::vector<Span>{{0, 6, Script::kNumber}});
}

}  // namespace
TEST_CASE("the code point table agrees with the ICU properties", "[analyzers][tokenizer]") {
  struct Range {
    UChar32 first;
    UChar32 last;
    std::string_view name;
  };
  // Inside the table (below U+0800) and past it, where lookups go to ICU.
  const std::vector<Range> ranges = {
      {0x00, 0x7F, "ASCII"},
      {0x80, 0xFF, "Latin-1"},
      {0x0600, 0x06FF, "Arabic"},
      {0x07C0, 0x08FF, "across the table's end"},
  };
  const CodePointTable table;
  for (const auto& range : ranges) {
    DYNAMIC_SECTION(range.name) {
      std::size_t differ = 0;
      for (UChar32 c = range.first; c <= range.last; ++c) {
        bool connector = false;
        if (table.lookup(c, connector) != char_class(c)) ++differ;
        if (connector != (u_charType(c) == U_CONNECTOR_PUNCTUATION)) ++differ;
      }
      CHECK(differ == 0);
    }
  }
  CHECK(char_class(U'ب') == CharClass::kArabicLetter);
  CHECK(char_class(U'\u0640') == CharClass::kJoiner);  // tatweel
  CHECK(char_class(U'Q') == CharClass::kLatinLetter);
  CHECK(char_class(U'٣') == CharClass::kDigit);
  CHECK(is_connector(U'_'));
}

}  // namespace dalil::analyzers
