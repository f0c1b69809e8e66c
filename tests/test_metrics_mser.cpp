// MSER-5 warm-up truncation on synthetic series (a transient of known length
// then stationary noise; a stationary series), and the steady-state metrics
// of the rows kept.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "lambdasim/metrics/mser.hpp"

using namespace lambdasim;

namespace {

// N(mean, sd) from a portable engine (Box-Muller on mt19937_64's exact output),
// so the series, and the truncations asserted, are the same everywhere.
class Normal {
 public:
  explicit Normal(std::uint64_t seed) : gen_(seed) {}
  double operator()(double mean, double sd) {
    const double u1 = 1.0 - uniform();  // (0, 1]
    const double u2 = uniform();
    return mean + sd * std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
  }

 private:
  double uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }
  std::mt19937_64 gen_;
};

}  // namespace

TEST_CASE("MSER-5: the batch-mean minimiser, by hand", "[metrics][mser]") {
  // Batches of 5: means 0, 10, 10, 10 (k = 4, d in {0, 1}).
  // MSER(0) = (7.5^2 + 3 x 2.5^2) / 4^2 = 75 / 16; MSER(1) = 0 / 9: d* = 1.
  std::vector<double> x(20, 10.0);
  for (int i = 0; i < 5; ++i) x[i] = 0;
  CHECK(mser5_truncation(x) == 5);
  // An incomplete last batch is left out; fewer than 2 batches: nothing cut.
  x.push_back(1000);
  CHECK(mser5_truncation(x) == 5);
  CHECK(mser5_truncation(std::vector<double>(9, 1.0)) == 0);
  CHECK(mser5_truncation(std::vector<double>{}) == 0);
  // Only the first half of the batches is searched: a change at 60% is not cut.
  std::vector<double> late(100, 0.0);
  for (std::size_t i = 60; i < 100; ++i) late[i] = 1;
  CHECK(mser5_truncation(late) < 50);
  // A constant series: every MSER(d) is 0, the smallest d wins.
  CHECK(mser5_truncation(std::vector<double>(50, 3.0)) == 0);
}

TEST_CASE("MSER-5: a transient of known length, then stationary noise", "[metrics][mser]") {
  Normal noise(7);
  SECTION("a step: 120 observations around 2, then around 10") {
    std::vector<double> x;
    for (int i = 0; i < 120; ++i) x.push_back(noise(2, 1));
    for (int i = 0; i < 880; ++i) x.push_back(noise(10, 1));
    const std::size_t d = mser5_truncation(x);
    INFO("truncation " << d);
    CHECK(d >= 115);  // within a batch of the truth
    CHECK(d <= 125);
  }
  SECTION("a linear ramp from 0 to 10 over 200 observations (noise sd 0.5)") {
    std::vector<double> x;
    for (int i = 0; i < 200; ++i) x.push_back(noise(10.0 * i / 200, 0.5));
    for (int i = 0; i < 1800; ++i) x.push_back(noise(10, 0.5));
    const std::size_t d = mser5_truncation(x);
    INFO("truncation " << d);
    // The last few ramp batches are within the noise of the mean: the cut
    // lands at the end of the ramp, give or take two batches.
    CHECK(d >= 190);
    CHECK(d <= 210);
  }
  SECTION("an exponential decay from 40 to 10 (time constant 30 observations)") {
    std::vector<double> x;
    for (int i = 0; i < 2000; ++i) x.push_back(noise(10 + 30 * std::exp(-i / 30.0), 1));
    const std::size_t d = mser5_truncation(x);
    INFO("truncation " << d);
    // The bias is below the noise (sd 1) after ~100 observations (30 e^-3.3).
    CHECK(d >= 60);
    CHECK(d <= 200);
  }
}

TEST_CASE("MSER-5: a stationary series is barely cut", "[metrics][mser]") {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    Normal noise(seed);
    std::vector<double> x;
    for (int i = 0; i < 1000; ++i) x.push_back(noise(10, 1));
    const std::size_t d = mser5_truncation(x);
    INFO("seed " << seed << " truncation " << d);
    CHECK(d <= 100);  // at most a tenth of the series (the search allows half)
  }
}

TEST_CASE("Steady-state metrics over the rows after the truncation", "[metrics][mser]") {
  std::vector<SteadyRow> rows;
  // 10 rows of 1 s: concurrency 0 in the first 2, then 5; 100 attempts a row,
  // 90 successes and 10 throttles after the warm-up.
  for (int i = 0; i < 10; ++i) {
    SteadyRow r;
    r.start = seconds(i);
    r.end = seconds(i + 1);
    r.attempts = 100;
    r.successes = i < 2 ? 0 : 90;
    r.throttles = i < 2 ? 50 : 10;
    r.concurrency_avg = i < 2 ? 0 : 5;
    rows.push_back(r);
  }
  rows.back().end = milliseconds(9500);  // a last row cut short by the horizon
  rows.back().concurrency_avg = 7;
  const SteadyStateSummary s = steady_state_summary(rows, 2);
  CHECK(s.warmup_s == 2);
  // (7 rows x 5 x 1 s + 7 x 0.5 s) / 7.5 s
  CHECK(s.concurrency_avg == Approx((35 + 3.5) / 7.5));
  CHECK(s.attempts_per_s == Approx(800 / 7.5));
  CHECK(s.success_rate == Approx(0.9));
  CHECK(s.p_throttle == Approx(0.1));

  const SteadyStateSummary all = steady_state_summary(rows, 0);
  CHECK(all.warmup_s == 0);
  CHECK(all.success_rate == Approx(720.0 / 1000));

  const SteadyStateSummary none = steady_state_summary(rows, 10);
  CHECK(none.warmup_s == Approx(9.5));
  CHECK(std::isnan(none.concurrency_avg));
  CHECK(std::isnan(none.success_rate));
  CHECK(std::isnan(steady_state_summary({}, 0).attempts_per_s));
}
