/// @file analyzers/normalizer.cc
/// @brief The normalisation steps and their tables.
#include "analyzers/normalizer.h"

#include "analyzers/loanword_spellings.h"

#include "core/schema.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace dalil::analyzers {

namespace {

// NFKC_Casefold also folds presentation forms (U+FB50..FDFF, U+FE70..FEFF) to base letters and
// removes default-ignorable code points such as ZWNJ, ZWJ, LRM and RLM.
void nfkc_casefold(std::u32string& text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold data is missing");
  const auto ustr = icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32*>(text.data()),
                                                  static_cast<int32_t>(text.size()));
  if (normalizer->isNormalized(ustr, status) && U_SUCCESS(status)) return;
  status = U_ZERO_ERROR;
  const icu::UnicodeString folded = normalizer->normalize(ustr, status);
  if (U_FAILURE(status)) return;
  text.resize(static_cast<std::size_t>(folded.countChar32()));
  status = U_ZERO_ERROR;
  folded.toUTF32(reinterpret_cast<UChar32*>(text.data()), static_cast<int32_t>(text.size()),
                 status);
}

// Bidi marks, isolates, ZWJ/ZWNJ, soft hyphen, BOM and every other Cf character: invisible, and
// they split or change words that look identical on screen.
void remove_format_controls(std::u32string& text) {
  std::erase_if(text,
                [](char32_t c) { return u_charType(static_cast<UChar32>(c)) == U_FORMAT_CHAR; });
}

// Every decimal digit (Arabic-Indic, Extended Arabic-Indic, Devanagari ...) to ASCII, and the
// Arabic decimal separator, thousands separator and percent sign to their ASCII forms.
void fold_digits(std::u32string& text) {
  for (char32_t& c : text) {
    if (c < 0x80) continue;
    switch (c) {
      case U'\u066B':
        c = U'.';
        continue;
      case U'\u066C':
        c = U',';
        continue;
      case U'\u066A':
        c = U'%';
        continue;
      default:
        break;
    }
    if (u_charType(static_cast<UChar32>(c)) == U_DECIMAL_DIGIT_NUMBER) {
      c = U'0' + static_cast<char32_t>(u_charDigitValue(static_cast<UChar32>(c)));
    }
  }
}

bool is_ascii_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}

// "11,000" and "٣٬٠٠٠" (after fold_digits "3,000") are the numbers 11000 and 3000: a number whose
// commas each stand before a group of exactly three digits, the first group having one to three,
// loses its commas. "1,2" and "12,34" are lists or decimal commas and stay.
void join_digit_groups(std::u32string& text) {
  const std::size_t dot = std::min(text.find(U'.'), text.size());
  if (text.find(U',') == std::u32string::npos || text.find(U',') > dot) return;
  std::size_t digits = 0;
  bool first_group = true;
  for (std::size_t i = 0; i < dot; ++i) {
    if (is_ascii_digit(text[i])) {
      ++digits;
    } else if (text[i] == U',' && (first_group ? digits >= 1 && digits <= 3 : digits == 3)) {
      digits = 0;
      first_group = false;
    } else {
      return;
    }
  }
  if (digits != 3) return;
  for (std::size_t i = dot; i < text.size(); ++i) {
    if (!is_ascii_digit(text[i]) && i != dot) return;
  }
  std::erase(text, U',');
}

bool is_arabic_mark(char32_t c) {
  return (c >= 0x064B && c <= 0x065F) ||  // harakat, tanwin, shadda, sukun, hamza above/below
         c == 0x0670 ||                   // superscript alef
         c == 0x0674 ||                   // high hamza
         c == 0x0640 ||                   // tatweel
         (c >= 0x06D6 && c <= 0x06ED) ||  // Qur'anic annotation marks
         (c >= 0x08D3 && c <= 0x08FF);    // extended Qur'anic marks
}

void strip_arabic_marks(std::u32string& text) {
  std::erase_if(text, is_arabic_mark);
}

// Spelling variants that readers treat as the same letter. The stored text keeps the original.
void fold_arabic_letters(std::u32string& text) {
  for (char32_t& c : text) {
    switch (c) {
      case U'\u0623':
      case U'\u0625':
      case U'\u0622':
      case U'\u0671':
      case U'\u0672':
      case U'\u0673':
        c = U'\u0627';  // أ إ آ ٱ ٲ ٳ -> ا
        break;
      case U'\u0649':
      case U'\u06CC':
      case U'\u06D2':
        c = U'\u064A';  // ى ی ے -> ي
        break;
      case U'\u06A9':
        c = U'\u0643';  // ک -> ك
        break;
      case U'\u06C1':
      case U'\u06C0':
      case U'\u06C3':
      case U'\u0629':
        c = U'\u0647';  // ہ ۀ ۃ ة -> ه
        break;
      default:
        break;
    }
  }
}

// Hamza seats fold to the bare hamza ء, not to their carriers (ؤ -> و, ئ -> ي), on this evidence
// from the Arabic of ../shared/corpora (ANT, Syrian Archive, TED, Qur'an: 8.2 M words; counted by
// bench/relevance/hamza_counts.py, figures in bench/relevance/RESULTS.md):
// - seat-less spellings of seat words do not occur: مسوول, موتمر, سوال, بييه, هييه 0 times against
//   مسؤول 1,735, مؤتمر 1,945, سؤال 655, بيئة 226, هيئة 1,688;
// - ؤ -> و and ئ -> ي would merge 396 seat words with other words: فئة 226 with فيه 5,497, سئل with
//   سيل, الهادئ with the name الهادي, زائد with زايد, القارئ with القاري, لئن with لين, مؤن with
//   مون;
// - the seat changes with grammatical case and region (حلفاؤها / حلفائها / حلفاءها, مسؤول / مسئول,
//   شؤون / شئون): 446 groups of one word that only ء keeps together and ؤ -> و, ئ -> ي would split.
// A seat drawn as a dotless yeh before the hamza (الطوارىء, لاجىء, مفاجىء: 174 times) is the seat ئ
// too. A medial ى before any other letter is a typo for ي or a missing space (المدرسىة, علىها),
// never a seat in these corpora, so it is left to fold_arabic_letters (ى -> ي).
void fold_hamza_seats(std::u32string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char32_t& c = text[i];
    switch (c) {
      case U'\u0624':  // ؤ
      case U'\u0626':  // ئ
      case U'\u0676':  // ٶ high hamza waw
      case U'\u0678':  // ٸ high hamza yeh
        c = U'\u0621';
        break;
      case U'\u0649':  // ىء -> ء
        if (i + 1 < text.size() && text[i + 1] == U'\u0621') c = U'\0';
        break;
      default:
        break;
    }
  }
  std::erase(text, U'\0');
}

bool is_apostrophe(char32_t c) {
  return c == U'\'' || c == U'\u2019';
}

// English possessive: "Reserve's" and "Reserve’s" index as "reserve", so the phrase
// "Federal Reserve" finds "the Federal Reserve's decision". Only after a Latin letter, so
// "'s" alone and Arabic words are left alone.
void strip_english_possessive(std::u32string& text) {
  const std::size_t n = text.size();
  if (n < 3 || (text[n - 1] != U's' && text[n - 1] != U'S') || !is_apostrophe(text[n - 2])) return;
  const auto before = static_cast<UChar32>(text[n - 3]);
  UErrorCode status = U_ZERO_ERROR;
  if (u_isalpha(before) && uscript_getScript(before, &status) == USCRIPT_LATIN) text.resize(n - 2);
}

constexpr NormalizationStep kSteps[] = {
    // name, lossy, Arabic folding, function
    {"nfkc_casefold", false, false, nfkc_casefold},
    {"remove_format_controls", false, false, remove_format_controls},
    {"fold_digits", false, false, fold_digits},
    {"join_digit_groups", false, false, join_digit_groups},
    {"strip_arabic_marks", true, true, strip_arabic_marks},
    {"fold_hamza_seats", true, true, fold_hamza_seats},
    {"fold_arabic_letters", true, true, fold_arabic_letters},
    {"fold_loanword_spellings", true, true, fold_loanword_spellings},
    {"strip_english_possessive", true, false, strip_english_possessive},
};

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
}

}  // namespace

std::span<const NormalizationStep> normalization_steps() {
  return kSteps;
}

const NormalizationStep& normalization_step(std::string_view name) {
  for (const auto& step : kSteps) {
    if (step.name == name) return step;
  }
  throw std::out_of_range("no normalisation step named " + std::string(name));
}

std::u32string to_utf32(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

std::string to_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char32_t c : text) {
    uint8_t buffer[4];
    int32_t length = 0;
    UBool error = false;
    U8_APPEND(buffer, length, 4, static_cast<UChar32>(c), error);
    if (!error) out.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
  }
  return out;
}

std::string normalize_word(std::string_view utf8) {
  return normalize_word(utf8, ArabicFolding::kOn);
}

std::vector<std::string> seat_spellings(std::string_view normalised) {
  const std::u32string word = to_utf32(normalised);
  std::vector<std::string> out;
  auto add = [&](std::size_t at, char32_t letter) {
    std::u32string other = word;
    other[at] = letter;
    std::string spelling = to_utf8(other);
    if (std::find(out.begin(), out.end(), spelling) == out.end())
      out.push_back(std::move(spelling));
  };
  // Inner letters only: a word does not start with a seat (أ إ fold to ا), and a final و or ي is
  // a suffix or a long vowel far more often than a lost ء.
  for (std::size_t i = 1; i + 1 < word.size(); ++i) {
    switch (word[i]) {
      case U'\u0621':  // ء
        add(i, U'\u0648');
        add(i, U'\u064A');
        break;
      case U'\u0648':  // و
      case U'\u064A':  // ي
        add(i, U'\u0621');
        break;
      default:
        break;
    }
  }
  return out;
}

std::string exact_form(std::string_view utf8) {
  if (is_ascii(utf8)) {
    std::string out(utf8);
    for (char& ch : out) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    return out;
  }
  std::u32string text = to_utf32(utf8);
  nfkc_casefold(text);
  remove_format_controls(text);
  std::erase(text, U'\u0640');  // tatweel stretches a line; it is no letter
  return to_utf8(text);
}

NormalizedWord normalize_word_and_exact(std::string_view utf8, ArabicFolding arabic) {
  if (is_ascii(utf8)) return {normalize_word(utf8, arabic), exact_form(utf8)};
  std::u32string text = to_utf32(utf8);
  // The steps exact_form shares with normalize_word come first in kSteps.
  static_assert(kSteps[0].apply == nfkc_casefold && kSteps[1].apply == remove_format_controls);
  nfkc_casefold(text);
  remove_format_controls(text);
  std::u32string exact = text;
  std::erase(exact, U'\u0640');  // as in exact_form
  NormalizedWord out;
  out.exact = to_utf8(exact);
  for (const auto& step : std::span(kSteps).subspan(2)) {
    if (arabic == ArabicFolding::kOff && step.arabic_folding) continue;
    step.apply(text);
  }
  out.word = to_utf8(text);
  return out;
}

std::string normalize_word(std::string_view utf8, ArabicFolding arabic) {
  if (is_ascii(utf8)) {
    std::string out(utf8);
    for (char& ch : out) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
    const std::size_t n = out.size();
    if (n >= 3 && out[n - 1] == 's' && out[n - 2] == '\'' &&
        std::isalpha(static_cast<unsigned char>(out[n - 3]))) {
      out.resize(n - 2);
    }
    if (out.find(',') != std::string::npos) {
      std::u32string text(out.begin(), out.end());
      join_digit_groups(text);
      out.assign(text.begin(), text.end());
    }
    return out;
  }
  std::u32string text = to_utf32(utf8);
  for (const auto& step : kSteps) {
    if (arabic == ArabicFolding::kOff && step.arabic_folding) continue;
    step.apply(text);
  }
  return to_utf8(text);
}

std::string normalize_field_value(std::string_view utf8) {
  std::u32string text = to_utf32(utf8);
  nfkc_casefold(text);
  remove_format_controls(text);
  std::u32string out;
  bool pending_space = false;
  for (char32_t c : text) {
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(U' ');
    pending_space = false;
    out.push_back(c);
  }
  return to_utf8(out);
}

std::string filter_term(std::string_view prefix, std::string_view value) {
  using core::schema::kMaxTermBytes;
  std::string term(prefix);
  term += normalize_field_value(value);
  if (term.size() > kMaxTermBytes) {
    std::size_t cut = kMaxTermBytes;
    // Step back over UTF-8 continuation bytes so no character is split.
    while (cut > prefix.size() && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80) --cut;
    term.resize(cut);
  }
  return term;
}

}  // namespace dalil::analyzers
