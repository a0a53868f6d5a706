/// @file indexer/implicit_spelling.cc
/// @brief The implicit-spelling table in index metadata, and the sample that chooses its entries.
#include "indexer/implicit_spelling.h"

#include <algorithm>
#include <tuple>

#include "core/passage_table.h"
#include "core/schema.h"

namespace dalil::indexer {

namespace schema = core::schema;

ImplicitSpellings ImplicitSpellings::read(const Xapian::Database& db) {
  ImplicitSpellings table;
  const std::string prefix(schema::kMetadataImplicitSpelling);
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    const std::string& full = *key;
    table.add(full.substr(prefix.size()), db.get_metadata(full));
  }
  return table;
}

bool ImplicitSpellings::add(std::string word, std::string spelling) {
  return table_.try_emplace(std::move(word), std::move(spelling)).second;
}

void ImplicitSpellings::write(Xapian::WritableDatabase& db) const {
  std::string key(schema::kMetadataImplicitSpelling);
  const std::size_t prefix = key.size();
  for (const auto& [word, spelling] : table_) {
    key.resize(prefix);
    key += word;
    db.set_metadata(key, spelling);
  }
}

SpellingSample::SpellingSample(const analyzers::AnalyzerOptions& analyzer)
    : analyzer_(analyzers::Analyzer::kIndexerCacheWords, analyzer) {}

void SpellingSample::count(std::string_view text) {
  bytes_ += text.size();
  analyzer_.analyze_views(text, tokens_);
  for (const auto& token : tokens_) {
    auto it = words_.find(token.word);
    if (it == words_.end()) it = words_.try_emplace(std::string(token.word)).first;
    Spellings& spellings = it->second;
    if (token.exact == token.word) {
      ++spellings.plain;
      continue;
    }
    auto other = std::find_if(spellings.others.begin(), spellings.others.end(),
                              [&token](const auto& entry) { return entry.first == token.exact; });
    if (other == spellings.others.end()) {
      spellings.others.emplace_back(std::string(token.exact), 1);
    } else {
      ++other->second;
    }
  }
}

void SpellingSample::add(const core::Document& doc) {
  count(doc.title);
  // Paragraph by paragraph, as the document builder reads a body without passages: a long
  // transcript is not held as one list of tokens.
  for (const auto& paragraph : core::split_paragraphs(doc.body))
    count(std::string_view(doc.body).substr(paragraph.start, paragraph.end - paragraph.start));
  for (const auto& text : doc.extra_text) count(text);
}

std::vector<SpellingChoice> SpellingSample::choices() const {
  std::vector<SpellingChoice> out;
  for (const auto& [word, spellings] : words_) {
    if (spellings.others.empty()) continue;
    // Once another spelling is implicit, the normalised one needs an exact term of its own.
    if (schema::kPrefixExact.size() + 2 * word.size() + 1 > schema::kMaxTermBytes) continue;
    const auto best = std::min_element(
        spellings.others.begin(), spellings.others.end(), [](const auto& a, const auto& b) {
          return std::tie(b.second, a.first) < std::tie(a.second, b.first);
        });
    if (best->second > spellings.plain) out.push_back({word, best->first});
  }
  std::sort(out.begin(), out.end(),
            [](const SpellingChoice& a, const SpellingChoice& b) { return a.word < b.word; });
  return out;
}

}  // namespace dalil::indexer
