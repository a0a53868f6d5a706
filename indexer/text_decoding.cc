/// @file indexer/text_decoding.cc
/// @brief ICU ucnv conversion and ucsdet detection, constrained to the encodings of our archives.
#include "indexer/text_decoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"
#include "indexer/format_error.h"

namespace dalil::indexer {

namespace {

constexpr std::array<const char*, 3> kCandidates = {"windows-1256", "ISO-8859-6", "windows-1252"};

struct Conversion {
  std::string text;
  std::size_t bad_offset = 0;  ///< Where decoding failed, when text is empty.
  bool ok = false;
};

Conversion convert(std::string_view bytes, const char* encoding) {
  Conversion result;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(ucnv_open(encoding, &status),
                                                          &ucnv_close);
  if (U_FAILURE(status)) return result;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::vector<UChar> units(bytes.size() * 2 + 16);
  UChar* target = units.data();
  const char* source = bytes.data();
  ucnv_toUnicode(conv.get(), &target, units.data() + units.size(), &source,
                 bytes.data() + bytes.size(), nullptr, true, &status);
  if (U_FAILURE(status)) {
    char invalid[8];
    int8_t length = sizeof invalid;
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(conv.get(), invalid, &length, &ignored);
    result.bad_offset =
        static_cast<std::size_t>(source - bytes.data()) - std::max<int8_t>(length, 0);
    return result;
  }
  const auto count = static_cast<int32_t>(target - units.data());
  int32_t needed = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8(nullptr, 0, &needed, units.data(), count, &status);
  result.text.resize(static_cast<std::size_t>(needed));
  status = U_ZERO_ERROR;
  u_strToUTF8(result.text.data(), needed, nullptr, units.data(), count, &status);
  result.ok = U_SUCCESS(status);
  return result;
}

bool is_arabic_letter(UChar32 c) {
  return (c >= 0x0621 && c <= 0x064A) || (c >= 0x0671 && c <= 0x06D3);
}

bool is_latin_letter(UChar32 c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F);
}

// Whether UTF-8 @p text reads as Arabic: Arabic letters make up most of the non-ASCII
// characters and mostly follow another Arabic letter (they form words), no C1 control characters
// appear, and Arabic letters seldom touch Latin ones. Western text read as an Arabic code page
// fails the last tests: "café" becomes "caف".
bool reads_as_arabic(std::string_view text, std::size_t& letters) {
  std::size_t non_ascii = 0, touching_latin = 0, in_words = 0;
  letters = 0;
  UChar32 previous = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0x80) ++non_ascii;
    if (c >= 0x80 && c <= 0x9F) return false;
    if (is_arabic_letter(c)) {
      ++letters;
      if (is_latin_letter(previous)) ++touching_latin;
      if (is_arabic_letter(previous)) ++in_words;
    } else if (is_latin_letter(c) && is_arabic_letter(previous)) {
      ++touching_latin;
    }
    previous = c;
  }
  return letters > 0 && letters * 2 >= non_ascii && in_words * 2 >= letters &&
         touching_latin * 10 <= letters;
}

bool has_c1_controls(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '\xC2' && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F)
      return true;
  }
  return false;
}

void check_controls(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto ch = static_cast<unsigned char>(text[i]);
    if (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f' && ch != '\v') {
      throw FormatError(0, "binary data (control character " + std::to_string(ch) + " at byte " +
                               std::to_string(i + 1) + ")");
    }
  }
}

// A file whose lines are partly valid UTF-8 with non-ASCII text and partly invalid UTF-8 was
// pasted together from two encodings; converting it whole would garble one half.
void check_mixed(std::string_view bytes) {
  std::size_t line_no = 0, utf8_line = 0, bad_line = 0;
  for (std::size_t pos = 0; pos < bytes.size();) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    const std::string_view line = bytes.substr(pos, end - pos);
    ++line_no;
    if (core::find_invalid_utf8(line)) {
      if (bad_line == 0) bad_line = line_no;
    } else if (utf8_line == 0) {
      std::size_t multibyte = 0;
      for (char ch : line) multibyte += (static_cast<unsigned char>(ch) & 0xC0) == 0xC0;
      if (multibyte >= 3) utf8_line = line_no;
    }
    pos = end + 1;
  }
  if (utf8_line != 0 && bad_line != 0) {
    throw FormatError(bad_line, "mixed encodings: line " + std::to_string(utf8_line) +
                                    " is UTF-8, line " + std::to_string(bad_line) + " is not");
  }
}

std::vector<std::string> detector_order(std::string_view bytes) {
  std::vector<std::string> order;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> detector(ucsdet_open(&status),
                                                                      &ucsdet_close);
  if (U_SUCCESS(status)) {
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    int32_t found = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &found, &status);
    for (int32_t i = 0; U_SUCCESS(status) && i < found; ++i) {
      std::string name = ucsdet_getName(matches[i], &status);
      if (name == "ISO-8859-1") name = "windows-1252";  // 1252 is its superset.
      if (std::find(kCandidates.begin(), kCandidates.end(), name) != kCandidates.end() &&
          std::find(order.begin(), order.end(), name) == order.end())
        order.push_back(name);
    }
  }
  for (const char* name : kCandidates) {
    if (std::find(order.begin(), order.end(), name) == order.end()) order.emplace_back(name);
  }
  return order;
}

}  // namespace

std::string canonical_encoding(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(ucnv_open(name.c_str(), &status),
                                                          &ucnv_close);
  if (U_FAILURE(status) || !conv) {
    throw core::Error(core::ErrorCode::kBadConfig, "unknown encoding '" + name + "'");
  }
  const char* canonical = ucnv_getName(conv.get(), &status);
  status = U_ZERO_ERROR;
  // MIME names are the familiar ones ("ISO-8859-6", not IANA's "ISO_8859-6:1987").
  for (const char* standard : {"MIME", "IANA"}) {
    status = U_ZERO_ERROR;
    const char* named = ucnv_getStandardName(canonical, standard, &status);
    if (U_SUCCESS(status) && named != nullptr) return named;
  }
  return canonical;
}

DecodedText decode_text(std::string_view bytes, const std::string& declared) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (!core::find_invalid_utf8(bytes)) {
    check_controls(bytes);
    return {std::string(bytes), "UTF-8"};
  }
  check_mixed(bytes);
  if (!declared.empty()) {
    Conversion c = convert(bytes, declared.c_str());
    if (!c.ok) {
      throw FormatError(0, "not valid " + declared + " (undecodable byte at offset " +
                               std::to_string(c.bad_offset) + ")");
    }
    check_controls(c.text);
    return {std::move(c.text), declared};
  }
  // The detector ranks; the Arabic candidates must also show Arabic letters, since every byte
  // sequence is "valid" windows-1256 and Western text would otherwise come out as Arabic.
  std::optional<DecodedText> western;
  std::optional<DecodedText> arabic;
  std::size_t best_arabic = 0;
  for (const auto& name : detector_order(bytes)) {
    Conversion c = convert(bytes, name.c_str());
    if (!c.ok) continue;
    if (name == "windows-1252") {
      // ICU maps the five bytes windows-1252 leaves undefined to C1 controls; text has none.
      if (!western && !has_c1_controls(c.text)) western = DecodedText{std::move(c.text), name};
      continue;
    }
    std::size_t letters = 0;
    if (reads_as_arabic(c.text, letters) && letters > best_arabic) {
      best_arabic = letters;
      arabic = DecodedText{std::move(c.text), name};
    }
  }
  std::optional<DecodedText>& chosen = arabic ? arabic : western;
  if (!chosen) {
    const auto bad = core::find_invalid_utf8(bytes).value_or(0);
    throw FormatError(0, "undecodable: invalid UTF-8 at byte " + std::to_string(bad + 1) +
                             " and not windows-1252, windows-1256 or ISO-8859-6");
  }
  check_controls(chosen->text);
  return std::move(*chosen);
}

}  // namespace dalil::indexer
