// Index building and the atomic swap of the live index link.
#include "indexer/index_writer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <sstream>

#include <xapian.h>

#include "core/error.h"
#include "core/record_json.h"
#include "core/schema.h"
#include "core/text.h"
#include "indexer/document_builder.h"

namespace r2p {
namespace {

namespace fs = std::filesystem;

/// Holds an exclusive lock on `<db>.lock` so two indexers never swap the same link at once.
class WriterLock {
 public:
  explicit WriterLock(const fs::path& path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
      throw IndexError("cannot create the lock file " + path.string() +
                       "; check that its directory is writable");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw IndexError("another r2p-index is writing this index (" + path.string() +
                       " is locked); wait for it to finish");
    }
  }
  ~WriterLock() {
    if (fd_ >= 0) ::close(fd_);
  }
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  int fd_ = -1;
};

void sync_directory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

/// The words of `text` as the QueryParser lowercases them (no stemming), in order.
std::vector<std::string> parser_words(const std::string& text) {
  Xapian::TermGenerator generator;
  Xapian::Document doc;
  generator.set_document(doc);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
  generator.index_text(text);
  std::vector<std::pair<Xapian::termpos, std::string>> positioned;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
      positioned.emplace_back(*p, *t);
  std::sort(positioned.begin(), positioned.end());
  std::vector<std::string> words;
  for (auto& [pos, word] : positioned) words.push_back(word);
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

}  // namespace

std::vector<std::string> synonym_keys(const std::string& name) {
  const auto words = parser_words(name);
  std::vector<std::string> keys;
  if (words.empty()) return keys;
  if (words.size() == 1) {
    keys.push_back(stemmed_term(words[0]));
    return keys;
  }
  keys.push_back(join(words));
  std::vector<std::string> folded;
  for (const auto& w : words) folded.push_back(fold(w));
  if (join(folded) != keys[0]) keys.push_back(join(folded));
  return keys;
}

int add_synonyms(Xapian::WritableDatabase& db, const Gazetteer& gazetteer) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& org : gazetteer.organisations()) {
    const std::string target = filter_term(Field::organisation, org.id);
    std::vector<std::string> names = org.acronyms;
    names.push_back(org.name);
    names.insert(names.end(), org.variants.begin(), org.variants.end());
    for (const auto& name : names)
      for (const auto& key : synonym_keys(name)) pairs.emplace(key, target);
  }
  for (const auto& [name, code] : gazetteer.country_names()) {
    const Country* country = gazetteer.country(code);
    if (!country) continue;
    const auto english = parser_words(country->english_name());
    for (const auto& key : synonym_keys(name)) {
      pairs.emplace(key, filter_term(Field::country, code));
      if (english.size() == 1) {
        const std::string english_term = stemmed_term(english[0]);
        if (english_term != key) pairs.emplace(key, english_term);
      }
    }
  }
  std::set<std::string> keys;
  for (const auto& [key, target] : pairs) {
    if (key.size() > 200 || target.size() > 200) continue;  // Xapian's term length limit
    db.add_synonym(key, target);
    keys.insert(key);
  }
  return static_cast<int>(keys.size());
}

IndexSummary write_index(const std::vector<Record>& records, const AliasTable& aliases,
                         const Gazetteer& gazetteer, const std::string& db_path,
                         const ProgressCallback& progress) {
  const fs::path live = fs::absolute(db_path).lexically_normal();
  const fs::path parent = live.parent_path();
  const std::string name = live.filename().string();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec)
    throw IndexError("cannot create " + parent.string() + ": " + ec.message() +
                     "; choose another --db location");
  if (fs::exists(fs::symlink_status(live)) && !fs::is_symlink(fs::symlink_status(live))) {
    if (fs::is_directory(live) && fs::is_empty(live, ec)) {
      fs::remove(live, ec);
    } else {
      throw IndexError(live.string() +
                       " exists and is not an r2p-kb index link; remove it or choose another --db");
    }
  }
  WriterLock lock(parent / ("." + name + ".lock"));

  const auto stamp = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  const std::string version =
      "." + name + ".v" + std::to_string(stamp) + "-" + std::to_string(::getpid());
  const fs::path build_dir = parent / version;
  IndexSummary summary;
  try {
    {
      Xapian::WritableDatabase db(build_dir.string(), Xapian::DB_CREATE);
      Xapian::TermGenerator generator = make_term_generator();
      generator.set_database(db);
      generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
      std::map<Field, std::size_t> widths;
      std::set<std::string> countries;
      std::size_t done = 0;
      for (const auto& record : records) {
        db.replace_document(id_term(record.id), build_document(record, gazetteer, generator));
        for (const auto& [field, values] : facet_values(record))
          widths[field] = std::max(widths[field], values.size());
        countries.insert(record.countries.begin(), record.countries.end());
        ++summary.records_per_type[to_string(record.type)];
        if (progress) progress(++done, records.size());
      }
      for (Field field : facet_fields())
        db.set_metadata(kFacetWidthKeyPrefix + std::string(field_spec(field).name),
                        std::to_string(widths[field]));
      db.set_metadata(kSchemaVersionKey, std::to_string(kSchemaVersion));
      db.set_metadata(kAliasesKey, alias_table_to_json(aliases).dump());
      summary.synonyms = add_synonyms(db, gazetteer);
      summary.countries_tied = static_cast<int>(countries.size());
      db.commit();
      db.close();
    }
    // Check before going live: structure, and that every record made it in.
    std::ostringstream check_log;
    if (Xapian::Database::check(build_dir.string(), Xapian::DBCHECK_SHORT_TREE, &check_log) != 0)
      throw IndexError("the new index failed its consistency check:\n" + check_log.str());
    Xapian::Database built(build_dir.string());
    summary.documents = static_cast<int>(built.get_doccount());
    if (summary.documents != static_cast<int>(records.size()))
      throw IndexError("the new index holds " + std::to_string(summary.documents) +
                       " documents, expected " + std::to_string(records.size()));
  } catch (const Xapian::Error& e) {
    fs::remove_all(build_dir, ec);
    throw IndexError("cannot build the index in " + build_dir.string() + ": " +
                     e.get_description() + "; check free space and permissions");
  } catch (...) {
    fs::remove_all(build_dir, ec);
    throw;
  }

  // Swap: a new symlink renamed over the live one is atomic; readers see old or new, never none.
  std::string previous;
  if (fs::is_symlink(live)) previous = fs::read_symlink(live, ec).filename().string();
  const fs::path temp_link = parent / ("." + name + ".link-" + std::to_string(::getpid()));
  fs::remove(temp_link, ec);
  fs::create_directory_symlink(version, temp_link, ec);
  if (!ec) fs::rename(temp_link, live, ec);
  if (ec) {
    fs::remove(temp_link, ec);
    fs::remove_all(build_dir, ec);
    throw IndexError("cannot make " + live.string() + " point to the new index: " + ec.message());
  }
  sync_directory(parent);
  summary.database = build_dir.string();

  // Keep the previous version for readers that still have it open; remove older ones and the
  // leftovers of killed runs.
  const std::string own_prefix = "." + name + ".v";
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(own_prefix, 0) != 0 || file == version || file == previous) continue;
    std::error_code ignored;
    fs::remove_all(entry.path(), ignored);
  }
  return summary;
}

}  // namespace r2p
