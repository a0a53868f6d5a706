/// @file tests/support/temp_dir.h
/// @brief A temporary folder removed with everything in it when the test ends.
#pragma once

#include <filesystem>
#include <string>

namespace dalil::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// path() / @p name as a string.
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  /// Writes @p content to path()/@p name and returns the full path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace dalil::testing
