// --ci-target: parsing "METRIC:HALF_WIDTH[%]" and when a confidence interval
// is narrow enough to stop adding replications.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "lambdasim/experiment/ci_target.hpp"

using namespace lambdasim;

TEST_CASE("parse_ci_target: absolute and relative half-widths", "[experiment][ci_target]") {
  std::string error;
  const auto abs = parse_ci_target("total.success_rate:0.001", &error);
  REQUIRE(abs);
  CHECK(abs->metric == "total.success_rate");
  CHECK(abs->half_width == 0.001);
  CHECK_FALSE(abs->relative);

  const auto rel = parse_ci_target(" functions.api.latency_p99_ms : 2.5 % ", &error);
  REQUIRE(rel);
  CHECK(rel->metric == "functions.api.latency_p99_ms");
  CHECK(rel->half_width == Approx(0.025));
  CHECK(rel->relative);

  const auto bad = [&](std::string_view text, std::string_view says) {
    error.clear();
    CHECK_FALSE(parse_ci_target(text, &error));
    INFO(error);
    CHECK(error.find(says) != std::string::npos);
  };
  bad("total.success_rate", "expected METRIC:HALF_WIDTH");
  bad(":0.1", "no metric");
  bad("total.success_rate:", "no half-width");
  bad("total.success_rate:%", "no half-width");
  bad("total.success_rate:abc", "'abc' is not a number");
  bad("total.success_rate:0.1x", "not a number");
  bad("total.success_rate:0", "above 0");
  bad("total.success_rate:-1%", "above 0");
  bad("total.success_rate:inf", "not a number");
  bad("total success:0.1", "not a metric name");
  CHECK_FALSE(parse_ci_target("x:1", nullptr) == std::nullopt);
  CHECK(parse_ci_target("x", nullptr) == std::nullopt);  // no error pointer: no crash
}

TEST_CASE("ci_target_met: n, finite half-width, absolute or relative", "[experiment][ci_target]") {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const CiTarget abs{"m", 0.01, false};
  const CiTarget rel{"m", 0.01, true};  // 1%
  const auto ci = [](double mean, double half, std::size_t n) {
    ConfidenceInterval c;
    c.mean = mean;
    c.half_width = half;
    c.n = n;
    return c;
  };
  CHECK(ci_target_met(abs, ci(0.5, 0.01, 5)));
  CHECK(ci_target_met(abs, ci(0.5, 0.0099, 5)));
  CHECK_FALSE(ci_target_met(abs, ci(0.5, 0.0101, 5)));
  CHECK_FALSE(ci_target_met(abs, ci(0.5, 0.0, 1)));   // one replication proves nothing
  CHECK_FALSE(ci_target_met(abs, ci(0.5, kNaN, 5)));  // undefined in the runs
  CHECK_FALSE(ci_target_met(abs, ci(0.5, std::numeric_limits<double>::infinity(), 5)));

  CHECK(ci_target_met(rel, ci(200, 2, 10)));  // 1% of 200
  CHECK_FALSE(ci_target_met(rel, ci(200, 2.01, 10)));
  CHECK(ci_target_met(rel, ci(-200, 1.5, 10)));       // relative to |mean|
  CHECK_FALSE(ci_target_met(rel, ci(0, 0.001, 10)));  // a mean of 0: no relative precision
  CHECK(ci_target_met(rel, ci(0, 0, 10)));            // ... unless every value was 0
  CHECK_FALSE(ci_target_met(rel, ci(kNaN, 0, 10)));

  // From real values: 5 replications with t(0.975, 4) = 2.776445.
  const std::vector<double> v{0.990, 0.992, 0.991, 0.993, 0.989};
  const ConfidenceInterval c = confidence_interval(v);
  // stddev sqrt(2.5e-6) = 0.0015811; half-width 2.776445 x 0.0015811 / sqrt(5) = 0.0019632
  CHECK(c.half_width == Approx(0.0019632).epsilon(1e-4));
  CHECK(ci_target_met(CiTarget{"m", 0.002, false}, c));
  CHECK_FALSE(ci_target_met(CiTarget{"m", 0.0019, false}, c));
  CHECK(ci_target_met(CiTarget{"m", 0.002, true}, c));         // 0.2% of 0.991 = 0.001982
  CHECK_FALSE(ci_target_met(CiTarget{"m", 0.0019, true}, c));  // 0.19%: 0.001883
}
