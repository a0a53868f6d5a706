/// @file searchd/exact_match.cc
/// @brief Implicit-spelling document sets from wdf counts, a posting source over them, match modes.
#include "searchd/exact_match.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "core/schema.h"

namespace dalil::searchd {

namespace {

namespace schema = core::schema;

// A fixed sorted list of documents as a Xapian posting source (no weight).
class DocidSetSource final : public Xapian::PostingSource {
 public:
  explicit DocidSetSource(DocidSet docs) : docs_(std::move(docs)), it_(docs_->begin()) {}

  Xapian::doccount get_termfreq_min() const override { return count(); }
  Xapian::doccount get_termfreq_est() const override { return count(); }
  Xapian::doccount get_termfreq_max() const override { return count(); }

  void init(const Xapian::Database&) override {
    it_ = docs_->begin();
    started_ = false;
  }
  void next(double) override {
    if (started_) ++it_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    it_ = std::lower_bound(it_, docs_->end(), did);
  }
  bool at_end() const override { return started_ && it_ == docs_->end(); }
  Xapian::docid get_docid() const override { return *it_; }
  DocidSetSource* clone() const override { return new DocidSetSource(docs_); }
  std::string get_description() const override { return "DocidSetSource"; }

 private:
  Xapian::doccount count() const { return static_cast<Xapian::doccount>(docs_->size()); }

  DocidSet docs_;
  std::vector<Xapian::docid>::const_iterator it_;
  bool started_ = false;
};

}  // namespace

std::string_view mode_of(std::string_view term) {
  if (term.empty() || term.front() < 'A' || term.front() > 'Z') return "word";
  for (const auto& entry : kPrefixModes) {
    if (term.starts_with(entry.prefix)) return entry.mode;
  }
  return {};
}

std::string exact_term(std::string_view word, std::string_view spelling) {
  std::string term(schema::kPrefixExact);
  term += word;
  term += schema::kExactSeparator;
  term += spelling;
  return term;
}

std::vector<Xapian::docid> documents_with_implicit_spelling(const Xapian::Database& db,
                                                            const std::string& word) {
  // wdf of the word minus the wdf of its other spellings, per document.
  std::unordered_map<Xapian::docid, Xapian::termcount> other;
  const std::string prefix = exact_term(word, "");
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
    for (auto post = db.postlist_begin(*term); post != db.postlist_end(*term); ++post)
      other[*post] += post.get_wdf();
  }
  std::vector<Xapian::docid> docs;
  for (auto post = db.postlist_begin(word); post != db.postlist_end(word); ++post) {
    const auto it = other.find(*post);
    if (it == other.end() || post.get_wdf() > it->second) docs.push_back(*post);
  }
  return docs;  // postlists run in docid order
}

std::string implicit_spelling(const Xapian::Database& db, const std::string& word) {
  std::string key(schema::kMetadataImplicitSpelling);
  key += word;
  std::string spelling = db.get_metadata(key);
  return spelling.empty() ? word : spelling;
}

Xapian::Query exact_query(const Xapian::Database* db, const analyzers::Token& token,
                          std::vector<DocidSet>& implicit) {
  const std::string spelling = db ? implicit_spelling(*db, token.word) : token.word;
  if (token.exact != spelling) return Xapian::Query(exact_term(token.word, token.exact));
  const Xapian::Query word(token.word);
  if (db == nullptr) return word;
  auto docs = std::make_shared<const std::vector<Xapian::docid>>(
      documents_with_implicit_spelling(*db, token.word));
  implicit.push_back(docs);
  // release() hands the source to Xapian, which deletes it with the query.
  return Xapian::Query(Xapian::Query::OP_FILTER, word,
                       Xapian::Query((new DocidSetSource(std::move(docs)))->release()));
}

std::vector<std::string> matched_modes(const std::vector<std::string>& terms,
                                       const MatchEvidence& evidence) {
  const auto& name_terms = evidence.name_terms;
  const auto& implicit_words = evidence.implicit_words;
  static constexpr std::string_view kOrder[] = {"stem",   "word",  "prefix",
                                                "phrase", "exact", "name"};
  std::vector<std::string_view> found;
  for (const auto& term : terms) {
    if (std::binary_search(name_terms.begin(), name_terms.end(), term)) {
      found.push_back("name");
    } else if (std::binary_search(evidence.prefix_terms.begin(), evidence.prefix_terms.end(),
                                  term)) {
      found.push_back("prefix");
    } else if (evidence.implicit_exact &&
               std::binary_search(implicit_words.begin(), implicit_words.end(), term)) {
      found.push_back("exact");
    } else {
      found.push_back(mode_of(term));
    }
  }
  const auto has = [&terms](const std::vector<std::string>& alternatives) {
    return std::any_of(alternatives.begin(), alternatives.end(), [&terms](const std::string& t) {
      return std::find(terms.begin(), terms.end(), t) != terms.end();
    });
  };
  for (const auto& phrase : evidence.phrases) {
    if (!phrase.empty() && std::all_of(phrase.begin(), phrase.end(), has)) {
      found.push_back("phrase");
      break;
    }
  }
  if (evidence.implicit_exact) found.push_back("exact");
  std::vector<std::string> modes;
  for (const auto mode : kOrder) {
    if (std::find(found.begin(), found.end(), mode) != found.end()) modes.emplace_back(mode);
  }
  return modes;
}

}  // namespace dalil::searchd
