/// @file analyzers/name_keys_main.cc
/// @brief dalil-name-keys: prints the query and index name keys of each line of standard input.
///
/// Each input line is analysed like text: the output line is the input, a tab, the query key
/// groups as the query parser makes them for the line in quotes (groups separated by " & ", a
/// group's keys by "|"), a tab, and the keys the indexer stores for the line (separated by
/// "|"), so bench/relevance/names.py can check keys without an index.
#include <iostream>
#include <string>

#include "analyzers/analyzer.h"
#include "analyzers/name_key.h"

int main() {
  using namespace dalil::analyzers;
  Analyzer analyzer(1u << 12);
  std::string line;
  while (std::getline(std::cin, line)) {
    std::vector<std::string> words;
    for (const auto& token : analyzer.analyze(line)) words.push_back(token.word);
    std::cout << line << '\t';
    const auto groups = query_name_keys(words);
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (g > 0) std::cout << " & ";
      for (std::size_t k = 0; k < groups[g].size(); ++k)
        std::cout << (k > 0 ? "|" : "") << groups[g][k];
    }
    std::cout << '\t';
    bool first = true;
    for (std::size_t i = 0; i < words.size(); ++i) {
      auto keys = name_keys(words[i], NameKeyUse::kIndex);
      if (i + 1 < words.size()) {
        for (auto& key : compound_name_keys(words[i], words[i + 1], NameKeyUse::kIndex))
          keys.push_back(std::move(key));
      }
      for (const auto& key : keys) {
        std::cout << (first ? "" : "|") << key;
        first = false;
      }
    }
    std::cout << '\n';
  }
  return 0;
}
