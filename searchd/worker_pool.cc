/// @file searchd/worker_pool.cc
/// @brief Worker threads with per-thread Xapian state; index reopening.
#include "searchd/worker_pool.h"

#include <cassert>

#include "core/error.h"

namespace dalil::searchd {

namespace {
// The context of the worker running on this thread; set by WorkerPool::run for its lifetime.
thread_local WorkerContext* t_context = nullptr;
}  // namespace

WorkerContext::WorkerContext(std::string index_path, std::chrono::milliseconds reopen_interval)
    : index_path_(std::move(index_path)), reopen_interval_(reopen_interval) {}

Xapian::Database& WorkerContext::database() {
  const auto now = std::chrono::steady_clock::now();
  if (!open_) {
    try {
      db_ = Xapian::Database(index_path_);
      const std::string schema = db_.get_metadata("dalil.schema");
      if (!schema.empty()) schema_ = core::IndexSchema::from_json(nlohmann::json::parse(schema));
    } catch (const Xapian::Error&) {
      throw core::Error(core::ErrorCode::kIndexUnavailable);
    }
    open_ = true;
    last_check_ = now;
  } else if (now - last_check_ >= reopen_interval_) {
    // reopen() is cheap when nothing changed: it reads the revision of the newest commit.
    last_check_ = now;
    db_.reopen();
  }
  return db_;
}

void WorkerContext::reopen() {
  if (open_) db_.reopen();
  last_check_ = std::chrono::steady_clock::now();
}

WorkerPool::WorkerPool(int threads, const std::string& index_path,
                       std::chrono::milliseconds reopen_interval) {
  threads_.reserve(static_cast<std::size_t>(threads));
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back(
        [this, index_path, reopen_interval] { run(index_path, reopen_interval); });
  }
}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::enqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  ready_.notify_one();
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  threads_.clear();
}

WorkerContext& WorkerPool::context() {
  assert(t_context != nullptr);
  return *t_context;
}

void WorkerPool::run(const std::string& index_path, std::chrono::milliseconds reopen_interval) {
  WorkerContext context(index_path, reopen_interval);
  t_context = &context;
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      // Drain queued connections before stopping, as httplib's own pool does.
      if (tasks_.empty()) break;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
  t_context = nullptr;
}

}  // namespace dalil::searchd
