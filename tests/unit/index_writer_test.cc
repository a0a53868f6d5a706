/// @file tests/unit/index_writer_test.cc
/// @brief IndexWriter and DocumentBuilder on a real Xapian index: upserts, batches, terms, values.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/document.h"
#include "core/error.h"
#include "core/schema.h"
#include "core/stored_codec.h"
#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "tests/support/temp_dir.h"

namespace {

std::string encoded(std::initializer_list<std::string> values) {
  return dalil::core::encode_values(std::vector<std::string>(values));
}

Xapian::valueno facet_slot(const char* name) {
  return dalil::core::IndexSchema::defaults().facet(name)->slot;
}

namespace schema = dalil::core::schema;
using dalil::core::Document;
using dalil::core::ErrorCode;
using dalil::indexer::Change;
using dalil::indexer::IndexWriter;
using dalil::indexer::WriterOptions;
using dalil::testing::TempDir;

Document make_doc(const std::string& json) {
  return dalil::core::document_from_json(nlohmann::json::parse(json), dalil::core::DocumentLimits{},
                                         dalil::core::IndexSchema::defaults());
}

const char* change_name(Change change) {
  switch (change) {
    case Change::kAdded:
      return "added";
    case Change::kReplaced:
      return "replaced";
    case Change::kUnchanged:
      return "unchanged";
  }
  return "?";
}

/// Documents a separate reader sees in the index at @p path right now.
Xapian::doccount visible_count(const std::string& path) {
  return Xapian::Database(path).get_doccount();
}

/// The document with @p id as a reader sees it, or nullopt.
std::optional<Xapian::Document> find_doc(const Xapian::Database& db, const std::string& id) {
  const std::string term = std::string(schema::kPrefixId) + id;
  const auto it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  return db.get_document(*it);
}

std::set<std::string> terms_of(const Xapian::Document& doc) {
  std::set<std::string> terms;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) terms.insert(*it);
  return terms;
}

std::vector<Xapian::termpos> positions_of(const Xapian::Database& db, Xapian::docid id,
                                          const std::string& term) {
  std::vector<Xapian::termpos> positions;
  for (auto it = db.positionlist_begin(id, term); it != db.positionlist_end(id, term); ++it) {
    positions.push_back(*it);
  }
  return positions;
}

}  // namespace

TEST_CASE("IndexWriter upsert and remove report what they did", "[index_writer]") {
  // One step: upsert a document (json) or remove an id, with the expected outcome and count.
  struct Step {
    const char* what;
    std::string json;       ///< Upsert this when not empty.
    std::string remove_id;  ///< Otherwise remove this id.
    const char* expected;   ///< Change name, or "true"/"false" for remove().
    Xapian::doccount count;
  };
  const std::vector<Step> steps = {
      {"add a", R"({"id":"a","title":"T","body":"first body"})", "", "added", 1},
      {"same a again", R"({"id":"a","title":"T","body":"first body"})", "", "unchanged", 1},
      {"same fields in another order", R"({"body":"first body","title":"T","id":"a"})", "",
       "unchanged", 1},
      {"a with a changed body", R"({"id":"a","title":"T","body":"second body"})", "", "replaced",
       1},
      {"the changed a again", R"({"id":"a","title":"T","body":"second body"})", "", "unchanged", 1},
      {"a with an extra field", R"({"id":"a","title":"T","body":"second body","tags":["x"]})", "",
       "replaced", 1},
      {"a with a changed title", R"({"id":"a","title":"U","body":"second body","tags":["x"]})", "",
       "replaced", 1},
      {"add b", R"({"id":"b","body":"other"})", "", "added", 2},
      {"ids are case-sensitive", R"({"id":"B","body":"other"})", "", "added", 3},
      {"remove b", "", "b", "true", 2},
      {"remove b again", "", "b", "false", 2},
      {"remove an id never added", "", "nope", "false", 2},
      {"add b back", R"({"id":"b","body":"other"})", "", "added", 3},
      {"remove a", "", "a", "true", 2},
      {"add a back as it was", R"({"id":"a","title":"U","body":"second body","tags":["x"]})", "",
       "added", 3},
  };
  struct Mode {
    const char* name;
    bool commit_each_step;
  };
  for (const Mode mode : {Mode{"one batch", false}, Mode{"commit after every step", true}}) {
    DYNAMIC_SECTION(mode.name) {
      TempDir dir;
      const std::string path = dir.file("index");
      IndexWriter writer(path, WriterOptions{});
      for (const auto& step : steps) {
        INFO("step: " << step.what);
        if (!step.json.empty()) {
          CHECK(std::string(change_name(writer.upsert(make_doc(step.json)))) == step.expected);
        } else {
          CHECK((writer.remove(step.remove_id) ? "true" : "false") == std::string(step.expected));
        }
        CHECK(writer.document_count() == step.count);
        if (mode.commit_each_step) {
          writer.commit();
          CHECK(visible_count(path) == step.count);
        }
      }
      writer.commit();
      Xapian::Database db(path);
      CHECK(db.get_doccount() == 3);
      const auto a = find_doc(db, "a");
      REQUIRE(a);
      CHECK(nlohmann::json::parse(dalil::core::StoredCodec().stored_json(*a)) ==
            nlohmann::json::parse(R"({"id":"a","title":"U","body":"second body","tags":["x"]})"));
      CHECK(find_doc(db, "b"));
      CHECK(find_doc(db, "B"));
    }
  }
}

TEST_CASE("IndexWriter batches are invisible until commit and dropped by cancel",
          "[index_writer]") {
  TempDir dir;
  const std::string path = dir.file("index");
  const Document a = make_doc(R"({"id":"a","body":"alpha text"})");
  const Document a2 = make_doc(R"({"id":"a","body":"alpha changed"})");
  const Document b = make_doc(R"({"id":"b","body":"beta text"})");

  SECTION("nothing is visible before commit, all of it after") {
    IndexWriter writer(path, WriterOptions{});
    Xapian::Database reader(path);
    writer.upsert(a);
    writer.upsert(b);
    CHECK(writer.document_count() == 2);  // The writer sees its own batch.
    reader.reopen();
    CHECK(reader.get_doccount() == 0);
    CHECK(visible_count(path) == 0);
    writer.commit();
    CHECK(reader.get_doccount() == 0);  // A reader sees the new revision only after reopen().
    reader.reopen();
    CHECK(reader.get_doccount() == 2);
    CHECK(visible_count(path) == 2);
    writer.commit();  // Nothing open: a no-op.
    CHECK(visible_count(path) == 2);
  }

  SECTION("a removal is invisible before commit") {
    IndexWriter writer(path, WriterOptions{});
    writer.upsert(a);
    writer.commit();
    CHECK(writer.remove("a"));
    CHECK(writer.document_count() == 0);
    CHECK(visible_count(path) == 1);
    writer.commit();
    CHECK(visible_count(path) == 0);
  }

  SECTION("cancel drops the open batch") {
    IndexWriter writer(path, WriterOptions{});
    CHECK(writer.upsert(a) == Change::kAdded);
    writer.commit();
    CHECK(writer.upsert(a2) == Change::kReplaced);
    CHECK(writer.upsert(b) == Change::kAdded);
    CHECK(writer.document_count() == 2);
    writer.cancel();
    CHECK(writer.document_count() == 1);
    CHECK(visible_count(path) == 1);
    // The first version of a is back, so upserting it again changes nothing.
    CHECK(writer.upsert(a) == Change::kUnchanged);
    CHECK(writer.remove("b") == false);
    writer.cancel();  // Nothing open: a no-op.
    // The writer goes on with a new batch after a cancel.
    CHECK(writer.upsert(b) == Change::kAdded);
    writer.commit();
    CHECK(visible_count(path) == 2);
  }

  SECTION("destroying the writer drops the open batch") {
    {
      IndexWriter writer(path, WriterOptions{});
      writer.upsert(a);
      writer.commit();
      writer.upsert(b);
      writer.remove("a");
    }
    Xapian::Database db(path);
    CHECK(db.get_doccount() == 1);
    CHECK(find_doc(db, "a"));
    CHECK_FALSE(find_doc(db, "b"));
    // A second writer on the same folder finds the committed document unchanged.
    IndexWriter again(path, WriterOptions{});
    CHECK(again.document_count() == 1);
    CHECK(again.upsert(a) == Change::kUnchanged);
  }
}

TEST_CASE("IndexWriter rewrites an unchanged document an older version wrote, once",
          "[index_writer]") {
  // What an older dalil-index wrote (or a damaged value), made by hand on document a only.
  enum class Old { kAsWritten, kNoIdSlot, kJsonAsData, kDamagedStored };
  const struct {
    const char* name;
    Old old;
  } cases[] = {{"as this version writes it", Old::kAsWritten},
               {"without the id slot (14)", Old::kNoIdSlot},
               {"the JSON as data, no stored slot (15)", Old::kJsonAsData},
               {"a stored slot that is not zstd", Old::kDamagedStored}};
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string path = dir.file("index");
      const auto a = make_doc(R"({"id":"a","title":"T","body":"first body"})");
      const auto b = make_doc(R"({"id":"b","body":"other"})");
      {
        IndexWriter writer(path, WriterOptions{});
        writer.upsert(a);
        writer.upsert(b);
        writer.commit();
      }
      {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        const auto did = *db.postlist_begin(std::string(schema::kPrefixId) + "a");
        Xapian::Document doc = db.get_document(did);
        switch (c.old) {
          case Old::kAsWritten:
            break;
          case Old::kNoIdSlot:
            doc.remove_value(schema::kSlotId);
            break;
          case Old::kJsonAsData:
            doc.set_data(dalil::core::StoredCodec().decompress(doc.get_value(schema::kSlotStored)));
            doc.remove_value(schema::kSlotStored);
            break;
          case Old::kDamagedStored:
            doc.add_value(schema::kSlotStored, "not zstd");
            break;
        }
        db.replace_document(did, doc);
        db.commit();
      }
      IndexWriter writer(path, WriterOptions{});
      CHECK(writer.upsert(a) ==
            (c.old == Old::kAsWritten ? Change::kUnchanged : Change::kReplaced));
      CHECK(writer.upsert(b) == Change::kUnchanged);
      writer.commit();
      CHECK(writer.upsert(a) == Change::kUnchanged);  // once
      Xapian::Database db(path);
      const auto stored = find_doc(db, "a");
      REQUIRE(stored);
      CHECK(stored->get_value(schema::kSlotId) == "a");
      CHECK(stored->get_data().empty());
      CHECK(dalil::core::StoredCodec().decompress(stored->get_value(schema::kSlotStored)) ==
            a.stored.dump());
    }
  }
}

TEST_CASE("IndexWriter commits by itself when a batch is full", "[index_writer]") {
  struct Step {
    std::string json;
    Xapian::doccount visible;  ///< What a separate reader sees after this upsert.
  };
  struct Case {
    const char* name;
    WriterOptions options;
    std::vector<Step> steps;
  };
  const std::vector<Case> cases = {
      {"batch_documents = 2",
       {2, 32u << 20, {}, {}},
       {{R"({"id":"1","body":"one"})", 0},
        {R"({"id":"2","body":"two"})", 2},
        {R"({"id":"3","body":"three"})", 2},
        {R"({"id":"3","body":"three"})", 2},  // Unchanged: does not count towards the batch.
        {R"({"id":"4","body":"four"})", 4},
        {R"({"id":"1","body":"one, changed"})", 4},
        {R"({"id":"5","body":"five"})", 5}}},
      {"batch_documents = 1",
       {1, 32u << 20, {}, {}},
       {{R"({"id":"1","body":"one"})", 1}, {R"({"id":"2","body":"two"})", 2}}},
      {"batch_bytes = 20 counts title and body bytes",
       {1000, 20, {}, {}},
       {{R"({"id":"1","title":"0123456789","body":"012345678"})", 0},  // 19 bytes.
        {R"({"id":"2","body":"x"})", 2},                               // 20 bytes.
        {R"({"id":"3","body":"012345678901234567890"})", 3}}},         // 21 bytes alone.
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string path = dir.file("index");
      IndexWriter writer(path, c.options);
      for (std::size_t i = 0; i < c.steps.size(); ++i) {
        INFO("upsert " << i + 1 << ": " << c.steps[i].json);
        writer.upsert(make_doc(c.steps[i].json));
        CHECK(visible_count(path) == c.steps[i].visible);
      }
    }
  }
}

TEST_CASE("IndexWriter refuses folders it must not write to", "[index_writer]") {
  struct Case {
    const char* name;
    std::string analyzer_metadata;  ///< Written before the writer opens; "" writes none.
    bool add_foreign_document;      ///< A document written by plain Xapian.
    std::optional<ErrorCode> error;
    const char* message_part;
  };
  const std::string ours = dalil::analyzers::AnalyzerOptions{}.name();
  const std::vector<Case> cases = {
      {"another analyzer", "dalil-ar-en-0", false, ErrorCode::kBadConfig, "dalil-ar-en-0"},
      {"an old pipeline", "dalil-ar-en-2", true, ErrorCode::kBadConfig, "dalil-ar-en-2"},
      {"the previous pipeline", "dalil-ar-en-4+light", true, ErrorCode::kBadConfig,
       "dalil-ar-en-4+light"},
      {"another analyzer, with documents", "other-analyzer", true, ErrorCode::kBadConfig,
       "built with analyzer other-analyzer"},
      {"documents but no analyzer", "", true, ErrorCode::kBadConfig, "not written by dalil-index"},
      {"empty Xapian index without metadata", "", false, std::nullopt, ""},
      {"our analyzer", ours, true, std::nullopt, ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string path = dir.file("index");
      {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
        if (!c.analyzer_metadata.empty()) db.set_metadata("dalil.analyzer", c.analyzer_metadata);
        if (c.add_foreign_document) {
          Xapian::Document doc;
          doc.add_term("Qforeign");
          db.add_document(doc);
        }
        db.commit();
      }
      if (c.error) {
        try {
          IndexWriter writer(path, WriterOptions{});
          FAIL("opened without an error");
        } catch (const dalil::core::Error& e) {
          CHECK(e.code() == *c.error);
          CHECK_THAT(e.what(), Catch::Matchers::Contains(c.message_part));
          CHECK_THAT(e.what(), Catch::Matchers::Contains(path));
        }
        // The folder is left as it was.
        CHECK(Xapian::Database(path).get_metadata("dalil.analyzer") == c.analyzer_metadata);
      } else {
        IndexWriter writer(path, WriterOptions{});
        CHECK(writer.upsert(make_doc(R"({"id":"x","body":"b"})")) == Change::kAdded);
        writer.commit();
        CHECK(Xapian::Database(path).get_metadata("dalil.analyzer") == ours);
      }
    }
  }
}

TEST_CASE("IndexWriter writes the index format, and refuses one it does not know",
          "[index_writer]") {
  namespace schema = dalil::core::schema;
  const std::string key(schema::kMetadataFormat);
  const std::string known = std::to_string(schema::kIndexFormat);
  struct Case {
    const char* name;
    std::optional<std::string> before;  ///< The key before the writer opens; none: a new index.
    std::string refusal;                ///< Part of the error; "" when the writer opens it.
  };
  const std::string newer = std::to_string(schema::kIndexFormat + 1);
  const std::vector<Case> cases = {
      {"a new index", std::nullopt, ""},
      {"an index from before the key", "", ""},
      {"an index of this format", known, ""},
      {"format 0", "0", ""},
      {"a newer format", newer,
       "has format " + newer + "; this dalil-index knows formats up to " + known +
           ": use a newer dalil-index"},
      {"not a number", "1a", "is \"1a\", not a format number"},
      {"negative", "-1", "is \"-1\", not a format number"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string path = dir.file("index");
      if (c.before) {
        {
          IndexWriter writer(path, WriterOptions{});
          writer.upsert(make_doc(R"({"id":"old","body":"b"})"));
          writer.commit();
        }
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        db.set_metadata(key, *c.before);
        db.commit();
      }
      if (!c.refusal.empty()) {
        try {
          IndexWriter writer(path, WriterOptions{});
          FAIL("opened without an error");
        } catch (const dalil::core::Error& e) {
          CHECK(e.code() == ErrorCode::kBadConfig);
          CHECK_THAT(e.what(),
                     Catch::Matchers::Contains(c.refusal) && Catch::Matchers::Contains(path));
        }
        // Left as it was.
        CHECK(Xapian::Database(path).get_metadata(key) == *c.before);
        CHECK(Xapian::Database(path).get_doccount() == 1);
      } else {
        IndexWriter writer(path, WriterOptions{});
        writer.upsert(make_doc(R"({"id":"new","body":"b"})"));
        writer.commit();
        CHECK(Xapian::Database(path).get_metadata(key) == known);
      }
    }
  }
}

TEST_CASE("IndexWriter keeps the analyzer variant of an index", "[index_writer]") {
  using dalil::analyzers::AnalyzerOptions;
  using dalil::analyzers::ArabicStemmer;
  struct Case {
    const char* name;
    std::optional<AnalyzerOptions> built;  ///< Variant asked for when the index was made.
    std::optional<AnalyzerOptions> asked;  ///< Variant asked for when it is opened again.
    bool refused;
    std::string stored;  ///< dalil.analyzer afterwards.
  };
  const AnalyzerOptions snowball{true, ArabicStemmer::kSnowball};
  const AnalyzerOptions raw{false, ArabicStemmer::kNone};
  const std::vector<Case> cases = {
      {"default both times", std::nullopt, std::nullopt, false, AnalyzerOptions{}.name()},
      {"a variant, reopened without asking", snowball, std::nullopt, false, snowball.name()},
      {"a variant, reopened asking for it", raw, raw, false, raw.name()},
      {"a variant, reopened asking for another", snowball, raw, true, snowball.name()},
      {"the default, reopened asking for a variant", std::nullopt, snowball, true,
       AnalyzerOptions{}.name()},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string path = dir.file("index");
      WriterOptions first;
      first.analyzer = c.built;
      {
        IndexWriter writer(path, first);
        writer.upsert(make_doc(R"({"id":"a","body":"الأسلحة"})"));
        writer.commit();
      }
      WriterOptions again;
      again.analyzer = c.asked;
      if (c.refused) {
        CHECK_THROWS_AS(IndexWriter(path, again), dalil::core::Error);
      } else {
        IndexWriter writer(path, again);
        CHECK(writer.analyzer() == c.built.value_or(AnalyzerOptions{}));
        writer.upsert(make_doc(R"({"id":"b","body":"word"})"));
        writer.commit();
      }
      CHECK(Xapian::Database(path).get_metadata("dalil.analyzer") == c.stored);
    }
  }
}

TEST_CASE("IndexWriter reports folders it cannot open as kIoError", "[index_writer]") {
  TempDir dir;
  SECTION("a plain file") {
    const std::string path = dir.write("not-a-folder", "text");
    try {
      IndexWriter writer(path, WriterOptions{});
      FAIL("opened a plain file");
    } catch (const dalil::core::Error& e) {
      CHECK(e.code() == ErrorCode::kIoError);
      CHECK_THAT(e.what(), Catch::Matchers::Contains(path));
    }
  }
  SECTION("a folder another writer holds") {
    const std::string path = dir.file("index");
    IndexWriter first(path, WriterOptions{});
    try {
      IndexWriter second(path, WriterOptions{});
      FAIL("two writers on one folder");
    } catch (const dalil::core::Error& e) {
      CHECK(e.code() == ErrorCode::kIoError);
      CHECK_THAT(e.what(), Catch::Matchers::Contains("locked"));
    }
  }
}

TEST_CASE("IndexWriter writes the terms of core/schema.h", "[index_writer]") {
  struct Case {
    const char* name;
    std::string json;
    std::vector<std::string> must;       ///< Terms the termlist must hold.
    std::vector<std::string> must_not;   ///< Terms it must not hold.
    std::vector<std::string> no_prefix;  ///< No term may start with any of these.
  };
  const std::vector<Case> cases = {
      {"Arabic news with every field",
       R"({"id":"ar-1","title":"الأمم المتحدة","body":"اجتمعت الأُمَم المتّحدة في نيويورك.",)"
       R"("date":"2018-05-23","lang":"ar","source":"BBC Arabic","type":"News",)"
       R"("category":"Politics","place":"New  York","url":"https://example.org/x",)"
       R"("speakers":["Dr. Leila HADDAD","Omar Khatib"]})",
       {"Qar-1",
        "الامم",
        "المتحده",
        "اجتمعت",
        "في",
        "نيويورك",
        "Zامم",
        "Zمتحد",
        "Zاجتمعت",
        "Zنيويورك",
        "Sالامم",
        "Sالمتحده",
        "Eالامم الأمم",
        "Eالامم الأُمَم",
        "Eالمتحده المتحدة",
        "Eالمتحده المتّحدة",
        "XLar",
        "XObbc arabic",
        "XTnews",
        "XCpolitics",
        "XPnew york",
        "XVdr. leila haddad",
        "XVomar khatib",
        "Y2018",
        "M201805",
        "D20180523"},
       {"الأمم", "الأُمَم", "المتّحدة", "المتحدة", "Sاجتمعت", "Sنيويورك", "Zالامم", "XOBBC Arabic",
        "XTNews", "XPnew  york", "Qar-2", "Y2019"},
       {"XU", "Uhttps"}},
      {"English with a year date",
       R"({"id":"en-1","title":"Council Meetings","body":"The COUNCIL met in Geneva.",)"
       R"("date":"2011","lang":"en","source":"Marsa Radio"})",
       {"Qen-1", "council", "meetings", "the", "met", "in", "geneva", "Zcouncil", "Zmeet", "Zmet",
        "Zgeneva", "Scouncil", "Smeetings", "Y2011", "XLen", "XOmarsa radio"},
       {"Council", "COUNCIL", "Meetings", "Geneva", "Sthe", "Sgeneva", "Zmeetings"},
       {"M", "D", "XT", "XC", "XP", "XV"}},
      {"month date",
       R"({"id":"m","body":"word","date":"2018-05"})",
       {"Y2018", "M201805"},
       {},
       {"D"}},
      {"timestamp keeps the local day",
       R"({"id":"t","body":"word","date":"2018-05-23T23:30:00-05:00"})",
       {"Y2018", "M201805", "D20180523"},
       {"D20180524"},
       {}},
      {"no date, no filter fields",
       R"({"id":"n","body":"word"})",
       {"Qn", "word", "Zword"},
       {},
       {"Y", "M", "D", "XL", "XO", "XT", "XC", "XP", "XV", "S"}},
      {"normalisation: tatweel, hamza seat, digits, case",
       R"({"id":"norm","title":"الـــيوم","body":"مسؤول ٢٠١٨ iPhone"})",
       {"اليوم", "Sاليوم", "مسءول", "2018", "iphone", "Ziphon", "Eمسءول مسؤول", "E2018 ٢٠١٨"},
       {"الـــيوم", "مسؤول", "٢٠١٨", "iPhone", "IPHONE"},
       {}},
      {"clitics: the bare word stands beside the word",
       R"({"id":"clitic","body":"بالأمم ولبنان الأمم"})",
       {"بالامم", "Bالامم", "ولبنان", "Bلبنان", "Zامم", "Zلبنان", "Eبالامم بالأمم"},
       {"Bالأمم", "Bبالامم", "Eولبنان ولبنان"},
       {}},
      {"empty strings add no filter terms",
       R"({"id":"e","body":"word","lang":"","source":"","speakers":[""]})",
       {"Qe"},
       {},
       {"XL", "XO", "XV"}},
      {"id with spaces and Arabic kept as written",
       R"({"id":"Sample: خبر 1","body":"word"})",
       {"QSample: خبر 1"},
       {"Qsample: خبر 1"},
       {}},
  };

  TempDir dir;
  const std::string path = dir.file("index");
  {
    IndexWriter writer(path, WriterOptions{});
    for (const auto& c : cases) writer.upsert(make_doc(c.json));
    writer.commit();
  }
  Xapian::Database db(path);
  REQUIRE(db.get_doccount() == cases.size());
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const std::string id = make_doc(c.json).id;
      const auto doc = find_doc(db, id);
      REQUIRE(doc);
      const std::set<std::string> terms = terms_of(*doc);
      for (const auto& term : c.must) {
        INFO("must hold: " << term);
        CHECK(terms.count(term) == 1);
      }
      for (const auto& term : c.must_not) {
        INFO("must not hold: " << term);
        CHECK(terms.count(term) == 0);
      }
      for (const auto& prefix : c.no_prefix) {
        for (const auto& term : terms) {
          INFO("no term may start with " << prefix);
          CHECK_FALSE(term.starts_with(prefix));
        }
      }
      // No term is written in upper-case Latin except a prefix.
      for (const auto& term : terms) {
        if (term.starts_with("Q")) continue;
        std::size_t begin = 0;
        while (begin < term.size() && term[begin] >= 'A' && term[begin] <= 'Z') ++begin;
        INFO("term: " << term);
        CHECK(std::none_of(term.begin() + static_cast<std::ptrdiff_t>(begin), term.end(),
                           [](char ch) { return ch >= 'A' && ch <= 'Z'; }));
      }
    }
  }
}

TEST_CASE("IndexWriter fills the value slots of core/schema.h", "[index_writer]") {
  struct Slot {
    Xapian::valueno slot;
    std::string value;  ///< "" when the slot must be empty.
  };
  struct Case {
    const char* name;
    std::string json;
    std::vector<Slot> slots;
  };
  const auto instant = [](double seconds) { return Xapian::sortable_serialise(seconds); };
  const std::vector<Case> cases = {
      {"day date and every field",
       R"({"id":"1","body":"b","date":"2018-05-23","source":"BBC Arabic","lang":"ar","type":"News"})",
       {{schema::kSlotId, "1"},
        {schema::kSlotDateInstant, instant(1527033600)},
        {schema::kSlotDateLocal, "2018-05-23"},
        {schema::kSlotDateStart, "20180523"},
        {schema::kSlotDateEnd, "20180523"},
        {facet_slot("source"), encoded({"BBC Arabic"})},
        {facet_slot("lang"), encoded({"ar"})},
        {facet_slot("type"), encoded({"News"})}}},
      {"month date",
       R"({"id":"2","body":"b","date":"2018-05"})",
       {{schema::kSlotDateInstant, instant(1525132800)},
        {schema::kSlotDateLocal, "2018-05"},
        {schema::kSlotDateStart, "20180501"},
        {schema::kSlotDateEnd, "20180531"}}},
      {"year date",
       R"({"id":"3","body":"b","date":"2011"})",
       {{schema::kSlotDateInstant, instant(1293840000)},
        {schema::kSlotDateLocal, "2011"},
        {schema::kSlotDateStart, "20110101"},
        {schema::kSlotDateEnd, "20111231"}}},
      {"timestamp: UTC instant, local date",
       R"({"id":"4","body":"b","date":"2018-05-23T23:30:00-05:00"})",
       {{schema::kSlotDateInstant, instant(1527136200)}, {schema::kSlotDateLocal, "2018-05-23"}}},
      {"Arabic source as written",
       R"({"id":"5","body":"b","source":"أخبار  الساحل"})",
       {{facet_slot("source"), encoded({"أخبار  الساحل"})}}},
      {"an id of any characters, as written",
       R"({"id":"ant:حلب/2018 #1","body":"b"})",
       {{schema::kSlotId, "ant:حلب/2018 #1"}}},
      {"several speakers, sorted and unique",
       R"({"id":"5b","body":"b","speakers":["Zed","Amal","Zed"]})",
       {{facet_slot("speaker"), encoded({"Amal", "Zed"})}}},
      {"nothing to store",
       R"({"id":"6","body":"b"})",
       {{schema::kSlotDateInstant, ""},
        {schema::kSlotDateLocal, ""},
        {schema::kSlotDateStart, ""},
        {facet_slot("source"), ""},
        {facet_slot("lang"), ""},
        {facet_slot("type"), ""}}},
  };
  TempDir dir;
  const std::string path = dir.file("index");
  {
    IndexWriter writer(path, WriterOptions{});
    for (const auto& c : cases) writer.upsert(make_doc(c.json));
    writer.commit();
  }
  Xapian::Database db(path);
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto doc = find_doc(db, make_doc(c.json).id);
      REQUIRE(doc);
      for (const auto& slot : c.slots) {
        INFO("slot " << slot.slot);
        CHECK(doc->get_value(slot.slot) == slot.value);
      }
    }
  }
}

TEST_CASE("IndexWriter stores positions so phrases never span title and body", "[index_writer]") {
  TempDir dir;
  const std::string path = dir.file("index");
  {
    IndexWriter writer(path, WriterOptions{});
    writer.upsert(make_doc(R"({"id":"p","title":"United Nations Council",)"
                           R"("body":"Nations meet today in Geneva, nations"})"));
    writer.upsert(make_doc(R"({"id":"untitled","body":"Nations meet"})"));
    writer.commit();
  }
  Xapian::Database db(path);
  const Xapian::docid p = *db.postlist_begin("Qp");
  const Xapian::docid untitled = *db.postlist_begin("Quntitled");
  // Title words take positions 1..3; the body starts 100 positions after the title.
  const Xapian::termpos body = 4 + schema::kFieldPositionGap;

  SECTION("positions and wdf") {
    struct Case {
      Xapian::docid doc;
      std::string term;
      std::vector<Xapian::termpos> positions;
      Xapian::termcount wdf;
    };
    const std::vector<Case> cases = {
        {p, "united", {1}, schema::kTitleWdf},
        {p, "nations", {2, body, body + 5}, schema::kTitleWdf + 2},
        {p, "council", {3}, schema::kTitleWdf},
        {p, "meet", {body + 1}, 1},
        {p, "geneva", {body + 4}, 1},
        {p, "Sunited", {1}, 1},
        {p, "Snations", {2}, 1},
        {p, "Zunit", {}, schema::kTitleWdf},
        {p, "Znation", {}, schema::kTitleWdf + 2},
        {untitled, "nations", {1 + schema::kFieldPositionGap}, 1},
        {untitled, "meet", {2 + schema::kFieldPositionGap}, 1},
    };
    for (const auto& c : cases) {
      DYNAMIC_SECTION(c.term << " in doc " << c.doc) {
        CHECK(positions_of(db, c.doc, c.term) == c.positions);
        auto it = db.termlist_begin(c.doc);
        it.skip_to(c.term);
        REQUIRE(it != db.termlist_end(c.doc));
        REQUIRE(*it == c.term);
        CHECK(it.get_wdf() == c.wdf);
      }
    }
  }

  SECTION("phrase queries") {
    struct Case {
      std::vector<std::string> words;
      std::set<std::string> expected_ids;
    };
    const std::vector<Case> cases = {
        {{"united", "nations"}, {"p"}},            // Title phrase.
        {{"nations", "council"}, {"p"}},           // Title phrase.
        {{"Sunited", "Snations"}, {"p"}},          // Title-scoped phrase.
        {{"nations", "meet"}, {"p", "untitled"}},  // Body phrase.
        {{"meet", "today"}, {"p"}},                // Body phrase.
        {{"council", "nations"}, {}},              // Would span title -> body.
        {{"council", "nations", "meet"}, {}},      // Would span title -> body.
        {{"united", "council"}, {}},               // Not adjacent.
        {{"Snations", "Smeet"}, {}},               // Body words carry no S terms.
    };
    for (const auto& c : cases) {
      std::string name;
      for (const auto& w : c.words) name += w + " ";
      DYNAMIC_SECTION("phrase: " << name) {
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, c.words.begin(), c.words.end(),
                                        static_cast<Xapian::termcount>(c.words.size())));
        std::set<std::string> ids;
        const Xapian::MSet hits = enquire.get_mset(0, 10);
        for (auto it = hits.begin(); it != hits.end(); ++it) {
          ids.insert(it.get_document().get_value(schema::kSlotId));
        }
        CHECK(ids == c.expected_ids);
      }
    }
  }
}

TEST_CASE("IndexWriter stores the input JSON with every field", "[index_writer]") {
  const std::vector<std::string> inputs = {
      R"({"id":"s1","title":"عنوان","body":"نص","date":"2021-03-14","lang":"ar","source":"S",)"
      R"("type":"news","category":"c","url":"https://example.org/1","place":"Tal Hamra",)"
      R"("speakers":["Huda"],"tags":["a","b"],"turns":[{"speaker":"Q","text":"?"}],)"
      R"("extra":{"n":1.5,"null":null}})",
      R"({"id":"s2","body":"only body","date":null,"title":null})",
  };
  TempDir dir;
  const std::string path = dir.file("index");
  {
    IndexWriter writer(path, WriterOptions{});
    for (const auto& input : inputs) writer.upsert(make_doc(input));
    writer.commit();
  }
  Xapian::Database db(path);
  for (const auto& input : inputs) {
    const auto expected = nlohmann::json::parse(input);
    DYNAMIC_SECTION("document " << expected.at("id").get<std::string>()) {
      const auto doc = find_doc(db, expected.at("id"));
      REQUIRE(doc);
      const auto stored = nlohmann::json::parse(dalil::core::StoredCodec().stored_json(*doc));
      CHECK(stored == expected);
      CHECK(stored.size() == expected.size());
    }
  }
}

TEST_CASE("DocumentBuilder builds the same document as the writer stores", "[index_writer]") {
  const auto schema = dalil::core::IndexSchema::defaults();
  dalil::indexer::DocumentBuilder builder(schema, dalil::analyzers::AnalyzerOptions{});
  const Document doc =
      make_doc(R"({"id":"d","title":"Title Words","body":"Body words","lang":"EN"})");
  const Xapian::Document first = builder.build(doc);
  const Xapian::Document second = builder.build(doc);  // The builder is reusable.
  CHECK(terms_of(first) == terms_of(second));
  // No name keys: they are in the name-key table (indexer/name_table.h), not in documents. The
  // body's first word is capitalised at the start of the text, so its case tells nothing (CU).
  const std::set<std::string> expected = {"Qd",     "XLen",   "body",   "title",  "words",
                                          "Stitle", "Swords", "ZStitl", "ZSword", "Zbodi",
                                          "Ztitl",  "Zword",  "CUbody"};
  CHECK(terms_of(first) == expected);
  // The stored JSON is in its slot, compressed, and not the document's data (which Xapian
  // deflates on every write and inflates on every read).
  CHECK(first.get_data().empty());
  CHECK(dalil::core::StoredCodec().decompress(first.get_value(schema::kSlotStored)) ==
        doc.stored.dump());
  CHECK(first.get_value(facet_slot("lang")) == encoded({"EN"}));
}

TEST_CASE("DocumentBuilder writes a name term only for a word followed by allah",
          "[index_writer]") {
  const auto schema = dalil::core::IndexSchema::defaults();
  dalil::indexer::DocumentBuilder builder(schema, dalil::analyzers::AnalyzerOptions{});
  struct Case {
    std::string body;
    std::set<std::string> names;  ///< Its schema::kPrefixNameKey terms.
  };
  const std::vector<Case> cases = {
      {"Bashar al-Assad spoke", {}},
      {"Abd Allah spoke", {"Nabd allah"}},
      {"قال عبد الله", {"Nعبد الله"}},
      {"in Allah", {}},  // a stop word is no name
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.body) {
      const nlohmann::json json = {{"id", "d"}, {"body", c.body}};
      std::set<std::string> names;
      for (const auto& term : terms_of(builder.build(make_doc(json.dump())))) {
        if (term.starts_with(schema::kPrefixNameKey)) names.insert(term);
      }
      CHECK(names == c.names);
    }
  }
}

TEST_CASE("DocumentBuilder gives a term without positions one wdf per occurrence",
          "[index_writer]") {
  // Such terms are counted by the builder (indexer/term_counts.h) before Xapian sees them.
  const auto schema = dalil::core::IndexSchema::defaults();
  dalil::indexer::DocumentBuilder builder(schema, dalil::analyzers::AnalyzerOptions{});
  const auto t = [](std::string_view prefix, std::string_view text) {
    return std::string(prefix) + std::string(text);
  };
  struct Case {
    const char* name;
    std::string json;
    std::vector<std::pair<std::string, Xapian::termcount>> wdfs;
  };
  const std::vector<Case> cases = {
      {"one stem of three words",
       R"({"id":"a","body":"word word words"})",
       {{"word", 2}, {"words", 1}, {t(schema::kPrefixStem, "word"), 3}}},
      {"title words count kTitleWdf times",
       R"({"id":"b","title":"Word","body":"word, words"})",
       {{"word", schema::kTitleWdf + 1},
        {t(schema::kPrefixStem, "word"), schema::kTitleWdf + 2},
        {t(schema::kPrefixTitleStem, "word"), 1}}},
      {"exact forms",
       R"({"id":"c","body":"مسؤول قال مسؤول ومسؤول"})",
       {{t(schema::kPrefixExact, "مسءول مسؤول"), 2}, {"مسءول", 2}}},
      {"case terms",
       R"({"id":"d","body":"We met Assad and then Assad. Assad left"})",
       {{t(schema::kPrefixCapitalised, "assad"), 2}, {t(schema::kPrefixCaseUnknown, "assad"), 1}}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const Xapian::Document xdoc = builder.build(make_doc(c.json));
      for (const auto& [term, wdf] : c.wdfs) {
        INFO(term);
        auto it = xdoc.termlist_begin();
        it.skip_to(term);
        REQUIRE(it != xdoc.termlist_end());
        REQUIRE(*it == term);
        CHECK(it.get_wdf() == wdf);
      }
    }
  }
}

TEST_CASE("DocumentBuilder leaves nothing of a document it refused to the next one",
          "[index_writer]") {
  const auto schema = dalil::core::IndexSchema::defaults();
  dalil::indexer::DocumentBuilder builder(schema, dalil::analyzers::AnalyzerOptions{});
  dalil::indexer::DocumentBuilder fresh(schema, dalil::analyzers::AnalyzerOptions{});
  Document bad = make_doc(R"({"id":"bad","title":"Refused Title","body":"short body"})");
  dalil::core::Passage past_the_end;
  past_the_end.end = 500;  // past the end of the body: build() throws after the title
  bad.passages = {past_the_end};
  CHECK_THROWS_AS(builder.build(bad), dalil::core::Error);
  const Document good = make_doc(R"({"id":"good","body":"other words"})");
  const Xapian::Document xdoc = builder.build(good);
  CHECK(terms_of(xdoc) == terms_of(fresh.build(good)));
  CHECK(terms_of(xdoc).count(std::string(schema::kPrefixStem) + "refus") == 0);
}
