/// @file tests/unit/light_stemmer_test.cc
/// @brief The Arabic light stemmer: stems by rule, protected names, over-stemming guards,
///        groups that must and must not conflate, and a printed comparison with Snowball.
#include <catch2/catch.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "analyzers/light_stemmer.h"
#include "analyzers/normalizer.h"

namespace dalil::analyzers {
namespace {

// As the analyzer would call it: the surface word normalised, then stemmed through Xapian::Stem.
std::string light_stem(std::string_view surface) {
  static const Xapian::Stem stemmer(new LightStemmer);
  return stemmer(normalize_word(surface));
}

struct StemCase {
  std::string_view word;  // as written; normalised before stemming
  std::string_view stem;  // expected, normalised spelling
};

void check_stems(const std::vector<StemCase>& cases) {
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.word << " -> " << c.stem) {
      INFO("normalised: " << normalize_word(c.word));
      CHECK(light_stem(c.word) == c.stem);
    }
  }
}

std::size_t letters(std::string_view utf8) {
  return to_utf32(utf8).size();
}

TEST_CASE("light stemmer tables are sorted and unique", "[analyzers][light_stemmer]") {
  for (const auto table : {LightStemmer::protected_words(), LightStemmer::radical_waw_stems(),
                           LightStemmer::future_sin_exceptions()}) {
    CHECK(std::is_sorted(table.begin(), table.end()));
    CHECK(std::adjacent_find(table.begin(), table.end()) == table.end());
    for (const auto word : table) CHECK(letters(word) >= 3);
  }
}

TEST_CASE("light stemmer removes clitics and suffixes", "[analyzers][light_stemmer]") {
  check_stems({
      // Article, stacked conjunction and preposition, ل + ال written لل.
      {"الأمم", "امم"},
      {"والأمم", "امم"},
      {"فالأمم", "امم"},
      {"بالأمم", "امم"},
      {"كالأمم", "امم"},
      {"للأمم", "امم"},
      {"وللأمم", "امم"},
      {"وبالأمم", "امم"},
      {"فبالأمم", "امم"},
      // ة is ه after normalisation; a final ه goes.
      {"المتحدة", "متحد"},
      {"والمتحدة", "متحد"},
      {"الأسلحة", "اسلح"},
      {"بالأسلحة", "اسلح"},
      // Plural suffixes ون ين ات.
      {"المعتقلين", "معتقل"},
      {"معتقلون", "معتقل"},
      {"معتقل", "معتقل"},
      {"للمعتقلين", "معتقل"},
      {"الانتخابات", "انتخاب"},
      {"بالانتخابات", "انتخاب"},
      // One pass in light10's order: ات, then ي.
      {"الكيماوية", "كيماو"},
      {"الكيماوي", "كيماو"},
      {"بالكيماوية", "كيماو"},
      {"الكيماويات", "كيماو"},
      // كيميائي is folded to كيماوي before stemming (fold_loanword_spellings).
      {"الكيميائية", "كيماو"},
      {"الكيميائي", "كيماو"},
      {"كيميائيات", "كيماو"},
      {"الكيمياء", "كيمياء"},
      {"الفلسطينيين", "فلسطين"},
      {"اللبنانيون", "لبنان"},
      {"السوريين", "سور"},
      {"السورية", "سور"},
      // Pronoun suffixes ها ه ي.
      {"كتابها", "كتاب"},
      {"كتابه", "كتاب"},
      {"كتابي", "كتاب"},
      // ى is ي after normalisation.
      {"المستشفى", "مستشف"},
      // A bare و goes when four letters remain and no root و starts the rest.
      {"وسوريا", "سوريا"},
      {"سوريا", "سوريا"},
      {"ومساعدات", "مساعد"},
      {"والمساعدات", "مساعد"},
  });
}

TEST_CASE("light stemmer keeps protected names whole", "[analyzers][light_stemmer]") {
  check_stems({
      {"لبنان", "لبنان"},
      {"ولبنان", "لبنان"},
      {"بلبنان", "لبنان"},
      {"وبلبنان", "لبنان"},
      {"بشار", "بشار"},
      {"وبشار", "بشار"},
      {"بيروت", "بيروت"},
      {"ببيروت", "بيروت"},
      {"بغداد", "بغداد"},
      {"واشنطن", "واشنطن"},
      {"لواشنطن", "واشنطن"},
      {"فلسطين", "فلسطين"},
      {"وفلسطين", "فلسطين"},
      {"برلين", "برلين"},
      {"لندن", "لندن"},
      {"للندن", "لندن"},
      // Names written with the article are listed bare.
      {"السودان", "سودان"},
      {"بالسودان", "سودان"},
      {"إيران", "ايران"},
      {"ألمانيا", "المانيا"},
      {"الله", "الله"},
      {"والله", "الله"},
      {"عبدالله", "عبدالله"},
  });
}

TEST_CASE("light stemmer keeps every protected word whole behind clitics",
          "[analyzers][light_stemmer]") {
  for (const auto word : LightStemmer::protected_words()) {
    DYNAMIC_SECTION(word) {
      const std::string normalised = normalize_word(word);
      CHECK(light_stem(word) == normalised);
      CHECK(light_stem("و" + std::string(word)) == normalised);
      CHECK(light_stem("ب" + std::string(word)) == normalised);
    }
  }
}

TEST_CASE("light stemmer does not over-stem", "[analyzers][light_stemmer]") {
  check_stems({
      // A و that is a root letter stays.
      {"وزير", "وزير"},
      {"وقت", "وقت"},
      {"وطن", "وطن"},
      {"وزارة", "وزار"},
      {"الوزارة", "وزار"},
      {"وطنية", "وطن"},
      {"والدة", "والد"},
      {"وزراء", "وزراء"},
      // Too short after a bare و (needs 4 letters): kept, at the cost of وقال.
      {"وقال", "وقال"},
      // A bare ف ب ك ل is never removed.
      {"فريق", "فريق"},
      {"برنامج", "برنامج"},
      {"كتائب", "كتاءب"},
      {"لجنة", "لجن"},
      // Three letters must remain after any affix: no مك from مكان.
      {"مكان", "مكان"},
      {"زمان", "زمان"},
      {"بيان", "بيان"},
      {"عيون", "عيون"},
      {"الآن", "الان"},
      // The article needs three letters after it, but ي still goes (as in light10); these
      // relative pronouns are stop words, and الذ and الت meet nothing else.
      {"الذي", "الذ"},
      {"التي", "الت"},
      // Three letters or fewer: unchanged.
      {"كتب", "كتب"},
      {"قال", "قال"},
      {"ولد", "ولد"},
      {"لبن", "لبن"},
      {"مكة", "مكه"},
      {"في", "في"},
      {"و", "و"},
      {"", ""},
      // Not Arabic letters: unchanged.
      {"hello", "hello"},
      {"2011", "2011"},
      {"الأمم2011", "الامم2011"},
  });
}

TEST_CASE("light stemmer output is part of its input and never too short",
          "[analyzers][light_stemmer]") {
  const std::vector<std::string_view> words = {
      "الأمم",  "والأمم",   "المتحدة", "المعتقلين", "الكيماويات",  "وسوريا",     "لبنان",
      "ولبنان", "بالسودان", "وزارة",   "مكان",      "كتابها",      "ومساعدات",   "المستشفى",
      "الذين",  "اللذين",   "هؤلاء",   "عليها",     "الاسرائيلية", "بالاتفاقيات"};
  for (const auto word : words) {
    DYNAMIC_SECTION(word) {
      const std::string normalised = normalize_word(word);
      const std::string stem = light_stem(word);
      CHECK(normalised.find(stem) != std::string::npos);
      CHECK(letters(stem) >= std::min<std::size_t>(3, letters(normalised)));
    }
  }
}

struct Group {
  std::string_view label;
  std::vector<std::string_view> words;
};

TEST_CASE("light stemmer gives groups that must conflate one stem", "[analyzers][light_stemmer]") {
  const std::vector<Group> groups = {
      {"United Nations", {"الأمم", "والأمم", "فالأمم", "بالأمم", "للأمم", "الامم"}},
      {"detainees", {"معتقل", "المعتقل", "المعتقلين", "معتقلون", "والمعتقلين", "للمعتقلين"}},
      {"chemical (كيماوي spelling)", {"الكيماوية", "الكيماوي", "بالكيماوية", "كيماويات"}},
      {"chemical (كيميائي spelling)", {"الكيميائية", "الكيميائي", "كيميائيات"}},
      {"chemical, every spelling", {"الكيماوية", "الكيميائية", "الكيمياوية", "الكيمائية"}},
      {"elections", {"انتخابات", "الانتخابات", "بالانتخابات", "وللانتخابات"}},
      {"Lebanon and Lebanese", {"لبنان", "ولبنان", "اللبناني", "اللبنانية", "اللبنانيون"}},
      {"Palestine and Palestinian", {"فلسطين", "الفلسطيني", "الفلسطينيين", "بفلسطين"}},
      {"ministry", {"وزارة", "الوزارة", "والوزارة", "بالوزارة"}},
      {"hamza seats", {"المسئولين", "المسؤولين", "مسؤول", "مسئول"}},
  };
  for (const auto& group : groups) {
    DYNAMIC_SECTION(group.label) {
      const std::string first = light_stem(group.words.front());
      for (const auto word : group.words) {
        INFO(word << " -> " << light_stem(word) << " (first: " << first << ")");
        CHECK(light_stem(word) == first);
      }
    }
  }
}

TEST_CASE("light stemmer keeps groups that must not conflate apart", "[analyzers][light_stemmer]") {
  // Each pair is kept apart, on purpose or as a known limit of light stemming.
  const std::vector<Group> groups = {
      // Names, on purpose.
      {"Lebanon is not milk", {"لبنان", "لبن"}},
      {"Bashar is not شار", {"بشار", "شار"}},
      {"minister keeps its و", {"وزير", "زير"}},
      {"time keeps its و", {"وقت", "قت"}},
      {"place is not مك", {"مكان", "مك"}},
      {"now is not that", {"الآن", "أن"}},
      // Limits: broken plurals are not affixes.
      {"book and books (broken plural)", {"كتاب", "كتب"}},
      {"weapon and weapons (broken plural)", {"السلاح", "الأسلحة"}},
      // Limits: the noun is not the adjective.
      {"chemistry is not chemical", {"الكيمياء", "الكيماوية"}},
      // Limits: ة before a pronoun is written ت, which light10 does not undo.
      {"city and her city", {"مدينة", "مدينتها"}},
  };
  for (const auto& group : groups) {
    DYNAMIC_SECTION(group.label) {
      REQUIRE(group.words.size() == 2);
      INFO(group.words[0] << " -> " << light_stem(group.words[0]));
      INFO(group.words[1] << " -> " << light_stem(group.words[1]));
      CHECK(light_stem(group.words[0]) != light_stem(group.words[1]));
    }
  }
}

TEST_CASE("LightStemmer works through Xapian::Stem", "[analyzers][light_stemmer]") {
  Xapian::Stem stemmer(new LightStemmer);
  CHECK(stemmer("والامم") == "امم");
  CHECK(stemmer.get_description().find("dalil-light10") != std::string::npos);
  LightStemmer direct;
  CHECK(direct.get_description() == "dalil-light10");
  // Copies share the implementation.
  const Xapian::Stem copy = stemmer;
  CHECK(copy("المعتقلين") == "معتقل");
}

// Hidden ([.]): not run by CTest. Prints light vs the analyzer's current Snowball stems:
//   build/ls/tests/dalil_unit_tests "[light_stemmer_report]"
TEST_CASE("light stemmer vs Snowball arabic report", "[.][light_stemmer_report]") {
  const std::vector<std::string_view> words = {
      "الأمم",       "والأمم",    "المتحدة",    "الكيماوية", "الكيميائية", "الأسلحة",  "السلاح",
      "المعتقلين",   "معتقلون",   "الانتخابات", "سوريا",     "وسوريا",     "السورية",  "السوريين",
      "لبنان",       "ولبنان",    "اللبنانية",  "بشار",      "بيروت",      "واشنطن",   "فلسطين",
      "الفلسطينيين", "وزير",      "وزارة",      "الوزارة",   "مكان",       "الآن",     "كتاب",
      "كتب",         "كتابها",    "مدينة",      "مدينتها",   "المستشفى",   "مستشفيات", "الحكومة",
      "حكومات",      "القوات",    "الجيش",      "قصف",       "الهجوم",     "شهود",     "الشاهد",
      "والمساعدات",  "الإنسانية", "وقال",       "المسؤولين",
  };
  Analyzer analyzer(Analyzer::kServerCacheWords, AnalyzerOptions{true, ArabicStemmer::kSnowball});
  const Xapian::Stem light(new LightStemmer);
  std::cout << "| word | normalised | light | Snowball (Analyzer) |\n|---|---|---|---|\n";
  for (const auto word : words) {
    const std::string normalised = normalize_word(word);
    const auto tokens = analyzer.analyze(word);
    const std::string snowball = tokens.empty() ? std::string("-") : tokens.front().stem;
    std::cout << "| " << word << " | " << normalised << " | " << light(normalised) << " | "
              << snowball << " |\n";
  }
  SUCCEED();
}

TEST_CASE("light stemmer removes the future prefix of verbs only", "[analyzers][light_stemmer]") {
  check_stems({
      {"سيقول", "يقول"},
      {"ستكون", "تكون"},
      {"سنعمل", "نعمل"},
      {"وسيقول", "يقول"},
      {"سيقولون", "يقول"},
      // Nouns that start the same way keep their س.
      {"سيارة", "سيار"},
      {"السيارات", "سيار"},
      {"سياسة", "سياس"},
      {"سيطرة", "سيطر"},
      {"سنوات", "سنو"},
      {"ستين", "ستين"},
      // After an article it is no verb; too short, nothing goes.
      {"السيسي", "سيس"},
      {"سيتم", "سيتم"},
  });
}

TEST_CASE("strip_proclitics gives the bare word a phrase meets", "[analyzers][light_stemmer]") {
  struct Case {
    std::string_view word;
    std::string_view bare;  // "" when the word has no proclitic to remove
  };
  const std::vector<Case> cases = {
      {"والأمم", "الامم"},
      {"بالأمم", "الامم"},
      {"وبالأمم", "الامم"},
      {"فالأمم", "الامم"},
      {"كالأمم", "الامم"},
      {"للأمم", "الامم"},
      {"وللأمم", "الامم"},
      {"فبالأمم", "الامم"},
      {"ولبنان", "لبنان"},
      {"ببيروت", "بيروت"},
      {"وسوريا", "سوريا"},
      {"لإسرائيل", "اسراءيل"},
      // No proclitic, or too little after the article.
      {"الأمم", ""},
      {"لبنان", ""},
      {"بيروت", ""},
      {"وزير", ""},
      {"والي", ""},
      {"لله", ""},
      {"برنامج", ""},
      {"ولد", ""},
      {"hello", ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.word) {
      CHECK(LightStemmer::strip_proclitics(normalize_word(c.word)) == c.bare);
    }
  }
}

}  // namespace
}  // namespace dalil::analyzers
