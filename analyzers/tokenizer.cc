/// @file analyzers/tokenizer.cc
/// @brief ICU BreakIterator on a UTF-8 UText, so break positions are byte offsets.
#include "analyzers/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <stdexcept>

namespace dalil::analyzers {

namespace {

// The script class of one code point; kNumber stands for "no script of its own" (digits,
// punctuation inside a word, combining marks), which joins whatever letters surround it.
Script script_of(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode code = uscript_getScript(c, &status);
  switch (code) {
    case USCRIPT_ARABIC: return Script::kArabic;
    case USCRIPT_LATIN: return Script::kLatin;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED: return Script::kNumber;
    default: return Script::kOther;
  }
}

// Splits the word [begin, end) at every change between two letter scripts and appends the parts.
void split_by_script(std::string_view text, uint32_t begin, uint32_t end, std::vector<Span>& out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(begin);
  const auto limit = static_cast<int32_t>(end);
  Span current{begin, begin, Script::kNumber};
  while (i < limit) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, limit, c);
    const Script script = c < 0 ? Script::kOther : script_of(c);
    if (script != Script::kNumber && current.script != Script::kNumber && script != current.script) {
      out.push_back(current);
      current = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(start), script};
    } else if (script != Script::kNumber) {
      current.script = script;
    }
    current.end = static_cast<uint32_t>(i);
  }
  if (current.end > current.begin) out.push_back(current);
}

}  // namespace

Tokenizer::Tokenizer() {
  UErrorCode status = U_ZERO_ERROR;
  words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !words_) throw std::runtime_error("ICU word break iterator unavailable");
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

void Tokenizer::tokenize(std::string_view text, std::vector<Span>& out) {
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU cannot open text");
  words_->setText(utext, status);
  if (U_FAILURE(status)) {
    utext_close(utext);
    throw std::runtime_error("ICU cannot segment text");
  }
  int32_t start = words_->first();
  for (int32_t end = words_->next(); end != icu::BreakIterator::DONE; start = end, end = words_->next()) {
    // Rule status below UBRK_WORD_NONE_LIMIT marks spaces and punctuation.
    if (words_->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    split_by_script(text, static_cast<uint32_t>(start), static_cast<uint32_t>(end), out);
  }
  // The iterator keeps a pointer to the UText; detach it before the UText goes away.
  words_->setText(icu::UnicodeString());
  utext_close(utext);
}

}  // namespace dalil::analyzers
