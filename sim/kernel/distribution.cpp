#include "lambdasim/kernel/distribution.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/normal_distribution.hpp>

namespace lambdasim {

namespace ziggurat {

// Stateless (no cached second variate), so a Distribution's draws never
// depend on call history.
double normal_slow(Rng& rng) {
  return boost::random::normal_distribution<double>(0.0, 1.0)(rng);
}

double exponential_slow(Rng& rng) {
  return boost::random::exponential_distribution<double>(1.0)(rng);
}

const double* const kNormalX = boost::random::detail::normal_table<double>::table_x;
const double* const kExponentialX = boost::random::detail::exponential_table<double>::table_x;

}  // namespace ziggurat

Distribution Distribution::deterministic(double value) {
  Distribution d;
  d.kind_ = DistributionKind::kDeterministic;
  d.a_ = value;
  return d;
}

Distribution Distribution::exponential(double mean) {
  if (!(mean > 0)) throw std::invalid_argument("exponential: mean must be > 0");
  Distribution d;
  d.kind_ = DistributionKind::kExponential;
  d.a_ = mean;
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  if (!(high >= low)) throw std::invalid_argument("uniform: high must be >= low");
  Distribution d;
  d.kind_ = DistributionKind::kUniform;
  d.a_ = low;
  d.b_ = high;
  return d;
}

Distribution Distribution::normal(double mean, double stddev) {
  if (!(stddev >= 0)) throw std::invalid_argument("normal: stddev must be >= 0");
  Distribution d;
  d.kind_ = DistributionKind::kNormal;
  d.a_ = mean;
  d.b_ = stddev;
  return d;
}

Distribution Distribution::lognormal(double mu, double sigma) {
  if (!(sigma >= 0)) throw std::invalid_argument("lognormal: sigma must be >= 0");
  Distribution d;
  d.kind_ = DistributionKind::kLognormal;
  d.a_ = mu;
  d.b_ = sigma;
  return d;
}

Distribution Distribution::lognormal_from_median_p99(double median, double p99) {
  if (!(median > 0)) throw std::invalid_argument("lognormal: median must be > 0");
  if (!(p99 >= median)) throw std::invalid_argument("lognormal: p99 must be >= median");
  return lognormal(std::log(median), (std::log(p99) - std::log(median)) / kZ99);
}

Distribution Distribution::pareto(double scale, double shape) {
  if (!(scale > 0) || !(shape > 0))
    throw std::invalid_argument("pareto: scale and shape must be > 0");
  Distribution d;
  d.kind_ = DistributionKind::kPareto;
  d.a_ = scale;
  d.b_ = shape;
  return d;
}

Distribution Distribution::empirical(std::vector<double> samples) {
  if (samples.empty()) throw std::invalid_argument("empirical: needs at least one sample");
  Distribution d;
  d.kind_ = DistributionKind::kEmpirical;
  d.samples_ = std::make_shared<const std::vector<double>>(std::move(samples));
  return d;
}

double Distribution::sample_pareto(Rng& rng) const {
  return a_ * std::pow(rng.uniform01_open_low(), -1.0 / b_);
}

double Distribution::sample_empirical(Rng& rng) const {
  return (*samples_)[rng.below(samples_->size())];
}

double Distribution::mean() const {
  switch (kind_) {
    case DistributionKind::kDeterministic:  // a_ is the value
    case DistributionKind::kExponential:    // a_ is the mean
      return a_;
    case DistributionKind::kUniform:
      return 0.5 * (a_ + b_);
    case DistributionKind::kNormal:
      return a_;
    case DistributionKind::kLognormal:
      return std::exp(a_ + 0.5 * b_ * b_);
    case DistributionKind::kPareto:
      return b_ <= 1 ? std::numeric_limits<double>::infinity() : b_ * a_ / (b_ - 1);
    case DistributionKind::kEmpirical: {
      double s = 0;
      for (double x : *samples_) s += x;
      return s / static_cast<double>(samples_->size());
    }
  }
  return 0;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case DistributionKind::kDeterministic:
      return fmt::format("deterministic({:g})", a_);
    case DistributionKind::kExponential:
      return fmt::format("exponential(mean={:g})", a_);
    case DistributionKind::kUniform:
      return fmt::format("uniform({:g}, {:g})", a_, b_);
    case DistributionKind::kNormal:
      return fmt::format("normal(mean={:g}, sd={:g})", a_, b_);
    case DistributionKind::kLognormal:
      return fmt::format("lognormal(median={:.4g}, p99={:.4g})", std::exp(a_),
                         std::exp(a_ + kZ99 * b_));
    case DistributionKind::kPareto:
      return fmt::format("pareto(scale={:g}, shape={:g})", a_, b_);
    case DistributionKind::kEmpirical:
      return fmt::format("empirical({} samples)", samples_->size());
  }
  return "?";
}

}  // namespace lambdasim
