/// @file searchd/page_values.cc
/// @brief PageValues: a page's value slots read slot by slot in docid order, within a budget.
#include "searchd/page_values.h"

#include <algorithm>

namespace dalil::searchd {

PageValues::PageValues(const Xapian::Database& db, std::vector<Xapian::docid> docids,
                       std::vector<Xapian::valueno> slots, std::size_t max_bytes)
    : docids_(std::move(docids)), slots_(std::move(slots)) {
  values_.resize(docids_.size() * slots_.size());
  read_.assign(values_.size(), false);
  std::vector<Xapian::Document> docs;
  docs.reserve(docids_.size());
  // Lazily: without the flag, get_document reads the document's length to check it exists.
  for (const Xapian::docid did : docids_)
    docs.push_back(db.get_document(did, Xapian::DOC_ASSUME_VALID));
  std::size_t bytes = 0;
  for (std::size_t k = 0; k < slots_.size(); ++k) {
    for (std::size_t i = 0; i < docs.size() && bytes < max_bytes; ++i) {
      const std::size_t at = i * slots_.size() + k;
      values_[at] = docs[i].get_value(slots_[k]);
      read_[at] = true;
      bytes += values_[at].size();
    }
  }
}

const std::string* PageValues::find(Xapian::docid did, Xapian::valueno slot) const {
  const auto slot_at = std::find(slots_.begin(), slots_.end(), slot);
  const auto doc_at = std::lower_bound(docids_.begin(), docids_.end(), did);
  if (slot_at == slots_.end() || doc_at == docids_.end() || *doc_at != did) return nullptr;
  const std::size_t at = static_cast<std::size_t>(doc_at - docids_.begin()) * slots_.size() +
                         static_cast<std::size_t>(slot_at - slots_.begin());
  return read_[at] ? &values_[at] : nullptr;
}

}  // namespace dalil::searchd
