// Portable probability distributions: our own code on top of Rng, never the
// std:: distributions (whose output differs between standard libraries), so a
// run gives the same numbers on every platform. A Distribution is a small
// value; sample() is a switch, no virtual call.
//   Distribution d = Distribution::lognormal_from_median_p99(0.040, 0.250);
//   double x = d.sample(rng);         // in whatever unit the owner declares
//   DurationDistribution dd{d};       // values in seconds -> SimTime
#pragma once

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

  double sample(Rng& rng) const;
  double mean() const;  // analytic mean (infinity for Pareto with alpha <= 1)
  DistributionKind kind() const { return kind_; }
  // "lognormal(median=0.04, p99=0.25)" and so on, for explain/schema output.
  std::string describe() const;

 private:
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
double standard_normal(Rng& rng);
double standard_exponential(Rng& rng);

}  // namespace lambdasim
