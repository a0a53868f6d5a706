/// @file tests/unit/snippet_test.cc
/// @brief make_snippet: marking (stems, phrases, prefixes, NEAR words, clitics, hamza), escaping,
///        windows and cuts.
#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <vector>

#include "analyzers/analyzer.h"
#include "searchd/query_parser.h"
#include "searchd/snippet.h"

namespace {

const dalil::core::IndexSchema kTestSchema = dalil::core::IndexSchema::defaults();

using dalil::analyzers::Analyzer;
using dalil::searchd::HighlightTerms;
using dalil::searchd::make_snippet;
using dalil::searchd::parse_query;
using dalil::searchd::QueryLimits;
using dalil::searchd::SnippetOptions;

const std::string kEllipsis = "…";

/// The snippet of @p text for @p query, both analysed by @p analyzer as searchd does.
std::string snippet_for(Analyzer& analyzer, const std::string& query, const std::string& text,
                        std::size_t target_chars = 220) {
  const HighlightTerms terms = parse_query(query, {analyzer, kTestSchema}, QueryLimits{}).highlight;
  const auto tokens = analyzer.analyze(text);
  return make_snippet(text, tokens, terms, SnippetOptions{target_chars});
}

/// Removes every "<mark>" and "</mark>".
std::string strip_marks(std::string text) {
  for (const std::string tag : {"<mark>", "</mark>"}) {
    for (auto at = text.find(tag); at != std::string::npos; at = text.find(tag)) {
      text.erase(at, tag.size());
    }
  }
  return text;
}

/// Code points in @p text.
std::size_t chars(const std::string& text) {
  std::size_t n = 0;
  for (char ch : text) {
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

/// @p n words of filler that match none of the queries below ("lorem0 lorem1 ...").
std::string filler(int n, const std::string& word = "lorem") {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + word + std::to_string(i % 10);
  return out;
}

}  // namespace

TEST_CASE("make_snippet marks matches in short texts", "[snippet]") {
  struct Case {
    const char* name;
    std::string query;
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"English stem match", "councils", "The council met on Monday",
       "The <mark>council</mark> met on Monday"},
      {"every form of the stem", "meeting", "Meetings and meet and met",
       "<mark>Meetings</mark> and <mark>meet</mark> and met"},
      {"upper case text", "council", "THE COUNCIL MET", "THE <mark>COUNCIL</mark> MET"},
      {"two query words", "council Monday", "The council met on Monday",
       "The <mark>council</mark> met on <mark>Monday</mark>"},
      {"Arabic clitic marked whole: ل", "الأمم", "قالت للأمم المتحدة",
       "قالت <mark>للأمم</mark> المتحدة"},
      {"Arabic clitic marked whole: وب", "السلاح", "عثروا وبالسلاح معهم",
       "عثروا <mark>وبالسلاح</mark> معهم"},
      {"Arabic clitic و marked whole", "والأمم", "قالت والأمم المتحدة",
       "قالت <mark>والأمم</mark> المتحدة"},
      {"hamza-less query marks the hamza'd original", "الامم", "اجتمعت الأمم المتحدة",
       "اجتمعت <mark>الأمم</mark> المتحدة"},
      {"hamza-less query marks the harakat original", "الامم", "اجتمعت الأُمَم المتّحدة",
       "اجتمعت <mark>الأُمَم</mark> المتّحدة"},
      {"hamza query marks the hamza-less original", "الأمم", "اجتمعت الامم المتحده",
       "اجتمعت <mark>الامم</mark> المتحده"},
      {"phrase marked as one run", "\"الامم المتحده\"", "اجتمعت الأمم المتحدة اليوم",
       "اجتمعت <mark>الأمم المتحدة</mark> اليوم"},
      {"English phrase as one run", "\"heart attack\"", "He died of a heart attack at home",
       "He died of a <mark>heart attack</mark> at home"},
      {"two occurrences of a phrase", "\"heart attack\"", "heart attack or heart attack",
       "<mark>heart attack</mark> or <mark>heart attack</mark>"},
      {"phrase words apart are not marked", "\"heart attack\"", "heart failure and an attack",
       "heart failure and an attack"},
      {"phrase across punctuation is one run", "\"heart attack\"", "a heart, attack here",
       "a <mark>heart, attack</mark> here"},
      {"single quoted word matches the word, not the stem", "\"meeting\"", "meeting and meetings",
       "<mark>meeting</mark> and meetings"},
      {"negated words are not marked", "council -Monday", "The council met on Monday",
       "The <mark>council</mark> met on Monday"},
      {"mixed Arabic and English", "Haddad \"الأمم المتحدة\"",
       "قال Dr. Haddad إن الأمم المتحدة لم ترد. The United Nations did not reply",
       "قال Dr. <mark>Haddad</mark> إن <mark>الأمم المتحدة</mark> لم ترد. The United Nations did "
       "not reply"},
      {"mixed: English phrase in an Arabic text", "\"United Nations\" الامم",
       "قال Dr. Haddad إن الأمم المتحدة لم ترد. The United Nations did not reply",
       "قال Dr. Haddad إن <mark>الأمم</mark> المتحدة لم ترد. The <mark>United Nations</mark> did "
       "not reply"},
      {"Latin word glued to Arabic", "iPhone", "صدر iPhoneالجديد اليوم",
       "صدر <mark>iPhone</mark>الجديد اليوم"},
      // A text shown whole keeps the punctuation at its ends.
      {"quotes and final full stop kept", "start", "«Start» of text.",
       "«<mark>Start</mark>» of text."},
      {"leading and trailing markup kept, escaped", "x", "<x>", "&lt;<mark>x</mark>&gt;"},
      {"outer white space trimmed", "council", "  \n council met.\n", "<mark>council</mark> met."},
      // word*: every word whose normalised form starts with the prefix.
      {"prefix marks every word it starts", "coun*",
       "The council and Councillors met in the county",
       "The <mark>council</mark> and <mark>Councillors</mark> met in the <mark>county</mark>"},
      {"prefix is not a stem: met is not meet*", "meet*", "They met at the meeting",
       "They met at the <mark>meeting</mark>"},
      {"prefix starts the word, not inside it", "unit*", "reunited United Nations",
       "reunited <mark>United</mark> Nations"},
      {"Arabic prefix marks the hamza'd original", "الاسل*", "عثروا على الأسلحة اليوم",
       "عثروا على <mark>الأسلحة</mark> اليوم"},
      {"Arabic prefix: a clitic before the word is not the prefix", "الأسل*", "الأسلحة والأسلحة",
       "<mark>الأسلحة</mark> والأسلحة"},
      {"prefix next to a stem", "coun* attack", "council attacks",
       "<mark>council</mark> <mark>attacks</mark>"},
      {"negated prefix not marked", "attack -coun*", "council attack",
       "council <mark>attack</mark>"},
      // NEAR: the exact normalised words, wherever they are.
      {"NEAR words marked, not other forms", "death NEAR/3 attack",
       "death certificate said heart attack; attacks",
       "<mark>death</mark> certificate said heart <mark>attack</mark>; attacks"},
      {"NEAR words in either order", "attack NEAR/3 death", "death then attack",
       "<mark>death</mark> then <mark>attack</mark>"},
      {"Arabic NEAR words with hamza folded", "الأمم NEAR/2 المتحدة", "الامم المتحده",
       "<mark>الامم</mark> <mark>المتحده</mark>"},
      {"NEAR chain", "a1 NEAR/1 b1 NEAR/1 c1", "c1 x b1 a1",
       "<mark>c1</mark> x <mark>b1</mark> <mark>a1</mark>"},
      {"negated NEAR not marked", "heart -death NEAR/3 attack", "death heart attack",
       "death <mark>heart</mark> attack"},
      // Scopes and filters match outside the body: nothing is marked for them.
      {"title scope not marked", "title:council", "The council met", "The council met"},
      {"facet filter not marked", "source:council", "The council met", "The council met"},
      {"date filter not marked", "council date:2011", "The council met 2011",
       "The <mark>council</mark> met 2011"},
      // A stop word left out is not marked; one kept is.
      {"dropped stop word not marked", "the council", "The council met",
       "The <mark>council</mark> met"},
      {"stop word alone marked", "the", "The council met", "<mark>The</mark> council met"},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      CHECK(snippet_for(analyzer, c.query, c.text) == c.expected);
    }
  }
}

TEST_CASE("make_snippet escapes HTML and folds white space", "[snippet]") {
  struct Case {
    const char* name;
    std::string query;
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"& < > \" '", "council", "Tom & Jerry <b>\"quoted\" 'single'</b> council",
       "Tom &amp; Jerry &lt;b&gt;&quot;quoted&quot; &#39;single&#39;&lt;/b&gt; "
       "<mark>council</mark>"},
      {"markup in the text is never live", "script", "a <script>alert(1)</script> b",
       "a &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; b"},
      {"newlines and tabs fold to one space", "council", "first line\n\n  second\tline council",
       "first line second line <mark>council</mark>"},
      {"CRLF folds to one space", "council", "one\r\ntwo\r\n\r\ncouncil",
       "one two <mark>council</mark>"},
      {"no match: folded and escaped too", "zzz", "a\n<b>\n c", "a &lt;b&gt; c"},
      {"white space inside a marked phrase", "\"security council\"",
       "the security \n\t council met", "the <mark>security council</mark> met"},
      {"white space at both ends goes", "council", "\n\t council \r\n", "<mark>council</mark>"},
      {"escapes beside white space", "council", "a &\n& council'",
       "a &amp; &amp; <mark>council</mark>&#39;"},
      {"Arabic with a newline before the match", "المجلس", "قال\n\nالمجلس اليوم",
       "قال <mark>المجلس</mark> اليوم"},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      CHECK(snippet_for(analyzer, c.query, c.text) == c.expected);
    }
  }
}

TEST_CASE("make_snippet of empty and wordless texts is empty", "[snippet]") {
  struct Case {
    const char* name;
    std::string text;
  };
  const std::vector<Case> cases = {{"empty", ""}, {"spaces", "  \n "}, {"punctuation", "!!! ..."}};
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      CHECK(snippet_for(analyzer, "council", c.text).empty());
    }
  }
}

TEST_CASE("make_snippet cuts long texts around the best window", "[snippet]") {
  struct Case {
    const char* name;
    std::string query;
    std::string text;
    std::size_t target;
    std::vector<std::string> must_contain;
    std::vector<std::string> must_not_contain;
    bool cut_before;  ///< Starts with "… ".
    bool cut_after;   ///< Ends with " …".
  };
  const std::vector<Case> cases = {
      {"match in the middle: cut on both sides",
       "council",
       filler(100) + " council " + filler(100),
       100,
       {"<mark>council</mark>"},
       {},
       true,
       true},
      {"match at the start: no cut before",
       "council",
       "council " + filler(200),
       100,
       {"<mark>council</mark> lorem0"},
       {},
       false,
       true},
      {"match at the end: no cut after",
       "council",
       filler(200) + " council",
       100,
       {"lorem9 <mark>council</mark>"},
       {},
       true,
       false},
      {"more distinct terms win over an earlier match",
       "alpha beta",
       "alpha " + filler(60) + " alpha beta " + filler(60) + " beta",
       60,
       {"<mark>alpha</mark> <mark>beta</mark>"},
       {},
       true,
       true},
      {"distinct terms win over more matches of one term",
       "alpha beta",
       filler(40) + " alpha alpha alpha alpha " + filler(40) + " alpha lorem1 beta " + filler(40),
       40,
       {"<mark>alpha</mark> lorem1 <mark>beta</mark>"},
       {},
       true,
       true},
      {"more matches win among equals",
       "alpha",
       filler(40) + " alpha " + filler(40) + " alpha lorem1 alpha lorem2 alpha " + filler(40),
       60,
       {"<mark>alpha</mark> lorem1 <mark>alpha</mark> lorem2 <mark>alpha</mark>"},
       {},
       true,
       true},
      {"phrase over a stem elsewhere",
       "\"heart attack\" doctor",
       "doctor " + filler(60) + " heart attack doctor " + filler(60),
       60,
       {"<mark>heart attack</mark> <mark>doctor</mark>"},
       {},
       true,
       true},
      {"no match: the start of the text",
       "council",
       filler(200),
       100,
       {"lorem0 lorem1"},
       {"<mark>"},
       false,
       true},
      {"no match in a short text: all of it",
       "council",
       filler(5),
       100,
       {"lorem0 lorem1 lorem2 lorem3 lorem4"},
       {"<mark>"},
       false,
       false},
      {"negative-only query: the start of the text",
       "-lorem0",
       filler(200),
       100,
       {"lorem0 lorem1"},
       {"<mark>"},
       false,
       true},
      {"Arabic: match in the middle",
       "الامم",
       filler(100, "كلمة") + " الأمم " + filler(100, "كلمة"),
       80,
       {"<mark>الأمم</mark>"},
       {},
       true,
       true},
      {"prefix match in the middle",
       "coun*",
       filler(100) + " councillors " + filler(100),
       100,
       {"<mark>councillors</mark>"},
       {},
       true,
       true},
      {"NEAR words: the window with both wins over one alone",
       "death NEAR/3 attack",
       "attack " + filler(60) + " death lorem1 attack " + filler(60),
       60,
       {"<mark>death</mark> lorem1 <mark>attack</mark>"},
       {},
       true,
       true},
      {"mixed text, long",
       "Haddad \"الأمم المتحدة\"",
       filler(50) + " قال Haddad إن الأمم المتحدة لم ترد " + filler(50, "كلمة"),
       80,
       {"<mark>Haddad</mark> إن <mark>الأمم المتحدة</mark>"},
       {},
       true,
       true},
  };
  Analyzer analyzer;
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const std::string snippet = snippet_for(analyzer, c.query, c.text, c.target);
      INFO("snippet: " << snippet);
      for (const auto& part : c.must_contain) {
        INFO("must contain: " << part);
        CHECK(snippet.find(part) != std::string::npos);
      }
      for (const auto& part : c.must_not_contain) {
        INFO("must not contain: " << part);
        CHECK(snippet.find(part) == std::string::npos);
      }
      CHECK(snippet.starts_with(kEllipsis + " ") == c.cut_before);
      CHECK(snippet.ends_with(" " + kEllipsis) == c.cut_after);
      // The text shown is at most the target, plus "… " and " …".
      const std::size_t shown = chars(strip_marks(snippet));
      CHECK(shown <= c.target + 4);
      // And not much shorter: the window grows to use the room it has.
      CHECK(shown + 20 >= std::min<std::size_t>(c.target, chars(c.text)));
    }
  }
}

TEST_CASE("make_snippet with a target of zero shows the best match alone", "[snippet]") {
  Analyzer analyzer;
  const std::string snippet = snippet_for(analyzer, "council", "one two council three", 0);
  CHECK(snippet == kEllipsis + " <mark>council</mark> " + kEllipsis);
  CHECK(count_of(snippet, "<mark>") == 1);
}

TEST_CASE("make_snippet marks the words an expanded prefix kept, and only those", "[snippet]") {
  using Kept = std::optional<std::vector<std::string>>;
  const std::string text = "The council and Councillors met in the county";
  const struct {
    const char* name;
    std::vector<std::string> prefixes;
    std::vector<Kept> kept;  ///< HighlightTerms::prefix_words
    const char* expected;
  } cases[] = {
      {"Xapian's expansion: every word the prefix starts",
       {"coun"},
       {std::nullopt},
       "The <mark>council</mark> and <mark>Councillors</mark> met in the <mark>county</mark>"},
      {"the parser's: the words it kept",
       {"coun"},
       {Kept({"council", "county"})},
       "The <mark>council</mark> and Councillors met in the <mark>county</mark>"},
      {"cut before the first word: none",
       {"coun"},
       {Kept(std::vector<std::string>{})},
       "The council and Councillors met in the county"},
      // Each prefix its own words: councillors is coun*'s, not co*'s.
      {"two prefixes",
       {"co", "coun"},
       {Kept({"county"}), Kept({"council", "councillors"})},
       "The <mark>council</mark> and <mark>Councillors</mark> met in the <mark>county</mark>"},
      {"two prefixes, a word kept by neither",
       {"co", "coun"},
       {Kept({"county"}), Kept({"council"})},
       "The <mark>council</mark> and Councillors met in the <mark>county</mark>"},
  };
  Analyzer analyzer;
  const auto tokens = analyzer.analyze(text);
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      HighlightTerms terms;
      terms.prefixes = c.prefixes;
      terms.prefix_words = c.kept;
      CHECK(make_snippet(text, tokens, terms, SnippetOptions{220}) == c.expected);
    }
  }
}

TEST_CASE("snippets of views with a request's Highlighter equal those of tokens", "[snippet]") {
  // The server's path: the passage analysed into views (Analyzer::analyze_views), the query's
  // terms in tables built once per request.
  Analyzer analyzer;
  const struct {
    const char* query;
    const char* text;
    const char* expected;
  } cases[] = {
      // Proclitics on stems, bare words of quoted words, exact spellings.
      {"الأسلحة", "قال الشاهد إن بالأسلحة والأسلحة الثقيلة قصفت الحي.",
       "قال الشاهد إن <mark>بالأسلحة</mark> <mark>والأسلحة</mark> الثقيلة قصفت الحي."},
      {"\"الأسلحة\"", "للأسلحة أثر كبير.", "<mark>للأسلحة</mark> أثر كبير."},
      {"=الأسلحة", "الاسلحة والأسلحة الأسلحة", "الاسلحة والأسلحة <mark>الأسلحة</mark>"},
      {"الأسلحة الأسلحة", "وصلت الأسلحة.", "وصلت <mark>الأسلحة</mark>."},
      {"\"الأمم المتحدة\"", "قالت بالأمم المتحدة إن", "قالت <mark>بالأمم المتحدة</mark> إن"},
      // Mixed scripts, English stems, escaping, prefixes, NEAR words.
      {"weapons الأسلحة", "the report on <weapons> and بالأسلحة",
       "the report on &lt;<mark>weapons</mark>&gt; and <mark>بالأسلحة</mark>"},
      {"أسلح*", "أسلحة جديدة", "<mark>أسلحة</mark> جديدة"},
      {"report NEAR/2 weapons", "the report on weapons",
       "the <mark>report</mark> on <mark>weapons</mark>"},
      {"nothing", "no match here", "no match here"},
  };
  for (const auto& c : cases) {
    SECTION(std::string(c.query) + " in " + c.text) {
      const HighlightTerms terms =
          parse_query(c.query, {analyzer, kTestSchema}, QueryLimits{}).highlight;
      const dalil::searchd::Highlighter highlighter(terms);
      std::vector<dalil::analyzers::TokenView> views;
      analyzer.analyze_views(c.text, views);
      const std::string from_views = make_snippet(c.text, views, highlighter, SnippetOptions{});
      CHECK(from_views == c.expected);
      CHECK(dalil::searchd::has_match(views, highlighter) ==
            (std::string(c.expected).find("<mark>") != std::string::npos));
      CHECK(snippet_for(analyzer, c.query, c.text) == from_views);
    }
  }
}

TEST_CASE("TermIds finds the first id of a text and none for others", "[snippet]") {
  // The Highlighter's look-up of a token's stem, word and exact form among the query's terms.
  dalil::searchd::TermIds ids;
  ids.add("كتب", 0);
  ids.add("كتاب", 1);
  ids.add("كتب", 2);  // listed twice: the first id stays
  ids.add("", 3);
  ids.add("run", 4);
  const struct {
    std::string_view text;
    int id;
  } cases[] = {
      {"كتب", 0}, {"كتاب", 1},  {"", 3},      {"run", 4},    {"ran", -1},
      {"كت", -1}, {"كتبا", -1}, {"runs", -1}, {"كتابة", -1},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(ids.find(c.text) == c.id);
  }
  CHECK_FALSE(ids.empty());
  CHECK(dalil::searchd::TermIds().empty());
  CHECK(dalil::searchd::TermIds().find("كتب") == -1);
}
