// Test helpers for exact comparisons: golden files (read whole; compared
// with an output, or rewritten when LAMBDASIM_UPDATE_GOLDEN=1:
//   LAMBDASIM_UPDATE_GOLDEN=1 build/<dir>/tests/lambdasim_tests "[golden]")
// and bit-for-bit equality of two runs' summaries (determinism).
#pragma once

#include <catch2/catch.hpp>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lambdasim/metrics/summary.hpp"

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

// Bitwise equality, so that NaN (an undefined metric) equals NaN.
inline bool same_value(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

// Every flattened metric of two summaries, name and value, bit for bit.
inline void check_same_flatten(const RunSummary& a, const RunSummary& b) {
  const auto fa = flatten(a);
  const auto fb = flatten(b);
  REQUIRE(fa.size() == fb.size());
  for (std::size_t i = 0; i < fa.size(); ++i) {
    INFO(fa[i].first << ": " << fa[i].second << " vs " << fb[i].second);
    CHECK(fa[i].first == fb[i].first);
    CHECK(same_value(fa[i].second, fb[i].second));
  }
}

}  // namespace lambdasim::testing
