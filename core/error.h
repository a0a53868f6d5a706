/// @file core/error.h
/// @brief The one table of error codes (HTTP status, code, message) and the exception that carries
/// one.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace dalil::core {

/// Every error Dalil reports. Each has one row in the table of error_info().
enum class ErrorCode {
  kBadParameter,      ///< A request parameter is missing, malformed or out of range.
  kBadQuery,          ///< The query text cannot be parsed.
  kQueryTooLong,      ///< The query text exceeds the configured limit.
  kNotFound,          ///< No such route or document.
  kMethodNotAllowed,  ///< The route exists but not for this method.
  kPayloadTooLarge,   ///< The request body exceeds the configured limit.
  kBadDocument,       ///< An input document is invalid (bad JSON, missing field, bad UTF-8 ...).
  kBadConfig,         ///< Configuration is invalid; reported before the server listens.
  kIoError,           ///< A file or folder could not be read or written.
  kIndexUnavailable,  ///< The index cannot be opened right now.
  kTimeout,           ///< The request took longer than its time limit.
  kBusy,              ///< Every search slot stayed taken while the request waited its turn.
  kInternal,          ///< Anything unexpected; the message never carries exception text.
};

/// One row of the error table.
struct ErrorInfo {
  ErrorCode code;
  int http_status;
  std::string_view name;             ///< snake_case code sent to clients, e.g. "bad_query".
  std::string_view default_message;  ///< Used when no specific message is given.
};

/// The row of the error table for @p code.
const ErrorInfo& error_info(ErrorCode code);

/// An error with a code from the table and a message safe to show to a user.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  explicit Error(ErrorCode code) : Error(code, std::string(error_info(code).default_message)) {}

  ErrorCode code() const { return code_; }
  int http_status() const { return error_info(code_).http_status; }
  std::string_view name() const { return error_info(code_).name; }

 private:
  ErrorCode code_;
};

}  // namespace dalil::core
