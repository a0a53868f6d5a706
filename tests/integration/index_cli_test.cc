/// @file tests/integration/index_cli_test.cc
/// @brief dalil-index as a user runs it: folders, stdin, bad lines, --strict, upserts, deletes,
/// kills.
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <xapian.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/spelling_form.h"
#include "core/stored_codec.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::testing::kIndexBin;
using dalil::testing::kTestData;
using dalil::testing::RunResult;
using dalil::testing::TempDir;

RunResult index(const std::string& dir, std::vector<std::string> args, const std::string& in = {}) {
  std::vector<std::string> argv = {kIndexBin, "--index", dir, "--summary-json"};
  argv.insert(argv.end(), args.begin(), args.end());
  return dalil::testing::run(argv, in);
}

nlohmann::json summary_of(const RunResult& result) {
  // The summary is the last line of standard output.
  const auto end = result.out.find_last_not_of('\n');
  const auto start = result.out.rfind('\n', end);
  return nlohmann::json::parse(result.out.substr(start == std::string::npos ? 0 : start + 1));
}

// Writes @p count JSON Lines documents with ids @p id_prefix + i and the body @p body + " " + i:
// an input large enough that a run can be stopped halfway.
void write_numbered_jsonl(const std::string& path, int count, const std::string& id_prefix,
                          const std::string& body) {
  std::ofstream out(path);
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    out << nlohmann::json{{"id", id_prefix + n}, {"body", body + " " + n}}.dump() << '\n';
  }
}

std::vector<std::string> ids_in(const std::string& dir) {
  Xapian::Database db(dir);
  std::vector<std::string> ids;
  for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it)
    ids.push_back((*it).substr(1));
  return ids;
}

}  // namespace

TEST_CASE("the programs allocate with the allocator they were built with", "[build]") {
  // jemalloc prints its statistics at exit when MALLOC_CONF asks; glibc's malloc ignores it.
  // DALIL_JEMALLOC (CMakeLists.txt) is on except under the sanitizers.
  const bool jemalloc = DALIL_JEMALLOC_LINKED;
  const struct {
    std::string bin;
    const char* tcache_max;  ///< jemalloc's setting as the program leaves it
  } programs[] = {
      {kIndexBin, "opt.tcache_max: 32768"},  // jemalloc's default
      // The server's own default (searchd/main.cc): its threads' caches keep less memory.
      {dalil::testing::kSearchdBin, "opt.tcache_max: 1024"},
  };
  for (const auto& program : programs) {
    INFO(program.bin << (jemalloc ? " with jemalloc" : " with glibc's malloc"));
    const auto result = dalil::testing::run(
        {"/usr/bin/env", "MALLOC_CONF=stats_print:true", program.bin, "--help"});
    CHECK(result.exit_code == 0);
    CHECK((result.err.find("jemalloc statistics") != std::string::npos) == jemalloc);
    if (jemalloc) CHECK_THAT(result.err, Catch::Matchers::Contains(program.tcache_max));
  }
}

TEST_CASE("a folder is walked recursively for files with a known extension", "[index]") {
  TempDir tmp;
  const auto result = index(tmp.file("ix"), {kTestData + "/archive"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  const auto summary = summary_of(result);
  CHECK(summary["files"] == 2);
  CHECK(summary["added"] == 6);
  CHECK(summary["skipped"] == 0);
  CHECK(ids_in(tmp.file("ix")) ==
        std::vector<std::string>{"t:ar-1", "t:ar-2", "t:ar-3", "t:en-1", "t:en-2", "t:mixed-1"});
}

TEST_CASE("two files that would get one id are not both indexed under it", "[index]") {
  // file: + the path below the folder named on the command line: w.txt in two folders named
  // apart gets one id, and the second used to replace the first without a word.
  TempDir tmp;
  for (const char* dir : {"d1", "d2", "both/d1", "both/d2"}) {
    std::filesystem::create_directories(tmp.file(dir));
    std::ofstream(tmp.file(std::string(dir) + "/w.txt"))
        << "Notes kept in " << std::string(dir).substr(std::string(dir).rfind('/') + 1) << ".\n";
  }
  std::ofstream(tmp.file("d1/other.txt")) << "Another note.\n";
  const struct {
    const char* name;
    std::vector<std::string> args;
    int skipped;
    std::vector<std::string> ids;
  } cases[] = {
      {"two folders named apart",
       {tmp.file("d1"), tmp.file("d2")},
       1,
       {"file:other.txt", "file:w.txt"}},
      {"the same file twice", {tmp.file("d1/w.txt"), tmp.file("d1/w.txt")}, 0, {"file:w.txt"}},
      {"one file by two paths",
       {tmp.file("d1/w.txt"), tmp.file("d2/../d1/w.txt")},
       0,
       {"file:w.txt"}},
      {"the folder that holds both", {tmp.file("both")}, 0, {"file:d1/w.txt", "file:d2/w.txt"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const std::string ix = tmp.file(std::string("ix-") + c.name);
      const auto result = index(ix, c.args);
      INFO(result.err);
      REQUIRE(result.exit_code == 0);
      CHECK(summary_of(result)["skipped"] == c.skipped);
      CHECK(ids_in(ix) == c.ids);
      if (c.skipped > 0) {
        CHECK(result.err.find(tmp.file("d2/w.txt") + ": its id file:w.txt is that of " +
                              tmp.file("d1/w.txt")) != std::string::npos);
        // The first file's text is the one indexed under the id.
        const Xapian::Database db(ix);
        CHECK(db.get_termfreq("d1") == 1);
        CHECK(db.get_termfreq("d2") == 0);
      }
    }
  }
}

TEST_CASE("the index folder is created with its parents", "[index]") {
  TempDir tmp;
  const auto result = index(tmp.file("var/deeper/ix"), {kTestData + "/archive"});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(Xapian::Database(tmp.file("var/deeper/ix")).get_doccount() == 6);
}

TEST_CASE("indexing the same input twice changes nothing the second time", "[index]") {
  TempDir tmp;
  REQUIRE(index(tmp.file("ix"), {kTestData + "/archive"}).exit_code == 0);
  const auto revision = Xapian::Database(tmp.file("ix")).get_revision();
  const auto second = index(tmp.file("ix"), {kTestData + "/archive"});
  REQUIRE(second.exit_code == 0);
  const auto summary = summary_of(second);
  CHECK(summary["added"] == 0);
  CHECK(summary["replaced"] == 0);
  CHECK(summary["unchanged"] == 6);
  CHECK(Xapian::Database(tmp.file("ix")).get_revision() == revision);
}

TEST_CASE("documents are upserted by id and deleted with --delete", "[index]") {
  TempDir tmp;
  REQUIRE(index(tmp.file("ix"), {kTestData + "/archive"}).exit_code == 0);
  const auto update = index(tmp.file("ix"), {kTestData + "/update.jsonl"});
  REQUIRE(update.exit_code == 0);
  CHECK(summary_of(update)["added"] == 1);
  CHECK(summary_of(update)["replaced"] == 1);
  Xapian::Database db(tmp.file("ix"));
  CHECK(db.get_doccount() == 7);
  const auto it = db.postlist_begin("Qt:en-1");
  REQUIRE(it != db.postlist_end("Qt:en-1"));
  CHECK(nlohmann::json::parse(dalil::core::StoredCodec().stored_json(
            db.get_document(*it)))["title"] == "Federal Reserve holds rates");

  const auto removed = index(tmp.file("ix"), {"--delete", "t:en-3", "--delete", "t:nope"});
  CHECK(removed.exit_code == 0);
  CHECK(summary_of(removed)["deleted"] == 1);
  CHECK(summary_of(removed)["delete_missing"] == 1);
  CHECK(removed.err.find("t:nope: no such document") != std::string::npos);
  CHECK(Xapian::Database(tmp.file("ix")).get_doccount() == 6);
}

TEST_CASE("bad lines are reported as file:line: reason and skipped and counted", "[index]") {
  TempDir tmp;
  const std::string file = kTestData + "/bad_lines.jsonl";
  const auto result = index(tmp.file("ix"), {file});
  INFO(result.err);
  CHECK(result.exit_code == 0);
  const struct {
    int line;
    const char* reason;
  } expected[] = {
      {2, "invalid JSON at column"},
      {3, "missing field 'body'"},
      {6, "invalid UTF-8 at byte"},
      {7, "field 'date' is not an ISO 8601 date"},
  };
  for (const auto& e : expected) {
    const std::string where = file + ":" + std::to_string(e.line) + ": " + e.reason;
    INFO(where);
    CHECK(result.err.find(where) != std::string::npos);
  }
  const auto summary = summary_of(result);
  CHECK(summary["skipped"] == 4);
  CHECK(summary["added"] == 3);
  CHECK(ids_in(tmp.file("ix")) == std::vector<std::string>{"b:1", "b:4", "b:7"});
}

TEST_CASE("strict mode stops at the first bad line with exit status 1", "[index]") {
  TempDir tmp;
  const auto result =
      index(tmp.file("ix"), {"--threads", "1", "--strict", kTestData + "/bad_lines.jsonl"});
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("bad_lines.jsonl:2: invalid JSON") != std::string::npos);
  CHECK(result.err.find("--strict") != std::string::npos);
  // The open batch (b:1) was dropped; nothing after the bad line was read.
  CHECK(Xapian::Database(tmp.file("ix")).get_doccount() == 0);
}

TEST_CASE("strict mode says which documents it dropped", "[index]") {
  // On an existing index the first documents wait for the spelling sample before any batch:
  // a strict stop drops them as well, and the message used to say only "the open batch".
  TempDir tmp;
  REQUIRE(index(tmp.file("ix"), {kTestData + "/archive"}).exit_code == 0);
  const struct {
    const char* name;
    std::vector<std::string> flags;
    const char* said;
    Xapian::doccount documents;  ///< after the run
  } cases[] = {
      {"with the sample",
       {},
       "the open batch and 1 document read before it, waiting for the "
       "spelling sample, were dropped; earlier batches stay committed",
       6},
      {"without it",
       {"--sample-mb", "0"},
       "the open batch was dropped; earlier batches stay committed",
       7},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      std::vector<std::string> args = {"--strict", "--batch-docs", "1"};
      args.insert(args.end(), c.flags.begin(), c.flags.end());
      args.push_back(kTestData + "/bad_lines.jsonl");
      const auto result = index(tmp.file("ix"), args);
      INFO(result.err);
      CHECK(result.exit_code == 1);
      CHECK(result.err.find(c.said) != std::string::npos);
      CHECK(Xapian::Database(tmp.file("ix")).get_doccount() == c.documents);
    }
  }
}

TEST_CASE("stdin is read from - and a missing path fails the run but not the other inputs",
          "[index]") {
  TempDir tmp;
  const std::string input = "{\"id\":\"s:1\",\"body\":\"from stdin\"}\n{oops}\n";
  const auto result = index(tmp.file("ix"), {"-", tmp.file("missing.jsonl")}, input);
  CHECK(result.exit_code == 1);
  CHECK(result.err.find("missing.jsonl: no such file or folder") != std::string::npos);
  CHECK(result.err.find("<stdin>:2: invalid JSON") != std::string::npos);
  CHECK(ids_in(tmp.file("ix")) == std::vector<std::string>{"s:1"});
}

TEST_CASE("a killed run leaves the last committed batch readable", "[index]") {
  TempDir tmp;
  write_numbered_jsonl(tmp.file("big.jsonl"), 40000, "k:",
                       "A document about the harbour, the market and the convoy. "
                       "قالت الشاهدة إن القصف بدأ عند الظهر.");
  dalil::testing::BackgroundProcess indexer({kIndexBin, "--index", tmp.file("ix"), "--threads", "1",
                                             "--batch-docs", "100", "-q", tmp.file("big.jsonl")});
  // Wait until at least one batch is committed, then kill without warning.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  Xapian::doccount seen = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      seen = Xapian::Database(tmp.file("ix")).get_doccount();
    } catch (const Xapian::Error&) {
      seen = 0;
    }
    if (seen >= 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(seen >= 200);
  indexer.stop(SIGKILL);
  Xapian::Database db(tmp.file("ix"));
  const auto count = db.get_doccount();
  INFO("documents after kill: " << count);
  CHECK(count % 100 == 0);  // whole batches only
  CHECK(count >= seen);
  CHECK(count < 40000);
  // The index is consistent: every committed document can be read back.
  Xapian::doccount readable = 0;
  dalil::core::StoredCodec codec;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    if (nlohmann::json::parse(codec.stored_json(db.get_document(*it))).contains("body")) ++readable;
  }
  CHECK(readable == count);
}

namespace {

/// Every term of an index with its frequency, and every document's data by id: what a search
/// can see, whatever the document numbers.
std::pair<std::map<std::string, Xapian::doccount>, std::map<std::string, std::string>> content_of(
    const std::string& dir) {
  Xapian::Database db(dir);
  std::map<std::string, Xapian::doccount> terms;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) terms[*it] = it.get_termfreq();
  std::map<std::string, std::string> docs;
  dalil::core::StoredCodec codec;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const std::string data = codec.stored_json(db.get_document(*it));
    docs[nlohmann::json::parse(data)["id"]] = data;
  }
  return {terms, docs};
}

bool has_build_folder(const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind(".dalil-build-", 0) == 0) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a parallel build of a new index equals a sequential one", "[index][parallel]") {
  TempDir tmp;
  const std::string update = kTestData + "/update.jsonl";  // t:en-1 again: the later copy wins
  const auto sequential =
      index(tmp.file("seq"), {"--threads", "1", kTestData + "/archive", update});
  const auto parallel = index(tmp.file("par"), {"--threads", "3", kTestData + "/archive", update});
  INFO(parallel.err);
  REQUIRE(sequential.exit_code == 0);
  REQUIRE(parallel.exit_code == 0);
  CHECK(summary_of(parallel)["added"] == 7);
  CHECK(summary_of(parallel)["replaced"] == 1);
  CHECK(summary_of(parallel)["added"] == summary_of(sequential)["added"]);
  // Only a parallel build has a merge, and the summary says how long it took.
  CHECK(summary_of(parallel)["merge_seconds"].get<double>() > 0);
  CHECK(summary_of(sequential)["merge_seconds"].get<double>() == 0);
  // One writer commits both vocabulary tables at the end; a parallel build inside their times.
  CHECK(summary_of(sequential)["table_commit_seconds"].get<double>() > 0);
  CHECK(summary_of(parallel)["table_commit_seconds"].get<double>() == 0);
  CHECK(content_of(tmp.file("par")) == content_of(tmp.file("seq")));
  // Both learned the same implicit spellings (the table itself: the tables test below).
  CHECK(summary_of(parallel)["implicit_spellings"].get<int>() > 0);
  CHECK(summary_of(parallel)["implicit_spellings"] == summary_of(sequential)["implicit_spellings"]);
  CHECK_FALSE(has_build_folder(tmp.path()));
  // The result is an ordinary index: later runs update it in place.
  const auto again = index(tmp.file("par"), {"--threads", "3", kTestData + "/archive"});
  CHECK(summary_of(again)["unchanged"] == 5);
  CHECK(summary_of(again)["replaced"] == 1);
}

TEST_CASE("a parallel build in many sub-indexes equals a sequential one, repeated ids included",
          "[index][parallel]") {
  // The archive, then an update that replaces t:en-1 and adds t:en-3, then both again: each id
  // comes back in a later sub-index, unchanged or replaced (t:en-1 three times).
  const std::string update = kTestData + "/update.jsonl";
  const std::vector<std::string> inputs = {kTestData + "/archive", update, kTestData + "/archive",
                                           update};
  TempDir tmp;
  std::vector<std::string> seq_args = {"--threads", "1"};
  seq_args.insert(seq_args.end(), inputs.begin(), inputs.end());
  const auto sequential = index(tmp.file("seq"), seq_args);
  REQUIRE(sequential.exit_code == 0);
  CHECK(summary_of(sequential)["added"] == 7);
  CHECK(summary_of(sequential)["replaced"] == 3);
  CHECK(summary_of(sequential)["unchanged"] == 6);
  struct Case {
    std::string name;
    std::vector<std::string> args;
    int min_sub_indexes;  // of documents, in the merge
    int max_sub_indexes;
  };
  const std::vector<Case> cases = {
      // 100 bytes: a sub-index for nearly every document
      {"a sub-index per document or two", {"--threads", "2", "--sub-index-mb", "0.0001"}, 5, 40},
      {"three writers", {"--threads", "3", "--sub-index-mb", "0.0001"}, 5, 40},
      {"one sub-index per writer", {"--threads", "2", "--sub-index-mb", "0"}, 2, 2},
      {"the default", {"--threads", "2"}, 2, 2},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      std::vector<std::string> args = c.args;
      args.insert(args.end(), inputs.begin(), inputs.end());
      const auto parallel = index(tmp.file("par"), args);
      INFO(parallel.err);
      REQUIRE(parallel.exit_code == 0);
      const auto summary = summary_of(parallel);
      CHECK(summary["sub_indexes"].get<int>() >= c.min_sub_indexes);
      CHECK(summary["sub_indexes"].get<int>() <= c.max_sub_indexes);
      for (const char* key : {"added", "replaced", "unchanged"})
        CHECK(summary[key] == summary_of(sequential)[key]);
      CHECK(content_of(tmp.file("par")) == content_of(tmp.file("seq")));
      CHECK_FALSE(has_build_folder(tmp.path()));
    }
  }
}

TEST_CASE("a writer with more sub-indexes than the build can open merges its own first",
          "[index][parallel]") {
  // 100-byte sub-indexes (a few documents each, some 30 a writer). Under a limit of 256 open
  // files, 64 of them for the rest, 4 writers may keep 192 / 10 / 4 = 4 each. The second file
  // changes half the ids, the third changes them back and repeats the rest.
  TempDir tmp;
  write_numbered_jsonl(tmp.file("a.jsonl"), 300, "n-", "alpha text of the first version");
  write_numbered_jsonl(tmp.file("b.jsonl"), 150, "n-", "beta text of the second version");
  const std::vector<std::string> inputs = {tmp.file("a.jsonl"), tmp.file("b.jsonl"),
                                           tmp.file("a.jsonl")};
  std::vector<std::string> seq_args = {"--threads", "1"};
  seq_args.insert(seq_args.end(), inputs.begin(), inputs.end());
  const auto sequential = index(tmp.file("seq"), seq_args);
  REQUIRE(sequential.exit_code == 0);
  std::vector<std::string> args = {
      "/usr/bin/prlimit", "--nofile=256:256", kIndexBin, "--index",        tmp.file("par"),
      "--summary-json",   "--threads",        "4",       "--sub-index-mb", "0.0001"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  const auto parallel = dalil::testing::run(args);
  INFO(parallel.err);
  REQUIRE(parallel.exit_code == 0);
  const auto summary = summary_of(parallel);
  CHECK(summary["sub_indexes"] == 16);  // each writer merged its own down to 4
  CHECK(summary["added"] == 300);
  CHECK(summary["replaced"] == 300);
  CHECK(summary["unchanged"] == 150);
  for (const char* key : {"added", "replaced", "unchanged"})
    CHECK(summary[key] == summary_of(sequential)[key]);
  CHECK(content_of(tmp.file("par")) == content_of(tmp.file("seq")));
  CHECK_FALSE(has_build_folder(tmp.path()));
  // Under the usual 1,024 they fit (24 a writer): none is merged.
  args[1] = "--nofile=1024:1024";
  std::filesystem::remove_all(tmp.file("par"));
  const auto unmerged = dalil::testing::run(args);
  REQUIRE(unmerged.exit_code == 0);
  CHECK(summary_of(unmerged)["sub_indexes"].get<int>() > 16);
  CHECK(content_of(tmp.file("par")) == content_of(tmp.file("seq")));
}

TEST_CASE("a parallel build of many sub-indexes runs within the usual open-files limit",
          "[index][parallel]") {
  // 8 writers of some 40 sub-indexes each, started with a soft limit of 128 open files and a
  // hard one of 1,024 (a login shell's): dalil-index raises the soft limit, and the writers merge
  // their own sub-indexes until the build's end fits it: (1,024 - 64) / 10 = 96 of them.
  TempDir tmp;
  write_numbered_jsonl(tmp.file("a.jsonl"), 3000, "n-", "a document of its own number");
  const auto result = dalil::testing::run({"/usr/bin/prlimit", "--nofile=128:1024", kIndexBin,
                                           "--index", tmp.file("ix"), "--summary-json", "--threads",
                                           "8", "--sub-index-mb", "0.00002", tmp.file("a.jsonl")});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(summary_of(result)["added"] == 3000);
  CHECK(summary_of(result)["sub_indexes"].get<int>() <= 96);
  CHECK(Xapian::Database(tmp.file("ix")).get_doccount() == 3000);
}

TEST_CASE("a parallel build writes nothing when it fails or is killed", "[index][parallel]") {
  TempDir tmp;
  const auto strict =
      index(tmp.file("ix"), {"--threads", "2", "--strict", kTestData + "/bad_lines.jsonl"});
  CHECK(strict.exit_code == 1);
  CHECK(strict.err.find("nothing was written") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(tmp.file("ix")));
  CHECK_FALSE(has_build_folder(tmp.path()));

  write_numbered_jsonl(tmp.file("big.jsonl"), 40000, "p:", "harbour market convoy");
  dalil::testing::BackgroundProcess indexer(
      {kIndexBin, "--index", tmp.file("killed"), "--threads", "2", "-q", tmp.file("big.jsonl")});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  indexer.stop(SIGKILL);
  CHECK_FALSE(std::filesystem::exists(tmp.file("killed")));
}

namespace {

/// The tables of the vocabulary: every spelling word with its frequency and every metadata entry
/// (analyzer, schema, name-key table).
std::pair<std::map<std::string, Xapian::doccount>, std::map<std::string, std::string>> tables_of(
    const std::string& dir) {
  Xapian::Database db(dir);
  std::map<std::string, Xapian::doccount> spelling;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
    spelling[*it] = it.get_termfreq();
  std::map<std::string, std::string> metadata;
  for (auto it = db.metadata_keys_begin(); it != db.metadata_keys_end(); ++it)
    metadata[*it] = db.get_metadata(*it);
  return {spelling, metadata};
}

std::size_t name_keys_in(const std::map<std::string, std::string>& metadata) {
  return static_cast<std::size_t>(
      std::count_if(metadata.begin(), metadata.end(),
                    [](const auto& m) { return m.first.rfind("dalil.name:", 0) == 0; }));
}

/// The spelling table an index must have (indexer/spelling.h, independently of it): each
/// unprefixed term of 3 bytes or more, without digits, in two documents or more, as the entry
/// core::to_spelling_entry writes, with its document frequency.
std::map<std::string, Xapian::doccount> expected_spelling(const std::string& dir) {
  Xapian::Database db(dir);
  std::map<std::string, Xapian::doccount> table;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) {
    const std::string term = *it;
    if (term.size() < 3 || (term[0] >= 'A' && term[0] <= 'Z') ||
        term.find_first_of("0123456789") != std::string::npos || it.get_termfreq() < 2)
      continue;
    table[dalil::core::to_spelling_entry(term)] = it.get_termfreq();
  }
  return table;
}

}  // namespace

TEST_CASE("a parallel build makes the spelling and name-key tables a sequential one makes",
          "[index][parallel]") {
  // The parallel build makes both tables from its sub-indexes on two threads before its merge;
  // a sequential run makes them on the index afterwards.
  struct Case {
    std::string name;
    std::vector<std::string> flags;
    bool spelling;
    bool name_keys;
  };
  const std::vector<Case> cases = {
      {"both tables with 2 threads", {"--threads", "2"}, true, true},
      {"both tables with 5 threads", {"--threads", "5"}, true, true},
      {"spelling only", {"--threads", "2", "--no-name-keys"}, true, false},
      {"name keys only", {"--threads", "2", "--no-spelling"}, false, true},
      {"neither table", {"--threads", "3", "--no-spelling", "--no-name-keys"}, false, false},
  };
  const std::vector<std::string> inputs = {kTestData + "/archive", kTestData + "/names"};
  for (const auto& c : cases) {
    SECTION(c.name) {
      TempDir tmp;
      std::vector<std::string> seq_args = {"--threads", "1"};
      std::vector<std::string> par_args = c.flags;
      for (std::size_t i = 2; i < c.flags.size(); ++i) seq_args.push_back(c.flags[i]);
      seq_args.insert(seq_args.end(), inputs.begin(), inputs.end());
      par_args.insert(par_args.end(), inputs.begin(), inputs.end());
      const auto sequential = index(tmp.file("seq"), seq_args);
      const auto parallel = index(tmp.file("par"), par_args);
      INFO(parallel.err);
      REQUIRE(sequential.exit_code == 0);
      REQUIRE(parallel.exit_code == 0);
      CHECK(summary_of(parallel)["merge_seconds"].get<double>() > 0);
      const auto [spelling, metadata] = tables_of(tmp.file("par"));
      CHECK(spelling.empty() != c.spelling);
      CHECK((name_keys_in(metadata) > 0) == c.name_keys);
      CHECK(metadata.count("dalil.analyzer") == 1);
      CHECK(metadata.count("dalil.schema") == 1);
      CHECK(tables_of(tmp.file("par")) == tables_of(tmp.file("seq")));
      CHECK(content_of(tmp.file("par")) == content_of(tmp.file("seq")));
      CHECK_FALSE(has_build_folder(tmp.path()));
      // The table indexes have no documents, and the merged index keeps its term lists (an
      // update must remove a document's old terms).
      Xapian::Database db(tmp.file("par"));
      const Xapian::docid first = *db.postlist_begin("");
      CHECK(db.termlist_begin(first) != db.termlist_end(first));
    }
  }
}

TEST_CASE("an update brings the spelling table up to date even after a run that skipped it",
          "[index]") {
  // A run on an existing index updates the spelling table for the words of the documents it
  // changed; a run that skipped the table (--no-spelling) leaves it pending, and the next run
  // rebuilds it from the whole vocabulary.
  TempDir tmp;
  const std::string ix = tmp.file("ix");
  auto write_pair = [&tmp](const std::string& name, const std::string& word) {
    std::ofstream out(tmp.file(name));
    for (int i = 0; i < 2; ++i) {
      out << nlohmann::json{{"id", name + std::to_string(i)},
                            {"body", "Reporters crossed " + word + " by night."}}
                 .dump()
          << '\n';
    }
    return tmp.file(name);
  };
  struct Run {
    std::vector<std::string> args;
    std::string misspelt;    ///< a query word
    std::string suggestion;  ///< the table's suggestion for it afterwards
    std::string pending;     ///< the spelling table's pending marker afterwards
  };
  const std::vector<Run> runs = {
      {{kTestData + "/archive"}, "zanzibat", "", ""},
      // Words of the run's documents enter the table.
      {{write_pair("a.jsonl", "Kilimanjaro")}, "kilimanjoro", "kilimanjaro", ""},
      {{"--no-spelling", write_pair("b.jsonl", "Zanzibar")}, "zanzibat", "", "1"},
      // This run's own documents hold neither word.
      {{write_pair("c.jsonl", "Mombasa")}, "zanzibat", "zanzibar", ""},
      {{"--delete", "a.jsonl0"}, "kilimanjoro", "", ""},
      // Arabic words are entered one byte per letter and other words as UTF-8: the second run
      // must find both entries and raise their frequencies, not add them again.
      {{write_pair("d.jsonl", "école بيروت")}, "بيرت", "بيروت", ""},
      {{write_pair("e.jsonl", "école بيروت")}, "ecole", "école", ""},
      // A word with a letter the normaliser keeps outside U+0621-U+064A (پ) is one edit away.
      {{write_pair("f.jsonl", "باريس")}, "پاريس", "باريس", ""},
  };
  for (std::size_t i = 0; i < runs.size(); ++i) {
    INFO("run " << i + 1);
    std::vector<std::string> args = {"--threads", "1"};
    args.insert(args.end(), runs[i].args.begin(), runs[i].args.end());
    const auto result = index(ix, args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    Xapian::Database db(ix);
    CHECK(dalil::core::spelling_suggestion_for(db, dalil::core::spelling_form_of(db),
                                               runs[i].misspelt, 2) == runs[i].suggestion);
    CHECK(db.get_metadata("dalil.spelling-pending") == runs[i].pending);
    if (runs[i].pending.empty()) {
      CHECK(tables_of(ix).first == expected_spelling(ix));
      CHECK(db.get_metadata("dalil.spelling-form") == dalil::core::kSpellingFormLetterBytes);
    }
    CHECK(db.get_metadata("dalil.name-table-pending").empty());
  }
}

TEST_CASE("a run rewrites the UTF-8 spelling table of an older index in letter bytes", "[index]") {
  // Indexes written before core/spelling_form.h hold Arabic spelling words as UTF-8 and no
  // dalil.spelling-form; an older dalil-index run on a newer index writes UTF-8 words and keeps
  // the marker it does not know. searchd reads such a table as UTF-8, and the next run of
  // dalil-index that updates the spelling table, whatever it changes, rewrites it whole.
  struct Case {
    std::string label;
    std::string marker;             ///< dalil.spelling-form left with the UTF-8 table
    std::vector<std::string> args;  ///< the run after the table was turned into UTF-8
  };
  const std::string marker(dalil::core::kSpellingFormLetterBytes);
  const std::vector<Case> cases = {
      {"an update of an older index", "", {"more.jsonl"}},
      {"a deletion in an older index", "", {"--delete", "a1"}},
      {"an update after an older dalil-index", marker, {"more.jsonl"}},
  };
  for (const auto& c : cases) {
    SECTION(c.label) {
      TempDir tmp;
      const std::string ix = tmp.file("ix");
      write_numbered_jsonl(tmp.file("a.jsonl"), 3, "a", "وصل الصحفيون إلى بيروت ليلا.");
      write_numbered_jsonl(tmp.file("more.jsonl"), 1, "m", "غادر الوفد بيروت.");
      REQUIRE(index(ix, {"--threads", "1", tmp.file("a.jsonl")}).exit_code == 0);
      {
        Xapian::WritableDatabase db(ix, Xapian::DB_OPEN);
        std::vector<std::pair<std::string, Xapian::termcount>> entries;
        for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
          entries.emplace_back(*it, it.get_termfreq());
        for (const auto& [entry, freq] : entries) {
          db.remove_spelling(entry, freq);
          db.add_spelling(dalil::core::from_spelling_entry(entry), freq);
        }
        db.set_metadata("dalil.spelling-form", c.marker);
        db.commit();
      }
      REQUIRE(tables_of(ix).first.count("بيروت") == 1);
      {
        const Xapian::Database db(ix);
        CHECK(dalil::core::spelling_suggestion_for(db, dalil::core::spelling_form_of(db), "بيرت",
                                                   2) == "بيروت");
      }
      std::vector<std::string> args = {"--threads", "1"};
      for (const auto& arg : c.args) args.push_back(arg == "more.jsonl" ? tmp.file(arg) : arg);
      const auto result = index(ix, args);
      INFO(result.err);
      REQUIRE(result.exit_code == 0);
      CHECK(tables_of(ix).first == expected_spelling(ix));
      CHECK(tables_of(ix).first.count("بيروت") == 0);
      const Xapian::Database db(ix);
      CHECK(db.get_metadata("dalil.spelling-form") == marker);
      CHECK(dalil::core::spelling_form_of(db) == dalil::core::SpellingForm::kLetterBytes);
      CHECK(dalil::core::spelling_suggestion_for(db, dalil::core::SpellingForm::kLetterBytes,
                                                 "بيرت", 2) == "بيروت");
    }
  }
}

TEST_CASE("a run rebuilds a name-key table made with another version of the keys", "[index]") {
  // Version 2 of the keys reads a Latin g between vowels as غ too; an index whose table was
  // built before lacks those keys, and a run that changes nothing it would look at must still
  // rebuild the table whole.
  TempDir tmp;
  const std::string ix = tmp.file("ix");
  write_numbered_jsonl(tmp.file("a.jsonl"), 2, "a",
                       "Officials said Reagan met Erdogan in the capital.");
  REQUIRE(index(ix, {"--threads", "1", tmp.file("a.jsonl")}).exit_code == 0);
  const auto built = tables_of(ix).second;
  REQUIRE(built.at("dalil.name-key-form") == "2");
  // The keys that read g as غ: what an index of version 1 lacked.
  std::vector<std::string> g_keys;
  for (const auto& [key, words] : built) {
    if (key.rfind("dalil.name:l", 0) == 0 && key.find('g') != std::string::npos)
      g_keys.push_back(key);
  }
  REQUIRE_FALSE(g_keys.empty());
  struct Case {
    std::string label;
    std::string form;  ///< dalil.name-key-form left on the older table
  };
  for (const auto& c : std::vector<Case>{{"no version", ""}, {"version 1", "1"}}) {
    SECTION(c.label) {
      {
        Xapian::WritableDatabase db(ix, Xapian::DB_OPEN);
        for (const auto& key : g_keys) db.set_metadata(key, "");
        db.set_metadata("dalil.name-key-form", c.form);
        db.commit();
      }
      const auto result = index(ix, {"--threads", "1", "--delete", "no-such-id"});
      INFO(result.err);
      REQUIRE(result.exit_code == 0);
      CHECK(tables_of(ix).second == built);
    }
  }
}

TEST_CASE("a run learns implicit spellings from its first documents unless --sample-mb 0",
          "[index]") {
  struct Case {
    std::string name;
    std::vector<std::string> args;
    bool learns;
  };
  const std::vector<Case> cases = {
      {"default, sequential", {"--threads", "1"}, true},
      {"default, parallel", {"--threads", "2"}, true},
      {"a sample smaller than the first document still learns", {"--sample-mb", "0.00001"}, true},
      {"--sample-mb 0", {"--sample-mb", "0"}, false},
  };
  const std::string input = kTestData + "/matching/matching.jsonl";
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir tmp;
      auto args = c.args;
      args.push_back(input);
      const auto result = index(tmp.file("ix"), args);
      INFO(result.err);
      REQUIRE(result.exit_code == 0);
      const auto summary = summary_of(result);
      // Every document held back for the sample is written.
      CHECK(summary["added"] == summary["documents_read"]);
      Xapian::Database db(tmp.file("ix"));
      CHECK(db.get_doccount() == summary["added"].get<Xapian::doccount>());
      std::size_t entries = 0;
      for (auto it = db.metadata_keys_begin("dalil.implicit:");
           it != db.metadata_keys_end("dalil.implicit:"); ++it)
        ++entries;
      CHECK(summary["implicit_spellings"].get<std::size_t>() == entries);
      CHECK((entries > 0) == c.learns);
    }
  }
}

TEST_CASE("the spelling sample takes at most a fifth of the input files", "[index]") {
  // 1,500 documents of about 1 KB (1.5 MB): a word of the first documents is learned, a word
  // first met past the first fifth is not, although the default sample is 4 MiB.
  TempDir tmp;
  const std::string input = tmp.file("input.jsonl");
  {
    std::ofstream out(input);
    std::string filler;
    for (int i = 0; i < 160; ++i) filler += " alpha";
    for (int i = 0; i < 1500; ++i) {
      std::string body = filler;
      if (i < 50) body += " زارت المدينة";
      if (i >= 1000) body += " زارت الجامعة";
      out << nlohmann::json{{"id", "s:" + std::to_string(i)}, {"body", body}}.dump() << '\n';
    }
  }
  struct Case {
    std::string name;
    std::vector<std::string> args;
    bool learns_first;  ///< المدينة (first 50 documents) gets its entry
    bool learns_later;  ///< الجامعة (from document 1,000 on)
  };
  const std::vector<Case> cases = {
      {"default", {}, true, false},
      {"a smaller sample than the fifth", {"--sample-mb", "0.1"}, true, false},
      {"no sample", {"--sample-mb", "0"}, false, false},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      std::vector<std::string> args = {"--threads", "1"};
      args.insert(args.end(), c.args.begin(), c.args.end());
      args.push_back(input);
      const auto result = index(tmp.file("ix-" + c.name), args);
      INFO(result.err);
      REQUIRE(result.exit_code == 0);
      Xapian::Database db(tmp.file("ix-" + c.name));
      CHECK(db.get_doccount() == 1500);
      CHECK(db.get_metadata("dalil.implicit:المدينه") == (c.learns_first ? "المدينة" : ""));
      CHECK(db.get_metadata("dalil.implicit:الجامعه") == (c.learns_later ? "الجامعة" : ""));
    }
  }
}

TEST_CASE("Ctrl-C while the first documents wait for the spelling sample writes them all",
          "[index]") {
  // The input is a FIFO the test keeps open: dalil-index reads it in blocks of 1 MiB, so of
  // the 1.4 MB sent the first block's documents are read and held in memory, unwritten, for
  // the spelling sample (4 MiB) while it waits for more input; then Ctrl-C, then the end of the
  // input. (A large file raced: on a fast run it was read whole before the signal, and the
  // run ended normally.)
  TempDir tmp;
  const std::string fifo = tmp.file("input.jsonl");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  dalil::testing::BackgroundProcess indexer(
      {kIndexBin, "--index", tmp.file("ix"), "--threads", "1", "--summary-json", "-q", fifo});
  {
    std::ofstream out(fifo);  // opens when dalil-index does
    for (int i = 0; i < 12000; ++i) {
      out << nlohmann::json{{"id", "c:" + std::to_string(i)},
                            {"body", "قالت المدينة إن الأمم المتحدة وصلت " + std::to_string(i)}}
                 .dump()
          << '\n';
    }
    out.flush();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    REQUIRE(kill(indexer.pid(), SIGINT) == 0);
  }
  CHECK(indexer.stop(SIGINT) == 130);
  const std::string line = indexer.wait_for_line("documents_read", std::chrono::seconds(10));
  REQUIRE_FALSE(line.empty());
  const auto summary = nlohmann::json::parse(line);
  INFO(line);
  CHECK(summary["documents_read"].get<int>() >= 1000);
  // The bytes read count too (the summary said 0.00 MB after Ctrl-C): at least 60 bytes a line.
  CHECK(summary["mb"].get<double>() >= summary["documents_read"].get<double>() * 60 / 1e6);
  CHECK(summary["added"] == summary["documents_read"]);
  CHECK(Xapian::Database(tmp.file("ix")).get_doccount() ==
        summary["documents_read"].get<Xapian::doccount>());
}

TEST_CASE("Ctrl-C between files of other formats stops the run there", "[index]") {
  // Only JSON Lines streams looked at the signal: a run over many text or PDF files went on to
  // the end. The second file is a FIFO the test writes after the signal, so the signal comes
  // while the run is inside it.
  TempDir tmp;
  std::ofstream(tmp.file("a.txt")) << "First note about the harbour.\n";
  std::ofstream(tmp.file("c.txt")) << "Third note about the ferry.\n";
  const std::string fifo = tmp.file("b.txt");
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  dalil::testing::BackgroundProcess indexer({kIndexBin, "--index", tmp.file("ix"), "--threads", "1",
                                             "--summary-json", "-q", tmp.file("a.txt"), fifo,
                                             tmp.file("c.txt")});
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  REQUIRE(kill(indexer.pid(), SIGINT) == 0);
  std::ofstream(fifo) << "Second note about the silo.\n";  // opens when dalil-index does
  const std::string line = indexer.wait_for_line("documents_read", std::chrono::seconds(20));
  INFO(line);
  CHECK(indexer.stop(SIGINT) == 130);
  REQUIRE_FALSE(line.empty());
  CHECK(nlohmann::json::parse(line)["files"] == 2);
  const auto ids = ids_in(tmp.file("ix"));
  CHECK(std::find(ids.begin(), ids.end(), "file:c.txt") == ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "file:a.txt") != ids.end());
}

TEST_CASE("an input that cannot seek back is read whole", "[index]") {
  // A FIFO stands for `dalil-index --index ix <(zcat archive.jsonl.gz)`: its first bytes are
  // read to tell the format, and cannot be read again from the file. Such inputs used to give
  // no document and no error.
  struct Case {
    std::string name;  ///< of the FIFO
    std::string content;
    int documents;
  };
  const std::vector<Case> cases = {
      {"news.jsonl",
       R"({"id":"p1","body":"First report."})"
       "\n"
       R"({"id":"p2","body":"Second report."})"
       "\n"
       R"({"id":"p3","body":"Third report."})"
       "\n",
       3},
      // Longer than the 512 bytes looked at first.
      {"long.jsonl",
       nlohmann::json{{"id", "long"}, {"body", std::string(3000, 'a') + " end"}}.dump() + "\n", 1},
      {"notes.md", "# Field notes\n\nThe convoy left at dawn.\n", 1},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir tmp;
      const std::string fifo = tmp.file(c.name);
      REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
      std::thread writer([&fifo, &c] {
        std::ofstream out(fifo);
        out << c.content;
      });
      const auto result = index(tmp.file("ix"), {"--threads", "1", fifo});
      writer.join();
      INFO(result.err);
      REQUIRE(result.exit_code == 0);
      CHECK(summary_of(result)["added"] == c.documents);
      CHECK(Xapian::Database(tmp.file("ix")).get_doccount() ==
            static_cast<Xapian::doccount>(c.documents));
    }
  }
}
