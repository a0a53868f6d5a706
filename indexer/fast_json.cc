/// @file indexer/fast_json.cc
/// @brief simdjson DOM -> nlohmann::json, and a serializer that writes what dump() writes.
#include "indexer/fast_json.h"

#include <charconv>
#include <cstdint>
#include <cstring>

#include <simdjson.h>

namespace dalil::indexer {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kLongestForSimdjson = 1u << 20;

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

// True when one of the 8 bytes of @p word is below 0x20, '"' or '\\': a byte dump() escapes.
bool has_special_byte(uint64_t word) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  const auto has_zero = [](uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; };
  return ((word - kOnes * 0x20) & ~word & kHighs) != 0 || has_zero(word ^ (kOnes * '"')) ||
         has_zero(word ^ (kOnes * '\\'));
}

// nlohmann's escape for byte @p ch, or nullptr when it is written as is (dump_escaped with
// ensure_ascii off: the named escapes, \u00xx in lower case for the other control characters).
const char* escape_of(unsigned char ch, char (&buffer)[8]) {
  switch (ch) {
    case '\b':
      return "\\b";
    case '\t':
      return "\\t";
    case '\n':
      return "\\n";
    case '\f':
      return "\\f";
    case '\r':
      return "\\r";
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    default:
      break;
  }
  if (ch >= 0x20) return nullptr;
  static constexpr char kHex[] = "0123456789abcdef";
  std::memcpy(buffer, "\\u00", 4);
  buffer[4] = kHex[ch >> 4];
  buffer[5] = kHex[ch & 0xF];
  buffer[6] = '\0';
  return buffer;
}

void append_string(const std::string& text, std::string& out) {
  if (!simdjson::validate_utf8(text.data(), text.size())) {
    // nlohmann throws type_error 316 naming the byte; let it.
    out += Json(text).dump();
    return;
  }
  out += '"';
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t run = 0;  // start of the bytes not yet appended
  std::size_t i = 0;
  char buffer[8];
  while (i < size) {
    if (i + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, data + i, 8);
      if (!has_special_byte(word)) {
        i += 8;
        continue;
      }
    }
    const std::size_t end = std::min(size, i + 8);
    for (; i < end; ++i) {
      const char* escape = escape_of(static_cast<unsigned char>(data[i]), buffer);
      if (escape == nullptr) continue;
      out.append(data + run, i - run);
      out += escape;
      run = i + 1;
    }
  }
  out.append(data + run, size - run);
  out += '"';
}

template <typename Number>
void append_number(Number number, std::string& out) {
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
  out.append(buffer, result.ptr);
}

}  // namespace

JsonParser::JsonParser() : parser_(std::make_unique<simdjson::dom::parser>()) {}

JsonParser::~JsonParser() = default;

Json JsonParser::parse(std::string_view text) {
  // simdjson sizes its buffers for the longest text it has read (about 13 bytes a byte of
  // text, and keeps them): a rare long line is left to nlohmann, whose value takes less.
  if (text.size() > kLongestForSimdjson) return Json::parse(text);
  padded_.assign(text);
  padded_.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::element root;
  if (parser_->parse(padded_.data(), text.size(), false).get(root) == simdjson::SUCCESS)
    return to_json(root);
  // Broken JSON, or JSON simdjson does not take (integers beyond 64 bits, nesting deeper than
  // 1024): nlohmann reads it or says why not, in its own words.
  return Json::parse(text);
}

void append_json(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::object: {
      const auto& object = value.get_ref<const Json::object_t&>();
      out += '{';
      bool first = true;
      for (const auto& [key, item] : object) {
        if (!first) out += ',';
        first = false;
        append_string(key, out);
        out += ':';
        append_json(item, out);
      }
      out += '}';
      return;
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : value.get_ref<const Json::array_t&>()) {
        if (!first) out += ',';
        first = false;
        append_json(item, out);
      }
      out += ']';
      return;
    }
    case Json::value_t::string:
      append_string(value.get_ref<const std::string&>(), out);
      return;
    case Json::value_t::number_integer:
      append_number(value.get<Json::number_integer_t>(), out);
      return;
    case Json::value_t::number_unsigned:
      append_number(value.get<Json::number_unsigned_t>(), out);
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::null:
      out += "null";
      return;
    default:
      // Floating point (nlohmann's shortest round-trip digits), binary, discarded: rare enough.
      out += value.dump();
      return;
  }
}

std::string dump_json(const Json& value) {
  std::string out;
  append_json(value, out);
  return out;
}

}  // namespace dalil::indexer
