/// @file tests/integration/searchd_test.cc
/// @brief A real dalil-searchd on a loopback port over a real index, queried over HTTP.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <xapian.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/passage_table.h"
#include "core/schema.h"
#include "core/stored_codec.h"
#include "tests/support/live_server.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::testing::kIndexBin;
using dalil::testing::kSearchdBin;
using dalil::testing::kTestData;
using dalil::testing::LiveServer;
using nlohmann::json;

// Indexes tests/data/update.jsonl into the live server's index (it adds t:en-3, "zebracorn",
// and replaces t:en-1), then waits until the server's workers find the new document: they
// check for a newer revision every 100 ms in these tests. Returns the ids found for it.
std::set<std::string> update_and_wait(LiveServer& server) {
  const auto update = dalil::testing::run(
      {kIndexBin, "--index", server.index_dir(), "-q", kTestData + "/update.jsonl"});
  REQUIRE(update.exit_code == 0);
  std::set<std::string> found;
  for (int i = 0; i < 100 && found.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    found = server.ids({{"q", "zebracorn"}});
  }
  return found;
}

}  // namespace

TEST_CASE("search finds every spelling and returns the documented fields", "[searchd]") {
  LiveServer server;
  const struct {
    const char* q;
    std::set<std::string> ids;
  } cases[] = {
      // Hamza, harakat, ta marbuta and loanword spellings (الكيماوية/الكيميائية) folded; the
      // stem matches other forms of the word.
      {"الاسلحة الكيماوية", {"t:ar-1", "t:ar-2"}},
      {"الأسلحة الكيماوية", {"t:ar-1", "t:ar-2"}},
      {"الأسلحة الكيميائية", {"t:ar-1", "t:ar-2"}},
      {"\"الامم المتحدة\"", {"t:ar-1", "t:ar-2", "t:mixed-1"}},
      {"\"الأمم المتحدة\"", {"t:ar-1", "t:ar-2", "t:mixed-1"}},
      {"سوريا", {"t:ar-3"}},
      {"سُورِيَا", {"t:ar-3"}},
      // Egyptian and Levantine hamza seats meet.
      {"مسؤول", {"t:ar-2", "t:ar-3"}},
      {"مسئول", {"t:ar-2", "t:ar-3"}},
      // Arabic-Indic digits match ASCII digits.
      {"3,000", {"t:ar-3"}},
      // English stemming, phrases, operators.
      {"Federal Reserve", {"t:en-1"}},
      {"report", {"t:en-1", "t:mixed-1"}},  // reports, Reporting, reporter
      {"\"heart attack\"", {"t:en-2"}},
      {"\"attack heart\"", {}},
      {"market OR reserve", {"t:en-1", "t:en-2"}},
      {"market -shells", {}},
      {"(market OR reserve) NOT inflation", {"t:en-2"}},
      // Mixed text: Arabic words inside English documents.
      {"تل الورد", {"t:mixed-1"}},
      // Field scopes, dates, NEAR and prefixes in the query itself.
      {"source:\"Test Wire\" convoy", {"t:mixed-1"}},
      {"source:\"Test Wire\"", {"t:en-1", "t:mixed-1"}},
      {"title:reserve", {"t:en-1"}},
      {"date:2021-03 الامم", {"t:ar-1", "t:ar-2"}},
      {"heart NEAR/1 attack", {"t:en-2"}},
      {"shells NEAR/1 market", {}},
      {"Feder*", {"t:en-1"}},  // t:ar-1 has it as its place, not in its text
  };
  for (const auto& c : cases) {
    INFO(c.q);
    CHECK(server.ids({{"q", c.q}, {"size", "100"}}) == c.ids);
  }

  const json body = server.search({{"q", "Federal Reserve"}});
  CHECK(body["total"] == 1);
  CHECK(body["total_exact"] == true);
  CHECK(body["page"] == 1);
  CHECK(body["took_ms"].is_number());
  const json& hit = body["hits"][0];
  CHECK(hit["id"] == "t:en-1");
  CHECK(hit["title"] == "Federal Reserve raises rates");
  CHECK(hit["date"] == "2021-03-16");
  CHECK(hit["source"] == "Test Wire");
  CHECK(hit["lang"] == "en");
  CHECK(hit["type"] == "news");
  CHECK(hit["score"].get<double>() > 0);
  CHECK(hit["snippet"].get<std::string>().find("<mark>Federal</mark> <mark>Reserve</mark>") !=
        std::string::npos);
}

TEST_CASE("fields= returns the keys asked for, with the same hits in the same order", "[searchd]") {
  LiveServer server;
  const httplib::Params query = {{"q", "الامم OR report OR market"}, {"size", "100"}};
  const json full = server.search(query);
  REQUIRE(full["hits"].size() >= 4);
  const struct {
    const char* fields;
    std::set<std::string> keys;
  } cases[] = {
      {"id", {"id"}},
      {"id,score", {"id", "score"}},
      {"score", {"score"}},
      {"matched", {"matched"}},
      {"date_precision", {"date_precision"}},
      {"title,date,source,lang,type,url", {"title", "date", "source", "lang", "type", "url"}},
      {"snippet", {"snippet"}},
      {"id,passages", {"id", "passages"}},
      {"id,id,,score", {"id", "score"}},  // repeated and empty names are harmless
      {"id,title,date,date_precision,source,lang,type,url,score,matched,snippet,passages",
       {"id", "title", "date", "date_precision", "source", "lang", "type", "url", "score",
        "matched", "snippet", "passages"}},
  };
  for (const auto& c : cases) {
    INFO(c.fields);
    httplib::Params params = query;
    params.emplace("fields", c.fields);
    const json body = server.search(params);
    CHECK(body["total"] == full["total"]);
    REQUIRE(body["hits"].size() == full["hits"].size());
    for (std::size_t i = 0; i < body["hits"].size(); ++i) {
      const json& hit = body["hits"][i];
      std::set<std::string> keys;
      for (const auto& [key, value] : hit.items()) keys.insert(key);
      CHECK(keys == c.keys);
      // Each key holds what the full hit holds there.
      for (const auto& key : keys) CHECK(hit[key] == full["hits"][i][key]);
    }
  }

  const struct {
    httplib::Params params;
    const char* message;
  } errors[] = {
      {{{"q", "report"}, {"fields", "id,body"}}, "fields: no field body (known: id, title"},
      {{{"q", "report"}, {"fields", ""}}, "fields names no field"},
      {{{"q", "report"}, {"fields", ","}}, "fields names no field"},
      {{{"q", "report"}, {"fields", "id"}, {"fields", "score"}}, "fields may be given once"},
      {{{"q", "report"}, {"fields", "id"}, {"group", "none"}}, "leave it out with group=none"},
  };
  for (const auto& c : errors) {
    INFO(c.message);
    const auto [status, body] = server.get("/api/search", c.params);
    CHECK(status == 400);
    CHECK(body["error"]["code"] == "bad_parameter");
    CHECK(body["error"]["message"].get<std::string>().find(c.message) != std::string::npos);
  }
  // Exports list their own columns.
  const auto [status, body] = server.get("/api/export", {{"q", "report"}, {"fields", "id"}});
  CHECK(status == 400);
  CHECK(body["error"]["message"].get<std::string>().find("unknown parameter fields") !=
        std::string::npos);
}

TEST_CASE("fields=id reads the id slot, and the stored document where it is empty", "[searchd]") {
  // An index of this version has every id in its slot; one written before the slot has none,
  // and one an older dalil-index updated has some.
  enum class Slot { kAsWritten, kNone, kEveryOther, kMarked };
  const struct {
    const char* name;
    Slot slot;
  } cases[] = {{"id slot", Slot::kAsWritten},
               {"index without the id slot", Slot::kNone},
               {"every other document without it", Slot::kEveryOther},
               // "slot:" + id in the slot shows which the answer was read from.
               {"slot marked", Slot::kMarked}};
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      dalil::testing::TempDir tmp;
      const std::string dir = tmp.file("ix");
      const auto built =
          dalil::testing::run({kIndexBin, "--index", dir, "-q", kTestData + "/archive"});
      REQUIRE(built.exit_code == 0);
      {
        Xapian::WritableDatabase db(dir, Xapian::DB_OPEN);
        std::vector<Xapian::docid> docids;
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
          docids.push_back(*it);
        for (std::size_t i = 0; i < docids.size(); ++i) {
          Xapian::Document doc = db.get_document(docids[i]);
          const std::string id = doc.get_value(dalil::core::schema::kSlotId);
          // The slot holds the id of the document's id term.
          const std::string term = std::string(dalil::core::schema::kPrefixId) + id;
          const auto post = db.postlist_begin(term);
          CHECK((post != db.postlist_end(term) && *post == docids[i]));
          if (c.slot == Slot::kNone || (c.slot == Slot::kEveryOther && i % 2 == 0)) {
            doc.remove_value(dalil::core::schema::kSlotId);
          } else if (c.slot == Slot::kMarked) {
            doc.add_value(dalil::core::schema::kSlotId, "slot:" + id);
          } else {
            continue;
          }
          db.replace_document(docids[i], doc);
        }
        db.commit();
      }
      LiveServer server(dalil::testing::PrebuiltIndex{dir});
      for (const char* q : {"", "الامم OR report OR market", "Federal"}) {
        INFO(q);
        const std::vector<std::string> full = server.ordered_ids({{"q", q}, {"size", "100"}});
        REQUIRE(!full.empty());
        std::vector<std::string> expected = full;
        if (c.slot == Slot::kMarked) {
          for (auto& id : expected) id = "slot:" + id;
        }
        auto ids_of = [&](const char* fields) {
          const json body = server.search({{"q", q}, {"size", "100"}, {"fields", fields}});
          std::vector<std::string> ids;
          for (const auto& hit : body["hits"]) ids.push_back(hit.at("id").get<std::string>());
          return ids;
        };
        CHECK(ids_of("id") == expected);
        CHECK(ids_of("id,score,matched") == expected);
        // With a stored field the stored document is read anyway, and its id is the answer.
        CHECK(ids_of("id,title") == full);
      }
    }
  }
}

TEST_CASE("stored documents are read from their slot, and from the data where it is empty",
          "[searchd]") {
  // This version compresses the stored JSON into kSlotStored; an index an older dalil-index
  // wrote has it as each document's data, and one it updated has both kinds.
  enum class Kept { kAsWritten, kData, kEveryOther, kBoth, kDamaged };
  const struct {
    const char* name;
    Kept kept;
  } cases[] = {{"stored slot", Kept::kAsWritten},
               {"index with the JSON as data", Kept::kData},
               {"every other document as data", Kept::kEveryOther},
               // Both: a title only the data has must not show (the slot is read first).
               {"slot and data", Kept::kBoth},
               // A damaged value is the server's error, and its text is not sent.
               {"a slot that is not zstd", Kept::kDamaged}};
  namespace schema = dalil::core::schema;
  namespace fs = std::filesystem;
  dalil::testing::TempDir reference_tmp;
  const std::string reference = reference_tmp.file("ix");
  REQUIRE(dalil::testing::run({kIndexBin, "--index", reference, "-q", kTestData + "/archive"})
              .exit_code == 0);
  const httplib::Params page = {{"q", "الامم OR report OR market"}, {"size", "100"}};
  // What a server shows of each: a page of hits, a document, a passage and an export.
  auto answers = [&](LiveServer& server, const std::string& id) {
    auto exported = server.client().Get("/api/export",
                                        {{"q", "الامم OR report OR market"}, {"format", "jsonl"}},
                                        httplib::Headers{});
    auto searched = server.get("/api/search", page);
    searched.second.erase("took_ms");  // the one key that differs between two servers
    httplib::Params passages = page;
    passages.emplace("group", "none");
    auto by_passage = server.get("/api/search", passages);
    by_passage.second.erase("took_ms");
    return std::vector<std::pair<int, json>>{
        searched,
        by_passage,
        server.get("/api/documents/" + id),
        server.get("/api/documents/" + id + "/passages/1"),
        {exported ? exported->status : 0, exported ? json(exported->body) : json()}};
  };
  std::string first_id;
  std::vector<std::pair<int, json>> expected;
  {
    LiveServer as_written(dalil::testing::PrebuiltIndex{reference});
    const json hits = as_written.search(page)["hits"];
    REQUIRE(hits.size() >= 3);
    first_id = hits[0]["id"];
    expected = answers(as_written, first_id);
  }
  for (const auto& [status, body] : expected) CHECK(status == 200);
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      dalil::testing::TempDir tmp;
      const std::string dir = tmp.file("ix");
      fs::copy(reference, dir);
      {
        Xapian::WritableDatabase db(dir, Xapian::DB_OPEN);
        dalil::core::StoredCodec codec;
        std::vector<Xapian::docid> docids;
        for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
          docids.push_back(*it);
        for (std::size_t i = 0; i < docids.size(); ++i) {
          Xapian::Document doc = db.get_document(docids[i]);
          const std::string value = doc.get_value(schema::kSlotStored);
          REQUIRE(!value.empty());
          CHECK(doc.get_data().empty());
          const std::string stored = codec.decompress(value);
          if (c.kept == Kept::kData || (c.kept == Kept::kEveryOther && i % 2 == 0)) {
            doc.remove_value(schema::kSlotStored);
            doc.set_data(stored);
          } else if (c.kept == Kept::kBoth) {
            auto other = json::parse(stored);
            other["title"] = "not this title";
            doc.set_data(other.dump());
          } else if (c.kept == Kept::kDamaged) {
            doc.add_value(schema::kSlotStored, "not zstd");
          } else {
            continue;
          }
          db.replace_document(docids[i], doc);
        }
        db.commit();
      }
      LiveServer server(dalil::testing::PrebuiltIndex{dir});
      const auto got = answers(server, first_id);
      if (c.kept != Kept::kDamaged) {
        CHECK(got == expected);
      } else {
        for (std::size_t i = 0; i < 4; ++i) {
          INFO("answer " << i);
          CHECK(got[i].first == 500);
          CHECK(got[i].second["error"]["code"] == "internal");
          CHECK(got[i].second.dump().find("zstd") == std::string::npos);
        }
        // The export's headers are out before its rows: it is cut short (httplib reports the
        // unfinished chunked body as no answer), never ended as if whole.
        CHECK(got[4].first == 0);
      }
    }
  }
}

TEST_CASE("a passage table that does not fit its body shows the body once", "[searchd]") {
  // A damaged index: every document's table ends past its body. Its hits show the whole body as
  // one passage, in a page of documents as in a page of passages, and each only once.
  namespace schema = dalil::core::schema;
  dalil::testing::TempDir tmp;
  const std::string dir = tmp.file("ix");
  REQUIRE(
      dalil::testing::run({kIndexBin, "--index", dir, "-q", kTestData + "/archive"}).exit_code ==
      0);
  std::size_t several = 0;  // documents whose table had more than one passage
  {
    Xapian::WritableDatabase db(dir, Xapian::DB_OPEN);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      Xapian::Document doc = db.get_document(*it);
      auto table = dalil::core::decode_passage_table(doc.get_value(schema::kSlotPassages));
      REQUIRE(table);
      REQUIRE(!table->empty());
      if (table->size() > 1) ++several;
      table->back().passage.end += 1000;
      doc.add_value(schema::kSlotPassages, dalil::core::encode_passage_table(*table));
      db.replace_document(*it, doc);
    }
    db.commit();
  }
  REQUIRE(several >= 2);
  LiveServer server(dalil::testing::PrebuiltIndex{dir});
  // Words of both passages of each two-passage document.
  const httplib::Params query = {
      {"q", "الامم OR قال OR المسؤول OR reserve OR officials OR witness OR interviewer"},
      {"size", "100"},
      {"passages", "3"}};
  const json documents = server.search(query)["hits"];
  REQUIRE(documents.size() >= 4);
  for (const auto& hit : documents) {
    INFO(hit["id"]);
    REQUIRE(hit["passages"].size() == 1);
    CHECK(hit["passages"][0]["passage"] == 1);
  }
  httplib::Params by_passage = query;
  by_passage.emplace("group", "none");
  const json passages = server.search(by_passage)["hits"];
  std::map<std::string, int> shown;
  for (const auto& hit : passages) {
    CHECK(hit["passage"] == 1);
    ++shown[hit["id"].get<std::string>()];
  }
  CHECK(shown.size() == documents.size());
  for (const auto& [id, times] : shown) {
    INFO(id);
    CHECK(times == 1);
  }
}

TEST_CASE("an index of a format the server does not read is refused, at start and under it",
          "[searchd]") {
  namespace schema = dalil::core::schema;
  const std::string format_key(schema::kMetadataFormat);
  // Metadata as an index may carry it; "" removes the key (the format: an index from before it).
  auto set_metadata = [](const std::string& dir, const std::string& key, const std::string& value) {
    Xapian::WritableDatabase db(dir, Xapian::DB_OPEN);
    db.set_metadata(key, value);
    db.commit();
  };
  const httplib::Params query = {{"q", "report"}};
  // Asks until the workers and /healthz (each looks for a new revision every 100 ms) answer
  // @p status, then asks again: every later request must be answered the same way.
  auto settle = [&query](LiveServer& server, int status) {
    std::pair<int, json> got;
    for (int i = 0; i < 100; ++i) {
      got = server.get("/api/search", query);
      if (got.first == status && server.get("/healthz").first == status) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (int i = 0; i < 8; ++i) {
      CHECK(server.get("/api/search", query).first == status);
      CHECK(server.get("/healthz").first == status);
    }
    return got;
  };
  const std::string known = std::to_string(schema::kIndexFormat);
  const std::string newer = std::to_string(schema::kIndexFormat + 1);
  struct Step {
    std::string key;
    std::string value;
    int status;
    std::string message;  ///< in the error, when refused
  };
  const std::vector<Step> format_steps = {
      {format_key, known, 200, ""},
      {format_key, newer, 503,
       "has format " + newer + "; this dalil-searchd knows formats up to " + known +
           ": use a newer dalil-searchd"},
      {format_key, known, 200, ""},
      {format_key, "", 200, ""},
      {format_key, "x", 503, "is \"x\", not a format number"},
      {format_key, "-1", 503, "is \"-1\", not a format number"},
      {format_key, known, 200, ""},
  };
  dalil::testing::TempDir tmp;
  const std::string dir = tmp.file("ix");
  REQUIRE(
      dalil::testing::run({kIndexBin, "--index", dir, "-q", kTestData + "/archive"}).exit_code ==
      0);

  SECTION("both ways of building an index write the key") {
    // The parallel build's merge keeps the key its parts wrote.
    for (const char* threads : {"1", "2"}) {
      const std::string built = tmp.file(std::string("built-") + threads);
      REQUIRE(dalil::testing::run(
                  {kIndexBin, "--index", built, "--threads", threads, "-q", kTestData + "/archive"})
                  .exit_code == 0);
      CHECK(Xapian::Database(built).get_metadata(format_key) == known);
    }
  }
  // Another analyzer is refused the same way; the worker that read it under a running server
  // had no analyzer left (and crashed the server on the next request).
  const std::string analyzer = Xapian::Database(dir).get_metadata("dalil.analyzer");
  std::vector<Step> steps = format_steps;
  steps.push_back({"dalil.analyzer", "other-analyzer", 503, "built with analyzer other-analyzer"});
  steps.push_back({"dalil.analyzer", analyzer, 200, ""});
  SECTION("at start: a refused index stops the server before it listens") {
    for (const auto& step : steps) {
      INFO(step.key << " \"" << step.value << "\"");
      set_metadata(dir, step.key, step.value);
      if (step.status == 200) {
        LiveServer server(dalil::testing::PrebuiltIndex{dir});
        CHECK(!server.search(query)["hits"].empty());
        continue;
      }
      // Under timeout(1): a server that starts would never end (124 then).
      const auto run = dalil::testing::run(
          {"/usr/bin/timeout", "10", kSearchdBin, "--index", dir, "--port", "0"});
      CHECK(run.exit_code == 1);
      CHECK_THAT(run.err, Catch::Matchers::Contains(step.message));
    }
  }
  SECTION("under a running server: refused while it lasts, served again after") {
    LiveServer server(dalil::testing::PrebuiltIndex{dir});
    const std::set<std::string> before = server.ids(query);
    REQUIRE(!before.empty());
    for (const auto& step : steps) {
      INFO(step.key << " \"" << step.value << "\"");
      set_metadata(dir, step.key, step.value);
      const auto [status, body] = settle(server, step.status);
      CHECK(status == step.status);
      if (step.status == 503) {
        CHECK(body["error"]["code"] == "index_unavailable");
        CHECK_THAT(body["error"]["message"].get<std::string>(),
                   Catch::Matchers::Contains(step.message));
      } else {
        CHECK(server.ids(query) == before);
      }
    }
  }
}

TEST_CASE("an export refuses a newer revision of another analyzer than its worker's", "[searchd]") {
  // An export opens a database of its own, which may be a revision its worker has not seen: its
  // query, parsed with the worker's analyzer, would not meet the terms of another one. Workers
  // here never look for a new revision, so the export is the first to see it.
  dalil::testing::TempDir tmp;
  const std::string dir = tmp.file("ix");
  REQUIRE(
      dalil::testing::run({kIndexBin, "--index", dir, "-q", kTestData + "/archive"}).exit_code ==
      0);
  dalil::testing::BackgroundProcess server(
      {kSearchdBin, "--index", dir, "--port", "0", "--reopen-interval-ms", "3600000"});
  const std::string line = server.wait_for_line("http://127.0.0.1:", std::chrono::seconds(30));
  REQUIRE(!line.empty());
  httplib::Client client("127.0.0.1", std::stoi(line.substr(line.rfind(':') + 1)));
  const httplib::Params query = {{"q", "report"}, {"format", "jsonl"}};
  auto export_status = [&] {
    const auto res = client.Get("/api/export", query, httplib::Headers{});
    REQUIRE(res);
    return std::make_pair(res->status, res->body);
  };
  REQUIRE(export_status().first == 200);
  const std::string analyzer = Xapian::Database(dir).get_metadata("dalil.analyzer");
  {
    Xapian::WritableDatabase db(dir, Xapian::DB_OPEN);
    db.set_metadata("dalil.analyzer", "other-analyzer");
    db.commit();
  }
  const auto [status, body] = export_status();
  CHECK(status == 503);
  CHECK_THAT(body, Catch::Matchers::Contains("index_unavailable") &&
                       Catch::Matchers::Contains("rebuilt with analyzer other-analyzer"));
  {
    Xapian::WritableDatabase db(dir, Xapian::DB_OPEN);
    db.set_metadata("dalil.analyzer", analyzer);
    db.commit();
  }
  CHECK(export_status().first == 200);
}

TEST_CASE("hits of a database of several shards show their own documents", "[searchd]") {
  // Over a XAPIANDB stub of two shards, a document's own get_docid() is its number in its shard,
  // not in the database the page was matched in: values read for the page must be found by the
  // latter, or a hit shows another document's id, text and passages.
  namespace fs = std::filesystem;
  dalil::testing::TempDir tmp;
  const std::string news = kTestData + "/archive/news.jsonl";
  const std::string witness = kTestData + "/archive/more/witness.ndjson";
  const std::string first = tmp.file("first");
  const std::string second = tmp.file("second");
  const std::string whole = tmp.file("whole");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {first, news}, {second, witness}, {whole, news, witness}}) {
    std::vector<std::string> command = {kIndexBin, "--index", args[0], "-q"};
    command.insert(command.end(), args.begin() + 1, args.end());
    REQUIRE(dalil::testing::run(command).exit_code == 0);
  }
  const std::string sharded = tmp.file("sharded");
  fs::create_directories(sharded);
  std::ofstream(sharded + "/XAPIANDB") << "auto " << first << "\nauto " << second << "\n";
  REQUIRE(Xapian::Database(sharded).get_doccount() == Xapian::Database(whole).get_doccount());

  LiveServer shards(dalil::testing::PrebuiltIndex{sharded});
  LiveServer one(dalil::testing::PrebuiltIndex{whole});
  const std::vector<httplib::Params> requests = {
      {{"q", ""}, {"size", "100"}, {"translit", "off"}},
      {{"q", "الامم OR report OR market OR witness"}, {"size", "100"}, {"translit", "off"}},
      {{"q", ""}, {"size", "100"}, {"fields", "id,title"}},
      {{"q", ""}, {"size", "100"}, {"fields", "id"}},
  };
  // Each hit by its id, without its score (the shards' order of equal scores may differ).
  auto by_id = [](const json& answer) {
    std::map<std::string, json> hits;
    for (json hit : answer["hits"]) {
      hit.erase("score");
      const std::string id = hit["id"];
      CHECK(hits.emplace(id, hit).second);  // no id twice
    }
    return hits;
  };
  for (const auto& request : requests) {
    INFO("q=" << request.find("q")->second
              << " fields=" << (request.count("fields") ? request.find("fields")->second : "all"));
    const json expected = one.search(request);
    REQUIRE(expected["hits"].size() >= 4);
    const json got = shards.search(request);
    CHECK(got["total"] == expected["total"]);
    CHECK(by_id(got) == by_id(expected));
  }
  // A page of passages and an export render hits their own ways: each passage (or row) by its
  // id and passage number.
  auto by_passage = [](const json& rows) {
    std::map<std::pair<std::string, int>, json> out;
    for (json row : rows) {
      row.erase("score");
      const auto key = std::make_pair(row["id"].get<std::string>(),
                                      row.contains("passage") ? row["passage"].get<int>() : 0);
      CHECK(out.emplace(key, row).second);
    }
    return out;
  };
  const httplib::Params passages = {{"q", ""}, {"size", "100"}, {"group", "none"}};
  const json expected_passages = one.search(passages)["hits"];
  REQUIRE(expected_passages.size() >= 6);
  CHECK(by_passage(shards.search(passages)["hits"]) == by_passage(expected_passages));
  auto exported = [](LiveServer& server) {
    const auto res =
        server.client().Get("/api/export", {{"q", ""}, {"format", "jsonl"}}, httplib::Headers{});
    json rows = json::array();
    CHECK(res);
    if (!res) return rows;
    CHECK(res->status == 200);
    std::istringstream lines(res->body);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) rows.push_back(json::parse(line));
    }
    return rows;
  };
  const json expected_rows = exported(one);
  CHECK(expected_rows.size() == Xapian::Database(whole).get_doccount());
  CHECK(by_passage(exported(shards)) == by_passage(expected_rows));
}

TEST_CASE("snippets mark the original spelling and escape HTML", "[searchd]") {
  LiveServer server;
  const struct {
    const char* q;
    const char* id;
    const char* expected;
  } cases[] = {
      {"\"الامم المتحدة\"", "t:ar-1", "<mark>الأمم المتحدة</mark>"},
      {"الاسلحة", "t:ar-1", "<mark>بالأسلحة</mark>"},
      {"convoy", "t:mixed-1", "&lt;script&gt; &amp; others"},
      {"convoy", "t:mixed-1", "<mark>convoy</mark>"},
  };
  for (const auto& c : cases) {
    INFO(c.q << " -> " << c.expected);
    bool found = false;
    const json body = server.search({{"q", c.q}, {"size", "100"}});
    for (const auto& hit : body["hits"]) {
      if (hit["id"] == c.id)
        found = hit["snippet"].get<std::string>().find(c.expected) != std::string::npos;
    }
    CHECK(found);
  }
}

TEST_CASE("hits say which modes matched them", "[searchd]") {
  LiveServer server;
  const struct {
    const char* q;
    const char* id;
    std::vector<std::string> modes;
  } cases[] = {
      {"Federal Reserve", "t:en-1", {"stem"}},
      {"\"heart attack\"", "t:en-2", {"word", "phrase"}},
      {"heart NEAR/1 attack", "t:en-2", {"word"}},
      {"الاسلحة", "t:ar-1", {"stem"}},
      {"الاسلحة", "t:ar-2", {"stem"}},
      {"=الأسلحة", "t:ar-2", {"exact"}},
      {"\"الامم المتحدة\"", "t:mixed-1", {"word", "phrase"}},
      {"report", "t:mixed-1", {"stem"}},
      {"source:\"Test Wire\" convoy", "t:mixed-1", {"stem"}},
      {"Feder*", "t:en-1", {"prefix"}},
      // A term of both is a prefix match; the quoted word is a phrase of one word.
      {"Feder* OR \"Federal\"", "t:en-1", {"prefix", "phrase"}},
  };
  for (const auto& c : cases) {
    INFO(c.q << " in " << c.id);
    bool found = false;
    const json body = server.search({{"q", c.q}, {"size", "100"}});
    for (const auto& hit : body["hits"]) {
      if (hit["id"] != c.id) continue;
      found = true;
      CHECK(hit["matched"].get<std::vector<std::string>>() == c.modes);
    }
    CHECK(found);
  }
}

TEST_CASE("a word* stops reading the index's words when the request's time is up", "[searchd]") {
  // The time limit covers the expansion of words* and the match; with a limit no parse can
  // keep, the expansion stops at its first word and the answer says it was cut short.
  LiveServer quick({.server_args = {"--query-time-limit-s", "0.000001"}, .index_args = {}});
  const json cut = quick.search({{"q", "Feder*"}});
  CHECK(cut["timed_out"] == true);
  CHECK(cut["hits"].empty());
  // A group=none page ranks passages until the limit too, and says when it stopped.
  const json passages = quick.search({{"q", "report"}, {"group", "none"}});
  CHECK(passages["timed_out"] == true);
  CHECK(passages["hits"].empty());
  const json document_hits = quick.search({{"q", "report"}});
  CHECK(document_hits["timed_out"] == false);  // nothing cut: a match of 2 is not counted
  CHECK(document_hits["hits"].size() == 2);
  LiveServer server;
  const json whole = server.search({{"q", "Feder*"}});
  CHECK(whole["timed_out"] == false);
  CHECK(whole["total"] == 1);
}

TEST_CASE("a page whose own match outlasts the time limit ends the request with 503 timeout",
          "[searchd]") {
  // 200 dated documents of one word: sorted by date, the page's match visits every one of
  // them. With a limit no match can keep, counting stops at once and the page's own match, which
  // gets as long again, stops too: the answer is an error, not a page that took any time it
  // liked. The same requests under the default limit give their pages.
  dalil::testing::TempDir tmp;
  const std::string input = tmp.file("dated.jsonl");
  {
    std::ofstream out(input);
    for (int i = 0; i < 200; ++i) {
      char date[16];
      std::snprintf(date, sizeof date, "2011-%02d-%02d", 1 + i % 12, 1 + i % 28);
      out << json{{"id", "d" + std::to_string(i)},
                  {"date", date},
                  {"body", "The tide came in at noon, report " + std::to_string(i) + "."}}
                 .dump()
          << '\n';
    }
  }
  LiveServer quick({.server_args = {"--query-time-limit-s", "0.000001"}, .index_args = {input}});
  LiveServer server({.server_args = {}, .index_args = {input}});
  const std::vector<httplib::Params> cases = {
      {{"q", "tide"}, {"sort", "date_desc"}},
      {{"q", "tide"}, {"sort", "date_asc"}, {"fields", "id"}},
      {{"q", "tide"}, {"sort", "date_desc"}, {"group", "none"}},
      {{"q", "tide report"}, {"sort", "date_desc"}, {"page", "3"}},
  };
  for (const auto& params : cases) {
    INFO(httplib::detail::params_to_query_str(params));
    const auto [status, body] = quick.get("/api/search", params);
    CHECK(status == 503);
    CHECK(body["error"]["code"] == "timeout");
    CHECK_THAT(body["error"]["message"].get<std::string>(), Catch::Matchers::Contains("narrow it"));
    const json whole = server.search(params);
    CHECK(whole["timed_out"] == false);
    CHECK(whole["total"] == 200);
    CHECK(whole["hits"].size() == 10);
  }
}

TEST_CASE("a word* marks and ranks by the words it matched, not every word it starts",
          "[searchd]") {
  // zqa000..zqa199 are in three documents, zqa250 in one: zqa* keeps the 200 most frequent
  // words, so zqa250 is not one of them. The probe matches by zqa000 in its second paragraph.
  dalil::testing::TempDir tmp;
  const std::string input = tmp.file("prefix.jsonl");
  {
    std::string many;
    for (int i = 0; i < 200; ++i) {
      char word[8];
      std::snprintf(word, sizeof word, "zqa%03d", i);
      many += std::string(many.empty() ? "" : " ") + word;
    }
    std::ofstream out(input);
    for (int d = 0; d < 3; ++d)
      out << json{{"id", "many-" + std::to_string(d)}, {"body", many}}.dump() << '\n';
    out << json{{"id", "probe"}, {"body", "A zqa250 was seen first.\n\nThen zqa000 came by."}}
               .dump()
        << '\n';
  }
  LiveServer server({.server_args = {}, .index_args = {input}});
  const json body = server.search({{"q", "zqa*"}, {"size", "10"}});
  REQUIRE(body["total"] == 4);
  bool found = false;
  for (const auto& hit : body["hits"]) {
    if (hit["id"] != "probe") continue;
    found = true;
    CHECK(hit["matched"] == json::array({"prefix"}));
    REQUIRE_FALSE(hit["passages"].empty());
    // The best passage is the one zqa000 is in; zqa250 is not marked anywhere.
    CHECK(hit["snippet"] == "Then <mark>zqa000</mark> came by.");
    CHECK(hit["passages"][0]["snippet"] == "Then <mark>zqa000</mark> came by.");
    for (const auto& passage : hit["passages"])
      CHECK(passage["snippet"].get<std::string>().find("<mark>zqa250") == std::string::npos);
  }
  CHECK(found);
}

TEST_CASE("hits show the stored fields exactly as they were indexed", "[searchd]") {
  LiveServer server({.server_args = {}, .index_args = {kTestData + "/stored/fields.jsonl"}});
  // Escaped quotes, backslashes, tabs and characters outside the BMP; fields of nested objects
  // (meta.title, meta.list[].body, meta[].id) must not stand in for the document's own.
  const struct {
    const char* q;
    const char* field;
    const char* expected;
  } cases[] = {
      {"lighthouses", "id", "s:1"},
      {"lighthouses", "title",
       "He said \"no\" \\ then\tleft \u2014 \U0001F600 \u00ab\u0642\u0627\u0644\u00bb"},
      {"lighthouses", "source", "Wire \"X\""},
      {"lighthouses", "url", "https://example.org/a?b=1&c=%222%22"},
      {"lighthouses", "snippet",
       "Quoted &quot;words&quot; and a back\\slash in a test note about <mark>lighthouses</mark>."},
      {"strait", "id", "s:2"},
      {"strait", "title", "Ferries only"},
      {"strait", "snippet", "Ferries cross the <mark>strait</mark> every hour."},
  };
  for (const auto& c : cases) {
    INFO(c.q << " " << c.field);
    const json body = server.search({{"q", c.q}});
    REQUIRE(body["hits"].size() == 1);
    CHECK(body["hits"][0][c.field] == c.expected);
  }
  const json hit = server.search({{"q", "strait"}})["hits"][0];
  CHECK(hit["source"].is_null());
  CHECK(hit["date"].is_null());
  // The second passage of s:1 is exactly the bytes its locator names.
  const auto [status, passage] = server.get("/api/documents/s:1/passages/2");
  REQUIRE(status == 200);
  CHECK(passage["text"] == "A second paragraph about lighthouses, ferries and <b>tags</b>.");
}

TEST_CASE("filters: values of one field are OR'ed and different fields AND'ed", "[searchd]") {
  LiveServer server;
  CHECK(server.ids({{"q", "الامم"}, {"lang", "ar"}}) == std::set<std::string>{"t:ar-1", "t:ar-2"});
  CHECK(server.ids({{"q", "الامم"}, {"lang", "mixed"}}) == std::set<std::string>{"t:mixed-1"});
  CHECK(server.ids({{"q", ""}, {"source", "test witness"}}) ==
        std::set<std::string>{"t:ar-2", "t:en-2"});
  CHECK(
      server.ids({{"source", "Test Witness"}, {"source", "Test Arabic"}, {"type", "testimony"}}) ==
      std::set<std::string>{"t:ar-2", "t:en-2"});
  CHECK(server.ids({{"speaker", "WITNESS"}}) == std::set<std::string>{"t:en-2"});
  CHECK(server.ids({{"category", "economy"}}) == std::set<std::string>{"t:en-1"});
  // Browsing without words sorts newest first; undated documents come last.
  const json browse = server.search({{"lang", "ar"}, {"size", "10"}});
  std::vector<std::string> order;
  for (const auto& hit : browse["hits"]) order.push_back(hit["id"]);
  CHECK(order == std::vector<std::string>{"t:ar-2", "t:ar-1", "t:ar-3"});
}

TEST_CASE("paging is 1-based and size is capped", "[searchd]") {
  LiveServer server({.server_args = {"--max-page-size", "2"}, .index_args = {}});
  const json first = server.search({{"lang", "ar"}, {"size", "50"}});
  CHECK(first["size"] == 2);
  CHECK(first["hits"].size() == 2);
  CHECK(first["total"] == 3);
  const json second = server.search({{"lang", "ar"}, {"size", "2"}, {"page", "2"}});
  CHECK(second["hits"].size() == 1);
  const json beyond = server.search({{"lang", "ar"}, {"page", "9"}});
  CHECK(beyond["hits"].empty());
  CHECK(beyond["total"] == 3);
}

TEST_CASE("documents are served whole and errors are JSON with the right status", "[searchd]") {
  LiveServer server({.server_args = {"--max-query-bytes", "64"}, .index_args = {}});
  auto [status, doc] = server.get("/api/documents/t:en-2");
  CHECK(status == 200);
  CHECK(doc["id"] == "t:en-2");
  CHECK(doc["turns"].size() == 2);  // every input field is kept
  CHECK(doc["speakers"] == json::array({"WITNESS", "INTERVIEWER"}));

  const auto [health_status, health] = server.get("/healthz");
  CHECK(health_status == 200);
  CHECK(health == json{{"status", "ok"}, {"documents", 6}});

  const struct {
    std::string path;
    httplib::Params params;
    int status;
    const char* code;
    const char* message_part;
  } cases[] = {
      {"/api/documents/t:nope", {}, 404, "not_found", "no document"},
      {"/api/nothing", {}, 404, "not_found", ""},
      {"/api/search", {{"q", "\"open"}}, 400, "bad_query", "position 1"},
      {"/api/search", {{"q", "a AND"}}, 400, "bad_query", "AND"},
      {"/api/search", {{"q", "(a"}}, 400, "bad_query", "unclosed ("},
      {"/api/search", {{"q", std::string(65, 'x')}}, 413, "query_too_long", "limit is 64"},
      {"/api/search", {{"q", "x"}, {"page", "0"}}, 400, "bad_parameter", "page"},
      {"/api/search", {{"q", "x"}, {"size", "ten"}}, 400, "bad_parameter", "size"},
      {"/api/search",
       {{"q", "x"}, {"sorce", "BBC"}},
       400,
       "bad_parameter",
       "unknown parameter sorce"},
      {"/api/search", {{"q", "x"}, {"lang", ""}}, 400, "bad_parameter", "lang"},
      {"/api/search", {{"q", "x"}, {"exact_total", "maybe"}}, 400, "bad_parameter", "exact_total"},
      // Routes without parameters refuse any rather than ignore it.
      {"/api/documents/t:en-2",
       {{"fields", "id"}},
       400,
       "bad_parameter",
       "unknown parameter fields (this route takes none)"},
      {"/api/documents/t:en-2/passages/1", {{"q", "x"}}, 400, "bad_parameter", "parameter q"},
      {"/healthz", {{"verbose", "1"}}, 400, "bad_parameter", "parameter verbose"},
  };
  for (const auto& c : cases) {
    INFO(c.path << " " << (c.params.empty() ? "" : c.params.begin()->second));
    const auto [code_status, body] = server.get(c.path, c.params);
    CHECK(code_status == c.status);
    CHECK(body["error"]["code"] == c.code);
    CHECK(body["error"]["message"].get<std::string>().find(c.message_part) != std::string::npos);
  }

  // A method the route does not serve still gets a JSON error, never an exception text.
  auto res = server.client().Post("/api/search", "{}", "application/json");
  REQUIRE(res);
  CHECK(res->status >= 400);
  CHECK(json::parse(res->body).contains("error"));
  CHECK(!res->has_header("EXCEPTION_WHAT"));
}

TEST_CASE("the server picks up a newer committed index without a restart", "[searchd]") {
  LiveServer server;
  CHECK(server.ids({{"q", "zebracorn"}}).empty());
  CHECK(update_and_wait(server) == std::set<std::string>{"t:en-3"});
  CHECK(server.ids({{"q", "holds"}}) == std::set<std::string>{"t:en-1"});
  CHECK(server.ids({{"q", "raises"}}).empty());
}

TEST_CASE("date filters see the dates of a newer committed index", "[searchd]") {
  // Each worker keeps its index's date terms (DateTerms) until a new revision: a date filter
  // after the update must find the document of a month that had none before.
  LiveServer server;
  const httplib::Params from_may = {{"q", "zebracorn"}, {"from", "2021-05-01"}};
  const httplib::Params in_query = {{"q", "zebracorn date:2021-05-01..2021-05-31"}};
  for (int i = 0; i < 8; ++i) {
    CHECK(server.ids(from_may).empty());
    CHECK(server.ids(in_query).empty());
  }
  REQUIRE(update_and_wait(server) == std::set<std::string>{"t:en-3"});
  for (int i = 0; i < 8; ++i) {
    CHECK(server.ids(from_may) == std::set<std::string>{"t:en-3"});
    CHECK(server.ids(in_query) == std::set<std::string>{"t:en-3"});
  }
}

TEST_CASE("dalil-searchd refuses a bad configuration before listening", "[searchd]") {
  dalil::testing::TempDir tmp;
  const struct {
    std::vector<std::string> args;
    int exit_code;
    const char* message;
  } cases[] = {
      {{kSearchdBin}, 2, "no index folder"},
      {{kSearchdBin, "--index", tmp.file("ix"), "--port", "70000"}, 2, "port"},
      {{kSearchdBin, "--index", tmp.file("missing")}, 1, "cannot open index"},
  };
  for (const auto& c : cases) {
    const auto result = dalil::testing::run(c.args);
    INFO(result.err);
    CHECK(result.exit_code == c.exit_code);
    CHECK(result.err.find(c.message) != std::string::npos);
  }
}

// Login shells and systemd start programs with a soft limit of 1024 open files; each connection
// holds a socket and each database several files, so the server raises the soft limit to the
// hard one before it listens (without that, the limit stays what it was given). prlimit may
// lower the hard limit, never raise it: the cases stay under the test's own.
TEST_CASE("dalil-searchd raises its open-files limit to the hard limit", "[searchd]") {
  rlimit own{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &own) == 0);
  const long hard = static_cast<long>(std::min<rlim_t>(own.rlim_max, 4096));
  REQUIRE(hard >= 256);
  const struct {
    const char* name;
    long soft;
    long hard;
  } cases[] = {
      {"soft 128 of the hard limit", 128, hard},
      {"soft 200 of hard 250", 200, 250},
      {"already at the hard limit", hard, hard},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const std::string nofile =
          "--nofile=" + std::to_string(c.soft) + ":" + std::to_string(c.hard);
      LiveServer server(dalil::testing::LiveServerOptions{}, {"/usr/bin/prlimit", nofile});
      std::ifstream limits("/proc/" + std::to_string(server.process().pid()) + "/limits");
      REQUIRE(limits);
      long soft = -1;
      for (std::string line; std::getline(limits, line);) {
        if (line.starts_with("Max open files")) {
          std::istringstream fields(line.substr(std::string("Max open files").size()));
          fields >> soft;
        }
      }
      CHECK(soft == c.hard);
      CHECK(server.search({{"q", "syria"}}).contains("hits"));
    }
  }
}

// httplib's default socket options set SO_REUSEPORT: a second server then bound the same port
// and the kernel split new connections between two servers, perhaps of two different indexes.
TEST_CASE("a second dalil-searchd on a port in use refuses to start", "[searchd]") {
  LiveServer server;
  dalil::testing::BackgroundProcess second(
      {kSearchdBin, "--index", server.index_dir(), "--port", std::to_string(server.port())});
  CHECK(second.wait_for_line("http://127.0.0.1:", std::chrono::seconds(10)).empty());
  CHECK(second.stop(SIGTERM) == 1);
  CHECK(server.get("/healthz").first == 200);
}

TEST_CASE("SIGTERM stops the server cleanly", "[searchd]") {
  LiveServer server;
  CHECK(server.get("/healthz").first == 200);
  CHECK(server.process().stop(SIGTERM) == 0);
}

TEST_CASE("totals of one-term queries are exact beyond exact_count_limit", "[searchd]") {
  // A query of one term is matched without checking any match for its total (Xapian reads it
  // from the term's posting list): the total must still be exact and the pages the same.
  LiveServer server({.server_args = {"--exact-count-limit", "1"}, .index_args = {}});
  const struct {
    const char* q;
    int total;
  } cases[] = {
      {"report", 2},   // reports, Reporting, reporter: one stem term
      {"الامم", 3},    // الأمم, بالأمم
      {"الاسلحة", 2},  // الأسلحة, بالأسلحة
      {"nowhere", 0},
  };
  for (const auto& c : cases) {
    INFO(c.q);
    std::set<std::string> seen;
    for (int page = 1; page <= c.total + 1; ++page) {
      for (const char* exact_total : {"false", "true"}) {
        INFO("page " << page << ", exact_total=" << exact_total);
        const json body = server.search({{"q", c.q},
                                         {"size", "1"},
                                         {"page", std::to_string(page)},
                                         {"exact_total", exact_total}});
        CHECK(body["total"] == c.total);
        CHECK(body["total_exact"] == true);
        CHECK(body["hits"].size() == (page <= c.total ? 1u : 0u));
        for (const auto& hit : body["hits"]) seen.insert(hit["id"].get<std::string>());
      }
    }
    CHECK(seen.size() == static_cast<std::size_t>(c.total));
  }
}
