/// @file searchd/name_aliases.h
/// @brief Exonyms and other names no transliteration reaches (Aleppo/حلب), read once at start.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "analyzers/analyzer.h"

namespace dalil::searchd {

/// One written form of a name, analysed.
struct AliasForm {
  std::string text;                ///< As written in the file.
  std::vector<std::string> words;  ///< Normalised words (phrases).
  std::vector<std::string> stems;  ///< Their stems (one-word forms match the stem).
};

/// Groups of forms that name the same thing. A query word or phrase equal to one form (after
/// normalisation) also matches the group's other forms. Immutable after loading, so the server's
/// threads share one.
class NameAliases {
 public:
  /// Adds one group; forms that analyse to no word are skipped.
  void add_group(const std::vector<std::string>& forms, analyzers::Analyzer& analyzer);

  /// The other forms of the group(s) @p words (normalised, in order) belong to; empty if none.
  std::vector<const AliasForm*> others(const std::vector<std::string>& words) const;

  std::size_t groups() const { return groups_.size(); }

 private:
  static std::string key_of(const std::vector<std::string>& words);
  std::vector<std::vector<AliasForm>> groups_;
  std::unordered_map<std::string, std::vector<std::size_t>> index_;  // key -> groups
};

/// Reads @p path: one group a line, forms separated by '|' or tabs, '#' starts a comment.
/// Throws core::Error(kBadConfig) when the file cannot be read.
NameAliases load_name_aliases(const std::string& path, analyzers::Analyzer& analyzer);

}  // namespace dalil::searchd
