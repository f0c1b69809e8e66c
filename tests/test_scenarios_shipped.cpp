// Every shipped scenario (scenarios/*.yaml, found by listing the directory so
// new ones are covered) loads without errors, runs a short replication with
// traffic and gives the same summary twice; scenarios whose faults begin after
// the short horizon also run through their last fault; every variant loads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "golden.hpp"
#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/model/explain.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "shipped_scenarios.hpp"

using namespace lambdasim;
using lambdasim::testing::check_same_flatten;
using lambdasim::testing::shipped_scenarios;

namespace {

namespace fs = std::filesystem;

// A duration the loader reads back exactly.
std::string duration_text(SimTime t) {
  if (t.count() % seconds(1).count() == 0)
    return std::to_string(t.count() / seconds(1).count()) + "s";
  return std::to_string(t.count()) + "ns";
}

Scenario load_ok(const std::string& path, const std::vector<Override>& overrides = {}) {
  const LoadResult r = load_scenario_file(path, overrides);
  INFO(path << "\n" << format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  CHECK(count_errors(r.diagnostics) == 0);
  return *r.scenario;
}

// Runs replication 0 twice: traffic, and the same summary both times.
void run_twice_and_check(const Scenario& s) {
  const ReplicationResult first = run_replication(s, 0);
  const ReplicationResult second = run_replication(s, 0);
  CHECK(first.summary.total.attempts > 0);
  CHECK(first.events == second.events);
  check_same_flatten(first.summary, second.summary);
}

// The end of the last fault (the start of an open-ended one); zero without faults.
SimTime last_fault_end(const Scenario& s) {
  SimTime end = kTimeZero;
  for (const FaultConfig& f : s.model.faults.timeline) {
    end = std::max(end, f.duration == kTimeInfinity ? f.at : f.at + f.duration);
  }
  return end;
}

SimTime latest_fault_start(const Scenario& s) {
  SimTime start = kTimeZero;
  for (const FaultConfig& f : s.model.faults.timeline) start = std::max(start, f.at);
  return start;
}

constexpr SimTime kShortHorizon = minutes(2);

// Rough number of invocations of a run: peak arrival rate x horizon.
double estimated_invocations(const Scenario& s, SimTime horizon) {
  double rate = 0;
  for (const FunctionConfig& f : s.model.functions) rate += peak_arrival_rate(f, horizon);
  return rate * to_seconds(horizon);
}

// Runs past the last fault cheaper than this stay in the fast test case.
constexpr double kFastFaultReplayInvocations = 300'000;

struct FaultReplay {
  std::string path;
  std::vector<Override> overrides;
};

// The long fault replays: horizon = last fault end + 1 min, 10 s buckets.
std::vector<FaultReplay> fault_replays(bool slow) {
  std::vector<FaultReplay> out;
  for (const std::string& path : shipped_scenarios()) {
    const LoadResult r = load_scenario_file(path);
    if (!r.ok()) continue;  // reported by the test case below
    const Scenario& s = *r.scenario;
    const SimTime short_horizon = std::min(s.run.horizon, kShortHorizon);
    if (s.model.faults.timeline.empty() || latest_fault_start(s) < short_horizon) continue;
    const SimTime horizon = last_fault_end(s) + minutes(1);
    const bool is_slow = estimated_invocations(s, horizon) > kFastFaultReplayInvocations;
    if (is_slow != slow) continue;
    out.push_back({path,
                   {Override{"spec.horizon", duration_text(horizon)},
                    Override{"spec.timeseries_interval", "10s"}}});
  }
  return out;
}

void run_fault_replays(bool slow) {
  for (const FaultReplay& replay : fault_replays(slow)) {
    SECTION(fs::path(replay.path).filename().string()) {
      const Scenario s = load_ok(replay.path, replay.overrides);
      INFO(replay.path << " to " << format_time(s.run.horizon));
      const ReplicationResult first = run_replication(s, 0);
      const ReplicationResult second = run_replication(s, 0);
      CHECK(first.summary.total.attempts > 0);
      check_same_flatten(first.summary, second.summary);
      // Every fault of the timeline began inside the run.
      REQUIRE(first.summary.faults.size() == s.model.faults.timeline.size());
      for (const FaultWindowSummary& w : first.summary.faults) {
        INFO("fault " << w.index << " " << w.kind << " " << w.subject);
        CHECK(w.started);
        CHECK(w.attempts > 0);
      }
    }
  }
}

}  // namespace

TEST_CASE("the scenarios directory holds scenarios", "[scenarios][shipped]") {
  CHECK(shipped_scenarios().size() >= 10);
}

TEST_CASE("every shipped scenario loads and runs deterministically at a short horizon",
          "[scenarios][shipped]") {
  for (const std::string& path : shipped_scenarios()) {
    SECTION(fs::path(path).filename().string()) {
      const Scenario base = load_ok(path);
      CHECK(!base.name.empty());
      const SimTime horizon = std::min(base.run.horizon, kShortHorizon);
      const Scenario s = load_ok(path, {Override{"spec.horizon", duration_text(horizon)}});
      CHECK(s.run.horizon == horizon);
      // The short run keeps the faults: only the horizon changes.
      CHECK(s.model.faults.timeline.size() == base.model.faults.timeline.size());
      INFO(path);
      run_twice_and_check(s);
    }
  }
}

TEST_CASE("shipped scenarios with late faults replay through their last fault",
          "[scenarios][shipped][faults]") {
  run_fault_replays(false);
}

TEST_CASE("shipped scenarios with late faults replay through their last fault (long runs)",
          "[scenarios][shipped][faults][slow]") {
  run_fault_replays(true);
}

TEST_CASE("at least one shipped scenario replays a fault past the short horizon",
          "[scenarios][shipped][faults]") {
  CHECK(fault_replays(false).size() + fault_replays(true).size() >= 1);
}

TEST_CASE("every variant of every shipped scenario loads", "[scenarios][shipped][variants]") {
  std::size_t with_variants = 0;
  for (const std::string& path : shipped_scenarios()) {
    const Scenario base = load_ok(path);
    if (!base.variants.empty()) ++with_variants;
    for (const Variant& v : base.variants) {
      const LoadResult r = load_scenario_variant(path, v.name);
      INFO(path << " variant " << v.name << "\n" << format_diagnostics(r.diagnostics));
      CHECK(r.ok());
      if (!r.ok()) continue;
      CHECK(r.scenario->hash == base.hash);
      CHECK(r.scenario->model.functions.size() == base.model.functions.size());
    }
  }
  CHECK(with_variants >= 3);
}
