/// @file indexer/inputs.h
/// @brief Turns command-line paths into the list of input files (folders walked recursively).
#pragma once

#include <array>
#include <istream>
#include <streambuf>
#include <string>
#include <vector>

#include "indexer/jsonl_reader.h"

namespace dalil::indexer {

/// One input file.
struct InputFile {
  std::string path;      ///< As given or found ("-" for standard input).
  std::string relative;  ///< Relative to the folder named on the command line, else the file name.
};

/// Files found for the given paths, and the paths that could not be used.
struct InputList {
  std::vector<InputFile> files;    ///< In command-line order; a folder's files sorted by path.
  std::vector<InputError> errors;  ///< Missing paths, unreadable folders.
};

/// "-" stands for standard input and is kept as is. A folder contributes every regular file
/// below it with a known extension (has_known_extension(): .jsonl .ndjson .srt .vtt .txt .md
/// .markdown .html .htm .pdf), in sorted order, except hidden files and folders and files named
/// README* or LICENSE*; a file named explicitly is always used.
InputList collect_inputs(const std::vector<std::string>& paths);

/// Reads @p head (bytes already taken from @p rest), then the rest of @p rest: how an input
/// that cannot seek back (a pipe, a FIFO, `<(zcat archive.jsonl.gz)`) is read whole after its
/// first bytes were looked at to tell its format.
class HeadThenRest : public std::streambuf {
 public:
  HeadThenRest(std::string head, std::istream& rest);

 protected:
  int_type underflow() override;

 private:
  std::string head_;
  std::istream& rest_;
  std::array<char, 1 << 16> buffer_{};
};

}  // namespace dalil::indexer
