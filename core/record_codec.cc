// Stored records: plain JSON, or a zstd frame compressed against the index's record dictionary.
#include "core/record_codec.h"

#include <zdict.h>
#include <zstd.h>

#include <algorithm>
#include <mutex>
#include <new>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/record_json.h"

namespace r2p {
namespace {

/// zstd's default level.
constexpr int kLevel = 3;
/// No record comes near this; a frame that claims more is damaged.
constexpr unsigned long long kMaxRecordBytes = 1ull << 28;

const char* const kRebuild = "; rebuild the index (r2p-index --rebuild)";

struct FreeCCtx {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct FreeDCtx {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

/// A compression context per thread: contexts hold state, dictionaries do not.
ZSTD_CCtx* thread_cctx() {
  thread_local std::unique_ptr<ZSTD_CCtx, FreeCCtx> cctx(ZSTD_createCCtx());
  if (!cctx) throw std::bad_alloc();
  return cctx.get();
}
ZSTD_DCtx* thread_dctx() {
  thread_local std::unique_ptr<ZSTD_DCtx, FreeDCtx> dctx(ZSTD_createDCtx());
  if (!dctx) throw std::bad_alloc();
  return dctx.get();
}

}  // namespace

struct RecordCodec::Dictionaries {
  explicit Dictionaries(std::string bytes) : content(std::move(bytes)) {
    id = ZSTD_getDictID_fromDict(content.data(), content.size());
    if (id == 0)
      throw IndexError("the index's record dictionary is damaged" + std::string(kRebuild));
    decompress = ZSTD_createDDict(content.data(), content.size());
    if (!decompress)
      throw IndexError(
          "the index's record dictionary cannot be loaded (damaged, or out of memory)" +
          std::string(kRebuild));
  }
  ~Dictionaries() {
    ZSTD_freeCDict(compress_);
    ZSTD_freeDDict(decompress);
  }
  Dictionaries(const Dictionaries&) = delete;
  Dictionaries& operator=(const Dictionaries&) = delete;

  /// The compression side (about 1 MB of tables) is made on first use: readers never need it.
  const ZSTD_CDict* compression() const {
    std::call_once(compress_once_, [this] {
      compress_ = ZSTD_createCDict(content.data(), content.size(), kLevel);
    });
    if (!compress_) throw std::bad_alloc();
    return compress_;
  }

  std::string content;
  unsigned id = 0;
  ZSTD_DDict* decompress = nullptr;

 private:
  mutable std::once_flag compress_once_;
  mutable ZSTD_CDict* compress_ = nullptr;
};

RecordCodec::RecordCodec(std::string dictionary) {
  if (!dictionary.empty())
    dictionaries_ = std::make_shared<const Dictionaries>(std::move(dictionary));
}

std::string RecordCodec::train(const std::vector<std::string>& samples) {
  std::string joined;
  std::vector<std::size_t> sizes;
  for (const auto& sample : samples) {
    joined += sample;
    sizes.push_back(sample.size());
  }
  if (joined.size() < kMinSampleBytes) return "";
  // zstd's guidance: samples of about a hundred times the dictionary; a tenth still does well
  // for records, which share much.
  std::string dictionary(std::min(kMaxDictionaryBytes, joined.size() / 8), '\0');
  const std::size_t size =
      ZDICT_trainFromBuffer(dictionary.data(), dictionary.size(), joined.data(), sizes.data(),
                            static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(size)) return "";
  dictionary.resize(size);
  return dictionary;
}

const std::string& RecordCodec::dictionary() const {
  static const std::string none;
  return dictionaries_ ? dictionaries_->content : none;
}

std::string RecordCodec::encode(const std::string& json) const {
  if (!dictionaries_) return json;
  ZSTD_CCtx* cctx = thread_cctx();
  std::string out(ZSTD_compressBound(json.size()), '\0');
  std::size_t size = ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  if (!ZSTD_isError(size)) size = ZSTD_CCtx_refCDict(cctx, dictionaries_->compression());
  // A checksum (4 bytes) makes damage an error rather than a record shown wrong.
  if (!ZSTD_isError(size)) size = ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
  if (!ZSTD_isError(size))
    size = ZSTD_compress2(cctx, out.data(), out.size(), json.data(), json.size());
  // Plain JSON reads back as well: kept when compressing does not pay (or fails).
  if (ZSTD_isError(size) || size >= json.size()) return json;
  out.resize(size);
  return out;
}

std::string RecordCodec::decode(const std::string& data) const {
  if (data.empty() || data[0] == '{') return data;  // plain JSON
  const unsigned long long size = ZSTD_getFrameContentSize(data.data(), data.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxRecordBytes)
    throw IndexError("a stored record is damaged" + std::string(kRebuild));
  const unsigned id = ZSTD_getDictID_fromFrame(data.data(), data.size());
  if (id != 0 && (!dictionaries_ || dictionaries_->id != id))
    throw IndexError(
        "a stored record needs a record dictionary this index does not hold (its "
        "shards were built apart?)" +
        std::string(kRebuild));
  std::string out(static_cast<std::size_t>(size), '\0');
  const std::size_t got =
      id == 0 ? ZSTD_decompressDCtx(thread_dctx(), out.data(), out.size(), data.data(), data.size())
              : ZSTD_decompress_usingDDict(thread_dctx(), out.data(), out.size(), data.data(),
                                           data.size(), dictionaries_->decompress);
  if (ZSTD_isError(got) || got != out.size())
    throw IndexError("a stored record is damaged" + std::string(kRebuild));
  return out;
}

std::string RecordCodec::encode_record(const Record& record) const {
  return encode(record_to_json(record).dump());
}

Record RecordCodec::decode_record(const std::string& data) const {
  return parse_record(decode(data));
}

Record RecordCodec::parse_record(const std::string& json) {
  try {
    return record_from_json(nlohmann::json::parse(json));
  } catch (const nlohmann::json::exception& e) {
    throw IndexError("a stored record cannot be read (" + std::string(e.what()) + ")" + kRebuild);
  }
}

}  // namespace r2p
