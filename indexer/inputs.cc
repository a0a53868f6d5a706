/// @file indexer/inputs.cc
/// @brief Recursive folder walk with std::filesystem.
#include "indexer/inputs.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace dalil::indexer {

namespace fs = std::filesystem;

namespace {
bool is_archive_file(const fs::path& path) {
  const auto ext = path.extension();
  return ext == ".jsonl" || ext == ".ndjson";
}
}  // namespace

InputList collect_inputs(const std::vector<std::string>& paths) {
  InputList list;
  for (const auto& path : paths) {
    if (path == "-") {
      list.files.push_back(path);
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      list.errors.push_back({path, 0, "no such file or folder"});
      continue;
    }
    if (!fs::is_directory(status)) {
      list.files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && is_archive_file(it->path()))
        found.push_back(it->path().string());
    }
    if (ec) list.errors.push_back({path, 0, "cannot read folder: " + ec.message()});
    std::sort(found.begin(), found.end());
    list.files.insert(list.files.end(), found.begin(), found.end());
  }
  return list;
}

}  // namespace dalil::indexer
