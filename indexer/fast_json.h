/// @file indexer/fast_json.h
/// @brief nlohmann::json values read with simdjson.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace simdjson::dom {
class parser;
}

namespace dalil::indexer {

/// Parses JSON texts into the nlohmann::json values nlohmann::json::parse gives, several times
/// faster: simdjson reads the text, and any text simdjson refuses is handed to nlohmann, so the
/// result, or the exception and its message, is exactly nlohmann's. Holds simdjson's buffers, so
/// it is not thread-safe: one per reader.
class JsonParser {
 public:
  JsonParser();
  ~JsonParser();
  JsonParser(const JsonParser&) = delete;
  JsonParser& operator=(const JsonParser&) = delete;

  /// The value of @p text (valid UTF-8 or not); throws what nlohmann::json::parse(text) throws,
  /// or core::Error kBadDocument for a value nested deeper than 1024 levels (which would
  /// overflow the stack of nlohmann's recursive parse and dump).
  nlohmann::json parse(std::string_view text);

 private:
  std::unique_ptr<simdjson::dom::parser> parser_;
  std::string padded_;  // the text with the zero padding simdjson reads past its end
};

}  // namespace dalil::indexer
