// MetricsCollector fault windows fed a hand-made timeline: attempts,
// successes, availability and outcomes inside each window, async final
// states, cost, the first cold success after the start, the time to recover
// on a constructed time series, open and never-reached faults, and the
// faults_active column. Every expected number is worked out in the comments.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>

#include "lambdasim/metrics/collector.hpp"

using namespace lambdasim;

namespace {

constexpr std::size_t idx(Outcome o) {
  return static_cast<std::size_t>(o);
}

// Fault 0: az_outage use1-az1 [10 s, 30 s). Fault 1: nat_failure main/nat-a
// from 50 s, open-ended. Fault 2: latency on "db" at 100 s: after the run.
ModelConfig fault_config() {
  ModelConfig c;
  FunctionConfig api;
  api.name = "api";
  api.memory_mb = 1024;  // 1 GB, x86
  c.functions = {api};
  FaultConfig az;
  az.kind = FaultKind::kAzOutage;
  az.at = seconds(10);
  az.duration = seconds(20);
  az.az = "use1-az1";
  FaultConfig nat;
  nat.kind = FaultKind::kNatFailure;
  nat.at = seconds(50);
  nat.vpc = "main";
  nat.resource = "nat-a";
  FaultConfig slow;
  slow.kind = FaultKind::kLatency;
  slow.at = seconds(100);
  slow.duration = seconds(5);
  slow.target = "db";
  c.faults.timeline = {az, nat, slow};
  return c;
}

// An attempt at `t` that runs and ends `after` later with outcome `o`.
void run(MetricsCollector& m, SimTime t, Outcome o, bool cold = false,
         SimTime after = milliseconds(100)) {
  m.on_started(t, 0, cold, false);
  Completion c;
  c.function = 0;
  c.outcome = o;
  c.cold = cold;
  c.latency = after;
  c.init_duration = cold ? after / 2 : kTimeZero;
  c.run_duration = cold ? after / 2 : after;
  m.on_completed(t + after, c);
}

SimTime at(double s) {
  return from_seconds(s);
}

// Rows of 10 s; each has ten attempts at x.5 s (x = row start .. +9):
//  [0,10)  9 warm successes (0.5..8.5) + a cold one arriving at 9.9 that
//          succeeds at 10.2: 10 attempts, 9 ended, all successes -> before
//          the fault 1.0 (availability: successes / attempts ended).
//  [10,20) fault 0 from 10 s. 4 warm az_failure (10.5..13.5), 2 rejected
//          subnet_ip_limit_reached (14.5, 15.5), 4 cold successes (16.5..19.5,
//          200 ms: init 100 + run 100). An async event expires at 15 s.
//  [20,30) 10 warm successes; an async event goes to its destination at 25 s.
//          Fault 0 ends at 30 s.
//  [30,40) 8 successes, 2 function errors: 0.8 < 1.0 - 0.005, not recovered.
//  [40,50) 9 successes, 1 function error: 0.9, not recovered either.
//  [50,60) fault 1 from 50 s; 10 successes, the one at 55.5 cold (done 55.7):
//          1.0, recovered at 60 s: 30 s after fault 0's end.
// Run ends at 60 s.
void feed(MetricsCollector& m) {
  // The idle environment the first warm start takes (counts never go
  // negative: include/lambdasim/kernel/invariant.hpp).
  m.on_environment_ready(kTimeZero, 0, false);
  for (int i = 0; i < 9; ++i) run(m, at(0.5 + i), Outcome::kSuccess);
  m.on_async_requeued(seconds(5), 0, true);  // before the fault: not counted
  m.on_started(at(9.9), 0, true, false);
  m.on_fault(seconds(10), 0, true);
  Completion before;  // arrived before the fault: not a "new" success
  before.cold = true;
  before.latency = milliseconds(300);
  before.init_duration = milliseconds(150);
  before.run_duration = milliseconds(150);
  m.on_completed(at(10.2), before);
  for (int i = 0; i < 4; ++i) run(m, at(10.5 + i), Outcome::kAzFailure);
  m.on_rejected(at(14.5), 0, Outcome::kSubnetIpLimitReached, InvocationType::kSync);
  m.on_async_final(seconds(15), 0, Outcome::kAsyncExpired, hours(6));
  m.on_async_requeued(seconds(16), 0, true);   // delayed inside fault 0
  m.on_async_requeued(seconds(17), 0, false);  // its second back-off
  m.on_rejected(at(15.5), 0, Outcome::kSubnetIpLimitReached, InvocationType::kSync);
  for (int i = 0; i < 4; ++i) run(m, at(16.5 + i), Outcome::kSuccess, true, milliseconds(200));
  for (int i = 0; i < 10; ++i) run(m, at(20.5 + i), Outcome::kSuccess);
  m.on_async_final(seconds(25), 0, Outcome::kAsyncDestination, minutes(3));
  m.on_fault(seconds(30), 0, false);
  for (int i = 0; i < 10; ++i) {
    run(m, at(30.5 + i), i < 2 ? Outcome::kFunctionError : Outcome::kSuccess);
  }
  for (int i = 0; i < 10; ++i) {
    run(m, at(40.5 + i), i < 1 ? Outcome::kFunctionError : Outcome::kSuccess);
  }
  m.on_fault(seconds(50), 1, true);
  for (int i = 0; i < 10; ++i) run(m, at(50.5 + i), Outcome::kSuccess, i == 5, milliseconds(200));
  m.finish(seconds(60));
}

}  // namespace

TEST_CASE("Fault window: counts, availability, cost", "[metrics][faults]") {
  MetricsCollector m(fault_config(), seconds(10), seconds(60));
  feed(m);
  const RunSummary s = m.summary();
  REQUIRE(s.faults.size() == 3);
  const FaultWindowSummary& w = s.faults[0];
  CHECK(w.index == 0);
  CHECK(w.kind == "az_outage");
  CHECK(w.subject == "use1-az1");
  CHECK(w.started);
  CHECK_FALSE(w.open);
  CHECK(w.start == seconds(10));
  CHECK(w.end == seconds(30));
  // Attempts arriving in [10,30): 10 + 10. Successes completing in it: the
  // pre-fault cold one (10.2), 4 cold, 10 warm.
  CHECK(w.attempts == 20);
  CHECK(w.successes == 15);
  // Availability is over the attempts that ended in the window: 15 successes,
  // 4 AZ failures, 2 subnet-IP refusals (the expired async event is a final
  // state, not an attempt).
  CHECK(w.availability == Approx(15.0 / 21));
  CHECK(w.outcomes[idx(Outcome::kAzFailure)] == 4);
  CHECK(w.outcomes[idx(Outcome::kSubnetIpLimitReached)] == 2);
  CHECK(w.outcomes[idx(Outcome::kFunctionError)] == 0);  // those came after
  CHECK(w.async_expired == 1);
  CHECK(w.async_destination == 1);
  CHECK(w.async_delayed == 1);
  CHECK(w.async_retries == 2);
  // 19 completions in the window: 300 ms (init 150 + run 150) + 4 x 100 +
  // 4 x 200 + 10 x 100 = 2,500 ms at 1 GB, plus 19 requests.
  CHECK(w.cost_usd == Approx(19 * 0.2e-6 + 2.5 * 0.0000166667));
}

TEST_CASE("Fault window: first new success and time to recover", "[metrics][faults]") {
  MetricsCollector m(fault_config(), seconds(10), seconds(60));
  feed(m);
  const RunSummary s = m.summary();
  const FaultWindowSummary& w = s.faults[0];
  // The cold success at 10.2 s arrived before the fault; the first one after
  // it arrived at 16.5 s and ended at 16.7 s.
  CHECK(w.first_success_after_start_s == Approx(6.7));
  // Baseline 1.0 ([0,10)); [30,40) is at 0.8, [40,50) at 0.9, [50,60) back
  // at 1.0: 60 - 30.
  CHECK(w.time_to_recover_s == Approx(30));

  const FaultWindowSummary& open = s.faults[1];
  CHECK(open.kind == "nat_failure");
  CHECK(open.subject == "main/nat-a");
  CHECK(open.started);
  CHECK(open.open);
  CHECK(open.end == seconds(60));  // the run's end
  CHECK(open.attempts == 10);
  CHECK(open.successes == 10);
  CHECK(open.availability == 1.0);
  CHECK(open.first_success_after_start_s == Approx(5.7));
  CHECK(std::isnan(open.time_to_recover_s));  // never ended

  const FaultWindowSummary& never = s.faults[2];
  CHECK(never.kind == "latency");
  CHECK(never.subject == "db");
  CHECK_FALSE(never.started);
  CHECK(never.start == seconds(100));  // as configured
  CHECK(never.end == seconds(105));
  CHECK(never.attempts == 0);
  CHECK(std::isnan(never.availability));
  CHECK(std::isnan(never.first_success_after_start_s));
  CHECK(std::isnan(never.time_to_recover_s));
}

TEST_CASE("Fault window: recovery needs a time series and a baseline", "[metrics][faults]") {
  {
    MetricsCollector m(fault_config(), kTimeZero, seconds(60));  // no time series
    feed(m);
    const RunSummary s = m.summary();
    CHECK(std::isnan(s.faults[0].time_to_recover_s));
    CHECK(s.faults[0].availability == Approx(15.0 / 21));  // windows do not need rows
  }
  {
    // Rows of 20 s: [0,20) straddles the start, so no row ended before it.
    MetricsCollector m(fault_config(), seconds(20), seconds(60));
    feed(m);
    CHECK(std::isnan(m.summary().faults[0].time_to_recover_s));
  }
}

TEST_CASE("Fault window: a row above the baseline counts as recovered", "[metrics][faults]") {
  // Before: 9 of 10. After the fault: the first row has more successes than
  // arrivals (completions of earlier attempts), which is not a shortfall.
  ModelConfig c = fault_config();
  c.faults.timeline.resize(1);
  MetricsCollector m(c, seconds(10), seconds(40));
  m.on_environment_ready(kTimeZero, 0, false);
  for (int i = 0; i < 10; ++i) run(m, at(0.5 + i), i == 0 ? Outcome::kTimeout : Outcome::kSuccess);
  m.on_fault(seconds(10), 0, true);
  m.on_started(at(15), 0, true, false);  // still running at the end of the fault
  m.on_fault(seconds(20), 0, false);
  Completion late;
  late.latency = seconds(10);
  late.run_duration = seconds(10);
  m.on_completed(seconds(25), late);
  run(m, at(26), Outcome::kSuccess);  // [20,30): 1 arrival, 2 successes
  m.finish(seconds(40));
  const RunSummary s = m.summary();
  CHECK(s.faults[0].attempts == 1);
  CHECK(s.faults[0].successes == 0);
  CHECK(std::isnan(s.faults[0].availability));  // no attempt ended inside the window
  CHECK(s.faults[0].time_to_recover_s == Approx(10));
}

TEST_CASE("Fault windows in the time series and flatten", "[metrics][faults][timeseries]") {
  MetricsCollector m(fault_config(), seconds(10), seconds(60));
  feed(m);
  const TimeSeries& ts = m.timeseries();
  REQUIRE(ts.rows.size() == 6);
  // Fault 0 covers rows 1 and 2 exactly (ending at 30 s is not "in" row 3).
  const std::uint32_t expected[] = {0, 1, 1, 0, 0, 1};
  for (std::size_t r = 0; r < 6; ++r) {
    INFO("row " << r);
    CHECK(ts.rows[r].faults_active == expected[r]);
  }
  CHECK(ts.rows[0].availability() == 1.0);  // 9 of the 9 attempts that ended
  CHECK(ts.rows[3].availability() == Approx(0.8));

  std::map<std::string, double> flat;
  for (const auto& [name, value] : flatten(m.summary())) flat[name] = value;
  CHECK(flat.at("faults.0.availability") == Approx(15.0 / 21));
  CHECK(flat.at("faults.0.attempts") == 20);
  CHECK(flat.at("faults.0.successes") == 15);
  CHECK(flat.at("faults.0.first_success_after_start_s") == Approx(6.7));
  CHECK(flat.at("faults.0.time_to_recover_s") == Approx(30));
  CHECK(flat.at("faults.0.cost_compute_usd") > 0);
  CHECK(flat.at("faults.0.outcomes_az_failure") == 4);
  CHECK(flat.at("faults.0.outcomes_subnet_ip_limit_reached") == 2);
  CHECK(flat.at("faults.0.outcomes_async_expired") == 1);
  CHECK(flat.at("faults.0.async_delayed") == 1);
  CHECK(flat.at("faults.0.async_retries") == 2);
  CHECK(flat.at("total.async_delayed") == 2);
  CHECK(flat.at("total.async_retries") == 3);
  CHECK(flat.at("faults.1.async_delayed") == 0);
  CHECK(flat.count("faults.0.success") == 0);
  CHECK(std::isnan(flat.at("faults.1.time_to_recover_s")));
  CHECK(std::isnan(flat.at("faults.2.availability")));
  CHECK(flat.count("faults.3.availability") == 0);
}
