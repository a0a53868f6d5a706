/// @file searchd/worker_pool.h
/// @brief The HTTP worker threads, and the WorkerContext (database, analyzer, caches) requests use.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <xapian.h>

#include "analyzers/analyzer.h"
#include "core/index_schema.h"
#include "core/stored_codec.h"
#include "searchd/date_filter.h"
#include "searchd/passages.h"

namespace dalil::searchd {

/// Throws core::Error kIndexUnavailable, with a message saying why, for an index whose
/// format (core::schema::kMetadataFormat) this version does not read.
void check_index_format(const Xapian::Database& db);

/// The analyzer variant @p db was built with: its "dalil.analyzer", or the default for an index
/// without the key (no documents from dalil-index).
std::string index_analyzer_name(const Xapian::Database& db);

/// The index, analyzer and caches one request at a time works with. Xapian::Database and Analyzer
/// are not thread-safe, so no two requests share a context at once: HttpServer keeps one per
/// search slot and one per export slot (the slot's SearchGate::Pass is the only lock), and one
/// for /healthz behind a mutex. Worker threads hold none, so the contexts number the slots,
/// however many connections are open.
class WorkerContext {
 public:
  WorkerContext(std::string index_path, std::chrono::milliseconds reopen_interval);

  /// The analyzer variant of the index as this context last read it (after analyzer()).
  const std::string& analyzer_name() const { return analyzer_name_; }

  /// The folder of the index this context opens.
  const std::string& index_path() const { return index_path_; }

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
  /// Words of stems this worker's searches have met (PassageRanker), emptied whenever the index
  /// is reopened at a new revision.
  StemVocabulary& stem_vocabulary() { return stem_vocabulary_; }

  /// The date terms of the worker's index (for date filters), read as needed and kept until the
  /// index is reopened at a new revision. Valid after database() succeeded once.
  DateTerms& date_terms();
  /// analyzers::has_case_evidence of the index, read once per revision.
  bool case_evidence();

  /// Reads the stored JSON of the context's documents (it keeps zstd's context).
  core::StoredCodec& stored_codec() { return stored_codec_; }

 private:
  std::string index_path_;
  std::chrono::milliseconds reopen_interval_;
  std::chrono::steady_clock::time_point last_check_{};
  bool open_ = false;
  Xapian::Database db_;
  core::IndexSchema schema_ = core::IndexSchema::defaults();
  std::string analyzer_name_;
  std::unique_ptr<analyzers::Analyzer> analyzer_;
  StemVocabulary stem_vocabulary_;
  std::optional<DateTerms> date_terms_;
  std::optional<bool> case_evidence_;
  core::StoredCodec stored_codec_;

  void read_metadata();
  // read_metadata() after a reopen; on an error the index is closed (opened afresh next time).
  void read_metadata_or_close();
};

/// How many threads a WorkerPool runs.
struct PoolOptions {
  int threads = 32;      ///< Started at once and kept for the life of the pool.
  int max_threads = 32;  ///< The pool grows up to this many while every thread is busy.
  /// A thread beyond @c threads that waited this long for a task ends.
  std::chrono::milliseconds idle_timeout{30000};
};

/// An httplib task queue that grows with the open connections.
///
/// httplib hands a whole keep-alive connection to one task, and the task keeps its thread until
/// the client closes, goes idle past the keep-alive timeout or reaches keep_alive_max_count. So
/// a fixed pool starves every connection beyond its size; this one starts a new thread whenever
/// a task arrives and no thread is idle (up to max_threads), and lets the extra threads end once
/// they have been idle for idle_timeout.
class WorkerPool : public httplib::TaskQueue {
 public:
  explicit WorkerPool(const PoolOptions& options);
  ~WorkerPool() override;

  void enqueue(std::function<void()> task) override;
  void shutdown() override;

  /// Threads running now (for tests and the health answer).
  int thread_count();

 private:
  void start_thread(bool permanent);  // with mutex_ held
  void run(bool permanent);

  PoolOptions options_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable ended_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  int live_ = 0;  // threads started and not yet ended
  int idle_ = 0;  // threads waiting for a task
};

}  // namespace dalil::searchd
