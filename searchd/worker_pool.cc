/// @file searchd/worker_pool.cc
/// @brief The WorkerContext (index reopening, analyzer, caches) and the pool of HTTP worker
/// threads.
#include "searchd/worker_pool.h"

#include <algorithm>
#include <system_error>

#include "analyzers/name_key.h"
#include "core/error.h"
#include "core/schema.h"

namespace dalil::searchd {

void check_index_format(const Xapian::Database& db) {
  const std::string format = db.get_metadata(std::string(core::schema::kMetadataFormat));
  if (core::schema::index_format_known(format)) return;
  throw core::Error(core::ErrorCode::kIndexUnavailable,
                    core::schema::index_format_refusal(format, "dalil-searchd"));
}

std::string index_analyzer_name(const Xapian::Database& db) {
  std::string name = db.get_metadata("dalil.analyzer");
  // An index without the key has no documents from dalil-index: the default analyzer.
  if (name.empty()) name = analyzers::AnalyzerOptions{}.name();
  return name;
}

WorkerContext::WorkerContext(std::string index_path, std::chrono::milliseconds reopen_interval)
    : index_path_(std::move(index_path)), reopen_interval_(reopen_interval) {}

// The schema and the analyzer come from the index, so they change only when it is rebuilt.
void WorkerContext::read_metadata() {
  // Words of the old revision may be gone, and a new analyzer stems differently.
  stem_vocabulary_.clear();
  date_terms_.reset();
  case_evidence_.reset();
  check_index_format(db_);
  const std::string schema = db_.get_metadata("dalil.schema");
  if (!schema.empty()) schema_ = core::IndexSchema::from_json(nlohmann::json::parse(schema));
  const std::string name = index_analyzer_name(db_);
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
    if (db_.reopen()) read_metadata_or_close();
  }
  return db_;
}

void WorkerContext::read_metadata_or_close() {
  try {
    read_metadata();
  } catch (...) {
    // A revision this server cannot serve (another analyzer, a newer format): open and check it
    // again on the next request, which then fails the same way until the index is one it reads.
    // Left open, the next request would find no new revision and use the analyzer just reset.
    open_ = false;
    throw;
  }
}

DateTerms& WorkerContext::date_terms() {
  if (!date_terms_) date_terms_.emplace(db_);
  return *date_terms_;
}

bool WorkerContext::case_evidence() {
  if (!case_evidence_) case_evidence_ = analyzers::has_case_evidence(db_);
  return *case_evidence_;
}

void WorkerContext::reopen() {
  if (open_ && db_.reopen()) read_metadata_or_close();
  last_check_ = std::chrono::steady_clock::now();
}

analyzers::Analyzer& WorkerContext::analyzer() {
  if (!analyzer_) database();
  return *analyzer_;
}

WorkerPool::WorkerPool(const PoolOptions& options) : options_(options) {
  options_.threads = std::max(1, options_.threads);
  options_.max_threads = std::max(options_.threads, options_.max_threads);
  std::lock_guard lock(mutex_);
  for (int i = 0; i < options_.threads; ++i) start_thread(true);
}

WorkerPool::~WorkerPool() {
  shutdown();
}

void WorkerPool::start_thread(bool permanent) {
  ++live_;
  try {
    // Detached: a thread beyond the permanent ones ends on its own when idle; shutdown() waits
    // for live_ to reach 0 instead of joining.
    std::thread([this, permanent] { run(permanent); }).detach();
  } catch (const std::system_error&) {
    --live_;  // out of threads: the task waits for a busy one
  }
}

void WorkerPool::enqueue(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
    // Each queued task needs an idle thread of its own; a task is a whole connection.
    if (static_cast<std::size_t>(idle_) < tasks_.size() && live_ < options_.max_threads)
      start_thread(false);
  }
  ready_.notify_one();
}

void WorkerPool::shutdown() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  ready_.notify_all();
  ended_.wait(lock, [this] { return live_ == 0; });
}

int WorkerPool::thread_count() {
  std::lock_guard lock(mutex_);
  return live_;
}

void WorkerPool::run(bool permanent) {
  std::unique_lock lock(mutex_);
  const auto ready = [this] { return stopping_ || !tasks_.empty(); };
  for (;;) {
    ++idle_;
    bool woken = true;
    if (permanent) {
      ready_.wait(lock, ready);
    } else {
      woken = ready_.wait_for(lock, options_.idle_timeout, ready);
    }
    --idle_;
    // Drain queued connections before stopping, as httplib's own pool does.
    if (tasks_.empty()) {
      if (stopping_ || !woken) break;
      continue;
    }
    std::function<void()> task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    task = nullptr;  // the connection's state goes before the lock is taken again
    lock.lock();
  }
  --live_;
  ended_.notify_all();
}

}  // namespace dalil::searchd
