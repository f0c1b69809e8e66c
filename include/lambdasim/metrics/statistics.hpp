// Statistics across replications: means with Student-t confidence intervals,
// per flattened metric, and paired differences for `compare` (common random
// numbers make paired differences much tighter than unpaired ones).
// Non-finite values (NaN: a metric undefined in that run) are left out.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/metrics/summary.hpp"

namespace lambdasim {

inline constexpr double kDefaultConfidence = 0.95;

// Over the finite values only; NaN when there are none (stddev: fewer than 2).
double mean(std::span<const double> values);
double sample_stddev(std::span<const double> values);
// Two-sided Student-t critical value: the (1 + confidence) / 2 quantile with
// `dof` degrees of freedom, e.g. t(0.975, 4) = 2.776445. NaN if dof < 1.
double student_t_critical(double confidence, double dof);

struct ConfidenceInterval {
  double mean = 0;
  double half_width = 0;  // NaN when n < 2
  double stddev = 0;      // sample standard deviation; NaN when n < 2
  std::size_t n = 0;      // finite values used
  double lower() const { return mean - half_width; }
  double upper() const { return mean + half_width; }
};

ConfidenceInterval confidence_interval(std::span<const double> values,
                                       double confidence = kDefaultConfidence);

// CI of the mean of b[i] - a[i] (pairs where either is non-finite are left
// out). a and b must have the same length.
ConfidenceInterval paired_difference(std::span<const double> a, std::span<const double> b,
                                     double confidence = kDefaultConfidence);

struct AggregateMetric {
  std::string name;  // a flatten() name, e.g. "total.latency_p99_ms"
  ConfidenceInterval ci;
};

struct AggregateSummary {
  std::size_t replications = 0;
  double confidence = kDefaultConfidence;
  std::vector<std::string> functions;    // function names, in config order
  std::vector<AggregateMetric> metrics;  // in flatten() order

  // nullptr when absent. Linear search: for reports, not hot paths.
  const AggregateMetric* find(std::string_view name) const;
};

// Per flattened metric across the runs. Runs are expected to share their
// function set; a metric missing from some runs is aggregated over the others.
AggregateSummary aggregate(const std::vector<RunSummary>& runs,
                           double confidence = kDefaultConfidence);

}  // namespace lambdasim
