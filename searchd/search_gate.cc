/// @file searchd/search_gate.cc
/// @brief SearchGate: a slot count and a queue of waiters, each woken by its own condition.
#include "searchd/search_gate.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/error.h"

namespace dalil::searchd {

SearchGate::SearchGate(int slots, std::string kind) : kind_(std::move(kind)) {
  if (slots < 1)
    throw core::Error(core::ErrorCode::kBadConfig, kind_ + "_slots: must be at least 1");
  // Taken from the back: slot 0 first, so a quiet server keeps using the same few slots.
  for (int slot = slots - 1; slot >= 0; --slot) free_.push_back(slot);
}

SearchGate::Pass SearchGate::enter(std::chrono::milliseconds max_wait) {
  std::unique_lock lock(mutex_);
  // A free slot goes to the oldest waiter first, so a newcomer takes one only if nobody waits.
  if (!free_.empty() && queue_.empty()) {
    const int slot = free_.back();
    free_.pop_back();
    return Pass(*this, slot);
  }
  Waiter waiter;
  queue_.push_back(&waiter);
  // One condition per waiter: a leaving request wakes exactly the next in line, not all of them.
  if (!waiter.woken.wait_for(lock, max_wait, [&] { return waiter.slot >= 0; })) {
    queue_.erase(std::find(queue_.begin(), queue_.end(), &waiter));
    throw core::Error(core::ErrorCode::kBusy,
                      "the server is busy: every " + kind_ + " slot stayed taken for " +
                          std::to_string(max_wait.count()) + " ms; try again");
  }
  // leave() handed its slot over without freeing it.
  return Pass(*this, waiter.slot);
}

void SearchGate::leave(int slot) {
  std::lock_guard lock(mutex_);
  if (queue_.empty()) {
    free_.push_back(slot);
    return;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->slot = slot;
  next->woken.notify_one();
}

std::size_t SearchGate::waiting() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

}  // namespace dalil::searchd
