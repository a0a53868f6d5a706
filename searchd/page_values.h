/// @file searchd/page_values.h
/// @brief The value slots of a page's documents, read together slot by slot in docid order.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace dalil::searchd {

/// Values of the documents of a page, read slot by slot in docid order. Glass keeps a slot's
/// values in chunks ordered by docid, so one slot after the other in that order mostly stays in
/// blocks just read, where hit by hit (in rank order, slot after slot) each value was a descent
/// of its own: 1.6 block reads a value against 2.1 (docs/PERFORMANCE.md, session 14). Reading
/// stops once the values kept pass a budget (the stored documents of a page of long transcripts
/// could be large); find() says which were read, and the rest are read hit by hit.
class PageValues {
 public:
  /// The default budget: reading stops once the values kept reach it.
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{4} << 20;

  PageValues() = default;
  /// Reads @p slots (in that order: small ones first, so that the budget cuts the large) of
  /// @p docids (page_docids(): ascending, no repeats; docids of @p db, which for a database
  /// of several shards are not the documents' own Document::get_docid()).
  PageValues(const Xapian::Database& db, std::vector<Xapian::docid> docids,
             std::vector<Xapian::valueno> slots, std::size_t max_bytes = kDefaultMaxBytes);

  /// The value of @p slot of document @p did of the database, as read here; null when it was
  /// not (another document or slot, or past the budget).
  const std::string* find(Xapian::docid did, Xapian::valueno slot) const;

 private:
  std::vector<Xapian::docid> docids_;
  std::vector<Xapian::valueno> slots_;
  std::vector<std::string> values_;
  std::vector<bool> read_;
};

/// A hit's document, its docid in the database the page was matched in (not always its own
/// get_docid(): see PageValues), and the page's values it may have been read with.
struct DocValues {
  const Xapian::Document& doc;
  Xapian::docid did;
  const PageValues& page;

  /// The value of @p slot: from the page when it was read there, else from the document.
  std::string get(Xapian::valueno slot) const {
    if (const std::string* value = page.find(did, slot)) return *value;
    return doc.get_value(slot);
  }
};

}  // namespace dalil::searchd
