/// @file indexer/index_writer.cc
/// @brief Batches as Xapian transactions; upsert by the unique id term.
#include "indexer/index_writer.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "analyzers/analyzer.h"
#include "core/error.h"
#include "core/schema.h"

namespace dalil::indexer {

namespace {

constexpr const char* kAnalyzerKey = "dalil.analyzer";
constexpr const char* kSchemaKey = "dalil.schema";

Xapian::WritableDatabase open_database(const std::string& path, bool scratch) {
  // Xapian creates the index folder but not its parents ("var/demo-index").
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  try {
    const int flags = scratch
                          ? Xapian::DB_CREATE_OR_OPEN | Xapian::DB_DANGEROUS | Xapian::DB_NO_SYNC
                          : Xapian::DB_CREATE_OR_OPEN;
    return Xapian::WritableDatabase(path, flags);
  } catch (const Xapian::DatabaseLockError&) {
    throw core::Error(core::ErrorCode::kIoError,
                      path + " is locked: another dalil-index is writing to it");
  } catch (const Xapian::Error& e) {
    throw core::Error(core::ErrorCode::kIoError,
                      "cannot open index " + path + ": " + e.get_description());
  }
}

// Refuses an index of a format this version does not know, before anything is written to it.
void check_format(const Xapian::WritableDatabase& db, const std::string& path) {
  const std::string format = db.get_metadata(std::string(core::schema::kMetadataFormat));
  if (!core::schema::index_format_known(format)) {
    throw core::Error(core::ErrorCode::kBadConfig,
                      path + ": " + core::schema::index_format_refusal(format, "dalil-index"));
  }
}

// The analyzer of the index at @p path: the one it was built with, which must be the one asked
// for, if any; for a new index the one asked for or the default. (An index of a format this
// version does not know is refused first: its analyzer key may not mean what it means here.)
analyzers::AnalyzerOptions resolve_analyzer(
    const Xapian::WritableDatabase& db, const std::string& path,
    const std::optional<analyzers::AnalyzerOptions>& asked) {
  check_format(db, path);
  const std::string stored = db.get_metadata(kAnalyzerKey);
  if (stored.empty()) {
    if (db.get_doccount() > 0) {
      throw core::Error(core::ErrorCode::kBadConfig,
                        path + " holds a Xapian index not written by dalil-index");
    }
    return asked.value_or(analyzers::AnalyzerOptions{});
  }
  const auto built = analyzers::AnalyzerOptions::from_name(stored);
  const std::string wanted = asked.value_or(analyzers::AnalyzerOptions{}).name();
  if (!built) {
    throw core::Error(core::ErrorCode::kBadConfig, path + " was built with analyzer " + stored +
                                                       "; this dalil-index uses " + wanted +
                                                       ": index into a new folder");
  }
  if (asked && !(*asked == *built)) {
    throw core::Error(core::ErrorCode::kBadConfig, path + " was built with analyzer " + stored +
                                                       ", not " + wanted +
                                                       ": index into a new folder");
  }
  return *built;
}

}  // namespace

IndexWriter::IndexWriter(const std::string& path, const WriterOptions& options)
    : db_(open_database(path, options.scratch)),
      schema_(options.schema.value_or(core::IndexSchema::defaults())),
      analyzer_(resolve_analyzer(db_, path, options.analyzer)),
      builder_(schema_, analyzer_, options.name_keys),
      options_(options) {
  if (options.implicit_spellings) {
    implicit_ = options.implicit_spellings;
  } else {
    auto own = std::make_shared<ImplicitSpellings>(ImplicitSpellings::read(db_));
    own_implicit_ = own.get();
    implicit_ = std::move(own);
  }
  builder_.use_implicit_spellings(implicit_.get());
  const std::string analyzer = db_.get_metadata(kAnalyzerKey);
  const std::string expected = analyzer_.name();
  const std::string stored_schema = db_.get_metadata(kSchemaKey);
  if (!stored_schema.empty()) {
    const auto stored = core::IndexSchema::from_json(nlohmann::json::parse(stored_schema));
    if (options.schema && !(stored == *options.schema)) {
      throw core::Error(core::ErrorCode::kBadConfig,
                        path + " was built with another schema: index into a new folder");
    }
    schema_ = stored;
  }
  const std::string case_key(core::schema::kMetadataCaseEvidence);
  const std::string format_key(core::schema::kMetadataFormat);
  const std::string format = std::to_string(core::schema::kIndexFormat);
  if (analyzer.empty() || stored_schema.empty()) {
    db_.set_metadata(kAnalyzerKey, expected);
    db_.set_metadata(kSchemaKey, schema_.to_json().dump());
    db_.set_metadata(format_key, format);
    // A new index: every document will carry its capitalised terms (name-key table evidence).
    if (options.name_keys && db_.get_doccount() == 0) db_.set_metadata(case_key, "1");
    db_.commit();
  } else if (!options.name_keys && !db_.get_metadata(case_key).empty()) {
    // Documents written now lack the evidence, so the table must stop trusting it, and be
    // rebuilt once without it: Latin words it left out as not names belong in it now.
    db_.set_metadata(case_key, "");
    db_.set_metadata(std::string(core::schema::kMetadataNameTablePending), "1");
    db_.commit();
  }
  if (db_.get_metadata(format_key) != format) {
    // An index of an older format: the documents written now are of this one, and a server
    // that does not read it must refuse the index (check_format: never a newer one here).
    db_.set_metadata(format_key, format);
    db_.commit();
  }
  if (!options.scratch) {
    spelling_pending_at_open_ =
        !db_.get_metadata(std::string(core::schema::kMetadataSpellingPending)).empty();
    names_pending_at_open_ =
        !db_.get_metadata(std::string(core::schema::kMetadataNameTablePending)).empty();
    track_words_ = db_.get_doccount() > 0;
  }
}

VocabularyChange IndexWriter::vocabulary_change() const {
  VocabularyChange change;
  change.whole_spelling = !track_words_ || spelling_pending_at_open_;
  change.whole_names = !track_words_ || names_pending_at_open_;
  if (track_words_) {
    change.words.assign(changed_words_.begin(), changed_words_.end());
    std::sort(change.words.begin(), change.words.end());
  }
  return change;
}

void IndexWriter::note_words(const Xapian::Document& doc) {
  // Past this many words a pass over the whole vocabulary costs less than looking each up.
  constexpr std::size_t kMaxTrackedWords = 1u << 20;
  if (!track_words_) return;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string term = *it;
    if (!core::schema::is_prefixed_term(term) ||
        (term.starts_with(core::schema::kPrefixNameKey) && term.find(' ') != std::string::npos))
      changed_words_.insert(term);
  }
  if (changed_words_.size() > kMaxTrackedWords) {
    track_words_ = false;
    changed_words_ = {};
  }
}

void IndexWriter::begin_batch() {
  if (in_batch_) return;
  // DB_DANGEROUS allows no transactions; a scratch index needs none.
  if (!options_.scratch) db_.begin_transaction(true);
  in_batch_ = true;
  if (!options_.scratch && !marked_pending_) {
    // The tables lag behind from the first committed change until the run's table passes.
    db_.set_metadata(std::string(core::schema::kMetadataSpellingPending), "1");
    db_.set_metadata(std::string(core::schema::kMetadataNameTablePending), "1");
    marked_pending_ = true;
  }
  batch_documents_ = 0;
  batch_bytes_ = 0;
}

void IndexWriter::after_change(std::size_t bytes) {
  ++batch_documents_;
  batch_bytes_ += bytes;
  if (batch_documents_ >= options_.batch_documents || batch_bytes_ >= options_.batch_bytes)
    commit();
}

bool is_unchanged(const Xapian::Document& stored, const core::Document& doc,
                  core::StoredCodec& codec) {
  // A document written before the id slot (core/schema.h kSlotId) or the stored slot
  // (kSlotStored) is rewritten once, so an index brought up to date by this version reads every
  // page of ids from the slot and every stored document without zlib.
  const std::string value = stored.get_value(core::schema::kSlotStored);
  if (value.empty() || stored.get_value(core::schema::kSlotId).empty()) return false;
  try {
    return codec.decompress(value) == doc.stored.dump();
  } catch (const std::runtime_error&) {
    return false;  // damaged: rewriting the document repairs it
  }
}

Change IndexWriter::upsert(const core::Document& doc) {
  const std::string id_term = std::string(core::schema::kPrefixId) + doc.id;
  if (options_.scratch && seen_ids_.insert(doc.id).second) {
    // A scratch index starts empty, so an id it has not seen is new: add without looking it up.
    begin_batch();
    db_.add_document(builder_.build(doc));
    after_change(doc.title.size() + doc.body.size());
    return Change::kAdded;
  }
  Change change = Change::kAdded;
  const auto existing = db_.postlist_begin(id_term);
  if (existing != db_.postlist_end(id_term)) {
    // Compare before analysing: re-indexing an unchanged archive costs a read, not a rebuild.
    const Xapian::Document old = db_.get_document(*existing);
    if (is_unchanged(old, doc, stored_codec_)) return Change::kUnchanged;
    note_words(old);
    change = Change::kReplaced;
  }
  begin_batch();
  Xapian::Document built = builder_.build(doc);
  note_words(built);
  db_.replace_document(id_term, built);
  after_change(doc.title.size() + doc.body.size());
  return change;
}

std::size_t IndexWriter::learn_spellings(const SpellingSample& sample) {
  if (own_implicit_ == nullptr)
    throw std::logic_error("IndexWriter::learn_spellings: the table is the parallel build's");
  ImplicitSpellings added;
  for (const auto& choice : sample.choices()) {
    // A word the index holds keeps the spelling its documents were written with: its entry's,
    // or without one its normalised form. (The database sees the open batch too.) An entry is
    // kept even when its word has left the index.
    if (!db_.term_exists(choice.word) && own_implicit_->add(choice.word, choice.spelling))
      added.add(choice.word, choice.spelling);
  }
  if (added.empty()) return 0;
  begin_batch();
  added.write(db_);
  // Tags of the builder's word cache remember answers of the table as it was.
  builder_.use_implicit_spellings(own_implicit_);
  return added.size();
}

bool IndexWriter::remove(const std::string& id) {
  const std::string id_term = std::string(core::schema::kPrefixId) + id;
  const auto existing = db_.postlist_begin(id_term);
  if (existing == db_.postlist_end(id_term)) return false;
  note_words(db_.get_document(*existing));
  begin_batch();
  db_.delete_document(id_term);
  after_change(0);
  return true;
}

void IndexWriter::commit() {
  if (!in_batch_) return;
  if (options_.scratch) {
    db_.commit();
  } else {
    db_.commit_transaction();
  }
  in_batch_ = false;
}

void IndexWriter::cancel() {
  if (!in_batch_) return;
  if (!options_.scratch) db_.cancel_transaction();
  in_batch_ = false;
  marked_pending_ = false;  // the markers went with the batch
}

}  // namespace dalil::indexer
