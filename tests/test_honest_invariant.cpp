// Issue 12, "the numbers add up": every attempt of a run ends as a success, a
// throttle (429), a function error, a platform error (any other failure), or
// is still running at the horizon. Checked per function and for the total on every shipped scenario
// and on a run of each fault kind cut off in the middle of its fault, against
// the model's own count of running invocations. Async final states (expired,
// destination, dropped) count events, not attempts: they are outside it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/metrics/collector.hpp"
#include "lambdasim/model/fault_kinds.hpp"
#include "lambdasim/model/lambda_model.hpp"
#include "lambdasim/report/table.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "scenario_support.hpp"
#include "shipped_scenarios.hpp"

using namespace lambdasim;
using lambdasim::testing::shipped_scenarios;

namespace {

namespace fs = std::filesystem;

using lambdasim::testing::load_ok;

bool is_async_final_state(Outcome o) {
  return o == Outcome::kAsyncExpired || o == Outcome::kAsyncDestination ||
         o == Outcome::kAsyncDropped;
}

// Attempts by outcome, leaving out the async final states (events).
std::uint64_t attempt_outcomes(const FunctionSummary& f) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    if (!is_async_final_state(static_cast<Outcome>(i))) n += f.outcomes[i];
  }
  return n;
}

// Outcomes only a completion has: the code ran and failed (function errors).
std::uint64_t code_failures(const FunctionSummary& f) {
  std::uint64_t n = 0;
  for (const Outcome o : {Outcome::kFunctionError, Outcome::kTimeout, Outcome::kCallTimeout,
                          Outcome::kTargetRefused, Outcome::kDnsTimeout}) {
    n += f.outcomes[static_cast<std::size_t>(o)];
  }
  return n;
}

std::uint64_t throttle_outcomes(const FunctionSummary& f) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < kOutcomeCount; ++i) {
    if (is_throttle(static_cast<Outcome>(i))) n += f.outcomes[i];
  }
  return n;
}

void check_adds_up(const FunctionSummary& f, std::int64_t model_running) {
  INFO(f.name << ": attempts " << f.attempts << ", invocations " << f.invocations << ", successes "
              << f.successes << ", throttles " << f.throttles << ", errors " << f.errors
              << ", platform_errors " << f.platform_errors << ", in flight " << f.in_flight
              << ", model running " << model_running);
  CHECK(f.attempts == f.successes + f.throttles + f.errors + f.platform_errors + f.in_flight);
  CHECK(f.invocations == f.completed + f.in_flight);
  CHECK(attempt_outcomes(f) == f.attempts - f.in_flight);
  // CloudWatch's split: Invocations exclude every refused attempt; Errors are
  // the code's failures, never a 429 or a platform failure.
  CHECK(f.throttles == throttle_outcomes(f));
  CHECK(f.invocations <= f.attempts - f.throttles);
  CHECK(f.errors >= code_failures(f));
  CHECK(f.successes + f.errors <= f.invocations - f.in_flight);
  // Duration is recorded for exactly the invocations CloudWatch gives one.
  CHECK(f.duration.count == f.successes + f.errors);
  // Independent of the metrics: what the model itself still runs.
  CHECK(static_cast<std::int64_t>(f.in_flight) == model_running);
}

struct Checked {
  std::uint64_t attempts = 0;
  std::uint64_t in_flight = 0;
};

// One replication wired by hand (as run_replication does) so that the
// model's state at the horizon can be read.
Checked run_and_check(const Scenario& s) {
  Simulation sim;
  MetricsCollector metrics(s.model, s.run.timeseries_interval, s.run.horizon);
  LambdaModel model(sim, s.model, metrics, s.run.seed, 0);
  model.start();
  sim.run_until(s.run.horizon);
  metrics.finish(s.run.horizon);
  const RunSummary summary = metrics.summary();
  REQUIRE(summary.functions.size() == s.model.functions.size());
  for (std::size_t f = 0; f < summary.functions.size(); ++f) {
    check_adds_up(summary.functions[f], model.running(static_cast<FunctionIndex>(f)));
  }
  check_adds_up(summary.total, model.account_running());
  // The table says so in words: the in-flight count is printed beside the rates.
  const std::string table = render_summary_table(summary);
  if (summary.total.in_flight > 0) {
    CHECK(table.find("in_flight") != std::string::npos);
  }
  return {summary.total.attempts, summary.total.in_flight};
}

std::string duration_text(SimTime t) {
  return std::to_string(t.count()) + "ns";
}

}  // namespace

TEST_CASE(
    "attempts = successes + throttles + errors + platform_errors + in_flight, every shipped "
    "scenario",
    "[honest][invariant][shipped]") {
  for (const std::string& path : shipped_scenarios()) {
    SECTION(fs::path(path).filename().string()) {
      const Scenario base = load_ok(path);
      // As the shipped-scenario test: 2 minutes at most, faults kept.
      const SimTime horizon = std::min(base.run.horizon, minutes(2));
      const Scenario s = load_ok(path, {Override{"spec.horizon", duration_text(horizon)}});
      INFO(path);
      const Checked c = run_and_check(s);
      CHECK(c.attempts > 0);
    }
  }
}

TEST_CASE("the in-flight term is exercised: a shipped run ends with requests running",
          "[honest][invariant][shipped]") {
  // steady-api's 2-minute run: busy requests are cut at the horizon.
  const std::string path = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/steady-api.yaml";
  const Scenario s = load_ok(path, {Override{"spec.horizon", "2m"}});
  const Checked c = run_and_check(s);
  CHECK(c.in_flight > 0);
}

TEST_CASE("the invariant holds for every fault kind, cut off inside its fault",
          "[honest][invariant][faults]") {
  const std::string path =
      std::string(LAMBDASIM_SOURCE_DIR) + "/tests/data/golden/faults_tiny.yaml";
  const Scenario base = load_ok(path);
  for (const FaultKindSpec& spec : fault_kind_specs()) {
    SECTION(std::string(spec.name)) {
      // faults_tiny has every kind: a new kind needs its item there.
      std::vector<FaultConfig> of_kind;
      for (const FaultConfig& f : base.model.faults.timeline) {
        if (f.kind == spec.kind) of_kind.push_back(f);
      }
      REQUIRE(!of_kind.empty());
      for (const FaultConfig& fault : of_kind) {
        Scenario s = base;
        s.model.faults.timeline = {fault};
        // End halfway through the fault: invocations hang in it (timeouts,
        // ENIs being created) when the run stops.
        const SimTime length = fault.duration == kTimeInfinity ? seconds(20) : fault.duration;
        s.run.horizon = fault.at + length / 2;
        INFO(spec.name << " at " << format_time(fault.at) << ", horizon "
                       << format_time(s.run.horizon));
        const Checked c = run_and_check(s);
        CHECK(c.attempts > 0);
        // And once the run goes past its end.
        s.run.horizon = fault.at + length + seconds(30);
        run_and_check(s);
      }
    }
  }
}
