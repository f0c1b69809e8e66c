// Statistics across replications: means with Student-t confidence intervals,
// per flattened metric, and paired differences for `compare` (common random
// numbers make paired differences much tighter than unpaired ones).
// Replications x metrics are an Eigen matrix (ReplicationMatrix); columns are
// reduced all at once. Non-finite values (NaN: a metric undefined in that
// run) are left out.
//   ReplicationMatrix m = replication_matrix(flattened_runs);
//   std::vector<ConfidenceInterval> ci = column_intervals(m.values);
#pragma once

#include <Eigen/Core>

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lambdasim/metrics/summary.hpp"

namespace lambdasim {

inline constexpr double kDefaultConfidence = 0.95;

// Over the finite values only; NaN when there are none (stddev: fewer than 2).
double mean(std::span<const double> values);
double sample_stddev(std::span<const double> values);
// Two-sided Student-t critical value: the (1 + confidence) / 2 quantile with
// `dof` degrees of freedom (Boost.Math), e.g. t(0.975, 4) = 2.776445. NaN if
// dof < 1.
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

// One run's flatten() values.
using FlatMetrics = std::vector<std::pair<std::string, double>>;

// Replications x metrics: row r is replication r, column c the metric
// metrics[c]; NaN where the run lacks the metric or it is undefined there.
struct ReplicationMatrix {
  std::vector<std::string> metrics;  // column names, flatten() names
  Eigen::MatrixXd values;            // rows: replications, columns: metrics

  std::size_t replications() const { return static_cast<std::size_t>(values.rows()); }
  // The column of `name`, or metrics.size() when absent. Linear search.
  std::size_t column(std::string_view name) const;
};

// Columns in first-seen order over the runs (flatten order when the runs
// share their metrics).
ReplicationMatrix replication_matrix(std::span<const FlatMetrics> runs);
// Columns exactly `metrics`, in that order; a run's metrics not listed are
// left out, listed ones it lacks are NaN.
ReplicationMatrix replication_matrix(std::span<const FlatMetrics> runs,
                                     std::vector<std::string> metrics);

// Per column, over its finite values: count, mean (NaN when none) and sample
// standard deviation (NaN when fewer than 2).
struct ColumnMoments {
  Eigen::ArrayXd n;
  Eigen::ArrayXd mean;
  Eigen::ArrayXd stddev;
};
ColumnMoments column_moments(const Eigen::Ref<const Eigen::MatrixXd>& values);

// Per column, the mean's Student-t interval over its finite values: element
// for element what confidence_interval() gives for that column.
std::vector<ConfidenceInterval> column_intervals(const Eigen::Ref<const Eigen::MatrixXd>& values,
                                                 double confidence = kDefaultConfidence);

// b - a: replication r of each is a pair (common random numbers). Both must
// have the same columns (std::invalid_argument otherwise); rows beyond the
// shorter one are left out. NaN where either value is non-finite.
Eigen::MatrixXd paired_differences(const ReplicationMatrix& a, const ReplicationMatrix& b);

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
  // Lvalues only: a pointer into a temporary aggregate would dangle.
  const AggregateMetric* find(std::string_view name) const&;
  const AggregateMetric* find(std::string_view name) const&& = delete;
};

// Per flattened metric across the runs. Runs are expected to share their
// function set; a metric missing from some runs is aggregated over the others.
AggregateSummary aggregate(const std::vector<RunSummary>& runs,
                           double confidence = kDefaultConfidence);

}  // namespace lambdasim
