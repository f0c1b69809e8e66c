// Kernel: distributions. Sample moments over 10^6 draws must sit within a few
// standard errors of the analytic values; seeds are fixed, so the tests are
// deterministic and the tolerances only guard against wrong formulas.
#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

#include "lambdasim/kernel/distribution.hpp"

using namespace lambdasim;

namespace {

constexpr int kSamples = 1'000'000;
constexpr double kZ = 5.0;  // standard errors allowed

struct Moments {
  double n = 0, mean = 0, var = 0, m4 = 0;
  // Standard error of the sample mean and of the sample variance.
  double se_mean() const { return std::sqrt(var / n); }
  double se_var() const { return std::sqrt((m4 - var * var) / n); }
};

Moments moments(const std::vector<double>& xs) {
  Moments m;
  m.n = static_cast<double>(xs.size());
  for (double x : xs) m.mean += x;
  m.mean /= m.n;
  for (double x : xs) {
    const double d2 = (x - m.mean) * (x - m.mean);
    m.var += d2;
    m.m4 += d2 * d2;
  }
  m.var /= m.n - 1;
  m.m4 /= m.n;
  return m;
}

std::vector<double> sample(const Distribution& d, std::uint64_t seed, int n = kSamples) {
  Rng rng = Rng::for_entity(seed, 0, "test/distribution");
  std::vector<double> xs(static_cast<std::size_t>(n));
  for (double& x : xs) x = d.sample(rng);
  return xs;
}

// Checks the sample mean and variance against the analytic values.
void check_moments(const Distribution& d, double mean, double var, std::uint64_t seed) {
  const std::vector<double> xs = sample(d, seed);
  const Moments m = moments(xs);
  INFO(d.describe() << ": mean " << m.mean << " (want " << mean << "), var " << m.var << " (want "
                    << var << ")");
  CHECK(std::fabs(m.mean - mean) < kZ * std::sqrt(var / m.n));
  CHECK(std::fabs(m.var - var) < kZ * m.se_var());
  CHECK(d.mean() == Approx(mean).epsilon(1e-12));
}

// Fraction of samples <= x.
double cdf_at(const std::vector<double>& xs, double x) {
  return static_cast<double>(
             std::count_if(xs.begin(), xs.end(), [x](double v) { return v <= x; })) /
         static_cast<double>(xs.size());
}

// Checks that x is the p-quantile: the empirical CDF at x is within kZ
// binomial standard errors of p.
void check_quantile(const std::vector<double>& xs, double x, double p) {
  const double se = std::sqrt(p * (1 - p) / static_cast<double>(xs.size()));
  INFO("quantile " << p << " at " << x << ": empirical CDF " << cdf_at(xs, x));
  CHECK(std::fabs(cdf_at(xs, x) - p) < kZ * se);
}

double empirical_quantile(std::vector<double> xs, double p) {
  const auto k = static_cast<std::size_t>(p * static_cast<double>(xs.size()));
  std::nth_element(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(k), xs.end());
  return xs[k];
}

}  // namespace

TEST_CASE("deterministic") {
  const Distribution d = Distribution::deterministic(3.5);
  Rng rng(1, 1);
  for (int i = 0; i < 1000; ++i) REQUIRE(d.sample(rng) == 3.5);
  CHECK(d.mean() == 3.5);
  CHECK(d.kind() == DistributionKind::kDeterministic);
  const Distribution zero;
  CHECK(zero.sample(rng) == 0.0);
  CHECK(zero.mean() == 0.0);
}

TEST_CASE("exponential: mean and variance") {
  check_moments(Distribution::exponential(2.0), 2.0, 4.0, 1);
  const auto xs = sample(Distribution::exponential(0.1), 2, 100'000);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.0);
  // Memoryless shape: the median is mean * ln 2.
  check_quantile(xs, 0.1 * std::log(2.0), 0.5);
}

TEST_CASE("uniform: mean and variance, range") {
  check_moments(Distribution::uniform(2.0, 5.0), 3.5, 9.0 / 12.0, 3);
  const auto xs = sample(Distribution::uniform(2.0, 5.0), 4, 100'000);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 2.0);
  CHECK(*std::max_element(xs.begin(), xs.end()) < 5.0);
  Rng rng(1, 2);
  CHECK(Distribution::uniform(1, 1).sample(rng) == 1.0);
}

TEST_CASE("the inlined ziggurat gives exactly Boost's values and draws") {
  // Fast path inline, slow path rewound into Boost: the same doubles and the
  // same stream position as calling Boost.Random directly, every time
  // (including the ~1-2% of draws that take the slow path).
  Rng ours(11, 3);
  Rng boost_rng(11, 3);
  for (int i = 0; i < 1'000'000; ++i) {
    const double a = standard_normal(ours);
    const double b = boost::random::normal_distribution<double>(0.0, 1.0)(boost_rng);
    REQUIRE(std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b));  // bit for bit
    const double c = standard_exponential(ours);
    const double d = boost::random::exponential_distribution<double>(1.0)(boost_rng);
    REQUIRE(std::bit_cast<std::uint64_t>(c) == std::bit_cast<std::uint64_t>(d));
  }
  CHECK(ours.next_u64() == boost_rng.next_u64());
}

TEST_CASE("normal: mean and variance; negative values clamp to 0") {
  check_moments(Distribution::normal(10.0, 2.0), 10.0, 4.0, 5);
  // standard_normal itself.
  Rng rng(6, 6);
  std::vector<double> zs(kSamples);
  for (double& z : zs) z = standard_normal(rng);
  const Moments m = moments(zs);
  CHECK(std::fabs(m.mean) < kZ * std::sqrt(1.0 / m.n));
  CHECK(std::fabs(m.var - 1.0) < kZ * std::sqrt(2.0 / m.n));
  check_quantile(zs, kZ99, 0.99);
  // Clamping: normal(0.5, 1) puts P(X < 0) = 0.3085 of its mass at exactly 0.
  const auto xs = sample(Distribution::normal(0.5, 1.0), 7, 100'000);
  CHECK(*std::min_element(xs.begin(), xs.end()) == 0.0);
  const double at_zero = cdf_at(xs, 0.0);
  CHECK(std::fabs(at_zero - 0.3085375387) < kZ * std::sqrt(0.31 * 0.69 / 100'000));
}

TEST_CASE("lognormal: mean and variance") {
  const double mu = -1.0, sigma = 0.5;
  const double mean = std::exp(mu + sigma * sigma / 2);
  const double var = (std::exp(sigma * sigma) - 1) * std::exp(2 * mu + sigma * sigma);
  check_moments(Distribution::lognormal(mu, sigma), mean, var, 8);
}

TEST_CASE("lognormal from median and p99") {
  const double median = 0.040, p99 = 0.250;
  const Distribution d = Distribution::lognormal_from_median_p99(median, p99);
  CHECK(d.kind() == DistributionKind::kLognormal);
  const double sigma = std::log(p99 / median) / kZ99;
  CHECK(d.mean() == Approx(median * std::exp(sigma * sigma / 2)).epsilon(1e-12));
  const auto xs = sample(d, 9);
  check_quantile(xs, median, 0.5);
  check_quantile(xs, p99, 0.99);
  // And the quantiles themselves, to within a relative 1% / 3%.
  CHECK(empirical_quantile(xs, 0.5) == Approx(median).epsilon(0.01));
  CHECK(empirical_quantile(xs, 0.99) == Approx(p99).epsilon(0.03));
  CHECK(moments(xs).mean == Approx(d.mean()).epsilon(0.01));
  CHECK(d.describe() == "lognormal(median=0.04, p99=0.25)");
  // Degenerate: p99 == median is a constant.
  const Distribution flat = Distribution::lognormal_from_median_p99(0.1, 0.1);
  Rng rng(1, 1);
  CHECK(flat.sample(rng) == Approx(0.1).epsilon(1e-12));
}

TEST_CASE("pareto: mean for alpha > 2, variance for alpha > 4") {
  // alpha = 3: finite variance, so the standard error of the mean is valid.
  {
    const double xm = 2.0, alpha = 3.0;
    const Distribution d = Distribution::pareto(xm, alpha);
    const double mean = alpha * xm / (alpha - 1);
    const double var = xm * xm * alpha / ((alpha - 1) * (alpha - 1) * (alpha - 2));
    const auto xs = sample(d, 10);
    CHECK(std::fabs(moments(xs).mean - mean) < kZ * std::sqrt(var / kSamples));
    CHECK(d.mean() == Approx(3.0));
    CHECK(*std::min_element(xs.begin(), xs.end()) >= xm);
    // P(X > x) = (xm / x)^alpha: the median is xm * 2^(1/alpha).
    check_quantile(xs, xm * std::pow(2.0, 1 / alpha), 0.5);
  }
  // alpha = 5: the fourth moment exists, so the variance can be checked too.
  {
    const double xm = 1.0, alpha = 5.0;
    check_moments(Distribution::pareto(xm, alpha), alpha * xm / (alpha - 1),
                  xm * xm * alpha / ((alpha - 1) * (alpha - 1) * (alpha - 2)), 11);
  }
  CHECK(std::isinf(Distribution::pareto(1.0, 1.0).mean()));
  CHECK(std::isinf(Distribution::pareto(1.0, 0.5).mean()));
}

TEST_CASE("empirical: resamples the given values uniformly") {
  const Distribution d = Distribution::empirical({1.0, 2.0, 3.0, 10.0});
  // mean 4, variance (9 + 4 + 1 + 36) / 4 = 12.5
  check_moments(d, 4.0, 12.5, 12);
  const auto xs = sample(d, 13, 100'000);
  for (double v : {1.0, 2.0, 3.0, 10.0}) {
    const double f = static_cast<double>(std::count(xs.begin(), xs.end(), v)) / 100'000;
    CHECK(std::fabs(f - 0.25) < kZ * std::sqrt(0.25 * 0.75 / 100'000));
  }
  const Distribution one = Distribution::empirical({7.0});
  Rng rng(1, 1);
  CHECK(one.sample(rng) == 7.0);
  CHECK(one.mean() == 7.0);
}

TEST_CASE("analytic means") {
  CHECK(Distribution::deterministic(-2).mean() == -2);
  CHECK(Distribution::exponential(0.25).mean() == 0.25);
  CHECK(Distribution::uniform(-1, 3).mean() == 1);
  CHECK(Distribution::normal(7, 3).mean() == 7);
  CHECK(Distribution::lognormal(0, 0).mean() == 1);
  CHECK(Distribution::lognormal(1, 1).mean() == Approx(std::exp(1.5)));
  CHECK(Distribution::pareto(1, 2).mean() == Approx(2));
  CHECK(Distribution::pareto(3, 4).mean() == Approx(4));
  CHECK(Distribution::empirical({0, 1, 5}).mean() == Approx(2));
}

TEST_CASE("invalid parameters throw") {
  CHECK_THROWS_AS(Distribution::exponential(0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::exponential(-1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::exponential(std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::uniform(5, 2), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::normal(1, -1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::lognormal(0, -0.1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::lognormal_from_median_p99(0, 1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::lognormal_from_median_p99(0.1, 0.05), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::pareto(0, 1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::pareto(1, 0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::empirical({}), std::invalid_argument);
}

TEST_CASE("sampling is a pure function of the stream") {
  for (const Distribution& d : {Distribution::exponential(1), Distribution::normal(5, 1),
                                Distribution::lognormal(0, 1), Distribution::pareto(1, 2.5),
                                Distribution::empirical({1, 2, 3}), Distribution::uniform(0, 1)}) {
    CHECK(sample(d, 77, 1000) == sample(d, 77, 1000));
    CHECK(sample(d, 77, 1000) != sample(d, 78, 1000));
  }
}

TEST_CASE("DurationDistribution samples seconds as SimTime") {
  const DurationDistribution dd{Distribution::uniform(0.001, 0.002)};
  Rng rng(4, 2);
  for (int i = 0; i < 1000; ++i) {
    const SimTime t = dd.sample(rng);
    REQUIRE(t >= milliseconds(1));
    REQUIRE(t <= milliseconds(2));
  }
  CHECK(dd.mean_seconds() == Approx(0.0015));
  const DurationDistribution fixed{Distribution::deterministic(0.25)};
  CHECK(fixed.sample(rng) == milliseconds(250));
  CHECK(DurationDistribution{}.sample(rng) == kTimeZero);
  CHECK(fixed.seconds().kind() == DistributionKind::kDeterministic);
}
