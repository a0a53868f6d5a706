/// @file indexer/document_builder.cc
/// @brief Terms (words with positions, stems, facets, dates), values and the stored JSON.
#include "indexer/document_builder.h"

#include <algorithm>
#include <string>

#include "analyzers/normalizer.h"
#include "analyzers/stopwords.h"
#include "core/passage_table.h"
#include "core/schema.h"

namespace dalil::indexer {

namespace schema = core::schema;

namespace {

void add_date(Xapian::Document& xdoc, const core::Date& date) {
  const std::string key = date.local_key();  // "2018", "2018-05" or "2018-05-23"
  xdoc.add_value(schema::kSlotDateInstant,
                 Xapian::sortable_serialise(static_cast<double>(date.epoch_seconds())));
  xdoc.add_value(schema::kSlotDateLocal, key);
  const auto [first, last] = date.local_day_range();
  xdoc.add_value(schema::kSlotDateStart, first);
  xdoc.add_value(schema::kSlotDateEnd, last);
  std::string digits;
  for (char ch : key) {
    if (ch != '-') digits += ch;
  }
  // Appended, not prefix + digits.substr(): GCC 12 at -O3 warns of a false overlap
  // (-Wrestrict) in that operator+.
  auto add_day_term = [&xdoc, &digits](std::string_view prefix, std::size_t size) {
    std::string term(prefix);
    term.append(digits, 0, size);
    xdoc.add_boolean_term(term);
  };
  add_day_term(schema::kPrefixYear, 4);
  if (digits.size() >= 6) add_day_term(schema::kPrefixMonth, 6);
  if (digits.size() >= 8) add_day_term(schema::kPrefixDay, 8);
}

}  // namespace

const std::string& DocumentBuilder::term(std::string_view prefix, std::string_view text) {
  term_.clear();  // not assign(): GCC 12 warns of a false overlap (-Wrestrict) in it
  term_ += prefix;
  term_ += text;
  return term_;
}

void DocumentBuilder::add_word(Xapian::Document& xdoc, const analyzers::TokenView& token,
                               Xapian::termpos pos, Xapian::termcount wdf) {
  xdoc.add_posting(term({}, token.word), pos, wdf);
  counts_.add(term(schema::kPrefixStem, token.stem), wdf);
  if (!token.bare.empty()) xdoc.add_posting(term(schema::kPrefixBareWord, token.bare), pos, wdf);
  // Every spelling but the word's implicit one: exact mode finds that one through the word
  // term (searchd/exact_match.h), so most words cost no extra term. The answer is remembered
  // in the word cache's tag: a table lookup per occurrence cost about 3 % of indexing time.
  static constexpr uint8_t kExactTerm = 1;
  static constexpr uint8_t kNoExactTerm = 2;
  bool exact_term;
  if (token.tag != nullptr && *token.tag != 0) {
    exact_term = *token.tag == kExactTerm;
  } else {
    exact_term = token.exact != (implicit_ ? implicit_->of(token.word) : token.word);
    if (token.tag != nullptr) *token.tag = exact_term ? kExactTerm : kNoExactTerm;
  }
  if (exact_term) {
    term(schema::kPrefixExact, token.word);
    term_ += schema::kExactSeparator;
    term_ += token.exact;
    if (term_.size() <= schema::kMaxTermBytes) counts_.add(term_, wdf);
  }
}

void DocumentBuilder::add_compound_names() {
  // Name keys of single words are not document terms: indexer/name_table.cc lists the words of
  // each key once per run. Only a word followed by الله/allah needs a term, because the table
  // is built from the vocabulary, which does not say which words stood together.
  static constexpr std::string_view kAllahArabic = "\u0627\u0644\u0644\u0647";
  static constexpr std::string_view kAllahLatin = "allah";
  if (!name_keys_on_) return;
  for (std::size_t i = 1; i < tokens_.size(); ++i) {
    const std::string_view second = tokens_[i].word;
    if (second != kAllahArabic && second != kAllahLatin) continue;
    const std::string_view first = tokens_[i - 1].word;
    if (analyzers::is_stop_word(first) ||
        analyzers::compound_name_keys(first, second, analyzers::NameKeyUse::kIndex).empty())
      continue;
    term_.clear();
    term_ += schema::kPrefixNameKey;
    term_ += first;
    term_ += ' ';
    term_ += second;
    if (term_.size() <= schema::kMaxTermBytes) counts_.add(term_);
  }
}

Xapian::termpos DocumentBuilder::add_text(Xapian::Document& xdoc, std::string_view text,
                                          Xapian::termpos first) {
  analyzer_.analyze_views(text, tokens_);
  add_compound_names();
  Xapian::termpos next = first;
  for (const auto& token : tokens_) {
    next = first + token.position;
    add_word(xdoc, token, next, 1);
    ++next;
    // Evidence for the name-key table: how often a Latin word is written as a name. Lower case
    // (most words) costs no term: it is what the word's own frequency leaves. Stop words and
    // one-letter words never have a name key, so they need no evidence.
    if (!name_keys_on_ || token.language != analyzers::Language::kEnglish || token.word.size() < 2)
      continue;
    const analyzers::LatinCaseForm form = analyzers::latin_case_form(text, token.begin);
    if (form == analyzers::LatinCaseForm::kLower || analyzers::is_stop_word(token.word)) continue;
    term(form == analyzers::LatinCaseForm::kCapitalised ? schema::kPrefixCapitalised
                                                        : schema::kPrefixCaseUnknown,
         token.word);
    if (term_.size() <= schema::kMaxTermBytes) counts_.add(term_);
  }
  return next;
}

Xapian::termpos DocumentBuilder::add_body(Xapian::Document& xdoc, const core::Document& doc,
                                          Xapian::termpos first) {
  std::vector<core::Passage> split;
  if (doc.passages.empty()) {
    split = core::split_paragraphs(doc.body);
  } else {
    core::check_passages(doc.passages, doc.body.size());
  }
  const std::vector<core::Passage>& passages = doc.passages.empty() ? split : doc.passages;
  std::vector<core::IndexedPassage> table;
  table.reserve(passages.size());
  const std::string_view body = doc.body;
  Xapian::termpos next = first;
  // Text a reader left between passages (a speaker label, a page header) is searchable too, in
  // runs of its own that map to no passage.
  auto add_between = [&](std::size_t begin, std::size_t end) {
    const std::string_view text = body.substr(begin, end - begin);
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return;
    const Xapian::termpos after = add_text(xdoc, text, next);
    if (after != next) next = after + schema::kPassagePositionGap;
  };
  std::size_t cursor = 0;
  for (const auto& passage : passages) {
    add_between(cursor, passage.start);
    core::IndexedPassage entry{passage, static_cast<uint32_t>(next), 0};
    const Xapian::termpos after =
        add_text(xdoc, body.substr(passage.start, passage.end - passage.start), next);
    entry.word_count = static_cast<uint32_t>(after - next);
    table.push_back(std::move(entry));
    next = after + schema::kPassagePositionGap;
    cursor = passage.end;
  }
  add_between(cursor, body.size());
  xdoc.add_value(schema::kSlotPassages, core::encode_passage_table(table));
  xdoc.add_value(schema::kSlotBodySha256, core::sha256_hex(body));
  return next;
}

Xapian::Document DocumentBuilder::build(const core::Document& doc) {
  Xapian::Document xdoc;
  counts_.clear();  // a build that threw (bad passages) may have left terms behind
  analyzer_.analyze_views(doc.title, tokens_);
  add_compound_names();
  Xapian::termpos next = 1;
  for (const auto& token : tokens_) {
    const Xapian::termpos pos = token.position + 1;
    add_word(xdoc, token, pos, schema::kTitleWdf);
    xdoc.add_posting(term(schema::kPrefixTitle, token.word), pos);
    counts_.add(term(schema::kPrefixTitleStem, token.stem));
    next = pos + 1;
  }
  next = add_body(xdoc, doc, next + schema::kFieldPositionGap);
  for (const auto& text : doc.extra_text)
    next = add_text(xdoc, text, next + schema::kFieldPositionGap);
  // One add_term per distinct term, its occurrences as wdf: Xapian finds each term in a
  // std::map, so one call per occurrence cost more than counting here.
  counts_.flush_to(xdoc);

  xdoc.add_boolean_term(std::string(schema::kPrefixId) + doc.id);
  xdoc.add_value(schema::kSlotId, doc.id);
  const auto& facets = schema_.facets();
  for (std::size_t i = 0; i < facets.size(); ++i) {
    std::vector<std::string> values =
        i < doc.facet_values.size() ? doc.facet_values[i] : std::vector<std::string>{};
    // Speakers of passages are speakers of the document too.
    if (facets[i].name == "speaker") {
      for (const auto& passage : doc.passages) {
        if (!passage.speaker.empty() &&
            std::find(values.begin(), values.end(), passage.speaker) == values.end()) {
          values.push_back(passage.speaker);
        }
      }
    }
    if (values.empty()) continue;
    for (const auto& value : values)
      xdoc.add_boolean_term(analyzers::filter_term(facets[i].prefix, value));
    xdoc.add_value(facets[i].slot, core::encode_values(values));
  }
  if (doc.date) add_date(xdoc, *doc.date);

  xdoc.add_value(schema::kSlotStored, stored_codec_.compress(doc.stored.dump()));
  return xdoc;
}

}  // namespace dalil::indexer
