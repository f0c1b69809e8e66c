// Tier 3: the model against numbers nobody here chose (DESIGN.md, Validation):
// Erlang-B blocking, Little's law, SimFaaS's published case, AWS's scaling ramps.
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::constant_arrivals;
using lambdasim::testing::simple_function;

namespace {

// Erlang-B blocking probability by the stable recursion.
double erlang_b(int servers, double offered_erlangs) {
  double b = 1.0;
  for (int k = 1; k <= servers; ++k) b = offered_erlangs * b / (k + offered_erlangs * b);
  return b;
}

// Integrates running and idle environment counts over time.
struct IntegratingObserver final : ModelObserver {
  SimTime last{};
  SimTime from{};  // integrals start here (warm-up excluded)
  double running = 0, idle = 0;
  double running_area = 0, idle_area = 0;
  long attempts = 0, throttled = 0, started = 0, cold = 0;

  void advance(SimTime now) {
    if (now > from) {
      const double dt = to_seconds(now - std::max(last, from));
      running_area += running * dt;
      idle_area += idle * dt;
    }
    last = now;
  }
  void on_rejected(SimTime now, FunctionIndex, Outcome o, InvocationType) override {
    advance(now);
    if (now >= from) {
      ++attempts;
      if (is_throttle(o)) ++throttled;
    }
  }
  void on_started(SimTime now, FunctionIndex, bool is_cold, bool) override {
    advance(now);
    running += 1;
    if (!is_cold) idle -= 1;
    if (now >= from) {
      ++attempts;
      ++started;
      if (is_cold) ++cold;
    }
  }
  void on_completed(SimTime now, const Completion& c) override {
    advance(now);
    running -= 1;
    if (c.environment_kept) idle += 1;
  }
  void on_environment_ready(SimTime now, FunctionIndex, bool) override {
    advance(now);
    idle += 1;
  }
  void on_environment_removed(SimTime now, FunctionIndex) override {
    advance(now);
    idle -= 1;
  }
  void on_async_final(SimTime, FunctionIndex, Outcome, SimTime) override {}
};

struct Estimate {
  double mean;
  double half_width;  // 99% Student-t
};

Estimate estimate(const std::vector<double>& xs) {
  const double n = static_cast<double>(xs.size());
  const double mean = std::accumulate(xs.begin(), xs.end(), 0.0) / n;
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  const double sd = std::sqrt(ss / (n - 1));
  const double t99 = 3.2498;  // t(0.995, 9): the tests use 10 replications
  return {mean, t99 * sd / std::sqrt(n)};
}

struct ErlangCase {
  int servers;
  double rate_per_s;
  Distribution duration;
};

double blocked_fraction(const ErlangCase& c, std::uint64_t replication, SimTime horizon) {
  Simulation sim;
  IntegratingObserver obs;
  obs.from = seconds(100);
  ModelConfig config;
  config.account.concurrency_limit = 10000;
  FunctionConfig f = simple_function("erlang", seconds(1));
  f.duration = DurationDistribution{c.duration};
  f.init = DurationDistribution{Distribution::deterministic(0)};
  f.reserved_concurrency = c.servers;
  f.timeout = hours(1);
  ArrivalConfig a;
  a.rate_per_s = c.rate_per_s;
  f.arrivals.push_back(a);
  config.functions.push_back(f);
  LambdaModel model(sim, config, obs, 2024, replication);
  model.start();
  sim.run_until(horizon);
  return static_cast<double>(obs.throttled) / static_cast<double>(obs.attempts);
}

}  // namespace

TEST_CASE("Erlang-B: throttled fraction under a reserved-concurrency cap", "[validation][slow]") {
  const std::vector<ErlangCase> cases = {
      {10, 8.0, Distribution::exponential(1.0)},
      {10, 8.0, Distribution::lognormal_from_median_p99(0.7, 4.0)},  // insensitivity
      {100, 90.0, Distribution::exponential(1.0)},
      {100, 90.0, Distribution::lognormal_from_median_p99(0.7, 4.0)},
  };
  for (const ErlangCase& c : cases) {
    const double offered = c.rate_per_s * c.duration.mean();
    const double expected = erlang_b(c.servers, offered);
    std::vector<double> runs;
    for (std::uint64_t r = 0; r < 10; ++r) runs.push_back(blocked_fraction(c, r, seconds(2100)));
    const Estimate e = estimate(runs);
    INFO("c=" << c.servers << " a=" << offered << " " << c.duration.describe() << ": B=" << expected
              << " simulated " << e.mean << " +- " << e.half_width);
    CHECK(std::fabs(e.mean - expected) <= e.half_width);
    CHECK(e.half_width < 0.1 * expected);  // the test has power
  }
}

TEST_CASE("Little's law: mean running environments = rate x mean duration", "[validation]") {
  std::vector<double> runs;
  for (std::uint64_t r = 0; r < 10; ++r) {
    Simulation sim;
    IntegratingObserver obs;
    obs.from = seconds(60);
    ModelConfig config;
    FunctionConfig f = simple_function("little", seconds(1));
    f.duration = DurationDistribution{Distribution::lognormal_from_median_p99(0.15, 0.9)};
    f.init = DurationDistribution{Distribution::deterministic(0)};
    ArrivalConfig a;
    a.rate_per_s = 120;
    f.arrivals.push_back(a);
    config.functions.push_back(f);
    LambdaModel model(sim, config, obs, 99, r);
    model.start();
    sim.run_until(seconds(660));
    obs.advance(sim.now());
    runs.push_back(obs.running_area / 600.0);
  }
  const double expected = 120 * Distribution::lognormal_from_median_p99(0.15, 0.9).mean();
  const Estimate e = estimate(runs);
  INFO("L=" << expected << " simulated " << e.mean << " +- " << e.half_width);
  CHECK(std::fabs(e.mean - expected) <= e.half_width);
  CHECK(e.half_width < 0.02 * expected);
}

TEST_CASE("SimFaaS published case: P(cold) and mean instances", "[validation][slow]") {
  // Mahmoudi & Khazaei: lambda = 0.9/s, warm Exp(1.991 s), cold Exp(2.244 s),
  // 10 min keep-alive, newest-first reuse, 10^6 s horizon. Our cold start is
  // init + run, so init is the 0.253 s difference of the means.
  Simulation sim;
  IntegratingObserver obs;
  ModelConfig config;
  FunctionConfig f = simple_function("simfaas", seconds(1));
  f.duration = DurationDistribution{Distribution::exponential(1.991)};
  f.init = DurationDistribution{Distribution::deterministic(2.244 - 1.991)};
  f.keep_alive = DurationDistribution{Distribution::deterministic(600)};
  f.max_lifetime = kTimeInfinity;
  f.timeout = seconds(900);
  ArrivalConfig a;
  a.rate_per_s = 0.9;
  f.arrivals.push_back(a);
  config.functions.push_back(f);
  LambdaModel model(sim, config, obs, 1, 0);
  model.start();
  const SimTime horizon = seconds(1'000'000);
  sim.run_until(horizon);
  obs.advance(horizon);
  const double p_cold = static_cast<double>(obs.cold) / static_cast<double>(obs.started);
  const double running = obs.running_area / 1e6;
  const double idle = obs.idle_area / 1e6;
  INFO("P(cold)=" << p_cold << " running=" << running << " idle=" << idle
                  << " instances=" << running + idle);
  // Published ranges, widened by the run-to-run spread of a 10^6 s horizon.
  CHECK(p_cold >= 0.0011);
  CHECK(p_cold <= 0.0016);
  CHECK(running + idle == Approx(7.68).epsilon(0.02));
  CHECK(running == Approx(1.79).epsilon(0.02));
  CHECK(idle == Approx(5.89).epsilon(0.025));
}

namespace {

struct RampProbe {
  std::vector<int> running_at;  // one sample per second
  long scaling_throttles_before = 0;
  long scaling_throttles_after = 0;
};

// Step to 2,500/s of a 2 s function: 5,000 environments needed.
RampProbe ramp(ScalingModel model_kind, SimTime settle, SimTime horizon) {
  Simulation sim;
  lambdasim::testing::CountingObserver obs;
  ModelConfig config;
  config.account.concurrency_limit = 20000;
  config.account.request_rate_per_s = 1e6;
  config.account.scaling = model_kind;
  FunctionConfig f = simple_function("step", seconds(2));
  f.init = DurationDistribution{Distribution::deterministic(0)};
  f.arrivals.push_back(constant_arrivals(2500.0));
  config.functions.push_back(f);
  LambdaModel model(sim, config, obs, 5, 0);
  model.start();
  RampProbe p;
  for (SimTime t = seconds(1); t <= horizon; t += seconds(1)) {
    sim.run_until(t);
    p.running_at.push_back(model.running(0));
    if (t == settle) p.scaling_throttles_before = obs.rejected_of(Outcome::kThrottleScaling);
  }
  p.scaling_throttles_after =
      obs.rejected_of(Outcome::kThrottleScaling) - p.scaling_throttles_before;
  return p;
}

}  // namespace

TEST_CASE("current scaling: 1,000 environments at once, then 1,000 per 10 s", "[validation]") {
  const RampProbe p = ramp(ScalingModel::kCurrent, seconds(45), seconds(60));
  // running(t) = min(5000, 1000 + 100 t) once the first 2 s have filled.
  CHECK(p.running_at[9] == Approx(2000).epsilon(0.01));   // t = 10 s
  CHECK(p.running_at[19] == Approx(3000).epsilon(0.01));  // t = 20 s
  CHECK(p.running_at[29] == Approx(4000).epsilon(0.01));  // t = 30 s
  CHECK(p.running_at[38] < 5000);                         // t = 39 s: still lagging
  CHECK(p.running_at[44] == 5000);                        // t = 45 s
  CHECK(p.scaling_throttles_before > 10000);              // 429s while it lags
  CHECK(p.scaling_throttles_after == 0);
}

TEST_CASE("legacy scaling: burst of 3,000, then +500 per minute", "[validation]") {
  const RampProbe p = ramp(ScalingModel::kLegacy, seconds(250), seconds(270));
  // The burst (3,000) is reached at ~1.2 s; from then on +500 per minute.
  CHECK(p.running_at[0] < 3000);  // t = 1 s: still filling
  CHECK(p.running_at[29] == Approx(3000 + 500 * 28.8 / 60).epsilon(0.01));    // t = 30 s
  CHECK(p.running_at[59] == Approx(3000 + 500 * 58 / 60.0).epsilon(0.01));    // ~1 min
  CHECK(p.running_at[119] == Approx(3000 + 500 * 118 / 60.0).epsilon(0.01));  // ~2 min
  CHECK(p.running_at[229] < 5000);   // t = 230 s: still lagging
  CHECK(p.running_at[249] == 5000);  // t = 250 s
  CHECK(p.scaling_throttles_before > 100000);
  CHECK(p.scaling_throttles_after == 0);
}
