/// @file tests/unit/match_count_test.cc
/// @brief count_matches against a single ranked match with the same spies over a real index.
#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analyzers/analyzer.h"
#include "analyzers/normalizer.h"
#include "core/document.h"
#include "core/error.h"
#include "core/index_schema.h"
#include "core/schema.h"
#include "indexer/index_writer.h"
#include "searchd/date_filter.h"
#include "searchd/facets.h"
#include "searchd/match_count.h"
#include "searchd/query_parser.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::searchd::count_matches;
using dalil::searchd::CountOptions;
using dalil::searchd::DateHistogram;
using dalil::searchd::FacetCounter;
using dalil::searchd::Interval;
using dalil::testing::TempDir;

struct Counted {
  Xapian::doccount lower;
  Xapian::doccount upper;
  Xapian::doccount estimated;
  std::string facets;  // the source counts and the month histogram as JSON
};

Counted counted(const Xapian::MSet& mset, const FacetCounter& sources,
                const DateHistogram& histogram) {
  return {mset.get_matches_lower_bound(), mset.get_matches_upper_bound(),
          mset.get_matches_estimated(),
          sources.to_json(100).dump() + histogram.to_json(Interval::kMonth).dump()};
}

}  // namespace

TEST_CASE("count_matches counts and spies as a ranked match checking as many", "[match_count]") {
  // 600 documents: words of Zipf-like frequencies (so that AND, OR and phrases have totals on
  // both sides of check_at_least), 5 sources, dates at three precisions over 3 years.
  const auto schema = dalil::core::IndexSchema::defaults();
  TempDir dir;
  const std::string path = dir.file("index");
  {
    dalil::indexer::IndexWriter writer(path,
                                       dalil::indexer::WriterOptions{1000, 32u << 20, schema, {}});
    std::mt19937 random(6);
    const std::vector<std::string> words = {"alpha", "beta", "gamma", "delta", "epsilon",
                                            "zeta",  "eta",  "theta", "iota",  "kappa"};
    for (int i = 0; i < 600; ++i) {
      std::string body;
      const int length = std::uniform_int_distribution<int>(3, 30)(random);
      for (int w = 0; w < length; ++w) {
        // Word k with probability about 1 / (k + 1).
        const double u = std::uniform_real_distribution<double>(0, 1)(random);
        std::size_t k = 0;
        while (k + 1 < words.size() && u < 1.0 / static_cast<double>(k + 2)) ++k;
        body += words[k] + " ";
      }
      nlohmann::json input = {{"id", "d" + std::to_string(i)},
                              {"body", body},
                              {"source", "source " + std::to_string(i % 5)}};
      const int year = 2010 + i % 3;
      const int month = 1 + i % 12;
      if (i % 7 == 1) {
        input["date"] = std::to_string(year);
      } else if (i % 7 == 2) {
        input["date"] = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month);
      } else if (i % 7 != 3) {
        input["date"] = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) +
                        "-1" + std::to_string(i % 10);
      }
      writer.upsert(dalil::core::document_from_json(input, dalil::core::DocumentLimits{}, schema));
    }
    writer.commit();
  }
  const Xapian::Database db(path);
  REQUIRE(db.get_doccount() == 600);

  const auto term = [](const char* word) { return Xapian::Query(word); };
  const auto both = [](const Xapian::Query& a, const Xapian::Query& b) {
    return Xapian::Query(Xapian::Query::OP_AND, a, b);
  };
  const auto either = [](const Xapian::Query& a, const Xapian::Query& b) {
    return Xapian::Query(Xapian::Query::OP_OR, a, b);
  };
  const auto in_dates = [&db](const Xapian::Query& q, const char* first, const char* last) {
    return Xapian::Query(Xapian::Query::OP_FILTER, q,
                         dalil::searchd::date_range_query({first, last}, &db));
  };
  const std::vector<Xapian::Query> pair = {term("alpha"), term("beta")};
  const Xapian::Query phrase(Xapian::Query::OP_PHRASE, pair.begin(), pair.end(), 2);
  struct Case {
    const char* name;
    Xapian::Query query;
  };
  const std::vector<Case> cases = {
      {"a common word", term("alpha")},
      {"two words", both(term("alpha"), term("beta"))},
      {"three words", both(both(term("alpha"), term("beta")), term("gamma"))},
      {"rare words", both(term("iota"), term("kappa"))},
      {"either word", either(term("theta"), term("kappa"))},
      {"a phrase", phrase},
      {"words in a date range",
       in_dates(both(term("alpha"), term("beta")), "20100315", "20110620")},
      {"a word in one month", in_dates(term("alpha"), "20110301", "20110331")},
      {"a word and a source",
       Xapian::Query(Xapian::Query::OP_FILTER, either(term("gamma"), term("delta")),
                     Xapian::Query(dalil::analyzers::filter_term(schema.facet("source")->prefix,
                                                                 "source 1")))},
  };
  for (const auto& c : cases) {
    for (const Xapian::doccount check_at_least : {20u, 100u, 250u, 400u, 600u}) {
      DYNAMIC_SECTION(c.name << " checking " << check_at_least) {
        FacetCounter ranked_sources(schema.facet("source")->slot);
        DateHistogram ranked_histogram;
        Xapian::Enquire enquire(db);
        enquire.set_query(c.query);
        enquire.add_matchspy(&ranked_sources);
        enquire.add_matchspy(&ranked_histogram);
        const Counted ranked =
            counted(enquire.get_mset(0, 10, check_at_least), ranked_sources, ranked_histogram);

        FacetCounter sources(schema.facet("source")->slot);
        DateHistogram histogram;
        const Counted count = counted(count_matches(db, c.query, {&sources, &histogram},
                                                    CountOptions{.check_at_least = check_at_least})
                                          .mset,
                                      sources, histogram);

        // The true total, by walking every match.
        Xapian::Enquire every(db);
        every.set_query(c.query);
        const Xapian::doccount total = every.get_mset(0, db.get_doccount()).size();
        INFO("total " << total << "; ranked " << ranked.lower << ".." << ranked.upper << " ~"
                      << ranked.estimated << "; counted " << count.lower << ".." << count.upper
                      << " ~" << count.estimated);
        CHECK(count.lower <= total);
        CHECK(total <= count.upper);
        if (total < check_at_least) {
          CHECK(ranked.lower == ranked.upper);
          CHECK(count.lower == count.upper);
          CHECK(count.estimated == ranked.estimated);
          CHECK(count.facets == ranked.facets);
        } else {
          // Both saw check_at_least matches at least; neither knows the total unless the
          // posting lists' bounds meet.
          CHECK(count.lower >= check_at_least);
          CHECK(count.estimated >= count.lower);
          CHECK(count.estimated <= count.upper);
        }
      }
    }
  }
}

TEST_CASE("match_until stops counting at its deadline, and the page's own match at its own",
          "[match_count]") {
  // 1,000 documents of the word w (wdf 1 to 10), u in 800 of them, v in 500, and a source each
  // of 5: w AND u AND v matches 400, and no bound of Xapian's says so without counting.
  TempDir dir;
  const std::string path = dir.file("index");
  {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    for (int i = 0; i < 1000; ++i) {
      Xapian::Document doc;
      doc.add_term("w", static_cast<Xapian::termcount>(1 + i % 10));
      if (i % 5 != 0) doc.add_term("u");
      if (i % 2 == 0) doc.add_term("v");
      doc.add_value(2, dalil::core::encode_values({"s" + std::to_string(i % 5)}));
      doc.add_value(3, Xapian::sortable_serialise(i % 97));  // a date, say
      db.add_document(doc);
    }
    db.commit();
  }
  const Xapian::Database db(path);
  using Clock = std::chrono::steady_clock;
  // Documents a counter saw (its JSON kept whole: a range-for over a member of a temporary
  // would read freed memory).
  auto seen_by = [](const FacetCounter& counter) {
    const nlohmann::json json = counter.to_json(10);
    std::size_t seen = 0;
    for (const auto& value : json["values"]) seen += value["count"].get<std::size_t>();
    return seen;
  };
  auto page_of = [](const Xapian::MSet& mset) {
    std::vector<std::pair<Xapian::docid, double>> page;
    for (auto it = mset.begin(); it != mset.end(); ++it) page.emplace_back(*it, it.get_weight());
    return page;
  };
  const std::vector<Xapian::Query> parts = {Xapian::Query("w"), Xapian::Query("u"),
                                            Xapian::Query("v")};
  const Xapian::Query query(Xapian::Query::OP_AND, parts.begin(), parts.end());
  auto sorted = [](Xapian::Enquire& enquire, bool by_value) {
    if (by_value) enquire.set_sort_by_value(3, true);
  };
  auto expected_page = [&](bool by_value) {
    Xapian::Enquire plain(db);
    plain.set_query(query);
    sorted(plain, by_value);
    return page_of(plain.get_mset(0, 10, 1000));
  };

  const auto far = Clock::now() + std::chrono::hours(1);
  const auto passed = Clock::now() - std::chrono::seconds(1);
  enum class Outcome { kCounted, kCut, kTimeout };
  const struct {
    const char* name;
    Clock::time_point count;
    Clock::time_point page;
    bool by_value;
    Outcome outcome;
  } cases[] = {
      {"deadlines far off", far, far, false, Outcome::kCounted},
      {"deadlines far off, by date", far, far, true, Outcome::kCounted},
      {"counting's deadline passed", passed, far, false, Outcome::kCut},
      {"counting's deadline passed, by date", passed, far, true, Outcome::kCut},
      // Sorted by date, the page's own match visits all 400 matches: it stops at its deadline.
      {"both deadlines passed, by date", passed, passed, true, Outcome::kTimeout},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      Xapian::Enquire enquire(db);
      enquire.set_query(query);
      sorted(enquire, c.by_value);
      FacetCounter sources(2);
      enquire.add_matchspy(&sources);
      const dalil::searchd::MatchWindow window{.first = 0, .size = 10, .check_at_least = 1000};
      if (c.outcome == Outcome::kTimeout) {
        try {
          (void)dalil::searchd::match_until(enquire, window, {.count = c.count, .page = c.page});
          FAIL("the page's match did not stop at its deadline");
        } catch (const dalil::core::Error& e) {
          CHECK(e.code() == dalil::core::ErrorCode::kTimeout);
          CHECK_THAT(e.what(), Catch::Matchers::Contains("narrow it"));
        }
        FacetCounter later(2);
        enquire.add_matchspy(&later);
        enquire.get_mset(0, 10, 1000);
        CHECK(seen_by(later) == 400);  // no spy of match_until's is left behind
        continue;
      }
      const dalil::searchd::BoundedMatch match =
          dalil::searchd::match_until(enquire, window, {.count = c.count, .page = c.page});
      const bool cut = c.outcome == Outcome::kCut;
      CHECK(match.cut == cut);
      CHECK(page_of(match.mset) == expected_page(c.by_value));
      const std::size_t seen = seen_by(sources);
      if (cut) {
        // Counting stopped within the first check: the total is no longer exact (unless the
        // page, sorted by date, visited every match again).
        CHECK(seen <= dalil::searchd::DeadlineSpy::kCheckEvery);
        if (!c.by_value) CHECK(match.mset.get_matches_lower_bound() < 400);
      } else {
        CHECK(seen == 400);
        CHECK(match.mset.get_matches_lower_bound() == 400);
        CHECK(match.mset.get_matches_upper_bound() == 400);
      }
      // The enquire keeps no spy of match_until's (nor, after a cut, the caller's).
      FacetCounter later(2);
      enquire.add_matchspy(&later);
      enquire.get_mset(0, 10, 1000);
      CHECK(seen_by(later) == 400);

      FacetCounter counted_sources(2);
      const auto count = count_matches(db, query, {&counted_sources},
                                       {.check_at_least = 1000, .deadline = c.count});
      CHECK(count.cut == cut);
      CHECK(seen_by(counted_sources) == (cut ? dalil::searchd::DeadlineSpy::kCheckEvery : 400u));
    }
  }
}

TEST_CASE("the page's own match stops at its deadline though few documents reach its weight",
          "[match_count]") {
  // x is in 1,000 documents, 50 times in the first 20 and once in the others: once those fill
  // the page, the matcher still walks the other 980, below the page's weight, where no spy
  // sees them. A spy sees 20 documents, fewer than the 64 between its looks at the clock. Over one
  // database and over two shards (the deadline's posting source is cloned for each).
  TempDir dir;
  auto build = [&](const std::string& name, int from, int to) {
    const std::string path = dir.file(name);
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    for (int i = from; i < to; ++i) {
      Xapian::Document doc;
      doc.add_term("x", i < 20 ? 50 : 1);
      doc.add_term("d" + std::to_string(i));
      db.add_document(doc);
    }
    db.commit();
    return path;
  };
  const std::string whole = build("whole", 0, 1000);
  const std::string first = build("first", 0, 500);
  const std::string second = build("second", 500, 1000);
  Xapian::Database shards(first);
  shards.add_database(Xapian::Database(second));
  const struct {
    const char* name;
    Xapian::Database db;
  } databases[] = {{"one database", Xapian::Database(whole)}, {"two shards", shards}};
  using Clock = std::chrono::steady_clock;
  const auto far = Clock::now() + std::chrono::hours(1);
  const auto passed = Clock::now() - std::chrono::seconds(1);
  for (const auto& d : databases) {
    DYNAMIC_SECTION(d.name) {
      auto page_of = [](const Xapian::MSet& mset) {
        std::vector<std::pair<Xapian::docid, double>> page;
        for (auto it = mset.begin(); it != mset.end(); ++it)
          page.emplace_back(*it, it.get_weight());
        return page;
      };
      Xapian::Enquire plain(d.db);
      plain.set_query(Xapian::Query("x"));
      const auto expected = page_of(plain.get_mset(0, 10, 1000));
      REQUIRE(expected.size() == 10);
      const dalil::searchd::MatchWindow window{.first = 0, .size = 10, .check_at_least = 1000};

      Xapian::Enquire cut(d.db);
      cut.set_query(Xapian::Query("x"));
      const auto match = dalil::searchd::match_until(cut, window, {.count = passed, .page = far});
      CHECK(match.cut);
      // The deadline's filter adds no weight and drops no document.
      CHECK(page_of(match.mset) == expected);
      CHECK(cut.get_query().get_description() == Xapian::Query("x").get_description());

      // Counting to 30: a spy sees those 30 and then nothing, as the matcher walks the other
      // 970 below the page's weight; the deadline stops it there.
      Xapian::Enquire few(d.db);
      few.set_query(Xapian::Query("x"));
      const auto counted = dalil::searchd::match_until(
          few, {.first = 0, .size = 10, .check_at_least = 30}, {.count = passed, .page = far});
      CHECK(counted.cut);
      CHECK(page_of(counted.mset) == expected);

      // A window that counts no further than its page (a query of one word, whose total Xapian
      // knows, or a deep page) is matched once, up to the page's deadline: nothing was counted
      // that a second match could leave out.
      for (const Xapian::doccount check_at_least : {0u, 10u}) {
        INFO("check_at_least " << check_at_least);
        const dalil::searchd::MatchWindow own{
            .first = 0, .size = 10, .check_at_least = check_at_least};
        Xapian::Enquire page(d.db);
        page.set_query(Xapian::Query("x"));
        const auto alone = dalil::searchd::match_until(page, own, {.count = passed, .page = far});
        CHECK_FALSE(alone.cut);
        CHECK(page_of(alone.mset) == expected);
        try {
          (void)dalil::searchd::match_until(page, own, {.count = far, .page = passed});
          FAIL("the page's match did not stop at its deadline");
        } catch (const dalil::core::Error& e) {
          CHECK(e.code() == dalil::core::ErrorCode::kTimeout);
        }
      }

      Xapian::Enquire stopped(d.db);
      stopped.set_query(Xapian::Query("x"));
      try {
        (void)dalil::searchd::match_until(stopped, window, {.count = passed, .page = passed});
        FAIL("the page's match did not stop at its deadline");
      } catch (const dalil::core::Error& e) {
        CHECK(e.code() == dalil::core::ErrorCode::kTimeout);
      }
      // The enquire has its own query back.
      CHECK(page_of(stopped.get_mset(0, 10, 1000)) == expected);
    }
  }
}

TEST_CASE("a phrase inside an OR stops at the match's deadline while it checks positions",
          "[match_count]") {
  // 300 documents hold both words apart and one holds the phrase: checking positions, the
  // phrase walks 300 candidates that the match's own filter never sees (inside an OR it is
  // asked only about what the OR yields), so the phrase carries a deadline of its own.
  const auto schema = dalil::core::IndexSchema::defaults();
  TempDir dir;
  const std::string path = dir.file("index");
  {
    dalil::indexer::IndexWriter writer(path, dalil::indexer::WriterOptions{});
    for (int i = 0; i < 301; ++i) {
      const nlohmann::json input = {
          {"id", "d" + std::to_string(i)},
          {"body", i == 0 ? "the harbour silo burned" : "the harbour and its grain silo stood"}};
      writer.upsert(dalil::core::document_from_json(input, dalil::core::DocumentLimits{}, schema));
    }
    writer.commit();
  }
  const Xapian::Database db(path);
  dalil::analyzers::Analyzer analyzer;
  using Clock = std::chrono::steady_clock;
  const auto far = Clock::now() + std::chrono::hours(1);
  const auto passed = Clock::now() - std::chrono::seconds(1);
  const struct {
    const char* name;
    std::optional<Clock::time_point> match_deadline;
    bool timeout;
  } cases[] = {{"no deadline of its own (an export)", std::nullopt, false},
               {"its deadline far off", far, false},
               {"its deadline passed", passed, true}};
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto parsed = dalil::searchd::parse_query(
          "\"harbour silo\" OR zzyzx",
          {.analyzer = analyzer, .schema = schema, .match_deadline = c.match_deadline},
          dalil::searchd::QueryLimits{});
      Xapian::Enquire enquire(db);
      enquire.set_query(parsed.query);
      // The match's own deadlines are far off: only the phrase's can stop it.
      const dalil::searchd::MatchWindow window{.first = 0, .size = 10, .check_at_least = 1000};
      if (!c.timeout) {
        const auto match =
            dalil::searchd::match_until(enquire, window, {.count = far, .page = far});
        CHECK_FALSE(match.cut);
        REQUIRE(match.mset.size() == 1);
        CHECK(db.get_document(*match.mset.begin()).get_value(dalil::core::schema::kSlotId) == "d0");
        continue;
      }
      try {
        (void)dalil::searchd::match_until(enquire, window, {.count = far, .page = far});
        FAIL("the phrase did not stop at its deadline");
      } catch (const dalil::core::Error& e) {
        CHECK(e.code() == dalil::core::ErrorCode::kTimeout);
      }
    }
  }
}
