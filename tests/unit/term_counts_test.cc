/// @file tests/unit/term_counts_test.cc
/// @brief TermCounts: counts per distinct term, and the same Xapian termlist as one add_term each.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "indexer/term_counts.h"

namespace {

using dalil::indexer::TermCounts;

std::map<std::string, Xapian::termcount> termlist(const Xapian::Document& doc) {
  std::map<std::string, Xapian::termcount> terms;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) terms[*it] = it.get_wdf();
  return terms;
}

}  // namespace

TEST_CASE("TermCounts adds each distinct term once with its occurrences", "[term_counts]") {
  struct Case {
    const char* name;
    std::vector<std::pair<std::string, Xapian::termcount>> adds;
  };
  std::vector<std::pair<std::string, Xapian::termcount>> many;
  // More distinct terms than the first table holds, each several times: the table grows.
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5000; ++i) many.emplace_back("Zt" + std::to_string(i), round + 1);
  }
  const std::vector<Case> cases = {
      {"nothing", {}},
      {"one term", {{"Zword", 1}}},
      {"repeated term", {{"Zword", 1}, {"Zword", 1}, {"Zword", 1}}},
      {"wdf of a title", {{"Zword", 5}, {"Zword", 1}, {"Eword wörd", 5}}},
      {"prefixes keep terms apart", {{"Zx", 1}, {"Ex", 1}, {"x", 1}, {"Zx", 2}}},
      {"Arabic and empty term text", {{"Zامم", 1}, {"Z", 1}, {"Zامم", 1}, {"Z", 4}}},
      {"many terms", many},
  };
  TermCounts counts;  // one table for every case: it must forget each document's terms
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      Xapian::Document expected;
      std::map<std::string, Xapian::termcount> sums;
      for (const auto& [term, wdf] : c.adds) {
        counts.add(term, wdf);
        expected.add_term(term, wdf);
        sums[term] += wdf;
      }
      CHECK(counts.size() == sums.size());
      for (const auto& [term, wdf] : sums) {
        INFO(term);
        CHECK(counts.count(term) == wdf);
      }
      CHECK(counts.count("absent") == 0);
      Xapian::Document got;
      counts.flush_to(got);
      CHECK(termlist(got) == termlist(expected));
      CHECK(got.termlist_count() == expected.termlist_count());
      CHECK(counts.size() == 0);
      for (const auto& [term, wdf] : sums) CHECK(counts.count(term) == 0);
    }
  }
}

TEST_CASE("TermCounts clear forgets the terms", "[term_counts]") {
  TermCounts counts;
  counts.add("Za", 2);
  counts.add("Zb");
  counts.clear();
  CHECK(counts.size() == 0);
  CHECK(counts.count("Za") == 0);
  counts.add("Za");
  CHECK(counts.count("Za") == 1);
  Xapian::Document doc;
  counts.flush_to(doc);
  CHECK(termlist(doc) == std::map<std::string, Xapian::termcount>{{"Za", 1}});
}
