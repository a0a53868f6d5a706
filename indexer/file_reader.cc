/// @file indexer/file_reader.cc
/// @brief Dispatch to the format readers and assembly of the document's JSON object.
#include "indexer/file_reader.h"

#include "core/utf8.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/date.h"
#include "core/error.h"
#include "core/passage_table.h"
#include "indexer/format_error.h"
#include "indexer/front_matter.h"
#include "indexer/html_reader.h"
#include "indexer/pdf_reader.h"
#include "indexer/subtitle_reader.h"
#include "indexer/text_decoding.h"
#include "indexer/transcript_reader.h"

namespace dalil::indexer {

namespace {

std::string lower_extension(std::string_view path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return ext;
}

std::string_view skip_bom_and_space(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

bool looks_like_html(std::string_view s) {
  return starts_with_nocase(s, "<!doctype html") || starts_with_nocase(s, "<html");
}

// "1\n00:00:01,000 --> ..." at the start.
bool looks_like_srt(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && core::is_ascii_digit(s[i])) ++i;
  if (i == 0) return false;
  const auto eol = s.find('\n', i);
  if (eol == std::string_view::npos) return false;
  const auto next = s.substr(eol + 1, 80);
  return next.find("-->") != std::string_view::npos && next.find(':') != std::string_view::npos;
}

std::string file_stem(std::string_view relative) {
  return std::filesystem::path(relative).stem().string();
}

// ar, en or mixed from the letters of the first 64 KiB; "" without letters.
std::string guess_lang(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(std::min<std::size_t>(text.size(), 65536));
  std::size_t arabic = 0, latin = 0;
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (script == USCRIPT_ARABIC) ++arabic;
    if (script == USCRIPT_LATIN) ++latin;
  }
  const std::size_t total = arabic + latin;
  if (total == 0) return {};
  if (arabic * 10 >= total * 8) return "ar";
  if (latin * 10 >= total * 8) return "en";
  return "mixed";
}

std::string_view trim_leading_blank_lines(std::string_view s) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n')
      start = i + 1;
    else if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
      break;
  }
  s.remove_prefix(std::min(start, s.size()));
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "# Title" as the first heading of a Markdown text.
std::string markdown_title(std::string_view body) {
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    if (line.starts_with("# ")) {
      line.remove_prefix(2);
      while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
        line.remove_suffix(1);
      return std::string(line);
    }
    pos = end + 1;
  }
  return {};
}

const char* format_name(FileFormat format) {
  switch (format) {
    case FileFormat::kJsonl:
      return "jsonl";
    case FileFormat::kSrt:
      return "srt";
    case FileFormat::kWebvtt:
      return "webvtt";
    case FileFormat::kText:
      return "text";
    case FileFormat::kMarkdown:
      return "markdown";
    case FileFormat::kHtml:
      return "html";
    case FileFormat::kPdf:
      return "pdf";
  }
  return "text";
}

}  // namespace

bool has_known_extension(std::string_view path) {
  static const char* const kKnown[] = {".jsonl", ".ndjson",   ".srt",  ".vtt", ".txt",
                                       ".md",    ".markdown", ".html", ".htm", ".pdf"};
  const std::string ext = lower_extension(path);
  return std::find_if(std::begin(kKnown), std::end(kKnown),
                      [&](const char* known) { return ext == known; }) != std::end(kKnown);
}

FileFormat detect_format(std::string_view path, std::string_view head) {
  const std::string ext = lower_extension(path);
  if (head.starts_with("%PDF-")) return FileFormat::kPdf;
  const std::string_view text = skip_bom_and_space(head);
  if (text.starts_with("WEBVTT")) return FileFormat::kWebvtt;
  if (ext == ".jsonl" || ext == ".ndjson") return FileFormat::kJsonl;
  if (ext == ".srt") return FileFormat::kSrt;
  if (ext == ".vtt") return FileFormat::kWebvtt;
  if (ext == ".pdf") return FileFormat::kPdf;
  if (ext == ".html" || ext == ".htm" || looks_like_html(text)) return FileFormat::kHtml;
  if (looks_like_srt(text)) return FileFormat::kSrt;
  if (ext == ".md" || ext == ".markdown") return FileFormat::kMarkdown;
  if (ext == ".txt") return FileFormat::kText;
  return text.starts_with("{") ? FileFormat::kJsonl : FileFormat::kText;
}

core::Document read_document_file(std::string_view bytes, const FileSource& source,
                                  const FileReadOptions& options, const core::IndexSchema& schema) {
  nlohmann::json object = nlohmann::json::object();
  std::vector<core::Passage> passages;
  std::string format = format_name(source.format);
  std::string encoding = "UTF-8";
  std::string body;
  std::string title;
  std::string default_type;

  if (source.format == FileFormat::kPdf) {
    PdfText pdf = read_pdf(bytes);
    encoding = "PDF";
    for (std::size_t i = 0; i < pdf.pages.size(); ++i) {
      if (pdf.pages[i].empty()) continue;
      if (!body.empty()) body += "\n\n";
      core::Passage p;
      p.start = static_cast<uint32_t>(body.size());
      body += pdf.pages[i];
      p.end = static_cast<uint32_t>(body.size());
      p.page = static_cast<uint32_t>(i + 1);
      passages.push_back(std::move(p));
    }
    if (body.empty()) throw FormatError(0, "no text in the PDF (scanned pages?)");
    title = pdf.title;
    if (!pdf.author.empty()) object["author"] = pdf.author;
    object["pages"] = pdf.pages.size();
  } else {
    DecodedText decoded = decode_text(bytes, options.encoding);
    encoding = decoded.encoding;
    const std::string& text = decoded.text;
    switch (source.format) {
      case FileFormat::kSrt:
      case FileFormat::kWebvtt: {
        const auto cues = source.format == FileFormat::kSrt ? parse_srt(text) : parse_webvtt(text);
        SubtitleText grouped = group_cues(cues);
        body = std::move(grouped.body);
        passages = std::move(grouped.passages);
        default_type = "transcript";
        break;
      }
      case FileFormat::kHtml: {
        HtmlText html = read_html(text);
        body = std::move(html.body);
        title = html.title;
        if (!html.lang.empty()) object["lang"] = html.lang;
        if (!html.date.empty() && core::parse_iso_date(html.date)) object["date"] = html.date;
        if (!html.author.empty()) object["author"] = html.author;
        break;
      }
      default: {
        const FrontMatter fm = parse_front_matter(text);
        for (const auto& [key, value] : fm.fields.items()) {
          // "key:" without a value or items means nothing was said.
          if (value.is_array() && value.empty()) continue;
          object[key] = value;
        }
        body = std::string(trim_leading_blank_lines(std::string_view(text).substr(fm.body_offset)));
        passages = transcript_passages(body);
        if (!passages.empty()) {
          format = "transcript";
          default_type = "transcript";
        } else if (source.format == FileFormat::kMarkdown) {
          title = markdown_title(body);
        }
        break;
      }
    }
  }
  if (body.find_first_not_of(" \t\r\n\f") == std::string::npos) {
    throw FormatError(0, "no text to index");
  }
  for (const char* list_field : {"speakers", "tags"}) {
    if (object.contains(list_field) && object[list_field].is_string())
      object[list_field] = nlohmann::json::array({object[list_field]});
  }
  if (!object.contains("id")) object["id"] = "file:" + source.relative;
  if (!object.contains("title"))
    object["title"] = title.empty() ? file_stem(source.relative) : title;
  if (!object.contains("type") && !default_type.empty()) object["type"] = default_type;
  if (!object.contains("lang")) {
    if (auto lang = guess_lang(body); !lang.empty()) object["lang"] = lang;
  }
  if (!object.contains("speakers")) {
    if (auto speakers = passage_speakers(passages); !speakers.empty())
      object["speakers"] = speakers;
  }
  object["body"] = body;
  object["format"] = format;
  object["encoding"] = encoding;
  object["file"] = source.relative;
  core::Document doc;
  try {
    doc = core::document_from_json(std::move(object), options.limits, schema);
  } catch (const FormatError&) {
    throw;
  } catch (const core::Error& e) {
    throw FormatError(0, e.what());
  }
  try {
    core::check_passages(passages, doc.body.size());
  } catch (const core::Error& e) {
    throw FormatError(0, e.what());
  }
  doc.passages = std::move(passages);
  doc.format = std::move(format);
  doc.encoding = std::move(encoding);
  return doc;
}

}  // namespace dalil::indexer
