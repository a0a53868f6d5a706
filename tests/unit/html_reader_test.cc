/// @file tests/unit/html_reader_test.cc
/// @brief HTML pages: visible text and title only, paragraphs, metadata.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "indexer/format_error.h"
#include "indexer/html_reader.h"
#include "tests/unit/reader_test_support.h"

TEST_CASE("an HTML page indexes its visible text and title only", "[readers][html]") {
  const auto doc = dalil::testing::read_format_file("good/briefing.html");
  CHECK(doc.format == "html");
  CHECK(doc.title == "Commission briefing on Marsa Nour");
  CHECK(doc.lang == "en");
  REQUIRE(doc.date.has_value());
  CHECK(doc.date->local_key() == "2022-05-10");
  CHECK(doc.stored.at("author") == "Commission of Inquiry on Qaryan");
  dalil::testing::check_terms(
      doc, {"briefing", "twelve", "witnesses", "deliberate", "questions", "Iblin", "Hamra", "home"},
      {"hiddenstylefont", "trackingcode", "scriptsecret", "noscriptsecret", "templatesecret",
       "hiddensecret", "utf", "charset", "nbsp", "amp", "doctype", "li"});
}

TEST_CASE("HTML block elements make paragraphs and br a line break", "[readers][html]") {
  struct Case {
    const char* name;
    std::string html;
    std::string body;
    std::string title;
  };
  const std::vector<Case> cases = {
      {"paragraphs", "<p>One <b>two</b></p><p>three</p>", "One two\n\nthree", ""},
      {"br", "<p>a<br>b</p>", "a\nb", ""},
      {"inline elements keep words apart", "<p>a <i>b</i> <span>c</span></p>", "a b c", ""},
      {"h1 is the title without title", "<h1>Head</h1><div>x</div>", "Head\n\nx", "Head"},
      {"entities", "<p>Tal&nbsp;Hamra &amp; Iblin</p>", "Tal\xC2\xA0Hamra & Iblin", ""},
      {"broken markup", "<p>open <div>inner</p> after", "open\n\ninner\n\nafter", ""},
      {"table cells", "<table><tr><td>a</td><td>b</td></tr></table>", "a b", ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto page = dalil::indexer::read_html(c.html);
      CHECK(page.body == c.body);
      CHECK(page.title == c.title);
    }
  }
}

TEST_CASE("an HTML page nested deeper than 1024 elements is refused, not a crash",
          "[readers][html]") {
  // gumbo frees its tree recursively too: 300,000 <span>s overflowed the stack there, after
  // the walks had refused the page. The tags are counted before gumbo parses them.
  auto nested = [](const std::string& tag, int depth, bool closed) {
    std::string html = "<html><body>";
    for (int i = 0; i < depth; ++i) html += "<" + tag + ">";
    html += "deep";
    for (int i = 0; closed && i < depth; ++i) html += "</" + tag + ">";
    return html + "</body></html>";
  };
  const struct {
    const char* tag;
    int depth;
    bool closed;
    bool refused;
  } cases[] = {
      {"div", 500, true, false},
      {"div", 1100, true, true},
      {"div", 100000, true, true},
      {"span", 300000, true, true},
      {"span", 300000, false, true},
      // Elements the next one closes do not nest: a long list or table is not deep.
      {"p", 5000, false, false},
      {"li", 5000, true, false},
      {"br", 5000, false, false},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.depth << " <" << c.tag << ">" << (c.closed ? " closed" : "")) {
      const std::string html = nested(c.tag, c.depth, c.closed);
      if (!c.refused) {
        CHECK(dalil::indexer::read_html(html).body.ends_with("deep"));
        continue;
      }
      try {
        (void)dalil::indexer::read_html(html);
        FAIL("read");
      } catch (const dalil::indexer::FormatError& e) {
        CHECK(e.line() == 0);
        CHECK(std::string(e.what()) == "HTML nested deeper than 1024 elements");
      }
    }
  }
}
