/// @file indexer/parallel_builder.cc
/// @brief Worker threads with one IndexWriter each; the vocabulary tables on two threads;
///        Xapian::Database::compact merges them all.
#include "indexer/parallel_builder.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <random>
#include <stdexcept>
#include <unordered_map>

#include <xapian.h>

#include "core/error.h"
#include "core/schema.h"
#include "indexer/name_table.h"
#include "indexer/spelling.h"

namespace dalil::indexer {

namespace fs = std::filesystem;

namespace {

// Documents waiting per worker: enough to keep it busy, few enough to bound memory.
constexpr std::size_t kQueueLimit = 64;
// Text bytes after which a sub-index writer flushes its batch (see the constructor): about 95
// ANT articles. On 2,000 ANT articles, 2 threads, median CPU of 8 interleaved runs: 256 KiB
// 5.71 s, 512 KiB 6.05 s, 1 MiB 6.3 s, 2 MiB 6.7 s; peak RSS 52, 63, 82, 122 MB.
constexpr std::size_t kSubIndexFlushBytes = 256u << 10;
// Files open for each sub-index at the end of a build: the two table threads read every one at
// once (Xapian holds about four files open per database), with some to spare; and those the
// process needs besides.
constexpr std::uint64_t kFilesPerPart = 10;
constexpr std::uint64_t kFilesBesides = 64;
// The most sub-indexes a worker merges in one go.
constexpr std::uint64_t kMostMergedAtOnce = 16;

fs::path make_build_dir(const std::string& target) {
  const fs::path parent = fs::absolute(target).parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  std::random_device random;
  for (int attempt = 0; attempt < 16; ++attempt) {
    const fs::path dir = parent / (".dalil-build-" + std::to_string(getpid()) + "-" +
                                   std::to_string(random() % 1000000));
    if (fs::create_directory(dir, ec)) return dir;
  }
  throw core::Error(core::ErrorCode::kIoError, "cannot create a build folder beside " + target);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A scratch index of the build folder: thrown away with it when the build fails.
Xapian::WritableDatabase open_scratch(const fs::path& path) {
  return Xapian::WritableDatabase(
      path.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_DANGEROUS | Xapian::DB_NO_SYNC);
}

bool is_xapian_index(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path / "iamglass", ec) || fs::exists(path / "iamchert", ec);
}

}  // namespace

bool can_build_in_parallel(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return true;
  if (!fs::is_directory(path, ec)) return false;
  if (fs::is_empty(path, ec)) return true;
  if (!is_xapian_index(path)) return false;
  try {
    return Xapian::Database(path).get_doccount() == 0;
  } catch (const Xapian::Error&) {
    return false;
  }
}

ParallelBuilder::ParallelBuilder(const std::string& path, const BuildOptions& build,
                                 const WriterOptions& options)
    : path_(path),
      options_(options),
      schema_(options.schema.value_or(core::IndexSchema::defaults())),
      build_(build) {
  if (!can_build_in_parallel(path)) {
    throw core::Error(
        core::ErrorCode::kBadConfig,
        path + " holds documents or other files: a parallel build makes new indexes only");
  }
  if (is_xapian_index(path)) {
    // An empty index keeps its stored schema and analyzer, as IndexWriter would.
    const IndexWriter existing(path, options);
    schema_ = existing.schema();
    options_.analyzer = existing.analyzer();
  }
  options_.schema = schema_;
  options_.scratch = true;
  // Xapian's inverter keeps a batch's postings in maps keyed by term; small batches keep them
  // in cache and cost less CPU in all than large ones, and bound memory by size.
  options_.batch_bytes = std::min(options_.batch_bytes, kSubIndexFlushBytes);
  build_dir_ = make_build_dir(path);
}

std::size_t ParallelBuilder::learn_spellings(const SpellingSample& sample) {
  if (!workers_.empty())
    throw std::logic_error("ParallelBuilder::learn_spellings after the first document");
  auto table = std::make_shared<ImplicitSpellings>();
  for (const auto& choice : sample.choices()) table->add(choice.word, choice.spelling);
  options_.implicit_spellings = std::move(table);
  return options_.implicit_spellings->size();
}

void ParallelBuilder::start_workers() {
  if (!options_.implicit_spellings)
    options_.implicit_spellings = std::make_shared<const ImplicitSpellings>();
  for (int i = 0; i < build_.threads; ++i) {
    auto worker = std::make_unique<Worker>();
    worker->name = "part" + std::to_string(i);
    worker->thread = std::thread([this, w = worker.get()] { run(*w); });
    workers_.push_back(std::move(worker));
  }
}

ParallelBuilder::~ParallelBuilder() {
  if (!finished_) cancel();
}

void ParallelBuilder::run(Worker& worker) {
  try {
    std::unique_ptr<IndexWriter> writer;
    std::size_t written = 0;     // text bytes the worker wrote
    std::size_t part_bytes = 0;  // of them into the open part
    // The part holding each id's latest copy: an id met again in an earlier part is replaced
    // across parts, as IndexWriter replaces it within one.
    std::unordered_map<std::string, std::uint32_t> part_of;
    // One earlier part open for reading at a time: an archive indexed again with changes meets
    // its ids part after part, and one reader per part would hold too many files.
    std::optional<Xapian::Database> reader;
    std::uint32_t reader_part = 0;
    core::StoredCodec codec;
    auto current = [&] { return static_cast<std::uint32_t>(worker.parts.size() - 1); };
    // Whether the copy of @p doc in the earlier part @p index is the same.
    auto unchanged_in = [&](std::uint32_t index, const core::Document& doc) {
      if (!reader || reader_part != index) {
        reader.reset();
        reader.emplace(worker.parts[index].path);
        reader_part = index;
      }
      const std::string id_term = std::string(core::schema::kPrefixId) + doc.id;
      return is_unchanged(reader->get_document(*reader->postlist_begin(id_term)), doc, codec);
    };
    auto open_part = [&] {
      if (writer) writer->commit();
      writer.reset();  // closes the part before the next opens: fewer files and less memory
      worker.parts.push_back(
          {(build_dir_ / (worker.name + "-" + std::to_string(worker.parts.size()))).string(), {}});
      writer = std::make_unique<IndexWriter>(worker.parts.back().path, options_);
      part_bytes = 0;
    };
    for (;;) {
      core::Document doc;
      {
        std::unique_lock lock(worker.mutex);
        worker.changed.wait(lock, [&] { return worker.closing || !worker.queue.empty(); });
        if (worker.queue.empty()) break;
        doc = std::move(worker.queue.front());
        worker.queue.pop_front();
      }
      worker.changed.notify_all();
      const auto seen = part_of.find(doc.id);
      const bool in_earlier_part = seen != part_of.end() && seen->second != current();
      Change change = Change::kUnchanged;
      if (!in_earlier_part || !unchanged_in(seen->second, doc)) {
        // A new part only before something is written, so a part holds at least one document.
        // A document whose id the open part holds goes there (IndexWriter compares it).
        if ((seen == part_of.end() || in_earlier_part) &&
            (!writer || (build_.part_bytes > 0 &&
                         part_bytes >= std::max(build_.part_bytes, (written - part_bytes) / 4))))
          open_part();
        if (in_earlier_part) {
          worker.parts[seen->second].stale_ids.push_back(doc.id);
          seen->second = current();
          writer->upsert(doc);  // new in this part
          change = Change::kReplaced;
        } else {
          if (seen == part_of.end()) part_of.emplace(doc.id, current());
          change = writer->upsert(doc);
        }
      }
      switch (change) {
        case Change::kAdded:
          ++worker.stats.added;
          break;
        case Change::kReplaced:
          ++worker.stats.replaced;
          break;
        case Change::kUnchanged:
          ++worker.stats.unchanged;
          continue;  // nothing written
      }
      const std::size_t bytes = doc.title.size() + doc.body.size();
      written += bytes;
      part_bytes += bytes;
    }
    if (!writer) open_part();  // no document: an empty sub-index all the same
    writer->commit();
    writer.reset();
    reader.reset();
    settle(worker);
  } catch (...) {
    std::lock_guard lock(worker.mutex);
    worker.error = std::current_exception();
    worker.queue.clear();
    worker.closing = true;
  }
  worker.changed.notify_all();
}

void ParallelBuilder::settle(Worker& worker) {
  for (Part& part : worker.parts) {
    if (part.stale_ids.empty()) continue;
    Xapian::WritableDatabase db(part.path,
                                Xapian::DB_OPEN | Xapian::DB_DANGEROUS | Xapian::DB_NO_SYNC);
    for (const auto& id : part.stale_ids)
      db.delete_document(std::string(core::schema::kPrefixId) + id);
    db.commit();
    part.stale_ids.clear();
  }
  // The table threads and then the final merge open every part. Where the build's parts would
  // not fit the open-files limit, each worker merges its earliest (smallest) parts into one,
  // on its own thread, with as many at a time as all workers together can hold open.
  const std::uint64_t threads = static_cast<std::uint64_t>(build_.threads);
  const std::uint64_t usable =
      build_.open_files > kFilesBesides ? build_.open_files - kFilesBesides : 0;
  const std::size_t most =
      static_cast<std::size_t>(std::max<std::uint64_t>(1, usable / kFilesPerPart / threads));
  const std::size_t at_once = static_cast<std::size_t>(
      std::clamp<std::uint64_t>(usable / (2 * kFilesPerPart) / threads, 2, kMostMergedAtOnce));
  for (int round = 0; worker.parts.size() > most; ++round) {
    const std::size_t take = std::min(at_once, worker.parts.size() - most + 1);
    Xapian::Database group;
    for (std::size_t i = 0; i < take; ++i)
      group.add_database(Xapian::Database(worker.parts[i].path));
    const std::string merged =
        (build_dir_ / (worker.name + "-merged" + std::to_string(round))).string();
    group.compact(merged);
    group.close();
    std::error_code ec;
    for (std::size_t i = 0; i < take; ++i) fs::remove_all(worker.parts[i].path, ec);
    worker.parts.erase(worker.parts.begin(),
                       worker.parts.begin() + static_cast<std::ptrdiff_t>(take));
    worker.parts.insert(worker.parts.begin(), Part{merged, {}});
  }
}

void ParallelBuilder::add(core::Document doc) {
  if (workers_.empty()) start_workers();
  Worker& worker = *workers_[std::hash<std::string>{}(doc.id) % workers_.size()];
  std::unique_lock lock(worker.mutex);
  worker.changed.wait(lock, [&] { return worker.queue.size() < kQueueLimit || worker.error; });
  if (worker.error) std::rethrow_exception(worker.error);
  worker.queue.push_back(std::move(doc));
  lock.unlock();
  worker.changed.notify_all();
}

void ParallelBuilder::stop_workers() {
  for (auto& worker : workers_) {
    {
      std::lock_guard lock(worker->mutex);
      worker->closing = true;
    }
    worker->changed.notify_all();
  }
  for (auto& worker : workers_) {
    if (worker->thread.joinable()) worker->thread.join();
  }
}

void ParallelBuilder::rethrow_errors() {
  for (auto& worker : workers_) {
    if (worker->error) std::rethrow_exception(worker->error);
  }
}

std::vector<std::string> ParallelBuilder::build_tables(const std::vector<std::string>& parts,
                                                       const VocabularyTables& tables,
                                                       BuildStats& stats) {
  // Each table is built from the sub-indexes read as one Database into a scratch index of its
  // own, which the merge then copies: the two tables are built side by side instead of one after
  // the other on the merged index, and the merge writes them with everything else. (Splitting
  // the spelling table, the larger, in two halves by a hash of the word balanced the threads but
  // cost more CPU, about 5 % of the build on 2,000 articles: each half writes nearly every
  // n-gram entry, and the merge then unites them.)
  struct Task {
    fs::path path;
    std::function<void(const Xapian::Database&, Xapian::WritableDatabase&)> fill;
    double* seconds;
    std::exception_ptr error;
  };
  std::vector<Task> tasks;
  if (tables.spelling) {
    tasks.push_back({build_dir_ / "spelling",
                     [](const Xapian::Database& vocabulary, Xapian::WritableDatabase& db) {
                       update_spelling(vocabulary, db);
                     },
                     &stats.spelling_seconds, nullptr});
  }
  if (tables.name_table) {
    tasks.push_back({build_dir_ / "names",
                     [](const Xapian::Database& vocabulary, Xapian::WritableDatabase& db) {
                       update_name_table(vocabulary, db);
                     },
                     &stats.name_table_seconds, nullptr});
  }
  auto run_task = [&](Task& task) {
    try {
      const auto start = std::chrono::steady_clock::now();
      // A Database of its own per thread: a Xapian object is not safe to share between threads.
      Xapian::Database vocabulary;
      for (const auto& part : parts) vocabulary.add_database(Xapian::Database(part));
      Xapian::WritableDatabase db = open_scratch(task.path);
      task.fill(vocabulary, db);
      db.commit();
      *task.seconds = seconds_since(start);
    } catch (...) {
      task.error = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < tasks.size(); ++i) threads.emplace_back(run_task, std::ref(tasks[i]));
  if (!tasks.empty()) run_task(tasks[0]);
  for (auto& thread : threads) thread.join();
  std::vector<std::string> paths;
  for (auto& task : tasks) {
    if (task.error) std::rethrow_exception(task.error);
    paths.push_back(task.path.string());
  }
  return paths;
}

BuildStats ParallelBuilder::finish(const VocabularyTables& tables) {
  finished_ = true;
  try {
    if (workers_.empty()) start_workers();  // no document: an empty index all the same
    stop_workers();
    rethrow_errors();
    BuildStats total;
    for (const auto& worker : workers_) {
      total.added += worker->stats.added;
      total.replaced += worker->stats.replaced;
      total.unchanged += worker->stats.unchanged;
    }
    std::vector<std::string> parts;
    for (const auto& worker : workers_)
      for (const Part& part : worker->parts) parts.push_back(part.path);
    total.sub_indexes = parts.size();
    // The tables first: each of their threads opens every part, and the merge opens them again
    // only after those have closed them.
    const std::vector<std::string> table_paths = build_tables(parts, tables, total);
    Xapian::Database all;
    for (const auto& part : parts) all.add_database(Xapian::Database(part));
    // The table indexes hold no documents, and no metadata but their own entries (name keys,
    // implicit spellings), so the analyzer name and schema of the merged index are the
    // sub-indexes' (all the same).
    for (const auto& path : table_paths) all.add_database(Xapian::Database(path));
    if (!options_.implicit_spellings->empty() || !tables.spelling || !tables.name_table) {
      // The implicit spellings: the sub-indexes share the table but do not hold it, so it is
      // written once, here. A table this build skipped is pending, so the next run on the
      // index builds it from the whole vocabulary, as a sequential run would.
      const fs::path extra = build_dir_ / "metadata";
      Xapian::WritableDatabase db = open_scratch(extra);
      options_.implicit_spellings->write(db);
      if (!tables.spelling)
        db.set_metadata(std::string(core::schema::kMetadataSpellingPending), "1");
      if (!tables.name_table)
        db.set_metadata(std::string(core::schema::kMetadataNameTablePending), "1");
      db.commit();
      all.add_database(Xapian::Database(extra.string()));
    }
    const fs::path merged = build_dir_ / "merged";
    const auto merge_start = std::chrono::steady_clock::now();
    // One pass over all inputs: on the 20k ANT sample (8 sub-indexes of documents and 3 table
    // indexes) Xapian's multipass merge took 1.7-1.8 s against 1.25-1.3 s.
    all.compact(merged.string());
    total.merge_seconds = seconds_since(merge_start);
    std::error_code ec;
    // The target was checked at the start: missing, an empty folder, or an index without documents.
    if (fs::exists(path_, ec)) fs::remove_all(path_, ec);
    fs::rename(merged, path_, ec);
    if (ec)
      throw core::Error(core::ErrorCode::kIoError,
                        "cannot move the built index to " + path_ + ": " + ec.message());
    fs::remove_all(build_dir_, ec);
    return total;
  } catch (...) {
    std::error_code ec;
    fs::remove_all(build_dir_, ec);
    throw;
  }
}

void ParallelBuilder::cancel() {
  finished_ = true;
  for (auto& worker : workers_) {
    std::lock_guard lock(worker->mutex);
    worker->queue.clear();
  }
  stop_workers();
  std::error_code ec;
  fs::remove_all(build_dir_, ec);
}

}  // namespace dalil::indexer
