/// @file bench/tokenizer_bench.cc
/// @brief CPU time of Tokenizer::tokenize over a JSONL corpus, fast path against pure ICU.
///
/// dalil-tokenizer-bench [--runs N] FILE.jsonl...
///
/// Loads the title and body of every line into memory, then tokenises all of them N times (default
/// 7) with each tokenizer, alternating (ICU, fast, ICU, fast...), and prints the CPU seconds of
/// every run, the medians, MB/s and the ratio. Both tokenizers are warmed up by one untimed pass.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyzers/tokenizer.h"

namespace {

using dalil::analyzers::Span;
using dalil::analyzers::Tokenizer;
using dalil::analyzers::TokenizerOptions;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// CPU seconds of one pass over @p texts; @p spans counts the spans found.
double run(Tokenizer& tokenizer, const std::vector<std::string>& texts, std::size_t& spans) {
  std::vector<Span> out;
  spans = 0;
  const double start = cpu_seconds();
  for (const std::string& text : texts) {
    out.clear();
    tokenizer.tokenize(text, out);
    spans += out.size();
  }
  return cpu_seconds() - start;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 7;
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
      continue;
    }
    std::ifstream in{std::string(arg)};
    if (!in) {
      std::cerr << "dalil-tokenizer-bench: cannot read " << arg << "\n";
      return 2;
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const auto doc = nlohmann::json::parse(line);
      for (const char* field : {"title", "body"}) {
        const auto it = doc.find(field);
        if (it == doc.end() || !it->is_string()) continue;
        texts.push_back(it->get<std::string>());
        bytes += texts.back().size();
      }
    }
  }
  if (texts.empty()) {
    std::cerr << "usage: dalil-tokenizer-bench [--runs N] FILE.jsonl...\n";
    return 2;
  }
  Tokenizer icu{TokenizerOptions{.fast_path = false}};
  Tokenizer fast{TokenizerOptions{.fast_path = true}};
  std::size_t icu_spans = 0;
  std::size_t fast_spans = 0;
  run(icu, texts, icu_spans);
  run(fast, texts, fast_spans);
  if (icu_spans != fast_spans) {
    std::cerr << "dalil-tokenizer-bench: span counts differ (" << icu_spans << " with ICU, "
              << fast_spans << " fast): run dalil-tokenizer-diff\n";
    return 1;
  }
  std::vector<double> icu_times;
  std::vector<double> fast_times;
  for (int r = 0; r < runs; ++r) {
    icu_times.push_back(run(icu, texts, icu_spans));
    fast_times.push_back(run(fast, texts, fast_spans));
    std::printf("run %d: icu %.3f s, fast %.3f s\n", r + 1, icu_times.back(), fast_times.back());
  }
  const double icu_median = median(icu_times);
  const double fast_median = median(fast_times);
  const double mb = static_cast<double>(bytes) / 1e6;
  std::printf("texts %zu, %.1f MB, %zu spans\n", texts.size(), mb, icu_spans);
  std::printf("median CPU: icu %.3f s (%.1f MB/s), fast %.3f s (%.1f MB/s), icu/fast %.2fx\n",
              icu_median, mb / icu_median, fast_median, mb / fast_median, icu_median / fast_median);
  const auto& stats = fast.stats();
  std::printf("fast path chunks: %llu without ICU, %llu with ICU (%.2f %%)\n",
              static_cast<unsigned long long>(stats.fast_chunks),
              static_cast<unsigned long long>(stats.icu_chunks),
              100.0 * static_cast<double>(stats.icu_chunks) /
                  static_cast<double>(stats.fast_chunks + stats.icu_chunks));
  return 0;
}
