/// @file indexer/inputs.h
/// @brief Turns command-line paths into the list of input files (folders walked recursively).
#pragma once

#include <string>
#include <vector>

#include "indexer/jsonl_reader.h"

namespace dalil::indexer {

/// Files found for the given paths, and the paths that could not be used.
struct InputList {
  std::vector<std::string> files;  ///< In command-line order; a folder's files sorted by path.
  std::vector<InputError> errors;  ///< Missing paths, unreadable folders.
};

/// "-" stands for standard input and is kept as is. A folder contributes every regular file
/// ending in .jsonl or .ndjson below it, in sorted order; a file named explicitly is always used.
InputList collect_inputs(const std::vector<std::string>& paths);

}  // namespace dalil::indexer
