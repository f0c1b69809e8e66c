// Golden numbers of the fault timeline: every fault kind once, in turn, on a
// tiny scenario (tests/data/golden/faults_tiny.yaml). The run is a pure
// function of the scenario, so its fault-window metrics and totals are
// compared exactly with tests/data/golden/faults_tiny.txt. After a change
// that is meant to move them, regenerate with
//   LAMBDASIM_UPDATE_GOLDEN=1 build/<dir>/tests/lambdasim_tests "[golden]"
// and review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

const std::string kGolden = std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/golden/";

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "name value" lines of the fault windows and the run's totals.
std::string golden_text(const RunSummary& summary) {
  std::string out;
  for (const auto& [name, value] : flatten(summary)) {
    if (name.rfind("faults.", 0) == 0 || name.rfind("total.", 0) == 0) {
      out += fmt::format("{} {:.9g}\n", name, value);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("every fault kind on a tiny scenario: golden numbers", "[faults][golden]") {
  const std::string input = kGolden + "faults_tiny.yaml";
  const LoadResult loaded = load_scenario_file(input, {});
  INFO(format_diagnostics(loaded.diagnostics));
  REQUIRE(loaded.ok());
  const ReplicationResult r = run_replication(*loaded.scenario, 0);

  // What each fault must do, whatever the exact numbers: every kind but
  // `latency` costs availability inside its window, each with its own error.
  std::map<std::string, double> flat;
  for (const auto& [name, value] : flatten(r.summary)) flat[name] = value;
  const char* own_error[] = {"az_failure",          "call_timeout",  "call_timeout",
                             "eni_creation_failed", "ec2_throttled", nullptr,
                             "target_refused",      "call_timeout"};
  for (int i = 0; i < 8; ++i) {
    INFO("fault " << i);
    const std::string prefix = fmt::format("faults.{}.", i);
    if (own_error[i] == nullptr) {
      CHECK(flat.at(prefix + "availability") == 1.0);
    } else {
      CHECK(flat.at(prefix + "availability") < 0.9);
      CHECK(flat.at(prefix + own_error[i]) > 10);
    }
  }
  // Only the ENI creation fault fails creations, and only the refusing
  // target refuses: a cold start's calls run after its ENI wait (3-15 s here)
  // and init, so every refusal happens, and is counted, inside the window.
  CHECK(flat.at("total.eni_creation_failed") == flat.at("faults.3.eni_creation_failed"));
  CHECK(flat.at("total.target_refused") == flat.at("faults.6.target_refused"));
  CHECK(flat.at("faults.6.availability") == 0.0);  // every invocation calls `web`

  const std::string actual = golden_text(r.summary);
  const std::string golden_path = kGolden + "faults_tiny.txt";
  const char* update = std::getenv("LAMBDASIM_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(golden_path, std::ios::binary) << actual;
    WARN("rewrote " << golden_path << ": review the diff before committing it");
  }
  if (!std::filesystem::exists(golden_path)) {
    FAIL("golden file " << golden_path << " is missing. Actual:\n" << actual);
  }
  const std::string expected = read_text(golden_path);
  INFO("fault metrics differ from " << golden_path
                                    << ". If the change is meant, regenerate with\n"
                                       "  LAMBDASIM_UPDATE_GOLDEN=1 lambdasim_tests \"[golden]\"\n"
                                       "and review the diff. Actual:\n"
                                    << actual);
  CHECK(actual == expected);
}
