/// @file tests/unit/search_gate_test.cc
/// @brief SearchGate: first come first served, never more than its slots, busy after the wait;
///        the busy answer.
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include <httplib.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "searchd/http_server.h"
#include "searchd/search_gate.h"

namespace {

using dalil::core::Error;
using dalil::core::ErrorCode;
using dalil::searchd::SearchGate;
using namespace std::chrono_literals;

// Waits (without timing anything) until @p done holds; fails after 20 s so a broken gate cannot
// hang the suite.
template <typename Pred>
bool eventually(Pred done) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// Frees everything a test holds when it ends, so its threads can finish even after a failure.
struct ReleaseAll {
  std::atomic<int>& release_upto;
  std::vector<SearchGate::Pass>& held;
  ~ReleaseAll() {
    release_upto = 1 << 30;
    held.clear();
  }
};

bool busy(SearchGate& gate, std::chrono::milliseconds wait) {
  try {
    const SearchGate::Pass pass = gate.enter(wait);
    return false;
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kBusy);
    CHECK(e.http_status() == 503);
    return true;
  }
}

}  // namespace

// Waiters queue one at a time (each starts once the one before it is seen waiting); the test
// then frees one slot at a time, so exactly one waiter can get in each step, and it must be the
// oldest, with never more than `slots` passes held.
TEST_CASE("the search gate admits waiters in arrival order", "[search_gate]") {
  const struct {
    const char* name;
    int slots;
    int waiters;
  } cases[] = {{"1 slot", 1, 6}, {"2 slots", 2, 6}, {"4 slots", 4, 9}};
  for (const auto& c : cases) {
    SECTION(c.name) {
      SearchGate gate(c.slots);
      std::vector<SearchGate::Pass> held;
      std::set<int> numbers;
      for (int i = 0; i < c.slots; ++i) {
        held.push_back(gate.enter(0ms));
        numbers.insert(held.back().slot());
      }
      CHECK(numbers.size() == static_cast<std::size_t>(c.slots));
      CHECK(*numbers.begin() == 0);
      CHECK(*numbers.rbegin() == c.slots - 1);
      CHECK(busy(gate, 1ms));

      std::mutex mutex;
      std::vector<int> entered;
      std::atomic<int> inside{0};
      std::atomic<int> release_upto{0};  // waiters below this drop their pass
      std::atomic<int> refused{0};
      std::vector<std::jthread> threads;
      // Declared after the threads, so it runs first: a failed REQUIRE lets every thread end
      // before the jthreads join them.
      const ReleaseAll release_all{release_upto, held};
      for (int i = 0; i < c.waiters; ++i) {
        threads.emplace_back([&, i] {
          try {
            const SearchGate::Pass pass = gate.enter(60s);
            ++inside;
            {
              const std::lock_guard lock(mutex);
              entered.push_back(i);
            }
            while (release_upto.load() <= i) std::this_thread::sleep_for(1ms);
            --inside;
          } catch (const Error&) {
            ++refused;
          }
        });
        REQUIRE(eventually([&] { return gate.waiting() == static_cast<std::size_t>(i + 1); }));
      }
      for (int step = 0; step < c.waiters; ++step) {
        if (!held.empty()) {
          held.pop_back();
        } else {
          release_upto = step - c.slots + 1;
        }
        REQUIRE(eventually([&] {
          const std::lock_guard lock(mutex);
          return entered.size() == static_cast<std::size_t>(step + 1);
        }));
        {
          const std::lock_guard lock(mutex);
          CHECK(entered.back() == step);
        }
        CHECK(gate.waiting() == static_cast<std::size_t>(c.waiters - step - 1));
        CHECK(inside.load() + static_cast<int>(held.size()) <= c.slots);
      }
      release_upto = c.waiters;
      for (auto& thread : threads) thread.join();
      CHECK(refused == 0);
      // Every slot came back: all of them can be taken again, and no more.
      for (int i = 0; i < c.slots; ++i) held.push_back(gate.enter(0ms));
      CHECK(busy(gate, 1ms));
    }
  }
}

TEST_CASE("a request that waits too long is busy and leaves the line as it was", "[search_gate]") {
  const struct {
    const char* name;
    std::chrono::milliseconds wait;
    bool someone_ahead;  // another waiter is in line before the one that gives up
  } cases[] = {
      {"no wait at all", 0ms, false},
      {"a short wait", 20ms, false},
      {"a short wait behind another waiter", 20ms, true},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      SearchGate gate(1);
      std::optional<SearchGate::Pass> holder(gate.enter(0ms));
      std::atomic<bool> ahead_entered{false};
      std::jthread ahead;
      if (c.someone_ahead) {
        ahead = std::jthread([&] {
          try {
            const SearchGate::Pass pass = gate.enter(60s);
            ahead_entered = true;
          } catch (const Error&) {
          }
        });
        REQUIRE(eventually([&] { return gate.waiting() == 1; }));
      }
      CHECK(busy(gate, c.wait));
      CHECK(gate.waiting() == (c.someone_ahead ? 1u : 0u));
      holder.reset();
      if (c.someone_ahead) {
        // The slot goes to the waiter still in line, not to the one that left.
        ahead.join();
        CHECK(ahead_entered.load());
      }
      // One slot, neither lost nor doubled by the request that gave up.
      const SearchGate::Pass again = gate.enter(0ms);
      CHECK(busy(gate, 0ms));
    }
  }
}

// Many threads entering with waits of 0 to 2 ms, over and over: whatever the timing, never more
// passes are held than there are slots, no slot number is held twice at once, and at the end
// every slot is free again.
TEST_CASE("the search gate never lets more in than its slots", "[search_gate]") {
  const struct {
    const char* name;
    int slots;
    int threads;
  } cases[] = {{"1 slot 8 threads", 1, 8}, {"3 slots 12 threads", 3, 12}};
  for (const auto& c : cases) {
    SECTION(c.name) {
      SearchGate gate(c.slots);
      std::atomic<int> inside{0};
      std::atomic<int> most_inside{0};
      std::atomic<int> entered{0};
      std::atomic<int> refused{0};
      std::atomic<int> shared_slots{0};  // a slot number out of range or held twice at once
      std::vector<std::atomic<int>> holders(static_cast<std::size_t>(c.slots));
      {
        std::vector<std::jthread> threads;
        for (int t = 0; t < c.threads; ++t) {
          threads.emplace_back([&, t] {
            for (int round = 0; round < 300; ++round) {
              try {
                const SearchGate::Pass pass =
                    gate.enter(std::chrono::milliseconds((t + round) % 3));
                const int now = ++inside;
                int most = most_inside.load();
                while (now > most && !most_inside.compare_exchange_weak(most, now)) {
                }
                // No Catch assertion in these threads: Catch v2 is not thread-safe.
                if (pass.slot() < 0 || pass.slot() >= c.slots) {
                  ++shared_slots;
                  continue;
                }
                std::atomic<int>& holder = holders[static_cast<std::size_t>(pass.slot())];
                if (++holder != 1) ++shared_slots;
                ++entered;
                std::this_thread::yield();
                --holder;
                --inside;
              } catch (const Error& e) {
                if (e.code() == ErrorCode::kBusy) ++refused;
              }
            }
          });
        }
      }
      CHECK(most_inside.load() <= c.slots);
      CHECK(shared_slots == 0);
      CHECK(most_inside.load() >= 1);
      CHECK(entered + refused == c.threads * 300);
      CHECK(gate.waiting() == 0);
      std::vector<SearchGate::Pass> all;
      for (int i = 0; i < c.slots; ++i) all.push_back(gate.enter(0ms));
      CHECK(busy(gate, 0ms));
    }
  }
}

TEST_CASE("a search gate needs at least one slot", "[search_gate]") {
  for (const int slots : {0, -1}) {
    try {
      SearchGate gate(slots);
      FAIL("a gate of " << slots << " slots was made");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kBadConfig);
    }
  }
}

// A request refused at a full gate is told when to come back; other errors are not (a client
// retrying a bad query or a missing document would only get the same answer).
TEST_CASE("a busy answer is a 503 JSON error with Retry-After", "[searchd][search_gate]") {
  const struct {
    ErrorCode code;
    int status;
    const char* name;
    const char* retry_after;  // "" when the header must be absent
  } cases[] = {
      {ErrorCode::kBusy, 503, "busy", "1"},
      {ErrorCode::kTimeout, 503, "timeout", ""},
      {ErrorCode::kIndexUnavailable, 503, "index_unavailable", ""},
      {ErrorCode::kBadParameter, 400, "bad_parameter", ""},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      httplib::Response res;
      dalil::searchd::send_error(res, Error(c.code, "why"));
      CHECK(res.status == c.status);
      CHECK(res.get_header_value("Retry-After") == c.retry_after);
      const auto body = nlohmann::json::parse(res.body);
      CHECK(body["error"]["code"] == c.name);
      CHECK(body["error"]["message"] == "why");
    }
  }
}
