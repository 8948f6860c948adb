// What the index records of each corpus file (its path, size, modification time, content hash
// and record keys), stored compressed in the index's metadata: what an update compares the corpus
// with to find the files that changed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "indexer/corpus_reader.h"
#include "indexer/index_writer.h"

namespace r2p {

/// What the index knows of one corpus file (stored under file_key(path)).
struct FileState {
  std::string path;
  std::string relative;  ///< inside its root: document ids are made from it
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::uint64_t hash = 0;
  std::vector<RecordKey> keys;
};

/// The metadata key of a file's entry: its path may be longer than a Xapian key may be (245
/// bytes), so the key holds a hash of it and the entry the path itself.
std::string file_key(const std::string& path);

/// A file's entry as stored (compressed JSON).
/// \throws IndexError when it cannot be compressed (out of memory).
std::string encode_file_entry(const FileState& state);

/// A stored entry read back; nullopt when it is damaged.
std::optional<FileState> decode_file_entry(const std::string& stored);

/// The JSON text of what the index records of one corpus file, as stored (compressed) under
/// kFileKeyPrefix; nullopt when the stored entry is damaged.
std::optional<std::string> file_entry_text(const std::string& stored);

/// Record keys grouped by their file.
std::map<std::string, std::vector<RecordKey>> keys_by_file(std::vector<RecordKey> keys);

/// The entries of the files `stream` read, keyed by file_key(), and the ids they keep
/// (kept_id_key()): what a full build stores. Takes the stream's record keys
/// (CorpusStream::take_keys).
Metadata file_manifest(CorpusStream& stream);

/// The metadata key of the id a renamed document kept (kKeptIdKeyPrefix), and its entry.
std::string kept_id_key(const std::string& path);
std::string encode_kept_id(const std::string& path, const std::string& id);

/// The ids documents kept across renames in the index at `live`, by path; none when there is no
/// index or it cannot be read (it is then built anew, from the paths).
std::map<std::string, std::string> read_kept_ids(const std::string& live);

/// What the index at `live` knows of each file, into `known` (by path); returns why a full
/// build is needed instead (an entry cannot be read), or "".
std::string read_known_files(const std::string& live, std::map<std::string, FileState>& known);

}  // namespace r2p
