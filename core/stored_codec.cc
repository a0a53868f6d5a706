/// @file core/stored_codec.cc
/// @brief zstd compression of stored documents, with contexts kept between calls.
#include "core/stored_codec.h"

#include <zstd.h>

#include <new>
#include <stdexcept>

#include "core/schema.h"

namespace dalil::core {

namespace {

// zstd's default level. Per document (some 3 KB of JSON) it keeps 2.2× against zlib's 2.4×
// (level 1: 2.1×) and compresses several times faster than zlib.
constexpr int kLevel = 3;
// No zstd frame decompresses to more than this many bytes per compressed byte (a 128 KiB block
// of one repeated byte takes 4 bytes), so a larger claim is a damaged header.
constexpr unsigned long long kMaxRatio = 32768;

struct FreeCCtx {
  void operator()(ZSTD_CCtx* cctx) const { ZSTD_freeCCtx(cctx); }
};
struct FreeDCtx {
  void operator()(ZSTD_DCtx* dctx) const { ZSTD_freeDCtx(dctx); }
};

[[noreturn]] void fail(std::string_view what) {
  throw std::runtime_error("stored document: " + std::string(what));
}

}  // namespace

// Each made on first use: a server's workers only decompress, a writer mostly compresses.
struct StoredCodec::Contexts {
  std::unique_ptr<ZSTD_CCtx, FreeCCtx> cctx;
  std::unique_ptr<ZSTD_DCtx, FreeDCtx> dctx;
};

StoredCodec::StoredCodec() = default;
StoredCodec::~StoredCodec() = default;
StoredCodec::StoredCodec(StoredCodec&&) noexcept = default;
StoredCodec& StoredCodec::operator=(StoredCodec&&) noexcept = default;

std::string StoredCodec::compress(std::string_view json) {
  if (!contexts_) contexts_ = std::make_unique<Contexts>();
  if (!contexts_->cctx) {
    contexts_->cctx.reset(ZSTD_createCCtx());
    if (!contexts_->cctx) throw std::bad_alloc();
  }
  std::string out(ZSTD_compressBound(json.size()), '\0');
  const std::size_t size = ZSTD_compressCCtx(contexts_->cctx.get(), out.data(), out.size(),
                                             json.data(), json.size(), kLevel);
  if (ZSTD_isError(size)) fail(ZSTD_getErrorName(size));
  out.resize(size);
  return out;
}

std::string StoredCodec::decompress(std::string_view value) {
  const unsigned long long size = ZSTD_getFrameContentSize(value.data(), value.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN)
    fail("not a zstd frame of known size");
  if (size > kMaxJsonBytes || size / kMaxRatio > value.size())
    fail("its frame claims " + std::to_string(size) + " bytes from " +
         std::to_string(value.size()));
  if (!contexts_) contexts_ = std::make_unique<Contexts>();
  if (!contexts_->dctx) {
    contexts_->dctx.reset(ZSTD_createDCtx());
    if (!contexts_->dctx) throw std::bad_alloc();
  }
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t got = ZSTD_decompressDCtx(contexts_->dctx.get(), out.data(), out.size(),
                                              value.data(), value.size());
  if (ZSTD_isError(got)) fail(ZSTD_getErrorName(got));
  if (got != out.size()) fail("shorter than its frame says");
  return out;
}

std::string StoredCodec::stored_json(const Xapian::Document& doc) {
  return stored_json(doc, doc.get_value(schema::kSlotStored));
}

std::string StoredCodec::stored_json(const Xapian::Document& doc, std::string_view value) {
  if (value.empty()) return doc.get_data();
  try {
    return decompress(value);
  } catch (const std::runtime_error& error) {
    // The log should say which document to index again.
    throw std::runtime_error(std::string(error.what()) + " (document " +
                             std::to_string(doc.get_docid()) + ", id \"" +
                             doc.get_value(schema::kSlotId) + "\")");
  }
}

}  // namespace dalil::core
