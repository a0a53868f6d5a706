/// @file core/error.cc
/// @brief The error table.
#include "core/error.h"

#include <array>

namespace dalil::core {

namespace {
constexpr std::array kErrorTable = {
    ErrorInfo{ErrorCode::kBadParameter, 400, "bad_parameter", "A request parameter is invalid."},
    ErrorInfo{ErrorCode::kBadQuery, 400, "bad_query", "The query cannot be parsed."},
    ErrorInfo{ErrorCode::kQueryTooLong, 413, "query_too_long", "The query is too long."},
    ErrorInfo{ErrorCode::kNotFound, 404, "not_found", "Not found."},
    ErrorInfo{ErrorCode::kMethodNotAllowed, 405, "method_not_allowed", "Method not allowed."},
    ErrorInfo{ErrorCode::kPayloadTooLarge, 413, "payload_too_large", "The request is too large."},
    ErrorInfo{ErrorCode::kBadDocument, 400, "bad_document", "The document is invalid."},
    ErrorInfo{ErrorCode::kBadConfig, 500, "bad_config", "The configuration is invalid."},
    ErrorInfo{ErrorCode::kIoError, 500, "io_error", "A file could not be read or written."},
    ErrorInfo{ErrorCode::kIndexUnavailable, 503, "index_unavailable",
              "The index is not available right now."},
    ErrorInfo{ErrorCode::kTimeout, 503, "timeout", "The request took too long."},
    ErrorInfo{ErrorCode::kBusy, 503, "busy", "The server is busy; try again."},
    ErrorInfo{ErrorCode::kInternal, 500, "internal", "Internal error."},
};
}  // namespace

const ErrorInfo& error_info(ErrorCode code) {
  for (const auto& row : kErrorTable) {
    if (row.code == code) return row;
  }
  return kErrorTable.back();
}

}  // namespace dalil::core
