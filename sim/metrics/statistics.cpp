#include "lambdasim/metrics/statistics.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace lambdasim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Moments {
  std::size_t n = 0;
  double mean = kNaN;
  double stddev = kNaN;
};

// Welford's update: stable for values with a large common offset (costs in
// USD next to counts in the millions).
Moments moments(std::span<const double> values) {
  Moments m;
  double mu = 0;
  double m2 = 0;
  for (const double x : values) {
    if (!std::isfinite(x)) continue;
    ++m.n;
    const double delta = x - mu;
    mu += delta / static_cast<double>(m.n);
    m2 += delta * (x - mu);
  }
  if (m.n > 0) m.mean = mu;
  if (m.n > 1) m.stddev = std::sqrt(m2 / static_cast<double>(m.n - 1));
  return m;
}

ConfidenceInterval interval_of(const Moments& m, double confidence) {
  ConfidenceInterval ci;
  ci.n = m.n;
  ci.mean = m.mean;
  ci.stddev = m.stddev;
  ci.half_width = kNaN;
  if (m.n > 1) {
    ci.half_width = student_t_critical(confidence, static_cast<double>(m.n - 1)) * m.stddev /
                    std::sqrt(static_cast<double>(m.n));
  }
  return ci;
}

}  // namespace

double mean(std::span<const double> values) {
  return moments(values).mean;
}

double sample_stddev(std::span<const double> values) {
  return moments(values).stddev;
}

double student_t_critical(double confidence, double dof) {
  if (!(dof >= 1) || !(confidence > 0 && confidence < 1)) return kNaN;
  const boost::math::students_t dist(dof);
  return boost::math::quantile(dist, (1.0 + confidence) / 2.0);
}

ConfidenceInterval confidence_interval(std::span<const double> values, double confidence) {
  return interval_of(moments(values), confidence);
}

ConfidenceInterval paired_difference(std::span<const double> a, std::span<const double> b,
                                     double confidence) {
  const std::size_t n = std::min(a.size(), b.size());
  std::vector<double> diff;
  diff.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isfinite(a[i]) && std::isfinite(b[i])) diff.push_back(b[i] - a[i]);
  }
  return confidence_interval(diff, confidence);
}

const AggregateMetric* AggregateSummary::find(std::string_view name) const {
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

  // Columns by name in first-seen order; each run fills its values, NaN where
  // it lacks the metric.
  std::vector<std::string> names;
  std::unordered_map<std::string, std::size_t> column;
  std::vector<std::vector<double>> values;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    for (auto& [name, value] : flatten(runs[r])) {
      auto [it, inserted] = column.try_emplace(name, names.size());
      if (inserted) {
        names.push_back(name);
        values.emplace_back(runs.size(), kNaN);
      }
      values[it->second][r] = value;
    }
  }
  out.metrics.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    out.metrics.push_back({std::move(names[i]), confidence_interval(values[i], confidence)});
  }
  return out;
}

}  // namespace lambdasim
