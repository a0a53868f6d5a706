/// @file indexer/document_builder.cc
/// @brief Terms (words with positions, stems, filters, dates), values and stored data.
#include "indexer/document_builder.h"

#include <string>

#include "analyzers/normalizer.h"
#include "core/schema.h"

namespace dalil::indexer {

namespace schema = core::schema;

namespace {

void add_filter(Xapian::Document& xdoc, std::string_view prefix, std::string_view value) {
  if (value.empty()) return;
  xdoc.add_boolean_term(analyzers::filter_term(prefix, value));
}

void add_date(Xapian::Document& xdoc, const core::Date& date) {
  const std::string key = date.local_key();  // "2018", "2018-05" or "2018-05-23"
  xdoc.add_value(schema::kSlotDateInstant,
                 Xapian::sortable_serialise(static_cast<double>(date.epoch_seconds())));
  xdoc.add_value(schema::kSlotDateLocal, key);
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

Xapian::Document DocumentBuilder::build(const core::Document& doc) {
  Xapian::Document xdoc;
  const std::string stem_prefix(schema::kPrefixStem);
  const std::string title_prefix(schema::kPrefixTitle);

  analyzer_.analyze(doc.title, tokens_);
  Xapian::termpos next_position = 1;
  for (const auto& token : tokens_) {
    const Xapian::termpos pos = token.position + 1;
    xdoc.add_posting(token.word, pos, schema::kTitleWdf);
    xdoc.add_posting(title_prefix + token.word, pos);
    xdoc.add_term(stem_prefix + token.stem, schema::kTitleWdf);
    next_position = pos + 1;
  }

  const Xapian::termpos body_start = next_position + schema::kBodyPositionGap;
  analyzer_.analyze(doc.body, tokens_);
  for (const auto& token : tokens_) {
    xdoc.add_posting(token.word, body_start + token.position);
    xdoc.add_term(stem_prefix + token.stem);
  }

  xdoc.add_boolean_term(std::string(schema::kPrefixId) + doc.id);
  add_filter(xdoc, schema::kPrefixLang, doc.lang);
  add_filter(xdoc, schema::kPrefixSource, doc.source);
  add_filter(xdoc, schema::kPrefixType, doc.type);
  add_filter(xdoc, schema::kPrefixCategory, doc.category);
  add_filter(xdoc, schema::kPrefixPlace, doc.place);
  for (const auto& speaker : doc.speakers) add_filter(xdoc, schema::kPrefixSpeaker, speaker);
  if (doc.date) add_date(xdoc, *doc.date);

  if (!doc.source.empty()) xdoc.add_value(schema::kSlotSource, doc.source);
  if (!doc.lang.empty()) xdoc.add_value(schema::kSlotLang, doc.lang);
  if (!doc.type.empty()) xdoc.add_value(schema::kSlotType, doc.type);

  xdoc.set_data(doc.stored.dump());
  return xdoc;
}

}  // namespace dalil::indexer
