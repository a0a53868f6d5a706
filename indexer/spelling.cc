/// @file indexer/spelling.cc
/// @brief Spelling table = unprefixed terms with their document frequencies.
#include "indexer/spelling.h"

#include <algorithm>
#include <unordered_map>

#include "core/schema.h"
#include "core/spelling_form.h"
#include "core/utf8.h"

namespace dalil::indexer {

namespace schema = core::schema;

namespace {

// A word worth suggesting: an unprefixed term of at least 3 bytes and with no digit.
bool is_spelling_word(const std::string& term) {
  return term.size() >= 3 && !schema::is_prefixed_term(term) &&
         std::none_of(term.begin(), term.end(), core::is_ascii_digit);
}

}  // namespace

SpellingStats update_spelling(Xapian::WritableDatabase& db) {
  return update_spelling(db, db);
}

SpellingStats update_spelling(const Xapian::Database& vocabulary, Xapian::WritableDatabase& db) {
  SpellingStats stats;
  // The table as it is (Xapian 1.4 reads one entry's frequency only by iterating), read
  // whole before it changes.
  std::vector<std::pair<std::string, Xapian::termcount>> entries;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
    entries.emplace_back(*it, it.get_termfreq());
  std::unordered_map<std::string, Xapian::termcount> table;
  for (auto& [entry, freq] : entries) {
    std::string word = core::from_spelling_entry(entry);
    if (core::to_spelling_entry(word) != entry || !vocabulary.term_exists(word)) {
      // Words that left the index leave the table, and so do entries written as UTF-8 by
      // an older dalil-index: the word comes back below in the table's form.
      db.remove_spelling(entry, freq);
      ++stats.changed;
      continue;
    }
    table.emplace(std::move(word), freq);
  }
  for (auto it = vocabulary.allterms_begin(); it != vocabulary.allterms_end(); ++it) {
    if (schema::is_prefixed_term(*it)) {
      it.skip_to(std::string(schema::kAfterPrefixedTerms));
      if (it == vocabulary.allterms_end()) break;
    }
    const std::string term = *it;
    if (!is_spelling_word(term)) continue;
    // A word of one document is left out: in an archive that is mostly typos, OCR noise and
    // names no one misspells, and it is more than half of the vocabulary, so of this pass's
    // cost (Xapian indexes every spelling word by its n-grams).
    const Xapian::doccount docs = it.get_termfreq();
    const Xapian::termcount target = docs >= kMinSpellingDocuments ? docs : 0;
    const auto known = table.find(term);
    const Xapian::termcount current = known == table.end() ? 0 : known->second;
    if (target != current) {
      const std::string entry = core::to_spelling_entry(term);
      if (target > current) {
        db.add_spelling(entry, target - current);
      } else {
        db.remove_spelling(entry, current - target);
      }
      ++stats.changed;
    }
    if (target > 0) ++stats.words;
  }
  db.set_metadata(std::string(schema::kMetadataSpellingForm),
                  std::string(core::kSpellingFormLetterBytes));
  return stats;
}

SpellingStats update_spelling(Xapian::WritableDatabase& db, const std::vector<std::string>& words) {
  // A table in an older form (or changed by an older dalil-index) is rewritten whole, once.
  if (core::spelling_form_of(db) != core::SpellingForm::kLetterBytes) return update_spelling(db);
  SpellingStats stats;
  // The words' entries, sorted as the table is (the entries of Arabic words sort before
  // non-ASCII UTF-8 ones, unlike the words themselves), so skip_to below only moves forward.
  std::vector<std::pair<std::string, const std::string*>> entries;
  for (const auto& word : words) {
    if (is_spelling_word(word)) entries.emplace_back(core::to_spelling_entry(word), &word);
  }
  std::sort(entries.begin(), entries.end());
  // Each entry's frequency in the table as it is, read before any change: the iterator is the
  // only reader of one entry's frequency in Xapian 1.4, and skip_to walks the sorted entries
  // forward once.
  std::vector<Xapian::termcount> current;
  current.reserve(entries.size());
  auto table = db.spellings_begin();
  for (const auto& [entry, word] : entries) {
    Xapian::termcount freq = 0;
    if (table != db.spellings_end()) {
      table.skip_to(entry);
      if (table != db.spellings_end() && *table == entry) freq = table.get_termfreq();
    }
    current.push_back(freq);
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& [entry, word] = entries[i];
    const Xapian::termcount freq = current[i];
    const Xapian::doccount docs = db.get_termfreq(*word);
    const Xapian::termcount target = docs >= kMinSpellingDocuments ? docs : 0;
    if (target > freq) {
      db.add_spelling(entry, target - freq);
      ++stats.changed;
    } else if (target < freq) {
      db.remove_spelling(entry, freq - target);
      ++stats.changed;
    }
    if (target > 0) ++stats.words;
  }
  return stats;
}

SpellingStats update_spelling(const std::string& path) {
  Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
  const SpellingStats stats = update_spelling(db);
  db.commit();
  return stats;
}

}  // namespace dalil::indexer
