// write_file_atomic: the file appears whole, replaces an old one, and failures
// return an error and leave no temporary file behind.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lambdasim/report/atomic_file.hpp"

using namespace lambdasim;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path =
        fs::temp_directory_path() / ("lambdasim_test_atomic_" + std::to_string(::getpid()) + "_" +
                                     std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("write_file_atomic writes and replaces whole files", "[report][atomic]") {
  TempDir dir;
  const fs::path file = dir.path / "summary.json";
  std::string big(1 << 20, 'x');
  big.back() = '\n';
  const WriteResult r = write_file_atomic(file, big);
  REQUIRE(r.ok);
  CHECK(r.error.empty());
  CHECK(read(file) == big);

  REQUIRE(write_file_atomic(file, "second\n"));
  CHECK(read(file) == "second\n");
  REQUIRE(write_file_atomic(dir.path / "empty.csv", ""));
  CHECK(fs::file_size(dir.path / "empty.csv") == 0);
  CHECK(entries(dir.path) == 2);  // no temporary files left
}

TEST_CASE("write_file_atomic reports errors and leaves no temporary", "[report][atomic]") {
  TempDir dir;
  SECTION("missing directory") {
    const WriteResult r = write_file_atomic(dir.path / "no" / "such" / "out.json", "{}");
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("out.json") != std::string::npos);
    CHECK(entries(dir.path) == 0);
  }
  SECTION("the destination is a non-empty directory: rename fails") {
    fs::create_directories(dir.path / "taken" / "inside");
    const WriteResult r = write_file_atomic(dir.path / "taken", "content");
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("rename") != std::string::npos);
    CHECK(entries(dir.path) == 1);  // only "taken": the temporary was removed
  }
  SECTION("unwritable directory") {
    if (::geteuid() == 0) {
      WARN("running as root: permissions do not stop writes, skipped");
      return;
    }
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    const WriteResult r = write_file_atomic(dir.path / "out.json", "{}");
    CHECK_FALSE(r.ok);
    fs::permissions(dir.path, fs::perms::owner_all);
    CHECK(entries(dir.path) == 0);
  }
  SECTION("bool form with an error string") {
    std::string error;
    CHECK_FALSE(write_file_atomic((dir.path / "missing" / "x.csv").string(), "x", &error));
    CHECK(error.find("x.csv") != std::string::npos);
    CHECK(write_file_atomic((dir.path / "x.csv").string(), "x", nullptr));
    CHECK(read(dir.path / "x.csv") == "x");
  }
  SECTION("no file name") {
    CHECK_FALSE(write_file_atomic(dir.path / "", "x").ok);
  }
}
