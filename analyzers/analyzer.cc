/// @file analyzers/analyzer.cc
/// @brief Tokenise, normalise, stem, with a per-thread word cache.
#include "analyzers/analyzer.h"

#include <cstring>
#include <utility>

#include "analyzers/light_stemmer.h"
#include "analyzers/loanword_spellings.h"
#include "analyzers/normalizer.h"

namespace dalil::analyzers {

namespace {

// Latin letters outside ASCII (é, ß) still stem as English: Snowball english leaves them be.
Language language_of(Script script) {
  switch (script) {
    case Script::kArabic:
      return Language::kArabic;
    case Script::kLatin:
      return Language::kEnglish;
    default:
      return Language::kNone;
  }
}
// Two words are written one after the other when only spaces or tabs stand between them.
bool only_blanks(std::string_view between) {
  return !between.empty() && between.find_first_not_of(" \t") == std::string_view::npos;
}

constexpr std::string_view kNoNormalisationTag = "+no-arabic-normalisation";

// Stemmer names and values, as in index names and dalil-index --arabic-stemmer.
constexpr std::pair<std::string_view, ArabicStemmer> kStemmers[] = {
    {"none", ArabicStemmer::kNone},
    {"snowball", ArabicStemmer::kSnowball},
    {"light", ArabicStemmer::kLight},
};

}  // namespace

std::optional<ArabicStemmer> arabic_stemmer_from_name(std::string_view name) {
  for (const auto& [text, stemmer] : kStemmers) {
    if (text == name) return stemmer;
  }
  return std::nullopt;
}

std::string_view arabic_stemmer_name(ArabicStemmer stemmer) {
  for (const auto& [text, value] : kStemmers) {
    if (value == stemmer) return text;
  }
  return {};
}

std::string AnalyzerOptions::name() const {
  std::string name(Analyzer::kName);
  name += '+';
  name += arabic_stemmer_name(arabic_stemmer);
  if (!arabic_normalisation) name += kNoNormalisationTag;
  return name;
}

std::optional<AnalyzerOptions> AnalyzerOptions::from_name(std::string_view name) {
  // Every variant's name is tried: there are six.
  for (const bool normalisation : {true, false}) {
    for (const auto& entry : kStemmers) {
      const AnalyzerOptions options{normalisation, entry.second};
      if (options.name() == name) return options;
    }
  }
  return std::nullopt;
}

Analyzer::Analyzer(std::size_t cache_words, const AnalyzerOptions& options)
    : options_(options),
      arabic_("arabic"),
      light_(new LightStemmer),
      english_("english"),
      cache_limit_(cache_words),
      front_(kFrontSlots) {}

std::string Analyzer::stem_arabic(const std::string& word) {
  switch (options_.arabic_stemmer) {
    case ArabicStemmer::kNone:
      return word;
    case ArabicStemmer::kLight:
      return light_(word);
    case ArabicStemmer::kSnowball:
      break;
  }
  // Normalisation folded ta marbuta into heh; Snowball arabic strips the feminine ending only
  // as ة, so a final ه goes back to ة for the stemmer ("العالميه" -> "عالم", not "عالميه").
  // Snowball strips a final pronoun ه as well, so words that really end in ه stem alike.
  // The stem is normalised again because Snowball may emit letters that our steps fold.
  static constexpr std::string_view kHeh = "\u0647";
  static constexpr std::string_view kTehMarbuta = "\u0629";
  std::string input = word;
  if (input.ends_with(kHeh)) input.replace(input.size() - kHeh.size(), kHeh.size(), kTehMarbuta);
  return normalize_word(arabic_(input),
                        options_.arabic_normalisation ? ArabicFolding::kOn : ArabicFolding::kOff);
}

const Analyzer::Forms& Analyzer::forms_of(std::string_view surface, Script script) {
  if (surface.size() > kFrontKeyBytes) return cached_forms_of(surface, script);
  const std::size_t hash = core::StringHash{}(surface);
  FrontSlot& slot = front_[hash & (kFrontSlots - 1)];
  if (slot.forms != nullptr && slot.hash == hash && slot.size == surface.size() &&
      std::memcmp(slot.key, surface.data(), surface.size()) == 0) {
    return *slot.forms;
  }
  const Forms& forms = cached_forms_of(surface, script);
  slot.hash = hash;
  slot.forms = &forms;
  slot.size = static_cast<uint8_t>(surface.size());
  std::memcpy(slot.key, surface.data(), surface.size());
  return forms;
}

const Analyzer::Forms& Analyzer::cached_forms_of(std::string_view surface, Script script) {
  auto it = cache_.find(surface);
  if (it != cache_.end()) return it->second;
  if (auto old = previous_.find(surface); old != previous_.end()) {
    // Still in use: back into the current generation (the node moves, its forms stay put, so
    // TokenViews of the current call that view it stay valid).
    auto node = previous_.extract(old);
    return cache_.insert(std::move(node)).position->second;
  }
  // No eviction here: TokenViews of the current call point into the cache (analyze_views
  // changes generations when a call begins).
  Forms forms;
  NormalizedWord normalized = normalize_word_and_exact(
      surface, options_.arabic_normalisation ? ArabicFolding::kOn : ArabicFolding::kOff);
  forms.word = std::move(normalized.word);
  forms.exact = std::move(normalized.exact);
  forms.language = language_of(script);
  switch (forms.language) {
    case Language::kArabic:
      forms.stem = stem_arabic(forms.word);
      forms.bare = LightStemmer::strip_proclitics(forms.word);
      break;
    case Language::kEnglish:
      forms.stem = english_(forms.word);
      break;
    case Language::kNone:
      forms.stem = forms.word;
      break;
  }
  if (forms.stem.empty()) forms.stem = forms.word;
  return cache_.emplace(std::string(surface), std::move(forms)).first->second;
}

void Analyzer::analyze_views(std::string_view text, std::vector<TokenView>& out) {
  out.clear();
  spans_.clear();
  joined_used_ = 0;
  if (cache_.size() + previous_.size() >= cache_limit_) {
    // Full: the current generation becomes the previous one and the one before it goes. Words
    // in use come back from it, so frequent words are never all analysed again at once (a
    // cleared cache made the server's next request analyse its whole vocabulary). Only here,
    // between calls, so the views of a call stay valid; a call may add one text's words more.
    previous_ = std::move(cache_);
    cache_.clear();
    for (FrontSlot& slot : front_) slot.forms = nullptr;  // some pointed into the old previous_
  }
  tokenizer_.tokenize(text, spans_);
  uint32_t position = 0;
  for (const Span& span : spans_) {
    const Forms& forms = forms_of(text.substr(span.begin, span.end - span.begin), span.script);
    // A "word" of tatweel or marks alone normalises to nothing; it is not a word.
    if (forms.word.empty() || forms.word.size() > kMaxWordBytes) continue;
    // A compound written as two words (فيس بوك) becomes one token over both, so it meets the
    // one-word spelling (فيسبوك) in phrases, stems and highlights. Its exact form keeps the space,
    // so exact mode still tells the spellings apart.
    if (options_.arabic_normalisation && forms.language == Language::kArabic && !out.empty() &&
        out.back().language == Language::kArabic &&
        only_blanks(text.substr(out.back().end, span.begin - out.back().end))) {
      const std::string joined = join_compound(out.back().word, forms.word);
      if (!joined.empty()) {
        if (joined_used_ == joined_exacts_.size()) joined_exacts_.emplace_back();
        std::string& exact = joined_exacts_[joined_used_++];
        exact.assign(out.back().exact);  // may view an earlier element, never this one
        exact += ' ';
        exact += forms.exact;
        const Forms& both = forms_of(joined, span.script);
        TokenView& token = out.back();
        token.end = span.end;
        token.word = both.word;
        token.stem = both.stem;
        token.bare = both.bare;
        token.exact = exact;
        token.tag = nullptr;
        continue;
      }
    }
    out.push_back(TokenView{span.begin, span.end, position++, forms.language, forms.word,
                            forms.stem, forms.bare, forms.exact, &forms.tag});
  }
}

void Analyzer::clear_tags() {
  for (auto& entry : cache_) entry.second.tag = 0;
  for (auto& entry : previous_) entry.second.tag = 0;
}

void Analyzer::analyze(std::string_view text, std::vector<Token>& out) {
  // The tokens already in @p out are overwritten in place, so their strings keep their buffers:
  // the server analyses some thirty passages per request into the same vector, and allocating
  // four strings per word cost more than copying them.
  analyze_views(text, views_);
  out.resize(views_.size());
  for (std::size_t i = 0; i < views_.size(); ++i) {
    const TokenView& view = views_[i];
    Token& token = out[i];
    token.begin = view.begin;
    token.end = view.end;
    token.position = view.position;
    token.language = view.language;
    token.word.assign(view.word);
    token.stem.assign(view.stem);
    token.bare.assign(view.bare);
    token.exact.assign(view.exact);
  }
}

std::vector<Token> Analyzer::analyze(std::string_view text) {
  std::vector<Token> out;
  analyze(text, out);
  return out;
}

}  // namespace dalil::analyzers
