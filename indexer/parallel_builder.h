/// @file indexer/parallel_builder.h
/// @brief Builds a new index on every core: sub-indexes written in parallel, the vocabulary tables
///        built from them side by side, all merged by Xapian's compactor into the target folder.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/document.h"
#include "indexer/index_writer.h"

namespace dalil::indexer {

/// What a parallel build did.
struct BuildStats {
  uint64_t added = 0;
  uint64_t replaced = 0;          ///< Ids that came again with other content (the last one wins).
  uint64_t unchanged = 0;         ///< Ids that came again with the same content.
  double merge_seconds = 0;       ///< Wall time of the final merge (Xapian::Database::compact).
  uint64_t sub_indexes = 0;       ///< Sub-indexes of documents the merge joined.
  double spelling_seconds = 0;    ///< Wall time of the spelling table (beside the name table).
  double name_table_seconds = 0;  ///< Wall time of the name-key table (beside the spelling).
};

/// How a parallel build spreads its work.
struct BuildOptions {
  /// Sub-index writers (at least 2).
  int threads = 2;
  /// Text bytes (title and body) a writer puts into one sub-index before it starts the next; each
  /// later one takes at least a quarter of what the writer wrote before it, so a writer keeps a
  /// few dozen sub-indexes at most. 0: one sub-index per writer. Xapian updates a small B-tree
  /// with fewer block reads and writes than a large one (docs/PERFORMANCE.md, session 12).
  std::size_t part_bytes = 32u << 20;
  /// Files the process may hold open (core::raise_open_files_limit). The end of a build opens
  /// every sub-index; a worker merges its own sub-indexes first where they would not fit.
  std::uint64_t open_files = 1024;
};

/// The tables of the vocabulary finish() builds (indexer/spelling.h, indexer/name_table.h).
struct VocabularyTables {
  bool spelling = true;
  bool name_table = true;
};

/// Whether @p path can receive a parallel build: it does not exist, or it is an empty folder, or
/// it is a Xapian index without documents.
bool can_build_in_parallel(const std::string& path);

/// For a new (or empty) index only. Each document goes to the writer chosen by a hash of its id,
/// and a writer that meets an id again replaces its earlier copy (in its own earlier sub-index if
/// need be), so the result is a sequential run's. Nothing appears at the
/// target until finish(): a killed build leaves the target as it was, plus a
/// ".dalil-build-*" folder beside it to delete.
class ParallelBuilder {
 public:
  /// Throws core::Error(kBadConfig) when @p path holds documents already, kIoError when the build
  /// folder cannot be made.
  ParallelBuilder(const std::string& path, const BuildOptions& build, const WriterOptions& options);
  ~ParallelBuilder();
  ParallelBuilder(const ParallelBuilder&) = delete;
  ParallelBuilder& operator=(const ParallelBuilder&) = delete;

  /// The schema documents must be read with.
  const core::IndexSchema& schema() const { return schema_; }
  /// The analyzer variant of the build.
  analyzers::AnalyzerOptions analyzer() const {
    return options_.analyzer.value_or(analyzers::AnalyzerOptions{});
  }

  /// Fixes the build's table of implicit spellings from @p sample (every choice: the index is
  /// new); returns its size. Call it before the first add(): the sub-index writers start with
  /// the first document and share the table. Throws std::logic_error after that.
  std::size_t learn_spellings(const SpellingSample& sample);

  /// Queues @p doc for its sub-index; blocks while that queue is full. Rethrows a worker's error.
  /// Starts the sub-index writers on the first call.
  void add(core::Document doc);

  /// Commits the sub-indexes; builds the spelling table and the name-key table of their
  /// vocabulary at the same time, each on a thread and into a scratch index of its own; merges
  /// the sub-indexes and those into the target and removes the build folder.
  BuildStats finish(const VocabularyTables& tables = {});

  /// Drops everything built so far; the target is left as it was.
  void cancel();

 private:
  /// One sub-index of a writer.
  struct Part {
    std::string path;
    std::vector<std::string> stale_ids;  // ids a later part of the writer holds again
  };
  struct Worker {
    std::string name;         // its sub-indexes are name + "-" + number in the build folder
    std::vector<Part> parts;  // the writer thread's own until stop_workers() joins it
    std::mutex mutex;
    std::condition_variable changed;
    std::deque<core::Document> queue;
    bool closing = false;
    BuildStats stats;
    std::exception_ptr error;
    std::thread thread;
  };

  void start_workers();
  void run(Worker& worker);
  void stop_workers();
  /// On @p worker's thread, after its last document: deletes the stale ids from the parts that
  /// hold them, and merges the parts into one when there are more than the build should open.
  void settle(Worker& worker);
  void rethrow_errors();
  /// Builds @p tables from the sub-indexes at @p parts into scratch indexes of the build folder;
  /// returns their paths.
  std::vector<std::string> build_tables(const std::vector<std::string>& parts,
                                        const VocabularyTables& tables, BuildStats& stats);

  std::string path_;
  std::filesystem::path build_dir_;
  WriterOptions options_;
  core::IndexSchema schema_;
  BuildOptions build_;
  std::vector<std::unique_ptr<Worker>> workers_;  // empty until the first add() or finish()
  bool finished_ = false;
};

}  // namespace dalil::indexer
