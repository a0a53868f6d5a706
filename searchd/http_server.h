/// @file searchd/http_server.h
/// @brief The HTTP API: routes, parameter checks, limits, and the one place errors become JSON.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <httplib.h>

#include "core/error.h"
#include "searchd/config.h"
#include "searchd/name_aliases.h"
#include "searchd/search_gate.h"
#include "searchd/worker_pool.h"

namespace dalil::searchd {

/// Serves /api/search, /api/export, /api/documents/{id} and /healthz for one index. Searches,
/// documents and passages pass a SearchGate of config.search_slots, exports one of their own of
/// config.export_slots for each page of rows (an export holding a search slot for minutes would
/// stall every search behind it), and each uses the WorkerContext of its slot. /healthz passes no
/// gate, so it answers under load, and shares one context behind a mutex. So the server keeps as
/// many databases, analyzers and caches as slots plus one, however many connections are open;
/// each export in progress also reads a database of its own (HitStream), closed when it ends.
class HttpServer {
 public:
  /// @p aliases (may be null) must outlive the server.
  explicit HttpServer(const Config& config, const NameAliases* aliases = nullptr);

  /// Binds the configured address and port; returns the port (useful with port 0).
  /// Throws core::Error(kIoError) when the address cannot be bound.
  int bind();
  /// Serves until stop(); call bind() first.
  void serve();
  /// Makes serve() return; safe from another thread.
  void stop();

 private:
  void install_routes();
  /// Waits for a slot of @p gate (503 busy after queue_time_limit_s).
  SearchGate::Pass enter(SearchGate& gate);

  Config config_;
  const NameAliases* aliases_;
  SearchGate gate_;
  std::vector<std::unique_ptr<WorkerContext>> contexts_;  // one per slot of gate_
  SearchGate export_gate_;
  std::vector<std::unique_ptr<WorkerContext>> export_contexts_;  // one per slot of export_gate_
  std::mutex health_mutex_;
  WorkerContext health_context_;             // /healthz, behind health_mutex_
  socket_t listen_socket_ = INVALID_SOCKET;  // set by httplib's socket-options hook
  httplib::Server server_;
};

/// Fills @p res with {"error":{"code","message"}} and the status of @p error.
void send_error(httplib::Response& res, const core::Error& error);

}  // namespace dalil::searchd
