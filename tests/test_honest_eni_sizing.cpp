// Issue 12: per-execution ENIs follow AWS's documented sizing, an ENI carries
// 3 GB of environments' memory, so a function needs ceil(concurrency x memory
// / 3 GB) ENIs; whole-environment packing (floor(3 GB / memory) environments
// per ENI) stays an option. `explain` and a run agree on both.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

// One subnet (the formula rounds per subnet), ENIs made in 1 s with no API
// limit in the way; reserved concurrency caps both the run and explain's
// peak at `concurrency`. Arrivals of 1,000/s for 1 s on a 10-minute handler:
// `concurrency` environments start at once and stay.
Scenario legacy_scenario(const std::string& memory, int concurrency, const std::string& packing) {
  const std::string yaml = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: eni-sizing}
spec:
  horizon: 30s
  seed: 1
  network:
    eni_model: per-execution
    eni_api_rate: 100000/s
    eni_api_burst: 100000
    per_execution_creation: {dist: deterministic, value: 1s}
    vpcs:
      main:
        subnets:
          - {name: priv-a, az: use1-az1, cidr: 10.0.0.0/20}
  functions:
    legacy:
      timeout: 15m
      vpc: {vpc: main, subnets: [priv-a], security_groups: [sg]}
      duration: {dist: deterministic, value: 10m}
      init: {dist: deterministic, value: 200ms}
      arrivals:
        - {dist: constant, rate: 1000/s, for: 1s}
)";
  const LoadResult r = load_scenario_text(
      yaml, "eni-sizing.yaml", "",
      {Override{"spec.functions.legacy.memory", memory},
       Override{"spec.functions.legacy.reserved_concurrency", std::to_string(concurrency)},
       Override{"spec.network.per_execution_eni_packing", packing}});
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
}

struct Sized {
  int explained = 0;    // explain's per-execution ENIs
  double run_peak = 0;  // ENIs in service at the run's peak
  std::uint64_t started = 0;
};

Sized size(const std::string& memory, int concurrency, const std::string& packing) {
  const Scenario s = legacy_scenario(memory, concurrency, packing);
  Sized out;
  const Explanation e = explain(s.model, s.run.horizon);
  REQUIRE(e.functions.size() == 1);
  out.explained = e.functions[0].per_execution_enis;
  CHECK(e.per_execution_enis_total == out.explained);
  const ReplicationResult run = run_replication(s, 0);
  REQUIRE(run.summary.network.has_value());
  out.run_peak = run.summary.network->enis_peak;
  REQUIRE(run.summary.functions.size() == 1);
  const FunctionSummary& f = run.summary.functions[0];
  out.started =
      f.attempts - f.outcomes[static_cast<std::size_t>(Outcome::kThrottleReservedConcurrency)];
  return out;
}

}  // namespace

TEST_CASE("per-execution ENIs: 3 GB of memory per ENI, explain and a run agree",
          "[honest][eni][explain]") {
  struct Case {
    const char* memory;
    int concurrency;
    const char* packing;
    int enis;
  };
  // Memory packing is AWS's formula; whole environments was the old model.
  const std::vector<Case> cases{
      {"2GiB", 600, "memory", 400},                // 600 x 2 / 3
      {"1280MiB", 400, "memory", 167},             // ceil(400 x 1.25 / 3) = ceil(166.7)
      {"2GiB", 600, "whole_environments", 600},    // 1 per ENI
      {"1280MiB", 400, "whole_environments", 200}  // 2 per ENI
  };
  for (const Case& c : cases) {
    INFO(c.memory << " x " << c.concurrency << ", " << c.packing);
    const Sized s = size(c.memory, c.concurrency, c.packing);
    CHECK(s.started == static_cast<std::uint64_t>(c.concurrency));
    CHECK(s.explained == c.enis);
    CHECK(s.run_peak == c.enis);
  }
}

TEST_CASE("per-execution ENIs: memory packing is the default", "[honest][eni]") {
  CHECK(NetworkConfig{}.per_execution_eni_packing == EniPacking::kMemory);
}
