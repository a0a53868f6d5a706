/// @file searchd/query_parser.cc
/// @brief Lexer and recursive-descent parser producing Xapian queries.
#include "searchd/query_parser.h"

#include <algorithm>

#include "core/error.h"
#include "core/schema.h"

namespace dalil::searchd {

namespace {

namespace schema = core::schema;

enum class Kind { kWord, kPhrase, kAnd, kOr, kNot, kMinus, kOpen, kClose, kEnd };

struct Lexeme {
  Kind kind;
  std::string_view text;
  std::size_t pos;  // Byte offset in the query, for error messages.
};

[[noreturn]] void syntax_error(std::size_t pos, const std::string& what, const std::string& hint) {
  throw core::Error(core::ErrorCode::kBadQuery,
                    what + " at position " + std::to_string(pos + 1) + "; " + hint);
}

bool is_space(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

std::vector<Lexeme> lex(std::string_view text) {
  std::vector<Lexeme> out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char ch = text[i];
    if (is_space(ch)) {
      ++i;
    } else if (ch == '"') {
      const std::size_t close = text.find('"', i + 1);
      if (close == std::string_view::npos) {
        syntax_error(i, "unclosed quote", "close the phrase with \" or remove the quote");
      }
      out.push_back({Kind::kPhrase, text.substr(i + 1, close - i - 1), i});
      i = close + 1;
    } else if (ch == '(') {
      out.push_back({Kind::kOpen, text.substr(i, 1), i});
      ++i;
    } else if (ch == ')') {
      out.push_back({Kind::kClose, text.substr(i, 1), i});
      ++i;
    } else if (ch == '-' &&
               (out.empty() || i == 0 || is_space(text[i - 1]) || text[i - 1] == '(') &&
               i + 1 < text.size() && !is_space(text[i + 1])) {
      out.push_back({Kind::kMinus, text.substr(i, 1), i});
      ++i;
    } else {
      std::size_t end = i;
      while (end < text.size() && !is_space(text[end]) && text[end] != '"' && text[end] != '(' &&
             text[end] != ')') {
        ++end;
      }
      const std::string_view word = text.substr(i, end - i);
      Kind kind = Kind::kWord;
      if (word == "AND") kind = Kind::kAnd;
      if (word == "OR") kind = Kind::kOr;
      if (word == "NOT") kind = Kind::kNot;
      out.push_back({kind, word, i});
      i = end;
    }
  }
  out.push_back({Kind::kEnd, {}, text.size()});
  return out;
}

// A node's query plus whether it is purely negative (NOT x), which AND turns into AND_NOT.
struct Node {
  Xapian::Query query;
  bool negative = false;
  bool empty = true;  // Nothing searchable (punctuation only).
  nlohmann::json explained;
};

class Parser {
 public:
  Parser(std::string_view text, analyzers::Analyzer& analyzer, const QueryLimits& limits,
         HighlightTerms& highlight)
      : lexemes_(lex(text)), analyzer_(analyzer), limits_(limits), highlight_(highlight) {}

  Node parse() {
    if (peek().kind == Kind::kEnd) return Node{};
    Node node = parse_or();
    if (peek().kind == Kind::kClose) {
      syntax_error(peek().pos, "unmatched )", "remove it or add a ( before it");
    }
    return node;
  }

 private:
  const Lexeme& peek() const { return lexemes_[next_]; }
  const Lexeme& take() { return lexemes_[next_++]; }

  static bool starts_operand(Kind kind) {
    return kind == Kind::kWord || kind == Kind::kPhrase || kind == Kind::kNot ||
           kind == Kind::kMinus || kind == Kind::kOpen;
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
    std::vector<Xapian::Query> positive;
    std::vector<Xapian::Query> negative;
    Node node;
    node.explained = {{"op", "AND"}, {"parts", nlohmann::json::array()}};
    for (auto& part : parts) {
      if (part.empty) continue;
      (part.negative ? negative : positive).push_back(part.query);
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
      ++negation_depth_;
      Node inner = kind == Kind::kNot ? parse_unary() : parse_primary();
      --negation_depth_;
      if (inner.empty) return inner;
      if (inner.negative) {
        syntax_error(op.pos, "double negation", "remove one of the NOTs");
      }
      inner.negative = true;
      inner.explained = {{"op", "NOT"}, {"part", inner.explained}};
      return inner;
    }
    return parse_primary();
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

  Node phrase_query(const std::vector<analyzers::Token>& tokens, std::string_view text) {
    Node node;
    std::vector<Xapian::Query> words;
    std::vector<std::string> sequence;
    for (const auto& token : tokens) {
      words.emplace_back(std::string(schema::kPrefixWord) + token.word);
      sequence.push_back(token.word);
    }
    node.empty = false;
    node.query = words.size() == 1
                     ? words.front()
                     : Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                                     static_cast<Xapian::termcount>(words.size()));
    node.explained = {
        {"phrase", sequence}, {"text", std::string(text)}, {"match", "words in order"}};
    if (negation_depth_ == 0) highlight_.phrases.push_back(std::move(sequence));
    return node;
  }

  Node word_node(const Lexeme& lexeme) {
    count_term(lexeme.pos);
    const auto tokens = analyzer_.analyze(lexeme.text);
    if (tokens.empty()) return Node{};
    // "e-mail" or "iPhoneالجديد" analyse to several words: they must appear together.
    if (tokens.size() > 1) return phrase_query(tokens, lexeme.text);
    const auto& token = tokens.front();
    Node node;
    node.empty = false;
    node.query = Xapian::Query(std::string(schema::kPrefixStem) + token.stem);
    node.explained = {
        {"word", token.word}, {"stem", token.stem}, {"text", std::string(lexeme.text)}};
    if (negation_depth_ == 0) highlight_.stems.push_back(token.stem);
    return node;
  }

  Node phrase_node(const Lexeme& lexeme) {
    count_term(lexeme.pos);
    const auto tokens = analyzer_.analyze(lexeme.text);
    if (tokens.empty()) return Node{};
    return phrase_query(tokens, lexeme.text);
  }

  std::vector<Lexeme> lexemes_;
  std::size_t next_ = 0;
  analyzers::Analyzer& analyzer_;
  const QueryLimits& limits_;
  HighlightTerms& highlight_;
  int terms_ = 0;
  int negation_depth_ = 0;
};

}  // namespace

ParsedQuery parse_query(std::string_view text, analyzers::Analyzer& analyzer,
                        const QueryLimits& limits) {
  ParsedQuery parsed;
  Parser parser(text, analyzer, limits, parsed.highlight);
  Node root = parser.parse();
  parsed.explained = root.explained.is_null() ? nlohmann::json::object() : root.explained;
  if (root.empty) {
    parsed.query = Xapian::Query::MatchAll;
  } else if (root.negative) {
    parsed.query = Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, root.query);
  } else {
    parsed.query = root.query;
    parsed.has_terms = true;
  }
  return parsed;
}

}  // namespace dalil::searchd
