/// @file tests/support/live_server.cc
/// @brief Indexes with the real dalil-index, starts the real dalil-searchd, talks HTTP to it.
#include "tests/support/live_server.h"

#include <catch2/catch.hpp>

#include "tests/support/paths.h"

namespace dalil::testing {

using nlohmann::json;

LiveServer::LiveServer(LiveServerOptions options, const std::vector<std::string>& launcher) {
  index_dir_ = tmp_.file("ix");
  if (options.index_args.empty()) options.index_args = {kTestData + "/archive"};
  std::vector<std::string> index_argv = {kIndexBin, "--index", index_dir_, "-q"};
  index_argv.insert(index_argv.end(), options.index_args.begin(), options.index_args.end());
  const auto indexed = run(index_argv);
  INFO(indexed.err);
  REQUIRE(indexed.exit_code == 0);
  start(options.server_args, launcher);
}

LiveServer::LiveServer(const PrebuiltIndex& index, std::vector<std::string> server_args) {
  index_dir_ = index.dir;
  start(server_args);
}

void LiveServer::start(const std::vector<std::string>& server_args,
                       const std::vector<std::string>& launcher) {
  std::vector<std::string> argv = launcher;
  for (const std::string& arg :
       {kSearchdBin, std::string("--index"), index_dir_, std::string("--port"), std::string("0"),
        std::string("--reopen-interval-ms"), std::string("100")})
    argv.push_back(arg);
  argv.insert(argv.end(), server_args.begin(), server_args.end());
  process_ = std::make_unique<BackgroundProcess>(argv);
  const std::string line = process_->wait_for_line("http://127.0.0.1:", std::chrono::seconds(30));
  REQUIRE(!line.empty());
  port_ = std::stoi(line.substr(line.rfind(':') + 1));
  client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client_->set_read_timeout(30, 0);
}

std::pair<int, json> LiveServer::get(const std::string& path, const httplib::Params& params) {
  auto res = client_->Get(path, params, httplib::Headers{});
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->get_header_value("Content-Type") == "application/json");
  return {res->status, json::parse(res->body)};
}

json LiveServer::search(const httplib::Params& params) {
  auto [status, body] = get("/api/search", params);
  INFO(body.dump());
  REQUIRE(status == 200);
  return body;
}

std::set<std::string> LiveServer::ids(const httplib::Params& params) {
  const auto ordered = ordered_ids(params);
  return {ordered.begin(), ordered.end()};
}

std::vector<std::string> LiveServer::ordered_ids(const httplib::Params& params) {
  std::vector<std::string> out;
  const json body = search(params);  // keep the body alive while iterating its hits
  for (const auto& hit : body["hits"]) out.push_back(hit["id"].get<std::string>());
  return out;
}

}  // namespace dalil::testing
