/// @file core/document.cc
/// @brief Validation of input documents: required fields, field types, dates and limits.
#include "core/document.h"

#include <algorithm>

#include "core/error.h"

namespace dalil::core {

namespace {

[[noreturn]] void fail(const std::string& reason) {
  throw Error(ErrorCode::kBadDocument, reason);
}

// An optional string field: absent and null give "", any other non-string type is an error.
std::string optional_string(const nlohmann::json& object, const char* field) {
  const auto it = object.find(field);
  if (it == object.end() || it->is_null()) return {};
  if (!it->is_string()) fail(std::string("field '") + field + "' must be a string or null");
  return it->get<std::string>();
}

std::vector<std::string> optional_string_list(const nlohmann::json& object, const char* field) {
  std::vector<std::string> values;
  const auto it = object.find(field);
  if (it == object.end() || it->is_null()) return values;
  if (!it->is_array()) fail(std::string("field '") + field + "' must be a list of strings");
  for (const auto& item : *it) {
    if (!item.is_string()) fail(std::string("field '") + field + "' must be a list of strings");
    values.push_back(item.get<std::string>());
  }
  return values;
}

// Facet values of one input field: a string, a number or a list of them; empty strings skipped.
void append_facet_values(const nlohmann::json& object, const std::string& field,
                         std::vector<std::string>& values) {
  const auto it = object.find(field);
  if (it == object.end() || it->is_null()) return;
  auto add = [&](const nlohmann::json& item) {
    if (item.is_string()) {
      if (!item.get_ref<const std::string&>().empty()) values.push_back(item.get<std::string>());
    } else if (item.is_number() || item.is_boolean()) {
      values.push_back(item.dump());
    } else if (!item.is_null()) {
      fail("field '" + field + "' must be a string, a number or a list of them");
    }
  };
  if (it->is_array()) {
    for (const auto& item : *it) add(item);
  } else {
    add(*it);
  }
}

}  // namespace

Document document_from_json(nlohmann::json object, const DocumentLimits& limits,
                            const IndexSchema& schema) {
  if (!object.is_object()) fail("line is not a JSON object");
  Document doc;

  const auto id = object.find("id");
  if (id == object.end() || id->is_null()) fail("missing field 'id'");
  if (!id->is_string()) fail("field 'id' must be a string");
  doc.id = id->get<std::string>();
  if (doc.id.empty()) fail("field 'id' is empty");
  if (doc.id.size() > limits.max_id_bytes) {
    fail("field 'id' is longer than " + std::to_string(limits.max_id_bytes) + " bytes");
  }

  const auto body = object.find("body");
  if (body == object.end() || body->is_null()) fail("missing field 'body'");
  if (!body->is_string()) fail("field 'body' must be a string");
  doc.body = body->get<std::string>();
  if (doc.body.size() > limits.max_body_bytes) {
    fail("field 'body' is " + std::to_string(doc.body.size()) + " bytes, over the limit of " +
         std::to_string(limits.max_body_bytes));
  }

  doc.title = optional_string(object, "title");
  const std::string& date_field = schema.date_field();
  const std::string date_text = optional_string(object, date_field.c_str());
  if (!date_text.empty()) {
    doc.date = parse_iso_date(date_text);
    if (!doc.date) {
      fail("field '" + date_field + "' is not an ISO 8601 date: \"" + date_text.substr(0, 64) +
           "\"");
    }
  }
  doc.lang = optional_string(object, "lang");
  doc.source = optional_string(object, "source");
  doc.type = optional_string(object, "type");
  doc.category = optional_string(object, "category");
  doc.url = optional_string(object, "url");
  doc.place = optional_string(object, "place");
  doc.speakers = optional_string_list(object, "speakers");
  for (const auto& facet : schema.facets()) {
    std::vector<std::string> values;
    for (const auto& field : facet.json_fields) append_facet_values(object, field, values);
    // A value listed twice in one document counts once.
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    doc.facet_values.push_back(std::move(values));
  }
  for (const auto& field : schema.text_fields()) {
    std::string text = optional_string(object, field.c_str());
    if (text.size() > limits.max_body_bytes) fail("field '" + field + "' is over the size limit");
    doc.extra_text.push_back(std::move(text));
  }
  doc.stored = std::move(object);
  return doc;
}

}  // namespace dalil::core
