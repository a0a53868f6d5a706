/// @file indexer/html_reader.cc
/// @brief A walk of gumbo's tree collecting text nodes, with paragraph breaks at block elements.
#include "indexer/html_reader.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gumbo.h>

#include "indexer/format_error.h"

namespace dalil::indexer {

namespace {

bool is_skipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_SELECT:
      return true;
    default:
      return false;
  }
}

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

const char* attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  return attr == nullptr ? nullptr : attr->value;
}

class TextCollector {
 public:
  void walk(const GumboNode* node, bool pre) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        (node->type == GUMBO_NODE_WHITESPACE && pre)) {
      add_text(node->v.text.text, pre);
      return;
    }
    if (node->type == GUMBO_NODE_WHITESPACE) {
      pending_space_ = true;
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
    const GumboElement& element = node->v.element;
    if (is_skipped(element.tag) || attribute(element, "hidden") != nullptr) return;
    if (element.tag == GUMBO_TAG_BR) {
      line_break();
      return;
    }
    const bool block = is_block(element.tag);
    if (block) paragraph_break();
    if (element.tag == GUMBO_TAG_TD || element.tag == GUMBO_TAG_TH) pending_space_ = true;
    const bool inner_pre = pre || element.tag == GUMBO_TAG_PRE;
    for (unsigned i = 0; i < element.children.length; ++i)
      walk(static_cast<const GumboNode*>(element.children.data[i]), inner_pre);
    if (block) paragraph_break();
  }

  std::string take() {
    while (!text_.empty() && (text_.back() == '\n' || text_.back() == ' ')) text_.pop_back();
    return std::move(text_);
  }

 private:
  void add_text(std::string_view s, bool pre) {
    for (char ch : s) {
      const bool space = ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
      if (space && !pre) {
        pending_space_ = true;
        continue;
      }
      if (pending_breaks_ > 0) {
        if (!text_.empty()) text_.append(pending_breaks_, '\n');
        pending_breaks_ = 0;
        pending_space_ = false;
      } else if (pending_space_) {
        if (!text_.empty() && text_.back() != '\n') text_ += ' ';
        pending_space_ = false;
      }
      text_ += ch;
    }
  }
  void paragraph_break() { pending_breaks_ = 2; }
  void line_break() {
    if (pending_breaks_ < 1) pending_breaks_ = 1;
  }

  std::string text_;
  int pending_breaks_ = 0;
  bool pending_space_ = false;
};

std::string node_text(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE)
    return node->v.text.text;
  std::string out;
  if (node->type != GUMBO_NODE_ELEMENT) return out;
  for (unsigned i = 0; i < node->v.element.children.length; ++i)
    out += node_text(static_cast<const GumboNode*>(node->v.element.children.data[i]));
  return out;
}

std::string collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += ch;
    }
  }
  return out;
}

// <title> and <meta> anywhere in the tree (gumbo puts them in <head>, but pages are untidy).
void read_head(const GumboNode* node, HtmlText& out) {
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& element = node->v.element;
  if (element.tag == GUMBO_TAG_TITLE && out.title.empty()) {
    out.title = collapse(node_text(node));
  } else if (element.tag == GUMBO_TAG_META) {
    const char* name = attribute(element, "name");
    if (name == nullptr) name = attribute(element, "property");
    const char* content = attribute(element, "content");
    if (name != nullptr && content != nullptr) {
      std::string key(name);
      for (char& ch : key) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if ((key == "date" || key == "dcterms.date" || key == "article:published_time") &&
          out.date.empty())
        out.date = collapse(content);
      if (key == "author" && out.author.empty()) out.author = collapse(content);
    }
  }
  for (unsigned i = 0; i < element.children.length; ++i)
    read_head(static_cast<const GumboNode*>(element.children.data[i]), out);
}

class H1Finder {
 public:
  static std::string first(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return {};
    if (node->v.element.tag == GUMBO_TAG_H1) return collapse(node_text(node));
    for (unsigned i = 0; i < node->v.element.children.length; ++i) {
      auto found = first(static_cast<const GumboNode*>(node->v.element.children.data[i]));
      if (!found.empty()) return found;
    }
    return {};
  }
};

// The walks above recurse once per level of the tree (a page of 70,000 nested <div>s overflowed
// the stack), and so does gumbo_destroy_output (262,000 <span>s). Browsers themselves stop
// nesting at 512 levels.
constexpr std::size_t kMaxDepth = 1024;

// Elements that never hold another level: void elements, and those the next of their kind or
// a block closes (<p>, <li>, <td> ...; nested lists count half, which is still far from deep).
bool never_nests(std::string_view tag) {
  static constexpr std::string_view kTags[] = {
      "area",  "base",   "br",       "col",   "embed", "hr",    "img",      "input", "link", "meta",
      "param", "source", "track",    "wbr",   "p",     "li",    "dt",       "dd",    "td",   "th",
      "tr",    "option", "optgroup", "tbody", "thead", "tfoot", "colgroup", "rb",    "rt",   "rp"};
  return std::find(std::begin(kTags), std::end(kTags), tag) != std::end(kTags);
}

// Whether the tags of @p html nest deeper than kMaxDepth, read from the bytes before gumbo
// parses them: gumbo frees its tree recursively, and parses deep nesting in quadratic time.
// An end tag closes back to its element when that is open; the raw text of script, style and
// the like is skipped.
bool nests_too_deep(std::string_view html) {
  std::vector<std::string> open;
  std::string name;
  for (std::size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    if (html.substr(i, 4) == "<!--") {
      i = html.find("-->", i + 4);
      if (i == std::string_view::npos) break;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t end = i + 1 + (closing ? 1 : 0);
    name.clear();
    while (end < html.size() && std::isalnum(static_cast<unsigned char>(html[end]))) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[end])));
      ++end;
    }
    if (name.empty()) continue;  // not a tag: "a < b", "<!DOCTYPE", "<?xml"
    const std::size_t gt = html.find('>', end);
    if (gt == std::string_view::npos) break;
    i = gt;
    if (closing) {
      for (std::size_t k = open.size(); k-- > 0;) {
        if (open[k] == name) {
          open.resize(k);
          break;
        }
      }
      continue;
    }
    if (html[gt - 1] == '/' || never_nests(name)) continue;
    if (name == "script" || name == "style" || name == "textarea" || name == "title" ||
        name == "xmp" || name == "iframe" || name == "noembed" || name == "noframes") {
      // Raw text, whose "<" starts no tag: to its end tag.
      const std::size_t close = html.find("</" + name, gt);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    open.push_back(name);
    if (open.size() > kMaxDepth) return true;
  }
  return false;
}

// The depth of the deepest node under @p root, counted without recursion.
std::size_t depth_of(const GumboNode* root) {
  std::vector<std::pair<const GumboNode*, std::size_t>> stack{{root, 1}};
  std::size_t deepest = 0;
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i)
      stack.emplace_back(static_cast<const GumboNode*>(children.data[i]), depth + 1);
  }
  return deepest;
}

}  // namespace

HtmlText read_html(std::string_view html) {
  if (nests_too_deep(html)) {
    throw FormatError(0, "HTML nested deeper than " + std::to_string(kMaxDepth) + " elements");
  }
  std::unique_ptr<GumboOutput, void (*)(GumboOutput*)> output(
      gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size()),
      [](GumboOutput* o) { gumbo_destroy_output(&kGumboDefaultOptions, o); });
  if (depth_of(output->root) > kMaxDepth) {
    throw FormatError(0, "HTML nested deeper than " + std::to_string(kMaxDepth) + " elements");
  }
  HtmlText out;
  read_head(output->root, out);
  if (output->root->type == GUMBO_NODE_ELEMENT) {
    if (const char* lang = attribute(output->root->v.element, "lang")) {
      std::string primary(lang);
      primary = primary.substr(0, primary.find_first_of("-_"));
      for (char& ch : primary) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      out.lang = primary;
    }
  }
  TextCollector collector;
  collector.walk(output->root, false);
  out.body = collector.take();
  if (out.title.empty()) out.title = H1Finder::first(output->root);
  return out;
}

}  // namespace dalil::indexer
