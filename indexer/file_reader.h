/// @file indexer/file_reader.h
/// @brief Recognises a file's format by content and extension and reads one non-JSONL file
///        (SRT, WebVTT, transcript, Markdown, text, HTML, PDF) into one document.
#pragma once

#include <string>
#include <string_view>

#include "core/document.h"
#include "core/index_schema.h"

namespace dalil::indexer {

/// How a file is read.
enum class FileFormat { kJsonl, kSrt, kWebvtt, kText, kMarkdown, kHtml, kPdf };

/// Whether a folder walk picks up @p path: .jsonl .ndjson .srt .vtt .txt .md .markdown .html
/// .htm .pdf (case-insensitive).
bool has_known_extension(std::string_view path);

/// The format of @p path from its first bytes @p head and its extension. Content wins where it
/// is unmistakable ("%PDF-", "WEBVTT", an HTML doctype, SRT numbering in a .txt); a file with
/// an unknown extension is JSON Lines when it starts with '{', else text.
FileFormat detect_format(std::string_view path, std::string_view head);

/// Where a file comes from.
struct FileSource {
  std::string path;      ///< As opened, for messages.
  std::string relative;  ///< Relative to the folder named on the command line (or file name).
  FileFormat format = FileFormat::kText;
};

/// How files are read.
struct FileReadOptions {
  core::DocumentLimits limits;
  std::string encoding;  ///< Encoding of files that are not valid UTF-8; "" detects it.
};

/// Reads the whole of @p bytes as one document. Its id is the front matter's `id`, else
/// "file:" + relative path; `stored` holds title, body, date and the other fields as a JSONL
/// line would, plus `format`, `encoding` and `file`. Metadata comes from front matter (title,
/// date, source, lang, speakers, place, tags, id, type and any other key), HTML (<title>,
/// <html lang>, <meta name="date"/"author">) or PDF (Title, Author); otherwise the title is the
/// file name and lang is guessed from the script of the letters (ar, en or mixed). Throws
/// FormatError for a malformed file (its line when known).
core::Document read_document_file(std::string_view bytes, const FileSource& source,
                                  const FileReadOptions& options, const core::IndexSchema& schema);

}  // namespace dalil::indexer
