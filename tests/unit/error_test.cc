/// @file tests/unit/error_test.cc
/// @brief The error table: every ErrorCode has its own row, status and snake_case name.
#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dalil::core {
namespace {

struct ErrorCase {
  ErrorCode code;
  int http_status;
  std::string_view name;
};

// One row per enumerator of ErrorCode; a new code without a row here fails the count check below.
const std::vector<ErrorCase> kErrorCases = {
    {ErrorCode::kBadParameter, 400, "bad_parameter"},
    {ErrorCode::kBadQuery, 400, "bad_query"},
    {ErrorCode::kQueryTooLong, 413, "query_too_long"},
    {ErrorCode::kNotFound, 404, "not_found"},
    {ErrorCode::kMethodNotAllowed, 405, "method_not_allowed"},
    {ErrorCode::kPayloadTooLarge, 413, "payload_too_large"},
    {ErrorCode::kBadDocument, 400, "bad_document"},
    {ErrorCode::kBadConfig, 500, "bad_config"},
    {ErrorCode::kIoError, 500, "io_error"},
    {ErrorCode::kIndexUnavailable, 503, "index_unavailable"},
    {ErrorCode::kTimeout, 503, "timeout"},
    {ErrorCode::kBusy, 503, "busy"},
    {ErrorCode::kInternal, 500, "internal"},
};

bool is_snake_case(std::string_view name) {
  if (name.empty() || name.front() == '_' || name.back() == '_') return false;
  for (char ch : name) {
    if (!((ch >= 'a' && ch <= 'z') || ch == '_')) return false;
  }
  return name.find("__") == std::string_view::npos;
}

TEST_CASE("every ErrorCode has a row of its own", "[core][error]") {
  // kInternal is the last enumerator; the enumerators are 0..kInternal without gaps.
  REQUIRE(kErrorCases.size() == static_cast<std::size_t>(ErrorCode::kInternal) + 1);
  for (std::size_t i = 0; i < kErrorCases.size(); ++i) {
    REQUIRE(static_cast<std::size_t>(kErrorCases[i].code) == i);
  }
}

TEST_CASE("error_info gives the status and name of each code", "[core][error]") {
  for (const auto& c : kErrorCases) {
    DYNAMIC_SECTION(c.name) {
      const ErrorInfo& info = error_info(c.code);
      // error_info falls back to the last row for an unknown code, so the code must match.
      CHECK(info.code == c.code);
      CHECK(info.http_status == c.http_status);
      CHECK(info.name == c.name);
      CHECK(is_snake_case(info.name));
      CHECK_FALSE(info.default_message.empty());
    }
  }
}

TEST_CASE("error names are unique", "[core][error]") {
  std::set<std::string_view> names;
  for (const auto& c : kErrorCases) {
    INFO(c.name);
    CHECK(names.insert(error_info(c.code).name).second);
  }
}

TEST_CASE("http statuses are client or server errors", "[core][error]") {
  for (const auto& c : kErrorCases) {
    INFO(c.name);
    const int status = error_info(c.code).http_status;
    CHECK(status >= 400);
    CHECK(status <= 599);
  }
}

TEST_CASE("Error carries code and status and name and message", "[core][error]") {
  for (const auto& c : kErrorCases) {
    DYNAMIC_SECTION(c.name) {
      SECTION("with a message") {
        const std::string message = "specific message for " + std::string(c.name);
        const Error error(c.code, message);
        CHECK(error.code() == c.code);
        CHECK(error.http_status() == c.http_status);
        CHECK(error.name() == c.name);
        CHECK(std::string(error.what()) == message);
      }
      SECTION("with the default message") {
        const Error error(c.code);
        CHECK(error.code() == c.code);
        CHECK(error.http_status() == c.http_status);
        CHECK(error.name() == c.name);
        CHECK(std::string(error.what()) == std::string(error_info(c.code).default_message));
      }
    }
  }
}

TEST_CASE("Error is caught as std::runtime_error", "[core][error]") {
  try {
    throw Error(ErrorCode::kBadQuery, "unbalanced quotes");
  } catch (const std::runtime_error& error) {
    CHECK(std::string(error.what()) == "unbalanced quotes");
    const auto* dalil_error = dynamic_cast<const Error*>(&error);
    REQUIRE(dalil_error != nullptr);
    CHECK(dalil_error->code() == ErrorCode::kBadQuery);
    return;
  }
  FAIL("Error was not caught as std::runtime_error");
}

}  // namespace
}  // namespace dalil::core
