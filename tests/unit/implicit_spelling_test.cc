/// @file tests/unit/implicit_spelling_test.cc
/// @brief SpellingSample's choices, and IndexWriter/ParallelBuilder keeping a table of implicit
///        spellings stable across runs, on real Xapian indexes.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/document.h"
#include "core/schema.h"
#include "indexer/implicit_spelling.h"
#include "indexer/index_writer.h"
#include "indexer/parallel_builder.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::indexer::IndexWriter;
using dalil::indexer::SpellingChoice;
using dalil::indexer::SpellingSample;
using dalil::indexer::WriterOptions;
using dalil::testing::TempDir;
namespace schema = dalil::core::schema;
using Table = std::map<std::string, std::string>;  // normalised word -> implicit spelling

dalil::core::Document make_doc(const std::string& id, const std::string& body,
                               const std::string& title = "") {
  nlohmann::json json = {{"id", id}, {"body", body}};
  if (!title.empty()) json["title"] = title;
  return dalil::core::document_from_json(json, {}, dalil::core::IndexSchema::defaults());
}

std::vector<dalil::core::Document> make_docs(const std::vector<std::string>& bodies,
                                             const std::string& id_prefix) {
  std::vector<dalil::core::Document> docs;
  for (std::size_t i = 0; i < bodies.size(); ++i)
    docs.push_back(make_doc(id_prefix + std::to_string(i), bodies[i]));
  return docs;
}

// On the heap: a sample holds an Analyzer, which cannot be moved.
std::unique_ptr<SpellingSample> sample_of(const std::vector<dalil::core::Document>& docs) {
  auto sample = std::make_unique<SpellingSample>(dalil::analyzers::AnalyzerOptions{});
  for (const auto& doc : docs) sample->add(doc);
  return sample;
}

Table stored_table(const std::string& path) {
  Table table;
  const Xapian::Database db(path);
  const std::string prefix(schema::kMetadataImplicitSpelling);
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key)
    table[(*key).substr(prefix.size())] = db.get_metadata(*key);
  return table;
}

// Terms with @p prefix, each with its collection frequency.
std::map<std::string, Xapian::termcount> terms_with(const std::string& path,
                                                    const std::string& prefix) {
  std::map<std::string, Xapian::termcount> out;
  const Xapian::Database db(path);
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
    out[*t] = db.get_collection_freq(*t);
  return out;
}

}  // namespace

TEST_CASE("a spelling sample chooses each word's most common spelling", "[implicit_spelling]") {
  struct Case {
    const char* name;
    std::vector<std::string> bodies;
    std::vector<SpellingChoice> expected;
  };
  const std::vector<Case> cases = {
      {"taa marbuta more common than its folded form",
       {"المدينة", "المدينة", "المدينه"},
       {{"المدينه", "المدينة"}}},
      {"the folded form more common: no entry", {"المدينه المدينه", "المدينة"}, {}},
      {"a tie keeps the normalised form", {"المدينة", "المدينه"}, {}},
      {"hamza spellings: the most common of three",
       {"أحمد", "أحمد إحمد", "إحمد أحمد", "احمد"},
       {{"احمد", "أحمد"}}},
      {"a tie between two other spellings goes to the smaller one",
       {"أحمد إحمد"},
       {{"احمد", "أحمد"}}},
      {"vowelled beats plain", {"سُورِيَا سُورِيَا سوريا"}, {{"سوريا", "سُورِيَا"}}},
      {"words spelled as their normalised form only: nothing", {"سوريا لبنان", "the cat"}, {}},
      {"English case is no spelling", {"Council council COUNCIL"}, {}},
      {"several words, sorted by word",
       {"الأمم المتحدة", "الأمم المتحدة"},
       {{"الامم", "الأمم"}, {"المتحده", "المتحدة"}}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      CHECK(sample_of(make_docs(c.bodies, "d"))->choices() == c.expected);
    }
  }
}

TEST_CASE("a spelling sample counts titles and extra text", "[implicit_spelling]") {
  SpellingSample sample{dalil::analyzers::AnalyzerOptions{}};
  auto doc = make_doc("t", "المدينه", "المدينة");
  sample.add(doc);
  CHECK(sample.choices().empty());  // 1 to 1
  doc.extra_text = {"المدينة"};
  sample.add(doc);  // 2 (title, extra) against 1 more (body): 3 to 2
  CHECK(sample.choices() == std::vector<SpellingChoice>{{"المدينه", "المدينة"}});
  CHECK(sample.bytes() > 0);
}

TEST_CASE("learned spellings stay what they were when the index first met the word",
          "[implicit_spelling]") {
  // Each step is one dalil-index run: its sample is learned before its documents are written.
  struct Step {
    std::vector<std::string> bodies;
    std::size_t added;  ///< learn_spellings' result.
    Table table;        ///< The stored table after the run.
  };
  struct Case {
    const char* name;
    std::vector<Step> steps;
  };
  const std::vector<Case> cases = {
      {"a new word gets its most common spelling",
       {{{"المدينة", "المدينة المدينه"}, 1, {{"المدينه", "المدينة"}}}}},
      {"a later run that prefers another spelling changes nothing",
       {{{"المدينة"}, 1, {{"المدينه", "المدينة"}}},
        {{"المدينه", "المدينه", "المدينه"}, 0, {{"المدينه", "المدينة"}}}}},
      {"a word the index holds without an entry keeps its normalised form",
       {{{"المدينه"}, 0, {}}, {{"المدينة", "المدينة"}, 0, {}}}},
      {"a word new to a later run gets an entry then",
       {{{"سوريا"}, 0, {}}, {{"الأمم", "الأمم"}, 1, {{"الامم", "الأمم"}}}}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string path = dir.file("index");
      for (std::size_t run = 0; run < c.steps.size(); ++run) {
        INFO("run " << run + 1);
        const auto docs = make_docs(c.steps[run].bodies, "r" + std::to_string(run) + "-");
        {
          IndexWriter writer(path, WriterOptions{});
          CHECK(writer.learn_spellings(*sample_of(docs)) == c.steps[run].added);
          for (const auto& doc : docs) writer.upsert(doc);
          writer.commit();
        }
        CHECK(stored_table(path) == c.steps[run].table);
      }
    }
  }
}

TEST_CASE("the implicit spelling has no exact term and every other spelling has one",
          "[implicit_spelling]") {
  struct Case {
    const char* name;
    bool learn;
    std::map<std::string, Xapian::termcount> exact_terms;  ///< With their collection freq.
  };
  // المدينة four times (a title counts kTitleWdf = 3 times, as its word term does), المدينه
  // once.
  const std::vector<Case> cases = {
      {"without a table: every spelling normalisation changed", false, {{"Eالمدينه المدينة", 4}}},
      {"with the learned table: the one spelling that is not the common one",
       true,
       {{"Eالمدينه المدينه", 1}}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string path = dir.file("index");
      std::vector<dalil::core::Document> docs = {make_doc("a", "المدينة", ""),
                                                 make_doc("b", "في المدينه", ""),
                                                 make_doc("c", "نص", "المدينة")};
      {
        IndexWriter writer(path, WriterOptions{});
        if (c.learn) writer.learn_spellings(*sample_of(docs));
        for (const auto& doc : docs) writer.upsert(doc);
        writer.commit();
      }
      CHECK(terms_with(path, "Eالمدينه ") == c.exact_terms);
      const Xapian::Database db(path);
      CHECK(db.get_collection_freq("المدينه") == 5);
    }
  }
}

TEST_CASE("a parallel build learns the same table as a sequential one", "[implicit_spelling]") {
  const auto docs = make_docs(
      {"الأمم المتحدة", "قالت الأمم المتحدة", "الامم", "المدينة", "سُورِيَا", "سُورِيَا", "سوريا"}, "p");
  TempDir dir;
  const std::string sequential = dir.file("sequential");
  {
    IndexWriter writer(sequential, WriterOptions{});
    writer.learn_spellings(*sample_of(docs));
    for (const auto& doc : docs) writer.upsert(doc);
    writer.commit();
  }
  const std::string parallel = dir.file("parallel");
  {
    dalil::indexer::ParallelBuilder builder(parallel, {.threads = 3}, WriterOptions{});
    CHECK(builder.learn_spellings(*sample_of(docs)) == 4);
    for (const auto& doc : docs) builder.add(doc);
    CHECK_THROWS_AS(builder.learn_spellings(*sample_of(docs)), std::logic_error);
    builder.finish();
  }
  const Table expected = {
      {"الامم", "الأمم"}, {"المتحده", "المتحدة"}, {"المدينه", "المدينة"}, {"سوريا", "سُورِيَا"}};
  CHECK(stored_table(sequential) == expected);
  CHECK(stored_table(parallel) == expected);
  CHECK(terms_with(parallel, "E") == terms_with(sequential, "E"));
  CHECK(terms_with(parallel, "E") ==
        std::map<std::string, Xapian::termcount>{{"Eالامم الامم", 1}, {"Eسوريا سوريا", 1}});
}
