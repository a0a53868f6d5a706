/// @file tests/unit/stored_codec_test.cc
/// @brief StoredCodec: round trips, refusals, and where stored_json reads from.
#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include <xapian.h>

#include "core/schema.h"
#include "core/stored_codec.h"

namespace {

using dalil::core::StoredCodec;
namespace schema = dalil::core::schema;

std::string long_text() {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "الأمم المتحدة " + std::to_string(i) + " ";
  return text;
}

}  // namespace

TEST_CASE("StoredCodec gives back what it compressed", "[stored_codec]") {
  const std::string cases[] = {
      "",
      "{}",
      R"({"id":"a","title":"Title","body":"Body"})",
      R"({"id":"ع","body":"نص عربي مع تشكيل: مُحَمَّد، و English words."})",
      std::string("with\0nul bytes", 14),
      long_text(),
  };
  StoredCodec codec;  // one codec for all: its contexts are reused
  for (const auto& text : cases) {
    INFO(text.substr(0, 40));
    const std::string value = codec.compress(text);
    CHECK(!value.empty());
    CHECK(codec.decompress(value) == text);
    CHECK(StoredCodec().decompress(value) == text);  // a fresh codec reads it as well
  }
  CHECK(codec.compress(long_text()).size() < long_text().size() / 4);
}

TEST_CASE("StoredCodec refuses what is not one of its values", "[stored_codec]") {
  StoredCodec codec;
  const std::string valid = codec.compress(R"({"id":"a","body":"some body text"})");
  // A frame header alone (single segment, 8-byte content size) that claims @p bytes.
  auto claiming = [](std::uint64_t bytes) {
    std::string header = {'\x28', '\xb5', '\x2f', '\xfd', '\xe0'};
    for (int i = 0; i < 8; ++i) header += static_cast<char>((bytes >> (8 * i)) & 0xff);
    return header;
  };
  const struct {
    std::string value;
    const char* says;  ///< refused before anything is allocated when "claims"
  } cases[] = {
      {"x", ""},
      {claiming(std::uint64_t{5} << 30), "claims"},  // over kMaxJsonBytes
      {claiming(std::uint64_t{1} << 20), "claims"},  // more than 13 bytes can hold
      {R"({"id":"a"})", ""},                         // JSON as an older version stored it
      {valid.substr(0, valid.size() - 3), ""},       // cut short
      {valid.substr(0, 4), ""},                      // the magic number alone
      {std::string(valid).replace(5, 1, 1, static_cast<char>(valid[5] ^ 0x40)), ""},  // header
  };
  for (const auto& c : cases) {
    INFO(c.value.size() << " bytes");
    try {
      (void)codec.decompress(c.value);
      FAIL("accepted");
    } catch (const std::runtime_error& error) {
      // Not a core::Error: its text is for the log, never for a client.
      const std::string what = error.what();
      CHECK(what.rfind("stored document: ", 0) == 0);
      CHECK(what.find(c.says) != std::string::npos);
    }
  }
  CHECK(codec.decompress(valid) == R"({"id":"a","body":"some body text"})");  // still usable
  StoredCodec moved = std::move(codec);
  CHECK(moved.decompress(valid) == R"({"id":"a","body":"some body text"})");
  CHECK(codec.decompress(moved.compress("{}")) == "{}");  // a moved-from codec makes new contexts
}

TEST_CASE("StoredCodec::stored_json reads the slot, else the document's data", "[stored_codec]") {
  StoredCodec codec;
  const struct {
    const char* name;
    const char* slot;  ///< JSON compressed into kSlotStored, or nullptr
    const char* data;
    const char* expected;
  } cases[] = {
      {"slot", R"({"id":"s"})", "", R"({"id":"s"})"},
      {"data (an older index)", nullptr, R"({"id":"d"})", R"({"id":"d"})"},
      {"both: the slot", R"({"id":"s"})", R"({"id":"d"})", R"({"id":"s"})"},
      {"neither", nullptr, "", ""},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    Xapian::Document doc;
    if (c.slot != nullptr) doc.add_value(schema::kSlotStored, codec.compress(c.slot));
    doc.set_data(c.data);
    CHECK(codec.stored_json(doc) == c.expected);
  }
  // A damaged value: the error names the document, for the log.
  Xapian::Document damaged;
  damaged.add_value(schema::kSlotStored, "not zstd");
  damaged.add_value(schema::kSlotId, "t:en-9");
  try {
    (void)codec.stored_json(damaged);
    FAIL("accepted");
  } catch (const std::runtime_error& error) {
    CHECK(std::string(error.what()).find("id \"t:en-9\"") != std::string::npos);
  }
}
