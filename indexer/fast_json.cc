/// @file indexer/fast_json.cc
/// @brief simdjson DOM -> nlohmann::json: nlohmann's values, read several times faster.
#include "indexer/fast_json.h"

#include <cstdint>
#include <string>

#include <simdjson.h>

#include "core/error.h"

namespace dalil::indexer {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kLongestForSimdjson = 1u << 20;

// Deeper values are refused: nlohmann's parser and dump() recurse once per level, and a line
// of 70,000 nested brackets overflowed the stack. simdjson refuses the same depth.
constexpr int kMaxDepth = 1024;

// nlohmann::json::parse(text), refusing values nested deeper than kMaxDepth.
Json parse_bounded(std::string_view text) {
  const Json::parser_callback_t guard = [](int depth, Json::parse_event_t, Json&) {
    if (depth >= kMaxDepth) {  // the outermost value is at depth 0
      throw core::Error(core::ErrorCode::kBadDocument,
                        "JSON nested deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    return true;
  };
  return Json::parse(text, guard);
}

Json to_json(simdjson::dom::element element) {
  switch (element.type()) {
    case simdjson::dom::element_type::OBJECT: {
      Json value(Json::value_t::object);
      auto& object = value.get_ref<Json::object_t&>();
      // A key given twice keeps its last value, as nlohmann's parser does.
      for (const auto field : simdjson::dom::object(element))
        object.insert_or_assign(std::string(field.key), to_json(field.value));
      return value;
    }
    case simdjson::dom::element_type::ARRAY: {
      Json value(Json::value_t::array);
      auto& array = value.get_ref<Json::array_t&>();
      const simdjson::dom::array items(element);
      array.reserve(items.size());
      for (const auto item : items) array.push_back(to_json(item));
      return value;
    }
    case simdjson::dom::element_type::STRING:
      return Json(std::string(element.get_string().value_unsafe()));
    case simdjson::dom::element_type::INT64: {
      // nlohmann keeps a number without sign as unsigned, a negative one as signed ("-0" too,
      // which is the only difference left: a signed 0 here is unsigned, equal and dumped alike).
      const int64_t number = element.get_int64().value_unsafe();
      if (number >= 0) return Json(static_cast<uint64_t>(number));
      return Json(number);
    }
    case simdjson::dom::element_type::UINT64:
      return Json(element.get_uint64().value_unsafe());
    case simdjson::dom::element_type::DOUBLE:
      return Json(element.get_double().value_unsafe());
    case simdjson::dom::element_type::BOOL:
      return Json(element.get_bool().value_unsafe());
    case simdjson::dom::element_type::NULL_VALUE:
      break;
  }
  return Json(nullptr);
}

}  // namespace

JsonParser::JsonParser() : parser_(std::make_unique<simdjson::dom::parser>()) {}

JsonParser::~JsonParser() = default;

Json JsonParser::parse(std::string_view text) {
  // simdjson sizes its buffers for the longest text it has read (about 13 bytes a byte of
  // text, and keeps them): a rare long line is left to nlohmann, whose value takes less.
  if (text.size() > kLongestForSimdjson) return parse_bounded(text);
  padded_.assign(text);
  padded_.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::element root;
  if (parser_->parse(padded_.data(), text.size(), false).get(root) == simdjson::SUCCESS)
    return to_json(root);
  // Broken JSON, or JSON simdjson does not take (integers beyond 64 bits, nesting deeper than
  // 1024): nlohmann reads it or says why not, in its own words.
  return parse_bounded(text);
}

}  // namespace dalil::indexer
