/// @file indexer/spelling.cc
/// @brief Spelling table = unprefixed terms with their document frequencies.
#include "indexer/spelling.h"

#include <algorithm>
#include <unordered_map>

#include "core/schema.h"
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
  // The table as it is (Xapian 1.4 reads one word's spelling frequency only by iterating).
  std::unordered_map<std::string, Xapian::termcount> table;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
    table.emplace(*it, it.get_termfreq());
  // Words that left the index leave the table.
  for (const auto& [word, freq] : table) {
    if (!vocabulary.term_exists(word)) {
      db.remove_spelling(word, freq);
      ++stats.changed;
    }
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
    if (target > current) {
      db.add_spelling(term, target - current);
      ++stats.changed;
    } else if (target < current) {
      db.remove_spelling(term, current - target);
      ++stats.changed;
    }
    if (target > 0) ++stats.words;
  }
  return stats;
}

SpellingStats update_spelling(Xapian::WritableDatabase& db, const std::vector<std::string>& words) {
  SpellingStats stats;
  // Each word's frequency in the table as it is, read before any change: the iterator is the
  // only reader of one word's frequency in Xapian 1.4, and skip_to walks the sorted words
  // forward once.
  std::vector<std::pair<const std::string*, Xapian::termcount>> current;
  auto table = db.spellings_begin();
  for (const auto& word : words) {
    if (!is_spelling_word(word)) continue;
    Xapian::termcount freq = 0;
    if (table != db.spellings_end()) {
      table.skip_to(word);
      if (table != db.spellings_end() && *table == word) freq = table.get_termfreq();
    }
    current.emplace_back(&word, freq);
  }
  for (const auto& [word, freq] : current) {
    const Xapian::doccount docs = db.get_termfreq(*word);
    const Xapian::termcount target = docs >= kMinSpellingDocuments ? docs : 0;
    if (target > freq) {
      db.add_spelling(*word, target - freq);
      ++stats.changed;
    } else if (target < freq) {
      db.remove_spelling(*word, freq - target);
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
