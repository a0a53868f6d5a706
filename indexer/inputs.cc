/// @file indexer/inputs.cc
/// @brief Recursive folder walk with std::filesystem.
#include "indexer/inputs.h"

#include "indexer/file_reader.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

namespace dalil::indexer {

namespace fs = std::filesystem;

InputList collect_inputs(const std::vector<std::string>& paths) {
  InputList list;
  for (const auto& path : paths) {
    if (path == "-") {
      list.files.push_back({path, "<stdin>"});
      continue;
    }
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      list.errors.push_back({path, 0, "no such file or folder"});
      continue;
    }
    if (!fs::is_directory(status)) {
      list.files.push_back({path, fs::path(path).filename().string()});
      continue;
    }
    std::vector<InputFile> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const std::string name = it->path().filename().string();
      // Hidden files and a folder's README/LICENSE describe the archive; they are not in it.
      if (name.starts_with(".") || name.starts_with("README") || name.starts_with("LICENSE")) {
        if (it->is_directory(ec) && name.starts_with(".")) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec) && has_known_extension(it->path().string())) {
        found.push_back(
            {it->path().string(), it->path().lexically_relative(path).generic_string()});
      }
    }
    if (ec) list.errors.push_back({path, 0, "cannot read folder: " + ec.message()});
    std::sort(found.begin(), found.end(),
              [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    list.files.insert(list.files.end(), found.begin(), found.end());
  }
  return list;
}

HeadThenRest::HeadThenRest(std::string head, std::istream& rest)
    : head_(std::move(head)), rest_(rest) {
  setg(head_.data(), head_.data(), head_.data() + head_.size());
}

HeadThenRest::int_type HeadThenRest::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  // What the source has now, without waiting to fill the buffer: a pipe's reader must see each
  // line when it comes (istream::read would wait for 64 KiB or the end).
  std::streambuf* rest = rest_.rdbuf();
  if (traits_type::eq_int_type(rest->sgetc(), traits_type::eof())) return traits_type::eof();
  const auto size = static_cast<std::streamsize>(buffer_.size());
  const std::streamsize got =
      rest->sgetn(buffer_.data(), std::min(size, std::max<std::streamsize>(1, rest->in_avail())));
  if (got <= 0) return traits_type::eof();
  setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
  return traits_type::to_int_type(*gptr());
}

}  // namespace dalil::indexer
