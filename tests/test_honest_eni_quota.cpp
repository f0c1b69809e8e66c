// Issue 12: Lambda knows its ENI quota. With it reached, a per-execution cold
// start that needs a new ENI is refused with ENILimitReachedException without
// calling the EC2 API, so it spends no API token and is never reported as
// EC2ThrottledException.
#include <catch2/catch.hpp>

#include <string>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

std::uint64_t count(const FunctionSummary& f, Outcome o) {
  return f.outcomes[static_cast<std::size_t>(o)];
}

// 20 cold starts in 2 s (10 minutes each, 3 GB: one environment per ENI),
// 2 network interfaces allowed in the region, an EC2 API bucket of 3 tokens
// refilled at 0.01/s. Two ENIs are made; the quota refuses the other 18.
// Before: the third cold start spent the last token and met the quota
// (1 ENILimitReached), the 17 after it found the bucket empty (17
// EC2ThrottledException).
const char* const kScenario = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: quota-before-api}
spec:
  horizon: 30s
  seed: 1
  network:
    eni_model: per-execution
    network_interfaces_per_region: 2
    eni_api_burst: 3
    eni_api_rate: 0.01/s
    per_execution_creation: {dist: deterministic, value: 1s}
    vpcs:
      main:
        subnets:
          - {name: priv-a, az: use1-az1, cidr: 10.0.0.0/24}
  functions:
    legacy:
      memory: 3GiB
      timeout: 15m
      vpc: {vpc: main, subnets: [priv-a], security_groups: [sg]}
      duration: {dist: deterministic, value: 10m}
      init: {dist: deterministic, value: 200ms}
      arrivals:
        - {dist: constant, rate: 10/s, for: 2s}
)";

}  // namespace

TEST_CASE("a reached ENI quota refuses cold starts before any EC2 API call", "[honest][eni]") {
  const LoadResult r = load_scenario_text(kScenario, "quota.yaml", "");
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  const ReplicationResult run = run_replication(*r.scenario, 0);
  REQUIRE(run.summary.functions.size() == 1);
  const FunctionSummary& f = run.summary.functions[0];
  CHECK(f.attempts == 20);
  CHECK(count(f, Outcome::kEniLimitReached) == 18);
  CHECK(count(f, Outcome::kEc2Throttled) == 0);  // before: 17
  REQUIRE(run.summary.network.has_value());
  CHECK(run.summary.network->enis_peak == 2);
}
