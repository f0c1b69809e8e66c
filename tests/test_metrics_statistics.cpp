// Statistics across replications: Student-t critical values against tables,
// confidence intervals, paired differences and aggregate() over RunSummaries.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "lambdasim/metrics/statistics.hpp"

using namespace lambdasim;

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

RunSummary run_with(std::uint64_t invocations, double p99_ms) {
  RunSummary r;
  FunctionSummary api;
  api.name = "api";
  api.attempts = invocations;
  api.latency.p99_ms = p99_ms;
  r.functions.push_back(api);
  r.total = api;
  r.total.name = "total";
  return r;
}
}  // namespace

TEST_CASE("Student-t critical values", "[metrics][statistics]") {
  CHECK(student_t_critical(0.95, 4) == Approx(2.776445).epsilon(1e-6));
  CHECK(student_t_critical(0.95, 1) == Approx(12.706205).epsilon(1e-6));
  CHECK(student_t_critical(0.95, 9) == Approx(2.262157).epsilon(1e-6));
  CHECK(student_t_critical(0.99, 10) == Approx(3.169273).epsilon(1e-6));
  CHECK(student_t_critical(0.95, 1e6) == Approx(1.959966).epsilon(1e-5));
  CHECK(std::isnan(student_t_critical(0.95, 0)));
}

TEST_CASE("Mean, sample standard deviation, confidence interval", "[metrics][statistics]") {
  const std::vector<double> x{2, 4, 4, 4, 5, 5, 7, 9};
  CHECK(mean(x) == Approx(5));
  CHECK(sample_stddev(x) == Approx(std::sqrt(32.0 / 7)));

  const std::vector<double> y{1, 2, 3, 4, 5, kNaN};  // NaN is left out
  const ConfidenceInterval ci = confidence_interval(y);
  CHECK(ci.n == 5);
  CHECK(ci.mean == Approx(3));
  CHECK(ci.stddev == Approx(std::sqrt(2.5)));
  CHECK(ci.half_width == Approx(2.776445 * std::sqrt(2.5) / std::sqrt(5.0)).epsilon(1e-6));
  CHECK(ci.lower() == Approx(3 - ci.half_width));

  const std::vector<double> one{42};
  const ConfidenceInterval single = confidence_interval(one);
  CHECK(single.mean == 42);
  CHECK(single.n == 1);
  CHECK(std::isnan(single.half_width));
  CHECK(std::isnan(mean(std::vector<double>{})));

  const std::vector<double> same{3, 3, 3};
  CHECK(confidence_interval(same).half_width == 0);
}

TEST_CASE("Paired difference", "[metrics][statistics]") {
  const std::vector<double> a{1, 2, 3, 4, 5, kNaN};
  const std::vector<double> b{2, 4, 5, 5, 9, 1};
  // Differences 1 2 2 1 4: mean 2, variance 6/4.
  const ConfidenceInterval d = paired_difference(a, b);
  CHECK(d.n == 5);
  CHECK(d.mean == Approx(2));
  CHECK(d.half_width == Approx(2.776445 * std::sqrt(1.5) / std::sqrt(5.0)).epsilon(1e-6));
}

TEST_CASE("aggregate() over replications", "[metrics][statistics]") {
  const std::vector<RunSummary> runs{run_with(100, 10), run_with(110, 12), run_with(90, 8),
                                     run_with(105, 11), run_with(95, kNaN)};
  const AggregateSummary a = aggregate(runs);
  CHECK(a.replications == 5);
  CHECK(a.functions == std::vector<std::string>{"api"});
  const AggregateMetric* inv = a.find("functions.api.attempts");
  REQUIRE(inv != nullptr);
  CHECK(inv->ci.n == 5);
  CHECK(inv->ci.mean == Approx(100));
  CHECK(
      inv->ci.half_width ==
      Approx(2.776445 * sample_stddev(std::vector<double>{100, 110, 90, 105, 95}) / std::sqrt(5.0))
          .epsilon(1e-6));
  const AggregateMetric* p99 = a.find("total.latency_p99_ms");
  REQUIRE(p99 != nullptr);
  CHECK(p99->ci.n == 4);  // undefined (NaN) in one run: left out
  CHECK(p99->ci.mean == Approx((10 + 12 + 8 + 11) / 4.0));
  CHECK(a.find("no.such.metric") == nullptr);
  // Order follows flatten().
  CHECK(a.metrics.front().name == "total.attempts");

  const AggregateSummary none = aggregate({});
  CHECK(none.replications == 0);
  CHECK(none.metrics.empty());
}

namespace {

// The per-metric path that replication matrices replaced, verbatim: Welford
// over one metric's finite values, then Student-t. The matrix path must give
// the same bits.
ConfidenceInterval reference_interval(const std::vector<double>& values, double confidence) {
  std::size_t n = 0;
  double mu = 0;
  double m2 = 0;
  for (const double x : values) {
    if (!std::isfinite(x)) continue;
    ++n;
    const double delta = x - mu;
    mu += delta / static_cast<double>(n);
    m2 += delta * (x - mu);
  }
  ConfidenceInterval ci;
  ci.n = n;
  ci.mean = n > 0 ? mu : kNaN;
  ci.stddev = n > 1 ? std::sqrt(m2 / static_cast<double>(n - 1)) : kNaN;
  ci.half_width = kNaN;
  if (n > 1) {
    ci.half_width = student_t_critical(confidence, static_cast<double>(n - 1)) * ci.stddev /
                    std::sqrt(static_cast<double>(n));
  }
  return ci;
}

// Equal, NaN equal to NaN.
bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

}  // namespace

TEST_CASE("Replication matrix: NaN holes, column means and CIs by hand", "[metrics][statistics]") {
  // 5 replications x 3 metrics; run 3 lacks "b", run 4 has "c" undefined.
  const std::vector<FlatMetrics> runs = {{{"a", 1}, {"b", 10}, {"c", 2}},
                                         {{"a", 2}, {"b", 20}, {"c", 4}},
                                         {{"a", 3}, {"b", 30}, {"c", 6}},
                                         {{"a", 4}, {"c", 8}},
                                         {{"a", 5}, {"b", 40}, {"c", kNaN}}};
  const ReplicationMatrix m = replication_matrix(runs);
  CHECK(m.metrics == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(m.replications() == 5);
  CHECK(std::isnan(m.values(3, 1)));
  CHECK(m.column("c") == 2);
  CHECK(m.column("zz") == 3);

  const ColumnMoments mo = column_moments(m.values);
  CHECK(mo.n(0) == 5);
  CHECK(mo.n(1) == 4);
  CHECK(mo.n(2) == 4);
  CHECK(mo.mean(1) == Approx(25));
  CHECK(mo.mean(2) == Approx(5));

  const std::vector<ConfidenceInterval> ci = column_intervals(m.values);
  // a: 1..5, mean 3, s^2 = 2.5, t(0.975, 4) = 2.776445: 2.776445 x 1.581139 / sqrt(5) = 1.963243.
  CHECK(ci[0].mean == Approx(3));
  CHECK(ci[0].stddev == Approx(1.581139).epsilon(1e-6));
  CHECK(ci[0].half_width == Approx(1.963243).epsilon(1e-6));
  // b: 10 20 30 40, mean 25, s = 12.909944, t(0.975, 3) = 3.182446:
  // 3.182446 x 12.909944 / 2 = 20.542603.
  CHECK(ci[1].n == 4);
  CHECK(ci[1].half_width == Approx(20.542603).epsilon(1e-6));
  // c: 2 4 6 8, mean 5, s = 2.581989: 3.182446 x 2.581989 / 2 = 4.108521.
  CHECK(ci[2].mean == Approx(5));
  CHECK(ci[2].half_width == Approx(4.108521).epsilon(1e-6));

  // Columns given: order as asked, missing ones NaN, unlisted ones left out.
  const ReplicationMatrix chosen = replication_matrix(runs, {"c", "missing"});
  CHECK(chosen.values.cols() == 2);
  CHECK(chosen.values(0, 0) == 2);
  CHECK(std::isnan(chosen.values(0, 1)));
  const std::vector<ConfidenceInterval> none = column_intervals(chosen.values);
  CHECK(none[1].n == 0);
  CHECK(std::isnan(none[1].mean));
  CHECK(std::isnan(none[1].half_width));

  // One finite value: a mean, no spread.
  const std::vector<FlatMetrics> one = {{{"x", 7}}, {{"x", kNaN}}};
  const ConfidenceInterval single = column_intervals(replication_matrix(one).values).front();
  CHECK(single.n == 1);
  CHECK(single.mean == 7);
  CHECK(std::isnan(single.stddev));
  CHECK(std::isnan(single.half_width));
}

TEST_CASE("Replication matrices: paired differences", "[metrics][statistics]") {
  const std::vector<FlatMetrics> base = {{{"a", 1}, {"b", 5}},
                                         {{"a", 2}, {"b", 5}},
                                         {{"a", 3}, {"b", kNaN}},
                                         {{"a", 4}, {"b", 5}},
                                         {{"a", 5}, {"b", 5}}};
  const std::vector<FlatMetrics> other = {{{"a", 2}, {"b", 6}},
                                          {{"a", 4}, {"b", 6}},
                                          {{"a", 5}, {"b", 6}},
                                          {{"a", 5}, {"b", 7}},
                                          {{"a", 9}, {"b", 6}}};
  const ReplicationMatrix a = replication_matrix(base);
  const ReplicationMatrix b = replication_matrix(other, a.metrics);
  const Eigen::MatrixXd d = paired_differences(a, b);
  REQUIRE(d.rows() == 5);
  CHECK(d(1, 0) == 2);
  CHECK(std::isnan(d(2, 1)));  // a pair with a hole is left out
  const std::vector<ConfidenceInterval> ci = column_intervals(d);
  // a: differences 1 2 2 1 4, mean 2, s^2 = 1.5: 2.776445 x 1.224745 / sqrt(5) = 1.520722.
  CHECK(ci[0].n == 5);
  CHECK(ci[0].mean == Approx(2));
  CHECK(ci[0].half_width == Approx(1.520722).epsilon(1e-6));
  // b: differences 1 1 2 1 (one pair left out), mean 1.25, s = 0.5,
  // t(0.975, 3) = 3.182446: 3.182446 x 0.5 / 2 = 0.795612.
  CHECK(ci[1].n == 4);
  CHECK(ci[1].mean == Approx(1.25));
  CHECK(ci[1].half_width == Approx(0.795612).epsilon(1e-6));
  // The same as the span API, pair for pair.
  const std::vector<double> a0{1, 2, 3, 4, 5};
  const std::vector<double> b0{2, 4, 5, 5, 9};
  const ConfidenceInterval span_ci = paired_difference(a0, b0);
  CHECK(span_ci.mean == ci[0].mean);
  CHECK(span_ci.half_width == ci[0].half_width);

  // Columns must match.
  const ReplicationMatrix c = replication_matrix(other, {"b", "a"});
  CHECK_THROWS_AS(paired_differences(a, c), std::invalid_argument);
  // Rows beyond the shorter matrix are left out (an interrupted compare).
  const std::vector<FlatMetrics> shorter(other.begin(), other.begin() + 3);
  CHECK(paired_differences(a, replication_matrix(shorter, a.metrics)).rows() == 3);
}

TEST_CASE("A 1000 x 200 matrix gives the per-metric path's bits", "[metrics][statistics]") {
  // Values with a large common offset, a spread of magnitudes and holes, as
  // costs and counts have: the matrix path must not move a last digit.
  constexpr std::size_t kRows = 1000;
  constexpr std::size_t kCols = 200;
  std::uint64_t state = 12345;
  const auto next = [&state] {  // a 64-bit LCG: portable, fixed
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  std::vector<FlatMetrics> runs(kRows);
  std::vector<std::vector<double>> columns(kCols);
  for (std::size_t r = 0; r < kRows; ++r) {
    for (std::size_t c = 0; c < kCols; ++c) {
      const double scale = std::pow(10.0, static_cast<double>(c % 9) - 3);
      double v = 1e6 * static_cast<double>(c % 3) + scale * next();
      if ((r * 31 + c * 7) % 97 == 0) v = kNaN;  // a hole now and then
      if (c == 5 && r > 0) v = kNaN;             // a column with one value
      if (c == 6) v = kNaN;                      // a column with none
      runs[r].emplace_back("m" + std::to_string(c), v);
      columns[c].push_back(v);
    }
  }
  const ReplicationMatrix m = replication_matrix(runs);
  REQUIRE(m.values.rows() == static_cast<Eigen::Index>(kRows));
  REQUIRE(m.values.cols() == static_cast<Eigen::Index>(kCols));
  for (const double confidence : {0.95, 0.99}) {
    const std::vector<ConfidenceInterval> ci = column_intervals(m.values, confidence);
    std::size_t differing = 0;
    for (std::size_t c = 0; c < kCols; ++c) {
      const ConfidenceInterval want = reference_interval(columns[c], confidence);
      const bool equal = ci[c].n == want.n && same(ci[c].mean, want.mean) &&
                         same(ci[c].stddev, want.stddev) && same(ci[c].half_width, want.half_width);
      if (!equal) ++differing;
    }
    CHECK(differing == 0);
  }
  // aggregate() over RunSummaries goes the same way: spot-check one metric.
  std::vector<RunSummary> summaries;
  std::vector<double> attempts;
  for (std::size_t r = 0; r < kRows; ++r) {
    summaries.push_back(run_with(1'000'000 + static_cast<std::uint64_t>(next() * 1e4), 1));
    attempts.push_back(static_cast<double>(summaries.back().total.attempts));
  }
  const AggregateSummary agg = aggregate(summaries);
  const AggregateMetric* a = agg.find("total.attempts");
  REQUIRE(a != nullptr);
  const ConfidenceInterval want = reference_interval(attempts, kDefaultConfidence);
  CHECK(a->ci.mean == want.mean);
  CHECK(a->ci.half_width == want.half_width);
}
