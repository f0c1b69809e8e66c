// Test helper: the paths of every scenario in scenarios/, sorted, for the
// tests that run each shipped scenario.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace lambdasim::testing {

inline std::vector<std::string> shipped_scenarios() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(LAMBDASIM_SOURCE_DIR) / "scenarios")) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace lambdasim::testing
