/// @file tests/unit/tokenizer_test.cc
/// @brief ICU word spans with byte offsets into the original text, split where the script changes.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

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

std::vector<Span> tokenize(std::string_view text, TokenizerOptions options = {}) {
  Tokenizer tokenizer(options);
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
    // UAX #29 as ICU tailors it, which the fast path must follow: ICU breaks at a colon, keeps
    // "@" inside words, joins digits across the Arabic comma and a narrow no-break space.
    {"colon breaks",
     "قال:نعم a:b 10:30",
     {{"قال", kAr}, {"نعم", kAr}, {"a", kLa}, {"b", kLa}, {"10", kNu}, {"30", kNu}}},
    {"Arabic comma between letters and between digits",
     "نعم،لا ١،٢",
     {{"نعم", kAr}, {"لا", kAr}, {"١،٢", kNu}}},
    {"apostrophes between letters and digits", "It’s 1'000", {{"It’s", kLa}, {"1'000", kNu}}},
    {"mid characters join only like with like",
     "a.1 1.a a..b 1.,2",
     {{"a", kLa},
      {"1", kNu},
      {"1", kNu},
      {"a", kLa},
      {"a", kLa},
      {"b", kLa},
      {"1", kNu},
      {"2", kNu}}},
    {"sentence ends", "end. end' end,", {{"end", kLa}, {"end", kLa}, {"end", kLa}}},
    {"at signs", "@@ a@ @1", {{"a@", kLa}, {"1", kNu}}},
    {"narrow no-break space inside a number", "10\u202F000", {{"10\u202F000", kNu}}},
    {"no-break and ideographic spaces break",
     "a\u00A0b c\u3000d",
     {{"a", kLa}, {"b", kLa}, {"c", kLa}, {"d", kLa}}},
    // A mark after white space or punctuation belongs to it, not to the next word (WB4).
    {"mark after a space", "\u0628 \u064E\u0628", {{"\u0628", kAr}, {"\u0628", kAr}}},
    {"mark at the start", "\u064E\u0628", {{"\u0628", kAr}}},
    {"mark after a newline", "a\n\u0301b", {{"a", kLa}, {"b", kLa}}},
    {"mark after punctuation", "(\u064E\u0628)", {{"\u0628", kAr}}},
    // ICU gives a word ending in "_" and a mark no word status (an artefact of its rules).
    {"underscore and a mark", "a_\u0301 b", {{"b", kLa}}},
    {"lone underscores", "a _ b __ c", {{"a", kLa}, {"b", kLa}, {"c", kLa}}},
    {"ZWNJ inside a word",
     "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
     {{"\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", kAr}}},
    {"ZWJ inside a word", "a\u200Db", {{"a\u200Db", kLa}}},
    {"emoji sequences and flags",
     "\U0001F468\u200D\U0001F469\u200D\U0001F466 \U0001F1F8\U0001F1FE a",
     {{"a", kLa}}},
    {"Hebrew quotes",
     "\u05D2'\u05D5\u05E8\u05D2' \u05E9\"\u05D7",
     {{"\u05D2'\u05D5\u05E8\u05D2'", kOt}, {"\u05E9\"\u05D7", kOt}}},
    {"Thai by dictionary",
     "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35\u0E04\u0E23\u0E31\u0E1A",
     {{"\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35", kOt}, {"\u0E04\u0E23\u0E31\u0E1A", kOt}}},
    {"Katakana", "\u30AB\u30BF\u30AB\u30CA", {{"\u30AB\u30BF\u30AB\u30CA", kOt}}},
    {"line breaks and tabs",
     "a\r\nb\tc\vd\fe",
     {{"a", kLa}, {"b", kLa}, {"c", kLa}, {"d", kLa}, {"e", kLa}}},
    {"soft hyphen inside a word", "co\u00ADop", {{"co\u00ADop", kLa}}},
    {"end of ayah sign before digits", "\u06DD\u0661\u0662", {{"\u0661\u0662", kNu}}},
};

TEST_CASE("tokenize finds words and their scripts", "[analyzers][tokenizer]") {
  for (const bool fast_path : {true, false}) {
    for (const auto& c : kCases) {
      DYNAMIC_SECTION((fast_path ? "fast path: " : "ICU only: ") << c.label) {
        INFO("text: " << c.text);
        const std::vector<Span> spans = tokenize(c.text, TokenizerOptions{.fast_path = fast_path});
        CHECK(render(c.text, spans) == render(c.tokens));
        CHECK(spans.size() == c.tokens.size());
      }
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

// Texts where UAX #29 needs context, to compare the fast path with ICU over the whole text.
struct FastPathCase {
  std::string_view label;
  std::string_view text;
};

const std::vector<FastPathCase> kFastPathCases = {
    {"letters digits and marks", "abc ١٢٣ كتاب ٱلرَّحْمَٰنِ الـــيوم G20 2011م و2011"},
    {"mark after every kind of white space",
     "a \u0301b a\t\u0301b a\n\u0301b a\r\u0301b a\r\n\u0301b a\u00A0\u0301b a\u3000\u0301b"},
    {"marks after punctuation", "a!\u0301b a.\u0301b a.\u0301 1,\u06701 (\u064E\u0628) \u0301"},
    {"format controls", "\u200Fقال\u200E \u061C\u0628 a\u200Eb \u200Ba\u200Bb\u2060c"},
    {"mid characters with marks", "a'\u0301b a\u0301'b 1.\u03012 a.\u200Eb 1\u200E,2"},
    {"mid characters between kinds", "a.1 1.a a'1 1'a a:1 1:a ا،ب ١،٢ a،b 1،2 ١٫٢ ١٬٠٠٠"},
    {"mid characters in a row", "a..b a.'b 1.,2 1,,2 a'' 'a' .1. ,a,"},
    {"mid characters at the ends", ".a a. 'a a' ,1 1, a.b. .a.b"},
    {"all the apostrophes", "a'b a\u2019b a\u2018b a\u02BCb a\uFF07b 1\u20192 1\uFF072"},
    {"all the full stops", "a.b a\u2024b a\uFE52b a\uFF0Eb 1\u20242 1\uFE522 1\uFF0E2"},
    {"colons", "a:b a\uFE55b a\uFF1Ab a\uFE13b 1:2 \u00B7a\u00B7b\u0387c"},
    {"underscores", "_a a_ _1 1_ a_1 __ _ a__b a_\u0301 1_\u0301b _\u0301 a_'b a'_b a_.b"},
    {"other connectors", "a\u203Fb a\u2040b a\u2054b a\uFE33b a\uFE4Fb a\uFF3Fb 1\u202F000"},
    {"at signs", "@ @@ a@ @a @1 1@ a@b.c @_ _@ @'a a'@ @.@"},
    {"ZWJ",
     "a\u200Db \u200Da a\u200D \u200D\U0001F600 a\u200D\U0001F600 \U0001F468\u200D\U0001F469"},
    {"emoji",
     "\U0001F600a a\U0001F600 \u2764\uFE0F a\U0001F3FD \U0001F44D\U0001F3FD \u00A9a \u2122"},
    {"regional indicators", "\U0001F1F8\U0001F1FE\U0001F1FA \U0001F1F8a a\U0001F1F8 1\U0001F1F8"},
    {"Hebrew", "\u05D0'\u05D1 \u05D0\"\u05D1 \u05D0' a\u05D0 \u05D0a \u05D0\u05B0\u05D1 1\u05D0"},
    {"CJK kana and Hangul",
     "\u5317\u4EAC\u5927\u5B66 \u3072\u3089\u304C\u306A \u30AB\u30BF\u30AB\u30CA\u30FC "
     "\uD55C\uAD6D\uC5B4 \u1100\u1161 a\u4E00 \u4E00a \uFF21\uFF22 \uFF71\uFF72"},
    {"Thai Lao Burmese Khmer",
     "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35 \u0E81\u0EB2 \u1000\u103A \u1780\u17B6 a\u0E01"},
    {"numbers", "3.14 11,000 ٣٬٠٠٠ ٣٫١٤ ۱۲۳ 1\u066B2 1\u066C2 \u06DD\u0661 \u0600\u0661 1\u00A02"},
    {"Arabic presentation forms", "\uFEFB \uFDF2 \uFE8D\uFE8E \uFB50 \uFDFD"},
    {"spaces of every kind",
     "a\u00A0b a\u2000b a\u2007b a\u200Ab a\u202Fb a\u205Fb a\u3000b a\u1680b a\u0085b a\u2028b"},
    {"controls", std::string_view("a\x01"
                                  "b a\x7F"
                                  "b a\x0B"
                                  "b a\x0C"
                                  "b a\0b",
                                  19)},
    {"urls and e-mail", "https://example.com/a_b?x=1&y=2#frag user.name+tag@example.co.uk"},
    {"hashtags and handles",
     "#عاصي_الحلاني @news_ar #سوريا_2013 @bbc.arabic ‏#الجزيرة‏"},
    {"Syriac Thaana NKo", "\u0710\u0712 \u0780\u07A6 \u07CA\u07CB \u07C1\u07C2"},
    {"Devanagari", "\u0939\u093F\u0928\u094D\u0926\u0940 \u0967\u0968"},
    // ICU makes a word of white space and the ideographic mark U+16FE4 after it.
    {"ideographic mark after white space", "a \U00016FE4 b  \U00016FE4\u0301 \u0301\U00016FE4"},
    {"Cyrillic Greek Armenian", "Привет мир αβγ \u0561\u0562 \u055Ba \u055C"},
};

TEST_CASE("the fast path gives ICU's spans", "[analyzers][tokenizer]") {
  Tokenizer fast;
  Tokenizer icu(TokenizerOptions{.fast_path = false});
  for (const auto& c : kFastPathCases) {
    DYNAMIC_SECTION(c.label) {
      // Each case alone, at the start and the end of a longer text, and all of them at once.
      for (const std::string& text :
           {std::string(c.text), "قال " + std::string(c.text), std::string(c.text) + " end"}) {
        std::vector<Span> expected;
        icu.tokenize(text, expected);
        std::vector<Span> spans;
        fast.tokenize(text, spans);
        INFO("text: " << text);
        CHECK(render(text, spans) == render(text, expected));
        CHECK(spans == expected);
      }
    }
  }
  std::string all;
  for (const auto& c : kFastPathCases) all += std::string(c.text) + "\n";
  std::vector<Span> expected;
  icu.tokenize(all, expected);
  std::vector<Span> spans;
  fast.tokenize(all, spans);
  CHECK(spans == expected);
}

TEST_CASE("the fast path does without ICU where it can", "[analyzers][tokenizer]") {
  struct Case {
    std::string_view label;
    std::string_view text;
    uint64_t fast_chunks;
    uint64_t icu_chunks;
  };
  // If the fast path stopped working (every code point's kind failing its check against ICU,
  // say) the tests above would still pass: ICU would do everything.
  const std::vector<Case> cases = {
      {"Arabic news", "قال الرئيس، في خطابه يوم ٢٠١٣/٨/٣١: «إن الولاياتِ المتحدةَ لن تتدخل».", 11, 0},
      {"English news", "It's 3.5% of 11,000 people (U.S.A.) - \"quoted\" e-mail: user@example.org!",
       10, 0},
      {"Thai", "a \u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35 b", 2, 1},
      {"mark after a space", "a \u064Eb c", 2, 1},
      {"underscore and a mark", "a_\u0301 b", 1, 1},
      {"every chunk slow", "\u05D0 \u4E00", 0, 2},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.label) {
      Tokenizer tokenizer;
      std::vector<Span> spans;
      tokenizer.tokenize(c.text, spans);
      CHECK(tokenizer.stats().fast_chunks == c.fast_chunks);
      CHECK(tokenizer.stats().icu_chunks == c.icu_chunks);
    }
  }
}

// Every code point of the Basic Multilingual Plane (where the fast path decides) in contexts
// that exercise the rules around it. The complete check, over every Unicode scalar value and
// more contexts, real archives and random strings, is bench/tokenizer_diff.cc.
TEST_CASE("every BMP code point in context gives ICU's spans", "[analyzers][tokenizer]") {
  Tokenizer fast;
  Tokenizer icu(TokenizerOptions{.fast_path = false});
  const std::vector<std::u16string_view> contexts = {
      u"X",    u"aXa",           u"1X1",  u"aX1",       u"1Xa",      u" X",
      u"aXXa", u"\u0628X\u0628", u"a'Xb", u"aX\u0301b", u"X\u0301a", u"_X_"};
  std::size_t differ = 0;
  std::vector<std::string> first;
  std::string text;
  std::vector<Span> expected;
  std::vector<Span> spans;
  for (UChar32 c = 0; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    for (const std::u16string_view context : contexts) {
      text.clear();
      for (const char16_t unit : context) {
        const UChar32 code = unit == u'X' ? c : unit;
        char buffer[4];
        int32_t length = 0;
        U8_APPEND_UNSAFE(buffer, length, code);
        text.append(buffer, static_cast<std::size_t>(length));
      }
      expected.clear();
      spans.clear();
      icu.tokenize(text, expected);
      fast.tokenize(text, spans);
      if (spans != expected) {
        ++differ;
        if (first.size() < 10)
          first.push_back(render(text, spans) + " != " + render(text, expected));
      }
    }
  }
  for (const auto& line : first) UNSCOPED_INFO(line);
  CHECK(differ == 0);
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
