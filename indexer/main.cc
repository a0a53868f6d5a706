/// @file indexer/main.cc
/// @brief dalil-index: reads JSON Lines archives, transcripts, subtitles, pages and PDFs and
///        upserts them into a Xapian index.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analyzers/analyzer.h"
#include "core/error.h"
#include "core/open_files.h"
#include "core/schema.h"
#include "indexer/file_reader.h"
#include "indexer/format_error.h"
#include "indexer/implicit_spelling.h"
#include "indexer/index_writer.h"
#include "indexer/inputs.h"
#include "indexer/jsonl_reader.h"
#include "indexer/name_table.h"
#include "indexer/parallel_builder.h"
#include "indexer/spelling.h"
#include "indexer/text_decoding.h"

namespace {

using dalil::indexer::Change;
using Clock = std::chrono::steady_clock;

std::atomic<bool> g_interrupted{false};  // Set from the signal handler only.

extern "C" void on_signal(int) {
  g_interrupted = true;
}

struct Options {
  std::string index;
  std::string schema_file;
  std::string encoding;  // Of non-UTF-8 files; "" detects it.
  std::vector<std::string> paths;
  std::vector<std::string> deletes;
  bool strict = false;
  bool quiet = false;
  bool summary_json = false;
  std::size_t batch_documents = 1000;
  double max_body_mb = 16;
  int threads = 0;             // 0: one per core
  std::string arabic_stemmer;  // "": the index's own, or the default for a new index
  bool no_arabic_normalisation = false;
  bool no_spelling = false;
  bool no_name_keys = false;
  double sample_mb = 4;      // text of the first documents whose spellings are counted
  double sub_index_mb = 32;  // text a writer of a parallel build puts into one sub-index first
  std::uint64_t open_files = 1024;  // the soft limit, once raised (not an option)
};

// The analyzer variant asked for on the command line; nullopt when no flag asks for one, so an
// existing index keeps its own.
std::optional<dalil::analyzers::AnalyzerOptions> analyzer_options(const Options& options) {
  if (options.arabic_stemmer.empty() && !options.no_arabic_normalisation) return std::nullopt;
  dalil::analyzers::AnalyzerOptions analyzer;
  analyzer.arabic_normalisation = !options.no_arabic_normalisation;
  if (!options.arabic_stemmer.empty()) {
    analyzer.arabic_stemmer = *dalil::analyzers::arabic_stemmer_from_name(options.arabic_stemmer);
  }
  return analyzer;
}

struct Stats {
  uint64_t files = 0;
  uint64_t read = 0;
  uint64_t added = 0;
  uint64_t replaced = 0;
  uint64_t unchanged = 0;
  uint64_t deleted = 0;
  uint64_t delete_missing = 0;
  uint64_t skipped = 0;
  uint64_t failed_inputs = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  std::map<std::string, uint64_t> formats;    // Documents read per format.
  std::map<std::string, uint64_t> encodings;  // Documents read per source encoding.
  // Parts of seconds; in a parallel build the spelling and name tables are built at the same
  // time, before the merge.
  double spelling_seconds = 0;
  double merge_seconds = 0;  // Merging a parallel build.
  uint64_t sub_indexes = 0;  // the parallel build's sub-indexes the merge joined
  double name_table_seconds = 0;
  // The commit that writes both tables' changes after a run by one writer: Xapian rewrites the
  // spelling n-gram lists the changed words touch there, often the larger part of a small
  // update. 0 in a parallel build, whose table times include their own commits.
  double table_commit_seconds = 0;
  uint64_t implicit_spellings = 0;  // entries added to the table of implicit spellings
  // Not in the summary: the files of this run whose id is "file:" + their relative path, by id.
  std::unordered_map<std::string, std::string> path_ids;
};

std::string counts_text(const std::map<std::string, uint64_t>& counts) {
  std::string out;
  for (const auto& [name, n] : counts) {
    if (!out.empty()) out += ", ";
    out += name + " " + std::to_string(n);
  }
  return out;
}

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && isatty(STDERR_FILENO)) {}

  void update(const Stats& stats, uint64_t pending_bytes) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    const double mb = static_cast<double>(stats.bytes + pending_bytes) / 1e6;
    std::fprintf(stderr, "\r%llu documents, %.1f MB, %.1f MB/s   ",
                 static_cast<unsigned long long>(stats.read), mb, seconds > 0 ? mb / seconds : 0);
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r%60s\r", "");
  }

 private:
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = start_;
};

void print_summary(const Stats& s, bool as_json) {
  const double mb = static_cast<double>(s.bytes) / 1e6;
  const double docs_per_s = s.seconds > 0 ? static_cast<double>(s.read) / s.seconds : 0;
  const double mb_per_s = s.seconds > 0 ? mb / s.seconds : 0;
  if (as_json) {
    const nlohmann::json summary = {{"files", s.files},
                                    {"documents_read", s.read},
                                    {"added", s.added},
                                    {"replaced", s.replaced},
                                    {"unchanged", s.unchanged},
                                    {"deleted", s.deleted},
                                    {"delete_missing", s.delete_missing},
                                    {"skipped", s.skipped},
                                    {"failed_inputs", s.failed_inputs},
                                    {"mb", mb},
                                    {"seconds", s.seconds},
                                    {"spelling_seconds", s.spelling_seconds},
                                    {"merge_seconds", s.merge_seconds},
                                    {"sub_indexes", s.sub_indexes},
                                    {"name_table_seconds", s.name_table_seconds},
                                    {"table_commit_seconds", s.table_commit_seconds},
                                    {"implicit_spellings", s.implicit_spellings},
                                    {"docs_per_s", docs_per_s},
                                    {"mb_per_s", mb_per_s},
                                    {"formats", s.formats},
                                    {"encodings", s.encodings}};
    std::cout << summary.dump() << '\n';
    return;
  }
  std::printf(
      "dalil-index: %llu documents read from %llu inputs: %llu added, %llu replaced, %llu "
      "unchanged, %llu deleted, %llu skipped (bad lines or files)\n"
      "dalil-index: %.2f MB in %.2f s (%.0f docs/s, %.2f MB/s; merge %.2f s of %llu sub-indexes, "
      "spelling table %.2f s, name table %.2f s, table commit %.2f s)\n",
      static_cast<unsigned long long>(s.read), static_cast<unsigned long long>(s.files),
      static_cast<unsigned long long>(s.added), static_cast<unsigned long long>(s.replaced),
      static_cast<unsigned long long>(s.unchanged), static_cast<unsigned long long>(s.deleted),
      static_cast<unsigned long long>(s.skipped), mb, s.seconds, docs_per_s, mb_per_s,
      s.merge_seconds, static_cast<unsigned long long>(s.sub_indexes), s.spelling_seconds,
      s.name_table_seconds, s.table_commit_seconds);
  if (!s.formats.empty()) {
    std::printf("dalil-index: formats: %s; encodings: %s\n", counts_text(s.formats).c_str(),
                counts_text(s.encodings).c_str());
  }
  if (s.delete_missing > 0) {
    std::printf("dalil-index: %llu ids given to --delete were not in the index\n",
                static_cast<unsigned long long>(s.delete_missing));
  }
}

enum class RunEnd { kDone, kStrictFailure, kInterrupted };

// Receives each valid document; returns nothing, counts in Stats.
using Consumer = std::function<void(dalil::core::Document&&)>;

// Indexes one input; returns how the run must go on.
RunEnd index_stream(std::istream& in, const std::string& name, const Options& options,
                    const dalil::core::IndexSchema& schema, const Consumer& consume, Stats& stats,
                    Progress& progress) {
  dalil::core::DocumentLimits limits;
  limits.max_body_bytes = static_cast<std::size_t>(options.max_body_mb * 1024 * 1024);
  dalil::indexer::JsonlReader reader(in, name, limits, schema);
  dalil::core::Document doc;
  dalil::indexer::InputError error;
  for (;;) {
    if (g_interrupted) {
      stats.bytes += reader.bytes_read();  // the summary counts what was read
      return RunEnd::kInterrupted;
    }
    const auto result = reader.next(doc, error);
    if (result == dalil::indexer::JsonlReader::Result::kEnd) break;
    if (result == dalil::indexer::JsonlReader::Result::kError) {
      progress.clear();
      std::cerr << error.to_string() << '\n';
      ++stats.skipped;
      if (options.strict) {
        stats.bytes += reader.bytes_read();
        return RunEnd::kStrictFailure;
      }
      continue;
    }
    ++stats.read;
    ++stats.formats[doc.format];
    ++stats.encodings[doc.encoding];
    consume(std::move(doc));
    progress.update(stats, reader.bytes_read());
  }
  stats.bytes += reader.bytes_read();
  return RunEnd::kDone;
}

// Reads one input file whole: a JSON Lines file goes to index_stream(), any other format
// becomes one document; a malformed file is reported as "path: reason" and skipped.
RunEnd index_file(const dalil::indexer::InputFile& file, const Options& options,
                  const dalil::core::IndexSchema& schema, const Consumer& consume, Stats& stats,
                  Progress& progress) {
  std::ifstream in(file.path, std::ios::binary);
  if (!in) {
    std::cerr << "dalil-index: " << file.path << ": cannot open file\n";
    ++stats.failed_inputs;
    return RunEnd::kDone;
  }
  char head[512];
  in.read(head, sizeof head);
  const auto head_size = static_cast<std::size_t>(in.gcount());
  const auto format = dalil::indexer::detect_format(file.path, std::string_view(head, head_size));
  in.clear();
  in.seekg(0);
  // A pipe or FIFO cannot seek back: its first bytes are read again from memory. (Before, such
  // an input gave no document and no error.)
  std::optional<dalil::indexer::HeadThenRest> replay;
  std::optional<std::istream> replayed;
  if (!in) {
    in.clear();
    replay.emplace(std::string(head, head_size), in);
    replayed.emplace(&*replay);
  }
  std::istream& source = replayed ? *replayed : in;
  if (format == dalil::indexer::FileFormat::kJsonl) {
    return index_stream(source, file.path, options, schema, consume, stats, progress);
  }
  dalil::indexer::FileReadOptions read_options;
  read_options.limits.max_body_bytes = static_cast<std::size_t>(options.max_body_mb * 1024 * 1024);
  read_options.encoding = options.encoding;
  // A file's text may be larger than its body (markup, PDF streams); past this it is refused
  // before it is held in memory.
  const uint64_t max_file_bytes =
      std::max<uint64_t>(read_options.limits.max_body_bytes * 8, 64u << 20);
  std::error_code ec;
  const auto size = std::filesystem::file_size(file.path, ec);
  dalil::indexer::InputError error{file.path, 0, {}};
  if (!ec && size > max_file_bytes) {
    error.reason = "file is larger than " + std::to_string(max_file_bytes >> 20) + " MiB";
  } else {
    const std::string bytes((std::istreambuf_iterator<char>(source)),
                            std::istreambuf_iterator<char>());
    stats.bytes += bytes.size();
    try {
      auto doc = dalil::indexer::read_document_file(bytes, {file.path, file.relative, format},
                                                    read_options, schema);
      if (doc.id == "file:" + file.relative) {
        // w.srt in two folders named on the command line: one id, and the second file would
        // silently replace the first.
        const auto [first, fresh] = stats.path_ids.emplace(doc.id, file.path);
        std::error_code same_error;  // ./a and a, or a link: the same file, read again
        if (!fresh && !std::filesystem::equivalent(first->second, file.path, same_error)) {
          throw dalil::indexer::FormatError(
              0, "its id " + doc.id + " is that of " + first->second +
                     ", read earlier in this run: name one folder that holds both, so that "
                     "each id holds its own path");
        }
      }
      ++stats.read;
      ++stats.formats[doc.format];
      ++stats.encodings[doc.encoding];
      consume(std::move(doc));
      progress.update(stats, 0);
      return RunEnd::kDone;
    } catch (const dalil::indexer::FormatError& e) {
      error.line = e.line();
      error.reason = e.what();
    }
  }
  progress.clear();
  std::cerr << error.to_string() << '\n';
  ++stats.skipped;
  return options.strict ? RunEnd::kStrictFailure : RunEnd::kDone;
}

void count(Change change, Stats& stats) {
  switch (change) {
    case Change::kAdded:
      ++stats.added;
      break;
    case Change::kReplaced:
      ++stats.replaced;
      break;
    case Change::kUnchanged:
      ++stats.unchanged;
      break;
  }
}

// Text bytes of the spelling sample: --sample-mb, but at most a fifth of the input when every
// input is a file (their bytes), and never less than 256 KiB. The sample analyses its text twice
// (once to count, once to write) and saves exact terms in proportion to the run: on 2,000 ANT
// articles (6.2 MB) a 4 MiB sample analysed 70 % of the text twice and cost more than it saved
// (1.3 MB: 0.92 of the CPU time side by side); from 6,000 (21 MB) on, 4 MiB is the better size.
std::size_t sample_limit(const Options& options, const dalil::indexer::InputList& inputs) {
  constexpr std::uintmax_t kShareOfInput = 5;
  constexpr std::uintmax_t kFloor = 256u << 10;
  const auto limit = static_cast<std::uintmax_t>(options.sample_mb * 1024 * 1024);
  std::uintmax_t total = 0;
  for (const auto& file : inputs.files) {
    if (file.path == "-") return static_cast<std::size_t>(limit);
    std::error_code ec;
    const auto size = std::filesystem::file_size(file.path, ec);
    if (ec) return static_cast<std::size_t>(limit);  // a FIFO, say
    total += size;
  }
  return static_cast<std::size_t>(std::min(limit, std::max(kFloor, total / kShareOfInput)));
}

int run(const Options& options) {
  const auto start = Clock::now();
  Stats stats;
  const auto inputs = dalil::indexer::collect_inputs(options.paths);
  for (const auto& error : inputs.errors) {
    std::cerr << "dalil-index: " << error.to_string() << '\n';
    ++stats.failed_inputs;
  }

  dalil::indexer::WriterOptions writer_options;
  writer_options.batch_documents = options.batch_documents;
  writer_options.analyzer = analyzer_options(options);
  writer_options.name_keys = !options.no_name_keys;
  if (!options.schema_file.empty()) {
    writer_options.schema = dalil::core::IndexSchema::from_toml_file(options.schema_file);
  }
  Progress progress(!options.quiet);

  // A new index is built on every core and merged at the end; an existing one is updated in
  // place, batch by batch.
  const int threads = options.threads > 0
                          ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const bool parallel = threads > 1 && options.deletes.empty() && !options.paths.empty() &&
                        dalil::indexer::can_build_in_parallel(options.index);
  std::unique_ptr<dalil::indexer::IndexWriter> writer;
  std::unique_ptr<dalil::indexer::ParallelBuilder> builder;
  Consumer write;
  if (parallel) {
    const dalil::indexer::BuildOptions build{
        .threads = threads,
        .part_bytes = static_cast<std::size_t>(options.sub_index_mb * 1024 * 1024),
        .open_files = options.open_files};
    builder =
        std::make_unique<dalil::indexer::ParallelBuilder>(options.index, build, writer_options);
    write = [&](dalil::core::Document&& doc) { builder->add(std::move(doc)); };
  } else {
    writer = std::make_unique<dalil::indexer::IndexWriter>(options.index, writer_options);
    write = [&](dalil::core::Document&& doc) { count(writer->upsert(doc), stats); };
  }
  const dalil::core::IndexSchema& schema = parallel ? builder->schema() : writer->schema();

  // The first documents wait in memory until their spellings are counted: the implicit
  // spelling of a word (indexer/implicit_spelling.h) must be fixed before a document holding
  // the word is written.
  std::optional<dalil::indexer::SpellingSample> sample;
  if (options.sample_mb > 0) sample.emplace(parallel ? builder->analyzer() : writer->analyzer());
  const std::size_t sample_bytes = sample_limit(options, inputs);
  constexpr std::size_t kMaxHeldDocuments = 50000;  // bounds memory for tiny documents
  std::vector<dalil::core::Document> held;
  auto release_sample = [&] {
    if (!sample) return;
    stats.implicit_spellings =
        builder ? builder->learn_spellings(*sample) : writer->learn_spellings(*sample);
    sample.reset();
    for (auto& doc : held) write(std::move(doc));
    held = {};
  };
  const Consumer consume = [&](dalil::core::Document&& doc) {
    if (!sample) return write(std::move(doc));
    sample->add(doc);
    held.push_back(std::move(doc));
    if (sample->bytes() >= sample_bytes || held.size() >= kMaxHeldDocuments) release_sample();
  };

  for (const auto& id : options.deletes) {
    if (writer->remove(id)) {
      ++stats.deleted;
    } else {
      ++stats.delete_missing;
      std::cerr << "dalil-index: --delete " << id << ": no such document\n";
    }
  }

  RunEnd end = RunEnd::kDone;
  for (const auto& file : inputs.files) {
    // A JSON Lines stream checks between its lines; other files are read whole, so here.
    if (g_interrupted) {
      end = RunEnd::kInterrupted;
      break;
    }
    ++stats.files;
    if (file.path == "-") {
      end = index_stream(std::cin, "<stdin>", options, schema, consume, stats, progress);
    } else {
      end = index_file(file, options, schema, consume, stats, progress);
    }
    if (end != RunEnd::kDone) break;
  }
  if (end != RunEnd::kStrictFailure) release_sample();
  progress.clear();

  if (end == RunEnd::kStrictFailure) {
    if (builder) {
      builder->cancel();
      std::cerr
          << "dalil-index: stopped at the first bad line or file (--strict); nothing was written\n";
    } else {
      writer->cancel();
      std::cerr << "dalil-index: stopped at the first bad line or file (--strict); the open batch";
      // Documents waiting for the spelling sample were never in a batch: they go too.
      if (held.empty()) {
        std::cerr << " was dropped";
      } else {
        std::cerr << " and " << held.size() << (held.size() == 1 ? " document" : " documents")
                  << " read before it, waiting for the spelling sample, were dropped";
      }
      std::cerr << "; earlier batches stay committed\n";
    }
  } else if (builder) {
    // The build makes the tables of the vocabulary itself, beside each other, before its merge.
    const auto built =
        builder->finish({.spelling = !options.no_spelling, .name_table = !options.no_name_keys});
    stats.added = built.added;
    stats.replaced = built.replaced;
    stats.unchanged = built.unchanged;
    stats.merge_seconds = built.merge_seconds;
    stats.sub_indexes = built.sub_indexes;
    stats.spelling_seconds = built.spelling_seconds;
    stats.name_table_seconds = built.name_table_seconds;
  }
  dalil::indexer::VocabularyChange change;
  if (writer) {
    writer->commit();
    change = writer->vocabulary_change();
    writer.reset();  // releases the write lock for the table passes
  }
  const bool spelling = !options.no_spelling;
  const bool names = !options.no_name_keys;
  if (!builder && end != RunEnd::kStrictFailure && (spelling || names)) {
    // Tables of the vocabulary, once per run, so indexing pays nothing per word: from the
    // whole vocabulary for a new index, else for the words of the changed documents; one
    // commit for both, which also clears their pending markers (a table skipped here stays
    // pending, and the next run rebuilds it whole).
    Xapian::WritableDatabase db(options.index, Xapian::DB_OPEN);
    if (spelling) {
      const auto spelling_start = Clock::now();
      if (change.whole_spelling) {
        dalil::indexer::update_spelling(db);
      } else {
        dalil::indexer::update_spelling(db, change.words);
      }
      db.set_metadata(std::string(dalil::core::schema::kMetadataSpellingPending), "");
      stats.spelling_seconds = std::chrono::duration<double>(Clock::now() - spelling_start).count();
    }
    if (names) {
      const auto names_start = Clock::now();
      if (change.whole_names) {
        dalil::indexer::update_name_table(db);
      } else {
        dalil::indexer::update_name_table(db, change.words);
      }
      db.set_metadata(std::string(dalil::core::schema::kMetadataNameTablePending), "");
      stats.name_table_seconds = std::chrono::duration<double>(Clock::now() - names_start).count();
    }
    const auto commit_start = Clock::now();
    db.commit();
    stats.table_commit_seconds = std::chrono::duration<double>(Clock::now() - commit_start).count();
  }
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  print_summary(stats, options.summary_json);
  if (end == RunEnd::kInterrupted) {
    std::cerr << "dalil-index: interrupted; everything read so far is committed\n";
    return 130;
  }
  if (end == RunEnd::kStrictFailure || stats.failed_inputs > 0) return 1;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{
      "dalil-index: index JSON Lines archives, SRT/WebVTT subtitles, transcripts, Markdown,\n"
      "text, HTML and PDF files into a Dalil (Xapian) index.\n"
      "Documents are upserted by id; --delete runs before the inputs are read."};
  app.add_option("--index", options.index, "Index folder (created when missing)")->required();
  app.add_option("paths", options.paths,
                 "Files, folders (walked for .jsonl .ndjson .srt .vtt .txt .md .markdown .html "
                 ".htm .pdf) or - for JSON Lines on stdin");
  app.add_option("--encoding", options.encoding,
                 "Encoding of input files that are not valid UTF-8 (default: detect "
                 "windows-1256, ISO-8859-6 or windows-1252)");
  app.add_option("--schema", options.schema_file,
                 "dalil.toml declaring extra facets and text fields (new index only)");
  app.add_option("--delete", options.deletes, "Delete the document with this id (repeatable)");
  app.add_flag("--no-spelling", options.no_spelling,
               "Leave the spelling table (\"did you mean\") as it is");
  app.add_flag("--no-name-keys", options.no_name_keys,
               "Leave the name-key table as it is and write no compound-name terms (only to "
               "measure what they cost; queries then miss names)");
  app.add_flag("--strict", options.strict, "Stop with exit status 1 at the first bad line or file");
  app.add_flag("-q,--quiet", options.quiet, "No progress line");
  app.add_flag("--summary-json", options.summary_json, "Print the summary as one JSON line");
  app.add_option("--threads", options.threads,
                 "Writers for a new index (0: one per core); an existing index is updated by one")
      ->check(CLI::Range(0, 256));
  app.add_option("--arabic-stemmer", options.arabic_stemmer,
                 "Arabic stemmer of a new index: light (default), snowball or none")
      ->check(CLI::IsMember({"light", "snowball", "none"}));
  app.add_flag("--no-arabic-normalisation", options.no_arabic_normalisation,
               "New index without the Arabic normalisation steps (for relevance comparisons)");
  app.add_option("--sample-mb", options.sample_mb,
                 "Text of the first documents (MiB, at most a fifth of the input files) whose "
                 "most common spelling of each new word gets no exact-mode term; 0: every word's "
                 "normalised form (more terms)")
      ->check(CLI::Range(0.0, 4096.0));
  app.add_option("--sub-index-mb", options.sub_index_mb,
                 "Text (MiB) each writer of a new index puts into its first sub-index; each later "
                 "one takes at least a quarter of what the writer wrote before; 0: one per writer")
      ->check(CLI::Range(0.0, 1048576.0));
  app.add_option("--batch-docs", options.batch_documents, "Documents per committed batch")
      ->check(CLI::Range(1, 10000000));
  app.add_option("--max-body-mb", options.max_body_mb, "Largest body accepted, in MiB")
      ->check(CLI::Range(0.001, 1024.0));
  CLI11_PARSE(app, argc, argv);
  // A parallel build holds several files open per sub-index at its end (ParallelBuilder).
  if (const std::uint64_t open_files = dalil::core::raise_open_files_limit(); open_files > 0)
    options.open_files = open_files;

  try {
    if (!options.encoding.empty())
      options.encoding = dalil::indexer::canonical_encoding(options.encoding);
  } catch (const dalil::core::Error& e) {
    std::cerr << "dalil-index: --encoding: " << e.what() << '\n';
    return 2;
  }
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  try {
    return run(options);
  } catch (const dalil::core::Error& e) {
    std::cerr << "dalil-index: error: " << e.what() << '\n';
  } catch (const Xapian::Error& e) {
    std::cerr << "dalil-index: error: " << e.get_description() << '\n';
  } catch (const std::exception& e) {
    std::cerr << "dalil-index: error: " << e.what() << '\n';
  }
  return 1;
}
