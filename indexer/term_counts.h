/// @file indexer/term_counts.h
/// @brief Within-document frequencies of terms without positions, counted before Xapian sees them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dalil::indexer {

/// Counts the occurrences (wdf) of terms without positions in one document, so that the
/// document gets one Xapian::Document::add_term per distinct term instead of one per
/// occurrence, each of which searches Xapian's std::map of the document's terms. The terms and
/// wdfs Xapian ends up with are the same. Keeps its memory from one document to the next.
class TermCounts {
 public:
  /// Counts @p wdf more occurrences of @p term.
  void add(std::string_view term, Xapian::termcount wdf = 1);

  /// Adds every counted term to @p xdoc with its count as wdf (add_term), then forgets them.
  void flush_to(Xapian::Document& xdoc);

  /// Forgets the counted terms.
  void clear();

  /// Number of distinct terms counted.
  std::size_t size() const { return used_; }

  /// The count of @p term (0 when it was not counted).
  Xapian::termcount count(std::string_view term) const;

 private:
  struct Entry {
    std::string term;
    std::size_t hash = 0;
    std::size_t slot = 0;
    Xapian::termcount wdf = 0;
  };
  /// The slot of @p term, or of the empty slot where it would go.
  std::size_t find_slot(std::string_view term, std::size_t hash) const;
  void grow();

  // entries_[0, used_) are in use; the strings of the others keep their capacity for reuse.
  std::vector<Entry> entries_;
  std::size_t used_ = 0;
  // Open addressing, linear probing: 0 is an empty slot, i + 1 stands for entries_[i].
  std::vector<uint32_t> slots_;
};

}  // namespace dalil::indexer
