/// @file core/stored_codec.h
/// @brief The stored JSON of a document: zstd-compressed in value slot kSlotStored, and read back.
#pragma once

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
  StoredCodec(StoredCodec&&) noexcept;
  StoredCodec& operator=(StoredCodec&&) noexcept;

  /// The value of schema::kSlotStored for @p json (a zstd frame that records its own size).
  std::string compress(std::string_view json);
  /// The JSON a value of compress() holds. Throws core::Error(kInternal) for anything else.
  std::string decompress(std::string_view value);
  /// The stored JSON of @p doc: from schema::kSlotStored, or from Document::get_data() for a
  /// document an earlier version wrote.
  std::string stored_json(const Xapian::Document& doc);

 private:
  struct Contexts;
  std::unique_ptr<Contexts> contexts_;
};

}  // namespace dalil::core
