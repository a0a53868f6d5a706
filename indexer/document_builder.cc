/// @file indexer/document_builder.cc
/// @brief Terms (words with positions, stems, facets, dates), values and stored data.
#include "indexer/document_builder.h"

#include <string>

#include "analyzers/normalizer.h"
#include "analyzers/stopwords.h"
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
  xdoc.add_boolean_term(std::string(schema::kPrefixYear) + digits.substr(0, 4));
  if (digits.size() >= 6)
    xdoc.add_boolean_term(std::string(schema::kPrefixMonth) + digits.substr(0, 6));
  if (digits.size() >= 8) xdoc.add_boolean_term(std::string(schema::kPrefixDay) + digits);
}

}  // namespace

void DocumentBuilder::add_name_keys(Xapian::Document& xdoc) {
  if (!name_keys_on_) return;
  const std::string prefix(schema::kPrefixNameKey);
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    const std::string& word = tokens_[i].word;
    if (analyzers::is_stop_word(word)) continue;
    for (const auto& key : name_keys_.keys(word)) xdoc.add_term(prefix + key);
    if (i + 1 < tokens_.size()) {
      for (const auto& key :
           analyzers::compound_name_keys(word, tokens_[i + 1].word, analyzers::NameKeyUse::kIndex))
        xdoc.add_term(prefix + key);
    }
  }
}

Xapian::termpos DocumentBuilder::add_text(Xapian::Document& xdoc, std::string_view text,
                                          Xapian::termpos first) {
  const std::string stem_prefix(schema::kPrefixStem);
  analyzer_.analyze(text, tokens_);
  add_name_keys(xdoc);
  Xapian::termpos next = first;
  for (const auto& token : tokens_) {
    next = first + token.position;
    xdoc.add_posting(token.word, next);
    xdoc.add_term(stem_prefix + token.stem);
    ++next;
  }
  return next;
}

Xapian::Document DocumentBuilder::build(const core::Document& doc) {
  Xapian::Document xdoc;
  const std::string stem_prefix(schema::kPrefixStem);
  const std::string title_prefix(schema::kPrefixTitle);
  const std::string title_stem_prefix(schema::kPrefixTitleStem);

  analyzer_.analyze(doc.title, tokens_);
  add_name_keys(xdoc);
  Xapian::termpos next = 1;
  for (const auto& token : tokens_) {
    const Xapian::termpos pos = token.position + 1;
    xdoc.add_posting(token.word, pos, schema::kTitleWdf);
    xdoc.add_term(stem_prefix + token.stem, schema::kTitleWdf);
    xdoc.add_posting(title_prefix + token.word, pos);
    xdoc.add_term(title_stem_prefix + token.stem);
    next = pos + 1;
  }
  next = add_text(xdoc, doc.body, next + schema::kFieldPositionGap);
  for (const auto& text : doc.extra_text)
    next = add_text(xdoc, text, next + schema::kFieldPositionGap);

  xdoc.add_boolean_term(std::string(schema::kPrefixId) + doc.id);
  const auto& facets = schema_.facets();
  for (std::size_t i = 0; i < facets.size() && i < doc.facet_values.size(); ++i) {
    const auto& values = doc.facet_values[i];
    if (values.empty()) continue;
    for (const auto& value : values)
      xdoc.add_boolean_term(analyzers::filter_term(facets[i].prefix, value));
    xdoc.add_value(facets[i].slot, core::encode_values(values));
  }
  if (doc.date) add_date(xdoc, *doc.date);

  xdoc.set_data(doc.stored.dump());
  return xdoc;
}

}  // namespace dalil::indexer
