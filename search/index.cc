// Opening and validating the index, and record lookups by id term.
#include "search/index.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/record_json.h"
#include "core/schema.h"
#include "search/facet_labels.h"

namespace r2p {

namespace {

/// Where `path` leads now: a directory (the live link to a version directory) fully resolved; a
/// stub file resolved up to its directory, so its relative entries keep their meaning.
std::string resolved_path(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    const fs::path target = fs::weakly_canonical(path, ec);
    return ec ? path : target.string();
  }
  const fs::path file(path);
  const fs::path dir = fs::weakly_canonical(file.has_parent_path() ? file.parent_path() : ".", ec);
  return ec ? path : (dir / file.filename()).string();
}

/// Whether `target` is a stub (or a directory holding one) whose first database is a remote one.
/// The index's metadata (schema version, alias table) is read from the first database, and only
/// the local dictionary database holds it.
bool stub_starts_remote(const std::string& target) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path stub =
      fs::is_directory(target, ec) ? fs::path(target) / kStubFile : fs::path(target);
  std::ifstream in(stub);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') return line.rfind("remote", 0) == 0;
  return false;
}

/// The identity of a glass database's version file, which every commit replaces (renaming a new
/// one over it): "" when `dir` holds none.
std::string version_file_identity(const std::filesystem::path& dir) {
  struct stat st {};
  if (::stat((dir / "iamglass").c_str(), &st) != 0) return "";
  return "#" + std::to_string(st.st_ino) + "." + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

std::string revision_stamp(const std::string& path) {
  namespace fs = std::filesystem;
  const std::string target = resolved_path(path);
  std::error_code ec;
  const fs::path dir =
      fs::is_directory(target, ec) ? fs::path(target) : fs::path(target).parent_path();
  std::string stamp = target + version_file_identity(dir);
  // A sharded index: its local databases, the dictionary database (which an update commits last)
  // among them.
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory(ec)) stamp += version_file_identity(entry.path());
  return stamp;
}

Index::Index(const std::string& path) : path_(path) {
  open();
}

void Index::open() {
  forget_opened_version();
  open_live_version();
  std::string version = db_.get_metadata(kSchemaVersionKey);
  if (version.empty()) version = db_.get_metadata(kLegacySchemaVersionKey);
  if (version.empty() && stub_starts_remote(opened_target_))
    throw IndexError("the stub " + path_ +
                     " lists a remote database first, but the index's schema version and alias "
                     "table are read from the first database, the local dictionary: add a line "
                     "`auto DIR/dictionary` before its remote lines (DIR: where r2p-index "
                     "--shards wrote the index; see the README on several machines)");
  if (version != std::to_string(kSchemaVersion))
    throw IndexError("the index at " + path_ + " has schema version " +
                     (version.empty() ? std::string("(none)") : version) +
                     ", this r2p-search needs " + std::to_string(kSchemaVersion) +
                     "; rebuild it with: r2p-index --db " + path_);
  try {
    const std::string stored = db_.get_metadata(kAliasesKey);
    aliases_ = stored.empty() ? AliasTable{} : alias_table_from_json(nlohmann::json::parse(stored));
  } catch (const std::exception& e) {
    throw IndexError("the alias table stored in " + path_ + " is damaged (" + e.what() +
                     "); rebuild it with: r2p-index --db " + path_);
  }
  shards_.open(opened_target_, db_);
  // The facet table is shared by the Index objects that opened the same revision of the same
  // databases (a database changed in place, such as a replica, gets a table of its own).
  table_key_ = opened_target_ + shards_.revisions();
}

void Index::forget_opened_version() {
  // Nothing learnt from a version opened before may outlive it, even if this open fails.
  gazetteer_.reset();
  codec_.reset();
  meeting_titles_.clear();
  years_.reset();
  facet_table_.reset();
  shards_.clear();
  facet_searches_ = 0;
  all_meeting_titles_read_ = false;
}

void Index::open_live_version() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string build_hint = "build one with: r2p-index --db " + path_;
  if (!fs::exists(path_, ec))
    throw IndexError("no index at " + path_ + "; " + build_hint +
                     " (or point --db / R2P_DB at an existing index)");
  // r2p-index swaps the live link while readers open it. Xapian opens each file of a database by
  // its path, so the link is resolved once and the version directory it leads to is opened: every
  // file then comes from the same version. If that version is deleted before it is open (two
  // rebuilds in between), the live link is followed again.
  for (int attempt = 0;; ++attempt) {
    const std::string target = resolved_path(path_);
    try {
      db_ = Xapian::Database(target);
      opened_target_ = target;
      break;
    } catch (const Xapian::DatabaseOpeningError& e) {
      if (attempt < 3 && resolved_path(path_) != target) continue;
      throw IndexError("cannot open an index at " + path_ + " (" + e.get_msg() + "); " +
                       build_hint);
    } catch (const Xapian::Error& e) {
      if (attempt < 3 && resolved_path(path_) != target) continue;
      throw IndexError("cannot read the index at " + path_ + ": " + e.get_description() +
                       "; rebuild it with: r2p-index --db " + path_);
    }
  }
}

const FacetTable* Index::facet_table_for_search() {
  // Over several databases a spy is given each one's own document ids (see read_facet_table):
  // shards are counted one by one, in databases of their own.
  if (db_.size() != 1 && shards_.shards().empty()) return nullptr;
  if (!facet_table_) facet_table_ = shared_facet_table(table_key_);
  if (!facet_table_ && ++facet_searches_ >= 2) {
    facet_table_ = shared_facet_table(table_key_, [&] {
      FacetTable table;
      if (shards_.remote()) {
        table = shards_.read_stored_facet_tables();  // the servers cannot stream values
      } else {
        std::vector<std::pair<Field, Xapian::valueno>> widths;
        for (Field field : facet_fields())
          widths.emplace_back(field, facet_width(field_spec(field).name));
        table = read_facet_table(shards_.shards().empty() ? std::vector{db_} : shards_.shards(),
                                 widths);
      }
      for (auto& column : table.columns) column.label_ranks = label_ranks(column);
      return table;
    });
  }
  return facet_table();
}

void Index::read_meeting_titles() {
  if (all_meeting_titles_read_) return;
  const std::string prefix = kMeetingTitleKeyPrefix;
  for (auto key = db_.metadata_keys_begin(prefix); key != db_.metadata_keys_end(prefix); ++key)
    meeting_titles_.emplace((*key).substr(prefix.size()), db_.get_metadata(*key));
  const std::string labels = kMeetingLabelKeyPrefix;
  for (auto key = db_.metadata_keys_begin(labels); key != db_.metadata_keys_end(labels); ++key)
    meeting_labels_.emplace((*key).substr(labels.size()), db_.get_metadata(*key));
  all_meeting_titles_read_ = true;
}

std::vector<std::uint32_t> Index::label_ranks(const FacetColumn& column) {
  if (column.field == Field::meeting) read_meeting_titles();  // one pass, not one lookup each
  std::vector<std::string> labels;
  labels.reserve(column.values.size());
  for (const auto& value : column.values) labels.push_back(facet_label(column.field, value, *this));
  std::vector<std::uint32_t> order(column.values.size());
  for (std::uint32_t id = 0; id < order.size(); ++id) order[id] = id;
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (labels[a] != labels[b]) return labels[a] < labels[b];
    return column.values[a] < column.values[b];
  });
  std::vector<std::uint32_t> ranks(order.size(), 0);
  for (std::uint32_t place = 0; place < order.size(); ++place) ranks[order[place]] = place;
  return ranks;
}

void Index::reopen() {
  open();
}

bool Index::replaced() const {
  return resolved_path(path_) != opened_target_;
}

const Gazetteer& Index::gazetteer() {
  if (!gazetteer_) gazetteer_ = std::make_unique<Gazetteer>(aliases_);
  return *gazetteer_;
}

Record Index::stored_record(const std::string& data) {
  if (!codec_) codec_.emplace(db_.get_metadata(kRecordDictionaryKey));
  return codec_->decode_record(data);
}

std::optional<Record> Index::record(const std::string& id) {
  const std::string term = id_term(id);
  Xapian::PostingIterator it = db_.postlist_begin(term);
  if (it == db_.postlist_end(term)) return std::nullopt;
  return stored_record(record_data(db_.get_document(*it)));
}

std::vector<Record> Index::records_of_type(RecordType type) {
  std::vector<Record> out;
  const std::string term = filter_term(Field::type, to_string(type));
  for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it)
    out.push_back(stored_record(record_data(db_.get_document(*it))));
  return out;
}

std::optional<std::string> Index::meeting_title(const std::string& id) {
  return meeting_metadata(meeting_titles_, kMeetingTitleKeyPrefix, id);
}

std::optional<std::string> Index::meeting_label(const std::string& id) {
  return meeting_metadata(meeting_labels_, kMeetingLabelKeyPrefix, id);
}

std::optional<std::string> Index::meeting_metadata(
    std::map<std::string, std::optional<std::string>>& cache, const char* prefix,
    const std::string& id) {
  if (auto it = cache.find(id); it != cache.end()) return it->second;
  if (all_meeting_titles_read_) return std::nullopt;
  std::optional<std::string> value;
  if (std::string stored = db_.get_metadata(prefix + id); !stored.empty())
    value = std::move(stored);
  return cache.emplace(id, value).first->second;
}

std::vector<std::string> Index::meeting_ids() {
  std::vector<std::string> ids;
  const std::string prefix = filter_term(Field::meeting, "");
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it)
    ids.push_back((*it).substr(prefix.size()));
  return ids;
}

std::vector<int> Index::years() {
  // Read once per version opened: a year filter would otherwise cost a walk over the year terms
  // (a round trip to each remote shard) on every search.
  if (years_) return *years_;
  std::vector<int> out;
  const std::string prefix = field_spec(Field::year).prefix;
  for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
    const std::string value = (*it).substr(prefix.size());
    try {
      out.push_back(std::stoi(value));
    } catch (const std::exception&) {
    }
  }
  std::sort(out.begin(), out.end());
  years_ = out;
  return out;
}

Xapian::valueno Index::facet_width(const std::string& facet_name) {
  const std::string stored = db_.get_metadata(kFacetWidthKeyPrefix + facet_name);
  try {
    return stored.empty() ? 1 : static_cast<Xapian::valueno>(std::stoul(stored));
  } catch (const std::exception&) {
    return 1;
  }
}

}  // namespace r2p
