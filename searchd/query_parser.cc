/// @file searchd/query_parser.cc
/// @brief Lexer and recursive-descent parser producing Xapian queries.
#include "searchd/query_parser.h"

#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "analyzers/name_key.h"
#include "analyzers/normalizer.h"
#include "analyzers/stopwords.h"
#include "core/date.h"
#include "core/error.h"
#include "core/schema.h"
#include "searchd/date_filter.h"
#include "searchd/match_count.h"

namespace dalil::searchd {

namespace {

namespace schema = core::schema;

// The documents of one term, each with weight @p weight: what OP_FILTER of a
// FixedWeightPostingSource(weight) by that term gives (the same documents, weights and counts),
// without walking the term's posting list a second time under an AND (10 % of a frequent word's
// match).
class TermTierSource : public Xapian::PostingSource {
 public:
  TermTierSource(std::string term, double weight) : term_(std::move(term)), weight_(weight) {
    set_maxweight(weight_);
  }
  TermTierSource* clone() const override { return new TermTierSource(term_, weight_); }
  void init(const Xapian::Database& db) override {
    post_ = db.postlist_begin(term_);
    started_ = false;
    frequency_ = db.get_termfreq(term_);
    set_maxweight(weight_);
  }
  Xapian::doccount get_termfreq_min() const override { return frequency_; }
  Xapian::doccount get_termfreq_est() const override { return frequency_; }
  Xapian::doccount get_termfreq_max() const override { return frequency_; }
  double get_weight() const override { return weight_; }
  void next(double) override {
    if (started_) ++post_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    post_.skip_to(did);
  }
  bool at_end() const override { return post_ == Xapian::PostingIterator(); }
  Xapian::docid get_docid() const override { return *post_; }
  std::string get_description() const override {
    return "TermTierSource(" + term_ + ", " + std::to_string(weight_) + ")";
  }

 private:
  std::string term_;
  double weight_;
  Xapian::PostingIterator post_;
  bool started_ = false;
  Xapian::doccount frequency_ = 0;
};

// Name keys of Latin words start with 'l' (analyzers::name_keys, kIndex).
constexpr char kLatinKey = 'l';

constexpr std::string_view kTitleField = "title";
constexpr std::string_view kDateField = "date";

enum class Kind { kWord, kPhrase, kScope, kAnd, kOr, kNot, kNear, kMinus, kOpen, kClose, kEnd };

struct Lexeme {
  Lexeme(Kind kind_, std::string_view text_, std::size_t pos_, std::size_t end_)
      : kind(kind_), text(text_), pos(pos_), end(end_) {}

  Kind kind;
  std::string_view text;  // A phrase's or a scope's text without the quotes.
  std::size_t pos;        // Byte offset in the query, for error messages.
  std::size_t end;        // One past the last byte, quotes included.
  // kScope only: field:value or field:"value".
  std::string_view field;
  std::string_view value;
  std::size_t value_pos = 0;
  bool quoted = false;
  // kWord and kPhrase: written =word or ="words" (exact mode).
  bool exact = false;
  // kNear only: n of NEAR/n.
  int distance = 0;
};

[[noreturn]] void syntax_error(std::size_t pos, const std::string& what, const std::string& hint) {
  throw core::Error(core::ErrorCode::kBadQuery,
                    what + " at position " + std::to_string(pos + 1) + "; " + hint);
}

bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char ch) {
    return (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  }));
}

// "NEAR/n" with n in 0..kMaxNearDistance.
int near_distance(std::string_view word, std::size_t pos) {
  const std::string_view digits = word.substr(5);
  int n = -1;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() || n < 0 ||
      n > kMaxNearDistance) {
    syntax_error(pos, std::string(word.substr(0, 40)) + " is not a NEAR distance",
                 "write NEAR/n with n from 0 to " + std::to_string(kMaxNearDistance) +
                     " words, e.g. a NEAR/3 b");
  }
  return n;
}

// Byte offset of the first code point of @p text that is neither white space nor invisible
// (U+00A0, U+200F and the like, common in pasted Arabic), or nullopt when q is blank.
std::optional<std::size_t> first_visible(std::string_view text) {
  int32_t i = 0;
  const auto length = static_cast<int32_t>(text.size());
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, length, c);
    if (c < 0 ||
        (!u_isUWhiteSpace(c) && !u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)))
      return static_cast<std::size_t>(start);
  }
  return std::nullopt;
}

// The end of the run of - starting at @p i when a word follows it directly, else @p i.
std::size_t minus_run_end(std::string_view text, std::size_t i) {
  std::size_t end = i;
  while (end < text.size() && text[end] == '-') ++end;
  if (end == text.size() || is_space(text[end]) || text[end] == ')') return i;
  return end;
}

std::vector<Lexeme> lex(std::string_view text,
                        const std::function<bool(std::string_view)>& is_field) {
  std::vector<Lexeme> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char ch = text[i];
    if (is_space(ch)) {
      ++i;
    } else if (ch == '"' || (ch == '=' && i + 1 < text.size() && text[i + 1] == '"')) {
      const std::size_t open = ch == '"' ? i : i + 1;
      const std::size_t close = text.find('"', open + 1);
      if (close == std::string_view::npos) {
        syntax_error(open, "unclosed quote", "close the phrase with \" or remove the quote");
      }
      out.push_back({Kind::kPhrase, text.substr(open + 1, close - open - 1), i, close + 1});
      out.back().exact = ch == '=';
      i = close + 1;
    } else if (ch == '(') {
      out.push_back({Kind::kOpen, text.substr(i, 1), i, i + 1});
      ++i;
    } else if (ch == ')') {
      out.push_back({Kind::kClose, text.substr(i, 1), i, i + 1});
      ++i;
    } else if (ch == '-' &&
               (out.empty() || i == 0 || is_space(text[i - 1]) || text[i - 1] == '(') &&
               minus_run_end(text, i) != i) {
      // Each - of a run right before a word is a minus sign (--a is a double negation, not
      // the word -a); a run before a space, a ) or the end is a word of signs (a -- b).
      for (const std::size_t end = minus_run_end(text, i); i < end; ++i)
        out.push_back({Kind::kMinus, text.substr(i, 1), i, i + 1});
    } else {
      std::size_t end = i;
      while (end < text.size() && !is_space(text[end]) && text[end] != '"' && text[end] != '(' &&
             text[end] != ')') {
        ++end;
      }
      const std::string_view word = text.substr(i, end - i);
      Lexeme lexeme{Kind::kWord, word, i, end};
      const std::size_t colon = word.find(':');
      if (word.size() > 1 && word.front() == '=') {
        lexeme.text = word.substr(1);
        lexeme.exact = true;
      } else if (word == "AND") {
        lexeme.kind = Kind::kAnd;
      } else if (word == "OR") {
        lexeme.kind = Kind::kOr;
      } else if (word == "NOT") {
        lexeme.kind = Kind::kNot;
      } else if (word.starts_with("NEAR/")) {
        lexeme.kind = Kind::kNear;
        lexeme.distance = near_distance(word, i);
      } else if (colon != std::string_view::npos && colon > 0 && is_field(word.substr(0, colon))) {
        lexeme.kind = Kind::kScope;
        lexeme.field = word.substr(0, colon);
        lexeme.value = word.substr(colon + 1);
        lexeme.value_pos = i + colon + 1;
        const std::string field(lexeme.field);
        const std::string hint =
            "write " + field + ":word or " + field + ":\"several words\", with no space after :";
        if (lexeme.value.empty() && end < text.size() && text[end] == '"') {
          const std::size_t close = text.find('"', end + 1);
          if (close == std::string_view::npos) {
            syntax_error(end, "unclosed quote", "close the phrase with \" or remove the quote");
          }
          lexeme.quoted = true;
          lexeme.value = text.substr(end + 1, close - end - 1);
          lexeme.value_pos = end + 1;
          end = close + 1;
          lexeme.end = end;
          if (lexeme.value.find_first_not_of(" \t\n\r\f") == std::string_view::npos) {
            syntax_error(i, field + ": has nothing between its quotes", hint);
          }
        } else if (lexeme.value.empty()) {
          syntax_error(i, field + ": has nothing after it", hint);
        }
      }
      out.push_back(lexeme);
      i = end;
    }
  }
  out.push_back({Kind::kEnd, {}, text.size(), text.size()});
  return out;
}

// Two bare words typed one after the other that the analyzer reads as one compound (فيس بوك is
// فيسبوك, analyzers/loanword_spellings.h) become one word lexeme over both, so the unquoted query
// finds the compound in either spelling; otherwise it would AND two words that documents no
// longer hold apart. Kept apart from the name-key and alias code on purpose (issue 3).
std::vector<Lexeme> join_compound_words(std::vector<Lexeme> lexemes, std::string_view text,
                                        analyzers::Analyzer& analyzer) {
  const auto plain_word = [](const Lexeme& lexeme) {
    return lexeme.kind == Kind::kWord && !lexeme.exact &&
           lexeme.text.find('*') == std::string_view::npos &&
           std::any_of(lexeme.text.begin(), lexeme.text.end(),
                       [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; });
  };
  std::vector<Lexeme> out;
  out.reserve(lexemes.size());
  for (auto& lexeme : lexemes) {
    if (!out.empty() && plain_word(out.back()) && plain_word(lexeme)) {
      const std::string_view both = text.substr(out.back().pos, lexeme.end - out.back().pos);
      if (analyzer.analyze(both).size() == 1) {
        out.back().text = both;
        out.back().end = lexeme.end;
        continue;
      }
    }
    out.push_back(lexeme);
  }
  return out;
}

// A parsed part of the query.
struct Node {
  Xapian::Query query;
  bool negative = false;   // Purely negative (NOT x), which AND turns into AND_NOT.
  bool empty = true;       // Nothing searchable (punctuation only).
  bool scored = false;     // Holds positive words to rank by (filters have weight 0).
  bool stop_word = false;  // A bare stop word an AND group may leave out.
  std::string_view typed;  // The stop word as typed.
  HighlightTerms highlight;
  std::vector<PhraseTerms> phrases;  // for "matched"
  nlohmann::json explained;
};

template <typename T>
void append(std::vector<T>& to, const std::vector<T>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

void append(HighlightTerms& to, const HighlightTerms& from) {
  append(to.stems, from.stems);
  append(to.words, from.words);
  append(to.prefixes, from.prefixes);
  append(to.prefix_words, from.prefix_words);
  append(to.phrases, from.phrases);
  append(to.exacts, from.exacts);
  append(to.bare_words, from.bare_words);
}

// The terms a word of a phrase, a quoted word or a NEAR operand may match at its position: the
// normalised word, and for Arabic the same word standing bare after proclitics (بالأمم holds
// الامم at its position under kPrefixBareWord).
std::vector<std::string> position_terms(const analyzers::Token& token, std::string_view prefix) {
  std::vector<std::string> terms{std::string(prefix) + token.word};
  if (prefix == schema::kPrefixWord && token.language == analyzers::Language::kArabic)
    terms.push_back(std::string(schema::kPrefixBareWord) + token.word);
  return terms;
}

Xapian::Query one_of(const std::vector<std::string>& terms) {
  if (terms.size() == 1) return Xapian::Query(terms.front());
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// A filter matches without adding to the weight, so ranking stays that of the words.
Xapian::Query unweighted(const Xapian::Query& filter) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0);
}

class Parser {
 public:
  Parser(std::string_view text, const QueryContext& context, const QueryLimits& limits,
         std::vector<std::string>& dropped)
      : text_(text),
        lexemes_(join_compound_words(lex(text,
                                         [&context](std::string_view name) {
                                           return name == kTitleField || name == kDateField ||
                                                  context.schema.facet(name) != nullptr;
                                         }),
                                     text, context.analyzer)),
        analyzer_(context.analyzer),
        schema_(context.schema),
        database_(context.database),
        date_terms_(context.date_terms),
        case_evidence_(context.case_evidence),
        exact_all_(context.exact),
        aliases_(context.aliases),
        translit_(context.translit),
        deadline_(context.deadline),
        match_deadline_(context.match_deadline),
        limits_(limits),
        dropped_(dropped) {}

  Node parse() {
    if (peek().kind == Kind::kEnd) return Node{};
    Node node = parse_or();
    if (peek().kind == Kind::kClose) {
      syntax_error(peek().pos, "unmatched )", "remove it or add a ( before it");
    }
    return node;
  }

 private:
  const Lexeme& peek(std::size_t ahead = 0) const {
    return lexemes_[std::min(next_ + ahead, lexemes_.size() - 1)];
  }
  const Lexeme& take() { return lexemes_[next_++]; }

  static bool starts_operand(Kind kind) {
    return kind == Kind::kWord || kind == Kind::kPhrase || kind == Kind::kScope ||
           kind == Kind::kNot || kind == Kind::kMinus || kind == Kind::kOpen;
  }

  void expect_operand(const Lexeme& after) {
    if (!starts_operand(peek().kind)) {
      syntax_error(peek().pos, std::string(after.text) + " has nothing after it",
                   "put a word after it, or quote it (\"" + std::string(after.text) +
                       "\") to search for the word itself");
    }
  }

  Node parse_or() {
    std::vector<std::size_t> starts{peek().pos};  // Where each part begins, for errors.
    std::vector<Node> parts{parse_and()};
    while (peek().kind == Kind::kOr) {
      const Lexeme& op = take();
      expect_operand(op);
      starts.push_back(peek().pos);
      parts.push_back(parse_and());
    }
    if (parts.size() == 1) return std::move(parts.front());
    Node node;
    node.explained = {{"op", "OR"}, {"parts", nlohmann::json::array()}};
    std::vector<Xapian::Query> queries;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      auto& part = parts[i];
      if (part.negative) {
        syntax_error(starts[i], "OR of a negated part", "write a NOT b, or group with parentheses");
      }
      if (part.empty) continue;
      queries.push_back(part.query);
      node.scored = node.scored || part.scored;
      append(node.highlight, part.highlight);
      append(node.phrases, part.phrases);
      node.explained["parts"].push_back(part.explained);
    }
    node.empty = queries.empty();
    if (!node.empty)
      node.query = Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end());
    return node;
  }

  Node parse_and() {
    if (peek().kind == Kind::kAnd) {
      syntax_error(peek().pos, "AND has nothing before it", "put a word before it");
    }
    std::vector<Node> parts{parse_unary()};
    for (;;) {
      if (peek().kind == Kind::kAnd) {
        const Lexeme& op = take();
        expect_operand(op);
      } else if (!starts_operand(peek().kind)) {
        break;
      }
      parts.push_back(parse_unary());
    }
    if (parts.size() == 1) return std::move(parts.front());

    // Stop words go only when a word to rank by stays: "the council" is "council", but "the"
    // alone, "the -council" and "the source:x" keep "the".
    const bool keeps_a_word = std::any_of(parts.begin(), parts.end(), [](const Node& part) {
      return !part.empty && !part.negative && part.scored && !part.stop_word;
    });
    std::vector<Xapian::Query> positive;
    std::vector<Xapian::Query> negative;
    Node node;
    node.explained = {{"op", "AND"}, {"parts", nlohmann::json::array()}};
    for (auto& part : parts) {
      if (part.empty) continue;
      if (keeps_a_word && part.stop_word && !part.negative) {
        part.explained["dropped"] = "stop word";
        node.explained["parts"].push_back(part.explained);
        dropped_.emplace_back(part.typed);
        continue;
      }
      (part.negative ? negative : positive).push_back(part.query);
      if (!part.negative) {
        node.scored = node.scored || part.scored;
        append(node.highlight, part.highlight);
        append(node.phrases, part.phrases);
      }
      node.explained["parts"].push_back(part.explained);
    }
    if (positive.empty() && negative.empty()) return node;
    node.empty = false;
    const Xapian::Query excluded(Xapian::Query::OP_OR, negative.begin(), negative.end());
    if (positive.empty()) {
      // "NOT a NOT b" alone stays negative so an enclosing AND can still attach it.
      node.negative = true;
      node.query = excluded;
      return node;
    }
    const Xapian::Query required(Xapian::Query::OP_AND, positive.begin(), positive.end());
    node.query =
        negative.empty() ? required : Xapian::Query(Xapian::Query::OP_AND_NOT, required, excluded);
    return node;
  }

  Node parse_unary() {
    const Kind kind = peek().kind;
    if (kind == Kind::kNot || kind == Kind::kMinus) {
      const Lexeme& op = take();
      expect_operand(op);
      if (peek().kind == Kind::kMinus || peek().kind == Kind::kNot) {
        syntax_error(op.pos, "double negation", "remove one of the NOTs");
      }
      const std::size_t cuts_before = expansion_cuts_;
      const std::size_t prefix_terms_before = prefix_terms_.size();
      Node inner = kind == Kind::kNot ? parse_unary() : parse_near();
      if (inner.empty) return inner;
      // An excluded word* gives no hit a mode. One cut at the deadline holds fewer words and
      // would exclude too little, listing hits the user excluded: it excludes everything.
      prefix_terms_.resize(prefix_terms_before);
      if (expansion_cuts_ != cuts_before) inner.query = Xapian::Query::MatchAll;
      if (inner.negative) {
        syntax_error(op.pos, "double negation", "remove one of the NOTs");
      }
      // What is excluded is neither ranked by nor marked.
      inner.negative = true;
      inner.scored = false;
      inner.stop_word = false;
      inner.highlight = HighlightTerms{};
      inner.phrases.clear();
      inner.explained = {{"op", "NOT"}, {"part", inner.explained}};
      return inner;
    }
    return parse_near();
  }

  static bool may_be_near_operand(Kind kind) {
    return kind == Kind::kWord || kind == Kind::kPhrase;
  }

  Node parse_near() {
    const Lexeme& start = peek();
    if (may_be_near_operand(start.kind) && peek(1).kind == Kind::kNear) return near_chain();
    Node node = parse_primary();
    if (peek().kind == Kind::kNear) {
      syntax_error(start.pos, std::string(peek().text) + " needs a single word before it",
                   near_hint(peek()));
    }
    return node;
  }

  static std::string near_hint(const Lexeme& near) {
    const std::string op(near.text);
    return "write word " + op +
           " word; each side is one word, bare or quoted, not a phrase, "
           "a prefix* or a group";
  }

  // The one word of a NEAR operand, or a syntax error.
  analyzers::Token near_word(const Lexeme& operand, const Lexeme& near) {
    const std::string op(near.text);
    if (!may_be_near_operand(operand.kind)) {
      if (operand.kind == Kind::kEnd || operand.kind == Kind::kClose ||
          operand.kind == Kind::kAnd || operand.kind == Kind::kOr || operand.kind == Kind::kNear) {
        syntax_error(operand.pos, op + " has no word after it", near_hint(near));
      }
      syntax_error(operand.pos, op + " needs a single word after it", near_hint(near));
    }
    count_term(operand.pos);
    const bool prefix = operand.kind == Kind::kWord && operand.text.find('*') != std::string::npos;
    const auto tokens = analyzer_.analyze(operand.text);
    if (prefix || tokens.size() != 1) {
      syntax_error(operand.pos, op + " needs a single word on each side", near_hint(near));
    }
    return tokens.front();
  }

  Node near_chain() {
    const Lexeme& first = take();
    std::vector<analyzers::Token> words;
    const Lexeme* near = &peek();
    words.push_back(near_word(first, *near));
    const Lexeme* last = &first;
    while (peek().kind == Kind::kNear) {
      const Lexeme& op = take();
      if (op.distance != near->distance) {
        syntax_error(
            op.pos,
            std::string(op.text) + " mixed with " + std::string(near->text) + " in one chain",
            "use one distance for the whole chain, or join the parts with AND");
      }
      last = &take();
      words.push_back(near_word(*last, op));
    }
    Node node;
    node.empty = false;
    node.scored = true;
    std::vector<Xapian::Query> terms;
    std::vector<std::string> typed;
    for (const auto& word : words) {
      const auto alternatives = position_terms(word, schema::kPrefixWord);
      terms.push_back(one_of(alternatives));
      typed.push_back(word.word);
      if (alternatives.size() > 1) node.highlight.bare_words.push_back(word.word);
    }
    // n words may stand between: the window spans the words themselves plus n.
    const auto window = static_cast<Xapian::termcount>(near->distance) +
                        static_cast<Xapian::termcount>(words.size());
    node.query = bounded(Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), window));
    node.highlight.words = typed;
    node.explained = {{"near", typed},
                      {"distance", near->distance},
                      {"text", std::string(text_.substr(first.pos, last->end - first.pos))}};
    return node;
  }

  Node parse_primary() {
    const Lexeme& lexeme = take();
    switch (lexeme.kind) {
      case Kind::kOpen: {
        if (peek().kind == Kind::kClose) {
          syntax_error(peek().pos, "empty parentheses", "put words inside them or remove them");
        }
        Node inner = parse_or();
        if (peek().kind != Kind::kClose) {
          syntax_error(lexeme.pos, "unclosed (", "add a ) to close it");
        }
        take();
        return inner;
      }
      case Kind::kWord:
        return word_node(lexeme);
      case Kind::kPhrase:
        return phrase_node(lexeme);
      case Kind::kScope:
        return scope_node(lexeme);
      case Kind::kNear:
        syntax_error(lexeme.pos, std::string(lexeme.text) + " has no word before it",
                     near_hint(lexeme));
      case Kind::kClose:
        syntax_error(lexeme.pos, "unmatched )", "remove it or add a ( before it");
      case Kind::kEnd:
        syntax_error(lexeme.pos, "the query ends too early", "finish the query");
      default:
        syntax_error(lexeme.pos, std::string(lexeme.text) + " cannot stand here",
                     "put words on both sides of AND and OR");
    }
  }

  void count_term(std::size_t pos) {
    if (++terms_ > limits_.max_terms) {
      syntax_error(pos, "too many words", "use at most " + std::to_string(limits_.max_terms));
    }
  }

  void count_prefix(std::size_t pos) {
    if (++prefixes_ > limits_.max_prefixes) {
      syntax_error(pos, "too many words ending in *",
                   "use at most " + std::to_string(limits_.max_prefixes) +
                       " in one query; each matches up to " + std::to_string(kMaxPrefixExpansions) +
                       " words");
    }
  }

  // The words of the other script a query word's name stands for: what its keys list in the
  // name-key table, the terms to match them by and to mark them with.
  struct NameMatch {
    std::vector<Xapian::Query> all_of;  // one OR per query word
    std::vector<std::string> terms;     // for "matched": these terms mean "name"
    HighlightTerms highlight;
  };

  // Looks up the keys of one query word (@p group) in the table; false when none is there, so
  // the word's name cannot match.
  bool add_name_group(const std::vector<std::string>& group, NameMatch& match) {
    std::vector<std::string> entries;
    for (const auto& key : group) {
      const std::string listed =
          database_->get_metadata(std::string(schema::kMetadataNameKey) + key);
      std::size_t start = 0;
      while (start < listed.size() && entries.size() < kMaxNameWords) {
        std::size_t end = listed.find(schema::kNameTableSeparator, start);
        if (end == std::string::npos) end = listed.size();
        std::string entry = listed.substr(start, end - start);
        if (std::find(entries.begin(), entries.end(), entry) == entries.end())
          entries.push_back(std::move(entry));
        start = end + 1;
      }
    }
    if (entries.empty()) return false;
    std::vector<Xapian::Query> any_of;
    for (const auto& entry : entries) {
      const std::size_t space = entry.find(' ');
      if (space == std::string::npos) {
        // A word: its unprefixed term, which also has the positions the passage ranker reads.
        any_of.emplace_back(entry);
        match.terms.push_back(entry);
        match.highlight.words.push_back(entry);
      } else {
        // A compound name (عبد الله): its own term, marked as the two words in order.
        const std::string term = std::string(schema::kPrefixNameKey) + entry;
        any_of.emplace_back(term);
        match.terms.push_back(term);
        match.highlight.phrases.push_back({entry.substr(0, space), entry.substr(space + 1)});
      }
    }
    match.all_of.emplace_back(Xapian::Query::OP_SYNONYM, any_of.begin(), any_of.end());
    return true;
  }

  // translit: ORs @p node (a word or a phrase of @p tokens) with the name keys of its words in
  // the other script and the other forms of its alias group, at kNameWeight.
  void add_names(Node& node, const std::vector<analyzers::Token>& tokens) {
    if (!translit_) return;
    std::vector<std::string> words;
    for (const auto& token : tokens) words.push_back(token.word);
    std::vector<Xapian::Query> alternatives;
    std::vector<Xapian::Query> alias_forms;  // also in alternatives
    nlohmann::json keys = nlohmann::json::array();
    nlohmann::json found = nlohmann::json::array();
    // Words with no name reading need no look-up; without an index there is no table.
    auto groups = database_ == nullptr ? std::vector<std::vector<std::string>>{}
                                       : analyzers::query_name_keys(words);
    // A Latin word the index writes in lower case is a common word, not a name: "red" does not
    // stand for الرياض (the table keeps such words out the other way round).
    if (!groups.empty() &&
        (case_evidence_ ? *case_evidence_ : analyzers::has_case_evidence(*database_))) {
      for (const auto& word : words) {
        const auto own = analyzers::name_keys(word, analyzers::NameKeyUse::kIndex);
        if (analyzers::is_stop_word(word) || analyzers::is_latin_article(word)) continue;
        if (own.empty() || own.front().front() != kLatinKey) continue;
        if (!analyzers::reads_as_name(analyzers::latin_case(*database_, word))) {
          groups.clear();
          node.explained["not_a_name"] = word;
          break;
        }
      }
    }
    if (!groups.empty()) {
      NameMatch match;
      for (const auto& group : groups) {
        for (const auto& key : group) keys.push_back(key);
        if (!add_name_group(group, match)) {
          match.all_of.clear();
          break;
        }
      }
      if (!match.all_of.empty()) {
        alternatives.emplace_back(Xapian::Query::OP_AND, match.all_of.begin(), match.all_of.end());
        append(node.highlight, match.highlight);
        append(name_terms_, match.terms);
        for (const auto& term : match.terms) found.push_back(term);
      }
    }
    nlohmann::json aliases = nlohmann::json::array();
    if (aliases_ != nullptr) {
      for (const AliasForm* form : aliases_->others(words)) {
        aliases.push_back(form->text);
        if (form->words.size() == 1) {
          // A name matches as its word (with proclitics, by the bare-word term), not by its
          // stem: الرياض and الرياضة (sport) share the stem رياض.
          const std::string& word = form->words.front();
          std::vector<std::string> terms{std::string(schema::kPrefixWord) + word};
          const bool non_ascii = std::any_of(word.begin(), word.end(), [](char ch) {
            return static_cast<unsigned char>(ch) >= 0x80;
          });
          if (non_ascii)
            terms.push_back(std::string(schema::kPrefixBareWord) + word);  // Arabic: B terms
          alternatives.push_back(one_of(terms));
          alias_forms.push_back(alternatives.back());
          for (const auto& term : terms) name_terms_.push_back(term);
          node.highlight.words.push_back(word);
        } else {
          std::vector<Xapian::Query> parts;
          for (const auto& word : form->words) {
            parts.emplace_back(std::string(schema::kPrefixWord) + word);
            name_terms_.push_back(std::string(schema::kPrefixWord) + word);
          }
          alternatives.emplace_back(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                                    static_cast<Xapian::termcount>(parts.size()));
          alias_forms.push_back(alternatives.back());
          node.highlight.phrases.push_back(form->words);
        }
      }
    }
    if (alternatives.empty()) return;
    const Xapian::Query names(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    // A constant weight for the documents the word matches in its own script: the tier that
    // puts them above the name-only hits without changing the order within either tier.
    // A word matched by its one stem term (most are) takes the tier from that term's own
    // posting list: the same documents and weights.
    const bool one_term = node.query.get_type() == Xapian::Query::LEAF_TERM;
    Xapian::Query tier =
        one_term
            ? Xapian::Query(
                  (new TermTierSource(*node.query.get_terms_begin(), kSameScriptBoost))->release())
            : Xapian::Query(
                  Xapian::Query::OP_FILTER,
                  Xapian::Query(
                      (new Xapian::FixedWeightPostingSource(kSameScriptBoost))->release()),
                  node.query);
    if (!alias_forms.empty()) {
      // The alias table is curated, name keys are guesses: a hit that holds an alias form
      // (Aleppo: حلب) ranks above every hit found by keys alone (علب, tins), below the
      // same-script tier. A hit in both tiers takes the higher only (OP_MAX), so an alias
      // form in a same-script hit (a Latin book title) does not lift it above the others.
      tier = Xapian::Query(
          Xapian::Query::OP_MAX, tier,
          Xapian::Query(
              Xapian::Query::OP_FILTER,
              Xapian::Query((new Xapian::FixedWeightPostingSource(kAliasBoost))->release()),
              Xapian::Query(Xapian::Query::OP_OR, alias_forms.begin(), alias_forms.end())));
    }
    node.query = Xapian::Query(
        Xapian::Query::OP_AND_MAYBE,
        Xapian::Query(Xapian::Query::OP_OR, node.query,
                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, names, kNameWeight)),
        tier);
    if (!keys.empty()) node.explained["name_keys"] = keys;
    if (!found.empty()) node.explained["name_words"] = found;
    if (!aliases.empty()) node.explained["aliases"] = aliases;
  }

  // Words in order, unstemmed, with @p prefix (kPrefixWord, or kPrefixTitle in a title scope);
  // @p mark adds them to the highlight. With @p exact, each word must also occur in its
  // original spelling somewhere in the document (exact_query; positions are those of the
  // normalised words).
  // @p positional (a phrase or NEAR group) with a deadline of its own: checking positions, it
  // walks candidates that the match's own filter never sees when it stands inside an OR.
  Xapian::Query bounded(Xapian::Query positional) const {
    if (!match_deadline_) return positional;
    return Xapian::Query(Xapian::Query::OP_FILTER, positional,
                         Xapian::Query((new DeadlineSource(*match_deadline_))->release()));
  }

  Node phrase_query(const std::vector<analyzers::Token>& tokens, std::string_view text,
                    std::string_view prefix, bool mark, bool exact = false) {
    Node node;
    std::vector<Xapian::Query> words;
    std::vector<std::string> sequence;
    PhraseTerms positions;
    for (const auto& token : tokens) {
      positions.push_back(position_terms(token, prefix));
      words.push_back(one_of(positions.back()));
      sequence.push_back(token.word);
      if (mark && positions.back().size() > 1) node.highlight.bare_words.push_back(token.word);
    }
    node.empty = false;
    node.scored = true;
    node.query = words.size() == 1
                     ? words.front()
                     : bounded(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                                             static_cast<Xapian::termcount>(words.size())));
    node.explained = {
        {"phrase", sequence}, {"text", std::string(text)}, {"match", "words in order"}};
    if (exact) {
      std::vector<Xapian::Query> spellings;
      std::vector<std::string> typed;
      for (const auto& token : tokens) {
        spellings.push_back(exact_query(database_, token, implicit_exact_));
        typed.push_back(token.exact);
      }
      node.query =
          Xapian::Query(Xapian::Query::OP_FILTER, node.query,
                        Xapian::Query(Xapian::Query::OP_AND, spellings.begin(), spellings.end()));
      node.explained["match"] = "words in order, each also in this spelling";
      node.explained["exact"] = typed;
      if (mark) append(node.highlight.exacts, typed);
    } else if (mark) {
      node.highlight.phrases.push_back(std::move(sequence));
    }
    if (prefix == schema::kPrefixWord) node.phrases.push_back(std::move(positions));
    return node;
  }

  // =word (or any word under exact=true): the original spelling, diacritics included.
  Node exact_node(const Lexeme& lexeme, const std::vector<analyzers::Token>& tokens) {
    if (tokens.size() > 1) {
      return phrase_query(tokens, lexeme.text, schema::kPrefixWord, true, /*exact=*/true);
    }
    const auto& token = tokens.front();
    Node node;
    node.empty = false;
    node.scored = true;
    const std::size_t sets = implicit_exact_.size();
    node.query = exact_query(database_, token, implicit_exact_);
    if (implicit_exact_.size() != sets) implicit_words_.push_back(token.word);
    node.explained = {
        {"exact", token.exact}, {"word", token.word}, {"text", std::string(lexeme.text)}};
    node.highlight.exacts.push_back(token.exact);
    return node;
  }

  // Punctuation after a star (مستشف*، or coun*. pasted from running text) is no part of the
  // query; another * is.
  static bool only_punctuation(std::string_view tail) {
    for (std::size_t i = 0; i < tail.size();) {
      UChar32 c = 0;
      U8_NEXT(tail.data(), i, tail.size(), c);
      if (c < 0 || c == '*' || !u_ispunct(c)) return false;
    }
    return true;
  }

  // word* (@p text ends with the star, perhaps followed by punctuation): a wildcard over
  // normalised words with @p prefix.
  Node prefix_node(std::string_view text, std::size_t pos, std::string_view prefix, bool mark) {
    const std::size_t star = text.find('*');
    const std::string hint = "write at least 2 letters before the *, e.g. coun* or مستشف*";
    if (star == 0) syntax_error(pos, "a * needs at least 2 characters before it", hint);
    if (star + 1 != text.size() && !only_punctuation(text.substr(star + 1))) {
      syntax_error(pos + star, "* in the middle of a word",
                   "a * may only end a word (council*); remove it or put a space after it");
    }
    const std::string_view part = text.substr(0, star);
    if (code_points(part) < 2) {
      syntax_error(pos + star, "a * needs at least 2 characters before it", hint);
    }
    const auto tokens = analyzer_.analyze(part);
    if (tokens.size() > 1) {
      syntax_error(pos, "a * may only end a single word",
                   "remove the * or quote the words as a phrase");
    }
    const std::string word = tokens.empty() ? std::string() : analyzers::normalize_word(part);
    if (tokens.empty() || code_points(word) < 2) {
      syntax_error(pos + star, "a * needs at least 2 characters before it", hint);
    }
    count_prefix(pos);
    Node node;
    node.empty = false;
    node.scored = true;
    const std::string stem = std::string(prefix) + word;
    std::vector<std::string> kept;  // the terms expand_prefix kept, sorted
    node.query = database_ == nullptr
                     ? Xapian::Query(Xapian::Query::OP_WILDCARD, stem, kMaxPrefixExpansions,
                                     Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT)
                     : expand_prefix(stem, kept);
    node.explained = {{"prefix", word}, {"text", std::string(text)}};
    if (mark) {
      // Highlights mark the words this prefix matched, not every word that starts with it.
      node.highlight.prefixes.push_back(word);
      std::optional<std::vector<std::string>> words;
      if (database_ != nullptr) {
        words.emplace();
        for (const auto& term : kept) words->push_back(term.substr(prefix.size()));
      }
      node.highlight.prefix_words.push_back(std::move(words));
    }
    return node;
  }

  // The kMaxPrefixExpansions most frequent terms starting with @p stem (of equal frequencies,
  // those first in byte order), read here so that the request's deadline bounds the reading:
  // Xapian expands a wildcard before its time limit starts, and ال* reads most of an Arabic
  // vocabulary (1 s on a million passages). OP_WILDCARD with WILDCARD_LIMIT_MOST_FREQUENT
  // keeps the same set but for ties, which it leaves unspecified, and picks per shard.
  // @p terms receives the terms kept, sorted.
  Xapian::Query expand_prefix(const std::string& stem, std::vector<std::string>& terms) {
    using Entry = std::pair<Xapian::doccount, std::string>;
    // A heap whose front is the entry to drop first: the least frequent, the last in order.
    const auto better = [](const Entry& a, const Entry& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    std::vector<Entry> kept;
    std::size_t read = 0;
    const auto end = database_->allterms_end(stem);
    for (auto it = database_->allterms_begin(stem); it != end; ++it, ++read) {
      if (deadline_ && read % 256 == 0 && std::chrono::steady_clock::now() >= *deadline_) {
        ++expansion_cuts_;
        break;
      }
      Entry entry(it.get_termfreq(), *it);
      if (kept.size() < kMaxPrefixExpansions) {
        kept.push_back(std::move(entry));
        std::push_heap(kept.begin(), kept.end(), better);
      } else if (better(entry, kept.front())) {
        std::pop_heap(kept.begin(), kept.end(), better);
        kept.back() = std::move(entry);
        std::push_heap(kept.begin(), kept.end(), better);
      }
    }
    terms.clear();
    if (kept.empty()) return Xapian::Query::MatchNothing;
    for (auto& entry : kept) terms.push_back(std::move(entry.second));
    std::sort(terms.begin(), terms.end());
    prefix_terms_.insert(prefix_terms_.end(), terms.begin(), terms.end());
    return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
  }

  Node word_node(const Lexeme& lexeme) {
    count_term(lexeme.pos);
    if (lexeme.text.find('*') != std::string_view::npos) {
      return prefix_node(lexeme.text, lexeme.pos, schema::kPrefixWord, /*mark=*/true);
    }
    const auto tokens = analyzer_.analyze(lexeme.text);
    if (tokens.empty()) return Node{};
    if (lexeme.exact || exact_all_) return exact_node(lexeme, tokens);
    // "e-mail" or "iPhoneالجديد" analyse to several words: they must appear together.
    if (tokens.size() > 1) {
      Node node = phrase_query(tokens, lexeme.text, schema::kPrefixWord, true);
      add_names(node, tokens);
      return node;
    }
    const auto& token = tokens.front();
    Node node;
    node.empty = false;
    node.scored = true;
    // With translit on, a Latin article typed apart ("Al Assad") goes like a stop word.
    node.stop_word = analyzers::is_stop_word(token.word) ||
                     (translit_ && analyzers::is_latin_article(token.word));
    node.typed = lexeme.text;
    node.query = Xapian::Query(std::string(schema::kPrefixStem) + token.stem);
    node.explained = {
        {"word", token.word}, {"stem", token.stem}, {"text", std::string(lexeme.text)}};
    node.highlight.stems.push_back(token.stem);
    if (std::find(stem_words_.begin(), stem_words_.end(), token.word) == stem_words_.end())
      stem_words_.push_back(token.word);
    add_seat_spellings(node, token);
    add_names(node, tokens);
    return node;
  }

  // ORs @p node (the stem of @p token) with the stems of its spellings in the index that differ
  // in one hamza seat, where one of the pair is a rare misspelling of the other (see
  // kSeatSpellingRatio), and says so in "seat_spellings".
  void add_seat_spellings(Node& node, const analyzers::Token& token) {
    if (database_ == nullptr || token.language != analyzers::Language::kArabic) return;
    static constexpr std::string_view kHamza = "\u0621";
    auto hamzas = [](std::string_view word) {
      std::size_t n = 0;
      for (auto at = word.find(kHamza); at != std::string_view::npos;
           at = word.find(kHamza, at + kHamza.size())) {
        ++n;
      }
      return n;
    };
    const Xapian::doccount own = database_->get_termfreq(token.word);
    std::vector<Xapian::Query> alternatives{node.query};
    nlohmann::json spellings = nlohmann::json::array();
    for (const auto& spelling : analyzers::seat_spellings(token.word)) {
      const Xapian::doccount other = database_->get_termfreq(spelling);
      if (other == 0) continue;
      const bool other_has_seat = hamzas(spelling) > hamzas(token.word);
      const Xapian::doccount with_seat = other_has_seat ? other : own;
      const Xapian::doccount without = other_has_seat ? own : other;
      // Counted as at least 1, so two rare spellings (one of them absent) never meet.
      if (with_seat < kSeatSpellingRatio * std::max<Xapian::doccount>(without, 1)) continue;
      const auto forms = analyzer_.analyze(spelling);
      if (forms.size() != 1 || forms.front().stem == token.stem) continue;
      alternatives.emplace_back(std::string(schema::kPrefixStem) + forms.front().stem);
      node.highlight.stems.push_back(forms.front().stem);
      spellings.push_back(spelling);
    }
    if (spellings.empty()) return;
    node.query = Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    node.explained["seat_spellings"] = spellings;
  }

  // Quotes match whole words. A * ending a word inside them would be read as punctuation, and
  // the phrase would ask for the letters before it as a whole word: mostly nothing at all, and
  // a fact-checker would take that for no evidence. @p text_pos: where @p text starts in the
  // query.
  static void refuse_word_star(std::string_view text, std::size_t text_pos) {
    for (std::size_t i = 1; i < text.size(); ++i) {
      if (text[i] != '*' || is_space(text[i - 1])) continue;
      syntax_error(text_pos + i, "a word* inside quotes",
                   "quotes match whole words: put the word* after the quotes (\"united\" nat*) "
                   "or leave out the *");
    }
  }

  Node phrase_node(const Lexeme& lexeme) {
    count_term(lexeme.pos);
    // The closing quote is the lexeme's last byte.
    refuse_word_star(lexeme.text, lexeme.end - 1 - lexeme.text.size());
    const auto tokens = analyzer_.analyze(lexeme.text);
    if (tokens.empty()) return Node{};
    Node node = phrase_query(tokens, lexeme.text, schema::kPrefixWord, /*mark=*/true,
                             lexeme.exact || exact_all_);
    // Names reach across scripts in default mode only: exact mode means this spelling.
    if (!lexeme.exact && !exact_all_) add_names(node, tokens);
    return node;
  }

  Node scope_node(const Lexeme& lexeme) {
    count_term(lexeme.pos);
    if (lexeme.field == kTitleField) return title_node(lexeme);
    if (lexeme.field == kDateField) return date_node(lexeme);
    return facet_node(lexeme);
  }

  // title:word (title stems), title:word* and title:"words" (title words). Snippets are cut
  // from the body, so title matches are not marked.
  Node title_node(const Lexeme& lexeme) {
    Node node;
    if (!lexeme.quoted && lexeme.value.find('*') != std::string_view::npos) {
      node = prefix_node(lexeme.value, lexeme.value_pos, schema::kPrefixTitle, /*mark=*/false);
    } else {
      if (lexeme.quoted) refuse_word_star(lexeme.value, lexeme.value_pos);
      const auto tokens = analyzer_.analyze(lexeme.value);
      if (tokens.empty()) return Node{};
      if (lexeme.quoted || tokens.size() > 1) {
        node = phrase_query(tokens, lexeme.value, schema::kPrefixTitle, /*mark=*/false);
      } else {
        const auto& token = tokens.front();
        node.empty = false;
        node.scored = true;
        node.query = Xapian::Query(std::string(schema::kPrefixTitleStem) + token.stem);
        node.explained = {
            {"word", token.word}, {"stem", token.stem}, {"text", std::string(lexeme.value)}};
      }
    }
    node.explained["field"] = kTitleField;
    return node;
  }

  // source:"Marsa Radio", speaker:..., any facet of the schema: an exact filter, weight 0.
  Node facet_node(const Lexeme& lexeme) {
    const core::FacetField* facet = schema_.facet(lexeme.field);
    const std::string field(lexeme.field);
    if (!lexeme.quoted && lexeme.value.find('*') != std::string_view::npos) {
      syntax_error(
          lexeme.value_pos + lexeme.value.find('*'), "* in a " + field + ": value",
          "a * works on words and title: words; write the whole value, e.g. " + field + ":\"...\"");
    }
    if (analyzers::normalize_field_value(lexeme.value).empty()) {
      syntax_error(lexeme.pos, field + ": has nothing after it",
                   "write " + field + ":value or " + field + ":\"several words\"");
    }
    Node node;
    node.empty = false;
    node.query = unweighted(Xapian::Query(analyzers::filter_term(facet->prefix, lexeme.value)));
    node.explained = {{"field", field}, {"value", std::string(lexeme.value)}};
    return node;
  }

  // date:2011, date:2011-03..2013-08, date:..2013, date:2011-03..: documents whose date period
  // overlaps the range.
  Node date_node(const Lexeme& lexeme) {
    const std::string_view value = lexeme.value;
    const std::size_t dots = value.find("..");
    const std::string_view from = dots == std::string_view::npos ? value : value.substr(0, dots);
    const std::string_view to = dots == std::string_view::npos ? value : value.substr(dots + 2);
    const std::string hint =
        "write date:2011, date:2011-03, date:2011-03-14, date:2011..2013-08, date:..2013 or "
        "date:2011-03..";
    if (from.empty() && to.empty()) {
      syntax_error(lexeme.pos, "date: needs a date", hint);
    }
    auto check = [&](std::string_view end, std::size_t pos) {
      if (!end.empty() && !core::parse_iso_date(end)) {
        syntax_error(pos, "\"" + std::string(end.substr(0, 40)) + "\" is not a date", hint);
      }
    };
    check(from, lexeme.value_pos);
    check(to, dots == std::string_view::npos ? lexeme.value_pos : lexeme.value_pos + dots + 2);
    DayRange range;
    try {
      range = parse_day_range(from, to, "date:", /*query_syntax=*/true);
    } catch (const core::Error&) {
      // The ends are valid dates (checked above), so the range is reversed.
      syntax_error(
          lexeme.pos, "the date range ends before it starts",
          "put the earlier date first: date:" + std::string(to) + ".." + std::string(from));
    }
    Node node;
    node.empty = false;
    node.query = unweighted(date_terms_ != nullptr ? date_range_query(range, *date_terms_)
                                                   : date_range_query(range, database_));
    nlohmann::json period = nlohmann::json::object();
    if (range.first) period["from"] = *range.first;
    if (range.last) period["to"] = *range.last;
    node.explained = {{"date", period}, {"text", std::string(value)}};
    return node;
  }

  std::string_view text_;
  std::vector<Lexeme> lexemes_;
  std::size_t next_ = 0;
  analyzers::Analyzer& analyzer_;
  const core::IndexSchema& schema_;
  const Xapian::Database* database_;
  DateTerms* date_terms_;
  std::optional<bool> case_evidence_;
  bool exact_all_;
  const NameAliases* aliases_;
  bool translit_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  std::optional<std::chrono::steady_clock::time_point> match_deadline_;
  const QueryLimits& limits_;
  std::vector<std::string>& dropped_;
  int terms_ = 0;
  int prefixes_ = 0;
  std::vector<DocidSet> implicit_exact_;     // collected by exact_query
  std::vector<std::string> implicit_words_;  // word terms of =word in its implicit spelling
  std::vector<std::string> name_terms_;      // terms found through the name-key table
  std::vector<std::string> stem_words_;      // normalised words of free words (ParsedQuery)
  std::vector<std::string> prefix_terms_;    // terms positive words* expanded to
  std::size_t expansion_cuts_ = 0;           // words* stopped at the deadline

 public:
  std::vector<std::string> take_prefix_terms() { return sorted_unique(std::move(prefix_terms_)); }
  bool expansion_cut() const { return expansion_cuts_ > 0; }
  std::vector<std::string> take_stem_words() { return std::move(stem_words_); }
  std::vector<DocidSet> take_implicit_exact() { return std::move(implicit_exact_); }
  std::vector<std::string> take_name_terms() { return sorted_unique(std::move(name_terms_)); }
  std::vector<std::string> take_implicit_words() {
    return sorted_unique(std::move(implicit_words_));
  }

 private:
  static std::vector<std::string> sorted_unique(std::vector<std::string> terms) {
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    return terms;
  }
};

}  // namespace

ParsedQuery parse_query(std::string_view text, const QueryContext& context,
                        const QueryLimits& limits) {
  ParsedQuery parsed;
  Parser parser(text, context, limits, parsed.stop_words_dropped);
  Node root = parser.parse();
  parsed.explained = root.explained.is_null() ? nlohmann::json::object() : root.explained;
  if (root.empty) {
    // A blank q lists the archive; a q of signs alone (=, -, "", !!) asked for something,
    // and listing everything instead would look like an answer.
    if (const auto sign = first_visible(text)) {
      syntax_error(*sign, "no word to search for",
                   "write a word, or leave q empty to list the archive by date");
    }
    parsed.query = Xapian::Query::MatchAll;
  } else if (root.negative) {
    parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, root.query);
  } else {
    parsed.query = root.query;
    parsed.has_terms = root.scored;
    parsed.highlight = std::move(root.highlight);
    parsed.phrases = std::move(root.phrases);
    parsed.implicit_exact = parser.take_implicit_exact();
    parsed.implicit_words = parser.take_implicit_words();
    parsed.name_terms = parser.take_name_terms();
    parsed.stem_words = parser.take_stem_words();
    parsed.prefix_terms = parser.take_prefix_terms();
  }
  parsed.expansion_cut = parser.expansion_cut();
  return parsed;
}

std::vector<std::string> hit_modes(const ParsedQuery& parsed, const std::vector<std::string>& terms,
                                   Xapian::docid id) {
  const bool implicit_exact = std::any_of(
      parsed.implicit_exact.begin(), parsed.implicit_exact.end(),
      [id](const DocidSet& docs) { return std::binary_search(docs->begin(), docs->end(), id); });
  return matched_modes(terms, {.phrases = parsed.phrases,
                               .implicit_exact = implicit_exact,
                               .name_terms = parsed.name_terms,
                               .implicit_words = parsed.implicit_words,
                               .prefix_terms = parsed.prefix_terms});
}

}  // namespace dalil::searchd
