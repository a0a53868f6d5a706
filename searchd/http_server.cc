/// @file searchd/http_server.cc
/// @brief Route handlers, request parsing and error responses.
#include "searchd/http_server.h"

#include <algorithm>
#include <charconv>
#include <iostream>
#include <memory>
#include <set>

#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/schema.h"
#include "core/utf8.h"
#include "searchd/search_service.h"
#include "searchd/worker_pool.h"

namespace dalil::searchd {

namespace {

using core::Error;
using core::ErrorCode;

constexpr const char* kJson = "application/json";

void send_json(httplib::Response& res, const nlohmann::json& body) {
  res.status = 200;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

// The one place an exception becomes a response. Exception text reaches the client only for
// core::Error, whose messages are written for users.
void handle_exception(httplib::Response& res, std::exception_ptr exception) {
  try {
    std::rethrow_exception(exception);
  } catch (const Error& e) {
    send_error(res, e);
  } catch (const Xapian::Error& e) {
    std::cerr << "dalil-searchd: Xapian error: " << e.get_description() << '\n';
    send_error(res, Error(ErrorCode::kInternal));
  } catch (const std::exception& e) {
    std::cerr << "dalil-searchd: error: " << e.what() << '\n';
    send_error(res, Error(ErrorCode::kInternal));
  } catch (...) {
    send_error(res, Error(ErrorCode::kInternal));
  }
}

template <typename Fn>
httplib::Server::Handler guarded(Fn fn) {
  return [fn](const httplib::Request& req, httplib::Response& res) {
    try {
      fn(req, res);
    } catch (...) {
      handle_exception(res, std::current_exception());
    }
  };
}

int int_param(const httplib::Request& req, const char* name, int fallback, int min, int max) {
  if (!req.has_param(name)) return fallback;
  const std::string text = req.get_param_value(name);
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw Error(ErrorCode::kBadParameter, std::string(name) + " must be a whole number from " +
                                              std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

bool bool_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return false;
  const std::string text = req.get_param_value(name);
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw Error(ErrorCode::kBadParameter, std::string(name) + " must be true or false");
}

// Parameters every search understands; the index schema adds one filter per facet.
const std::set<std::string>& search_params() {
  static const std::set<std::string> kParams = {
      "q",    "page", "size", "exact_total", "facets",   "facet_size", "date_histogram",
      "from", "to",   "sort", "group",       "passages", "exact",      "translit"};
  return kParams;
}

// Unknown parameters are refused: a misspelt filter silently ignored would show a journalist
// results they believe are filtered. So is a second value of a parameter that takes one
// (q=syria&q=حلب would search for syria alone); facets take several.
void check_known_params(const httplib::Request& req, const core::IndexSchema& schema,
                        const std::set<std::string>& extra) {
  for (const auto& [name, value] : req.params) {
    if (schema.facet(name) != nullptr) continue;
    if (search_params().count(name) || extra.count(name)) {
      if (req.get_param_value_count(name.c_str()) > 1) {
        throw Error(ErrorCode::kBadParameter, name + " may be given once");
      }
      continue;
    }
    std::string known;
    for (const auto& param : search_params()) known += (known.empty() ? "" : ", ") + param;
    for (const auto& param : extra) known += ", " + param;
    for (const auto& facet : schema.facets()) known += ", " + facet.name;
    throw Error(ErrorCode::kBadParameter, "unknown parameter " + name + " (known: " + known + ")");
  }
}

std::string single_param(const httplib::Request& req, const char* name, const Config& config) {
  if (req.get_param_value_count(name) > 1) {
    throw Error(ErrorCode::kBadParameter, std::string(name) + " may be given once");
  }
  std::string value = req.get_param_value(name);
  if (value.size() > config.max_query_bytes || core::find_invalid_utf8(value)) {
    throw Error(ErrorCode::kBadParameter, std::string(name) + " is too long or not UTF-8");
  }
  return value;
}

// A parameter that takes one of a few words; the error lists them ("sort must be relevance,
// date_desc or date_asc").
template <typename T>
T choice_param(const httplib::Request& req, const char* name, const Config& config,
               std::initializer_list<std::pair<std::string_view, T>> choices) {
  const std::string value = single_param(req, name, config);
  std::string words;
  std::size_t i = 0;
  for (const auto& [word, result] : choices) {
    if (value == word) return result;
    words += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + std::string(word);
    ++i;
  }
  throw Error(ErrorCode::kBadParameter, std::string(name) + " must be " + words);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    if (comma > start) items.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

SearchRequest parse_search(const httplib::Request& req, const Config& config,
                           const core::IndexSchema& schema,
                           const std::set<std::string>& extra = {}) {
  check_known_params(req, schema, extra);
  SearchRequest request;
  request.q = req.get_param_value("q");
  if (request.q.size() > config.max_query_bytes) {
    throw Error(ErrorCode::kQueryTooLong, "q is " + std::to_string(request.q.size()) +
                                              " bytes; the limit is " +
                                              std::to_string(config.max_query_bytes));
  }
  if (core::find_invalid_utf8(request.q)) throw Error(ErrorCode::kBadParameter, "q is not UTF-8");
  request.page = int_param(req, "page", 1, 1, config.max_page);
  // A size above the cap is served at the cap; the response says which size was used.
  request.size =
      std::min(int_param(req, "size", config.default_page_size, 1, 1000000), config.max_page_size);
  request.exact_total = bool_param(req, "exact_total");
  request.exact = bool_param(req, "exact");
  for (const auto& facet : schema.facets()) {
    const auto count = req.get_param_value_count(facet.name.c_str());
    if (count == 0) continue;
    std::vector<std::string> values;
    for (std::size_t i = 0; i < count; ++i) {
      std::string value = req.get_param_value(facet.name.c_str(), i);
      if (value.empty()) throw Error(ErrorCode::kBadParameter, facet.name + " must not be empty");
      if (value.size() > config.max_query_bytes || core::find_invalid_utf8(value)) {
        throw Error(ErrorCode::kBadParameter, facet.name + " is too long or not UTF-8");
      }
      values.push_back(std::move(value));
    }
    request.filters.emplace_back(facet.name, std::move(values));
  }
  request.dates = parse_day_range(single_param(req, "from", config),
                                  single_param(req, "to", config), "from/to", false);
  for (const auto& name : split_list(single_param(req, "facets", config))) {
    if (schema.facet(name) == nullptr) {
      std::string known;
      for (const auto& facet : schema.facets()) known += (known.empty() ? "" : ", ") + facet.name;
      throw Error(ErrorCode::kBadParameter, "facets: no facet " + name + " (known: " + known + ")");
    }
    if (std::find(request.facets.begin(), request.facets.end(), name) == request.facets.end()) {
      request.facets.push_back(name);
    }
  }
  request.facet_size = static_cast<std::size_t>(int_param(req, "facet_size", 10, 1, 1000));
  if (req.has_param("date_histogram")) {
    request.histogram = choice_param<Interval>(req, "date_histogram", config,
                                               {{"year", Interval::kYear},
                                                {"month", Interval::kMonth},
                                                {"day", Interval::kDay},
                                                {"auto", Interval::kAuto}});
  }
  if (req.has_param("sort")) {
    request.sort = choice_param<SortOrder>(req, "sort", config,
                                           {{"relevance", SortOrder::kRelevance},
                                            {"date_desc", SortOrder::kDateDesc},
                                            {"date_asc", SortOrder::kDateAsc}});
  }
  request.passages = static_cast<std::size_t>(
      int_param(req, "passages", static_cast<int>(request.passages), 1, kMaxPassagesPerHit));
  if (req.has_param("group")) {
    request.group_passages =
        choice_param<bool>(req, "group", config, {{"document", false}, {"none", true}});
  }
  if (req.has_param("translit")) {
    request.translit = choice_param<bool>(req, "translit", config, {{"on", true}, {"off", false}});
  }
  return request;
}

// Documents, passages and /healthz take no parameter: one given was meant for another route
// (a misspelt path, or ?fields= on a document) and must not be ignored silently.
void refuse_params(const httplib::Request& req) {
  if (req.params.empty()) return;
  throw Error(ErrorCode::kBadParameter,
              "unknown parameter " + req.params.begin()->first + " (this route takes none)");
}

// fields=id,score: the keys of each document hit (HitFields); every key when absent.
HitFields parse_fields(const httplib::Request& req, const Config& config, bool group_passages) {
  if (!req.has_param("fields")) return HitFields::all();
  if (group_passages) {
    throw Error(ErrorCode::kBadParameter,
                "fields applies to document hits: leave it out with group=none");
  }
  // For the errors only: built once, not per request.
  static const std::string known = [] {
    std::string names;
    for (const auto name : kHitFieldNames) names += (names.empty() ? "" : ", ") + std::string(name);
    return names;
  }();
  const std::vector<std::string> names = split_list(single_param(req, "fields", config));
  if (names.empty())
    throw Error(ErrorCode::kBadParameter, "fields names no field (known: " + known + ")");
  HitFields fields = HitFields::none();
  for (const auto& name : names) {
    const auto at = std::find(kHitFieldNames.begin(), kHitFieldNames.end(), name);
    if (at == kHitFieldNames.end()) {
      throw Error(ErrorCode::kBadParameter, "fields: no field " + name + " (known: " + known + ")");
    }
    fields.add(static_cast<HitField>(at - kHitFieldNames.begin()));
  }
  return fields;
}

ErrorCode code_for_status(int status) {
  switch (status) {
    case 404:
      return ErrorCode::kNotFound;
    case 405:
      return ErrorCode::kMethodNotAllowed;
    case 413:
      return ErrorCode::kPayloadTooLarge;
    case 414:
      return ErrorCode::kQueryTooLong;
    case 503:
      return ErrorCode::kIndexUnavailable;
    default:
      return status >= 500 ? ErrorCode::kInternal : ErrorCode::kBadParameter;
  }
}

}  // namespace

void send_error(httplib::Response& res, const Error& error) {
  const nlohmann::json body = {{"error", {{"code", error.name()}, {"message", error.what()}}}};
  res.status = error.http_status();
  // Every search or export slot was taken: tell clients when to come back rather than retry at
  // once.
  if (error.code() == ErrorCode::kBusy) res.set_header("Retry-After", "1");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

HttpServer::HttpServer(const Config& config, const NameAliases* aliases)
    : config_(config),
      aliases_(aliases),
      gate_(config.search_slots),
      export_gate_(config.export_slots, "export"),
      health_context_(config.index, std::chrono::milliseconds(config.reopen_interval_ms)) {
  const Config& c = config_;
  const auto contexts = [&c](int slots) {
    std::vector<std::unique_ptr<WorkerContext>> out;
    for (int slot = 0; slot < slots; ++slot) {
      out.push_back(std::make_unique<WorkerContext>(
          c.index, std::chrono::milliseconds(c.reopen_interval_ms)));
    }
    return out;
  };
  contexts_ = contexts(c.search_slots);
  export_contexts_ = contexts(c.export_slots);
  server_.new_task_queue = [c] {
    PoolOptions pool;
    pool.threads = c.threads;
    pool.max_threads = c.max_threads;
    return new WorkerPool(pool);
  };
  server_.set_read_timeout(c.http_timeout_s, 0);
  server_.set_write_timeout(c.http_timeout_s, 0);
  // httplib writes headers and body in two sends; without TCP_NODELAY the body waits for the
  // client's delayed ACK (about 40 ms on Linux) on every response.
  server_.set_tcp_nodelay(true);
  server_.set_keep_alive_timeout(5);
  server_.set_keep_alive_max_count(1000);
  server_.set_payload_max_length(c.max_request_bytes);
  // httplib's default options set SO_REUSEPORT on Linux, which lets a second server bind the
  // same port and take half of its connections. SO_REUSEADDR alone only allows a restart while
  // old connections linger in TIME_WAIT. The hook also notes the listening socket for bind().
  server_.set_socket_options([this](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_socket_ = sock;
  });
  // Without this handler httplib puts the exception text in a response header.
  server_.set_exception_handler([](const httplib::Request&, httplib::Response& res,
                                   std::exception_ptr e) { handle_exception(res, e); });
  // httplib calls this for every status >= 400; responses we built already carry a JSON body.
  server_.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const ErrorCode code = code_for_status(res.status);
        const int status = res.status;
        send_error(res, Error(code));
        res.status = status;
        return httplib::Server::HandlerResponse::Handled;
      }));
  install_routes();
}

SearchGate::Pass HttpServer::enter(SearchGate& gate) {
  // Rounded up: a limit below a millisecond must not become no wait at all.
  return gate.enter(std::chrono::ceil<std::chrono::milliseconds>(
      std::chrono::duration<double>(config_.queue_time_limit_s)));
}

void HttpServer::install_routes() {
  const Config& c = config_;
  SearchOptions options;
  options.query.max_terms = c.max_query_terms;
  options.query.max_prefixes = c.max_query_prefixes;
  options.time_limit_s = c.query_time_limit_s;
  options.exact_count_limit = static_cast<Xapian::doccount>(c.exact_count_limit);
  options.public_url = c.public_url;
  options.aliases = aliases_;

  server_.Get("/api/search",
              guarded([this, &c, options](const httplib::Request& req, httplib::Response& res) {
                const SearchGate::Pass pass = enter(gate_);
                WorkerContext& context = *contexts_[pass.slot()];
                context.database();  // opens the index and loads its schema
                SearchRequest request = parse_search(req, c, context.schema(), {"fields"});
                request.fields = parse_fields(req, c, request.group_passages);
                send_json(res, search(context, request, options));
              }));
  server_.Get(
      "/api/export",
      guarded([this, &c, options](const httplib::Request& req, httplib::Response& res) {
        if (req.has_param("page") || req.has_param("size")) {
          throw Error(ErrorCode::kBadParameter,
                      "an export returns every hit: page and size do not apply");
        }
        const std::string format = req.has_param("format") ? req.get_param_value("format") : "csv";
        if (format != "csv" && format != "jsonl") {
          throw Error(ErrorCode::kBadParameter, "format must be csv or jsonl");
        }
        const bool csv = format == "csv";
        std::shared_ptr<HitStream> stream;
        {
          // An export slot is held to parse the request and to make each page of rows, never
          // while a page is sent: a client that reads slowly holds no slot.
          const SearchGate::Pass pass = enter(export_gate_);
          WorkerContext& context = *export_contexts_[pass.slot()];
          context.database();
          const SearchRequest request = parse_search(req, c, context.schema(), {"format", "bom"});
          stream = std::make_shared<HitStream>(
              context, request, options, csv ? HitStream::Format::kCsv : HitStream::Format::kJsonl,
              bool_param(req, "bom"));
        }
        res.set_header("Content-Disposition", csv ? "attachment; filename=\"dalil-export.csv\""
                                                  : "attachment; filename=\"dalil-export.jsonl\"");
        // Rows are produced page by page as the client reads, so memory stays constant.
        res.set_chunked_content_provider(
            csv ? "text/csv; charset=utf-8" : "application/x-ndjson",
            [this, stream](std::size_t, httplib::DataSink& sink) {
              std::string chunk;
              bool more = false;
              try {
                // The headers are out, so a page waits for its slot as long as it takes (first
                // come first served, so it comes): a 503 now could only cut the file short.
                const SearchGate::Pass pass = export_gate_.enter(std::chrono::hours(1));
                more = stream->next(chunk, *export_contexts_[pass.slot()]);
              } catch (const std::exception& e) {
                // The headers are sent already: end the stream early (the client sees the
                // download cut short, never a file that looks whole) and log why.
                std::cerr << "dalil-searchd: export stopped: " << e.what() << '\n';
                return false;
              } catch (const Xapian::Error& e) {
                // Not a std::exception: uncaught it would end the server. The usual one is
                // DatabaseModifiedError, when commits since the export began have reused the
                // blocks of the revision it reads; going on at the new revision could repeat
                // or skip rows, so the export ends here too.
                std::cerr << "dalil-searchd: export stopped: " << e.get_description() << '\n';
                return false;
              } catch (...) {
                // Nothing may leave a worker thread: it would end the server.
                std::cerr << "dalil-searchd: export stopped: unknown error\n";
                return false;
              }
              if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
              if (!more) sink.done();
              return true;
            });
      }));
  const auto send_document = [this](const std::string& id, httplib::Response& res) {
    const SearchGate::Pass pass = enter(gate_);
    if (id.size() > core::DocumentLimits{}.max_id_bytes) {
      throw Error(ErrorCode::kNotFound, "no document with that id (ids are at most " +
                                            std::to_string(core::DocumentLimits{}.max_id_bytes) +
                                            " bytes)");
    }
    res.status = 200;
    res.set_content(document_json(*contexts_[pass.slot()], id), kJson);
  };
  // Before /api/documents/{id}, which would take "ID/passages/N" for an id.
  server_.Get(
      R"(/api/documents/(.+)/passages/([0-9]{1,9}))",
      guarded([this, options, send_document](const httplib::Request& req, httplib::Response& res) {
        refuse_params(req);
        // The route matches the decoded path: "/passages/N" written %2Fpassages%2FN in
        // the request is part of a document's id (permalinks write a / of an id so).
        const std::string_view raw = std::string_view(req.target).substr(0, req.target.find('?'));
        const std::string tail = "/passages/" + std::string(req.matches[2]);
        if (!raw.ends_with(tail)) {
          send_document(std::string(req.matches[1]) + tail, res);
          return;
        }
        const SearchGate::Pass pass = enter(gate_);
        const std::string id = req.matches[1];
        const std::size_t number = std::stoul(req.matches[2]);
        send_json(res, passage_json(*contexts_[pass.slot()], id, number, options));
      }));
  server_.Get(R"(/api/documents/(.+))",
              guarded([send_document](const httplib::Request& req, httplib::Response& res) {
                refuse_params(req);
                send_document(req.matches[1], res);
              }));
  server_.Get("/healthz", guarded([this](const httplib::Request& req, httplib::Response& res) {
                refuse_params(req);
                Xapian::doccount documents = 0;
                {
                  std::lock_guard lock(health_mutex_);
                  documents = document_count(health_context_);
                }
                send_json(res, {{"status", "ok"}, {"documents", documents}});
              }));
}

int HttpServer::bind() {
  const int port = config_.port == 0
                       ? server_.bind_to_any_port(config_.bind)
                       : (server_.bind_to_port(config_.bind, config_.port) ? config_.port : -1);
  if (port <= 0) {
    throw Error(ErrorCode::kIoError, "cannot listen on " + config_.bind + ":" +
                                         std::to_string(config_.port) +
                                         " (in use, or not an address here)");
  }
  // httplib 0.11 listens with a queue of 5 connections (CPPHTTPLIB_LISTEN_BACKLOG, compiled into
  // Debian's library). A burst of new connections overflows it, and the kernel drops their
  // handshakes: each dropped client waits out a retransmission, 1 s, 3 s or more, before its
  // first request is even read. Linux takes a second listen() as a new queue length.
  if (listen_socket_ == INVALID_SOCKET || ::listen(listen_socket_, SOMAXCONN) != 0) {
    std::cerr << "dalil-searchd: warning: cannot lengthen the listen queue; bursts of new "
                 "connections may wait seconds\n";
  }
  return port;
}

void HttpServer::serve() {
  server_.listen_after_bind();
}

void HttpServer::stop() {
  server_.stop();
}

}  // namespace dalil::searchd
