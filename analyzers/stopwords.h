/// @file analyzers/stopwords.h
/// @brief Small English and Arabic stop-word lists, compared on normalised words.
#pragma once

#include <span>
#include <string_view>

namespace dalil::analyzers {

/// Whether @p normalised_word (the output of normalize_word, as in Token::word) is a stop word
/// of English or Arabic. The lists are normalised once, at first use, so every spelling that
/// normalises alike meets: أن, ان and إن are all stop words.
bool is_stop_word(std::string_view normalised_word);

/// The lists as written (not normalised), for tests and documentation.
std::span<const std::string_view> english_stop_words();
std::span<const std::string_view> arabic_stop_words();

}  // namespace dalil::analyzers
