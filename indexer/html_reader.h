/// @file indexer/html_reader.h
/// @brief Visible text and title of an HTML page (gumbo), one paragraph per block element.
#pragma once

#include <string>
#include <string_view>

namespace dalil::indexer {

/// What an HTML page contributes to a document.
struct HtmlText {
  std::string title;   ///< <title>, else the first <h1>.
  std::string body;    ///< Visible text; block elements separated by "\n\n", <br> by "\n".
  std::string lang;    ///< Primary subtag of <html lang> ("ar-SY" -> "ar"), lower case.
  std::string date;    ///< <meta name="date"> (or dcterms.date, article:published_time).
  std::string author;  ///< <meta name="author">.
};

/// Parses UTF-8 @p html with gumbo (as browsers do, so broken markup still yields text).
/// script, style, noscript, template, svg and elements with the hidden attribute are skipped.
/// Throws FormatError for a page nested deeper than 1024 elements.
HtmlText read_html(std::string_view html);

}  // namespace dalil::indexer
