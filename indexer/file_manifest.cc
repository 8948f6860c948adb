// File entries: what the index records of each corpus file, compressed into its metadata.
#include "indexer/file_manifest.h"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <xapian.h>
#include <zlib.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/schema.h"
#include "core/text.h"

namespace r2p {
namespace {

using nlohmann::json;

std::string hex(std::uint64_t value) {
  char buffer[20];
  std::snprintf(buffer, sizeof buffer, "%016" PRIx64, value);
  return buffer;
}

/// File entries are stored compressed: the list of a file's records (id, type, line and meeting
/// references, about 90 bytes of JSON a record) shrinks about fivefold.
constexpr char kCompressedMark = 'z';

std::string compress_entry(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(1 + sizeof(std::uint64_t) + size, '\0');
  out[0] = kCompressedMark;
  const std::uint64_t original = text.size();
  std::memcpy(&out[1], &original, sizeof original);
  auto* data = reinterpret_cast<Bytef*>(&out[1 + sizeof original]);
  if (compress2(data, &size, reinterpret_cast<const Bytef*>(text.data()),
                static_cast<uLong>(text.size()), Z_DEFAULT_COMPRESSION) != Z_OK)
    throw IndexError("cannot compress the index's record of a corpus file (out of memory?)");
  out.resize(1 + sizeof original + size);
  return out;
}

}  // namespace

std::optional<std::string> file_entry_text(const std::string& stored) {
  if (stored.empty() || stored[0] != kCompressedMark) return stored;  // stored uncompressed
  std::uint64_t original = 0;
  if (stored.size() < 1 + sizeof original) return std::nullopt;
  std::memcpy(&original, &stored[1], sizeof original);
  if (original > (std::uint64_t{1} << 32)) return std::nullopt;
  std::string text(original, '\0');
  uLongf size = static_cast<uLongf>(original);
  const auto* data = reinterpret_cast<const Bytef*>(stored.data() + 1 + sizeof original);
  if (uncompress(reinterpret_cast<Bytef*>(text.data()), &size, data,
                 static_cast<uLong>(stored.size() - 1 - sizeof original)) != Z_OK ||
      size != original)
    return std::nullopt;
  return text;
}

std::string encode_file_entry(const FileState& state) {
  return compress_entry(json{
      {"path", state.path},
      {"relative", state.relative},
      {"size", state.size},
      {"mtime", state.mtime_ns},
      {"hash",
       hex(state.hash)}}.dump());
}

std::string encode_file_records(const std::vector<RecordKey>& keys) {
  json records = json::array();
  for (const auto& key : keys) {
    json refs = json::array();
    for (const auto& [field, meeting] : key.meeting_refs) refs.push_back({field, meeting});
    records.push_back({key.id, to_string(key.type), key.country_code, key.line, refs});
  }
  return compress_entry(records.dump());
}

std::string file_key(const std::string& path) {
  return kFileKeyPrefix + hex(stable_hash(path));
}

std::string file_records_key(const std::string& path) {
  return kFileRecordsKeyPrefix + hex(stable_hash(path));
}

std::optional<FileState> decode_file_entry(const std::string& stored) {
  const std::optional<std::string> text = file_entry_text(stored);
  if (!text) return std::nullopt;
  try {
    const json j = json::parse(*text);
    FileState state;
    state.path = j.at("path").get<std::string>();
    state.relative = j.at("relative").get<std::string>();
    state.size = j.at("size").get<std::uint64_t>();
    state.mtime_ns = j.at("mtime").get<std::int64_t>();
    state.hash = std::stoull(j.at("hash").get<std::string>(), nullptr, 16);
    return state;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::vector<RecordKey>> decode_file_records(const std::string& stored,
                                                          const std::string& path) {
  const std::optional<std::string> text = file_entry_text(stored);
  if (!text) return std::nullopt;
  try {
    std::vector<RecordKey> keys;
    for (const auto& r : json::parse(*text)) {
      RecordKey key;
      key.id = r.at(0).get<std::string>();
      auto type = parse_record_type(r.at(1).get<std::string>());
      if (!type) return std::nullopt;
      key.type = *type;
      key.country_code = r.at(2).get<std::string>();
      key.file = path;
      key.line = r.at(3).get<int>();
      for (const auto& ref : r.at(4))
        key.meeting_refs.emplace_back(ref.at(0).get<std::string>(), ref.at(1).get<std::string>());
      keys.push_back(std::move(key));
    }
    return keys;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::map<std::string, std::vector<RecordKey>> keys_by_file(std::vector<RecordKey> keys) {
  std::map<std::string, std::vector<RecordKey>> by_file;
  for (auto& key : keys) by_file[key.file].push_back(std::move(key));
  return by_file;
}

Metadata file_manifest(CorpusStream& stream) {
  Metadata manifest;
  auto by_file = keys_by_file(stream.take_keys());
  for (const auto& [index, hash] : stream.file_hashes()) {
    const CorpusFile& file = stream.listing().files[index];
    FileState state{file.path,     file.relative, file.size,
                    file.mtime_ns, hash,          std::move(by_file[file.path]),
                    true};
    manifest[file_key(file.path)] = encode_file_entry(state);
    manifest[file_records_key(file.path)] = encode_file_records(state.keys);
    if (!file.kept_id.empty())
      manifest[kept_id_key(file.path)] = encode_kept_id(file.path, file.kept_id);
  }
  return manifest;
}

std::string kept_id_key(const std::string& path) {
  return kKeptIdKeyPrefix + hex(stable_hash(path));
}

std::string encode_kept_id(const std::string& path, const std::string& id) {
  return json{{"path", path}, {"id", id}}.dump();
}

std::map<std::string, std::string> read_kept_ids(const std::string& live) {
  std::map<std::string, std::string> ids;
  if (live.empty()) return ids;
  try {
    Xapian::Database db(live);
    for (auto it = db.metadata_keys_begin(kKeptIdKeyPrefix);
         it != db.metadata_keys_end(kKeptIdKeyPrefix); ++it) {
      const json entry = json::parse(db.get_metadata(*it), nullptr, false);
      // A damaged entry is passed over: that document's id comes from its path again.
      if (!entry.is_object() || !entry.contains("path") || !entry.contains("id") ||
          !entry["path"].is_string() || !entry["id"].is_string())
        continue;
      const std::string path = entry["path"].get<std::string>();
      if (kept_id_key(path) == *it) ids[path] = entry["id"].get<std::string>();
    }
  } catch (const Xapian::Error&) {
    // An index that cannot be read is built anew (full_build_reason says why), from the paths.
  }
  return ids;
}

std::string read_known_files(const std::string& live, std::map<std::string, FileState>& known) {
  Xapian::Database db(live);
  const std::size_t prefix = std::string(kFileKeyPrefix).size();
  for (auto it = db.metadata_keys_begin(kFileKeyPrefix); it != db.metadata_keys_end(kFileKeyPrefix);
       ++it) {
    auto state = decode_file_entry(db.get_metadata(*it));
    if (!state || file_key(state->path) != *it)
      return "the index's record of file " + (*it).substr(prefix) + " is unreadable";
    known.emplace(state->path, std::move(*state));
  }
  return "";
}

std::string read_file_keys(const std::string& live, const std::vector<std::string>& paths,
                           std::map<std::string, FileState>& known) {
  Xapian::Database db(live);
  for (const auto& path : paths) {
    FileState& state = known.at(path);
    if (state.keys_read) continue;
    const std::string stored = db.get_metadata(file_records_key(path));
    // Indexes built before the keys sat apart kept them in the file's entry.
    if (stored.empty()) return "the index was built by an earlier version";
    auto keys = decode_file_records(stored, path);
    if (!keys) return "the index's record of the records of " + path + " is unreadable";
    state.keys = std::move(*keys);
    state.keys_read = true;
  }
  return "";
}

}  // namespace r2p
