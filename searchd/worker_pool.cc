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

// The schema and the analyzer come from the index, so they change only when it is rebuilt.
void WorkerContext::read_metadata() {
  const std::string schema = db_.get_metadata("dalil.schema");
  if (!schema.empty()) schema_ = core::IndexSchema::from_json(nlohmann::json::parse(schema));
  std::string name = db_.get_metadata("dalil.analyzer");
  // An index without the key has no documents from dalil-index: the default analyzer.
  if (name.empty()) name = analyzers::AnalyzerOptions{}.name();
  if (analyzer_ && name == analyzer_name_) return;
  const auto options = analyzers::AnalyzerOptions::from_name(name);
  if (!options) {
    analyzer_.reset();
    throw core::Error(core::ErrorCode::kIndexUnavailable,
                      "the index was built with analyzer " + name + "; this dalil-searchd uses " +
                          std::string(analyzers::Analyzer::kName) + ": rebuild the index");
  }
  analyzer_ =
      std::make_unique<analyzers::Analyzer>(analyzers::Analyzer::kServerCacheWords, *options);
  analyzer_name_ = name;
}

Xapian::Database& WorkerContext::database() {
  const auto now = std::chrono::steady_clock::now();
  if (!open_) {
    try {
      db_ = Xapian::Database(index_path_);
    } catch (const Xapian::Error&) {
      throw core::Error(core::ErrorCode::kIndexUnavailable);
    }
    read_metadata();
    open_ = true;
    last_check_ = now;
  } else if (now - last_check_ >= reopen_interval_) {
    // reopen() is cheap when nothing changed: it reads the revision of the newest commit.
    last_check_ = now;
    if (db_.reopen()) read_metadata();
  }
  return db_;
}

void WorkerContext::reopen() {
  if (open_ && db_.reopen()) read_metadata();
  last_check_ = std::chrono::steady_clock::now();
}

analyzers::Analyzer& WorkerContext::analyzer() {
  if (!analyzer_) database();
  return *analyzer_;
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
