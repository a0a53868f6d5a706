/// @file tests/support/live_server.h
/// @brief A real dalil-searchd over a freshly built index, on a free loopback port, for tests.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dalil::testing {

/// What to index and how to serve it.
struct LiveServerOptions {
  std::vector<std::string> server_args;  ///< Extra dalil-searchd flags.
  std::vector<std::string>
      index_args;  ///< dalil-index arguments after --index DIR; default: tests/data/archive.
};

/// An index folder written by the test itself, served as it is (no dalil-index run).
struct PrebuiltIndex {
  std::string dir;
};

class LiveServer {
 public:
  explicit LiveServer(LiveServerOptions options = {}) : LiveServer(std::move(options), {}) {}
  /// The same, with dalil-searchd run under @p launcher (a program and its arguments, e.g.
  /// prlimit and its limits).
  LiveServer(LiveServerOptions options, const std::vector<std::string>& launcher);
  /// Serves @p index with the extra dalil-searchd flags @p server_args.
  explicit LiveServer(const PrebuiltIndex& index, std::vector<std::string> server_args = {});

  /// GET @p path with @p params; returns the status and the parsed JSON body.
  std::pair<int, nlohmann::json> get(const std::string& path, const httplib::Params& params = {});
  /// GET /api/search, which must answer 200.
  nlohmann::json search(const httplib::Params& params);
  /// The ids of the hits of search(@p params).
  std::set<std::string> ids(const httplib::Params& params);
  /// The ids of the hits in order.
  std::vector<std::string> ordered_ids(const httplib::Params& params);

  httplib::Client& client() { return *client_; }
  /// The loopback port the server listens on (for clients of a test's own).
  int port() const { return port_; }
  std::string index_dir() const { return index_dir_; }
  BackgroundProcess& process() { return *process_; }

 private:
  void start(const std::vector<std::string>& server_args,
             const std::vector<std::string>& launcher = {});

  TempDir tmp_;
  std::unique_ptr<BackgroundProcess> process_;
  std::string index_dir_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace dalil::testing
