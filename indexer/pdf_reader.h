/// @file indexer/pdf_reader.h
/// @brief Text of a PDF page by page (poppler-cpp), with its metadata.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dalil::indexer {

/// What a PDF contributes to a document.
struct PdfText {
  std::string title;               ///< Info dictionary Title (may be empty).
  std::string author;              ///< Info dictionary Author (may be empty).
  std::vector<std::string> pages;  ///< UTF-8 text of each page, in order (may be empty).
};

/// Reads @p bytes as a PDF. Throws FormatError when it does not start with "%PDF-", has no
/// "%%EOF" near its end (truncated), cannot be loaded (corrupt) or is encrypted.
PdfText read_pdf(std::string_view bytes);

}  // namespace dalil::indexer
