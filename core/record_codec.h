// Stored records: each document keeps its record as JSON (record_json.h) in its record slot
// (kSlotRecord). When the corpus is large enough, that JSON is compressed with zstd against a
// dictionary trained on the corpus's own records and kept in the index metadata: records share
// most of their keys, names and words, which per-record compression cannot exploit.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/record.h"

namespace r2p {

class RecordCodec {
 public:
  /// Stores records as plain JSON.
  RecordCodec() = default;
  /// Compresses against `dictionary`, as train() makes it; "" is plain JSON.
  /// \throws IndexError if `dictionary` is not a zstd dictionary.
  explicit RecordCodec(std::string dictionary);

  /// A dictionary trained on `samples` (records as stored JSON), or "" when they are too few to
  /// pay for one (less than kMinSampleBytes together) or training fails.
  static std::string train(const std::vector<std::string>& samples);
  /// Samples below this many bytes in all make no dictionary: the corpus is small.
  static constexpr std::size_t kMinSampleBytes = 512 * 1024;
  /// The most a dictionary holds. Twice as much left 100,000 generated records' slot as large
  /// (171.4 MB of postings and values against 171.6).
  static constexpr std::size_t kMaxDictionaryBytes = 64 * 1024;

  const std::string& dictionary() const;

  /// The stored record for a record's JSON. Safe to call from several threads at once.
  std::string encode(const std::string& json) const;
  /// The JSON of a stored record written by a codec with this dictionary, or by one with none.
  /// Safe to call from several threads at once.
  /// \throws IndexError when the data is damaged or was compressed with another dictionary.
  std::string decode(const std::string& data) const;

  std::string encode_record(const Record& record) const;
  /// \throws IndexError as decode(), and when the JSON is not a record.
  Record decode_record(const std::string& data) const;
  /// The record of stored JSON, as decode() gives it (for a caller that compares the JSON too).
  /// \throws IndexError when the JSON is not a record.
  static Record parse_record(const std::string& json);

 private:
  struct Dictionaries;
  std::shared_ptr<const Dictionaries> dictionaries_;
};

}  // namespace r2p
