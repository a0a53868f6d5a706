/// @file analyzers/analyzer.h
/// @brief The one named analyzer pipeline that indexing and querying share.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "analyzers/tokenizer.h"
#include "core/string_map.h"

namespace dalil::analyzers {

/// The language a word is stemmed in, decided by its script.
enum class Language : uint8_t { kArabic, kEnglish, kNone };

/// One analysed word. begin/end point into the original text; no step changes them.
struct Token {
  uint32_t begin = 0;     ///< Byte offset of the word in the analysed text.
  uint32_t end = 0;       ///< One past its last byte.
  uint32_t position = 0;  ///< 0-based word number among the kept words.
  Language language = Language::kNone;
  std::string word;   ///< Normalised, unstemmed (phrases, names).
  std::string stem;   ///< Normalised and stemmed (default matching).
  std::string bare;   ///< word without its proclitics (LightStemmer::strip_proclitics), or "".
  std::string exact;  ///< Original spelling, diacritics kept (exact_form in normalizer.h).
};

/// A Token whose forms are views into the Analyzer that made it (its word cache), valid until that
/// analyzer's next analyze call: the indexer's way to read tokens without copying four strings
/// a word.
struct TokenView {
  uint32_t begin = 0;     ///< Byte offset of the word in the analysed text.
  uint32_t end = 0;       ///< One past its last byte.
  uint32_t position = 0;  ///< 0-based word number among the kept words.
  Language language = Language::kNone;
  std::string_view word;   ///< As Token::word.
  std::string_view stem;   ///< As Token::stem.
  std::string_view bare;   ///< As Token::bare.
  std::string_view exact;  ///< As Token::exact.
  /// A byte kept with this surface form in the analyzer's word cache for the caller's own use,
  /// so it can remember a decision about the word instead of looking it up at every
  /// occurrence: 0 when the form enters the cache (or after clear_tags); null for a compound
  /// joined from two words, whose forms are not one cache entry's.
  uint8_t* tag = nullptr;
};

/// How Arabic-script words are stemmed.
enum class ArabicStemmer : uint8_t { kNone, kSnowball, kLight };

/// The variants of the pipeline the relevance benchmark compares. Each has its own name, which
/// dalil-index stores in the index metadata and dalil-searchd reads back, so a query is always
/// analysed the way its index was.
struct AnalyzerOptions {
  /// Arabic normalisation steps (strip_arabic_marks, fold_hamza_seats, fold_arabic_letters,
  /// fold_loanword_spellings) and compounds.
  bool arabic_normalisation = true;
  ArabicStemmer arabic_stemmer = ArabicStemmer::kLight;

  /// "dalil-ar-en-5+" and the stemmer (light, snowball, none), then "+no-arabic-normalisation"
  /// when that is off: "dalil-ar-en-5+light", "dalil-ar-en-5+none+no-arabic-normalisation".
  std::string name() const;
  /// The options whose name() is @p name; nullopt for any other name (another pipeline).
  static std::optional<AnalyzerOptions> from_name(std::string_view name);

  bool operator==(const AnalyzerOptions&) const = default;
};

/// The stemmer called @p name ("none", "snowball", "light"); nullopt for another name.
std::optional<ArabicStemmer> arabic_stemmer_from_name(std::string_view name);
std::string_view arabic_stemmer_name(ArabicStemmer stemmer);

/// Pipeline "dalil-ar-en-5": ICU words split by script (and at underscores) -> normalisation
/// steps (analyzers/normalizer.h) -> compounds joined (فيس بوك -> فيسبوك,
/// analyzers/loanword_spellings.h) -> stem by script (Arabic script: the light stemmer, or
/// Snowball arabic or none by option; Latin: Snowball english; anything else unstemmed), plus
/// each word's bare form (proclitics removed) and exact form. Holds ICU and Xapian state and a
/// word cache, so it is not thread-safe: build one per thread.
class Analyzer {
 public:
  /// Base name of the pipeline, recorded in the index metadata through AnalyzerOptions::name();
  /// an index built by another pipeline must be rebuilt.
  /// 4: hamza seats as their own step (ىء -> ء too), loanword spellings folded, compounds joined.
  static constexpr std::string_view kName = "dalil-ar-en-5";
  /// Words longer than this after normalisation (base64, run-together junk) are not indexed.
  static constexpr std::size_t kMaxWordBytes = 120;

  /// @p cache_words bounds the word cache (about 200 bytes a word).
  explicit Analyzer(std::size_t cache_words = kIndexerCacheWords,
                    const AnalyzerOptions& options = {});
  // The front index points into this analyzer's own cache: a copy would point into another's.
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  const AnalyzerOptions& options() const { return options_; }

  // 16,384 words: a larger cache misses the processor's caches at every lookup while Xapian's
  // writer fills them. Side by side on 6,000 ANT articles (one writer), CPU time against 2^18
  // words: 2^16 0.975, 2^14 0.95, 2^12 0.97.
  static constexpr std::size_t kIndexerCacheWords = 1u << 14;
  static constexpr std::size_t kServerCacheWords = 1u << 14;

  /// Replaces @p out with the words of @p text (valid UTF-8).
  void analyze(std::string_view text, std::vector<Token>& out);
  std::vector<Token> analyze(std::string_view text);
  /// The same words as analyze(), as views that stay valid until the next call of analyze or
  /// analyze_views on this analyzer (the word cache changes generations only when a call
  /// begins, so it may hold one text's words more than cache_words).
  void analyze_views(std::string_view text, std::vector<TokenView>& out);

  /// Sets the tag (TokenView::tag) of every cached word to 0.
  void clear_tags();

 private:
  struct Forms {
    std::string word;
    std::string stem;
    std::string bare;
    std::string exact;
    Language language;
    mutable uint8_t tag = 0;  // TokenView::tag
  };
  const Forms& forms_of(std::string_view surface, Script script);
  const Forms& cached_forms_of(std::string_view surface, Script script);
  std::string stem_arabic(const std::string& word);

  AnalyzerOptions options_;
  Tokenizer tokenizer_;
  Xapian::Stem arabic_;
  Xapian::Stem light_;
  Xapian::Stem english_;
  std::vector<Span> spans_;
  std::vector<TokenView> views_;  // analyze()'s scratch
  // Exact forms of compounds joined in the current call (TokenView::exact of such a token views
  // one); a deque, so earlier ones stay put as more are added. joined_used_ are in use.
  std::deque<std::string> joined_exacts_;
  std::size_t joined_used_ = 0;
  std::size_t cache_limit_;
  // Surface form -> normalised and stemmed forms. Word frequencies are Zipfian, so a bounded
  // cache saves most normalisation and stemming work. Two generations, cache_limit_ words in all:
  // a word found in previous_ moves to cache_; when both are full, cache_ replaces previous_.
  core::StringMap<Forms> cache_;
  core::StringMap<Forms> previous_;
  // A direct-mapped index in front of cache_ and previous_, one cache line a slot: the hash, the
  // word itself (up to kFrontKeyBytes) and its Forms, a node of cache_ or previous_ (nodes stay
  // put until previous_ is dropped, when every slot is emptied). The server's snippets look up
  // some 1,500 words a request; in the hash tables each lookup missed the CPU cache at the
  // bucket, the node and the key, and divided by the prime bucket count twice.
  static constexpr std::size_t kFrontKeyBytes = 46;
  static constexpr std::size_t kFrontSlots = 4096;  // 256 KiB
  struct alignas(64) FrontSlot {
    std::size_t hash = 0;
    const Forms* forms = nullptr;
    uint8_t size = 0;
    char key[kFrontKeyBytes] = {};
  };
  std::vector<FrontSlot> front_;
};

}  // namespace dalil::analyzers
