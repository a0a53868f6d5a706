/// @file core/index_schema.h
/// @brief Which input fields are facets (filters with counts), extra text and dates: defaults, or a
///        dalil.toml file, stored in the index so indexer and server always agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

namespace dalil::core {

/// A field documents can be filtered on and counted by.
struct FacetField {
  std::string name;                      ///< Request parameter and facet name, e.g. "speaker".
  std::vector<std::string> json_fields;  ///< Input fields read, e.g. {"speakers"}; string or list.
  std::string prefix;                    ///< Prefix of its boolean filter terms.
  Xapian::valueno slot = 0;              ///< Slot holding the document's values (encode_values).
};

/// The index schema. Built-in facets: lang, source, type, category, place (place, places),
/// speaker (speakers), tag (tags). A schema file may add facets and extra text fields.
class IndexSchema {
 public:
  /// The built-in schema.
  static IndexSchema defaults();

  /// Defaults plus what a dalil.toml declares:
  ///   [facets.author]            # a facet named "author" ...
  ///   fields = ["author"]        # ... read from the input field "author"
  ///   [text]
  ///   fields = ["summary"]       # input fields searched as text besides title and body
  ///   [dates]
  ///   field = "published"        # the input field holding the document's date ("date")
  /// Throws core::Error(kBadConfig) naming the problem.
  static IndexSchema from_toml_file(const std::string& path);

  /// Round trip through the index metadata.
  static IndexSchema from_json(const nlohmann::json& json);
  nlohmann::json to_json() const;

  const std::vector<FacetField>& facets() const { return facets_; }
  /// The facet called @p name, or nullptr.
  const FacetField* facet(std::string_view name) const;
  /// Input fields searched as text after the body.
  const std::vector<std::string>& text_fields() const { return text_fields_; }
  /// The input field holding the document's ISO 8601 date.
  const std::string& date_field() const { return date_field_; }

  bool operator==(const IndexSchema&) const;

 private:
  void add_facet(std::string name, std::vector<std::string> json_fields);
  FacetField* find(std::string_view name);

  std::vector<FacetField> facets_;
  std::vector<std::string> text_fields_;
  std::string date_field_ = "date";
};

/// Several strings in one value slot: each as a varint length and its bytes.
std::string encode_values(const std::vector<std::string>& values);
/// The inverse of encode_values; stops quietly at a malformed tail.
std::vector<std::string_view> decode_values(std::string_view encoded);

}  // namespace dalil::core
