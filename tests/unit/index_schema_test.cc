/// @file tests/unit/index_schema_test.cc
/// @brief IndexSchema defaults, dalil.toml parsing and errors, JSON round trip, value encoding.
#include <catch2/catch.hpp>

#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/document.h"
#include "core/error.h"
#include "core/index_schema.h"
#include "core/schema.h"
#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"

namespace {

using dalil::core::decode_values;
using dalil::core::encode_values;
using dalil::core::Error;
using dalil::core::ErrorCode;
using dalil::core::FacetField;
using dalil::core::IndexSchema;
using dalil::testing::TempDir;
namespace schema = dalil::core::schema;

/// What one facet of a schema must look like.
struct ExpectedFacet {
  std::string name;
  std::vector<std::string> fields;
  std::string prefix;
  Xapian::valueno slot;
};

/// The built-in facets, in the order defaults() lists them. The prefixes and slots are the on-disk
/// format of every index already built, so they are written out here rather than read back.
const std::vector<ExpectedFacet> kBuiltins = {
    {"lang", {"lang"}, "XL", 3},
    {"source", {"source"}, "XO", 2},
    {"type", {"type"}, "XT", 4},
    {"category", {"category"}, "XC", 5},
    {"place", {"place", "places"}, "XP", 6},
    {"speaker", {"speakers"}, "XV", 7},
    {"tag", {"tags"}, "XG", 8},
};

void check_facets(const IndexSchema& schema, const std::vector<ExpectedFacet>& expected) {
  const auto& facets = schema.facets();
  REQUIRE(facets.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("facet " << i << ": " << expected[i].name);
    CHECK(facets[i].name == expected[i].name);
    CHECK(facets[i].json_fields == expected[i].fields);
    CHECK(facets[i].prefix == expected[i].prefix);
    CHECK(facets[i].slot == expected[i].slot);
    const FacetField* found = schema.facet(expected[i].name);
    REQUIRE(found != nullptr);
    CHECK(found == &facets[i]);
  }
}

/// Runs @p fn, which must throw core::Error(@p code) whose message holds every part.
void check_error(const std::function<void()>& fn, ErrorCode code,
                 const std::vector<std::string>& parts) {
  try {
    fn();
    FAIL("no error was thrown");
  } catch (const Error& e) {
    CHECK(e.code() == code);
    for (const auto& part : parts) CHECK_THAT(e.what(), Catch::Matchers::Contains(part));
  }
}

}  // namespace

TEST_CASE("IndexSchema::defaults holds exactly the built-in facets", "[index_schema]") {
  const IndexSchema defaults = IndexSchema::defaults();
  check_facets(defaults, kBuiltins);
  CHECK(defaults.text_fields().empty());
  CHECK(defaults.date_field() == "date");
  CHECK(defaults == IndexSchema::defaults());

  SECTION("the same prefixes and slots as core/schema.h") {
    for (const auto& builtin : schema::kBuiltinFacets) {
      DYNAMIC_SECTION(builtin.name) {
        const FacetField* facet = defaults.facet(builtin.name);
        REQUIRE(facet != nullptr);
        CHECK(facet->prefix == builtin.prefix);
        CHECK(facet->slot == builtin.slot);
        // Built-in slots never collide with the date slots or the declared facets' slots.
        CHECK(facet->slot != schema::kSlotDateInstant);
        CHECK(facet->slot != schema::kSlotDateLocal);
        CHECK(facet->slot != schema::kSlotDateStart);
        CHECK(facet->slot != schema::kSlotDateEnd);
        CHECK(facet->slot < schema::kSlotFirstDeclaredFacet);
      }
    }
    CHECK(std::size(schema::kBuiltinFacets) == kBuiltins.size());
  }

  SECTION("facet() finds names only, exactly as written") {
    for (const char* name :
         {"", "Lang", "LANG", "speakers", "places", "tags", "XL", "date", "author", "lang ", "q"}) {
      DYNAMIC_SECTION("'" << name << "'") {
        CHECK(defaults.facet(name) == nullptr);
      }
    }
  }
}

TEST_CASE("IndexSchema::from_toml_file reads declared facets and text fields", "[index_schema]") {
  struct Case {
    const char* name;
    std::string toml;
    /// Built-in facets whose fields the file changes.
    std::vector<std::pair<std::string, std::vector<std::string>>> changed;
    /// Facets after the built-ins, in declaration order.
    std::vector<ExpectedFacet> declared;
    std::vector<std::string> text_fields;
  };
  const std::string name32(32, 'a');
  const std::vector<Case> cases = {
      {"an empty file is the defaults", "", {}, {}, {}},
      {"comments and blank lines only", "# nothing here\n\n   # still nothing\n", {}, {}, {}},
      {"one facet",
       "[facets.author]\nfields = [\"author\", \"co_authors\"]\n",
       {},
       {{"author", {"author", "co_authors"}, "XFauthor:", 20}},
       {}},
      {"slots follow declaration order, not name order",
       "[facets.zeta]\nfields = [\"z\"]\n\n[facets.alpha]\nfields = [\"a\"]\n\n"
       "[facets.mid]\nfields = [\"m\"]\n",
       {},
       {{"zeta", {"z"}, "XFzeta:", 20},
        {"alpha", {"a"}, "XFalpha:", 21},
        {"mid", {"m"}, "XFmid:", 22}},
       {}},
      {"inline tables, declaration order",
       "[facets]\nwitness = { fields = [\"witnesses\"] }\nauthor = { fields = [\"author\"] }\n",
       {},
       {{"witness", {"witnesses"}, "XFwitness:", 20}, {"author", {"author"}, "XFauthor:", 21}},
       {}},
      {"dotted keys, declaration order",
       "facets.witness.fields = [\"witnesses\"]\nfacets.author.fields = [\"author\"]\n",
       {},
       {{"witness", {"witnesses"}, "XFwitness:", 20}, {"author", {"author"}, "XFauthor:", 21}},
       {}},
      {"redeclaring a built-in changes its fields only",
       "[facets.speaker]\nfields = [\"speakers\", \"witnesses\"]\n",
       {{"speaker", {"speakers", "witnesses"}}},
       {},
       {}},
      {"a redeclared built-in takes no declared slot",
       "[facets.zeta]\nfields = [\"z\"]\n[facets.place]\nfields = [\"location\"]\n"
       "[facets.lang]\nfields = [\"language\", \"lang\"]\n[facets.alpha]\nfields = [\"a\"]\n",
       {{"place", {"location"}}, {"lang", {"language", "lang"}}},
       {{"zeta", {"z"}, "XFzeta:", 20}, {"alpha", {"a"}, "XFalpha:", 21}},
       {}},
      {"names of digits, underscores and 32 characters",
       "[facets." + name32 + "]\nfields = [\"x\"]\n[facets.case_2]\nfields = [\"case number\"]\n" +
           "[facets.9]\nfields = [\"nine\"]\n",
       {},
       {{name32, {"x"}, "XF" + name32 + ":", 20},
        {"case_2", {"case number"}, "XFcase_2:", 21},
        {"9", {"nine"}, "XF9:", 22}},
       {}},
      {"input field names are free text",
       "[facets.author]\nfields = [\"المؤلف\", \"Author Name\", \"\"]\n",
       {},
       {{"author", {"المؤلف", "Author Name", ""}, "XFauthor:", 20}},
       {}},
      {"text fields", "[text]\nfields = [\"summary\", \"notes\"]\n", {}, {}, {"summary", "notes"}},
      {"no text fields", "[text]\nfields = []\n", {}, {}, {}},
      {"facets and text together",
       "# Declares one extra facet and one extra text field.\n[facets.author]\n"
       "fields = [\"author\", \"co_authors\"]\n\n[text]\nfields = [\"summary\"]\n",
       {},
       {{"author", {"author", "co_authors"}, "XFauthor:", 20}},
       {"summary"}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const IndexSchema parsed = IndexSchema::from_toml_file(dir.write("dalil.toml", c.toml));
      std::vector<ExpectedFacet> expected = kBuiltins;
      for (const auto& [name, fields] : c.changed) {
        for (auto& facet : expected) {
          if (facet.name == name) facet.fields = fields;
        }
      }
      expected.insert(expected.end(), c.declared.begin(), c.declared.end());
      check_facets(parsed, expected);
      CHECK(parsed.text_fields() == c.text_fields);
      CHECK((parsed == IndexSchema::defaults()) ==
            (c.changed.empty() && c.declared.empty() && c.text_fields.empty()));
    }
  }

  SECTION("the schema file of the integration tests") {
    const IndexSchema parsed =
        IndexSchema::from_toml_file(dalil::testing::kTestData + "/schema/dalil.toml");
    std::vector<ExpectedFacet> expected = kBuiltins;
    expected.push_back({"author", {"author", "co_authors"}, "XFauthor:", 20});
    check_facets(parsed, expected);
    CHECK(parsed.text_fields() == std::vector<std::string>{"summary"});
  }
}

TEST_CASE("IndexSchema::from_toml_file refuses bad files with kBadConfig", "[index_schema]") {
  struct Case {
    const char* name;
    std::string toml;
    std::vector<std::string> message_parts;
  };
  const std::string name33(33, 'a');
  std::vector<Case> cases = {
      // Syntax errors give the line and column toml++ reports.
      {"syntax: a value missing", "[facets.author]\nfields =\n", {"dalil.toml:2:9: "}},
      {"syntax: an unclosed table header",
       "# comment\n\n[facets.author\nfields = [\"a\"]\n",
       {"dalil.toml:3:"}},
      {"syntax: a duplicate table",
       "[facets.author]\nfields = [\"a\"]\n[facets.author]\nfields = [\"b\"]\n",
       {"dalil.toml:3:"}},
      {"syntax: a bare word", "[text]\nfields = [summary]\n", {"dalil.toml:2:"}},
      {"unknown table", "[facet.author]\nfields = [\"a\"]\n", {"unknown table [facet]"}},
      {"unknown top-level key", "fields = [\"a\"]\n", {"unknown table [fields]"}},
      {"unknown table after good ones",
       "[facets.author]\nfields = [\"a\"]\n[server]\nport = 1\n",
       {"unknown table [server]"}},
      {"facets is not a table", "facets = [\"author\"]\n", {"[facets] must be a table"}},
      {"text is not a table", "text = [\"summary\"]\n", {"[text] must be a table"}},
      {"upper-case facet name",
       "[facets.Author]\nfields = [\"a\"]\n",
       {"facet name \"Author\" must be 1-32 of a-z 0-9 _"}},
      {"33-character facet name",
       "[facets." + name33 + "]\nfields = [\"a\"]\n",
       {"facet name \"" + name33 + "\" must be 1-32"}},
      {"empty facet name", "[facets.\"\"]\nfields = [\"a\"]\n", {"facet name \"\" must be 1-32"}},
      {"hyphen in a facet name", "[facets.co-author]\nfields = [\"a\"]\n", {"\"co-author\""}},
      {"space in a facet name", "[facets.\"co author\"]\nfields = [\"a\"]\n", {"\"co author\""}},
      {"Arabic facet name", "[facets.\"مؤلف\"]\nfields = [\"a\"]\n", {"\"مؤلف\" must be 1-32"}},
      {"facet without fields", "[facets.author]\n", {"facet author needs fields = [\"...\"]"}},
      {"facet with empty fields", "[facets.author]\nfields = []\n", {"facet author needs fields"}},
      {"fields is a string",
       "[facets.author]\nfields = \"author\"\n",
       {"facet author needs fields"}},
      {"fields misspelt", "[facets.author]\nfield = [\"author\"]\n", {"facet author needs fields"}},
      {"facet is not a table", "[facets]\nauthor = \"author\"\n", {"facet author needs fields"}},
      {"a number among the fields",
       "[facets.author]\nfields = [\"author\", 1]\n",
       {"facet author: fields must be strings"}},
      {"a list among the fields",
       "[facets.author]\nfields = [[\"author\"]]\n",
       {"facet author: fields must be strings"}},
      {"[text] without fields", "[text]\nsummary = true\n", {"[text] needs fields = [\"...\"]"}},
      {"[text] fields is a string", "[text]\nfields = \"summary\"\n", {"[text] needs fields"}},
      {"[text] with title",
       "[text]\nfields = [\"summary\", \"title\"]\n",
       {"[text] fields must be strings other than title and body"}},
      {"[text] with body", "[text]\nfields = [\"body\"]\n", {"other than title and body"}},
      {"[text] with a number", "[text]\nfields = [1]\n", {"other than title and body"}},
      {"[dates] without field", "[dates]\n", {"[dates] needs field"}},
      {"[dates] field empty", "[dates]\nfield = \"\"\n", {"[dates] needs field"}},
      {"[dates] field a list", "[dates]\nfield = [\"a\"]\n", {"[dates] needs field"}},
      {"[dates] other key",
       "[dates]\nfield = \"a\"\nformat = \"x\"\n",
       {"[dates] takes only field"}},
  };
  // Every request parameter and query scope is reserved.
  for (const char* reserved :
       {"q",      "page", "size",  "exact_total", "facets",   "facet_size", "date_histogram",
        "from",   "to",   "sort",  "date",        "title",    "body",       "id",
        "format", "bom",  "group", "fields",      "passages", "exact",      "translit"}) {
    cases.push_back({reserved,
                     std::string("[facets.") + reserved + "]\nfields = [\"x\"]\n",
                     {std::string("\"") + reserved + "\" is reserved and cannot name a facet"}});
  }
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const std::string path = dir.write("dalil.toml", c.toml);
      std::vector<std::string> parts = c.message_parts;
      parts.push_back("schema " + path);
      check_error([&] { IndexSchema::from_toml_file(path); }, ErrorCode::kBadConfig, parts);
    }
  }

  SECTION("a missing file") {
    TempDir dir;
    const std::string path = dir.file("missing.toml");
    check_error([&] { IndexSchema::from_toml_file(path); }, ErrorCode::kBadConfig,
                {"schema " + path, "could not be opened"});
  }
  SECTION("a folder") {
    TempDir dir;
    check_error([&] { IndexSchema::from_toml_file(dir.path().string()); }, ErrorCode::kBadConfig,
                {"schema " + dir.path().string(), "is a folder"});
  }
}

TEST_CASE("IndexSchema survives the round trip through JSON", "[index_schema]") {
  struct Case {
    const char* name;
    std::string toml;  ///< "" for the defaults.
  };
  const std::vector<Case> cases = {
      {"defaults", ""},
      {"declared facets and text fields",
       "[facets.zeta]\nfields = [\"z\", \"المؤلف\"]\n[facets.speaker]\nfields = [\"witnesses\"]\n"
       "[facets.alpha]\nfields = [\"a\"]\n[text]\nfields = [\"summary\", \"notes\"]\n"},
      {"text fields only", "[text]\nfields = [\"summary\"]\n"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      TempDir dir;
      const IndexSchema original = c.toml.empty()
                                       ? IndexSchema::defaults()
                                       : IndexSchema::from_toml_file(dir.write("s.toml", c.toml));
      const nlohmann::json json = original.to_json();
      CHECK(json.at("version") == 1);
      CHECK(json.at("facets").size() == original.facets().size());
      const IndexSchema back = IndexSchema::from_json(json);
      CHECK(back == original);
      // As stored in the index metadata: a string.
      const IndexSchema stored = IndexSchema::from_json(nlohmann::json::parse(json.dump()));
      CHECK(stored == original);
      CHECK(stored.to_json() == json);
      REQUIRE(stored.facets().size() == original.facets().size());
      for (std::size_t i = 0; i < original.facets().size(); ++i) {
        INFO("facet " << original.facets()[i].name);
        CHECK(stored.facets()[i].name == original.facets()[i].name);
        CHECK(stored.facets()[i].json_fields == original.facets()[i].json_fields);
        CHECK(stored.facets()[i].prefix == original.facets()[i].prefix);
        CHECK(stored.facets()[i].slot == original.facets()[i].slot);
      }
      CHECK(stored.text_fields() == original.text_fields());
    }
  }

  SECTION("schemas that differ are not equal") {
    TempDir dir;
    const IndexSchema defaults = IndexSchema::defaults();
    const auto parse = [&](const std::string& toml) {
      return IndexSchema::from_toml_file(dir.write("s.toml", toml));
    };
    CHECK_FALSE(parse("[text]\nfields = [\"summary\"]\n") == defaults);
    CHECK_FALSE(parse("[facets.speaker]\nfields = [\"witnesses\"]\n") == defaults);
    CHECK_FALSE(parse("[facets.a]\nfields = [\"x\"]\n") == parse("[facets.b]\nfields = [\"x\"]\n"));
    CHECK(parse("[facets.a]\nfields = [\"x\"]\n") == parse("[facets.a]\nfields = [\"x\"]\n"));
  }
}

TEST_CASE("IndexSchema::from_json refuses a damaged schema with kBadConfig", "[index_schema]") {
  const nlohmann::json good = IndexSchema::defaults().to_json();
  const auto with = [&](const std::function<void(nlohmann::json&)>& damage) {
    nlohmann::json copy = good;
    damage(copy);
    return copy;
  };
  struct Case {
    const char* name;
    nlohmann::json json;
  };
  const std::vector<Case> cases = {
      {"null", nullptr},
      {"a string", "schema"},
      {"a number", 1},
      {"an array", nlohmann::json::array({good})},
      {"an empty object", nlohmann::json::object()},
      {"no facets", with([](auto& j) { j.erase("facets"); })},
      {"no text_fields", with([](auto& j) { j.erase("text_fields"); })},
      {"facets is null", with([](auto& j) { j["facets"] = nullptr; })},
      {"facets is an object", with([](auto& j) { j["facets"] = nlohmann::json::object(); })},
      {"facets is a number", with([](auto& j) { j["facets"] = 3; })},
      {"a facet is a string", with([](auto& j) { j["facets"][0] = "lang"; })},
      {"a facet without name", with([](auto& j) { j["facets"][0].erase("name"); })},
      {"a facet without fields", with([](auto& j) { j["facets"][1].erase("fields"); })},
      {"a facet without prefix", with([](auto& j) { j["facets"][2].erase("prefix"); })},
      {"a facet without slot", with([](auto& j) { j["facets"][3].erase("slot"); })},
      {"a numeric name", with([](auto& j) { j["facets"][0]["name"] = 5; })},
      {"fields is a string", with([](auto& j) { j["facets"][0]["fields"] = "lang"; })},
      {"a number among the fields", with([](auto& j) {
         j["facets"][0]["fields"] = nlohmann::json::array({"lang", 2});
       })},
      {"slot is a string", with([](auto& j) { j["facets"][0]["slot"] = "3"; })},
      {"text_fields is a string", with([](auto& j) { j["text_fields"] = "summary"; })},
      {"text_fields is null", with([](auto& j) { j["text_fields"] = nullptr; })},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      check_error([&] { IndexSchema::from_json(c.json); }, ErrorCode::kBadConfig,
                  {"the schema stored in the index is damaged"});
    }
  }
}

TEST_CASE("encode_values and decode_values round trip", "[index_schema]") {
  struct Case {
    const char* name;
    std::vector<std::string> values;
    std::string header;  ///< The expected bytes before the first value's bytes ("" to skip).
  };
  const std::vector<Case> cases = {
      {"no values", {}, ""},
      {"one empty value", {""}, std::string(1, '\0')},
      {"three empty values", {"", "", ""}, std::string(1, '\0')},
      {"one byte", {"a"}, "\x01"},
      {"127 bytes: one length byte", {std::string(127, 'x')}, "\x7F"},
      {"128 bytes: two length bytes", {std::string(128, 'x')}, "\x80\x01"},
      {"300 bytes", {std::string(300, 'x')}, "\xAC\x02"},
      {"16383 bytes: the last of two length bytes", {std::string(16383, 'x')}, "\xFF\x7F"},
      {"16384 bytes: three length bytes", {std::string(16384, 'x')}, "\x80\x80\x01"},
      {"20000 bytes", {std::string(20000, 'y')}, "\xA0\x9C\x01"},
      {"Arabic", {"أخبار  الساحل", "مؤلف"}, "\x18"},  // 24 bytes of UTF-8.
      {"NUL and high bytes inside a value", {std::string("a\0b", 3), "\xFF\x80"}, "\x03"},
      {"mixed lengths",
       {"BBC Arabic", "", std::string(128, 'z'), "Zed", std::string(300, 'q'), ""},
       "\x0A"},
      {"values that look like lengths", {"\x01", "\x80", "\x05\x05"}, "\x01"},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const std::string encoded = encode_values(c.values);
      if (!c.header.empty()) CHECK(encoded.substr(0, c.header.size()) == c.header);
      std::size_t payload = 0;
      for (const auto& value : c.values) payload += value.size();
      std::size_t headers = 0;
      for (const auto& value : c.values) {
        headers += value.size() < 128 ? 1 : value.size() < 16384 ? 2 : 3;
      }
      CHECK(encoded.size() == payload + headers);
      const auto decoded = decode_values(encoded);
      CHECK(std::vector<std::string>(decoded.begin(), decoded.end()) == c.values);
    }
  }
}

TEST_CASE("decode_values stops quietly at a truncated or malformed tail", "[index_schema]") {
  struct Case {
    const char* name;
    std::string encoded;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
      {"empty input", "", {}},
      {"a length byte that continues past the end", "\x80", {}},
      {"a length without its bytes",
       "\x05"
       "ab",
       {}},
      {"a good value, then a short one",
       "\x01"
       "a"
       "\x05"
       "ab",
       {"a"}},
      {"a good value, then an unfinished length",
       "\x01"
       "a"
       "\x80\x80",
       {"a"}},
      {"a good value, then a two-byte length cut short",
       std::string("\x01"
                   "a"
                   "\xAC\x02") +
           std::string(299, 'x'),
       {"a"}},
      {"a length longer than any input",
       "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F"
       "abc",
       {}},
      {"a length of ten bytes", std::string(9, '\xFF') + "\x01" + "abc", {}},
      {"two good values, then one length byte",
       std::string("\x01"
                   "a"
                   "\x00"
                   "\x03",
                   4),
       {"a", ""}},
  };
  for (const auto& c : cases) {
    DYNAMIC_SECTION(c.name) {
      const auto decoded = decode_values(c.encoded);
      CHECK(std::vector<std::string>(decoded.begin(), decoded.end()) == c.expected);
    }
  }

  SECTION("every cut of a valid encoding keeps the values that fit") {
    const std::vector<std::string> values = {"BBC Arabic", "", std::string(200, 'z'), "مؤلف"};
    const std::string encoded = encode_values(values);
    // Where each value's encoding ends.
    std::vector<std::size_t> ends;
    std::size_t end = 0;
    for (const auto& value : values) {
      end += (value.size() < 128 ? 1 : 2) + value.size();
      ends.push_back(end);
    }
    REQUIRE(end == encoded.size());
    for (std::size_t cut = 0; cut <= encoded.size(); ++cut) {
      std::vector<std::string> expected;
      for (std::size_t i = 0; i < values.size() && ends[i] <= cut; ++i)
        expected.push_back(values[i]);
      const std::string truncated = encoded.substr(0, cut);
      const auto decoded = decode_values(truncated);
      INFO("cut at " << cut);
      CHECK(std::vector<std::string>(decoded.begin(), decoded.end()) == expected);
    }
  }
}

TEST_CASE("a schema file can name the date field", "[index_schema]") {
  dalil::testing::TempDir tmp;
  const std::string path = tmp.write("dalil.toml", "[dates]\nfield = \"published\"\n");
  const auto schema = dalil::core::IndexSchema::from_toml_file(path);
  CHECK(schema.date_field() == "published");
  // It survives the round trip through the index metadata; older metadata means "date".
  CHECK(dalil::core::IndexSchema::from_json(schema.to_json()).date_field() == "published");
  auto old = schema.to_json();
  old.erase("date_field");
  CHECK(dalil::core::IndexSchema::from_json(old).date_field() == "date");
  // Documents take their date from that field.
  const auto doc = dalil::core::document_from_json(
      nlohmann::json::parse(R"({"id":"a","body":"b","published":"2011-03","date":"1999"})"),
      dalil::core::DocumentLimits{}, schema);
  REQUIRE(doc.date);
  CHECK(doc.date->local_key() == "2011-03");
}
