/// @file indexer/pdf_reader.cc
/// @brief poppler-cpp document loading and text extraction in reading order.
#include "indexer/pdf_reader.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <memory>
#include <mutex>

#include "indexer/format_error.h"

namespace dalil::indexer {

namespace {

// Poppler prints parse errors of damaged files to stderr; the reader reports them itself.
void quiet(const std::string&, void*) {}

std::string utf8_of(const poppler::ustring& text) {
  const poppler::byte_array bytes = text.to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

std::string tidy_page(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '\f' || ch == '\r') continue;
    // Poppler wraps right-to-left runs in bidi embedding controls (U+202A..U+202E); the text is
    // already in logical order, so they only get in the way of quoting.
    if (ch == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
        static_cast<unsigned char>(text[i + 2]) >= 0xAA &&
        static_cast<unsigned char>(text[i + 2]) <= 0xAE) {
      i += 2;
      continue;
    }
    out += ch;
  }
  // Trailing spaces of each line and blank lines at both ends add nothing.
  std::string lines;
  std::size_t pos = 0;
  while (pos <= out.size()) {
    std::size_t end = out.find('\n', pos);
    if (end == std::string::npos) end = out.size();
    std::size_t last = end;
    while (last > pos && (out[last - 1] == ' ' || out[last - 1] == '\t')) --last;
    lines.append(out, pos, last - pos);
    lines += '\n';
    if (end == out.size()) break;
    pos = end + 1;
  }
  const auto first = lines.find_first_not_of("\n ");
  if (first == std::string::npos) return {};
  const auto last = lines.find_last_not_of("\n ");
  return lines.substr(first, last - first + 1);
}

}  // namespace

PdfText read_pdf(std::string_view bytes) {
  static std::once_flag silenced;
  std::call_once(silenced, [] { poppler::set_debug_error_function(quiet, nullptr); });
  if (!bytes.starts_with("%PDF-")) throw FormatError(0, "not a PDF (no %PDF- header)");
  const std::string_view tail = bytes.substr(bytes.size() > 2048 ? bytes.size() - 2048 : 0);
  if (tail.find("%%EOF") == std::string_view::npos) {
    throw FormatError(0, "truncated PDF (no %%EOF marker at the end)");
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) throw FormatError(0, "corrupt PDF (poppler cannot load it)");
  if (doc->is_locked()) throw FormatError(0, "encrypted PDF");
  PdfText out;
  out.title = utf8_of(doc->info_key("Title"));
  out.author = utf8_of(doc->info_key("Author"));
  const int pages = doc->pages();
  if (pages <= 0) throw FormatError(0, "corrupt PDF (no pages)");
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    out.pages.push_back(page ? tidy_page(utf8_of(page->text())) : std::string());
  }
  return out;
}

}  // namespace dalil::indexer
