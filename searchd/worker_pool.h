/// @file searchd/worker_pool.h
/// @brief The HTTP worker threads, each with its own Xapian::Database and Analyzer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/index_schema.h"

namespace dalil::searchd {

/// What one worker thread owns. Xapian::Database and Analyzer are not thread-safe, so each
/// worker has its own and no lock is taken on the query path.
class WorkerContext {
 public:
  WorkerContext(std::string index_path, std::chrono::milliseconds reopen_interval);

  /// The worker's database, reopened first if the interval has passed and a newer revision has
  /// been committed. Throws core::Error(kIndexUnavailable) when the index cannot be opened.
  Xapian::Database& database();
  /// Reopens now (after Xapian::DatabaseModifiedError).
  void reopen();
  /// The analyzer the index was built with (its `dalil.analyzer` metadata), so queries are
  /// analysed as the documents were. Opens the index first if needed; throws
  /// core::Error(kIndexUnavailable) for an index built by another pipeline.
  analyzers::Analyzer& analyzer();
  /// The schema stored in the index (built-in defaults for an index without one). Valid after
  /// database() succeeded once.
  const core::IndexSchema& schema() const { return schema_; }

 private:
  std::string index_path_;
  std::chrono::milliseconds reopen_interval_;
  std::chrono::steady_clock::time_point last_check_{};
  bool open_ = false;
  Xapian::Database db_;
  core::IndexSchema schema_ = core::IndexSchema::defaults();
  std::string analyzer_name_;
  std::unique_ptr<analyzers::Analyzer> analyzer_;

  void read_metadata();
};

/// An httplib task queue whose threads each carry a WorkerContext. Handlers reach the context of
/// the thread they run on through context().
class WorkerPool : public httplib::TaskQueue {
 public:
  WorkerPool(int threads, const std::string& index_path, std::chrono::milliseconds reopen_interval);
  ~WorkerPool() override;

  void enqueue(std::function<void()> task) override;
  void shutdown() override;

  /// The context of the calling worker thread. Only valid inside a task of this pool.
  static WorkerContext& context();

 private:
  void run(const std::string& index_path, std::chrono::milliseconds reopen_interval);

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace dalil::searchd
