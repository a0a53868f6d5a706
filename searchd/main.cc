/// @file searchd/main.cc
/// @brief dalil-searchd: builds the configuration and the server, then serves until a signal.
#include <pthread.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <thread>

#include <xapian.h>

#include "core/error.h"
#include "core/open_files.h"
#include "searchd/config.h"
#include "searchd/http_server.h"
#include "searchd/worker_pool.h"

#ifdef DALIL_JEMALLOC_LINKED
// jemalloc reads these settings before MALLOC_CONF, which still overrides them. Each server
// thread caches freed blocks of a size class up to tcache_max bytes: at the default (32 KiB), 64
// connections' threads held 86 MB at their peak; at 1 KiB, 45 MB for the same CPU per request
// (docs/PERFORMANCE.md, session 14).
extern "C" const char* malloc_conf;
const char* malloc_conf = "tcache_max:1024";
#endif

namespace {

// Every open connection holds a socket, and every slot's database and each running export's
// 5 to 7 index files, while login shells and systemd give a soft limit of 1024 open files: at
// max_threads connections accept() would fail with EMFILE and clients stall. Raises the soft
// limit to the hard one, as servers do, and warns when even that is short.
void raise_open_files_limit(const dalil::searchd::Config& config) {
  const std::uint64_t limit = dalil::core::raise_open_files_limit();
  if (limit == 0) return;
  const auto needed =
      static_cast<std::uint64_t>(config.max_threads) +
      8 * static_cast<std::uint64_t>(config.search_slots + config.export_slots + 1) + 64;
  if (limit < needed) {
    std::cerr << "dalil-searchd: warning: at most " << limit << " open files (ulimit -n), "
              << "fewer than " << needed << " for max_threads " << config.max_threads
              << " connections: raise the limit or lower max_threads\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace dalil::searchd;
  std::vector<std::string> args(argv, argv + argc);
  try {
    const LoadResult loaded = load_config(args, process_env);
    if (!loaded.config) return loaded.exit_code;
    const Config& config = *loaded.config;

    Xapian::doccount documents = 0;
    try {
      const Xapian::Database db(config.index);
      documents = db.get_doccount();
      // A worker's own checks (the index's format, its analyzer), before listening: an index
      // every request would be refused does not start a server.
      WorkerContext probe(config.index, std::chrono::milliseconds(config.reopen_interval_ms));
      probe.database();
    } catch (const Xapian::Error& e) {
      std::cerr << "dalil-searchd: error: cannot open index " << config.index << ": "
                << e.get_description() << "\n(build it first with dalil-index --index "
                << config.index << " FILES)\n";
      return 1;
    } catch (const dalil::core::Error& e) {
      std::cerr << "dalil-searchd: error: cannot serve index " << config.index << ": " << e.what()
                << "\n";
      return 1;
    }

    // Signals go to one thread that stops the server; the workers never see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    // The alias table is read once here and shared read-only by every worker.
    std::string aliases_path = config.name_aliases;
    if (aliases_path.empty() && std::filesystem::exists(DALIL_DEFAULT_NAME_ALIASES))
      aliases_path = DALIL_DEFAULT_NAME_ALIASES;
    NameAliases aliases;
    if (!aliases_path.empty()) {
      dalil::analyzers::Analyzer analyzer(1u << 10);
      aliases = load_name_aliases(aliases_path, analyzer);
      std::cerr << "dalil-searchd: " << aliases.groups() << " name alias groups from "
                << aliases_path << '\n';
    }

    raise_open_files_limit(config);
    HttpServer server(config, &aliases);
    const int port = server.bind();
    std::cout << "dalil-searchd: serving " << documents << " documents from " << config.index
              << " on http://" << config.bind << ":" << port << std::endl;

    std::thread signal_thread([&server, signals] {
      int received = 0;
      sigwait(&signals, &received);
      server.stop();
    });
    server.serve();
    // serve() also returns on listen errors; wake the signal thread so it can be joined.
    pthread_kill(signal_thread.native_handle(), SIGTERM);
    signal_thread.join();
    std::cout << "dalil-searchd: stopped" << std::endl;
    return 0;
  } catch (const dalil::core::Error& e) {
    std::cerr << "dalil-searchd: error: " << e.what() << '\n';
    return e.code() == dalil::core::ErrorCode::kBadConfig ? 2 : 1;
  }
}
