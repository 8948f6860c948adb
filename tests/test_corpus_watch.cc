// r2p-index --watch: when a burst of changes is due for an update (no clock: time points given),
// and which changes in a corpus folder the inotify watches report.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

#include "core/error.h"
#include "indexer/corpus_watch.h"
#include "indexer/folder_watch.h"

namespace {

using r2p::ChangeBatch;
using std::chrono::milliseconds;
namespace fs = std::filesystem;

const ChangeBatch::Clock::time_point t0{};

ChangeBatch::Clock::time_point at(int ms) {
  return t0 + milliseconds(ms);
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

/// A fresh folder under the temporary directory, removed at the end of the test.
struct TempFolder {
  fs::path path;
  TempFolder() {
    std::string name = (fs::temp_directory_path() / "r2p-watch-XXXXXX").string();
    REQUIRE(::mkdtemp(name.data()));
    path = name;
  }
  ~TempFolder() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("A batch with no event waits for one without a time limit", "[watch]") {
  ChangeBatch batch(milliseconds(400), milliseconds(5000));
  CHECK_FALSE(batch.pending());
  CHECK(batch.wait_ms(at(0)) == -1);
  CHECK_FALSE(batch.due(at(100000)));
}

TEST_CASE("A batch is due once no event came for the quiet time", "[watch]") {
  ChangeBatch batch(milliseconds(400), milliseconds(5000));
  batch.note(at(0));
  CHECK(batch.pending());
  CHECK(batch.wait_ms(at(0)) == 400);
  CHECK_FALSE(batch.due(at(399)));
  batch.note(at(300));  // a new event starts the quiet time again
  CHECK(batch.wait_ms(at(300)) == 400);
  CHECK_FALSE(batch.due(at(500)));
  CHECK(batch.due(at(700)));
  CHECK(batch.wait_ms(at(900)) == 0);
  batch.clear();
  CHECK_FALSE(batch.pending());
  CHECK_FALSE(batch.due(at(2000)));
}

TEST_CASE("Events that never stop still get an update after the longest wait", "[watch]") {
  ChangeBatch batch(milliseconds(400), milliseconds(1000));
  for (int t = 0; t < 1000; t += 100) {
    batch.note(at(t));
    CHECK_FALSE(batch.due(at(t)));
  }
  CHECK(batch.wait_ms(at(900)) == 100);
  CHECK(batch.due(at(1000)));
}

TEST_CASE("The watch reports changes to corpus files, in new folders too, not hidden ones",
          "[watch]") {
  TempFolder corpus;
  write_file(corpus.path / "a.md", "# A\n\ntext\n");
  r2p::FolderWatch watch({corpus.path.string()});
  CHECK_FALSE(watch.read_events());

  write_file(corpus.path / ".a.md.swp", "editor state");
  CHECK_FALSE(watch.read_events());
  write_file(corpus.path / "a.md", "# A\n\nnew text\n");
  CHECK(watch.read_events());
  CHECK_FALSE(watch.read_events());  // every event was read

  fs::create_directories(corpus.path / "new");
  CHECK(watch.read_events());
  write_file(corpus.path / "new" / "b.txt", "B\n\ntext\n");
  CHECK(watch.read_events());  // the new folder is watched
  fs::rename(corpus.path / "new", corpus.path / "moved");
  CHECK(watch.read_events());
  fs::remove(corpus.path / "moved" / "b.txt");
  CHECK(watch.read_events());  // the moved folder is watched where it is now
  write_file(corpus.path / r2p::kIgnoreFile, "moved/\n");
  CHECK(watch.read_events());  // what to leave out changed
  CHECK(watch.lost_root().empty());
}

TEST_CASE("A corpus root that goes away is reported", "[watch]") {
  TempFolder parent;
  fs::create_directories(parent.path / "corpus");
  r2p::FolderWatch watch({(parent.path / "corpus").string()});
  fs::rename(parent.path / "corpus", parent.path / "elsewhere");
  watch.read_events();
  CHECK(watch.lost_root() == (parent.path / "corpus").string());
}

TEST_CASE("A folder that cannot be watched is a usage error naming it", "[watch]") {
  CHECK_THROWS_WITH(r2p::FolderWatch({"/no/such/corpus"}),
                    Catch::Contains("cannot watch corpus folder /no/such/corpus"));
}
