/// @file searchd/name_aliases.cc
/// @brief Loading and looking up the alias table.
#include "searchd/name_aliases.h"

#include <algorithm>
#include <fstream>

#include "core/error.h"

namespace dalil::searchd {

std::string NameAliases::key_of(const std::vector<std::string>& words) {
  std::string key;
  for (const auto& word : words) {
    if (!key.empty()) key += ' ';
    key += word;
  }
  return key;
}

void NameAliases::add_group(const std::vector<std::string>& forms, analyzers::Analyzer& analyzer) {
  std::vector<AliasForm> group;
  for (const auto& text : forms) {
    AliasForm form{text, {}, {}};
    for (const auto& token : analyzer.analyze(text)) {
      form.words.push_back(token.word);
      form.stems.push_back(token.stem);
    }
    if (!form.words.empty()) group.push_back(std::move(form));
  }
  if (group.size() < 2) return;
  const std::size_t id = groups_.size();
  for (const auto& form : group) {
    auto& ids = index_[key_of(form.words)];
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  groups_.push_back(std::move(group));
}

std::vector<const AliasForm*> NameAliases::others(const std::vector<std::string>& words) const {
  std::vector<const AliasForm*> out;
  const std::string key = key_of(words);
  const auto it = index_.find(key);
  if (it == index_.end()) return out;
  for (const std::size_t id : it->second) {
    for (const auto& form : groups_[id]) {
      if (key_of(form.words) == key) continue;
      if (std::none_of(out.begin(), out.end(),
                       [&](const AliasForm* seen) { return seen->words == form.words; }))
        out.push_back(&form);
    }
  }
  return out;
}

NameAliases load_name_aliases(const std::string& path, analyzers::Analyzer& analyzer) {
  std::ifstream in(path);
  if (!in) {
    throw core::Error(core::ErrorCode::kBadConfig, "name_aliases: cannot read " + path);
  }
  NameAliases aliases;
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    std::vector<std::string> forms;
    std::size_t start = 0;
    while (start <= line.size()) {
      const std::size_t end = std::min(line.find_first_of("|\t", start), line.size());
      std::string form = line.substr(start, end - start);
      const auto first = form.find_first_not_of(" \r");
      if (first != std::string::npos) {
        form = form.substr(first, form.find_last_not_of(" \r") - first + 1);
        forms.push_back(std::move(form));
      }
      start = end + 1;
    }
    if (!forms.empty()) aliases.add_group(forms, analyzer);
  }
  return aliases;
}

}  // namespace dalil::searchd
