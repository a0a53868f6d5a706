/// @file searchd/passages.cc
/// @brief Passage location from term positions, passage ranking, locators and citation lines.
#include "searchd/passages.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <tuple>

#include "core/schema.h"

namespace dalil::searchd {

namespace {

// Bytes of the last UTF-8 character of @p text.
std::size_t last_char_bytes(std::string_view text) {
  std::size_t n = 1;
  while (n < text.size() && (static_cast<unsigned char>(text[text.size() - n]) & 0xC0) == 0x80) {
    ++n;
  }
  return std::min(n, text.size());
}

}  // namespace

bool better_passage(const RankedPassage& a, const RankedPassage& b) {
  return std::make_tuple(a.matches > 0, a.preferred, a.distinct, a.matches, b.index) >
         std::make_tuple(b.matches > 0, b.preferred, b.distinct, b.matches, a.index);
}

const std::vector<StemVocabulary::Word>& StemVocabulary::words(const std::string& stem) const {
  static const std::vector<Word> kNone;
  const auto it = stems_.find(stem);
  return it == stems_.end() ? kNone : it->second;
}

void StemVocabulary::add(const std::string& stem, const std::string& word,
                         Xapian::doccount frequency) {
  if (stems_.size() >= kMaxStems && stems_.find(stem) == stems_.end()) stems_.clear();
  auto& words = stems_[stem];
  for (const auto& known : words) {
    if (known.word == word) return;
  }
  const auto at = std::find_if(words.begin(), words.end(), [frequency](const Word& known) {
    return known.frequency < frequency;
  });
  if (words.size() >= kMaxWordsPerStem) {
    if (at == words.end()) return;  // rarer than every word kept
    words.pop_back();
  }
  words.insert(at, Word{word, frequency});
}

PassageRanker::PassageRanker(const HighlightTerms& terms, analyzers::Analyzer& analyzer,
                             RankerOptions options)
    : terms_(terms),
      preferred_(std::move(options.preferred_speakers)),
      analyzer_(analyzer),
      likely_words_(std::move(options.likely_words)),
      vocabulary_(options.vocabulary) {
  // As the query matches them (HighlightTerms::bare_words): بالأمم holds الامم at its position.
  for (const auto& word : terms_.bare_words)
    bare_terms_.emplace(word, std::string(core::schema::kPrefixBareWord) + word);
  for (const auto& exact : terms_.exacts) {
    analyzer_.analyze(exact, tokens_);
    exact_words_.push_back(tokens_.size() == 1 ? tokens_.front().word : std::string());
  }
  for (const auto& stem : terms_.stems) {
    const std::size_t last = last_char_bytes(stem);
    // A one-character stem is its own core; a longer one loses its last character, which the
    // stemmer may have changed (ة for ه, i for y).
    stem_cores_.push_back(last < stem.size() ? stem.substr(0, stem.size() - last) : stem);
  }
}

const std::string& PassageRanker::stem_of(const std::string& word) {
  const auto it = stems_.find(word);
  if (it != stems_.end()) return it->second;
  analyzer_.analyze(word, tokens_);
  std::string stem = tokens_.size() == 1 ? tokens_.front().stem : std::string();
  return stems_.emplace(word, std::move(stem)).first->second;
}

std::vector<std::pair<std::string, std::size_t>> PassageRanker::term_list_words(
    const Xapian::Database& db, Xapian::docid did) {
  std::vector<std::pair<std::string, std::size_t>> found;
  ++term_lists_read_;
  const std::size_t stems = terms_.stems.size();
  const auto end = db.termlist_end(did);
  for (auto it = db.termlist_begin(did); it != end;) {
    const std::string term = *it;
    if (core::schema::is_prefixed_term(term)) {
      // Prefixed terms (stems, ids, facets) sort between digits and lower-case letters.
      it.skip_to(std::string(core::schema::kAfterPrefixedTerms));
      continue;
    }
    for (std::size_t p = 0; p < terms_.prefixes.size(); ++p) {
      if (term.starts_with(terms_.prefixes[p]) && terms_.prefix_word_matched(p, term))
        found.emplace_back(term, stems + p);
    }
    for (std::size_t s = 0; s < stems; ++s) {
      if (term.find(stem_cores_[s]) != std::string::npos && stem_of(term) == terms_.stems[s]) {
        found.emplace_back(term, s);
      }
    }
    ++it;
  }
  return found;
}

void PassageRanker::prepare(const Xapian::Database& db, const std::vector<Xapian::docid>& docids) {
  const std::size_t stems = terms_.stems.size();
  // Prefixes (word*) stand for too many words to follow; their documents read term lists.
  if (stems == 0 || !terms_.prefixes.empty()) return;
  const Xapian::PostingIterator none;
  std::vector<Xapian::PostingIterator> stem_posts;
  for (const auto& stem : terms_.stems)
    stem_posts.push_back(db.postlist_begin(std::string(core::schema::kPrefixStem) + stem));
  // Each stem's known words, most frequent first (so the wdf sum is soon reached).
  std::vector<std::vector<KnownWord>> known(stems);
  auto learn = [&known](std::size_t s, const std::string& word, Xapian::doccount frequency) {
    auto& words = known[s];
    for (const auto& entry : words) {
      if (entry.word == word) return false;
    }
    const auto at = std::find_if(words.begin(), words.end(), [frequency](const KnownWord& entry) {
      return entry.frequency < frequency;
    });
    words.insert(at, KnownWord{word, frequency, {}, false});
    return true;
  };
  for (std::size_t s = 0; s < stems; ++s) {
    if (vocabulary_ == nullptr) break;
    for (const auto& entry : vocabulary_->words(terms_.stems[s]))
      learn(s, entry.word, entry.frequency);
  }
  // The typed words of the stems: each where term_list_words would have put it, by its tests.
  for (const auto& word : likely_words_) {
    if (core::schema::is_prefixed_term(word)) continue;
    for (std::size_t s = 0; s < stems; ++s) {
      if (word.find(stem_cores_[s]) == std::string::npos || stem_of(word) != terms_.stems[s])
        continue;
      const Xapian::doccount frequency = db.get_termfreq(word);
      if (frequency > 0) learn(s, word, frequency);
    }
  }
  // wdf of a posting list's entry for @p did, 0 when the document is not in it.
  auto wdf_at = [&none](Xapian::PostingIterator& post, Xapian::docid did) -> Xapian::termcount {
    if (post == none) return 0;
    post.skip_to(did);
    return post != none && *post == did ? post.get_wdf() : 0;
  };
  for (const Xapian::docid did : docids) {
    std::vector<std::pair<std::string, std::size_t>> found;
    bool covered = true;
    for (std::size_t s = 0; s < stems && covered; ++s) {
      const Xapian::termcount stem_wdf = wdf_at(stem_posts[s], did);
      Xapian::termcount words_wdf = 0;
      for (auto& entry : known[s]) {
        // Every occurrence of the stem is accounted for: no other word of it is here.
        if (words_wdf == stem_wdf) break;
        if (!entry.open) {
          entry.post = db.postlist_begin(entry.word);
          entry.open = true;
        }
        const Xapian::termcount wdf = wdf_at(entry.post, did);
        if (wdf == 0) continue;
        words_wdf += wdf;
        found.emplace_back(entry.word, s);
      }
      covered = words_wdf == stem_wdf;
    }
    if (!covered) {
      // A word of a stem not seen before: the term list says which, and later documents (and
      // later requests, through the vocabulary) know it.
      found = term_list_words(db, did);
      for (const auto& [word, s] : found) {
        const Xapian::doccount frequency = db.get_termfreq(word);
        learn(s, word, frequency);
        if (vocabulary_ != nullptr) vocabulary_->add(terms_.stems[s], word, frequency);
      }
    }
    prepared_[did] = std::move(found);
  }
}

void PassageRanker::read_positions(const Xapian::Database& db,
                                   const std::vector<Xapian::docid>& docids) {
  // Each Database::positionlist_begin costs a descent through the position table on a cursor of
  // its own (two block reads below the root in a 20,000-document index), whether the document
  // has the word or not; a posting list walked once through the page's documents says which
  // have it, for a read or two per page. The stem words prepare() found are known to be there.
  struct Wanted {
    std::string_view word;
    Xapian::docid did;
    bool known_present;
  };
  const bool needs_stem_words = !terms_.stems.empty() || !terms_.prefixes.empty();
  std::vector<Wanted> wanted;
  for (const Xapian::docid did : docids) {
    const auto found = prepared_.find(did);
    if (needs_stem_words && found == prepared_.end()) continue;  // rank() reads its term list
    for (const auto& word : terms_.words) wanted.push_back({word, did, false});
    if (found != prepared_.end()) {
      for (const auto& [word, id] : found->second) wanted.push_back({word, did, true});
    }
    for (const auto& phrase : terms_.phrases) {
      for (const auto& word : phrase) wanted.push_back({word, did, false});
    }
    for (const auto& [word, bare] : bare_terms_) wanted.push_back({bare, did, false});
    for (const auto& word : exact_words_) {
      if (!word.empty()) wanted.push_back({word, did, false});
    }
  }
  // By word, then document (present first where a word was listed twice for one document).
  std::sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) {
    return std::tie(a.word, a.did, b.known_present) < std::tie(b.word, b.did, a.known_present);
  });
  wanted.erase(std::unique(wanted.begin(), wanted.end(),
                           [](const Wanted& a, const Wanted& b) {
                             return a.word == b.word && a.did == b.did;
                           }),
               wanted.end());
  std::string term;
  Xapian::PostingIterator post;
  const Xapian::PostingIterator none;
  bool opened = false;
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    const Wanted& entry = wanted[i];
    if (i == 0 || entry.word != wanted[i - 1].word) {
      term.assign(entry.word);
      opened = false;
    }
    bool present = entry.known_present;
    if (!present) {
      if (!opened) {
        post = db.postlist_begin(term);
        opened = true;
      }
      if (post != none) post.skip_to(entry.did);
      present = post != none && *post == entry.did;
    }
    auto& lists = positions_[entry.did];
    if (!present) {
      lists.emplace_back(term, std::vector<Xapian::termpos>());
      continue;
    }
    lists.emplace_back(term, std::vector<Xapian::termpos>(db.positionlist_begin(entry.did, term),
                                                          db.positionlist_end(entry.did, term)));
  }
}

const std::vector<Xapian::termpos>& PassageRanker::positions(const Xapian::Database& db,
                                                             Xapian::docid did,
                                                             const std::string& word) {
  const auto found = positions_.find(did);
  if (found != positions_.end()) {
    for (const auto& [known, list] : found->second) {
      if (known == word) return list;
    }
  }
  scratch_.assign(db.positionlist_begin(did, word), db.positionlist_end(did, word));
  return scratch_;
}

std::vector<Xapian::termpos> PassageRanker::word_positions(const Xapian::Database& db,
                                                           Xapian::docid did,
                                                           const std::string& word) {
  std::vector<Xapian::termpos> own = positions(db, did, word);  // a copy: scratch_ is reused
  const auto bare = bare_terms_.find(word);
  if (bare == bare_terms_.end()) return own;
  const std::vector<Xapian::termpos>& more = positions(db, did, bare->second);
  if (more.empty()) return own;
  std::vector<Xapian::termpos> both;
  both.reserve(own.size() + more.size());
  std::set_union(own.begin(), own.end(), more.begin(), more.end(), std::back_inserter(both));
  return both;
}

std::vector<RankedPassage> PassageRanker::rank(const Xapian::Database& db, Xapian::docid did,
                                               const std::vector<core::IndexedPassage>& table,
                                               std::size_t max) {
  std::vector<RankedPassage> ranked;
  if (table.empty() || max == 0) return ranked;
  auto is_preferred = [this, &table](std::size_t i) {
    const std::string& speaker = table[i].passage.speaker;
    if (preferred_.empty() || speaker.empty()) return false;
    return std::find(preferred_.begin(), preferred_.end(),
                     analyzers::normalize_field_value(speaker)) != preferred_.end();
  };
  if (table.size() == 1) {
    // The one passage is the answer whatever it holds; counting its matches would read the
    // document's position lists (a corpus of short items has a passage a document).
    RankedPassage entry;
    entry.preferred = is_preferred(0);
    ranked.push_back(entry);
    return ranked;
  }
  const std::size_t stems = terms_.stems.size();
  const std::size_t word_base = stems;
  const std::size_t prefix_base = word_base + terms_.words.size();
  const std::size_t phrase_base = prefix_base + terms_.prefixes.size();
  const std::size_t exact_base = phrase_base + terms_.phrases.size();
  const std::size_t term_count = exact_base + exact_words_.size();

  std::vector<int> counts(term_count == 0 ? 0 : table.size() * term_count, 0);
  if (term_count > 0) {
    // Each indexed word the query's words, stems and prefixes stand for, with their term ids.
    std::vector<std::pair<std::string, std::vector<std::size_t>>> words;
    auto add_word = [&words](const std::string& word, std::size_t id) {
      for (auto& [known, ids] : words) {
        if (known == word) {
          ids.push_back(id);
          return;
        }
      }
      words.push_back({word, {id}});
    };
    for (std::size_t i = 0; i < terms_.words.size(); ++i) add_word(terms_.words[i], word_base + i);
    if (stems > 0 || !terms_.prefixes.empty()) {
      const auto found = prepared_.find(did);
      const auto stem_words = found != prepared_.end() ? found->second : term_list_words(db, did);
      for (const auto& [word, id] : stem_words)
        add_word(word, id < stems ? id : id + terms_.words.size());
    }
    for (const auto& [word, ids] : words) {
      const bool typed = std::any_of(ids.begin(), ids.end(), [&](std::size_t id) {
        return id >= word_base && id < prefix_base;
      });
      const std::vector<Xapian::termpos> list =
          typed ? word_positions(db, did, word) : positions(db, did, word);
      for (const Xapian::termpos position : list) {
        const auto passage = core::passage_at(table, position);
        if (!passage) continue;
        for (const std::size_t id : ids) ++counts[*passage * term_count + id];
      }
    }
    for (std::size_t k = 0; k < terms_.phrases.size(); ++k) {
      const auto& phrase = terms_.phrases[k];
      if (phrase.empty()) continue;
      std::vector<std::vector<Xapian::termpos>> lists;
      for (const auto& word : phrase) lists.push_back(word_positions(db, did, word));
      for (const Xapian::termpos first : lists.front()) {
        bool whole = true;
        for (std::size_t j = 1; j < phrase.size() && whole; ++j) {
          whole = std::binary_search(lists[j].begin(), lists[j].end(),
                                     first + static_cast<Xapian::termpos>(j));
        }
        if (!whole) continue;
        if (const auto passage = core::passage_at(table, first)) {
          ++counts[*passage * term_count + phrase_base + k];
        }
      }
    }
    for (std::size_t k = 0; k < exact_words_.size(); ++k) {
      if (exact_words_[k].empty()) continue;
      for (const Xapian::termpos position : positions(db, did, exact_words_[k])) {
        if (const auto passage = core::passage_at(table, position))
          ++counts[*passage * term_count + exact_base + k];
      }
    }
  }

  for (std::size_t i = 0; i < table.size(); ++i) {
    RankedPassage entry;
    entry.index = i;
    for (std::size_t t = 0; t < term_count; ++t) {
      const int n = counts[i * term_count + t];
      entry.matches += n;
      if (n > 0) ++entry.distinct;
    }
    entry.preferred = is_preferred(i);
    if (entry.matches > 0) ranked.push_back(entry);
  }
  if (ranked.empty()) {
    // No passage holds a match (the title did, or a form the positions do not show): one
    // passage stands for the document, the preferred speaker's first turn if there is one.
    RankedPassage entry;
    for (std::size_t i = 0; i < table.size(); ++i) {
      if (is_preferred(i)) {
        entry.index = i;
        entry.preferred = true;
        break;
      }
    }
    ranked.push_back(entry);
    return ranked;
  }
  const std::size_t keep = std::min(max, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep),
                    ranked.end(), better_passage);
  ranked.resize(keep);
  return ranked;
}

std::string format_timecode(uint32_t ms) {
  const uint32_t hours = ms / 3600000;
  const uint32_t minutes = ms / 60000 % 60;
  const uint32_t seconds = ms / 1000 % 60;
  char text[32];
  std::snprintf(text, sizeof text, "%02u:%02u:%02u.%03u", hours, minutes, seconds, ms % 1000);
  return text;
}

std::string permalink(std::string_view public_url, std::string_view id, std::size_t number) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out(public_url);
  out += "/api/documents/";
  for (const char ch : id) {
    const auto byte = static_cast<unsigned char>(ch);
    const bool plain = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                       (byte >= '0' && byte <= '9') || byte == '-' || byte == '_' || byte == '.' ||
                       byte == '~' || byte == ':' || byte == '@';
    if (plain) {
      out += ch;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  out += "/passages/" + std::to_string(number);
  return out;
}

nlohmann::json locator_json(const core::Passage& passage, std::size_t number,
                            const std::string& sha256) {
  nlohmann::json out = {{"passage", number}};
  if (!passage.speaker.empty()) out["speaker"] = passage.speaker;
  if (!passage.qa.empty()) out["qa"] = passage.qa;
  if (passage.start_ms) out["start"] = format_timecode(*passage.start_ms);
  if (passage.end_ms) out["end"] = format_timecode(*passage.end_ms);
  if (passage.page) out["page"] = *passage.page;
  out["byte_start"] = passage.start;
  out["byte_end"] = passage.end;
  if (!sha256.empty()) out["sha256"] = sha256;
  return out;
}

std::string cite_line(const CiteParts& parts, const core::Passage& passage, std::size_t number) {
  std::vector<std::string> items;
  if (!parts.source.empty()) items.push_back(parts.source);
  if (!parts.title.empty()) items.push_back("\u201C" + parts.title + "\u201D");
  if (!parts.date.empty()) items.push_back(parts.date);
  if (!passage.speaker.empty()) items.push_back(passage.speaker);
  if (passage.start_ms && passage.end_ms) {
    items.push_back(format_timecode(*passage.start_ms) + "\u2013" +
                    format_timecode(*passage.end_ms));
  } else if (passage.start_ms) {
    items.push_back(format_timecode(*passage.start_ms));
  }
  if (passage.page) items.push_back("p. " + std::to_string(*passage.page));
  items.push_back("passage " + std::to_string(number));
  if (!parts.permalink.empty()) items.push_back(parts.permalink);
  std::string line;
  for (const auto& item : items) line += (line.empty() ? "" : ", ") + item;
  return line;
}

}  // namespace dalil::searchd
