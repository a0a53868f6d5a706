/// @file tests/unit/spelling_form_test.cc
/// @brief Spelling-table entries of core/spelling_form.h: one byte per Arabic letter, and back.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "core/schema.h"
#include "core/spelling_form.h"
#include "core/utf8.h"
#include "tests/support/temp_dir.h"

namespace dalil::core {
namespace {

struct FormCase {
  std::string label;
  std::string word;
  std::string entry;  ///< to_spelling_entry(word)
};

const std::vector<FormCase> kFormCases = {
    {"ascii stays", "parliament", "parliament"},
    {"first and last letters", "\xD8\xA1\xD9\x8A", "\x80\xA9"},  // ء ي
    {"arabic word", "بيروت", "\x87\xA9\x90\xA7\x89"},
    {"arabic with ascii", "h1ب", "h1\x87"},
    // Other characters keep their UTF-8 bytes in place, the Arabic letters beside them do not.
    {"persian peh", "پاريس", "\xD9\xBE\x86\x90\xA9\x92"},
    {"veh at the end", "بڤ", "\x87\xDA\xA4"},
    {"latin with accent", "école", "école"},
    {"arabic letter then accent", "بé", "\x87\xC3\xA9"},
    {"U+064B after a letter", "ب\xD9\x8B", "\x87\xD9\x8B"},
    {"three-byte character", "ب\xE2\x80\x8Cب", "\x87\xE2\x80\x8C\x87"},
    {"empty", "", ""},
};

TEST_CASE("a spelling entry is one byte per arabic letter and reads back as the word",
          "[spelling]") {
  for (const auto& c : kFormCases) {
    SECTION(c.label) {
      const std::string entry = to_spelling_entry(c.word);
      CHECK(entry == c.entry);
      CHECK(from_spelling_entry(entry) == c.word);
      // Only an entry that differs from its word is invalid UTF-8, so the forms never meet.
      CHECK(find_invalid_utf8(entry).has_value() == (entry != c.word));
    }
  }
}

TEST_CASE("a suggestion reads the spelling table in the form the index names", "[spelling]") {
  dalil::testing::TempDir dir;
  struct Case {
    std::string label;
    std::string marker;     ///< kMetadataSpellingForm
    bool letter_entries;    ///< the table's entries are to_spelling_entry's
    bool older_utf8_entry;  ///< plus the UTF-8 entry an older dalil-index adds
    SpellingForm form;      ///< spelling_form_of
    bool suggests = true;   ///< the table's words are suggested (not a table to rebuild)
  };
  const std::vector<Case> cases = {
      {"letter bytes", std::string(kSpellingFormLetterBytes), true, false,
       SpellingForm::kLetterBytes},
      {"utf-8 table of an older index", "", false, false, SpellingForm::kUtf8},
      // 1edb91f's marker: its table kept words with other letters as UTF-8, so it is rebuilt.
      {"the first letter-bytes form", "letter-bytes", true, false, SpellingForm::kUtf8, false},
      // An older dalil-index rebuilds a pending table as UTF-8 and keeps the metadata it does
      // not know.
      {"utf-8 table under the marker", std::string(kSpellingFormLetterBytes), false, false,
       SpellingForm::kUtf8},
      {"one utf-8 word among letter bytes", std::string(kSpellingFormLetterBytes), true, true,
       SpellingForm::kUtf8, false},
  };
  for (const auto& c : cases) {
    SECTION(c.label) {
      const std::string path = dir.file(c.label);
      {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
        for (const std::string word : {"البرلمان", "البرتقال", "باريس", "parliament"})
          db.add_spelling(c.letter_entries ? to_spelling_entry(word) : word, 3);
        if (c.older_utf8_entry) db.add_spelling("دمشق", 2);
        db.set_metadata(std::string(schema::kMetadataSpellingForm), c.marker);
        db.commit();
      }
      const Xapian::Database db(path);
      REQUIRE(spelling_form_of(db) == c.form);
      if (!c.suggests) return;  // a table the next dalil-index run rebuilds
      struct Query {
        std::string word;
        std::string suggestion;
      };
      for (const auto& q :
           std::vector<Query>{{"البرلمن", "البرلمان"},
                              {"parlament", "parliament"},
                              {"پاريس", "باريس"},  // one letter outside U+0621-U+064A
                              {"zzzzzz", ""}}) {
        INFO(q.word);
        CHECK(spelling_suggestion_for(db, c.form, q.word, 2) == q.suggestion);
      }
    }
  }
}

}  // namespace
}  // namespace dalil::core
