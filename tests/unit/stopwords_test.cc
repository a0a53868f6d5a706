/// @file tests/unit/stopwords_test.cc
/// @brief is_stop_word: English and Arabic lists, every spelling that normalises alike, content
///        words left alone.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "analyzers/normalizer.h"
#include "analyzers/stopwords.h"

namespace dalil::analyzers {
namespace {

TEST_CASE("is_stop_word takes every spelling of a stop word", "[stopwords]") {
  struct Case {
    std::string typed;  ///< As a user types it; normalised before the lookup, as the parser does.
    bool stop;
  };
  const std::vector<Case> cases = {
      // English, any case.
      {"the", true},
      {"The", true},
      {"OF", true},
      {"and", true},
      {"a", true},
      {"in", true},
      {"to", true},
      {"is", true},
      {"was", true},
      // Arabic with and without hamza, alef maksura or yeh.
      {"أن", true},
      {"ان", true},
      {"إن", true},
      {"إلى", true},
      {"الى", true},
      {"إلي", true},
      {"على", true},
      {"علي", true},  // The name Ali normalises like على: a known collision.
      {"في", true},
      {"فى", true},
      {"من", true},
      {"عن", true},
      {"التي", true},
      {"الذي", true},
      {"هذا", true},
      {"هذه", true},
      {"مع", true},
      {"أو", true},
      {"او", true},
      {"حتى", true},
      {"حتي", true},
      {"أيضا", true},
      {"أيضاً", true},  // Tanwin stripped.
      // Content words are not stop words.
      {"council", false},
      {"attack", false},
      {"theory", false},
      {"theme", false},
      {"other", false},
      {"الأمم", false},
      {"المتحدة", false},
      {"مستشفى", false},
      {"السلاح", false},
      {"مرسى", false},
      // Negations are kept on purpose.
      {"not", false},
      {"no", false},
      {"لا", false},
      {"لم", false},
      {"لن", false},
      {"ما", false},
      // Nothing is not a stop word.
      {"", false},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION("word: [" << c.typed << "]") {
      CHECK(is_stop_word(normalize_word(c.typed)) == c.stop);
    }
  }
}

TEST_CASE("is_stop_word expects a normalised word", "[stopwords]") {
  // Upper case and hamza'd forms are not normalised: the caller passes Token::word.
  CHECK_FALSE(is_stop_word("The"));
  CHECK(is_stop_word("the"));
  CHECK(is_stop_word(normalize_word("إلى")));
}

TEST_CASE("every listed stop word is a stop word once normalised", "[stopwords]") {
  CHECK(english_stop_words().size() >= 40);
  CHECK(arabic_stop_words().size() >= 40);
  for (const auto lists : {english_stop_words(), arabic_stop_words()}) {
    for (const auto word : lists) {
      DYNAMIC_SECTION("listed: " << word) {
        CHECK(is_stop_word(normalize_word(word)));
      }
    }
  }
}

}  // namespace
}  // namespace dalil::analyzers
