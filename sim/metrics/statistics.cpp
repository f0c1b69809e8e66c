#include "lambdasim/metrics/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <unordered_map>

namespace lambdasim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A span as a one-column matrix, without a copy.
Eigen::Map<const Eigen::MatrixXd> as_column(std::span<const double> values) {
  return {values.data(), static_cast<Eigen::Index>(values.size()), 1};
}

}  // namespace

double mean(std::span<const double> values) {
  return column_moments(as_column(values)).mean(0);
}

double sample_stddev(std::span<const double> values) {
  return column_moments(as_column(values)).stddev(0);
}

double student_t_critical(double confidence, double dof) {
  if (!(dof >= 1) || !(confidence > 0 && confidence < 1)) return kNaN;
  const boost::math::students_t dist(dof);
  return boost::math::quantile(dist, (1.0 + confidence) / 2.0);
}

ConfidenceInterval confidence_interval(std::span<const double> values, double confidence) {
  return column_intervals(as_column(values), confidence).front();
}

ConfidenceInterval paired_difference(std::span<const double> a, std::span<const double> b,
                                     double confidence) {
  const auto n = static_cast<Eigen::Index>(std::min(a.size(), b.size()));
  const Eigen::MatrixXd diff = as_column(b).topRows(n) - as_column(a).topRows(n);
  return column_intervals(diff, confidence).front();
}

std::size_t ReplicationMatrix::column(std::string_view name) const {
  for (std::size_t c = 0; c < metrics.size(); ++c) {
    if (metrics[c] == name) return c;
  }
  return metrics.size();
}

ReplicationMatrix replication_matrix(std::span<const FlatMetrics> runs) {
  std::vector<std::string> names;
  std::unordered_map<std::string_view, std::size_t> seen;
  for (const FlatMetrics& run : runs) {
    for (const auto& [name, value] : run) {
      if (seen.try_emplace(name, names.size()).second) names.push_back(name);
    }
  }
  return replication_matrix(runs, std::move(names));
}

ReplicationMatrix replication_matrix(std::span<const FlatMetrics> runs,
                                     std::vector<std::string> metrics) {
  ReplicationMatrix m;
  m.metrics = std::move(metrics);
  std::unordered_map<std::string_view, Eigen::Index> column;
  column.reserve(m.metrics.size());
  for (std::size_t c = 0; c < m.metrics.size(); ++c) {
    column.try_emplace(m.metrics[c], static_cast<Eigen::Index>(c));
  }
  m.values = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(runs.size()),
                                       static_cast<Eigen::Index>(m.metrics.size()), kNaN);
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (const auto& [name, value] : runs[r]) {
      const auto it = column.find(name);
      if (it != column.end()) m.values(static_cast<Eigen::Index>(r), it->second) = value;
    }
  }
  return m;
}

// Welford's update, one replication (row) at a time for every column at
// once, each column skipping its non-finite values. Welford rather than
// Eigen's two-pass colwise().mean(): it is stable for values with a large
// common offset (costs in USD next to counts in the millions), and it is
// the arithmetic, operation for operation, of the per-metric loop this
// replaced, so every mean and CI printed or written to JSON kept its last
// digit (a two-pass sum / n differs in the last bits).
ColumnMoments column_moments(const Eigen::Ref<const Eigen::MatrixXd>& values) {
  const Eigen::Index cols = values.cols();
  Eigen::ArrayXd n = Eigen::ArrayXd::Zero(cols);
  Eigen::ArrayXd mu = Eigen::ArrayXd::Zero(cols);
  Eigen::ArrayXd m2 = Eigen::ArrayXd::Zero(cols);
  Eigen::ArrayXd x(cols);
  Eigen::ArrayXd delta(cols);
  for (Eigen::Index r = 0; r < values.rows(); ++r) {
    x = values.row(r).transpose().array();
    const auto finite = x.isFinite();
    n = finite.select(n + 1.0, n);
    delta = x - mu;
    mu = finite.select(mu + delta / n, mu);
    m2 = finite.select(m2 + delta * (x - mu), m2);
  }
  ColumnMoments out;
  out.mean = (n > 0).select(mu, kNaN);
  out.stddev = (n > 1).select((m2 / (n - 1.0)).sqrt(), kNaN);
  out.n = std::move(n);
  return out;
}

std::vector<ConfidenceInterval> column_intervals(const Eigen::Ref<const Eigen::MatrixXd>& values,
                                                 double confidence) {
  const ColumnMoments m = column_moments(values);
  const Eigen::Index cols = values.cols();
  // The critical value depends on the column's count only: one Boost.Math
  // quantile per distinct count.
  std::map<double, double> t_by_n;
  Eigen::ArrayXd t(cols);
  for (Eigen::Index c = 0; c < cols; ++c) {
    const double n = m.n(c);
    auto [it, inserted] = t_by_n.try_emplace(n, kNaN);
    if (inserted && n > 1) it->second = student_t_critical(confidence, n - 1);
    t(c) = it->second;
  }
  const Eigen::ArrayXd half_width = (m.n > 1).select(t * m.stddev / m.n.sqrt(), kNaN);
  std::vector<ConfidenceInterval> out(static_cast<std::size_t>(cols));
  for (Eigen::Index c = 0; c < cols; ++c) {
    ConfidenceInterval& ci = out[static_cast<std::size_t>(c)];
    ci.n = static_cast<std::size_t>(m.n(c));
    ci.mean = m.mean(c);
    ci.stddev = m.stddev(c);
    ci.half_width = half_width(c);
  }
  return out;
}

Eigen::MatrixXd paired_differences(const ReplicationMatrix& a, const ReplicationMatrix& b) {
  if (a.metrics != b.metrics) {
    throw std::invalid_argument("paired_differences: the matrices' metric columns differ");
  }
  const Eigen::Index rows = std::min(a.values.rows(), b.values.rows());
  return b.values.topRows(rows) - a.values.topRows(rows);
}

const AggregateMetric* AggregateSummary::find(std::string_view name) const& {
  for (const AggregateMetric& m : metrics) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

AggregateSummary aggregate(const std::vector<RunSummary>& runs, double confidence) {
  AggregateSummary out;
  out.replications = runs.size();
  out.confidence = confidence;
  if (runs.empty()) return out;
  for (const FunctionSummary& f : runs.front().functions) out.functions.push_back(f.name);

  std::vector<FlatMetrics> flat;
  flat.reserve(runs.size());
  for (const RunSummary& r : runs) flat.push_back(flatten(r));
  ReplicationMatrix m = replication_matrix(flat);
  std::vector<ConfidenceInterval> ci = column_intervals(m.values, confidence);
  out.metrics.reserve(m.metrics.size());
  for (std::size_t i = 0; i < m.metrics.size(); ++i) {
    out.metrics.push_back({std::move(m.metrics[i]), ci[i]});
  }
  return out;
}

}  // namespace lambdasim
