/// @file indexer/name_table.cc
/// @brief Name-key table = each name key of the vocabulary -> its words, in the index metadata.
#include "indexer/name_table.h"

#include <algorithm>
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

void add_entries(std::unordered_map<std::string, Entries>& table,
                 const std::vector<std::string>& keys, Xapian::doccount freq,
                 const std::string& entry) {
  for (const auto& key : keys) {
    if (key.size() + schema::kMetadataNameKey.size() > kMaxKeyBytes) continue;
    table[key].emplace_back(freq, entry);
  }
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
    if (by_case && keys.front().front() == kLatinKey &&
        !analyzers::reads_as_name(analyzers::latin_case(vocabulary, word))) {
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
  std::string value;
  for (auto& [key, entries] : wanted) {
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    value.clear();
    for (const auto& [freq, entry] : entries) {
      if (!value.empty()) value += schema::kNameTableSeparator;
      value += entry;
    }
    ++stats.keys;
    stats.words += static_cast<Xapian::termcount>(entries.size());
    const auto known = stored.find(key);
    if (known != stored.end()) {
      const bool same = known->second == value;
      stored.erase(known);
      if (same) continue;
    }
    db.set_metadata(meta_prefix + key, value);
    ++stats.changed;
  }
  // Keys none of whose words is indexed any more.
  for (const auto& [key, old] : stored) {
    db.set_metadata(meta_prefix + key, "");
    ++stats.changed;
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
