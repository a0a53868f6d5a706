/// @file tests/unit/name_key_test.cc
/// @brief Name keys: spellings that must meet across scripts, common words that must not, keys
///        as written, query groups, and real hits through the index and parse_query.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "analyzers/name_key.h"
#include "core/document.h"
#include "core/error.h"
#include "core/schema.h"
#include "core/spelling_form.h"
#include "indexer/index_writer.h"
#include "indexer/name_table.h"
#include "indexer/spelling.h"
#include "searchd/name_aliases.h"
#include "searchd/query_parser.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::analyzers::Analyzer;
using dalil::analyzers::NameKeyUse;
using Keys = std::vector<std::string>;

std::vector<std::string> words_of(Analyzer& analyzer, const std::string& text) {
  std::vector<std::string> words;
  for (const auto& token : analyzer.analyze(text)) words.push_back(token.word);
  return words;
}

// The keys the indexer stores for @p text: each word's, and each word + الله/allah.
std::set<std::string> index_keys(Analyzer& analyzer, const std::string& text) {
  const auto words = words_of(analyzer, text);
  std::set<std::string> keys;
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (auto& key : dalil::analyzers::name_keys(words[i], NameKeyUse::kIndex)) keys.insert(key);
    if (i + 1 < words.size()) {
      for (auto& key :
           dalil::analyzers::compound_name_keys(words[i], words[i + 1], NameKeyUse::kIndex))
        keys.insert(key);
    }
  }
  return keys;
}

// Whether the query @p query finds a document whose text is @p text through name keys.
bool finds(Analyzer& analyzer, const std::string& query, const std::string& text) {
  const auto groups = dalil::analyzers::query_name_keys(words_of(analyzer, query));
  if (groups.empty()) return false;
  const auto keys = index_keys(analyzer, text);
  return std::all_of(groups.begin(), groups.end(), [&](const Keys& group) {
    return std::any_of(group.begin(), group.end(),
                       [&](const std::string& key) { return keys.count(key) > 0; });
  });
}

}  // namespace

TEST_CASE("name keys let spellings of one name meet across scripts", "[name_key]") {
  struct Case {
    std::string arabic;
    std::string latin;
  };
  const std::vector<Case> cases = {
      {"الأسد", "Assad"},
      {"الأسد", "al-Assad"},
      {"الأسد", "Al Assad"},
      {"الأسد", "Asad"},
      {"بشار الأسد", "Bashar al-Assad"},
      {"بشار", "Bachar"},
      {"القذافي", "Qaddafi"},
      {"القذافي", "Gaddafi"},
      {"القذافي", "Kadhafi"},
      {"القذافي", "Gadhafi"},
      {"خاشقجي", "Khashoggi"},
      {"الغوطة", "Ghouta"},
      {"الغوطة", "al-Ghouta"},
      {"حلب", "Halab"},
      {"دمشق", "Dimashq"},
      {"حمص", "Homs"},
      {"درعا", "Daraa"},
      {"درعا", "Dar'a"},
      {"محمد", "Mohammed"},
      {"محمد", "Muhammad"},
      {"عبد الله", "Abdullah"},
      {"عبد الله", "Abd Allah"},
      {"حزب الله", "Hezbollah"},
      {"حسن نصر الله", "Hassan Nasrallah"},
      {"حماة", "Hama"},
      {"اللاذقية", "Latakia"},
      {"اللاذقية", "Al-Ladhiqiyah"},
      {"دير الزور", "Deir ez-Zor"},
      {"دير الزور", "Deir Ezzor"},
      {"داعش", "Daesh"},
      {"الجزيرة", "Aljazeera"},
      {"القاعدة", "al-Qaeda"},
      {"معمر", "Muammar"},
      {"حافظ", "Hafidh"},
      {"حافظ", "Hafez"},
      {"قيصر", "Caesar"},
      {"بيروت", "Bayrut"},
      {"مصطفى", "Mustapha"},
      {"يوسف", "Youssef"},
      {"عمر", "Omar"},
      {"أسماء", "Asma"},
      {"الرياض", "Riyadh"},
      {"صدام حسين", "Saddam Hussein"},
      {"الإسلام", "Islam"},  // a leading vowel on both sides
      {"إدلب", "Idlib"},
      {"أحمد", "Ahmed"},
      {"قطر", "Qatar"},
      // Arabizi: 7 ح, 3 ع, 5 خ, 9 ق.
      {"حلب", "7alab"},
      {"خالد", "5aled"},
      {"عمر", "3omar"},
  };
  Analyzer analyzer(1024);
  for (const auto& c : cases) {
    SECTION(c.latin + " and " + c.arabic) {
      CHECK(finds(analyzer, c.latin, c.arabic));
      CHECK(finds(analyzer, c.arabic, c.latin));
    }
  }
}

TEST_CASE("name keys keep common words apart from names and from each other", "[name_key]") {
  struct Case {
    std::string query;
    std::string text;
  };
  const std::vector<Case> cases = {
      {"Homs", "حماس"},        // long vowels line up: حماس has one after م
      {"Ghouta", "القوات"},    // غ (gh) is not ق
      {"al-Qaeda", "الغاز"},   // nor the other way
      {"Idlib", "الطلاب"},     // the long vowel after ل
      {"and", "عند"},          // no vowel after the first consonant: no name reading
      {"Jazeera", "كثير"},     // ج (j) is not ك
      {"Khaled", "قالت"},      // خ (kh) is not ق
      {"Zor", "الثورة"},       // ز (z) is not ث
      {"الأسد", "Assad"},      // same script words never meet through keys: Arabic vs Latin
      {"Assad", "Assad"},      // ... nor Latin vs Latin
      {"the", "ذا"},           // stop words have no name reading
      {"UN council", "مجلس"},  // every word needs a key
      {"Islam", "السلام"},     // a leading vowel must line up: السلام starts with س
      {"Qatar", "أكثر"},       // ... and أكثر with a vowel
      {"Ahmed", "حمد"},
  };
  Analyzer analyzer(1024);
  for (const auto& c : cases) {
    SECTION(c.query + " does not find " + c.text) {
      if (c.query == "الأسد") {
        CHECK(finds(analyzer, "الأسد", "Assad"));  // across scripts they do
        CHECK_FALSE(finds(analyzer, "الأسد", "الأسد"));
      } else {
        CHECK_FALSE(finds(analyzer, c.query, c.text));
      }
    }
  }
}

TEST_CASE("name keys as written", "[name_key]") {
  struct Case {
    std::string word;  // normalised
    NameKeyUse use;
    Keys keys;
  };
  const std::vector<Case> cases = {
      {"الاسد", NameKeyUse::kIndex, {"a_sd"}},
      {"الاسد", NameKeyUse::kQuery, {"l_sd"}},
      {"حماس", NameKeyUse::kIndex, {"ahmas"}},
      {"حمص", NameKeyUse::kIndex, {"ahms"}},
      {"homs", NameKeyUse::kIndex, {"lhms", "lhums"}},
      {"homs", NameKeyUse::kQuery, {"ahms", "ahums"}},
      {"القذافي", NameKeyUse::kIndex, {"akdaf"}},
      {"الرقه", NameKeyUse::kIndex, {}},  // two classes, no long vowel: no key
      {"من", NameKeyUse::kIndex, {}},
      {"and", NameKeyUse::kIndex, {}},
      {"2011", NameKeyUse::kIndex, {}},
      {"iphoneالجديد", NameKeyUse::kIndex, {}},  // mixed scripts
  };
  for (const auto& c : cases) {
    SECTION(c.word) {
      CHECK(dalil::analyzers::name_keys(c.word, c.use) == c.keys);
    }
  }
}

TEST_CASE("query_name_keys groups words and skips articles and stop words", "[name_key]") {
  struct Case {
    std::string query;
    std::size_t groups;
  };
  const std::vector<Case> cases = {
      {"Bashar al-Assad", 2}, {"Al Assad", 1},    {"حسن نصر الله", 2}, {"the", 0},
      {"UN council", 0},      {"Deir ez-Zor", 2},
  };
  Analyzer analyzer(1024);
  for (const auto& c : cases) {
    SECTION(c.query) {
      CHECK(dalil::analyzers::query_name_keys(words_of(analyzer, c.query)).size() == c.groups);
    }
  }
}

namespace {

const std::vector<std::string> kNameDocs = {
    R"({"id":"ar-assad","body":"قال الرئيس بشار الأسد في خطاب إن الحرب مستمرة."})",
    R"({"id":"en-assad","body":"President Bashar al-Assad said the war goes on."})",
    R"({"id":"ar-aleppo","body":"قصف على أحياء حلب الشرقية."})",
    R"({"id":"en-hamas","body":"Hamas leaders met in Gaza."})",
    R"({"id":"ar-hamas","body":"اجتمع قادة حماس في غزة."})",
    R"({"id":"ar-homs","body":"اشتباكات في حمص وريفها."})",
    R"({"id":"en-spell","body":"The parliament approved the government budget."})",
    R"({"id":"ar-spell","body":"وافق البرلمان على الميزانية الحكومية."})",
    R"({"id":"ar-abdullah","body":"استقبل الملك عبد الله الوفد."})",
    R"({"id":"en-spell-2","body":"The parliament discussed the government budget again."})",
    R"({"id":"ar-spell-2","body":"ناقش البرلمان الميزانية الحكومية مرة أخرى."})",
};

dalil::core::Document make_doc(const std::string& json) {
  return dalil::core::document_from_json(nlohmann::json::parse(json), dalil::core::DocumentLimits{},
                                         dalil::core::IndexSchema::defaults());
}

// Indexes kNameDocs and builds the name-key table, as a dalil-index run does.
void build_names_index(const std::string& path) {
  {
    dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
    for (const auto& json : kNameDocs) writer.upsert(make_doc(json));
    writer.commit();
  }
  dalil::indexer::update_name_table(path);
}

// The entries the name-key table of @p db lists under @p key.
std::vector<std::string> table_entries(const Xapian::Database& db, const std::string& key) {
  const std::string listed =
      db.get_metadata(std::string(dalil::core::schema::kMetadataNameKey) + key);
  std::vector<std::string> entries;
  std::size_t start = 0;
  while (start < listed.size()) {
    std::size_t end = listed.find(dalil::core::schema::kNameTableSeparator, start);
    if (end == std::string::npos) end = listed.size();
    entries.push_back(listed.substr(start, end - start));
    start = end + 1;
  }
  return entries;
}

// Whether the table lists @p entry under every key of @p first (and @p second, when given, as a
// compound name).
bool listed_under_its_keys(const Xapian::Database& db, const std::string& first,
                           const std::string& second) {
  const auto keys = second.empty()
                        ? dalil::analyzers::name_keys(first, NameKeyUse::kIndex)
                        : dalil::analyzers::compound_name_keys(first, second, NameKeyUse::kIndex);
  const std::string entry = second.empty() ? first : first + " " + second;
  return !keys.empty() && std::all_of(keys.begin(), keys.end(), [&](const std::string& key) {
    const auto entries = table_entries(db, key);
    return std::find(entries.begin(), entries.end(), entry) != entries.end();
  });
}

std::vector<std::string> ranked(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::vector<std::string> ids;
  const Xapian::MSet hits = enquire.get_mset(0, 100);
  for (auto it = hits.begin(); it != hits.end(); ++it)
    ids.push_back(it.get_document().get_value(dalil::core::schema::kSlotId));
  return ids;
}

}  // namespace

TEST_CASE("names reach across scripts through the index, below same-script hits",
          "[name_key][query_parser]") {
  dalil::testing::TempDir dir;
  const std::string path = dir.file("ix");
  build_names_index(path);
  const Xapian::Database db(path);
  Analyzer analyzer(1024);
  const auto schema = dalil::core::IndexSchema::defaults();
  dalil::searchd::NameAliases aliases;
  aliases.add_group({"Aleppo", "حلب"}, analyzer);
  struct Case {
    std::string query;
    bool translit;
    std::vector<std::string> ranked;  ///< Hits in rank order.
  };
  const std::vector<Case> cases = {
      {"Assad", true, {"en-assad", "ar-assad"}},
      {"Assad", false, {"en-assad"}},
      {"الأسد", true, {"ar-assad", "en-assad"}},
      {"\"Bashar al-Assad\"", true, {"en-assad", "ar-assad"}},
      {"Bashar al-Assad", true, {"en-assad", "ar-assad"}},
      {"Al Assad", true, {"en-assad", "ar-assad"}},
      {"Aleppo", true, {"ar-aleppo"}},  // alias
      {"Aleppo", false, {}},
      // حماس has a long vowel after م, Homs no vowel there: they do not meet.
      {"Homs", true, {"ar-homs"}},
      // The check goes one way: Latin writes short vowels, so Hamas may read حمص.
      {"حمص", true, {"ar-homs", "en-hamas"}},
      // عبد الله is one name: the compound term of the two words.
      {"Abdullah", true, {"ar-abdullah"}},
      {"Abdullah", false, {}},
  };
  for (const auto& c : cases) {
    SECTION(c.query + (c.translit ? " translit on" : " translit off")) {
      const auto parsed = dalil::searchd::parse_query(c.query,
                                                      {.analyzer = analyzer,
                                                       .schema = schema,
                                                       .database = &db,
                                                       .aliases = &aliases,
                                                       .translit = c.translit},
                                                      dalil::searchd::QueryLimits{});
      INFO(parsed.query.get_description());
      CHECK(ranked(db, parsed.query) == c.ranked);
      if (c.translit && c.query == "Aleppo") CHECK(parsed.explained["aliases"][0] == "حلب");
      if (c.translit && c.query == "Assad") CHECK(parsed.explained.contains("name_keys"));
      if (!c.translit) CHECK_FALSE(parsed.explained.contains("name_keys"));
    }
  }
}

TEST_CASE("the name-key table lists the index's words under their keys and follows the index",
          "[name_key][name_table]") {
  dalil::testing::TempDir dir;
  const std::string path = dir.file("ix");
  build_names_index(path);
  struct Case {
    std::string first;   ///< A normalised word.
    std::string second;  ///< The next word of a compound name, or "".
    bool listed;
  };
  const std::vector<Case> cases = {
      {"الاسد", "", true},      {"assad", "", true},   {"حمص", "", true},   {"hamas", "", true},
      {"حماس", "", true},       {"عبد", "الله", true}, {"ادلب", "", false},  // not indexed
      {"idlib", "", false},                                                  // not indexed
      {"said", "allah", false},
  };
  {
    const Xapian::Database db(path);
    for (const auto& c : cases) {
      SECTION("built: " + c.first + " " + c.second) {
        CHECK(listed_under_its_keys(db, c.first, c.second) == c.listed);
      }
    }
  }
  SECTION("a second run changes nothing") {
    CHECK(dalil::indexer::update_name_table(path).changed == 0);
  }
  SECTION("words added and deleted by later runs join and leave the table") {
    {
      dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
      writer.upsert(make_doc(R"({"id":"ar-idlib","body":"معارك في إدلب."})"));
      writer.upsert(make_doc(R"({"id":"en-idlib","body":"Fighting in Idlib."})"));
      CHECK(writer.remove("ar-homs"));
      CHECK(writer.remove("ar-abdullah"));
      writer.commit();
    }
    const auto stats = dalil::indexer::update_name_table(path);
    CHECK(stats.changed > 0);
    const Xapian::Database db(path);
    struct Step {
      std::string first;
      std::string second;
      bool listed;
    };
    const std::vector<Step> steps = {
        {"ادلب", "", true},     {"idlib", "", true}, {"حمص", "", false},
        {"عبد", "الله", false}, {"الاسد", "", true},
    };
    for (const auto& step : steps) {
      INFO(step.first << " " << step.second);
      CHECK(listed_under_its_keys(db, step.first, step.second) == step.listed);
    }
    // A key none of whose words is left is gone from the table, not left empty.
    for (const auto& key : dalil::analyzers::name_keys("حمص", NameKeyUse::kIndex)) {
      const auto entries = table_entries(db, key);
      CHECK(std::find(entries.begin(), entries.end(), "حمص") == entries.end());
    }
  }
}

TEST_CASE("the spelling table holds the index's words and corrects misspellings", "[spelling]") {
  dalil::testing::TempDir dir;
  const std::string path = dir.file("ix");
  build_names_index(path);
  const auto stats = dalil::indexer::update_spelling(path);
  CHECK(stats.words > 5);
  const Xapian::Database db(path);
  struct Case {
    std::string word;  // normalised
    std::string suggestion;
  };
  const std::vector<Case> cases = {
      {"parlament", "parliament"},
      {"goverment", "government"},
      {"البرلمن", "البرلمان"},
      {"الميزانيه", ""},  // indexed as it is (ة folds to ه): nothing to correct
      {"approvd", ""},    // "approved" is in one document only: not suggested
      {"وافقت", ""},      // nor وافق
  };
  for (const auto& c : cases) {
    SECTION(c.word) {
      std::string got =
          dalil::core::spelling_suggestion_for(db, dalil::core::spelling_form_of(db), c.word, 2);
      if (got == c.word) got.clear();
      CHECK(got == c.suggestion);
    }
  }
  // A second run changes nothing; a word whose documents were deleted down to one leaves the
  // table.
  CHECK(dalil::indexer::update_spelling(path).changed == 0);
  {
    Xapian::WritableDatabase wdb(path, Xapian::DB_OPEN);
    wdb.delete_document("Qen-spell");
    wdb.commit();
  }
  dalil::indexer::update_spelling(path);
  const Xapian::Database after(path);
  CHECK(dalil::core::spelling_suggestion_for(after, dalil::core::spelling_form_of(after),
                                             "parlament", 2)
            .empty());
}

TEST_CASE("updating the vocabulary tables for the changed words equals rebuilding them",
          "[name_key][name_table][spelling]") {
  dalil::testing::TempDir dir;
  const std::string path = dir.file("ix");
  {
    dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
    for (const auto& json : kNameDocs) writer.upsert(make_doc(json));
    writer.commit();
    // A new index: its tables are built from the whole vocabulary.
    const auto change = writer.vocabulary_change();
    CHECK(change.whole_spelling);
    CHECK(change.whole_names);
  }
  // As dalil-index does after each run: the passes, then their pending markers cleared.
  auto passes_done = [&path] {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    db.set_metadata(std::string(dalil::core::schema::kMetadataSpellingPending), "");
    db.set_metadata(std::string(dalil::core::schema::kMetadataNameTablePending), "");
    db.commit();
  };
  dalil::indexer::update_spelling(path);
  dalil::indexer::update_name_table(path);
  passes_done();
  struct Step {
    std::string what;
    std::vector<std::string> upserts;  ///< JSON documents, added or replacing
    std::vector<std::string> removes;  ///< ids
    bool spelling_changes;             ///< the step changes the spelling table
    bool name_changes;                 ///< ... and the name-key table
  };
  const std::vector<Step> steps = {
      {"new documents bring words and names",
       {R"({"id":"ar-idlib","body":"معارك في إدلب."})",
        R"({"id":"ar-idlib-2","body":"نزوح من إدلب."})",
        R"({"id":"en-idlib","body":"Fighting near Idlib again."})",
        R"({"id":"en-parl","body":"A parliament vote on the budget."})",
        R"({"id":"en-hope","body":"They hope for calm."})",
        // Another spelling of a listed name: its keys list both.
        R"({"id":"en-asad","body":"Officials said Asad spoke."})"},
       {},
       true,
       true},
      {"replaced documents lose some words and gain others",
       {R"({"id":"ar-homs","body":"اشتباكات في درعا وريفها."})",
        R"({"id":"en-spell","body":"The government resigned."})"},
       {},
       true,
       true},
      {"deleted documents take their words and a compound name",
       {},
       {"ar-abdullah", "en-parl", "ar-idlib-2"},
       true,
       true},
      {"a Latin word starts to read as a name",
       {R"({"id":"en-hope-2","body":"Officials met Hope in Tunis."})",
        R"({"id":"en-hope-3","body":"Reporters asked Hope about it."})",
        R"({"id":"en-hope-4","body":"The minister thanked Hope twice."})"},
       {},
       true,
       true},
      {"a compound name comes back",
       {R"({"id":"ar-abdullah","body":"استقبل الملك عبد الله الوفد."})"},
       {},
       false,
       true},
  };
  for (const auto& step : steps) {
    INFO(step.what);
    dalil::indexer::VocabularyChange change;
    {
      dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
      for (const auto& json : step.upserts) writer.upsert(make_doc(json));
      for (const auto& id : step.removes) CHECK(writer.remove(id));
      writer.commit();
      change = writer.vocabulary_change();
    }
    CHECK_FALSE(change.whole_spelling);
    CHECK_FALSE(change.whole_names);
    CHECK(std::is_sorted(change.words.begin(), change.words.end()));
    Xapian::termcount table_words = 0;
    {
      Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
      const auto spelling = dalil::indexer::update_spelling(db, change.words);
      const auto names = dalil::indexer::update_name_table(db, change.words);
      CHECK((spelling.changed > 0) == step.spelling_changes);
      CHECK((names.changed > 0) == step.name_changes);
      table_words = spelling.words;
      db.commit();
    }
    passes_done();
    // A rebuild from the whole vocabulary finds nothing left to change, and reads more words
    // than the update did.
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    const auto whole_spelling = dalil::indexer::update_spelling(db);
    CHECK(whole_spelling.changed == 0);
    CHECK(whole_spelling.words > table_words);
    CHECK(dalil::indexer::update_name_table(db).changed == 0);
  }
}

TEST_CASE("a run that leaves a vocabulary table behind makes the next one rebuild it",
          "[name_key][name_table][spelling]") {
  dalil::testing::TempDir dir;
  const std::string path = dir.file("ix");
  namespace schema = dalil::core::schema;
  auto run = [&path](const std::string& json) {
    dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
    writer.upsert(make_doc(json));
    writer.commit();
    return writer.vocabulary_change();
  };
  auto done = [&path](std::string_view marker) {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    db.set_metadata(std::string(marker), "");
    db.commit();
  };
  run(R"({"id":"a","body":"First words."})");
  done(schema::kMetadataSpellingPending);
  done(schema::kMetadataNameTablePending);
  struct Step {
    std::string_view done_after;  ///< the pass the run then completes ("" for none)
    bool whole_spelling;          ///< what the run's vocabulary_change asks for
    bool whole_names;
  };
  // Every run changes a document, which marks both tables pending until its passes are done.
  const std::vector<Step> steps = {
      // Both passes of the last run were done: only the changed words.
      {schema::kMetadataSpellingPending, false, false},
      // The last run skipped its name pass (or died): that table is rebuilt whole.
      {"", false, true},
      {schema::kMetadataNameTablePending, true, true},
      {schema::kMetadataSpellingPending, true, false},
      {"", false, true},
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    INFO("run " << i + 2);
    const auto change = run(R"({"id":"b)" + std::to_string(i) + R"(","body":"More words."})");
    CHECK(change.whole_spelling == steps[i].whole_spelling);
    CHECK(change.whole_names == steps[i].whole_names);
    if (!steps[i].done_after.empty()) done(steps[i].done_after);
  }
}

TEST_CASE("the alias table file loads groups in both directions", "[name_aliases]") {
  Analyzer analyzer(1024);
  const auto aliases =
      dalil::searchd::load_name_aliases(DALIL_SOURCE_DIR "/data/name-aliases.tsv", analyzer);
  CHECK(aliases.groups() >= 30);
  struct Case {
    std::string query;
    std::string other;
  };
  const std::vector<Case> cases = {
      {"Aleppo", "حلب"},    {"حلب", "Aleppo"},
      {"damascus", "دمشق"}, {"الأمم المتحدة", "United Nations"},
      {"Cairo", "القاهرة"},
  };
  for (const auto& c : cases) {
    SECTION(c.query) {
      std::vector<std::string> others;
      for (const auto* form : aliases.others(words_of(analyzer, c.query)))
        others.push_back(form->text);
      CHECK(std::find(others.begin(), others.end(), c.other) != others.end());
    }
  }
  CHECK_THROWS_AS(dalil::searchd::load_name_aliases("/nonexistent/aliases.tsv", analyzer),
                  dalil::core::Error);
}

TEST_CASE("latin_case_form tells capitalised words in mid-sentence from the rest", "[name_key]") {
  using dalil::analyzers::LatinCaseForm;
  struct Case {
    std::string text;
    std::string word;  ///< Its first occurrence in text is classified.
    LatinCaseForm form;
  };
  const std::vector<Case> cases = {
      {"President Bashar al-Assad said", "Assad", LatinCaseForm::kCapitalised},
      {"President Bashar al-Assad said", "Bashar", LatinCaseForm::kCapitalised},
      {"The army used heavy weapons", "used", LatinCaseForm::kLower},
      {"Used cars sell well", "Used", LatinCaseForm::kUnknown},             // text starts
      {"It rained. Used cars sell well", "Used", LatinCaseForm::kUnknown},  // sentence starts
      {"Why? Used cars", "Used", LatinCaseForm::kUnknown},
      {"He said: Used cars", "Used", LatinCaseForm::kUnknown},
      {"first line\nUsed cars", "Used", LatinCaseForm::kUnknown},  // a line starts
      {"the \"Assad\" regime", "Assad", LatinCaseForm::kCapitalised},
      {"forces (Assad loyalists)", "Assad", LatinCaseForm::kCapitalised},
      {"forces, Assad said", "Assad", LatinCaseForm::kCapitalised},
      {"the ASSAD regime", "ASSAD", LatinCaseForm::kUnknown},  // capitals tell nothing
      {"the UN said", "UN", LatinCaseForm::kUnknown},
      {"a new iPhone", "iPhone", LatinCaseForm::kLower},
      {"in Öcalan's words", "Öcalan", LatinCaseForm::kCapitalised},
      {"كما قال Assad", "Assad", LatinCaseForm::kCapitalised},
      {"قال؟ Assad", "Assad", LatinCaseForm::kUnknown},
      {"met I", "I", LatinCaseForm::kUnknown},  // one letter
  };
  for (const auto& c : cases) {
    SECTION(c.word + " in " + c.text) {
      const std::size_t begin = c.text.find(c.word);
      REQUIRE(begin != std::string::npos);
      CHECK(dalil::analyzers::latin_case_form(c.text, begin) == c.form);
    }
  }
}

TEST_CASE("reads_as_name wants a Latin word capitalised at least half the times its case tells",
          "[name_key]") {
  struct Case {
    std::string what;
    dalil::analyzers::LatinCase seen;
    bool name;
  };
  const std::vector<Case> cases = {
      {"never seen in running text", {0, 0, 0}, true},
      {"always capitalised", {5, 0, 5}, true},
      {"only at sentence starts", {0, 3, 3}, true},
      {"half capitalised", {2, 1, 5}, true},
      {"always lower case", {0, 0, 40}, false},
      {"mostly lower case", {1, 0, 3}, false},
      {"lower case and sentence starts", {0, 4, 9}, false},
      {"more counted than seen", {3, 5, 4}, true},
  };
  for (const auto& c : cases) {
    SECTION(c.what) {
      CHECK(dalil::analyzers::reads_as_name(c.seen) == c.name);
    }
  }
}

namespace {

// Common English words that share a key with an Arabic name or word (used/issued and الأسد,
// sofa and سوف, red and الرياض), and names written as names.
const std::vector<std::string> kCaseDocs = {
    R"({"id":"en-used","body":"The army used heavy weapons and issued a statement."})",
    R"({"id":"en-used-2","body":"Rebels said they used the road that was issued to them."})",
    R"({"id":"en-sofa","body":"He slept on the sofa while the red lamp was on."})",
    R"({"id":"en-assad","body":"Forces loyal to President Bashar al-Assad advanced."})",
    R"({"id":"en-riyadh","body":"Talks were held in Riyadh this week."})",
    R"({"id":"en-khashoggi","body":"Khashoggi was killed in Istanbul."})",
    R"({"id":"ar-assad","body":"قال الرئيس بشار الأسد إن الحرب مستمرة."})",
    R"({"id":"ar-sawfa","body":"سوف يعقد الاجتماع غدا."})",
    R"({"id":"ar-riyadh","body":"عقدت المحادثات في الرياض."})",
    R"({"id":"ar-khashoggi","body":"قتل الصحفي جمال خاشقجي في إسطنبول."})",
};

// Indexes @p docs and builds the name-key table; @p evidence false drops the case evidence
// flag first, as in an index written before it existed.
void build_case_index(const std::string& path, const std::vector<std::string>& docs,
                      bool evidence) {
  {
    dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
    for (const auto& json : docs) writer.upsert(make_doc(json));
    writer.commit();
  }
  if (!evidence) {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    db.set_metadata(std::string(dalil::core::schema::kMetadataCaseEvidence), "");
    db.commit();
  }
  dalil::indexer::update_name_table(path);
}

bool listed(const Xapian::Database& db, const std::string& word) {
  return listed_under_its_keys(db, word, "");
}

}  // namespace

TEST_CASE("the name-key table leaves out Latin words the index writes in lower case",
          "[name_key][name_table]") {
  struct Case {
    std::string word;
    bool listed;  ///< With the case evidence; without it every word is listed.
  };
  const std::vector<Case> cases = {
      {"used", false},  {"issued", false}, {"sofa", false},     {"red", false}, {"assad", true},
      {"bashar", true}, {"riyadh", true},  {"khashoggi", true},  // only at a sentence start
      {"الاسد", true},  {"سوف", true},     {"الرياض", true},
  };
  for (const bool evidence : {true, false}) {
    dalil::testing::TempDir dir;
    const std::string path = dir.file("ix");
    build_case_index(path, kCaseDocs, evidence);
    const Xapian::Database db(path);
    for (const auto& c : cases) {
      SECTION(c.word + (evidence ? " with case evidence" : " without case evidence")) {
        CHECK(listed(db, c.word) == (c.listed || !evidence));
      }
    }
  }
}

TEST_CASE("the case evidence follows documents added and deleted by later runs",
          "[name_key][name_table]") {
  dalil::testing::TempDir dir;
  const std::string path = dir.file("ix");
  build_case_index(path, {R"({"id":"a","body":"Shelling hit eastern Ghouta again."})"}, true);
  struct Step {
    std::string add;     ///< Document JSON to add, or "".
    std::string remove;  ///< Id to delete, or "".
    bool listed;         ///< ghouta in the table after the run.
  };
  const std::vector<Step> steps = {
      {R"({"id":"b","body":"the word ghouta written small"})", "", true},  // 1 of 2
      {R"({"id":"c","body":"and ghouta small once more"})", "", false},    // 1 of 3
      {R"({"id":"d","body":"Residents of Ghouta fled."})", "", true},      // 2 of 4
      {"", "a", false},                                                    // 1 of 3
      {"", "c", true},                                                     // 1 of 2
  };
  for (const auto& step : steps) {
    {
      dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
      if (!step.add.empty()) writer.upsert(make_doc(step.add));
      if (!step.remove.empty()) CHECK(writer.remove(step.remove));
      writer.commit();
    }
    dalil::indexer::update_name_table(path);
    const Xapian::Database db(path);
    INFO(step.add << step.remove);
    CHECK(listed(db, "ghouta") == step.listed);
  }
}

TEST_CASE("a Latin query word the index writes in lower case does not reach the other script",
          "[name_key][query_parser]") {
  Analyzer analyzer(1024);
  const auto schema = dalil::core::IndexSchema::defaults();
  struct Case {
    std::string query;
    std::set<std::string> found;  ///< With the case evidence.
    std::set<std::string> found_without;
  };
  const std::vector<Case> cases = {
      {"الأسد", {"ar-assad", "en-assad"}, {"ar-assad", "en-assad", "en-used", "en-used-2"}},
      {"used", {"en-used", "en-used-2"}, {"en-used", "en-used-2", "ar-assad"}},
      {"sofa", {"en-sofa"}, {"en-sofa", "ar-sawfa"}},
      {"سوف", {"ar-sawfa"}, {"ar-sawfa", "en-sofa"}},
      {"red", {"en-sofa"}, {"en-sofa", "ar-riyadh"}},
      {"الرياض", {"ar-riyadh", "en-riyadh"}, {"ar-riyadh", "en-riyadh", "en-sofa"}},
      {"Assad", {"en-assad", "ar-assad"}, {"en-assad", "ar-assad"}},
      {"Riyadh", {"en-riyadh", "ar-riyadh"}, {"en-riyadh", "ar-riyadh"}},
      {"خاشقجي", {"ar-khashoggi", "en-khashoggi"}, {"ar-khashoggi", "en-khashoggi"}},
      {"Khashoggi", {"en-khashoggi", "ar-khashoggi"}, {"en-khashoggi", "ar-khashoggi"}},
  };
  for (const bool evidence : {true, false}) {
    dalil::testing::TempDir dir;
    const std::string path = dir.file("ix");
    build_case_index(path, kCaseDocs, evidence);
    const Xapian::Database db(path);
    for (const auto& c : cases) {
      SECTION(c.query + (evidence ? " with case evidence" : " without case evidence")) {
        const auto parsed = dalil::searchd::parse_query(
            c.query, {.analyzer = analyzer, .schema = schema, .database = &db, .translit = true},
            dalil::searchd::QueryLimits{});
        INFO(parsed.query.get_description());
        const auto ids = ranked(db, parsed.query);
        CHECK(std::set<std::string>(ids.begin(), ids.end()) ==
              (evidence ? c.found : c.found_without));
      }
    }
  }
}
