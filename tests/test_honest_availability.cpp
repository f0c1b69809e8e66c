// Issue 12: a time-series row's availability is a fraction: successes over
// the attempts that ended in the row (refused or completed), like a fault
// window's. It was successes / arrivals, which passed 1 whenever attempts
// that arrived in earlier rows succeeded in this one (2.99 in
// eni-quota-burst).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "shipped_scenarios.hpp"

using namespace lambdasim;
using lambdasim::testing::shipped_scenarios;

namespace {

// Reserved concurrency 5, a 1.5 s handler after a 200 ms init: 10 calls in
// the first second (5 start, 5 throttled), one call at 1 s (throttled: the 5
// run until 1.7-2.1 s).
const char* const kScenario = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: availability}
spec:
  horizon: 5s
  seed: 1
  timeseries_interval: 1s
  functions:
    api:
      reserved_concurrency: 5
      duration: {dist: deterministic, value: 1500ms}
      init: {dist: deterministic, value: 200ms}
      arrivals:
        - {dist: constant, rate: 10/s, for: 1s}
        - {dist: constant, rate: 1/s, at: 1s, for: 1s}
)";

}  // namespace

TEST_CASE("availability: successes over the attempts that ended in the row",
          "[honest][timeseries]") {
  const LoadResult r = load_scenario_text(kScenario, "availability.yaml", "");
  INFO(format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  const ReplicationResult run = run_replication(*r.scenario, 0);
  const std::vector<TimeSeriesRow>& rows = run.timeseries.rows;
  REQUIRE(rows.size() == 5);
  // [0, 1): 10 arrive, 5 throttled end, none succeeds.
  CHECK(rows[0].arrivals == 10);
  CHECK(rows[0].attempts_ended() == 5);
  CHECK(rows[0].availability() == 0.0);
  // [1, 2): 1 arrives and is throttled; 3 of the first second succeed (1.7,
  // 1.8, 1.9 s). Before: 3 successes / 1 arrival = 3.
  CHECK(rows[1].arrivals == 1);
  CHECK(rows[1].successes == 3);
  CHECK(rows[1].attempts_ended() == 4);
  CHECK(rows[1].availability() == Approx(0.75));
  // [2, 3): the last 2 succeed (2.0, 2.1 s), nothing arrives.
  CHECK(rows[2].arrivals == 0);
  CHECK(rows[2].availability() == 1.0);
  // [3, 4): nothing ends: undefined (an empty CSV cell).
  CHECK(std::isnan(rows[3].availability()));
}

TEST_CASE("availability is within [0, 1] in every row of every shipped scenario",
          "[honest][timeseries][scenarios][shipped]") {
  constexpr SimTime kHorizon = minutes(2);
  long rows_checked = 0;
  long rows_above_one_before = 0;  // successes > arrivals: the old definition's > 1
  for (const std::string& path : shipped_scenarios()) {
    const LoadResult base = load_scenario_file(path);
    INFO(path << "\n" << format_diagnostics(base.diagnostics));
    REQUIRE(base.ok());
    const SimTime horizon = std::min(base.scenario->run.horizon, kHorizon);
    const LoadResult r = load_scenario_file(
        path, {Override{"spec.horizon", std::to_string(horizon.count() / seconds(1).count()) + "s"},
               Override{"spec.timeseries_interval", "1s"}});
    REQUIRE(r.ok());
    const ReplicationResult run = run_replication(*r.scenario, 0);
    long defined = 0;
    for (const TimeSeriesRow& row : run.timeseries.rows) {
      if (row.successes > row.arrivals) ++rows_above_one_before;
      const double a = row.availability();
      if (std::isnan(a)) {
        CHECK(row.attempts_ended() == 0);
        continue;
      }
      ++defined;
      INFO("row at " << to_seconds(row.start) << " s: " << row.successes << " successes, "
                     << row.attempts_ended() << " attempts ended");
      CHECK(a >= 0.0);
      CHECK(a <= 1.0);
    }
    CHECK(defined > 0);
    rows_checked += defined;
  }
  CHECK(rows_checked >= 1000);
  CHECK(rows_above_one_before > 0);  // the check is not vacuous
}
