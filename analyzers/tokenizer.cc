/// @file analyzers/tokenizer.cc
/// @brief ICU BreakIterator on a UTF-8 UText, so break positions are byte offsets, behind a fast
///        path that segments plain chunks between white space without ICU.
#include "analyzers/tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <array>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <utility>

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
// @p lookup(c, connector) is CodePointTable::lookup or the same from Tokenizer's entries.
template <typename Lookup>
void split_by_script(std::string_view text, uint32_t begin, uint32_t end, Lookup&& lookup,
                     std::vector<Span>& out) {
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
    const Class cls = lookup(c, connector);
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

// The fast path (Tokenizer::tokenize_fast).
//
// ICU breaks on both sides of ASCII white space, except that combining marks right after it
// belong to it (UAX #29 rule WB4), and UAX #29's rules that join across a character look only at
// its neighbours, never past white space. So the text is cut into chunks at ASCII white space,
// and a chunk of the kinds below is segmented by a state machine that follows rules WB4 to WB13b
// restricted to them; a chunk with anything else (Hebrew, kana, CJK and Thai with their
// dictionaries, emoji sequences, regional indicators, a mark at its start, a lone "_"...) goes to
// ICU. A code point's kind comes from its Word_Break property and is then confirmed by ICU's own
// iterator on a few strings around it (Tokenizer::compute_entry): ICU tailors UAX #29 (its colon
// breaks, its "@" joins), and a code point whose behaviour does not match its kind is tried as a
// plain letter or a plain break, else goes to ICU.
enum class Kind : uint8_t {
  kUnknown = 0,  // entry not computed yet
  kSlow,         // the chunk goes to ICU
  kLetter,       // Word_Break=ALetter: joins letters and digits
  kDigit,        // Word_Break=Numeric
  kMark,         // Word_Break=Extend or Format: belongs to what precedes it (WB4)
  kMidLetter,    // joins two letters (WB6, WB7)
  kMidNum,       // joins two digits (WB11, WB12)
  kMidBoth,      // joins two letters or two digits (MidNumLet, Single_Quote)
  kBreak,        // breaks on both sides; marks after it belong to it
  kJoin,         // Word_Break=ExtendNumLet: joins letters, digits and itself (WB13a, WB13b)
  kSpace,        // ASCII white space: breaks on both sides and ends a chunk
};

// A Tokenizer entry: Kind in the low 4 bits, CharClass in the next 3, connector in the top bit.
constexpr uint8_t kKindMask = 0x0F;
constexpr int kClassShift = 4;
constexpr uint8_t kClassMask = 0x07;
constexpr uint8_t kEntryConnector = 0x80;
constexpr std::size_t kEntries = 0x10000;  // the BMP; other planes always go to ICU

Kind kind_of(uint8_t entry) {
  return static_cast<Kind>(entry & kKindMask);
}

// The kind UAX #29 gives @p c, before ICU confirms it.
Kind property_kind(UChar32 c) {
  if (c < 0x80 && u_isUWhiteSpace(c)) return Kind::kSpace;
  // ICU's dictionary break engines (Thai, Lao, Khmer, Burmese: Line_Break=Complex_Context;
  // Chinese, Japanese, Korean) and its CJK rule statuses.
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL:
      return Kind::kSlow;
    default:
      break;
  }
  if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT ||
      u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) ||
      u_getIntPropertyValue(c, UCHAR_HANGUL_SYLLABLE_TYPE) != U_HST_NOT_APPLICABLE) {
    return Kind::kSlow;
  }
  switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER:
      return Kind::kLetter;
    case U_WB_NUMERIC:
      return Kind::kDigit;
    case U_WB_EXTEND:
    case U_WB_FORMAT:
      return Kind::kMark;
    case U_WB_MIDLETTER:
      return Kind::kMidLetter;
    case U_WB_MIDNUM:
      return Kind::kMidNum;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE:
      return Kind::kMidBoth;
    case U_WB_EXTENDNUMLET:
      return Kind::kJoin;
    case U_WB_OTHER:
    case U_WB_DOUBLE_QUOTE:  // joins only Hebrew letters, which go to ICU
    case U_WB_WSEGSPACE:
      return Kind::kBreak;
    default:  // CR, LF, Newline, ZWJ, Hebrew_Letter, Katakana, Regional_Indicator...
      return Kind::kSlow;
  }
}

// What ICU must do with a code point of each kind, as strings in which X stands for the code
// point and brackets mark the words (rule status at least UBRK_WORD_NONE_LIMIT); "a" is a
// letter, "1" a digit, U+0301 a combining mark. Only words are compared: the breaks inside the
// rest do not matter to the tokenizer.
const std::initializer_list<std::u16string_view>& probes(Kind kind) {
  static const std::initializer_list<std::u16string_view> kLetter = {
      u"[X]",   u"[XX]",  u"[aX]",      u"[Xa]",       u"[1X]",    u"[X1]",    u"[aXa]",
      u"[X'a]", u"[a'X]", u"[X\u0301]", u"[X\u0301a]", u"[X].[1]", u"[1].[X]", u"[X],[X]"};
  static const std::initializer_list<std::u16string_view> kDigit = {
      u"[X]",   u"[XX]",  u"[1X]",    u"[X1]",    u"[aX]",      u"[Xa]",      u"[X.1]",
      u"[1,X]", u"[X'X]", u"[X].[a]", u"[a].[X]", u"[X\u0301]", u"[X\u03011]"};
  static const std::initializer_list<std::u16string_view> kMark = {
      u"[aX]", u"[1X]", u"[aXa]", u"[1X1]", u"[a'Xa]", u"[1,X1]", u"[aX'a]", u"[a]!X[a]"};
  static const std::initializer_list<std::u16string_view> kMidLetter = {
      u"[aXa]",   u"[1]X[1]",     u"[a]X", u"X[a]",     u"[a]X[1]",
      u"[1]X[a]", u"[aX\u0301a]", u"X",    u"[a]XX[a]", u"[a]X\u0301"};
  static const std::initializer_list<std::u16string_view> kMidNum = {
      u"[1X1]",   u"[a]X[a]",     u"[1]X", u"X[1]",     u"[1]X[a]",
      u"[a]X[1]", u"[1X\u03011]", u"X",    u"[1]XX[1]", u"[1]X\u0301"};
  static const std::initializer_list<std::u16string_view> kMidBoth = {
      u"[aXa]", u"[1X1]",       u"[a]X[1]",     u"[1]X[a]", u"[a]X",
      u"X[1]",  u"[aX\u0301a]", u"[1X\u03011]", u"X",       u"[a]XX[a]"};
  static const std::initializer_list<std::u16string_view> kBreak = {
      u"[a]X[a]", u"[1]X[1]", u"X", u"X\u0301[a]", u"[a]X\u0301[a]", u"[a]'X", u"X[a]X"};
  static const std::initializer_list<std::u16string_view> kJoin = {
      u"[aXa]", u"[1X1]", u"[aX]",   u"[Xa]",  u"[1X]",
      u"[X1]",  u"X",     u"[Xa'a]", u"[a]'X", u"[X\u0301a]"};
  static const std::initializer_list<std::u16string_view> kSpace = {u"[a]X[a]", u"[1]X[1]", u"X"};
  static const std::initializer_list<std::u16string_view> kNone = {};
  switch (kind) {
    case Kind::kLetter:
      return kLetter;
    case Kind::kDigit:
      return kDigit;
    case Kind::kMark:
      return kMark;
    case Kind::kMidLetter:
      return kMidLetter;
    case Kind::kMidNum:
      return kMidNum;
    case Kind::kMidBoth:
      return kMidBoth;
    case Kind::kBreak:
      return kBreak;
    case Kind::kJoin:
      return kJoin;
    case Kind::kSpace:
      return kSpace;
    default:
      return kNone;
  }
}

// Whether a word ending in a letter, digit or "_" of kind @p before continues across a mid
// character of kind @p mid to one of kind @p after (WB6, WB7, WB11, WB12).
bool mid_joins(Kind before, Kind mid, Kind after) {
  if (before == Kind::kLetter && after == Kind::kLetter)
    return mid == Kind::kMidLetter || mid == Kind::kMidBoth;
  if (before == Kind::kDigit && after == Kind::kDigit)
    return mid == Kind::kMidNum || mid == Kind::kMidBoth;
  return false;
}

}  // namespace

Tokenizer::Tokenizer(TokenizerOptions options) : options_(options) {
  UErrorCode status = U_ZERO_ERROR;
  words_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !words_) throw std::runtime_error("ICU word break iterator unavailable");
  if (options_.fast_path) entries_.assign(kEntries, 0);
}

Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

void Tokenizer::tokenize(std::string_view text, std::vector<Span>& out) {
  if (options_.fast_path) {
    tokenize_fast(text, out);
  } else {
    tokenize_icu(text, out);
  }
}

void Tokenizer::tokenize_icu(std::string_view text, std::vector<Span>& out) {
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
    split_by_script(
        text, static_cast<uint32_t>(start), static_cast<uint32_t>(end),
        [this](UChar32 c, bool& connector) { return table_.lookup(c, connector); }, out);
  }
  // The iterator keeps a pointer to the UText; detach it before the UText goes away.
  words_->setText(icu::UnicodeString());
  utext_close(utext);
}

bool Tokenizer::probe(std::u16string_view probe, UChar32 c) {
  icu::UnicodeString text;
  std::vector<std::pair<int32_t, int32_t>> expected;
  for (const char16_t unit : probe) {
    if (unit == u'[') {
      expected.emplace_back(text.length(), -1);
    } else if (unit == u']') {
      expected.back().second = text.length();
    } else if (unit == u'X') {
      text.append(c);
    } else {
      text.append(unit);
    }
  }
  if (!probe_) probe_.reset(words_->clone());
  probe_->setText(text);
  std::vector<std::pair<int32_t, int32_t>> found;
  int32_t start = probe_->first();
  for (int32_t end = probe_->next(); end != icu::BreakIterator::DONE;
       start = end, end = probe_->next()) {
    if (probe_->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) found.emplace_back(start, end);
  }
  probe_->setText(icu::UnicodeString());
  return found == expected;
}

uint8_t Tokenizer::compute_entry(UChar32 c) {
  const Kind candidate = property_kind(c);
  Kind kind = Kind::kSlow;
  if (candidate != Kind::kSlow) {
    // The property's kind first; failing that, ICU may treat it as a letter (ICU 72's "@") or
    // as plain punctuation (its colon).
    const std::array<Kind, 3> tries = {candidate, Kind::kBreak, Kind::kLetter};
    for (std::size_t t = 0; t < tries.size(); ++t) {
      const Kind k = tries[t];
      // White space is only white space; the other kinds are tried once each.
      if (t > 0 && (k == candidate || candidate == Kind::kSpace)) continue;
      bool all = true;
      for (const std::u16string_view p : probes(k)) {
        if (!probe(p, c)) {
          all = false;
          break;
        }
      }
      if (all) {
        kind = k;
        break;
      }
    }
  }
  return static_cast<uint8_t>(static_cast<uint8_t>(kind) |
                              (static_cast<uint8_t>(char_class(c)) << kClassShift) |
                              (is_connector(c) ? kEntryConnector : 0));
}

uint8_t Tokenizer::entry(UChar32 c) {
  uint8_t& e = entries_[static_cast<std::size_t>(c)];
  if (e == 0) e = compute_entry(c);
  return e;
}

void Tokenizer::tokenize_fast(std::string_view text, std::vector<Span>& out) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(text.size());
  const auto lookup = [this](UChar32 c, bool& connector) {
    if (c >= 0 && c < static_cast<UChar32>(kEntries)) {
      const uint8_t e = entry(c);
      connector = (e & kEntryConnector) != 0;
      return static_cast<CharClass>((e >> kClassShift) & kClassMask);
    }
    return table_.lookup(c, connector);
  };

  // ICU over the whole text, set up at the first chunk that needs it, so that ICU sees the same
  // context as without the fast path.
  UText stack_text = UTEXT_INITIALIZER;
  UText* utext = nullptr;
  struct Detach {
    icu::BreakIterator& words;
    UText*& utext;
    ~Detach() {
      if (utext == nullptr) return;
      words.setText(icu::UnicodeString());
      utext_close(utext);
    }
  } detach{*words_, utext};
  // Where the chunk that goes on at @p from ends: the next white space, or the end.
  const auto chunk_end = [&](int32_t from) {
    while (from < size && !(bytes[from] < 0x80 && kind_of(entry(bytes[from])) == Kind::kSpace)) {
      ++from;
    }
    return from;
  };
  // ICU's words of the chunk [begin, end), which starts after white space (or at 0) and ends at
  // white space or at the end; returns where ICU's last word ended (end, unless that word goes
  // on past it).
  const auto icu_chunk = [&](int32_t begin, int32_t end) {
    if (utext == nullptr) {
      UErrorCode status = U_ZERO_ERROR;
      utext = utext_openUTF8(&stack_text, text.data(), static_cast<int64_t>(text.size()), &status);
      if (U_FAILURE(status)) {
        utext = nullptr;
        throw std::runtime_error("ICU cannot open text");
      }
      words_->setText(utext, status);
      if (U_FAILURE(status)) throw std::runtime_error("ICU cannot segment text");
    }
    // From the boundary before the white space: ICU gives a few characters after white space
    // (U+16FE4, an ideographic mark) a word that starts with the white space.
    int32_t start = begin == 0 ? words_->first() : words_->preceding(begin);
    while (start != icu::BreakIterator::DONE) {
      while (start < end) {
        const int32_t stop = words_->next();
        if (stop == icu::BreakIterator::DONE) return size;
        if (words_->getRuleStatus() >= UBRK_WORD_NONE_LIMIT) {
          split_by_script(text, static_cast<uint32_t>(start), static_cast<uint32_t>(stop), lookup,
                          out);
        }
        start = stop;
      }
      if (start == end) return end;
      // ICU's last word went on past the white space: go on to the next white space.
      end = chunk_end(start);
    }
    return size;
  };

  // What a mark at this point would belong to (WB4).
  enum class After : uint8_t {
    kStart,  // white space or the start of the text: the chunk goes to ICU
    kWord,   // the word in progress
    kMid,    // a mid character after the word, which may join it to what follows
    kOther,  // punctuation or an unjoined mid character: not a word
  };
  After after = After::kStart;
  int32_t chunk = 0;              // where the current chunk starts
  std::size_t mark = out.size();  // out's size at the start of the chunk
  int32_t word_begin = 0;         // the word in progress: [word_begin, word_end)
  int32_t word_end = 0;
  bool has_letter_or_digit = false;  // a word of "_" alone is not a word to ICU: go to ICU then
  Kind last = Kind::kSlow;           // kind of the word's last letter, digit or "_"
  Kind mid = Kind::kSlow;            // kind of the mid character after it (After::kMid)
  // What split_by_script would do with the word, followed as it grows: while no part of it needs
  // cutting (no change of script, no connector, no "@"), it is one span of this script.
  bool whole = true;
  Script script = Script::kNumber;
  Class last_class = Class::kJoiner;  // the last class other than kJoiner
  bool mid_plain = true;              // the mid character and its marks are plain joiners
  const auto take = [&](uint8_t e) {
    if ((e & kEntryConnector) != 0) {
      whole = false;
      return;
    }
    const auto cls = static_cast<Class>((e >> kClassShift) & kClassMask);
    if (cls == Class::kJoiner || cls == last_class) return;
    if (last_class != Class::kJoiner && must_split(last_class, cls)) whole = false;
    last_class = cls;
    if (cls != Class::kDigit) script = script_of(cls);
  };
  const auto plain = [](uint8_t e) {
    return (e & kEntryConnector) == 0 &&
           static_cast<Class>((e >> kClassShift) & kClassMask) == Class::kJoiner;
  };
  // Ends the word in progress; false if the chunk must go to ICU.
  const auto end_word = [&]() {
    if (!has_letter_or_digit) return false;
    if (whole) {
      out.push_back(
          Span{static_cast<uint32_t>(word_begin), static_cast<uint32_t>(word_end), script});
    } else {
      split_by_script(text, static_cast<uint32_t>(word_begin), static_cast<uint32_t>(word_end),
                      lookup, out);
    }
    return true;
  };

  int32_t i = 0;
  while (i < size) {
    const int32_t start = i;
    UChar32 c = bytes[i];
    if (c < 0x80) {
      ++i;
    } else if (c >= 0xC2 && c < 0xE0 && i + 1 < size && (bytes[i + 1] & 0xC0) == 0x80) {
      c = ((c & 0x1F) << 6) | (bytes[i + 1] & 0x3F);  // two bytes: Arabic, most of Latin
      i += 2;
    } else {
      U8_NEXT(bytes, i, size, c);
    }
    const uint8_t e = c >= 0 && c < static_cast<UChar32>(kEntries) ? entry(c) : 0;
    const Kind kind = e != 0 ? kind_of(e) : Kind::kSlow;
    bool slow = false;
    switch (kind) {
      case Kind::kLetter:
      case Kind::kDigit:
      case Kind::kJoin:
        if (after == After::kMid) {
          if (!mid_joins(last, mid, kind)) {
            slow = !end_word();
            after = After::kOther;
          } else if (!mid_plain) {
            whole = false;
          }
        }
        if (after != After::kWord && after != After::kMid) {
          word_begin = start;
          has_letter_or_digit = false;
          whole = true;
          script = Script::kNumber;
          last_class = Class::kJoiner;
        }
        // Letters, digits and "_" join each other (WB5, WB8 to WB10, WB13a, WB13b).
        has_letter_or_digit = has_letter_or_digit || kind != Kind::kJoin;
        take(e);
        if (c == '@') whole = false;  // split_by_script drops the "@" of a handle
        last = kind;
        after = After::kWord;
        if (kind != Kind::kJoin) {
          // The rest of a run of letters, digits and marks that changes nothing in the word (same
          // class, or a joiner): only where it ends is left to find, most of the work.
          while (i < size) {
            UChar32 next = bytes[i];
            int32_t length = 1;
            if (next >= 0x80) {
              if (next >= 0xE0 || next < 0xC2 || i + 1 >= size || (bytes[i + 1] & 0xC0) != 0x80) {
                break;
              }
              next = ((next & 0x1F) << 6) | (bytes[i + 1] & 0x3F);
              length = 2;
            }
            const uint8_t f = entries_[static_cast<std::size_t>(next)];
            const Kind next_kind = kind_of(f);  // kUnknown until computed: the loop below does it
            if (next_kind != Kind::kLetter && next_kind != Kind::kDigit &&
                next_kind != Kind::kMark) {
              break;
            }
            const auto cls = static_cast<Class>((f >> kClassShift) & kClassMask);
            if ((f & kEntryConnector) != 0 || next == '@' ||
                (cls != last_class && cls != Class::kJoiner)) {
              break;
            }
            if (next_kind != Kind::kMark) last = next_kind;
            i += length;
          }
        }
        word_end = i;
        break;
      case Kind::kMark:
        if (after == After::kWord) {
          // ICU gives "a_" followed by a mark no word status at all (its rule chaining).
          slow = last == Kind::kJoin;
          take(e);
          word_end = i;
        } else if (after == After::kMid) {
          mid_plain = mid_plain && plain(e);
        } else if (after == After::kStart) {
          slow = true;
        }
        break;
      case Kind::kMidLetter:
      case Kind::kMidNum:
      case Kind::kMidBoth:
        if (after == After::kWord) {
          mid = kind;
          mid_plain = plain(e);
          after = After::kMid;
        } else {
          if (after == After::kMid) slow = !end_word();  // two in a row join nothing
          after = After::kOther;
        }
        break;
      case Kind::kBreak:
      case Kind::kSpace:
        if (after == After::kWord || after == After::kMid) slow = !end_word();
        after = After::kOther;
        if (kind == Kind::kSpace && !slow) {
          if (chunk < start) ++stats_.fast_chunks;
          after = After::kStart;
          chunk = i;
          mark = out.size();
        }
        break;
      default:
        slow = true;
        break;
    }
    if (slow) {
      out.resize(mark);
      i = icu_chunk(chunk, kind == Kind::kSpace ? start : chunk_end(i));
      ++stats_.icu_chunks;
      after = After::kStart;
      chunk = i;
      mark = out.size();
    }
  }
  if (after == After::kWord || after == After::kMid) {
    if (!end_word()) {
      out.resize(mark);
      icu_chunk(chunk, size);
      ++stats_.icu_chunks;
      return;
    }
  }
  if (chunk < size) ++stats_.fast_chunks;
}

}  // namespace dalil::analyzers
