// Golden numbers of the fault timeline: every fault kind once, in turn, on a
// tiny scenario (tests/data/golden/faults_tiny.yaml). The run is a pure
// function of the scenario, so its fault-window metrics and totals are
// compared exactly with tests/data/golden/faults_tiny.txt (golden.hpp says
// how to regenerate it).
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include <fmt/format.h>

#include "golden.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;
using lambdasim::testing::check_golden;

namespace {

const std::string kGolden = std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/golden/";

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
      CHECK(flat.at(prefix + "outcomes_" + own_error[i]) > 10);
    }
  }
  // Only the ENI creation fault fails creations, and only the refusing
  // target refuses: a cold start's calls run after its ENI wait (3-15 s here)
  // and init, so every refusal happens, and is counted, inside the window.
  CHECK(flat.at("total.outcomes_eni_creation_failed") ==
        flat.at("faults.3.outcomes_eni_creation_failed"));
  CHECK(flat.at("total.outcomes_target_refused") == flat.at("faults.6.outcomes_target_refused"));
  CHECK(flat.at("faults.6.availability") == 0.0);  // every invocation calls `web`

  check_golden(kGolden + "faults_tiny.txt", golden_text(r.summary),
               "which fault windows and totals moved, and why");
}
