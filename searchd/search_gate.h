/// @file searchd/search_gate.h
/// @brief A first-come first-served limit on how many requests do search work at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace dalil::searchd {

/// Lets at most @c slots requests work at once and admits the others in the order they came.
///
/// httplib gives every open connection a thread of its own, so without a limit 64 busy
/// connections are 64 searches sharing the cores; the kernel's scheduler then finishes some of
/// them late (at 64 connections on 2 cores p99 was 4 x the mean). Behind the gate they wait in
/// line instead, a few searches to a core.
///
/// Each slot has a number, 0 to slots - 1, and no two passes held at once share one, so a
/// slot's number can pick what only one request may use at a time (a WorkerContext).
class SearchGate {
 public:
  /// @p slots at least 1 (load_config turns the settings' 0 into a number per core); throws
  /// core::Error(kBadConfig) otherwise. @p kind names the slots in messages ("search",
  /// "export") and the setting, kind + "_slots".
  explicit SearchGate(int slots, std::string kind = "search");
  SearchGate(const SearchGate&) = delete;
  SearchGate& operator=(const SearchGate&) = delete;

  /// A slot held until destruction. The gate must outlive it.
  class Pass {
   public:
    Pass(Pass&& other) noexcept : gate_(other.gate_), slot_(other.slot_) { other.gate_ = nullptr; }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;
    Pass& operator=(Pass&&) = delete;
    ~Pass() {
      if (gate_ != nullptr) gate_->leave(slot_);
    }
    /// The number of the slot held, 0 to slots - 1.
    int slot() const { return slot_; }

   private:
    friend class SearchGate;
    // Only enter() makes one: a Pass made from nothing would add a slot when destroyed.
    Pass(SearchGate& gate, int slot) : gate_(&gate), slot_(slot) {}
    SearchGate* gate_;
    int slot_;
  };

  /// Waits for a slot, first come first served. Throws core::Error(kBusy) when none came free
  /// within @p max_wait; the request then never held one.
  Pass enter(std::chrono::milliseconds max_wait);

  /// Requests waiting now (for tests).
  std::size_t waiting() const;

 private:
  struct Waiter {
    std::condition_variable woken;
    int slot = -1;  // set by leave() when it hands its slot over
  };

  void leave(int slot);

  std::string kind_;
  mutable std::mutex mutex_;
  std::vector<int> free_;      // numbers of the free slots
  std::deque<Waiter*> queue_;  // oldest first; each lives on its waiting thread's stack
};

}  // namespace dalil::searchd
