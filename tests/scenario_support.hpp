// Test helper: a scenario file loaded with overrides, the test failing with
// the loader's diagnostics when it does not load.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lambdasim/scenario/loader.hpp"

namespace lambdasim::testing {

inline Scenario load_ok(const std::string& path, const std::vector<Override>& overrides = {}) {
  const LoadResult r = load_scenario_file(path, overrides);
  INFO(path << "\n" << format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

}  // namespace lambdasim::testing
