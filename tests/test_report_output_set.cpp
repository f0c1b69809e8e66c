// OutputSet / write_output_set / check_output_dir: the files of one --out
// directory are replaced together or not at all, the stage never stays
// behind, and a bad directory is refused before any simulating.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "golden.hpp"
#include "lambdasim/report/atomic_file.hpp"

using namespace lambdasim;
namespace fs = std::filesystem;
using lambdasim::testing::read_text;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path =
        fs::temp_directory_path() / ("lambdasim_test_outset_" + std::to_string(::getpid()) + "_" +
                                     std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("write_output_set writes every file and replaces the previous set", "[report][outset]") {
  TempDir dir;
  REQUIRE(write_output_set(dir.path, {{"a.json", "a1"}, {"b.csv", "b1"}, {"c.json", "c1"}}));
  CHECK(names_in(dir.path) == std::set<std::string>{"a.json", "b.csv", "c.json"});
  CHECK(read_text(dir.path / "b.csv") == "b1");

  write(dir.path / "notes.txt", "mine");  // a file of the user's stays
  REQUIRE(write_output_set(dir.path, {{"a.json", "a2"}, {"b.csv", "b2"}, {"c.json", "c2"}}));
  CHECK(names_in(dir.path) == std::set<std::string>{"a.json", "b.csv", "c.json", "notes.txt"});
  CHECK(read_text(dir.path / "a.json") == "a2");
  CHECK(read_text(dir.path / "c.json") == "c2");
  CHECK(read_text(dir.path / "notes.txt") == "mine");
}

TEST_CASE("a set that fails at its last rename leaves the previous files untouched",
          "[report][outset]") {
  TempDir dir;
  REQUIRE(write_output_set(dir.path, {{"a.json", "old a"}, {"b.csv", "old b"}}));
  // c.json is a directory: the renames of a.json and b.csv succeed, then
  // c.json's fails, and the first two must be undone.
  fs::create_directories(dir.path / "c.json" / "inside");
  const WriteResult r =
      write_output_set(dir.path, {{"a.json", "new a"}, {"b.csv", "new b"}, {"c.json", "new c"}});
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("c.json") != std::string::npos);
  CHECK(r.error.find("Is a directory") != std::string::npos);
  CHECK(read_text(dir.path / "a.json") == "old a");
  CHECK(read_text(dir.path / "b.csv") == "old b");
  CHECK(fs::is_directory(dir.path / "c.json" / "inside"));
  CHECK(names_in(dir.path) == std::set<std::string>{"a.json", "b.csv", "c.json"});  // no stage

  SECTION("a file that did not exist before is removed again") {
    const WriteResult again = write_output_set(
        dir.path, {{"a.json", "new a"}, {"fresh.csv", "new"}, {"c.json", "new c"}});
    CHECK_FALSE(again.ok);
    CHECK(read_text(dir.path / "a.json") == "old a");
    CHECK_FALSE(fs::exists(dir.path / "fresh.csv"));
    CHECK(names_in(dir.path) == std::set<std::string>{"a.json", "b.csv", "c.json"});
  }
}

TEST_CASE("OutputSet: discarded or destroyed before commit, nothing changes", "[report][outset]") {
  TempDir dir;
  write(dir.path / "a.json", "old");
  {
    OutputSet out(dir.path);
    REQUIRE(out.open());
    REQUIRE(out.add("a.json", "new"));
    // A streaming writer writes its file in the stage itself.
    write(out.staged_path("stream.csv"), "rows\n");
    REQUIRE(out.add_written("stream.csv"));
    CHECK(names_in(dir.path).size() == 2);  // a.json and the stage
    CHECK_FALSE(out.add_written("never-written.csv").ok);
  }
  CHECK(read_text(dir.path / "a.json") == "old");
  CHECK(names_in(dir.path) == std::set<std::string>{"a.json"});

  OutputSet out(dir.path);
  REQUIRE(out.open());
  REQUIRE(out.add("a.json", "new"));
  write(out.staged_path("stream.csv"), "rows\n");
  REQUIRE(out.add_written("stream.csv"));
  REQUIRE(out.commit());
  CHECK(read_text(dir.path / "a.json") == "new");
  CHECK(read_text(dir.path / "stream.csv") == "rows\n");
  CHECK(names_in(dir.path) == std::set<std::string>{"a.json", "stream.csv"});
}

TEST_CASE("check_output_dir creates the directory and refuses what cannot hold the outputs",
          "[report][outset]") {
  TempDir dir;
  SECTION("missing: created with its parents, nothing else left in it") {
    const fs::path out = dir.path / "x" / "y";
    REQUIRE(check_output_dir(out, {"summary.json"}));
    CHECK(fs::is_directory(out));
    CHECK(names_in(out).empty());
  }
  SECTION("a regular file") {
    write(dir.path / "file", "x");
    const WriteResult r = check_output_dir(dir.path / "file", {"summary.json"});
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("not a directory") != std::string::npos);
    CHECK(read_text(dir.path / "file") == "x");
  }
  SECTION("under a regular file") {
    write(dir.path / "file", "x");
    const WriteResult r = check_output_dir(dir.path / "file" / "out", {"summary.json"});
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("cannot create") != std::string::npos);
  }
  SECTION("an output name taken by a directory") {
    fs::create_directories(dir.path / "summary.json");
    const WriteResult r = check_output_dir(dir.path, {"timeseries.csv", "summary.json"});
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("summary.json") != std::string::npos);
  }
}
