/// @file indexer/name_table.cc
/// @brief Name-key table = each name key of the vocabulary -> its words, in the index metadata.
#include "indexer/name_table.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzers/name_key.h"
#include "analyzers/stopwords.h"
#include "core/schema.h"

namespace dalil::indexer {

namespace schema = core::schema;

// Why metadata and not Xapian's synonym table, which would fit the shape (key -> words) and is
// merged across the sub-databases of a Database: Xapian 1.4's remote backend (xapian-tcpsrv,
// where Dalil is going) serves no synonyms at all, silently (synonyms_begin() is empty), while
// it serves metadata (checked with xapian-tcpsrv 1.4.22). Metadata is read from the first
// sub-database only, so a searchd over several shards would read each shard's table itself.

namespace {

// Keys of Latin words start with 'l' (analyzers::name_keys, kIndex).
constexpr char kLatinKey = 'l';

// Xapian refuses longer metadata keys; a key this long is no name anyway.
constexpr std::size_t kMaxKeyBytes = 200;

using Entries = std::vector<std::pair<Xapian::doccount, std::string>>;

bool fits(const std::string& key) {
  return key.size() + schema::kMetadataNameKey.size() <= kMaxKeyBytes;
}

void add_entries(std::unordered_map<std::string, Entries>& table,
                 const std::vector<std::string>& keys, Xapian::doccount freq,
                 const std::string& entry) {
  for (const auto& key : keys) {
    if (fits(key)) table[key].emplace_back(freq, entry);
  }
}

// Whether a word with name keys @p keys is left out for its case: a Latin word written in lower
// case in an index with case evidence.
bool not_a_name(const Xapian::Database& vocabulary, bool by_case, const std::string& word,
                const std::vector<std::string>& keys) {
  return by_case && keys.front().front() == kLatinKey &&
         !analyzers::reads_as_name(analyzers::latin_case(vocabulary, word));
}

// Writes the list of @p key (@p entries, in any order) unless it equals @p stored, the list as
// it is; an empty list removes the key.
void write_entries(Xapian::WritableDatabase& db, const std::string& key, Entries& entries,
                   const std::string* stored, NameTableStats& stats) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::string value;
  for (const auto& [freq, entry] : entries) {
    if (!value.empty()) value += schema::kNameTableSeparator;
    value += entry;
  }
  if (!entries.empty()) ++stats.keys;
  stats.words += static_cast<Xapian::termcount>(entries.size());
  if (stored != nullptr ? *stored == value : value.empty()) return;
  db.set_metadata(std::string(schema::kMetadataNameKey) + key, value);
  ++stats.changed;
}

}  // namespace

NameTableStats update_name_table(Xapian::WritableDatabase& db) {
  return update_name_table(db, db);
}

NameTableStats update_name_table(const Xapian::Database& vocabulary, Xapian::WritableDatabase& db) {
  NameTableStats stats;
  std::unordered_map<std::string, Entries> wanted;
  // Compound names: "N" + word + ' ' + الله/allah. Older indexes hold "N" + key terms (no
  // space): they are not names of the vocabulary and are left out.
  const std::string compound_prefix(schema::kPrefixNameKey);
  for (auto it = vocabulary.allterms_begin(compound_prefix);
       it != vocabulary.allterms_end(compound_prefix); ++it) {
    const std::string term = *it;
    const std::string_view name = std::string_view(term).substr(compound_prefix.size());
    const std::size_t space = name.find(' ');
    if (space == std::string_view::npos) continue;
    add_entries(wanted,
                analyzers::compound_name_keys(name.substr(0, space), name.substr(space + 1),
                                              analyzers::NameKeyUse::kIndex),
                it.get_termfreq(), std::string(name));
  }
  // Words: the unprefixed terms. A Latin word enters only when it reads as a name (written
  // capitalised in mid-sentence), so "used" does not stand for الأسد; an index without that
  // evidence lists every word.
  const bool by_case = analyzers::has_case_evidence(vocabulary);
  for (auto it = vocabulary.allterms_begin(); it != vocabulary.allterms_end(); ++it) {
    std::string word = *it;
    if (schema::is_prefixed_term(word)) {
      it.skip_to(std::string(schema::kAfterPrefixedTerms));
      if (it == vocabulary.allterms_end()) break;
      word = *it;
    }
    if (analyzers::is_stop_word(word)) continue;
    const auto keys = analyzers::name_keys(word, analyzers::NameKeyUse::kIndex);
    if (keys.empty()) continue;
    if (not_a_name(vocabulary, by_case, word, keys)) {
      ++stats.not_names;
      continue;
    }
    add_entries(wanted, keys, it.get_termfreq(), word);
  }

  // The table as it is, then only the keys whose list changed are written.
  const std::string meta_prefix(schema::kMetadataNameKey);
  std::unordered_map<std::string, std::string> stored;
  for (auto it = db.metadata_keys_begin(meta_prefix); it != db.metadata_keys_end(meta_prefix);
       ++it) {
    stored.emplace((*it).substr(meta_prefix.size()), db.get_metadata(*it));
  }
  for (auto& [key, entries] : wanted) {
    const auto known = stored.find(key);
    if (known == stored.end()) {
      write_entries(db, key, entries, nullptr, stats);
    } else {
      write_entries(db, key, entries, &known->second, stats);
      stored.erase(known);
    }
  }
  // Keys none of whose words is indexed any more.
  Entries none;
  for (const auto& [key, old] : stored) write_entries(db, key, none, &old, stats);
  db.set_metadata(std::string(schema::kMetadataNameKeyForm), std::string(schema::kNameKeyForm));
  return stats;
}

NameTableStats update_name_table(Xapian::WritableDatabase& db,
                                 const std::vector<std::string>& words) {
  // A table of another version of the keys is rebuilt whole, once.
  if (db.get_metadata(std::string(schema::kMetadataNameKeyForm)) != schema::kNameKeyForm)
    return update_name_table(db);
  NameTableStats stats;
  const bool by_case = analyzers::has_case_evidence(db);
  const std::string compound_prefix(schema::kPrefixNameKey);
  // Every key of a changed word or compound name, with the entries to weigh for it: the changed
  // ones here, the ones it lists now below. A word of the key that this run did not touch kept
  // its frequency and case, so it is listed now exactly when it belongs there.
  std::map<std::string, std::vector<std::string>> keys;
  for (const auto& term : words) {
    if (term.starts_with(compound_prefix)) {
      const std::string name = term.substr(compound_prefix.size());
      const std::size_t space = name.find(' ');
      if (space == std::string::npos) continue;
      for (auto& key : analyzers::compound_name_keys(std::string_view(name).substr(0, space),
                                                     std::string_view(name).substr(space + 1),
                                                     analyzers::NameKeyUse::kIndex)) {
        if (fits(key)) keys[std::move(key)].push_back(name);
      }
    } else if (!schema::is_prefixed_term(term) && !analyzers::is_stop_word(term)) {
      for (auto& key : analyzers::name_keys(term, analyzers::NameKeyUse::kIndex)) {
        if (fits(key)) keys[std::move(key)].push_back(term);
      }
    }
  }
  for (auto& [key, candidates] : keys) {
    const std::string stored = db.get_metadata(std::string(schema::kMetadataNameKey) + key);
    for (std::size_t start = 0; start < stored.size();) {
      std::size_t end = stored.find(schema::kNameTableSeparator, start);
      if (end == std::string::npos) end = stored.size();
      candidates.push_back(stored.substr(start, end - start));
      start = end + 1;
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    Entries entries;
    for (const auto& entry : candidates) {
      if (entry.find(' ') != std::string::npos) {
        const Xapian::doccount freq = db.get_termfreq(compound_prefix + entry);
        if (freq > 0) entries.emplace_back(freq, entry);
        continue;
      }
      const Xapian::doccount freq = db.get_termfreq(entry);
      if (freq == 0) continue;
      if (not_a_name(db, by_case, entry,
                     analyzers::name_keys(entry, analyzers::NameKeyUse::kIndex))) {
        ++stats.not_names;
        continue;
      }
      entries.emplace_back(freq, entry);
    }
    write_entries(db, key, entries, stored.empty() ? nullptr : &stored, stats);
  }
  return stats;
}

NameTableStats update_name_table(const std::string& path) {
  Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
  const NameTableStats stats = update_name_table(db);
  db.commit();
  return stats;
}

}  // namespace dalil::indexer
