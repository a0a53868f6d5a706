/// @file analyzers/name_key.cc
/// @brief Consonant-class skeletons of Arabic, Latin and Arabizi words, with a vowel pattern
///        for two-class names.
#include "analyzers/name_key.h"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "analyzers/normalizer.h"
#include "analyzers/stopwords.h"
#include "core/schema.h"

namespace dalil::analyzers {

namespace {

// A word as a sequence of consonant classes with the vowels between them.
struct Skeleton {
  std::string classes;       // One upper-case letter per consonant class.
  std::string alternatives;  // Latin: another class the consonant may stand for, or ' '.
  // gaps[k]: vowel classes ('a', 'i', 'u') written after consonant k. Arabic keeps its first
  // long vowel; Latin keeps every class its vowel letters may stand for ("ay" is a or i).
  std::vector<std::string> gaps;
  bool starts_with_vowel = false;  // A vowel or glottal before the first consonant.
  bool arabic = false;
  bool latin_vowel_after_first = false;  // Latin: some vowel after the first consonant.
};

// Builds the skeleton from symbols: an upper-case letter is a consonant class, a/i/u a vowel,
// a glottal (ع ء ') keeps the classes on both sides apart.
class SkeletonBuilder {
 public:
  explicit SkeletonBuilder(bool arabic) { skeleton_.arabic = arabic; }

  void consonant(char cls, char alternative = ' ') {
    // The same class twice with nothing between counts once (Qaddafi, Bashshar); so do ق ج
    // (Khashoggi, خاشقجي).
    if (!skeleton_.classes.empty() && !since_consonant_) {
      const char last = skeleton_.classes.back();
      if (last == cls || (last == 'K' && cls == 'J') || (last == 'J' && cls == 'K')) return;
    }
    skeleton_.classes += cls;
    skeleton_.alternatives += alternative;
    skeleton_.gaps.emplace_back();
    since_consonant_ = false;
  }

  void vowel(char v) {
    since_consonant_ = true;
    if (skeleton_.classes.empty()) {
      skeleton_.starts_with_vowel = true;
      return;
    }
    auto& gap = skeleton_.gaps.back();
    if (skeleton_.arabic) {
      if (gap.empty()) gap += v;
      return;
    }
    skeleton_.latin_vowel_after_first = true;
    if (gap.find(v) == std::string::npos) gap += v;
  }

  void glottal() {
    since_consonant_ = true;
    if (skeleton_.classes.empty()) skeleton_.starts_with_vowel = true;
  }

  Skeleton take() { return std::move(skeleton_); }

 private:
  Skeleton skeleton_;
  bool since_consonant_ = false;  // Anything after the last consonant.
};

void add_unique(std::vector<std::string>& keys, std::string key) {
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

// Long vowels are compared in the gaps after the first kVowelGaps consonants (more would
// multiply the readings a Latin word is indexed under).
constexpr std::size_t kVowelGaps = 2;

// Every way of reading a Latin skeleton's vowels as Arabic long vowels (each recorded gap: none
// or one of its classes), written after @p start. @p gaps gaps are recorded.
void latin_readings(const Skeleton& s, std::size_t gaps, const std::string& start,
                    std::vector<std::string>& keys, bool need_vowel) {
  std::vector<std::string> partial{start};
  std::vector<bool> has_vowel{false};
  for (std::size_t k = 0; k < s.classes.size(); ++k) {
    std::vector<std::string> next;
    std::vector<bool> next_vowel;
    for (std::size_t p = 0; p < partial.size(); ++p) {
      for (char cls : {s.classes[k], s.alternatives[k]}) {
        if (cls == ' ') continue;
        const std::string base = partial[p] + cls;
        next.push_back(base);
        next_vowel.push_back(has_vowel[p]);
        if (k >= gaps) continue;
        for (char v : s.gaps[k]) {
          next.push_back(base + v);
          next_vowel.push_back(true);
        }
      }
    }
    partial = std::move(next);
    has_vowel = std::move(next_vowel);
  }
  for (std::size_t p = 0; p < partial.size(); ++p) {
    if (!need_vowel || has_vowel[p]) add_unique(keys, std::move(partial[p]));
  }
}

// The one reading of an Arabic skeleton: its first long vowel after each of the first @p gaps
// consonants.
std::string arabic_reading(const Skeleton& s, std::size_t gaps, const std::string& start) {
  std::string key = start;
  for (std::size_t k = 0; k < s.classes.size(); ++k) {
    key += s.classes[k];
    if (k < gaps) key += s.gaps[k].substr(0, 1);
  }
  return key;
}

// Keys of a skeleton; see name_keys() in the header. @p query: keys to look up in the other
// script's terms, else the keys to index for this script.
void keys_of(const Skeleton& s, bool query, std::vector<std::string>& keys) {
  const std::string own = s.arabic ? "A" : "L";
  const std::string other = s.arabic ? "L" : "A";
  const std::string tag = query ? other : own;
  const std::size_t n = s.classes.size();
  if (n >= 3) {
    // An Arabic word has one reading; a Latin word lists every reading of its vowels. A leading
    // vowel must line up too: Arabic writes it (ا ع ء), so Islam is الإسلام, not السلام, and
    // أكثر is not Qatar.
    const std::size_t inner = std::min(n - 1, kVowelGaps);
    const std::string start = tag + (s.starts_with_vowel ? "_" : "");
    if (s.arabic) {
      add_unique(keys, arabic_reading(s, inner, start));
    } else {
      latin_readings(s, inner, start, keys, /*need_vowel=*/false);
    }
    return;
  }
  if (n != 2) return;
  // Two classes: the start and the vowels after both consonants, final vowel included.
  const std::string start = tag + (s.starts_with_vowel ? "_" : "");
  if (s.arabic) {
    if (!s.starts_with_vowel && s.gaps[0].empty() && s.gaps[1].empty()) return;
    add_unique(keys, arabic_reading(s, 2, start));
    return;
  }
  // Arabic writes no short vowel: a Latin word that starts with a vowel needs one after its
  // first consonant to read like one ("and" is no name).
  if (s.starts_with_vowel && !s.latin_vowel_after_first) return;
  latin_readings(s, 2, start, keys, /*need_vowel=*/!s.starts_with_vowel);
}

// ---- Arabic script ----

bool starts_with(const std::u32string& word, std::u32string_view prefix) {
  return word.size() >= prefix.size() &&
         std::u32string_view(word).substr(0, prefix.size()) == prefix;
}

// Drops the article and the proclitics before it, keeping at least a few letters.
std::u32string_view strip_arabic_article(const std::u32string& word) {
  static constexpr std::u32string_view kLongPrefixes[] = {
      U"\u0648\u0627\u0644", U"\u0641\u0627\u0644", U"\u0628\u0627\u0644", U"\u0643\u0627\u0644"};
  for (const auto prefix : kLongPrefixes) {
    if (starts_with(word, prefix) && word.size() >= prefix.size() + 3)
      return std::u32string_view(word).substr(prefix.size());
  }
  if (starts_with(word, U"\u0627\u0644") && word.size() >= 4)
    return std::u32string_view(word).substr(2);
  if (starts_with(word, U"\u0644\u0644") && word.size() >= 5)
    return std::u32string_view(word).substr(2);
  return word;
}

Skeleton arabic_skeleton(std::u32string_view word) {
  SkeletonBuilder b(/*arabic=*/true);
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char32_t c = word[i];
    const bool first = i == 0;
    const bool last = i + 1 == word.size();
    switch (c) {
      case U'\u0627':  // alef (every seat folded to it)
      case U'\u0649':  // alef maksura
        b.vowel('a');
        break;
      case U'\u0639':  // ain
      case U'\u0621':  // hamza (ؤ ئ fold to it)
      case U'\u0624':
      case U'\u0626':
        b.glottal();
        break;
      case U'\u0648':  // waw
        if (first)
          b.consonant('W');
        else
          b.vowel('u');
        break;
      case U'\u064A':  // yeh
        if (first)
          b.consonant('Y');
        else
          b.vowel('i');
        break;
      case U'\u0629':  // ta marbuta
        break;
      case U'\u0647':  // heh; final heh is ta marbuta folded by normalisation
        if (!last) b.consonant('H');
        break;
      case U'\u062D':
        b.consonant('H');
        break;
      case U'\u062E':  // khah: kh
        b.consonant('C');
        break;
      case U'\u062C':  // jeem: j, dj
        b.consonant('J');
        break;
      case U'\u063A':  // ghain: gh
        b.consonant('G');
        break;
      case U'\u0642':
      case U'\u0643':
      case U'\u06AF':  // gaf
      case U'\u06A9':  // keheh
        b.consonant('K');
        break;
      case U'\u0628':
      case U'\u067E':  // peh
        b.consonant('B');
        break;
      case U'\u0641':
      case U'\u06A4':  // veh
        b.consonant('F');
        break;
      case U'\u062A':
      case U'\u0637':
      case U'\u062B':
      case U'\u062F':
      case U'\u0630':
      case U'\u0636':
        b.consonant('D');
        break;
      case U'\u0638':  // zah: z, dh
      case U'\u0632':  // zain: z
        b.consonant('Z');
        break;
      case U'\u0633':
      case U'\u0635':
        b.consonant('S');
        break;
      case U'\u0634':
      case U'\u0686':  // tcheh
        b.consonant('X');
        break;
      case U'\u0644':
        b.consonant('L');
        break;
      case U'\u0645':
        b.consonant('M');
        break;
      case U'\u0646':
        b.consonant('N');
        break;
      case U'\u0631':
        b.consonant('R');
        break;
      default:
        break;
    }
  }
  return b.take();
}

// ---- Latin script and Arabizi ----

bool is_vowel_letter(char ch) {
  return ch == 'a' || ch == 'e' || ch == 'i' || ch == 'o' || ch == 'u';
}

char vowel_class(char ch) {
  switch (ch) {
    case 'a':
      return 'a';
    case 'o':
    case 'u':
    case 'w':
      return 'u';
    default:
      return 'i';  // e, i, y
  }
}

// Latin letters with accents as their base letter (é -> e); 0 for anything else.
char latin_base(char32_t c) {
  if (c < 0x80) return static_cast<char>(c);
  switch (c) {
    case U'à':
    case U'á':
    case U'â':
    case U'ä':
    case U'ã':
    case U'å':
    case U'ā':
      return 'a';
    case U'è':
    case U'é':
    case U'ê':
    case U'ë':
    case U'ē':
      return 'e';
    case U'ì':
    case U'í':
    case U'î':
    case U'ï':
    case U'ī':
      return 'i';
    case U'ò':
    case U'ó':
    case U'ô':
    case U'ö':
    case U'õ':
    case U'ō':
      return 'o';
    case U'ù':
    case U'ú':
    case U'û':
    case U'ü':
    case U'ū':
      return 'u';
    case U'ç':
      return 's';
    case U'ğ':  // Turkish soft g, غ in Arabic (Erdoğan, أردوغان)
      return 'g';
    case U'ı':  // Turkish dotless i
      return 'i';
    case U'ḥ':
      return 'h';
    case U'ṭ':
      return 't';
    case U'ḍ':
    case U'ẓ':
    case U'ḏ':
    case U'ṯ':
      return 'd';
    case U'ṣ':
    case U'š':
      return 's';
    case U'ʿ':
    case U'ʾ':
    case U'’':
    case U'‘':
      return '\'';
    default:
      return 0;
  }
}

Skeleton latin_skeleton(std::string_view w) {
  SkeletonBuilder b(/*arabic=*/false);
  const bool has_letter =
      std::any_of(w.begin(), w.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
  auto at = [&](std::size_t i) { return i < w.size() ? w[i] : '\0'; };
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char ch = w[i];
    const char next = at(i + 1);
    if (is_vowel_letter(ch)) {
      b.vowel(vowel_class(ch));
      continue;
    }
    switch (ch) {
      case 'y':
      case 'w':
        if (i == 0)
          b.consonant(ch == 'y' ? 'Y' : 'W');
        else
          b.vowel(vowel_class(ch));
        break;
      case '\'':
        b.glottal();
        break;
      case 's':
        if (next == 'c' && at(i + 2) == 'h') {
          b.consonant('X');
          i += 2;
        } else if (next == 'h') {
          b.consonant('X');
          ++i;
        } else {
          b.consonant('S');
        }
        break;
      case 'c':
        if (next == 'h') {
          b.consonant('X');
          ++i;
        } else if (next == 'k') {
          b.consonant('K');
          ++i;
        } else {
          b.consonant(next == 'e' || next == 'i' || next == 'y' ? 'S' : 'K');
        }
        break;
      case 'k':
        if (next == 'h') {
          b.consonant('C');
          ++i;
        } else {
          b.consonant('K');
        }
        break;
      case 'g':
        if (next == 'h') {
          b.consonant('G');
          ++i;
        } else {
          // g is ق, ج or ك; between vowels it is often غ (Erdogan, Erdoğan: أردوغان; Reagan:
          // ريغان), elsewhere rarely, and reading it so there too would meet common words
          // (group: الغرب).
          const bool between_vowels = i > 0 && is_vowel_letter(w[i - 1]) && is_vowel_letter(next);
          b.consonant('K', between_vowels ? 'G' : ' ');
        }
        break;
      case 't':
      case 'd':
      case 'z':
        if (ch == 'd' && next == 'j') {
          b.consonant('J');
          ++i;
          break;
        }
        if (ch == 'z') {
          if (next == 'h') ++i;
          b.consonant('Z');
        } else if (ch == 'd' && next == 'h') {
          b.consonant('D', 'Z');  // ذ or ظ (Kadhafi, Hafidh)
          ++i;
        } else {
          if (next == 'h') ++i;
          b.consonant('D');
        }
        break;
      case 'p':
        if (next == 'h') {
          b.consonant('F');
          ++i;
        } else {
          b.consonant('B');
        }
        break;
      case 'h':
        // A final h after a vowel is not written in Arabic (Hamah, Raqqah, Abdullah).
        if (!(i + 1 == w.size() && i > 0 && (is_vowel_letter(w[i - 1]) || w[i - 1] == 'y')))
          b.consonant('H');
        break;
      case 'q':
        b.consonant('K');
        break;
      case 'j':
        b.consonant('J');
        break;
      case 'x':
        b.consonant('K');
        b.consonant('S');
        break;
      case 'b':
        b.consonant('B');
        break;
      case 'f':
      case 'v':
        b.consonant('F');
        break;
      case 'l':
        b.consonant('L');
        break;
      case 'm':
        b.consonant('M');
        break;
      case 'n':
        b.consonant('N');
        break;
      case 'r':
        b.consonant('R');
        break;
      // Arabizi: digits written for Arabic letters, only inside a word with letters.
      case '2':
      case '3':
        if (has_letter) b.glottal();
        break;
      case '7':
        if (has_letter) b.consonant('H');
        break;
      case '5':
        if (has_letter) b.consonant('C');
        break;
      case '8':
      case '9':
        if (has_letter) b.consonant('K');
        break;
      case '6':
        if (has_letter) b.consonant('D');
        break;
      default:
        break;
    }
  }
  return b.take();
}

// "aljazeera" -> "jazeera", "ezzor" -> "zor" (a vowel and a doubled sun letter: the article
// assimilated); "" when the word has no article joined to it.
std::string_view latin_without_article(std::string_view w) {
  if ((w.starts_with("al") || w.starts_with("el")) && w.size() >= 5 && !is_vowel_letter(w[2]))
    return w.substr(2);
  if (w.size() >= 5 && w[0] == 'e' && w[1] == w[2] &&
      std::string_view("tdrzsn").find(w[1]) != std::string_view::npos)
    return w.substr(2);
  return {};
}

bool is_arabic_letter(char32_t c) {
  return c >= 0x0600 && c <= 0x06FF;
}

}  // namespace

namespace {

std::vector<std::string> skeleton_keys(std::string_view word, NameKeyUse use) {
  std::vector<std::string> keys;
  if (word.empty()) return keys;
  const bool query = use == NameKeyUse::kQuery;
  const std::u32string text = to_utf32(word);
  if (is_arabic_letter(text.front())) {
    keys_of(arabic_skeleton(strip_arabic_article(text)), query, keys);
    return keys;
  }
  std::string latin;
  latin.reserve(text.size());
  for (const char32_t c : text) {
    const char base = latin_base(c);
    if (base == 0) {
      if (is_arabic_letter(c)) return keys;  // mixed scripts: no name
      continue;
    }
    latin += base;
  }
  const bool has_letter =
      std::any_of(latin.begin(), latin.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
  if (!has_letter) return keys;
  const Skeleton whole = latin_skeleton(latin);
  const std::string_view bare = latin_without_article(latin);
  if (!bare.empty()) {
    keys_of(latin_skeleton(bare), query, keys);
    // "ezzor" is Zor; the whole word counts as well only when it is a long one (aljazeera).
    if (whole.classes.size() < 3) return keys;
  }
  keys_of(whole, query, keys);
  return keys;
}

}  // namespace

std::vector<std::string> name_keys(std::string_view word, NameKeyUse use) {
  std::vector<std::string> keys = skeleton_keys(word, use);
  // Terms hold no upper-case letter after their prefix (Xapian's convention); classes in lower
  // case never clash with the vowels a, i, u.
  for (auto& key : keys) {
    for (char& ch : key) {
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
  }
  return keys;
}

std::vector<std::string> compound_name_keys(std::string_view first, std::string_view second,
                                            NameKeyUse use) {
  // The alef of الله is not pronounced after a word: عبدالله reads Abdullah.
  static constexpr std::string_view kAllahArabic = "\u0627\u0644\u0644\u0647";
  static constexpr std::string_view kAllahJoined = "\u0644\u0644\u0647";
  if (second == kAllahArabic) return name_keys(std::string(first) + std::string(kAllahJoined), use);
  if (second == "allah") return name_keys(std::string(first) + "allah", use);
  return {};
}

std::vector<std::vector<std::string>> query_name_keys(const std::vector<std::string>& words) {
  std::vector<std::vector<std::string>> groups;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i + 1 < words.size()) {
      auto joined = compound_name_keys(words[i], words[i + 1], NameKeyUse::kQuery);
      if (!joined.empty()) {
        groups.push_back(std::move(joined));
        ++i;
        continue;
      }
    }
    if (is_latin_article(words[i]) || is_stop_word(words[i])) continue;
    auto keys = name_keys(words[i], NameKeyUse::kQuery);
    if (keys.empty()) return {};  // a word with no name reading: the words are no name
    groups.push_back(std::move(keys));
  }
  return groups;
}

bool is_latin_article(std::string_view word) {
  static constexpr std::string_view kArticles[] = {"al", "el", "ar",  "er",  "az",  "ez",
                                                   "ad", "ed", "as",  "es",  "at",  "et",
                                                   "an", "en", "ash", "esh", "ath", "adh"};
  return std::find(std::begin(kArticles), std::end(kArticles), word) != std::end(kArticles);
}

LatinCaseForm latin_case_form(std::string_view text, std::size_t begin) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  auto at = static_cast<int32_t>(begin);
  if (at >= length) return LatinCaseForm::kUnknown;
  UChar32 first = 0;
  U8_NEXT(bytes, at, length, first);
  if (u_islower(first)) return LatinCaseForm::kLower;
  UChar32 second = 0;
  if (at < length) U8_NEXT(bytes, at, length, second);
  // All capitals (ASSAD, UN), one letter, or no letter first (Arabizi 3ali).
  if (!u_isupper(first) || !u_islower(second)) return LatinCaseForm::kUnknown;
  // Back over spaces and opening quotes, brackets and dashes to what stands before the word.
  at = static_cast<int32_t>(begin);
  while (at > 0) {
    UChar32 c = 0;
    U8_PREV(bytes, 0, at, c);
    if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029) return LatinCaseForm::kUnknown;
    if (c == ' ' || c == '\t' || c == 0xA0 || c == '"' || c == '\'' || c == '(' || c == '[' ||
        c == '-' || c == 0x201C || c == 0x2018 || c == 0x00AB || c == 0x2013 || c == 0x2014)
      continue;
    // A sentence or list item ends before it: . ! ? : … ؟ and bullets.
    const bool sentence_start = c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026 ||
                                c == 0x061F || c == 0x2022 || c == 0x00B7 || c == '|' || c == '*';
    return sentence_start ? LatinCaseForm::kUnknown : LatinCaseForm::kCapitalised;
  }
  return LatinCaseForm::kUnknown;  // the text starts with it
}

bool reads_as_name(const LatinCase& seen) {
  const uint64_t told = seen.occurrences > seen.unknown ? seen.occurrences - seen.unknown : 0;
  if (told == 0) return true;
  // Capitalised among the occurrences whose case tells (the others are lower case).
  return static_cast<double>(std::min(seen.capitalised, told)) >=
         kNameCapitalShare * static_cast<double>(told);
}

LatinCase latin_case(const Xapian::Database& db, const std::string& word) {
  namespace schema = core::schema;
  const uint64_t all = db.get_collection_freq(word);
  const uint64_t titles =
      schema::kTitleWdf * db.get_collection_freq(std::string(schema::kPrefixTitle) + word);
  LatinCase seen;
  seen.occurrences = all > titles ? all - titles : 0;
  seen.capitalised = db.get_collection_freq(std::string(schema::kPrefixCapitalised) + word);
  seen.unknown = db.get_collection_freq(std::string(schema::kPrefixCaseUnknown) + word);
  return seen;
}

bool has_case_evidence(const Xapian::Database& db) {
  return db.get_metadata(std::string(core::schema::kMetadataCaseEvidence)) == "1";
}

}  // namespace dalil::analyzers
