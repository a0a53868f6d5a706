/// @file indexer/text_decoding.h
/// @brief Decodes a text file to UTF-8: UTF-8 as is, legacy Arabic and Western encodings detected
///        (or declared) and converted with ICU.
#pragma once

#include <string>
#include <string_view>

namespace dalil::indexer {

/// A file's text in UTF-8 and the encoding it was read from.
struct DecodedText {
  std::string text;
  std::string encoding;  ///< "UTF-8", "windows-1252", "windows-1256", "ISO-8859-6" or declared.
};

/// Decodes @p bytes. Valid UTF-8 (a byte order mark is dropped) is kept as is. Otherwise the bytes
/// are read as @p declared when it is not empty, else as the one of windows-1256, ISO-8859-6 and
/// windows-1252 that ICU's charset detector ranks first, decodes without error and, for the
/// Arabic ones, yields mostly Arabic letters. Throws FormatError for mixed encodings (some lines
/// UTF-8, others not), bytes no candidate decodes, and control characters (binary data).
DecodedText decode_text(std::string_view bytes, const std::string& declared);

/// The IANA name of an encoding ICU knows ("cp1256" -> "windows-1256"); throws core::Error
/// (kBadConfig) for an unknown one.
std::string canonical_encoding(const std::string& name);

}  // namespace dalil::indexer
