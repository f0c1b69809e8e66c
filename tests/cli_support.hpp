// Running the lambdasim executable from tests: shell quoting, a temporary
// directory removed at the end of a test, and `cli(args)` returning the exit
// code with what it wrote on stdout and stderr.
#pragma once

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "golden.hpp"

namespace lambdasim::testing {

namespace fs = std::filesystem;

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

inline void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("lambdasim_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

// Runs `lambdasim <args>` (args are shell words, already quoted as needed),
// stdin from /dev/null; killed after 300 s, so that a hang fails the test
// instead of blocking the suite.
inline CliResult cli(const std::string& args) {
  const TempDir io;
  const std::string out = io / "stdout";
  const std::string err = io / "stderr";
  const std::string command = "timeout 300 " + quote(LAMBDASIM_CLI) + " " + args + " </dev/null >" +
                              quote(out) + " 2>" + quote(err);
  const int status = std::system(command.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  return r;
}

inline std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir))
    out.insert(entry.path().filename().string());
  return out;
}

inline nlohmann::json parse_json(const std::string& text) {
  INFO(text.substr(0, 2000));
  REQUIRE(nlohmann::json::accept(text));
  return nlohmann::json::parse(text);
}

}  // namespace lambdasim::testing
