/// @file tests/support/process.h
/// @brief Runs real programs for tests: to completion with output captured, or in the background.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace dalil::testing {

/// The outcome of a program run to completion.
struct RunResult {
  int exit_code = -1;  ///< 128 + signal when killed by a signal.
  std::string out;
  std::string err;
};

/// Runs @p argv (argv[0] is a path) with @p stdin_text on standard input and waits for it.
RunResult run(const std::vector<std::string>& argv, const std::string& stdin_text = {});

/// A program running in the background, stopped (SIGTERM, then SIGKILL) when destroyed.
class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  /// Reads standard output until a line contains @p needle; returns that line, or "" on timeout
  /// or when the program exits first.
  std::string wait_for_line(const std::string& needle, std::chrono::milliseconds timeout);
  /// Sends @p signal and waits for the exit (30 s, then SIGKILL); returns the exit code (128 +
  /// signal if killed).
  int stop(int signal);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffered_;
  bool exited_ = false;
  int exit_code_ = -1;
};

}  // namespace dalil::testing
