/// @file tests/integration/load_test.cc
/// @brief Many concurrent keep-alive connections on a real dalil-searchd: every one is served.
#include <atomic>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/live_server.h"

namespace {

using dalil::testing::LiveServer;
using dalil::testing::LiveServerOptions;

}  // namespace

// httplib keeps a thread for a keep-alive connection until the client closes it. Each client here
// holds its connection open until every client has had its first answer, so a pool that cannot
// serve all connections at once lets the late ones in only as the early ones idle out (5 s each),
// so with 16 connections on 2 threads their first requests time out (8 s). Only
// correctness is checked (all 200s with the right body), never timing.
TEST_CASE("more keep-alive connections than worker threads are all served", "[searchd][load]") {
  const struct {
    const char* name;
    std::vector<std::string> server_args;
    int connections;
  } cases[] = {
      {"2 threads and 16 connections", {"--threads", "2"}, 16},
      {"default threads and 64 connections", {}, 64},
      {"4 threads and 64 connections", {"--threads", "4"}, 64},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      LiveServerOptions options;
      options.server_args = c.server_args;
      LiveServer server(options);
      constexpr int kRequestsEach = 5;
      std::latch first_answers(c.connections);
      std::atomic<int> ok{0};
      std::atomic<int> failed{0};
      std::atomic<int> connections_opened{0};
      std::vector<std::thread> clients;
      for (int i = 0; i < c.connections; ++i) {
        clients.emplace_back([&, i] {
          httplib::Client client("127.0.0.1", server.port());
          client.set_keep_alive(true);
          client.set_read_timeout(8, 0);
          client.set_socket_options([&](auto) { ++connections_opened; });
          const char* queries[] = {"syria", "الأمم المتحدة", "chemical weapons"};
          for (int r = 0; r < kRequestsEach; ++r) {
            const auto get = [&] {
              const auto res =
                  client.Get("/api/search", {{"q", queries[(i + r) % 3]}}, httplib::Headers{});
              return res && res->status == 200 &&
                     nlohmann::json::parse(res->body, nullptr, false).contains("hits");
            };
            // One retry, as HTTP clients do when the server closed an idle keep-alive
            // connection just as the request went out; a starved connection fails both.
            const bool good = get() || get();
            good ? ++ok : ++failed;
            if (r == 0) first_answers.count_down();
            if (r == 0) first_answers.wait();  // all connections are open and busy at once here
          }
        });
      }
      for (auto& t : clients) t.join();
      CHECK(failed == 0);
      CHECK(ok == c.connections * kRequestsEach);
      // Not checked: connections_opened == connections. A client that waits at the latch for more
      // than the server's 5 s keep-alive timeout (a loaded machine) reconnects, which is correct.
      CHECK(connections_opened >= c.connections);
    }
  }
}
