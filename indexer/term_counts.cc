/// @file indexer/term_counts.cc
/// @brief An open-addressing table of term -> wdf that reuses its strings across documents.
#include "indexer/term_counts.h"

#include <functional>

namespace dalil::indexer {

namespace {

constexpr std::size_t kInitialSlots = 1024;

}  // namespace

std::size_t TermCounts::find_slot(std::string_view term, std::size_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const uint32_t index = slots_[slot];
    if (index == 0) return slot;
    const Entry& entry = entries_[index - 1];
    if (entry.hash == hash && entry.term == term) return slot;
  }
}

void TermCounts::grow() {
  slots_.assign(slots_.empty() ? kInitialSlots : slots_.size() * 2, 0);
  for (std::size_t i = 0; i < used_; ++i) {
    Entry& entry = entries_[i];
    entry.slot = find_slot(entry.term, entry.hash);
    slots_[entry.slot] = static_cast<uint32_t>(i + 1);
  }
}

void TermCounts::add(std::string_view term, Xapian::termcount wdf) {
  // At most half full, so probes stay short and find_slot always meets an empty slot.
  if ((used_ + 1) * 2 > slots_.size()) grow();
  const std::size_t hash = std::hash<std::string_view>{}(term);
  const std::size_t slot = find_slot(term, hash);
  if (slots_[slot] != 0) {
    entries_[slots_[slot] - 1].wdf += wdf;
    return;
  }
  if (used_ == entries_.size()) entries_.emplace_back();
  Entry& entry = entries_[used_];
  entry.term.assign(term);
  entry.hash = hash;
  entry.slot = slot;
  entry.wdf = wdf;
  slots_[slot] = static_cast<uint32_t>(++used_);
}

Xapian::termcount TermCounts::count(std::string_view term) const {
  if (slots_.empty()) return 0;
  const uint32_t index = slots_[find_slot(term, std::hash<std::string_view>{}(term))];
  return index == 0 ? 0 : entries_[index - 1].wdf;
}

void TermCounts::flush_to(Xapian::Document& xdoc) {
  for (std::size_t i = 0; i < used_; ++i) xdoc.add_term(entries_[i].term, entries_[i].wdf);
  clear();
}

void TermCounts::clear() {
  // Only the slots in use: after one long document the table is large, and most are short.
  for (std::size_t i = 0; i < used_; ++i) slots_[entries_[i].slot] = 0;
  used_ = 0;
}

}  // namespace dalil::indexer
