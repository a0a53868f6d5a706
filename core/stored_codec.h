/// @file core/stored_codec.h
/// @brief The stored JSON of a document: zstd-compressed in value slot kSlotStored, and read back.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include <xapian.h>

namespace dalil::core {

/// Compresses a document's stored JSON for schema::kSlotStored and reads it back. It keeps
/// zstd's contexts between calls, so it is not thread-safe: one per thread.
///
/// Why a value slot and not Document::set_data: Xapian deflates the data of every document it
/// writes and inflates it on every read (zlib, a tenth of the CPU of indexing and of a page of
/// hits); a value is stored as written, so zstd does the same job at a fraction of the cost.
class StoredCodec {
 public:
  StoredCodec();
  ~StoredCodec();
  StoredCodec(StoredCodec&&) noexcept;  ///< The moved-from codec makes new contexts when used.
  StoredCodec& operator=(StoredCodec&&) noexcept;

  /// The value of schema::kSlotStored for @p json (a zstd frame that records its own size).
  std::string compress(std::string_view json);
  /// The JSON a value of compress() holds. Throws std::runtime_error for anything else (a
  /// damaged index: not a user's error, so its text is logged, never sent to a client).
  std::string decompress(std::string_view value);
  /// The stored JSON of @p doc: from schema::kSlotStored, or from Document::get_data() for a
  /// document an earlier version wrote. The std::runtime_error of a damaged value names the
  /// document.
  std::string stored_json(const Xapian::Document& doc);
  /// stored_json() with @p value, the value of schema::kSlotStored of @p doc, already read.
  std::string stored_json(const Xapian::Document& doc, std::string_view value);

  /// The largest JSON decompress() makes: four times the largest body dalil-index accepts
  /// (--max-body-mb, at most 1 GiB), as a document's other fields count too. A frame header
  /// that claims more, or more than its compressed bytes can hold, is refused before anything
  /// is allocated.
  static constexpr std::size_t kMaxJsonBytes = std::size_t{4} << 30;

 private:
  struct Contexts;
  std::unique_ptr<Contexts> contexts_;
};

}  // namespace dalil::core
