// What the index records of each corpus file, stored compressed in the index's metadata: its path,
// size, modification time and content hash (what an update compares the corpus with to find the
// files that changed), and apart from them its records' keys, which an update reads only for the
// files it reads again or removes, so that finding nothing changed costs a read per file, not per
// record.
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
  std::vector<RecordKey> keys;  ///< stored apart (file_records_key): read when keys_read
  bool keys_read = false;
};

/// The metadata key of a file's entry: its path may be longer than a Xapian key may be (245
/// bytes), so the key holds a hash of it and the entry the path itself.
std::string file_key(const std::string& path);

/// The metadata key of the keys of a file's records, beside its entry.
std::string file_records_key(const std::string& path);

/// A file's entry as stored (compressed JSON), without its keys.
/// \throws IndexError when it cannot be compressed (out of memory).
std::string encode_file_entry(const FileState& state);

/// The keys of a file's records as stored (compressed JSON).
/// \throws IndexError when they cannot be compressed (out of memory).
std::string encode_file_records(const std::vector<RecordKey>& keys);

/// A stored entry read back, without its keys; nullopt when it is damaged.
std::optional<FileState> decode_file_entry(const std::string& stored);

/// The stored keys of the records of the file at `path` read back; nullopt when damaged.
std::optional<std::vector<RecordKey>> decode_file_records(const std::string& stored,
                                                          const std::string& path);

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

/// What the index at `live` knows of each file, into `known` (by path), without the keys of the
/// files' records; returns why a full build is needed instead (an entry cannot be read), or "".
std::string read_known_files(const std::string& live, std::map<std::string, FileState>& known);

/// Reads the keys of the records of the known files at `paths` (those not read yet) into
/// `known`; returns why a full build is needed instead (they cannot be read), or "".
std::string read_file_keys(const std::string& live, const std::vector<std::string>& paths,
                           std::map<std::string, FileState>& known);

}  // namespace r2p
