// Test helpers for golden files: read a file whole, and compare an output
// with its golden file (rewritten instead when LAMBDASIM_UPDATE_GOLDEN=1:
//   LAMBDASIM_UPDATE_GOLDEN=1 build/<dir>/tests/lambdasim_tests "[golden]").
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lambdasim::testing {

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `review` says what to look at in the diff before committing a new golden file.
inline void check_golden(const std::string& golden_path, const std::string& actual,
                         const std::string& review) {
  const char* update = std::getenv("LAMBDASIM_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(golden_path, std::ios::binary) << actual;
    WARN("rewrote " << golden_path << ": review the diff before committing it");
  }
  const std::string regenerate =
      "If the new output is right, regenerate the golden file with\n"
      "  LAMBDASIM_UPDATE_GOLDEN=1 lambdasim_tests \"[golden]\"\n"
      "and review the diff (" +
      review + ").";
  if (!std::filesystem::exists(golden_path)) {
    FAIL("golden file " << golden_path << " is missing. Actual output:\n"
                        << actual << "\n"
                        << regenerate);
  }
  INFO("output differs from " << golden_path << ". Actual output:\n"
                              << actual << "\n"
                              << regenerate);
  CHECK(actual == read_text(golden_path));
}

}  // namespace lambdasim::testing
