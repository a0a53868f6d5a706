/// @file analyzers/tokenizer.cc
/// @brief ICU BreakIterator on a UTF-8 UText, so break positions are byte offsets.
#include "analyzers/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <array>
#include <stdexcept>

namespace dalil::analyzers {

CharClass char_class(UChar32 c) {
  if (u_isdigit(c)) return CharClass::kDigit;
  if (!u_isalpha(c)) return CharClass::kJoiner;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_ARABIC:
      return CharClass::kArabicLetter;
    case USCRIPT_LATIN:
      return CharClass::kLatinLetter;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
      return CharClass::kJoiner;  // tatweel and the like
    default:
      return CharClass::kOtherLetter;
  }
}

bool is_connector(UChar32 c) {
  return u_charType(c) == U_CONNECTOR_PUNCTUATION;
}

namespace {

using Class = CharClass;

// Whether a word must be cut between two classes: where the letter script changes
// ("iPhoneالجديد"), and between Arabic letters and digits, since Arabic clitics attach to
// numbers ("و2011", "ب١٠٠"). Latin letters and digits stay together ("G20", "MH17").
bool must_split(Class a, Class b) {
  if (a == b || a == Class::kJoiner || b == Class::kJoiner) return false;
  if (a == Class::kDigit) return b == Class::kArabicLetter;
  if (b == Class::kDigit) return a == Class::kArabicLetter;
  return true;
}

Script script_of(Class c) {
  switch (c) {
    case Class::kArabicLetter:
      return Script::kArabic;
    case Class::kLatinLetter:
      return Script::kLatin;
    case Class::kOtherLetter:
      return Script::kOther;
    default:
      return Script::kNumber;
  }
}

// Bit of a CodePointTable entry set for connector punctuation ("_").
constexpr uint8_t kConnector = 0x80;

}  // namespace

CodePointTable::CodePointTable() {
  for (UChar32 c = 0; c < kSize; ++c) {
    entries_[static_cast<std::size_t>(c)] = static_cast<uint8_t>(
        static_cast<uint8_t>(char_class(c)) | (is_connector(c) ? kConnector : 0));
  }
}

CharClass CodePointTable::lookup(UChar32 c, bool& connector) const {
  if (c >= 0 && c < kSize) {
    const uint8_t entry = entries_[static_cast<std::size_t>(c)];
    connector = (entry & kConnector) != 0;
    return static_cast<CharClass>(entry & ~kConnector);
  }
  connector = c >= 0 && is_connector(c);
  return c < 0 ? CharClass::kOtherLetter : char_class(c);
}

namespace {

// Splits the word [begin, end) where must_split() says so and appends the parts. A part's script
// is that of its letters; a part without letters is a number.
void split_by_script(std::string_view text, uint32_t begin, uint32_t end,
                     const CodePointTable& table, std::vector<Span>& out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(begin);
  const auto limit = static_cast<int32_t>(end);
  Span current{begin, begin, Script::kNumber};
  Class last = Class::kJoiner;  // Last class other than kJoiner in the current part.
  while (i < limit) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, limit, c);
    // ICU keeps words joined by "_" (ExtendNumLet) together; hashtags and handles
    // (#عاصي_الحلاني, snake_case) are found by each of their words, and by the whole as a
    // phrase of them.
    // A handle is found by its name: "@user" gives "user" (ICU keeps the @ of "@user" but
    // e-mail addresses, user@example.org, stay whole).
    if (c == '@' && current.end == current.begin) {
      current = Span{static_cast<uint32_t>(i), static_cast<uint32_t>(i), Script::kNumber};
      continue;
    }
    bool connector = false;
    const Class cls = table.lookup(c, connector);
    if (connector) {
      if (current.end > current.begin) out.push_back(current);
      current = Span{static_cast<uint32_t>(i), static_cast<uint32_t>(i), Script::kNumber};
      last = Class::kJoiner;
      continue;
    }
    if (must_split(last, cls)) {
      out.push_back(current);
      current = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(start), Script::kNumber};
    }
    if (cls != Class::kJoiner) {
      last = cls;
      if (cls != Class::kDigit) current.script = script_of(cls);
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
  // A UText on the stack: ICU fills it instead of allocating one per call.
  UText stack_text = UTEXT_INITIALIZER;
  UText* utext =
      utext_openUTF8(&stack_text, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU cannot open text");
  words_->setText(utext, status);
  if (U_FAILURE(status)) {
    utext_close(utext);
    throw std::runtime_error("ICU cannot segment text");
  }
  int32_t start = words_->first();
  for (int32_t end = words_->next(); end != icu::BreakIterator::DONE;
       start = end, end = words_->next()) {
    // Rule status below UBRK_WORD_NONE_LIMIT marks spaces and punctuation.
    if (words_->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    split_by_script(text, static_cast<uint32_t>(start), static_cast<uint32_t>(end), table_, out);
  }
  // The iterator keeps a pointer to the UText; detach it before the UText goes away.
  words_->setText(icu::UnicodeString());
  utext_close(utext);
}

}  // namespace dalil::analyzers
