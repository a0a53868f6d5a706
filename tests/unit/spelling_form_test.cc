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
    // Outside U+0621-U+064A the word keeps its UTF-8, every letter of it.
    {"persian peh", "پاریس", "پاریس"},
    {"latin with accent", "école", "école"},
    {"arabic letter then accent", "بé", "بé"},
    {"tatweel's neighbour U+064B", "ب\xD9\x8B", "ب\xD9\x8B"},
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
    std::string form;     ///< kMetadataSpellingForm
    bool letter_entries;  ///< the table's entries are to_spelling_entry's
  };
  const std::vector<Case> cases = {
      {"letter bytes", std::string(kSpellingFormLetterBytes), true},
      {"utf-8 table of an older index", "", false},
  };
  for (const auto& c : cases) {
    SECTION(c.label) {
      const std::string path = dir.file(c.label);
      {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
        for (const std::string word : {"البرلمان", "البرتقال", "parliament"})
          db.add_spelling(c.letter_entries ? to_spelling_entry(word) : word, 3);
        db.set_metadata(std::string(schema::kMetadataSpellingForm), c.form);
        db.commit();
      }
      const Xapian::Database db(path);
      CHECK(spelling_suggestion_for(db, "البرلمن", 2) == "البرلمان");
      CHECK(spelling_suggestion_for(db, "parlament", 2) == "parliament");
      CHECK(spelling_suggestion_for(db, "zzzzzz", 2).empty());
    }
  }
}

}  // namespace
}  // namespace dalil::core
