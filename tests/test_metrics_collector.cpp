// MetricsCollector fed a hand-made sequence of observer calls: exact counts,
// probabilities, environment integrals, cost (1 ms rounding, init billing,
// Arm vs x86, provisioned concurrency) and time-series rows. Every expected
// number below is worked out by hand in the comments.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <string>

#include "lambdasim/metrics/collector.hpp"

using namespace lambdasim;

namespace {

constexpr std::size_t idx(Outcome o) {
  return static_cast<std::size_t>(o);
}

ModelConfig two_functions() {
  ModelConfig config;
  FunctionConfig api;
  api.name = "api";
  api.memory_mb = 1024;  // 1 GB, x86
  FunctionConfig worker;
  worker.name = "worker";
  worker.memory_mb = 2048;  // 2 GB, Arm
  worker.architecture = Architecture::kArm64;
  worker.provisioned_concurrency = 1;
  config.functions = {api, worker};
  return config;
}

Completion completion(FunctionIndex f, Outcome o, bool cold, SimTime latency, SimTime init,
                      SimTime run) {
  Completion c;
  c.function = f;
  c.outcome = o;
  c.cold = cold;
  c.latency = latency;
  c.init_duration = init;
  c.run_duration = run;
  return c;
}

constexpr FunctionIndex kApi = 0;
constexpr FunctionIndex kWorker = 1;

// The timeline (s):                             api run/idle/env   worker run/idle/env
//  0.5 api cold start                                1 0 1            0 0 0
//  0.6 api 429 throttle_scaling (sync)
//  1.2 api success, cold, init 200 + run 500.3 ms    0 1 1     (billed 701 ms)
//  1.5 api warm start                                1 0 1
//  1.7 api function_error, run 199.9999 ms, env gone 0 0 0     (billed 200 ms)
//  2.0 worker provisioned environment ready                       0 1 1
//  2.5 worker warm start on it (async attempt)                    1 0 1
//  2.8 api cold start, still running at the end      1 0 1
//  3.0 worker success, provisioned, 500 ms, async delay 100 ms    0 1 1
//  3.0 worker async event delivered
//  3.5 worker cold start (on demand)                              1 1 2
//  4.0 worker success, cold, init 300 + run 99.5 ms               0 2 2  (billed 400 ms)
//  4.5 api 429 throttle_reserved_concurrency (async attempt)
//  7.0 worker async event dropped
//  8.5 finish
void feed(MetricsCollector& m) {
  m.on_started(milliseconds(500), kApi, true, false);
  m.on_rejected(milliseconds(600), kApi, Outcome::kThrottleScaling, InvocationType::kSync);
  m.on_completed(milliseconds(1200),
                 completion(kApi, Outcome::kSuccess, true, microseconds(700'300), milliseconds(200),
                            microseconds(500'300)));
  m.on_started(milliseconds(1500), kApi, false, false);
  Completion error = completion(kApi, Outcome::kFunctionError, false, milliseconds(200), {},
                                nanoseconds(199'999'900));
  error.environment_kept = false;
  m.on_completed(milliseconds(1700), error);
  m.on_environment_ready(milliseconds(2000), kWorker, true);
  m.on_started(milliseconds(2500), kWorker, false, true);
  m.on_started(milliseconds(2800), kApi, true, false);
  Completion delivered =
      completion(kWorker, Outcome::kSuccess, false, milliseconds(500), {}, milliseconds(500));
  delivered.provisioned = true;
  delivered.type = InvocationType::kAsync;
  delivered.async_delay = milliseconds(100);
  m.on_completed(milliseconds(3000), delivered);
  m.on_async_final(milliseconds(3000), kWorker, Outcome::kSuccess, milliseconds(600));
  m.on_started(milliseconds(3500), kWorker, true, false);
  m.on_completed(milliseconds(4000),
                 completion(kWorker, Outcome::kSuccess, true, microseconds(399'500),
                            milliseconds(300), microseconds(99'500)));
  m.on_rejected(milliseconds(4500), kApi, Outcome::kThrottleReservedConcurrency,
                InvocationType::kAsync);
  m.on_async_final(seconds(7), kWorker, Outcome::kAsyncDropped, seconds(6));
  m.finish(milliseconds(8500));
}

}  // namespace

TEST_CASE("Collector counts attempts, outcomes and cold starts", "[metrics][collector]") {
  MetricsCollector m(two_functions(), seconds(1), seconds(10));
  feed(m);
  const RunSummary s = m.summary();
  REQUIRE(s.functions.size() == 2);
  CHECK(s.end == milliseconds(8500));
  const FunctionSummary& api = s.functions[0];
  const FunctionSummary& worker = s.functions[1];
  CHECK(api.name == "api");
  CHECK(s.total.name == "total");

  CHECK(api.attempts == 5);  // 2 rejected + 3 started
  CHECK(api.invocations == 3);
  CHECK(api.completed == 2);
  CHECK(api.in_flight == 1);
  CHECK(api.cold_starts == 2);
  CHECK(api.successes == 1);
  CHECK(api.throttles == 2);
  CHECK(api.errors == 1);
  CHECK(api.outcomes[idx(Outcome::kThrottleScaling)] == 1);
  CHECK(api.outcomes[idx(Outcome::kThrottleReservedConcurrency)] == 1);
  CHECK(api.outcomes[idx(Outcome::kFunctionError)] == 1);
  CHECK(api.outcomes[idx(Outcome::kSuccess)] == 1);
  CHECK(api.p_cold == Approx(2.0 / 3));
  CHECK(api.p_throttle == Approx(2.0 / 5));
  CHECK(api.success_rate == Approx(1.0 / 5));

  CHECK(worker.attempts == 2);
  CHECK(worker.cold_starts == 1);
  CHECK(worker.provisioned_starts == 1);
  CHECK(worker.p_cold == Approx(0.5));
  CHECK(worker.p_throttle == 0);
  CHECK(worker.async_delivered == 1);
  CHECK(worker.outcomes[idx(Outcome::kAsyncDropped)] == 1);
  CHECK(worker.outcomes[idx(Outcome::kSuccess)] == 2);

  const FunctionSummary& t = s.total;
  CHECK(t.attempts == 7);
  CHECK(t.invocations == 5);
  CHECK(t.cold_starts == 3);
  CHECK(t.throttles == 2);
  CHECK(t.errors == 1);
  CHECK(t.successes == 3);
  CHECK(t.p_cold == Approx(3.0 / 5));
  CHECK(t.p_throttle == Approx(2.0 / 7));
  CHECK(t.outcomes[idx(Outcome::kAsyncDropped)] == 1);
}

TEST_CASE("Collector latency histograms", "[metrics][collector]") {
  MetricsCollector m(two_functions(), seconds(1), seconds(10));
  feed(m);
  const RunSummary s = m.summary();
  const FunctionSummary& api = s.functions[0];
  CHECK(api.latency.count == 1);
  CHECK(api.latency.mean_ms == Approx(700.3));
  CHECK(api.latency.p50_ms == Approx(700.3));  // one value: clamped to [min, max]
  CHECK(api.latency_cold.count == 1);
  CHECK(api.latency_warm.count == 0);  // the warm one failed
  CHECK(std::isnan(api.latency_warm.p50_ms));
  CHECK(std::isnan(api.async_delay.mean_ms));

  const FunctionSummary& worker = s.functions[1];
  CHECK(worker.latency_cold.mean_ms == Approx(399.5));
  CHECK(worker.latency_warm.mean_ms == Approx(500));
  CHECK(worker.async_delay.count == 1);
  CHECK(worker.async_delay.mean_ms == Approx(100));

  const FunctionSummary& t = s.total;
  CHECK(t.latency.count == 3);
  CHECK(t.latency.mean_ms == Approx((700.3 + 500 + 399.5) / 3));
  CHECK(t.latency.p50_ms == Approx(500).epsilon(0.01));
  CHECK(t.latency.max_ms == Approx(700.3));
  CHECK(t.latency_cold.count == 2);
  CHECK(t.latency_warm.count == 1);
}

TEST_CASE("Collector environment averages and peaks", "[metrics][collector]") {
  MetricsCollector m(two_functions(), seconds(1), seconds(10));
  feed(m);
  const RunSummary s = m.summary();
  const double T = 8.5;
  const FunctionSummary& api = s.functions[0];
  // running: [0.5,1.2) + [1.5,1.7) + [2.8,8.5) = 6.6; envs: [0.5,1.7) + [2.8,8.5)
  // = 6.9; idle: [1.2,1.5) = 0.3.
  CHECK(api.concurrency_avg == Approx(6.6 / T));
  CHECK(api.environments_avg == Approx(6.9 / T));
  CHECK(api.idle_avg == Approx(0.3 / T));
  CHECK(api.concurrency_peak == 1);
  CHECK(api.environments_peak == 1);
  const FunctionSummary& worker = s.functions[1];
  // running 0.5 + 0.5; envs 1 x 1.5 + 2 x 5; idle = envs - running.
  CHECK(worker.concurrency_avg == Approx(1.0 / T));
  CHECK(worker.environments_avg == Approx(11.5 / T));
  CHECK(worker.idle_avg == Approx(10.5 / T));
  CHECK(worker.environments_peak == 2);
  CHECK(worker.idle_peak == 2);
  // Account-wide: the peaks are of the sums (api and worker overlap in 2.8-3.0).
  CHECK(s.total.concurrency_avg == Approx(7.6 / T));
  CHECK(s.total.concurrency_peak == 2);
  CHECK(s.total.environments_avg == Approx(18.4 / T));
  CHECK(s.total.environments_peak == 3);
  CHECK(s.total.idle_avg == Approx(10.8 / T));
}

TEST_CASE("Collector cost: 1 ms rounding, init, Arm, provisioned", "[metrics][collector]") {
  const ModelConfig config = two_functions();
  const PricingConfig& p = config.pricing;
  MetricsCollector m(config, seconds(1), seconds(10));
  feed(m);
  const RunSummary s = m.summary();
  const CostSummary& api = s.functions[0].cost;
  // x86, 1 GB: 701 ms (init + run, rounded up) + 200 ms (199.9999 rounded up).
  CHECK(api.billed_requests == 3);
  CHECK(api.billed_gb_seconds == Approx(0.901));
  CHECK(api.duration_usd == Approx(0.901 * 0.0000166667));
  CHECK(api.requests_usd == Approx(3 * 0.20 / 1e6));
  CHECK(api.provisioned_usd == 0);
  CHECK(api.total_usd == Approx(0.901 * 0.0000166667 + 3 * 0.2e-6));
  CHECK(api.per_million_usd == Approx(api.total_usd / 3 * 1e6));

  const CostSummary& worker = s.functions[1].cost;
  // Arm, 2 GB. On demand: 400 ms (399.5 rounded up) x 2 GB at the Arm price.
  // Provisioned run: 500 ms x 2 GB at the provisioned duration price, Arm
  // discount; configured: ready 2.0 .. 8.5 s = 6.5 s x 2 GB.
  const double arm = p.gb_second_arm_usd / p.gb_second_x86_usd;
  CHECK(arm == Approx(0.8).epsilon(1e-4));
  CHECK(worker.billed_requests == 2);
  CHECK(worker.billed_gb_seconds == Approx(0.8 + 1.0));
  CHECK(worker.provisioned_gb_seconds == Approx(13.0));
  CHECK(worker.duration_usd == Approx(0.8 * 0.0000133334));
  CHECK(worker.provisioned_duration_usd == Approx(1.0 * 0.0000097222 * arm));
  CHECK(worker.provisioned_usd == Approx(13.0 * 0.0000041667 * arm));
  const double worker_total =
      0.8 * 0.0000133334 + 1.0 * 0.0000097222 * arm + 13.0 * 0.0000041667 * arm + 2 * 0.2e-6;
  CHECK(worker.total_usd == Approx(worker_total));

  const CostSummary& t = s.total.cost;
  CHECK(t.billed_requests == 5);
  CHECK(t.total_usd == Approx(api.total_usd + worker_total));
  CHECK(t.per_million_usd == Approx((api.total_usd + worker_total) / 5 * 1e6));
}

TEST_CASE("Collector cost without init billing", "[metrics][collector]") {
  ModelConfig config = two_functions();
  config.pricing.bill_init = false;
  MetricsCollector m(config, kTimeZero, seconds(10));
  m.on_started(kTimeZero, kApi, true, false);
  m.on_completed(seconds(1), completion(kApi, Outcome::kSuccess, true, seconds(1),
                                        milliseconds(400), nanoseconds(600'000'001)));
  m.finish(seconds(2));
  const RunSummary s = m.summary();
  CHECK(s.functions[0].cost.billed_gb_seconds == Approx(0.601));  // run only, rounded up
  CHECK(std::isnan(s.functions[1].cost.per_million_usd));         // no requests
  CHECK(std::isnan(s.functions[1].p_cold));
  CHECK(m.timeseries().rows.empty());  // interval 0: no time series
}

TEST_CASE("Collector time series rows", "[metrics][collector][timeseries]") {
  MetricsCollector m(two_functions(), seconds(1), seconds(10));
  feed(m);
  const TimeSeries& ts = m.timeseries();
  REQUIRE(ts.rows.size() == 9);  // [0,1) .. [7,8) and the partial [8,8.5)
  REQUIRE(ts.function_rows.size() == 9 * 2);
  CHECK(ts.rows[0].start == kTimeZero);
  CHECK(ts.rows[0].end == seconds(1));
  CHECK(ts.rows[8].start == seconds(8));
  CHECK(ts.rows[8].end == milliseconds(8500));

  const TimeSeriesRow& r0 = ts.rows[0];
  CHECK(r0.arrivals == 2);
  CHECK(r0.throttles == 1);
  CHECK(r0.cold_starts == 1);
  CHECK(r0.outcomes[idx(Outcome::kThrottleScaling)] == 1);
  CHECK(r0.concurrency_avg == Approx(0.5));
  CHECK(r0.concurrency_max == 1);
  CHECK(r0.environments_avg == Approx(0.5));
  CHECK(r0.idle_avg == 0);

  const TimeSeriesRow& r1 = ts.rows[1];
  CHECK(r1.arrivals == 1);
  CHECK(r1.completions == 2);
  CHECK(r1.successes == 1);
  CHECK(r1.errors == 1);
  CHECK(r1.outcomes[idx(Outcome::kFunctionError)] == 1);
  CHECK(r1.concurrency_avg == Approx(0.4));
  CHECK(r1.environments_avg == Approx(0.7));
  CHECK(r1.idle_avg == Approx(0.3));

  const TimeSeriesRow& r2 = ts.rows[2];
  CHECK(r2.arrivals == 2);
  CHECK(r2.cold_starts == 1);
  CHECK(r2.completions == 0);  // the 3.0 s completion belongs to the next row
  CHECK(r2.concurrency_avg == Approx(0.7));
  CHECK(r2.concurrency_max == 2);
  CHECK(r2.environments_avg == Approx(1.2));
  CHECK(r2.idle_avg == Approx(0.5));
  CHECK(ts.function_row(2, kApi).arrivals == 1);
  CHECK(ts.function_row(2, kApi).cold_starts == 1);
  CHECK(ts.function_row(2, kApi).concurrency_avg == Approx(0.2));
  CHECK(ts.function_row(2, kWorker).concurrency_avg == Approx(0.5));

  const TimeSeriesRow& r3 = ts.rows[3];
  CHECK(r3.completions == 1);
  CHECK(r3.successes == 1);
  CHECK(r3.arrivals == 1);
  CHECK(r3.outcomes[idx(Outcome::kSuccess)] == 1);  // async delivery is not counted again
  CHECK(r3.concurrency_avg == Approx(1.5));
  CHECK(r3.concurrency_max == 2);  // both running at the row's first instant
  CHECK(r3.environments_avg == Approx(2.5));

  const TimeSeriesRow& r4 = ts.rows[4];
  CHECK(r4.throttles == 1);
  CHECK(r4.outcomes[idx(Outcome::kThrottleReservedConcurrency)] == 1);
  CHECK(ts.function_row(4, kApi).throttles == 1);

  // Empty intervals are filled: nothing happens, the gauges carry on.
  for (const std::size_t i : {5, 6, 8}) {
    const TimeSeriesRow& r = ts.rows[i];
    CHECK(r.start == seconds(static_cast<std::int64_t>(i)));
    CHECK(r.arrivals == 0);
    CHECK(r.completions == 0);
    CHECK(r.concurrency_avg == Approx(1));
    CHECK(r.concurrency_max == 1);
    CHECK(r.environments_avg == Approx(3));
    CHECK(r.idle_avg == Approx(2));
  }
  CHECK(ts.rows[7].outcomes[idx(Outcome::kAsyncDropped)] == 1);
  CHECK(ts.rows[7].errors == 0);  // async final states are events, not attempts

  // Totals over rows agree with the summary.
  std::uint64_t arrivals = 0, cold = 0;
  for (const TimeSeriesRow& r : ts.rows) {
    arrivals += r.arrivals;
    cold += r.cold_starts;
  }
  const RunSummary s = m.summary();
  CHECK(arrivals == s.total.attempts);
  CHECK(cold == s.total.cold_starts);
}

TEST_CASE("Collector time series: run ending on an interval boundary", "[metrics][timeseries]") {
  MetricsCollector m(two_functions(), seconds(2), seconds(6));
  m.on_started(seconds(5), kApi, true, false);
  m.finish(seconds(6));
  const TimeSeries& ts = m.timeseries();
  REQUIRE(ts.rows.size() == 3);
  CHECK(ts.rows[2].end == seconds(6));
  CHECK(ts.rows[2].concurrency_avg == Approx(0.5));
  CHECK(ts.rows[0].arrivals == 0);
}

TEST_CASE("flatten gives stable, unique metric names", "[metrics][summary]") {
  MetricsCollector m(two_functions(), seconds(1), seconds(10));
  feed(m);
  const auto flat = flatten(m.summary());
  std::set<std::string> names;
  for (const auto& [name, value] : flat) {
    INFO(name);
    CHECK(names.insert(name).second);
  }
  for (const char* expected :
       {"total.attempts", "total.p_cold", "total.p_throttle", "total.latency_p99_ms",
        "total.latency_p999_ms", "functions.api.outcomes_throttle_scaling", "total.cost_total_usd",
        "total.cost_per_million_usd", "functions.worker.outcomes_async_dropped",
        "functions.worker.concurrency_peak", "total.environments_avg"}) {
    INFO(expected);
    CHECK(names.count(expected) == 1);
  }
  CHECK(flat.front().first == "total.attempts");
  CHECK(flat.front().second == 7);
  // The same number of metrics for the total and for each function.
  CHECK(flat.size() % 3 == 0);
}
