/// @file analyzers/light_stemmer.cc
/// @brief light10-style affix removal with name protection, on normalised Arabic words.
#include "analyzers/light_stemmer.h"

#include <algorithm>
#include <vector>

#include "analyzers/normalizer.h"

namespace dalil::analyzers {

namespace {

// Names (and a few words) whose letters look like clitics or suffixes: لبنان is not لبن + ان,
// فلسطين is not فلسط + ين, واشنطن is not و + اشنطن. Written bare (no article), in their usual
// spelling, sorted; normalised once at first use. A clitic chain in front of one of them is
// removed (ولبنان, بالسودان), and the name itself is the stem.
constexpr std::string_view kProtected[] = {
    "أذربيجان",   "أردوغان", "أفغانستان", "ألبانيا", "ألمانيا", "أمريكا", "إسرائيل",  "إلياس",
    "إيران",      "الله",    "باريس",     "باسل",    "باكستان", "برلين",  "بروكسل",   "بريطانيا",
    "بشار",       "بغداد",   "بكين",      "بلجيكا",  "بلغاريا", "بنغازي", "بنغلاديش", "بوتين",
    "بولندا",     "بيروت",   "تركيا",     "تونس",    "جنين",    "جولان",  "حسين",     "حمدان",
    "رمضان",      "روسيا",   "سلمان",     "سليمان",  "سودان",   "سوريا",  "شارون",    "شعبان",
    "طهران",      "عبدالله", "عثمان",     "عدنان",   "عرفات",   "عمان",   "عمران",    "غسان",
    "فرات",       "فرنسا",   "فلسطين",    "فنزويلا", "فيتنام",  "فيينا",  "قطر",      "كابول",
    "كاليفورنيا", "كردستان", "كركوك",     "كشمير",   "كلينتون", "كندا",   "كوبا",     "كوريا",
    "لاهاي",      "لبنان",   "لندن",      "ليبيا",   "مروان",   "مصر",    "هارون",    "وارسو",
    "واشنطن",     "وهران",   "ويكيليكس",  "ويليام",  "يابان",   "ياسين",  "يونان",
};

// Word starts whose و is a root letter (وزير, وقت, وطن ...), so a bare و at the start of a word
// that begins with one of them is not the conjunction. Matched as a prefix, so وطن covers
// وطني and وطنيه. The price: و + a word starting with these letters (وقتلوا) keeps its و.
constexpr std::string_view kRadicalWaw[] = {
    "واجب",  "وافق", "واقع",  "والد",  "وباء",  "وثائق", "وثيق",  "وجب",  "وجد",   "وجه",
    "وجود",  "وحد",  "وحش",   "وحيد",  "ودائع", "ورد",   "ورش",   "ورق",  "وزار",  "وزراء",
    "وزن",   "وزير", "وسائل", "وسط",   "وسيل",  "وصف",   "وصل",   "وصول", "وضع",   "وطن",
    "وظائف", "وظيف", "وعد",   "وعي",   "وفاة",  "وفد",   "وفق",   "وفود", "وقائع", "وقت",
    "وقع",   "وقف",  "وقود",  "وكالة", "وكلاء", "وكيل",  "ولاية", "ولد",
};

// Nouns and names that start like a future verb (س + ي ت ن); matched as a prefix.
constexpr std::string_view kFutureSinExceptions[] = {
    "ستاد", "ستار",  "ستوديو", "ستوكهولم", "ستين",    "سنتيم", "سنغافورة", "سنه", "سنو",
    "سنين", "سيئول", "سياح",   "سيارة",    "سياس",    "سياق",  "سيجار",    "سيد", "سيدن",
    "سيرة", "سيطر",  "سيف",    "سيناء",    "سيناريو", "سينما", "سيول",
};

// Proclitic chains removed in front of a protected word, tried shortest first so a name that
// itself starts with one of these letters (بيروت, واشنطن) is found whole before a shorter one.
constexpr std::u32string_view kNameProclitics[] = {
    U"",    U"و",   U"ف",   U"ب",   U"ك",    U"ل",    U"وب",   U"وك",
    U"ول",  U"فب",  U"فك",  U"فل",  U"ال",   U"لل",   U"وال",  U"فال",
    U"بال", U"كال", U"ولل", U"فلل", U"وبال", U"وكال", U"فبال", U"فكال",
};

// Conjunction و/ف, then preposition ب/ك/ل, then the article; ل + ال is written لل. Longest
// first; the first one that leaves kMinRemainder letters is removed.
constexpr std::u32string_view kPrefixes[] = {
    U"وبال", U"وكال", U"فبال", U"فكال", U"وال", U"فال",
    U"بال",  U"كال",  U"ولل",  U"فلل",  U"ال",  U"لل",
};

// Conjunction and/or preposition in front of the article, for strip_proclitics; the part
// before "ال" goes (ل + ال is written لل, so لل stands for ل + ال).
struct ArticleChain {
  std::u32string_view written;
  std::size_t drop;  // letters removed before the article
};
constexpr ArticleChain kArticleChains[] = {
    {U"وبال", 2}, {U"وكال", 2}, {U"فبال", 2}, {U"فكال", 2}, {U"ولل", 2}, {U"فلل", 2},
    {U"وال", 1},  {U"فال", 1},  {U"بال", 1},  {U"كال", 1},  {U"لل", 1},
};
// Conjunction and preposition chains in front of a protected name.
constexpr std::u32string_view kNameChains[] = {
    U"و", U"ف", U"ب", U"ك", U"ل", U"وب", U"وك", U"ول", U"فب", U"فك", U"فل",
};

// light10's suffixes in its order (ية and ة are يه and ه after normalisation), each tried once.
constexpr std::u32string_view kSuffixes[] = {
    U"ها", U"ان", U"ات", U"ون", U"ين", U"يه", U"ه", U"ي",
};

// Every affix removal must leave at least this many letters. light10 allows 2 for the article
// and the suffixes; 2 makes مكان مك, زمان زم, بيان بي, عيون عي and الان ان, while the words it
// would help (الدم, الاب) are few.
constexpr std::size_t kMinRemainder = 3;
// A bare و needs more: with 3, وقال would lose it but so would every four-letter word that
// starts with a root و and is missing from kRadicalWaw.
constexpr std::size_t kMinRemainderAfterBareWaw = 4;
// Shorter words are returned as they are.
constexpr std::size_t kMinStemmableLength = 4;

using Table = std::vector<std::u32string>;

Table normalised_table(std::span<const std::string_view> words) {
  Table table;
  table.reserve(words.size());
  for (const auto word : words) table.push_back(to_utf32(normalize_word(word)));
  std::sort(table.begin(), table.end());
  table.erase(std::unique(table.begin(), table.end()), table.end());
  return table;
}

// Function-local statics: built once, thread-safe initialisation.
const Table& protected_table() {
  static const Table table = normalised_table(kProtected);
  return table;
}

const Table& radical_waw_table() {
  static const Table table = normalised_table(kRadicalWaw);
  return table;
}

const Table& future_sin_table() {
  static const Table table = normalised_table(kFutureSinExceptions);
  return table;
}

bool starts_with_any(const Table& table, std::u32string_view word) {
  return std::any_of(table.begin(), table.end(),
                     [word](const std::u32string& start) { return word.starts_with(start); });
}

// س + ي ت ن with at least kMinFutureRemainder letters after the س.
constexpr std::size_t kMinFutureRemainder = 4;
bool starts_with_future_sin(std::u32string_view word) {
  return word.size() >= 1 + kMinFutureRemainder && word[0] == U'س' &&
         (word[1] == U'ي' || word[1] == U'ت' || word[1] == U'ن') &&
         !starts_with_any(future_sin_table(), word);
}

bool contains(const Table& table, std::u32string_view word) {
  return std::binary_search(table.begin(), table.end(), word,
                            [](std::u32string_view a, std::u32string_view b) { return a < b; });
}

bool starts_with_radical_waw(std::u32string_view word) {
  return starts_with_any(radical_waw_table(), word);
}

// Letters of the Arabic block only: the analyzer gives Arabic-script words, but a stray Latin
// letter, digit or U+FFFD (invalid UTF-8) means this is no word for these rules.
bool is_arabic_word(std::u32string_view word) {
  return std::all_of(word.begin(), word.end(),
                     [](char32_t c) { return c >= U'\u0621' && c <= U'\u06FF'; });
}

}  // namespace

std::span<const std::string_view> LightStemmer::protected_words() {
  return kProtected;
}

std::span<const std::string_view> LightStemmer::radical_waw_stems() {
  return kRadicalWaw;
}

std::span<const std::string_view> LightStemmer::future_sin_exceptions() {
  return kFutureSinExceptions;
}

std::string LightStemmer::strip_proclitics(const std::string& word) {
  // Fast exit: a chain and what follows it take at least 3 letters, 6 bytes in UTF-8.
  if (word.size() < 6) return {};
  const std::u32string text = to_utf32(word);
  const std::u32string_view view = text;
  for (const auto& chain : kArticleChains) {
    // At least 2 letters after the article: والي and لله stay whole.
    if (view.starts_with(chain.written) && view.size() >= chain.written.size() + 2) {
      if (chain.written.ends_with(U"لل"))
        return to_utf8(U"ال" + std::u32string(view.substr(chain.written.size())));
      return to_utf8(view.substr(chain.drop));
    }
  }
  for (const auto chain : kNameChains) {
    if (view.starts_with(chain) && contains(protected_table(), view.substr(chain.size()))) {
      return to_utf8(view.substr(chain.size()));
    }
  }
  return {};
}

std::string LightStemmer::get_description() const {
  return "dalil-light10";
}

std::string LightStemmer::operator()(const std::string& word) {
  std::u32string text = to_utf32(word);
  if (text.size() < kMinStemmableLength || !is_arabic_word(text)) return word;

  const std::u32string_view view = text;
  for (const auto chain : kNameProclitics) {
    if (view.starts_with(chain) && contains(protected_table(), view.substr(chain.size()))) {
      return to_utf8(view.substr(chain.size()));
    }
  }

  bool prefix_removed = false;
  for (const auto prefix : kPrefixes) {
    if (text.starts_with(prefix) && text.size() >= prefix.size() + kMinRemainder) {
      text.erase(0, prefix.size());
      prefix_removed = true;
      break;
    }
  }
  if (!prefix_removed && text.starts_with(U'و') && text.size() >= 1 + kMinRemainderAfterBareWaw &&
      !starts_with_radical_waw(text)) {
    text.erase(0, 1);
  }
  // Future س: verbs take no article, so only when none was removed.
  if (!prefix_removed && starts_with_future_sin(text)) text.erase(0, 1);

  for (const auto suffix : kSuffixes) {
    if (text.ends_with(suffix) && text.size() >= suffix.size() + kMinRemainder) {
      text.resize(text.size() - suffix.size());
    }
  }
  return to_utf8(text);
}

}  // namespace dalil::analyzers
