// spec.functions.<name>.warm_reuse: which idle environment a warm start takes,
// and what the choice does to cold starts (docs/aws-facts.md#warm-reuse-order).
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <vector>

#include "model_test_support.hpp"

using namespace lambdasim;
using lambdasim::testing::CountingObserver;
using lambdasim::testing::resolved;
using lambdasim::testing::simple_function;

namespace {

// Records when environments are removed (keep-alive expiry here).
struct RemovalObserver final : ModelObserver {
  std::vector<SimTime> removed_at;
  long started = 0, cold = 0;
  void on_started(SimTime, FunctionIndex, bool is_cold, bool) override {
    ++started;
    if (is_cold) ++cold;
  }
  void on_environment_removed(SimTime now, FunctionIndex) override { removed_at.push_back(now); }
  void on_rejected(SimTime, FunctionIndex, Outcome, InvocationType) override {}
  void on_completed(SimTime, const Completion&) override {}
  void on_environment_ready(SimTime, FunctionIndex, bool) override {}
  void on_async_final(SimTime, FunctionIndex, Outcome, SimTime) override {}
};

// Two environments whose creation order and idle order disagree:
//   t=0    A is created (init 0.2 s + 1 s run: idle at 1.2 s)
//   t=0.5  B is created (A busy): idle at 1.7 s
//   t=1.5  A is reused (B busy): idle at 2.5 s
// so A is the most recently idle and B the newest created. Then one request
// every 20 s takes one of them each time; the other idles out after 60 s.
SimTime first_removal(WarmReuse policy, std::uint64_t seed) {
  Simulation sim;
  RemovalObserver obs;
  ModelConfig config;
  FunctionConfig f = simple_function("pick", seconds(1));
  f.keep_alive = DurationDistribution{Distribution::deterministic(60)};
  f.max_lifetime = kTimeInfinity;
  f.warm_reuse = policy;
  ArrivalConfig first;
  first.kind = ArrivalKind::kTrace;
  first.trace = std::make_shared<const std::vector<SimTime>>(
      std::vector<SimTime>{kTimeZero, from_seconds(0.5), from_seconds(1.5)});
  f.arrivals.push_back(first);
  ArrivalConfig steady;
  steady.kind = ArrivalKind::kConstant;
  steady.rate_per_s = 1.0 / 20;
  steady.at = seconds(20);
  f.arrivals.push_back(steady);
  config.functions.push_back(f);
  LambdaModel model(sim, resolved(config), obs, seed, 0);
  model.start();
  sim.run_until(hours(1));  // random: ~180 picks, so one goes unpicked for 60 s
  REQUIRE(obs.cold == 2);   // the steady requests are all warm
  REQUIRE(!obs.removed_at.empty());
  return obs.removed_at.front();
}

struct BurstResult {
  long started = 0;
  long cold = 0;
  long removed = 0;
  double p_cold() const { return static_cast<double>(cold) / static_cast<double>(started); }
};

// A background of 0.5/s (one 2 s invocation running on average) and, every
// 20 minutes, a 10 s burst at 20/s (about 40 running). Keep-alive 10 min.
BurstResult bursty(WarmReuse policy, std::uint64_t seed) {
  Simulation sim;
  CountingObserver obs;
  ModelConfig config;
  FunctionConfig f = simple_function("bursty", seconds(2));
  f.keep_alive = DurationDistribution{Distribution::deterministic(600)};
  f.max_lifetime = kTimeInfinity;
  f.warm_reuse = policy;
  ArrivalConfig background;
  background.rate_per_s = 0.5;
  f.arrivals.push_back(background);
  for (int k = 0; k < 12; ++k) {
    ArrivalConfig burst;
    burst.kind = ArrivalKind::kBurst;
    burst.rate_per_s = 20;
    burst.at = minutes(20 * std::int64_t{k} + 1);
    burst.duration = seconds(10);
    f.arrivals.push_back(burst);
  }
  config.functions.push_back(f);
  LambdaModel model(sim, resolved(config), obs, seed, 0);
  model.start();
  sim.run_until(hours(4));
  return {obs.started, obs.cold, obs.removed};
}

}  // namespace

TEST_CASE("warm_reuse picks the most recently idle, the newest created, or at random",
          "[model][warm_reuse]") {
  // most_recently_idle reuses A, so B (idle since 1.7 s) expires at 61.7 s;
  // newest_created reuses B, so A (idle since 2.5 s) expires at 62.5 s.
  CHECK(to_seconds(first_removal(WarmReuse::kMostRecentlyIdle, 1)) == Approx(61.7));
  CHECK(to_seconds(first_removal(WarmReuse::kNewestCreated, 1)) == Approx(62.5));
  // random: each request takes A or B by the seed's warm_reuse stream, so the
  // first expiry varies over seeds; a seed always gives the same run.
  std::vector<double> seen;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const double t = to_seconds(first_removal(WarmReuse::kRandom, seed));
    CHECK(t == to_seconds(first_removal(WarmReuse::kRandom, seed)));
    CHECK(t >= 61.7 - 1e-9);
    if (std::find(seen.begin(), seen.end(), t) == seen.end()) seen.push_back(t);
  }
  CHECK(seen.size() >= 2);
}

TEST_CASE("warm_reuse changes P(cold) after bursts in the expected direction",
          "[model][warm_reuse]") {
  // Between bursts the background keeps ~1 environment busy. Concentrating
  // policies (most_recently_idle, newest_created) send it to a hot few, so the
  // other ~40 idle out after 10 min and the next burst starts ~40 cold.
  // random spreads it over all ~40 (each picked every ~80 s, far inside
  // 10 min), so they survive to the next burst: far fewer cold starts and
  // expiries, at the price of more idle environments.
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const BurstResult mri = bursty(WarmReuse::kMostRecentlyIdle, seed);
    const BurstResult newest = bursty(WarmReuse::kNewestCreated, seed);
    const BurstResult random = bursty(WarmReuse::kRandom, seed);
    INFO("seed " << seed << ": P(cold) most_recently_idle " << mri.p_cold() << " (" << mri.cold
                 << "/" << mri.started << "), newest_created " << newest.p_cold() << " ("
                 << newest.cold << "), random " << random.p_cold() << " (" << random.cold
                 << "); expired " << mri.removed << " / " << newest.removed << " / "
                 << random.removed);
    // Same arrivals and durations (common random numbers): same demand.
    CHECK(mri.started == newest.started);
    CHECK(mri.started == random.started);
    // ~11 refills of ~50 environments (the bursts peak above their mean
    // of 40 running) over ~9,600 invocations: 580-592 cold for seeds 1-3.
    CHECK(mri.p_cold() > 0.04);
    CHECK(mri.p_cold() < 0.08);
    // newest_created concentrates too: within 15% of most_recently_idle.
    CHECK(newest.p_cold() > 0.85 * mri.p_cold());
    CHECK(newest.p_cold() < 1.15 * mri.p_cold());
    // random: under a quarter of the cold starts and of the expiries.
    CHECK(random.p_cold() < 0.25 * mri.p_cold());
    CHECK(random.removed < mri.removed / 4);
  }
}

TEST_CASE("SimFaaS's published case holds for both concentrating policies",
          "[model][warm_reuse][validation][slow]") {
  // SimFaaS (Mahmoudi & Khazaei) reuses the newest created instance; the
  // model's default reuses the most recently idle one. On SimFaaS's published
  // case (test_validation_analytic.cpp: lambda = 0.9/s, warm Exp(1.991 s),
  // 10 min keep-alive, 10^6 s) both land in its P(cold) range 0.0013-0.0014
  // (widened for one run's spread): the published numbers cannot tell them
  // apart, while random keeps more instances warm and falls below it.
  const auto p_cold = [](WarmReuse policy) {
    Simulation sim;
    RemovalObserver obs;
    ModelConfig config;
    FunctionConfig f = simple_function("simfaas", seconds(1));
    f.duration = DurationDistribution{Distribution::exponential(1.991)};
    f.init = DurationDistribution{Distribution::deterministic(2.244 - 1.991)};
    f.keep_alive = DurationDistribution{Distribution::deterministic(600)};
    f.max_lifetime = kTimeInfinity;
    f.timeout = seconds(900);
    f.warm_reuse = policy;
    ArrivalConfig a;
    a.rate_per_s = 0.9;
    f.arrivals.push_back(a);
    config.functions.push_back(f);
    LambdaModel model(sim, resolved(config), obs, 1, 0);
    model.start();
    sim.run_until(seconds(1'000'000));
    return static_cast<double>(obs.cold) / static_cast<double>(obs.started);
  };
  const double mri = p_cold(WarmReuse::kMostRecentlyIdle);
  const double newest = p_cold(WarmReuse::kNewestCreated);
  const double random = p_cold(WarmReuse::kRandom);
  INFO("P(cold) most_recently_idle " << mri << ", newest_created " << newest << ", random "
                                     << random);
  CHECK(mri >= 0.0011);
  CHECK(mri <= 0.0016);
  CHECK(newest >= 0.0011);
  CHECK(newest <= 0.0016);
  CHECK(random < 0.5 * mri);
}
