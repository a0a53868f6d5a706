/// @file core/index_schema.cc
/// @brief Built-in facets, dalil.toml parsing (toml++), JSON round trip, multi-value encoding.
#include "core/index_schema.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/schema.h"

namespace dalil::core {

namespace {

[[noreturn]] void bad(const std::string& message) {
  throw Error(ErrorCode::kBadConfig, message);
}

// Names the query language and the API reserve; a facet may not take them.
bool is_reserved(std::string_view name) {
  static const std::set<std::string_view> kReserved = {
      "q",      "page", "size",  "exact_total", "facets",   "facet_size", "date_histogram",
      "from",   "to",   "sort",  "date",        "title",    "body",       "id",
      "format", "bom",  "group", "fields",      "passages", "exact",      "translit"};
  return kReserved.count(name) > 0;
}

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

}  // namespace

IndexSchema IndexSchema::defaults() {
  IndexSchema schema;
  schema.add_facet("lang", {"lang"});
  schema.add_facet("source", {"source"});
  schema.add_facet("type", {"type"});
  schema.add_facet("category", {"category"});
  schema.add_facet("place", {"place", "places"});
  schema.add_facet("speaker", {"speakers"});
  schema.add_facet("tag", {"tags"});
  return schema;
}

void IndexSchema::add_facet(std::string name, std::vector<std::string> json_fields) {
  FacetField facet;
  facet.name = std::move(name);
  facet.json_fields = std::move(json_fields);
  // Built-in facets keep their short prefixes and fixed slots; declared ones get "XF<name>:" and
  // the slots from kSlotFirstDeclaredFacet on, in declaration order.
  for (const auto& builtin : schema::kBuiltinFacets) {
    if (builtin.name == facet.name) {
      facet.prefix = builtin.prefix;
      facet.slot = builtin.slot;
    }
  }
  if (facet.prefix.empty()) {
    std::size_t declared = 0;
    for (const auto& f : facets_) {
      if (f.slot >= schema::kSlotFirstDeclaredFacet) ++declared;
    }
    facet.prefix = std::string(schema::kPrefixDeclaredFacet) + facet.name + ":";
    facet.slot = schema::kSlotFirstDeclaredFacet + static_cast<Xapian::valueno>(declared);
  }
  facets_.push_back(std::move(facet));
}

FacetField* IndexSchema::find(std::string_view name) {
  for (auto& f : facets_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FacetField* IndexSchema::facet(std::string_view name) const {
  return const_cast<IndexSchema*>(this)->find(name);
}

IndexSchema IndexSchema::from_toml_file(const std::string& path) {
  toml::table file;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) bad("schema " + path + ": is a folder, not a file");
  try {
    file = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& where = e.source().begin;
    bad("schema " + path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
        ": " + std::string(e.description()));
  }
  IndexSchema schema = defaults();
  for (auto&& [key, node] : file) {
    if (key != "facets" && key != "text" && key != "dates")
      bad("schema " + path + ": unknown table [" + std::string(key.str()) + "]");
    if (!node.is_table())
      bad("schema " + path + ": [" + std::string(key.str()) + "] must be a table");
  }
  if (const auto* facets = file["facets"].as_table()) {
    // toml::table keeps its keys sorted by name; declared facets take slots in file order.
    std::vector<std::pair<const toml::key*, const toml::node*>> declared;
    for (auto&& [key, node] : *facets) declared.emplace_back(&key, &node);
    std::stable_sort(declared.begin(), declared.end(), [](const auto& a, const auto& b) {
      const auto& x = a.first->source().begin;
      const auto& y = b.first->source().begin;
      return x.line != y.line ? x.line < y.line : x.column < y.column;
    });
    for (const auto& [key, node_ptr] : declared) {
      const toml::node& node = *node_ptr;
      const std::string name(key->str());
      if (!is_valid_name(name))
        bad("schema " + path + ": facet name \"" + name + "\" must be 1-32 of a-z 0-9 _");
      if (is_reserved(name))
        bad("schema " + path + ": \"" + name + "\" is reserved and cannot name a facet");
      const auto* table = node.as_table();
      const auto* fields = table ? (*table)["fields"].as_array() : nullptr;
      if (fields == nullptr || fields->empty())
        bad("schema " + path + ": facet " + name + " needs fields = [\"...\"]");
      std::vector<std::string> json_fields;
      for (auto&& field : *fields) {
        const auto value = field.value<std::string>();
        if (!value) bad("schema " + path + ": facet " + name + ": fields must be strings");
        json_fields.push_back(*value);
      }
      if (FacetField* existing = schema.find(name)) {
        // Redeclaring a built-in facet changes which fields it reads.
        existing->json_fields = json_fields;
      } else {
        schema.add_facet(name, json_fields);
      }
    }
  }
  if (const auto* text = file["text"].as_table()) {
    const auto* fields = (*text)["fields"].as_array();
    if (fields == nullptr) bad("schema " + path + ": [text] needs fields = [\"...\"]");
    for (auto&& field : *fields) {
      const auto value = field.value<std::string>();
      if (!value || *value == "title" || *value == "body") {
        bad("schema " + path + ": [text] fields must be strings other than title and body");
      }
      schema.text_fields_.push_back(*value);
    }
  }
  if (const auto* dates = file["dates"].as_table()) {
    for (auto&& [key, node] : *dates) {
      if (key != "field") bad("schema " + path + ": [dates] takes only field = \"...\"");
    }
    const auto field = (*dates)["field"].value<std::string>();
    if (!field || field->empty()) bad("schema " + path + ": [dates] needs field = \"...\"");
    schema.date_field_ = *field;
  }
  return schema;
}

nlohmann::json IndexSchema::to_json() const {
  nlohmann::json facets = nlohmann::json::array();
  for (const auto& f : facets_) {
    facets.push_back(
        {{"name", f.name}, {"fields", f.json_fields}, {"prefix", f.prefix}, {"slot", f.slot}});
  }
  return {{"version", 1},
          {"facets", facets},
          {"text_fields", text_fields_},
          {"date_field", date_field_}};
}

IndexSchema IndexSchema::from_json(const nlohmann::json& json) {
  IndexSchema schema;
  try {
    if (!json.at("facets").is_array()) {
      bad("the schema stored in the index is damaged: facets is not a list");
    }
    for (const auto& f : json.at("facets")) {
      FacetField facet;
      facet.name = f.at("name").get<std::string>();
      facet.json_fields = f.at("fields").get<std::vector<std::string>>();
      facet.prefix = f.at("prefix").get<std::string>();
      facet.slot = f.at("slot").get<Xapian::valueno>();
      schema.facets_.push_back(std::move(facet));
    }
    schema.text_fields_ = json.at("text_fields").get<std::vector<std::string>>();
    // Indexes written before the date field could be chosen used "date".
    schema.date_field_ = json.value("date_field", std::string("date"));
  } catch (const nlohmann::json::exception& e) {
    bad(std::string("the schema stored in the index is damaged: ") + e.what());
  }
  return schema;
}

bool IndexSchema::operator==(const IndexSchema& other) const {
  return to_json() == other.to_json();
}

std::string encode_values(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& value : values) {
    std::size_t length = value.size();
    do {
      unsigned char byte = length & 0x7F;
      length >>= 7;
      if (length != 0) byte |= 0x80;
      out += static_cast<char>(byte);
    } while (length != 0);
    out += value;
  }
  return out;
}

std::vector<std::string_view> decode_values(std::string_view encoded) {
  std::vector<std::string_view> values;
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    std::size_t length = 0;
    int shift = 0;
    unsigned char byte = 0;
    do {
      if (pos >= encoded.size() || shift > 56) return values;
      byte = static_cast<unsigned char>(encoded[pos++]);
      length |= static_cast<std::size_t>(byte & 0x7F) << shift;
      shift += 7;
    } while (byte & 0x80);
    if (length > encoded.size() - pos) return values;
    values.push_back(encoded.substr(pos, length));
    pos += length;
  }
  return values;
}

}  // namespace dalil::core
