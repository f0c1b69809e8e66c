// Client retries (issue 12, "Client retries"): a source's SDK retries
// throttles and 5xx with full-jitter back-off, so a burst at a throttle point
// offers Lambda about twice its arrivals; retries and give-ups are counted
// apart; function errors are not retried; mode none changes nothing.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/model/counters.hpp"
#include "lambdasim/model/lambda_model.hpp"
#include "lambdasim/scenario/loader.hpp"
#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::constant_arrivals;
using lambdasim::testing::resolved;
using lambdasim::testing::simple_function;

namespace {

// Every attempt Lambda sees (started or refused), and the two counters.
struct RetryObserver final : ModelObserver {
  long started = 0;
  long rejected = 0;
  long throttled = 0;
  long function_errors = 0;
  long retries = 0;
  long give_ups = 0;
  std::vector<SimTime> rejected_at;
  void on_rejected(SimTime now, FunctionIndex, Outcome o, InvocationType) override {
    ++rejected;
    if (is_throttle(o)) ++throttled;
    rejected_at.push_back(now);
  }
  void on_started(SimTime, FunctionIndex, bool, bool) override { ++started; }
  void on_completed(SimTime, const Completion& c) override {
    if (c.outcome == Outcome::kFunctionError) ++function_errors;
  }
  void on_environment_ready(SimTime, FunctionIndex, bool) override {}
  void on_environment_removed(SimTime, FunctionIndex) override {}
  void on_async_final(SimTime, FunctionIndex, Outcome, SimTime) override {}
  void on_count(SimTime, CounterId id, FunctionIndex, std::uint64_t n) override {
    if (id.index == counter_named("client_retries").index) retries += static_cast<long>(n);
    if (id.index == counter_named("client_give_ups").index) give_ups += static_cast<long>(n);
  }
  long attempts() const { return started + rejected; }
};

ClientRetryConfig mode(RetryMode m) {
  ClientRetryConfig r;
  r.mode = m;
  return r;
}

InvocationSourceConfig with_retries(const ClientRetryConfig& r) {
  InvocationSourceConfig s;
  s.retries = r;
  return s;
}

// The throttle point: reserved concurrency 10, 1 s invocations, 100 arrivals
// per second for 30 s (3,000 callers): Lambda can start 10 a second.
ModelConfig throttle_point(std::optional<ClientRetryConfig> retries) {
  ModelConfig c;
  c.account.concurrency_limit = 1000;
  FunctionConfig f = simple_function("api", seconds(1));
  f.reserved_concurrency = 10;
  f.arrivals = {constant_arrivals(100, kTimeZero, seconds(30))};
  if (retries) f.arrivals[0].source = with_retries(*retries);
  c.functions = {f};
  return c;
}

RetryObserver run(ModelConfig config, SimTime horizon = seconds(40), std::uint64_t seed = 7) {
  Simulation sim;
  RetryObserver obs;
  LambdaModel model(sim, resolved(config), obs, seed, 0);
  model.start();
  sim.run_until(horizon);
  return obs;
}

constexpr long kArrivals = 3000;

}  // namespace

TEST_CASE("client retries: standard mode roughly doubles the attempts at a throttle point",
          "[client_retries]") {
  const RetryObserver none = run(throttle_point(std::nullopt));
  const RetryObserver standard = run(throttle_point(mode(RetryMode::kStandard)));
  const RetryObserver legacy = run(throttle_point(mode(RetryMode::kLegacy)));

  // Without retries Lambda sees each caller once; ~90% are throttled.
  CHECK(none.attempts() == kArrivals);
  CHECK(none.retries == 0);
  CHECK(none.give_ups == 0);
  CHECK(static_cast<double>(none.throttled) / kArrivals == Approx(0.9).margin(0.02));

  // Standard (3 attempts): a throttled caller tries again within ~100 ms,
  // then ~200 ms. The pool frees its 10 slots once a second, at the instants
  // new callers arrive and take them, so a retry meets a full pool (or the
  // 100 requests/s reserved rate): ~1 + 0.9 + 0.9 + rate throttles = 2.9
  // attempts per caller, the offered load nearly tripled.
  const double ratio = static_cast<double>(standard.attempts()) / kArrivals;
  INFO("standard: attempts " << standard.attempts() << " retries " << standard.retries
                             << " give-ups " << standard.give_ups);
  CHECK(ratio >= 1.8);
  CHECK(ratio <= 3.0);
  CHECK(ratio == Approx(2.9).margin(0.1));
  CHECK(standard.retries == standard.attempts() - kArrivals);
  // A caller gives up after its third throttle: ~0.9 of them.
  CHECK(static_cast<double>(standard.give_ups) / kArrivals == Approx(0.9).margin(0.03));
  // Retries do not raise the throughput of the throttle point (10 starts/s).
  CHECK(standard.started == Approx(none.started).epsilon(0.05));
  // Every caller ends: started, or gave up, or is waiting for a retry (none here).
  CHECK(standard.started + standard.give_ups == kArrivals);

  // Legacy makes 4 attempts: more load still (~3.9 per caller).
  INFO("legacy: attempts " << legacy.attempts() << " give-ups " << legacy.give_ups);
  CHECK(static_cast<double>(legacy.attempts()) / kArrivals == Approx(3.9).margin(0.1));
  CHECK(legacy.retries == legacy.attempts() - kArrivals);
  CHECK(legacy.started + legacy.give_ups == kArrivals);
}

TEST_CASE("client retries: an always-throttled function gets exactly max_attempts per caller",
          "[client_retries]") {
  ModelConfig c = throttle_point(mode(RetryMode::kStandard));
  c.functions[0].reserved_concurrency = 0;  // every attempt throttled
  c.functions[0].arrivals = {constant_arrivals(1, kTimeZero, seconds(100))};
  c.functions[0].arrivals[0].source = with_retries(mode(RetryMode::kStandard));
  const RetryObserver r = run(c, seconds(200));
  CHECK(r.started == 0);
  CHECK(r.rejected == 300);
  CHECK(r.retries == 200);
  CHECK(r.give_ups == 100);

  // Full jitter: the first retry waits uniform(0, 100 ms), the second
  // uniform(0, 200 ms): means 50 ms and 100 ms (standard error ~3 ms and
  // ~6 ms over 100 callers), each below its bound.
  REQUIRE(r.rejected_at.size() == 300);
  double first = 0, second = 0, first_max = 0, second_max = 0;
  for (std::size_t i = 0; i < 100; ++i) {
    const double t0 = to_seconds(r.rejected_at[3 * i]);
    const double t1 = to_seconds(r.rejected_at[3 * i + 1]);
    const double t2 = to_seconds(r.rejected_at[3 * i + 2]);
    REQUIRE(t0 == Approx(static_cast<double>(i)).margin(1e-9));  // callers 1 s apart
    first += t1 - t0;
    second += t2 - t1;
    first_max = std::max(first_max, t1 - t0);
    second_max = std::max(second_max, t2 - t1);
  }
  CHECK(first / 100 == Approx(0.05).margin(0.01));
  CHECK(second / 100 == Approx(0.1).margin(0.02));
  CHECK(first_max <= 0.1);
  CHECK(second_max <= 0.2);
  CHECK(second_max > 0.1);  // the bound doubled

  // Custom numbers: 5 attempts, a cap of 150 ms (bounds 0.1, 0.15, 0.15, 0.15).
  ClientRetryConfig custom = mode(RetryMode::kCustom);
  custom.max_attempts = 5;
  custom.cap = milliseconds(150);
  c.functions[0].arrivals[0].source = with_retries(custom);
  const RetryObserver k = run(c, seconds(200));
  CHECK(k.rejected == 500);
  CHECK(k.retries == 400);
  CHECK(k.give_ups == 100);
  double longest = 0;
  for (std::size_t i = 0; i + 1 < k.rejected_at.size(); ++i) {
    if (i % 5 != 4)
      longest = std::max(longest, to_seconds(k.rejected_at[i + 1] - k.rejected_at[i]));
  }
  CHECK(longest <= 0.15);
}

TEST_CASE("client retries: function errors are answers, not retried", "[client_retries]") {
  ModelConfig c = throttle_point(mode(RetryMode::kStandard));
  c.functions[0].reserved_concurrency.reset();  // room for all: no throttles
  c.functions[0].error_rate = 1.0;
  const RetryObserver r = run(c);
  CHECK(r.attempts() == kArrivals);
  CHECK(r.function_errors == kArrivals);
  CHECK(r.retries == 0);
  CHECK(r.give_ups == 0);
}

TEST_CASE("client retries: mode none and an absent source give the same run", "[client_retries]") {
  const RetryObserver absent = run(throttle_point(std::nullopt));
  const RetryObserver none = run(throttle_point(mode(RetryMode::kNone)));
  CHECK(none.attempts() == absent.attempts());
  CHECK(none.throttled == absent.throttled);
  CHECK(none.rejected_at == absent.rejected_at);
  CHECK(none.retries == 0);

  // Same seed, same retries; another seed, other jitter.
  const RetryObserver a = run(throttle_point(mode(RetryMode::kStandard)));
  const RetryObserver b = run(throttle_point(mode(RetryMode::kStandard)));
  const RetryObserver other = run(throttle_point(mode(RetryMode::kStandard)), seconds(40), 8);
  CHECK(a.rejected_at == b.rejected_at);
  CHECK(a.retries == b.retries);
  CHECK(other.rejected_at != a.rejected_at);
}

TEST_CASE("client retries: an AZ failure of a running invocation is a 5xx the SDK retries",
          "[client_retries]") {
  ModelConfig c;
  c.account.concurrency_limit = 1000;
  c.account.azs = {"use1-az1"};
  FunctionConfig f = simple_function("api", seconds(10));
  f.arrivals = {constant_arrivals(10, kTimeZero, seconds(5))};
  f.arrivals[0].source = with_retries(mode(RetryMode::kStandard));
  c.functions = {f};
  FaultConfig outage;
  outage.kind = FaultKind::kAzOutage;
  outage.az = "use1-az1";
  outage.at = seconds(6);
  outage.duration = seconds(60);
  outage.severity = 1.0;
  c.faults.timeline = {outage};
  const RetryObserver r = run(c, seconds(30));
  // 50 callers running at 6 s all fail with az_failure; each retries twice
  // into the failed AZ (refused) and gives up.
  CHECK(r.started == 50);
  CHECK(r.retries == 100);
  CHECK(r.give_ups == 50);
}

TEST_CASE("client retries: the source's keys load, and a half-given VPC client is an error",
          "[client_retries]") {
  const std::string base = R"(apiVersion: lambdasim/v1
kind: Scenario
metadata: {name: t}
spec:
  horizon: 1m
  functions:
    api:
      arrivals:
        - dist: constant
          rate: 10/s
)";
  const LoadResult ok = load_scenario_text(base + R"(          source:
            retries: {mode: standard, max_attempts: 5, base: 50ms, cap: 2s}
)",
                                           "t.yaml", "");
  INFO(format_diagnostics(ok.diagnostics));
  REQUIRE(ok.ok());
  const auto& src = ok.scenario->model.functions[0].arrivals[0].source;
  REQUIRE(src.has_value());
  CHECK(src->vpc.empty());
  const ClientRetryPolicy p = client_retry_policy(src->retries);
  CHECK(p.max_attempts == 5);
  CHECK(p.base == milliseconds(50));
  CHECK(p.cap == seconds(2));
  CHECK(client_retry_policy(mode(RetryMode::kLegacy)).max_attempts == 4);
  CHECK(client_retry_policy(ClientRetryConfig{}).max_attempts == 1);

  const LoadResult half = load_scenario_text(base + R"(          source: {subnet: a}
)",
                                             "t.yaml", "");
  CHECK_FALSE(half.ok());
  bool located = false;
  for (const Diagnostic& d : half.diagnostics) {
    if (d.path.find("source.subnet") != std::string::npos && d.line == 11) located = true;
  }
  CHECK(located);

  const LoadResult ignored = load_scenario_text(base + R"(          source:
            retries: {max_attempts: 5}
)",
                                                "t.yaml", "");
  REQUIRE(ignored.ok());
  bool warned = false;
  for (const Diagnostic& d : ignored.diagnostics) {
    if (d.severity == Severity::kWarning && d.path.find("max_attempts") != std::string::npos)
      warned = true;
  }
  CHECK(warned);
}

TEST_CASE("client retries: the shipped retry-storm scenario nearly doubles the attempts",
          "[client_retries][shipped]") {
  const std::string path = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/retry-storm.yaml";
  const auto run_variant = [&](const char* variant) {
    const LoadResult r = load_scenario_variant(path, variant);
    INFO(format_diagnostics(r.diagnostics));
    REQUIRE(r.ok());
    return run_replication(*r.scenario, 0).summary.total;
  };
  const std::size_t retries = counter_named("client_retries").index;
  const std::size_t give_ups = counter_named("client_give_ups").index;
  const FunctionSummary none = run_variant("none");
  const FunctionSummary standard = run_variant("standard");
  const FunctionSummary legacy = run_variant("legacy");
  // Without retries the attempts are the callers (~108,000 over 10 min).
  const auto callers = static_cast<double>(none.attempts);
  CHECK(callers == Approx(108000).epsilon(0.02));
  // Standard: ~1.87 attempts per caller (202,360), legacy more (~2.3).
  const double ratio = static_cast<double>(standard.attempts) / callers;
  CHECK(ratio == Approx(1.87).margin(0.1));
  CHECK(static_cast<double>(legacy.attempts) / callers > ratio + 0.3);
  // Attempts = callers + retries (same arrivals: common random numbers).
  CHECK(standard.attempts == none.attempts + standard.counters[retries]);
  CHECK(standard.counters[give_ups] > 30000);
  // The storm adds throttles, not successes: within 1% of no retries.
  CHECK(static_cast<double>(standard.successes) ==
        Approx(static_cast<double>(none.successes)).epsilon(0.01));
}
