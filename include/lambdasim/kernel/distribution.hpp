// Portable probability distributions: our own code on top of Rng, never the
// std:: distributions (whose output differs between standard libraries), so a
// run gives the same numbers on every platform. A Distribution is a small
// value; sample() is a switch, no virtual call.
//   Distribution d = Distribution::lognormal_from_median_p99(0.040, 0.250);
//   double x = d.sample(rng);         // in whatever unit the owner declares
//   DurationDistribution dd{d};       // values in seconds -> SimTime
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

enum class DistributionKind {
  kDeterministic,
  kExponential,
  kUniform,
  kNormal,
  kLognormal,
  kPareto,
  kEmpirical
};

// z such that P(N(0,1) <= z) = 0.99.
inline constexpr double kZ99 = 2.3263478740408408;

class Distribution {
 public:
  Distribution() = default;  // deterministic 0

  static Distribution deterministic(double value);
  static Distribution exponential(double mean);
  static Distribution uniform(double low, double high);
  // Normal truncated at zero by resampling is not wanted for durations: values
  // below zero are clamped to 0 by sample(); keep sigma << mean.
  static Distribution normal(double mean, double stddev);
  static Distribution lognormal(double mu, double sigma);
  // AWS-style latency description: the median and the 99th percentile.
  static Distribution lognormal_from_median_p99(double median, double p99);
  // Pareto type I: scale x_m > 0, shape alpha > 0.
  static Distribution pareto(double scale, double shape);
  // Resamples the given values uniformly (bootstrap); at least one value.
  static Distribution empirical(std::vector<double> samples);

  // Inline: a duration and a keep-alive are drawn on every invocation.
  double sample(Rng& rng) const;
  double mean() const;  // analytic mean (infinity for Pareto with alpha <= 1)
  DistributionKind kind() const { return kind_; }
  // "lognormal(median=0.04, p99=0.25)" and so on, for explain/schema output.
  std::string describe() const;
  // The parameters as stored (a_, b_ below; kEmpirical's samples, else null),
  // so the scenario layer can print a distribution back as scenario text.
  double param_a() const { return a_; }
  double param_b() const { return b_; }
  const std::vector<double>* samples() const { return samples_.get(); }

 private:
  double sample_pareto(Rng& rng) const;
  double sample_empirical(Rng& rng) const;

  DistributionKind kind_ = DistributionKind::kDeterministic;
  double a_ = 0;  // value | mean | low | mean | mu | scale
  double b_ = 0;  // -     | -    | high| sd   | sigma | shape
  std::shared_ptr<const std::vector<double>> samples_;
};

// A Distribution whose values are seconds, sampled as SimTime.
class DurationDistribution {
 public:
  DurationDistribution() = default;
  explicit DurationDistribution(Distribution seconds) : seconds_(std::move(seconds)) {}
  SimTime sample(Rng& rng) const { return from_seconds(seconds_.sample(rng)); }
  double mean_seconds() const { return seconds_.mean(); }
  const Distribution& seconds() const { return seconds_; }

 private:
  Distribution seconds_;
};

// Standard normal and unit-mean exponential variates by the ziggurat method
// (Boost.Random): a table lookup and one 64-bit draw in ~99% of calls, where
// the polar method or inversion needs a log (the hot path of every arrival
// and duration). Integer and table arithmetic: the same draws on any platform.
//
// The first rectangle test is inlined here; when it fails, the stream is
// rewound and Boost's own sampler runs from the same point. So every value
// and every draw is exactly Boost's (tests compare them over 10^6 draws),
// without an out-of-line call on the fast path.
namespace ziggurat {

// Boost's generate_int_float_pair<double, 8> for a 64-bit engine: the low 8
// bits pick the layer; the rest, with bit 11 cleared, is the uniform in
// [0, 1). Below 2^56, so the signed conversion (one instruction) is exact.
inline double layer_uniform(std::uint64_t u) {
  const auto bits = static_cast<std::int64_t>((u & ~(std::uint64_t{1} << 11)) >> 8);
  return static_cast<double>(bits) * 0x1.0p-56;
}

double normal_slow(Rng& rng);              // boost::random::normal_distribution<double>(0, 1)
double exponential_slow(Rng& rng);         // boost::random::exponential_distribution<double>(1)
extern const double* const kNormalX;       // Boost's normal_table<double>::table_x
extern const double* const kExponentialX;  // Boost's exponential_table<double>::table_x

}  // namespace ziggurat

inline double standard_normal(Rng& rng) {
  const Rng start = rng;
  const std::uint64_t u = rng();
  const int layer = static_cast<int>(u & 0xff) >> 1;
  const double x = ziggurat::layer_uniform(u) * ziggurat::kNormalX[layer];
  if (x < ziggurat::kNormalX[layer + 1]) return (u & 1) != 0 ? x : -x;
  rng = start;
  return ziggurat::normal_slow(rng);
}

inline double standard_exponential(Rng& rng) {
  const Rng start = rng;
  const std::uint64_t u = rng();
  const auto layer = static_cast<std::size_t>(u & 0xff);
  const double x = ziggurat::layer_uniform(u) * ziggurat::kExponentialX[layer];
  if (x < ziggurat::kExponentialX[layer + 1]) return x;
  rng = start;
  return ziggurat::exponential_slow(rng);
}

inline double Distribution::sample(Rng& rng) const {
  switch (kind_) {
    case DistributionKind::kDeterministic:
      return a_;
    case DistributionKind::kExponential:
      return a_ * standard_exponential(rng);
    case DistributionKind::kUniform:
      return a_ + (b_ - a_) * rng.uniform01();
    case DistributionKind::kNormal: {
      const double x = a_ + b_ * standard_normal(rng);
      return x < 0 ? 0 : x;
    }
    case DistributionKind::kLognormal:
      return std::exp(a_ + b_ * standard_normal(rng));
    case DistributionKind::kPareto:
      return sample_pareto(rng);
    case DistributionKind::kEmpirical:
      return sample_empirical(rng);
  }
  return 0;
}

}  // namespace lambdasim
