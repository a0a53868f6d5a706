/// @file tests/unit/page_values_test.cc
/// @brief PageValues on a real index: the values of a page's documents, within a byte budget,
///        and found by the docids of a database of several shards.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "searchd/page_values.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::searchd::DocValues;
using dalil::searchd::PageValues;

// An index of @p count documents whose slot 1 holds "a<n>" and slot 2 holds @p big_bytes bytes
// of the digit n (document n, from 1).
void write_index(const std::string& dir, int count, std::size_t big_bytes) {
  Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OPEN);
  for (int n = 1; n <= count; ++n) {
    Xapian::Document doc;
    doc.add_value(1, "a" + std::to_string(n));
    doc.add_value(2, std::string(big_bytes, static_cast<char>('0' + n % 10)));
    db.add_document(doc);
  }
  db.commit();
}

}  // namespace

TEST_CASE("page values are read within their budget, and the rest from the document",
          "[page_values]") {
  dalil::testing::TempDir tmp;
  write_index(tmp.file("ix"), 6, 100);
  const Xapian::Database db(tmp.file("ix"));
  const std::vector<Xapian::docid> page = {2, 3, 5, 6};
  const struct {
    const char* name;
    std::size_t budget;
    std::size_t small_read;  ///< documents of the page whose slot 1 was read
    std::size_t big_read;    ///< ... and slot 2
  } cases[] = {
      {"all fit", 10'000, 4, 4},
      // Slot 1 first (2 bytes a document): its four values take 8 bytes, then slot 2 is read
      // until the total reaches the budget.
      {"the large slot cut after two", 200, 4, 2},
      {"the large slot cut after one", 9, 4, 1},
      {"cut in the small slot", 5, 3, 0},
      {"no budget", 0, 0, 0},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const PageValues values(db, page, {1, 2}, c.budget);
      std::size_t small = 0;
      std::size_t big = 0;
      for (const Xapian::docid did : page) {
        const Xapian::Document doc = db.get_document(did);
        if (const std::string* value = values.find(did, 1)) {
          ++small;
          CHECK(*value == doc.get_value(1));
        }
        if (const std::string* value = values.find(did, 2)) {
          ++big;
          CHECK(*value == doc.get_value(2));
        }
        // Read or not, a hit gets its own values.
        const DocValues hit{doc, did, values};
        CHECK(hit.get(1) == "a" + std::to_string(did));
        CHECK(hit.get(2) == doc.get_value(2));
      }
      CHECK(small == c.small_read);
      CHECK(big == c.big_read);
      // Documents off the page and slots not read are not found.
      CHECK(values.find(1, 1) == nullptr);
      CHECK(values.find(4, 2) == nullptr);
      CHECK(values.find(2, 3) == nullptr);
    }
  }
}

TEST_CASE("page values find a shard's document by its docid in the whole database",
          "[page_values]") {
  // Two shards interleave: docid 2 of the stub is document 1 of the second shard, whose own
  // get_docid() is 1, the stub's docid of another document.
  dalil::testing::TempDir tmp;
  write_index(tmp.file("first"), 3, 1);
  {
    Xapian::WritableDatabase db(tmp.file("second"), Xapian::DB_CREATE_OR_OPEN);
    for (int n = 1; n <= 3; ++n) {
      Xapian::Document doc;
      doc.add_value(1, "b" + std::to_string(n));
      db.add_document(doc);
    }
    db.commit();
  }
  std::ofstream(tmp.file("stub")) << "auto " << tmp.file("first") << "\nauto " << tmp.file("second")
                                  << "\n";
  const Xapian::Database db(tmp.file("stub"));
  const std::vector<Xapian::docid> page = {1, 2, 3, 4};
  const PageValues values(db, page, {1});
  const std::vector<std::string> expected = {"a1", "b1", "a2", "b2"};
  for (std::size_t i = 0; i < page.size(); ++i) {
    const Xapian::Document doc = db.get_document(page[i]);
    REQUIRE(values.find(page[i], 1) != nullptr);
    CHECK(*values.find(page[i], 1) == expected[i]);
    CHECK(DocValues{doc, page[i], values}.get(1) == expected[i]);
  }
  CHECK(db.get_document(2).get_docid() != 2);  // why the page's docid is needed
}
