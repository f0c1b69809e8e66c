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
