/// @file tests/unit/analyzer_test.cc
/// @brief The analyzer pipeline: positions, original offsets, words, stems and languages.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzers/analyzer.h"
#include "analyzers/normalizer.h"

namespace dalil::analyzers {
namespace {

const char* language_name(Language language) {
  switch (language) {
    case Language::kArabic:
      return "ar";
    case Language::kEnglish:
      return "en";
    case Language::kNone:
      return "none";
  }
  return "?";
}

struct ExpectedToken {
  std::string_view surface;  // text.substr(begin, end - begin)
  std::string_view word;
  std::string_view stem;
  Language language;
};

std::string render(const std::vector<ExpectedToken>& tokens) {
  std::string out;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    out += std::to_string(i) + ":" + std::string(t.surface) + "=>" + std::string(t.word) + "/" +
           std::string(t.stem) + "/" + language_name(t.language) + "\n";
  }
  return out;
}

// Renders the tokens; the position printed is the token's own, so gaps show up as a mismatch.
std::string render(std::string_view text, const std::vector<Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    out += std::to_string(t.position) + ":" + std::string(text.substr(t.begin, t.end - t.begin)) +
           "=>" + t.word + "/" + t.stem + "/" + language_name(t.language) + "\n";
  }
  return out;
}

constexpr Language kAr = Language::kArabic;
constexpr Language kEn = Language::kEnglish;
constexpr Language kNo = Language::kNone;

struct AnalyzerCase {
  std::string_view label;
  std::string_view text;
  std::vector<ExpectedToken> tokens;
};

const std::vector<AnalyzerCase> kCases = {
    {"empty", "", {}},
    {"punctuation only", "... !!! ؟", {}},
    {"English stem", "running", {{"running", "running", "run", kEn}}},
    {"English sentence",
     "The Dogs were Running.",
     {{"The", "the", "the", kEn},
      {"Dogs", "dogs", "dog", kEn},
      {"were", "were", "were", kEn},
      {"Running", "running", "run", kEn}}},
    // The span covers the whole vowelled original; word and stem are normalised.
    {"vowelled Arabic keeps its span", "الأُمَم", {{"الأُمَم", "الامم", "امم", kAr}}},
    {"Arabic sentence",
     "ذهبتُ إلى المدرسة",
     {{"ذهبتُ", "ذهبت", "ذهبت", kAr},
      {"إلى", "الي", "الي", kAr},
      {"المدرسة", "المدرسه", "مدرس", kAr}}},
    {"digits", "2021", {{"2021", "2021", "2021", kNo}}},
    {"number with separator", "11,000", {{"11,000", "11000", "11000", kNo}}},
    {"Arabic-Indic digits", "٢٠٢١", {{"٢٠٢١", "2021", "2021", kNo}}},
    {"Arabic-Indic decimal", "٣٫١٤", {{"٣٫١٤", "3.14", "3.14", kNo}}},
    {"Arabic-Indic thousands", "٣٬٠٠٠", {{"٣٬٠٠٠", "3000", "3000", kNo}}},
    {"mixed scripts",
     "قال Obama إن",
     {{"قال", "قال", "قال", kAr}, {"Obama", "obama", "obama", kEn}, {"إن", "ان", "ان", kAr}}},
    {"script change inside a word",
     "iPhoneالجديد",
     {{"iPhone", "iphone", "iphon", kEn}, {"الجديد", "الجديد", "جديد", kAr}}},
    {"presentation form", "\uFEFB", {{"\uFEFB", "لا", "لا", kAr}}},
    // Documents current behaviour: NFKC expands the one-character ligature U+FDFA into four
    // words, and the token keeps them as one word with spaces in it.
    {"salla-llahu ligature is one token",
     "\uFDFA",
     {{"\uFDFA", "صلي الله عليه وسلم", "صلي الله عليه وسلم", kAr}}},
    {"non-Latin, non-Arabic is unstemmed", "Привет", {{"Привет", "привет", "привет", kNo}}},
    // A tatweel-only word normalises to nothing and is dropped; positions stay consecutive.
    {"tatweel-only word dropped",
     "كتاب ـــ قلم",
     {{"كتاب", "كتاب", "كتاب", kAr}, {"قلم", "قلم", "قلم", kAr}}},
    {"tatweel-only words at the ends dropped", "ـ word ـــــ", {{"word", "word", "word", kEn}}},
};

TEST_CASE("analyze gives words with stems and languages by script", "[analyzers][analyzer]") {
  Analyzer analyzer;
  for (const auto& c : kCases) {
    DYNAMIC_SECTION(c.label) {
      INFO("text: " << c.text);
      const std::vector<Token> tokens = analyzer.analyze(c.text);
      CHECK(render(c.text, tokens) == render(c.tokens));
    }
  }
}

TEST_CASE("positions are consecutive from 0 and spans are in order", "[analyzers][analyzer]") {
  const std::vector<std::string_view> texts = {
      "قال الرئيس Barack Obama في خطابه يوم 2013-08-31: «إن الولاياتِ المتحدةَ لن تتدخل».",
      "ـ first ـــ second ـــــ third ـ",
      "iPhoneالجديد abc123الجديد ١٢٣كتاب",
  };
  Analyzer analyzer;
  for (const auto text : texts) {
    DYNAMIC_SECTION(text) {
      const std::vector<Token> tokens = analyzer.analyze(text);
      REQUIRE_FALSE(tokens.empty());
      uint32_t previous_end = 0;
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        INFO("token " << i << ": " << tokens[i].word);
        CHECK(tokens[i].position == i);
        CHECK(tokens[i].begin < tokens[i].end);
        CHECK(tokens[i].begin >= previous_end);
        CHECK(tokens[i].end <= text.size());
        CHECK_FALSE(tokens[i].word.empty());
        CHECK_FALSE(tokens[i].stem.empty());
        previous_end = tokens[i].end;
      }
    }
  }
}

TEST_CASE("words longer than kMaxWordBytes are dropped", "[analyzers][analyzer]") {
  const auto repeat = [](std::string_view unit, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += unit;
    return out;
  };
  static_assert(Analyzer::kMaxWordBytes == 120);
  struct Case {
    std::string label;
    std::string word;
    bool kept;
  };
  const std::vector<Case> cases = {
      {"ASCII at the limit", repeat("a", Analyzer::kMaxWordBytes), true},
      {"ASCII one byte over", repeat("a", Analyzer::kMaxWordBytes + 1), false},
      {"base64-like junk", repeat("QUJD", 100), false},
      {"Arabic at the limit (60 letters)", repeat("ب", 60), true},
      {"Arabic one letter over", repeat("ب", 61), false},
      // The limit applies to the normalised word: harakat make the surface longer, not the word.
      {"vowelled Arabic within the limit", repeat("بَ", 60), true},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.label) {
      const std::string text = "before " + c.word + " after";
      const std::vector<Token> tokens = analyzer.analyze(text);
      REQUIRE(tokens.size() == (c.kept ? 3u : 2u));
      CHECK(tokens.front().word == "before");
      CHECK(tokens.back().word == "after");
      CHECK(tokens.back().position == tokens.size() - 1);
      if (c.kept) {
        CHECK(tokens[1].word.size() <= Analyzer::kMaxWordBytes);
        CHECK(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin) == c.word);
      }
    }
  }
}

TEST_CASE("spelling variants give identical word and stem and language", "[analyzers][analyzer]") {
  const std::vector<std::pair<std::string_view, std::string_view>> pairs = {
      {"أحمد", "احمد"},               // hamza on alef
      {"الأمم", "الامم"},             // hamza on alef, with the article
      {"إسرائيل", "اسرائيل"},         // hamza below
      {"مسئول", "مسؤول"},             // hamza seat
      {"الأُمَم", "الامم"},             // harakat
      {"سُورِيَا", "سوريا"},             // harakat
      {"ٱلرَّحْمَٰنِ", "الرحمن"},           // Qur'anic spelling
      {"الـــيوم", "اليوم"},          // tatweel
      {"المدرســــة", "المدرسة"},     // tatweel
      {"مدينة", "مدينه"},             // teh marbuta
      {"مصطفى", "مصطفي"},             // alef maksura
      {"کتاب", "كتاب"},               // keheh
      {"\u200Fقال", "قال"},           // a bidi mark before the word
      {"٢٠٢١", "2021"},               // Arabic-Indic digits
      {"۲۰۲۱", "2021"},               // Persian digits
      {"٣٫١٤", "3.14"},               // Arabic decimal separator
      {"١٬٠٠٠", "1,000"},             // Arabic thousands separator
      {"١٬٠٠٠٫٥", "1,000.5"},         // both
      {"RUNNING", "running"},         // case
      {"Ｒｕｎｎｉｎｇ", "running"},  // full width
  };
  Analyzer analyzer;
  for (const auto& [variant, plain] : pairs) {
    DYNAMIC_SECTION(variant << " ~ " << plain) {
      const std::vector<Token> a = analyzer.analyze(variant);
      const std::vector<Token> b = analyzer.analyze(plain);
      REQUIRE(a.size() == 1);
      REQUIRE(b.size() == 1);
      CHECK(a[0].word == b[0].word);
      CHECK(a[0].stem == b[0].stem);
      CHECK(a[0].language == b[0].language);
    }
  }
}

TEST_CASE("analyze replaces the output vector", "[analyzers][analyzer]") {
  Analyzer analyzer;
  std::vector<Token> tokens;
  analyzer.analyze("one two three", tokens);
  REQUIRE(tokens.size() == 3);
  analyzer.analyze("قلم", tokens);
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0].word == "قلم");
  CHECK(tokens[0].position == 0);
  analyzer.analyze("", tokens);
  CHECK(tokens.empty());
}

// Equality of everything a Token carries.
void check_same_tokens(const std::vector<Token>& a, const std::vector<Token>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO("token " << i << ": " << a[i].word << " vs " << b[i].word);
    CHECK(a[i].begin == b[i].begin);
    CHECK(a[i].end == b[i].end);
    CHECK(a[i].position == b[i].position);
    CHECK(a[i].language == b[i].language);
    CHECK(a[i].word == b[i].word);
    CHECK(a[i].stem == b[i].stem);
  }
}

// Words that share prefixes, so a cache that confused them would show.
constexpr std::string_view kProbe =
    "قال الرئيس Barack Obama في خطابه يوم ٢٠١٣ إن الولاياتِ المتحدةَ لن تتدخل؛ "
    "the running runner runs dogs of 11,000 people — سُورِيَا الـــيوم مسئول مسؤول "
    "iPhoneالجديد المدرسة المدرسين المدير كتب كتاب كتابة";

// Checks every token against the word analysed on its own by a new analyzer, whose cache
// cannot have seen anything else, and against normalize_word.
void check_against_uncached(std::string_view text, const std::vector<Token>& tokens) {
  for (const auto& token : tokens) {
    const std::string_view surface = text.substr(token.begin, token.end - token.begin);
    INFO("surface: " << surface);
    Analyzer alone;
    const std::vector<Token> expected = alone.analyze(surface);
    REQUIRE(expected.size() == 1);
    CHECK(token.word == normalize_word(surface));
    CHECK(token.word == expected[0].word);
    CHECK(token.stem == expected[0].stem);
    CHECK(token.language == expected[0].language);
  }
}

TEST_CASE("the word cache does not change results", "[analyzers][analyzer]") {
  Analyzer analyzer;
  const std::vector<Token> first = analyzer.analyze(kProbe);
  REQUIRE(first.size() > 30);
  check_against_uncached(kProbe, first);

  // Many other texts, sharing some surfaces with the probe and some not.
  for (const auto& c : kCases) analyzer.analyze(c.text);
  for (int i = 0; i < 2000; ++i) {
    analyzer.analyze("word" + std::to_string(i) + " running كتاب" + std::to_string(i) + " Obama");
  }
  const std::vector<Token> second = analyzer.analyze(kProbe);
  check_same_tokens(first, second);

  // A fresh analyzer (empty cache) agrees too.
  Analyzer fresh;
  check_same_tokens(first, fresh.analyze(kProbe));
}

TEST_CASE("results survive the cache filling up and being cleared", "[analyzers][analyzer]") {
  Analyzer analyzer;
  const std::vector<Token> first = analyzer.analyze(kProbe);
  // More distinct surfaces than the cache holds (2^18), in batches of one text each.
  constexpr int kDistinctWords = (1 << 18) + 10000;
  constexpr std::size_t kWordsPerText = 5000;
  std::string text;
  int made = 0;
  std::size_t wrong_words = 0;
  while (made < kDistinctWords) {
    text.clear();
    std::size_t words_in_text = 0;
    for (; words_in_text < kWordsPerText && made < kDistinctWords; ++words_in_text, ++made) {
      // Lower-case letters only, so each number gives a distinct one-token word that normalises
      // to itself: "x", "xb", "xc" ... "xab" ...
      text += 'x';
      for (int n = made; n > 0; n /= 26) text += static_cast<char>('a' + n % 26);
      text += ' ';
    }
    const std::vector<Token> tokens = analyzer.analyze(text);
    REQUIRE(tokens.size() == words_in_text);
    REQUIRE(tokens.back().position == words_in_text - 1);
    for (const auto& token : tokens) {
      if (token.word != text.substr(token.begin, token.end - token.begin)) ++wrong_words;
    }
  }
  CHECK(wrong_words == 0);
  const std::vector<Token> after = analyzer.analyze(kProbe);
  check_same_tokens(first, after);
  check_against_uncached(kProbe, after);
}

// Equality of everything a Token carries, bare and exact forms included.
void check_same_as_views(const std::vector<Token>& expected, const std::vector<TokenView>& views) {
  REQUIRE(expected.size() == views.size());
  for (std::size_t i = 0; i < views.size(); ++i) {
    INFO("token " << i << ": " << expected[i].word << " vs " << views[i].word);
    CHECK(views[i].begin == expected[i].begin);
    CHECK(views[i].end == expected[i].end);
    CHECK(views[i].position == expected[i].position);
    CHECK(views[i].language == expected[i].language);
    CHECK(views[i].word == expected[i].word);
    CHECK(views[i].stem == expected[i].stem);
    CHECK(views[i].bare == expected[i].bare);
    CHECK(views[i].exact == expected[i].exact);
  }
}

TEST_CASE("token views equal tokens whatever the word cache holds", "[analyzers][analyzer]") {
  // Texts with repeated words, clitics, exact forms that differ, and several compounds in one
  // text (their joined exact forms are kept per call).
  const std::vector<std::string> texts = {
      std::string(kProbe),
      "فيس بوك فيس بوك واليوتيوب يو تيوب والكتاب الكتاب كتاب",
      "على فيس  بوك اليوم، سُورِيَا الـــيوم مسئول",
      "واتس آب Barack Obama's runners ran 11,000 miles",
      std::string(kProbe),
      "فيس بوك",
  };
  struct Case {
    std::size_t cache_words;
    std::string_view why;
  };
  const std::vector<Case> cases = {
      {0, "no cache: cleared before every call"},
      {1, "one word: a call overfills it"},
      {8, "a few words: cleared between most calls"},
      {Analyzer::kServerCacheWords, "large: never cleared here"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.why) {
      Analyzer analyzer(c.cache_words);
      std::vector<TokenView> views;
      // Twice over, so the second pass meets a cache the first one filled (or cleared).
      for (int pass = 0; pass < 2; ++pass) {
        for (const auto& text : texts) {
          INFO("pass " << pass << ": " << text);
          Analyzer fresh(Analyzer::kServerCacheWords);
          const std::vector<Token> expected = fresh.analyze(text);
          analyzer.analyze_views(text, views);
          check_same_as_views(expected, views);
          // The Token path of the same analyzer agrees too.
          check_same_tokens(expected, analyzer.analyze(text));
        }
      }
    }
  }
}

TEST_CASE("a small word cache changing generations often gives the same tokens",
          "[analyzers][analyzer]") {
  // Words move between the cache's two generations and are dropped when both are full; none of
  // that may change a token. Sizes from none to more than the probe's vocabulary.
  const std::vector<std::size_t> sizes = {0, 1, 2, 3, 8, 31, 64, 1000};
  for (const std::size_t size : sizes) {
    DYNAMIC_SECTION("cache of " << size << " words") {
      Analyzer small(size);
      Analyzer fresh;
      const std::vector<Token> expected = fresh.analyze(kProbe);
      for (int round = 0; round < 3; ++round) {
        INFO("round " << round);
        check_same_tokens(small.analyze(kProbe), expected);
        for (const auto& c : kCases) small.analyze(c.text);
        // The probe's words again, in another order, between rounds.
        check_same_tokens(small.analyze("كتاب كتب Obama الرئيس قال"),
                          fresh.analyze("كتاب كتب Obama الرئيس قال"));
      }
    }
  }
}

TEST_CASE("a word's tag stays with its surface form until clear_tags", "[analyzers][analyzer]") {
  // Each step analyses a text, then sets the tag of every word that has one to the value
  // given for its surface form, after checking the tags found.
  struct Step {
    std::string_view text;
    bool clear_first;               ///< clear_tags() before the step.
    std::vector<int> tags_found;    ///< Per token; -1: no tag (a joined compound).
    std::vector<uint8_t> tags_set;  ///< Per token (ignored without a tag).
  };
  const std::vector<Step> steps = {
      {"المدينة كبيرة", false, {0, 0}, {7, 9}},
      // The same surface forms keep their tags, in any order and text; a new form starts at 0.
      {"كبيرة المدينة المدينة جدا", false, {9, 7, 7, 0}, {9, 7, 7, 3}},
      // Another surface form of the same normalised word is another entry.
      {"المدينه", false, {0}, {5}},
      // A compound joined from two words has no tag; its words alone keep theirs.
      {"فيس بوك جدا", false, {-1, 3}, {0, 3}},
      {"المدينة جدا المدينه", true, {0, 0, 0}, {1, 1, 1}},
  };
  Analyzer analyzer;
  std::vector<TokenView> views;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& step = steps[i];
    INFO("step " << i + 1 << ": " << step.text);
    if (step.clear_first) analyzer.clear_tags();
    analyzer.analyze_views(step.text, views);
    REQUIRE(views.size() == step.tags_found.size());
    for (std::size_t t = 0; t < views.size(); ++t) {
      INFO("token " << t);
      if (step.tags_found[t] < 0) {
        CHECK(views[t].tag == nullptr);
        continue;
      }
      REQUIRE(views[t].tag != nullptr);
      CHECK(*views[t].tag == step.tags_found[t]);
    }
    for (std::size_t t = 0; t < views.size(); ++t)
      if (views[t].tag != nullptr) *views[t].tag = step.tags_set[t];
  }
}

TEST_CASE("words around the front index's key size give the same tokens", "[analyzers][analyzer]") {
  // The word cache's front index keeps words of up to 46 bytes in its slots and sends longer
  // ones to the hash tables; slots are overwritten by other words and emptied when the cache
  // changes generations. Latin letters are one byte, Arabic letters two.
  auto latin = [](std::size_t bytes, char letter) { return std::string(bytes, letter); };
  auto arabic = [](std::size_t letters) {
    std::string word;
    for (std::size_t i = 0; i < letters; ++i) word += i % 2 == 0 ? "\u0643" : "\u062A";  // ك ت
    return word;
  };
  struct Case {
    std::string text;
    std::string_view why;
  };
  const std::vector<Case> cases = {
      {latin(45, 'q') + " " + latin(46, 'q') + " " + latin(47, 'q'), "Latin 45 46 47 bytes"},
      {arabic(22) + " " + arabic(23) + " " + arabic(24), "Arabic 44 46 48 bytes"},
      {latin(46, 'r') + " " + latin(46, 's') + " " + latin(46, 'r'), "same length, other words"},
      {"و" + arabic(23) + " " + arabic(23) + " ال" + arabic(22), "clitics around a 46-byte word"},
  };
  for (const std::size_t size : {std::size_t{0}, std::size_t{2}, Analyzer::kServerCacheWords}) {
    for (const auto& c : cases) {
      INFO("cache of " << size << " words: " << c.why);
      Analyzer analyzer(size);
      Analyzer fresh;
      const std::vector<Token> expected = fresh.analyze(c.text);
      REQUIRE(expected.size() == 3);
      for (int round = 0; round < 3; ++round) {
        check_same_tokens(analyzer.analyze(c.text), expected);
        // Twenty thousand other words between rounds overwrite the slots (4,096) and, in the
        // small caches, change generations.
        std::string others;
        for (int i = 0; i < 20000; ++i) others += "w" + std::to_string(i * 7 + round) + " ";
        analyzer.analyze(others);
      }
    }
  }
}

TEST_CASE("joined compounds keep their own exact forms in one call", "[analyzers][analyzer]") {
  struct Case {
    std::string_view text;
    std::vector<std::string_view> exacts;
  };
  const std::vector<Case> cases = {
      {"فيس بوك ثم يو تيوب ثم واتس آب", {"فيس بوك", "ثم", "يو تيوب", "ثم", "واتس آب"}},
      {"فيس بوك فيس  بوك", {"فيس بوك", "فيس بوك"}},
  };
  Analyzer analyzer(0);
  std::vector<TokenView> views;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.text) {
      analyzer.analyze_views(c.text, views);
      REQUIRE(views.size() == c.exacts.size());
      for (std::size_t i = 0; i < views.size(); ++i) CHECK(views[i].exact == c.exacts[i]);
    }
  }
}

}  // namespace
}  // namespace dalil::analyzers

TEST_CASE("Arabic feminine endings are stemmed whether written with ta marbuta or heh",
          "[analyzers][analyzer]") {
  // Normalisation folds ة to ه; the stemmer must still strip the ending, and both spellings must
  // meet (a regression: "العالمية" stemmed to "عالميه" and missed "عالمي"/"العالم" forms).
  struct Case {
    const char* name;
    std::string a;
    std::string b;
    std::string stem;
  };
  const std::vector<Case> cases = {
      {"world health adjective", "العالمية", "العالميه", "عالم"},
      {"American", "الأمريكية", "الامريكيه", "امريك"},
      {"United", "المتحدة", "المتحده", "متحد"},
  };
  dalil::analyzers::Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto a = analyzer.analyze(c.a);
      const auto b = analyzer.analyze(c.b);
      REQUIRE(a.size() == 1);
      REQUIRE(b.size() == 1);
      CHECK(a[0].stem == c.stem);
      CHECK(b[0].stem == c.stem);
    }
  }
}

namespace dalil::analyzers {

TEST_CASE("analyzer variants have names that read back", "[analyzers][analyzer]") {
  struct Case {
    AnalyzerOptions options;
    std::string_view name;
  };
  const std::vector<Case> cases = {
      {{true, ArabicStemmer::kLight}, "dalil-ar-en-5+light"},
      {{true, ArabicStemmer::kSnowball}, "dalil-ar-en-5+snowball"},
      {{true, ArabicStemmer::kNone}, "dalil-ar-en-5+none"},
      {{false, ArabicStemmer::kNone}, "dalil-ar-en-5+none+no-arabic-normalisation"},
      {{false, ArabicStemmer::kSnowball}, "dalil-ar-en-5+snowball+no-arabic-normalisation"},
      {{false, ArabicStemmer::kLight}, "dalil-ar-en-5+light+no-arabic-normalisation"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      CHECK(c.options.name() == c.name);
      const auto back = AnalyzerOptions::from_name(c.name);
      REQUIRE(back);
      CHECK(*back == c.options);
    }
  }
  for (const std::string_view other : {"dalil-ar-en-2", "dalil-ar-en-4+light", "dalil-ar-en-5",
                                       "dalil-ar-en-5+porter", "", "dalil-ar-en-5+light+x"}) {
    DYNAMIC_SECTION("unknown " << other) {
      CHECK_FALSE(AnalyzerOptions::from_name(other));
    }
  }
}

TEST_CASE("analyzer options change Arabic words only", "[analyzers][analyzer]") {
  struct Case {
    AnalyzerOptions options;
    std::string_view text;
    std::string_view word;
    std::string_view stem;
  };
  const std::vector<Case> cases = {
      {{true, ArabicStemmer::kLight}, "بالأسلحة", "بالاسلحه", "اسلح"},
      {{true, ArabicStemmer::kSnowball}, "بالأسلحة", "بالاسلحه", "اسلح"},
      {{true, ArabicStemmer::kNone}, "بالأسلحة", "بالاسلحه", "بالاسلحه"},
      {{false, ArabicStemmer::kNone}, "بالأسلحة", "بالأسلحة", "بالأسلحة"},
      {{false, ArabicStemmer::kNone}, "سُورِيَا", "سُورِيَا", "سُورِيَا"},
      // English is stemmed by Snowball english in every variant.
      {{false, ArabicStemmer::kNone}, "Meetings", "meetings", "meet"},
      {{true, ArabicStemmer::kLight}, "Meetings", "meetings", "meet"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.options.name() << " " << c.text) {
      Analyzer analyzer(Analyzer::kServerCacheWords, c.options);
      const auto tokens = analyzer.analyze(c.text);
      REQUIRE(tokens.size() == 1);
      CHECK(tokens[0].word == c.word);
      CHECK(tokens[0].stem == c.stem);
    }
  }
}

TEST_CASE("tokens carry their bare and exact forms", "[analyzers][analyzer]") {
  struct Case {
    std::string_view text;
    std::string_view bare;
    std::string_view exact;
  };
  const std::vector<Case> cases = {
      {"بالأمم", "الامم", "بالأمم"},  {"للأمم", "الامم", "للأمم"}, {"الأمم", "", "الأمم"},
      {"سُورِيَا", "", "سُورِيَا"},         {"الـــيوم", "", "اليوم"},   {"ولبنان", "لبنان", "ولبنان"},
      {"Council's", "", "council's"}, {"\uFEFB", "", "لا"},        {"٢٠١٨", "", "٢٠١٨"},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.text) {
      const auto tokens = analyzer.analyze(c.text);
      REQUIRE(tokens.size() == 1);
      CHECK(tokens[0].bare == c.bare);
      CHECK(tokens[0].exact == c.exact);
    }
  }
}

TEST_CASE("analyzing into a used vector equals analyzing into a new one", "[analyzers][analyzer]") {
  // analyze() overwrites the tokens already in the vector; nothing of an earlier text may stay.
  struct Case {
    std::string_view label;
    std::vector<std::string_view> texts;  ///< analysed one after the other into one vector
  };
  const std::vector<Case> cases = {
      {"long then short", {kProbe, "قلم"}},
      {"short then long", {"one", kProbe}},
      {"clitics then none", {"وبالأمم المتحدة ولبنان", "the runners ran"}},
      {"compound then plain", {"على فيس بوك اليوم", "فيسبوك واتساب", "فيس، بوك"}},
      {"marks and tatweel at the edges", {"ـــ سُورِيَا ـــ", "\u064Bكتاب\u064B", "ـ"}},
      {"mixed then empty then mixed", {"iPhoneالجديد 11,000", "", "قال Obama إن"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.label) {
      Analyzer analyzer;
      std::vector<Token> reused;
      for (const auto text : c.texts) {
        INFO("text: " << text);
        analyzer.analyze(text, reused);
        Analyzer fresh;
        const std::vector<Token> expected = fresh.analyze(text);
        check_same_tokens(reused, expected);
        for (std::size_t i = 0; i < expected.size() && i < reused.size(); ++i) {
          INFO("token " << i);
          CHECK(reused[i].bare == expected[i].bare);
          CHECK(reused[i].exact == expected[i].exact);
        }
      }
    }
  }
}

TEST_CASE("compounds written as two words become one token", "[analyzers][analyzer]") {
  struct Case {
    std::string_view text;
    std::vector<std::string_view> surfaces;  ///< text of each token's span
    std::vector<std::string_view> words;
    std::vector<std::string_view> exacts;
  };
  const std::vector<Case> cases = {
      {"فيس بوك", {"فيس بوك"}, {"فيسبوك"}, {"فيس بوك"}},
      {"فيسبوك", {"فيسبوك"}, {"فيسبوك"}, {"فيسبوك"}},
      {"على فيس  بوك اليوم",
       {"على", "فيس  بوك", "اليوم"},
       {"علي", "فيسبوك", "اليوم"},
       {"على", "فيس بوك", "اليوم"}},
      {"بالفيس بوك", {"بالفيس بوك"}, {"بالفيسبوك"}, {"بالفيس بوك"}},
      {"يو تيوب", {"يو تيوب"}, {"يوتيوب"}, {"يو تيوب"}},
      {"واتس آب", {"واتس آب"}, {"واتساب"}, {"واتس آب"}},
      // Not joined: punctuation between, another first word, a suffix on the second word.
      {"فيس، بوك", {"فيس", "بوك"}, {"فيس", "بوك"}, {"فيس", "بوك"}},
      {"نفيس بوك", {"نفيس", "بوك"}, {"نفيس", "بوك"}, {"نفيس", "بوك"}},
      {"فيس بوكه", {"فيس", "بوكه"}, {"فيس", "بوكه"}, {"فيس", "بوكه"}},
      {"face book", {"face", "book"}, {"face", "book"}, {"face", "book"}},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.text) {
      const auto tokens = analyzer.analyze(c.text);
      REQUIRE(tokens.size() == c.words.size());
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        INFO("token " << i);
        CHECK(tokens[i].position == i);
        CHECK(c.text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin) == c.surfaces[i]);
        CHECK(tokens[i].word == c.words[i]);
        CHECK(tokens[i].exact == c.exacts[i]);
      }
    }
  }
}

TEST_CASE("loanword spellings and compounds meet but keep their exact forms",
          "[analyzers][analyzer]") {
  const std::vector<std::pair<std::string_view, std::string_view>> pairs = {
      {"ترمب", "ترامب"},          {"لترمب", "لترامب"},         {"الكيميائية", "الكيماوية"},
      {"جوجل", "غوغل"},           {"الإنترنيت", "الانترنت"},   {"أوربا", "أوروبا"},
      {"الأميركية", "الأمريكية"}, {"ديموقراطية", "ديمقراطية"}, {"فيس بوك", "فيسبوك"},
      {"الفيس بوك", "الفيسبوك"},  {"الطوارىء", "الطوارئ"},     {"مسئول", "مسؤول"},
  };
  for (const auto& options : {AnalyzerOptions{true, ArabicStemmer::kLight},
                              AnalyzerOptions{true, ArabicStemmer::kSnowball},
                              AnalyzerOptions{true, ArabicStemmer::kNone}}) {
    Analyzer analyzer(1024, options);
    for (const auto& [a, b] : pairs) {
      DYNAMIC_SECTION(options.name() << ": " << a << " ~ " << b) {
        const auto ta = analyzer.analyze(a);
        const auto tb = analyzer.analyze(b);
        REQUIRE(ta.size() == 1);
        REQUIRE(tb.size() == 1);
        CHECK(ta[0].word == tb[0].word);
        CHECK(ta[0].stem == tb[0].stem);
        CHECK(ta[0].bare == tb[0].bare);
        CHECK(ta[0].exact != tb[0].exact);
      }
    }
  }
  // Without Arabic normalisation nothing is folded or joined.
  Analyzer plain(1024, AnalyzerOptions{false, ArabicStemmer::kNone});
  CHECK(plain.analyze("ترمب")[0].word != plain.analyze("ترامب")[0].word);
  CHECK(plain.analyze("فيس بوك").size() == 2);
}

}  // namespace dalil::analyzers
