// LogHistogram: bucket geometry, quantile relative error on known data, merge;
// TimeWeighted: integrals, averages, peaks, window restarts.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "lambdasim/metrics/histogram.hpp"
#include "lambdasim/metrics/time_weighted.hpp"

using namespace lambdasim;

namespace {

// std::mt19937_64's output is fixed by the standard (distributions are not),
// so the data is the same everywhere.
double uniform01(std::mt19937_64& g) {
  return static_cast<double>(g() >> 11) * (1.0 / 9007199254740992.0);
}

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

void check_quantiles(std::vector<std::int64_t> data) {
  LogHistogram h;
  double sum = 0;
  for (const std::int64_t v : data) {
    h.record(v);
    sum += static_cast<double>(v);
  }
  std::sort(data.begin(), data.end());
  REQUIRE(h.count() == data.size());
  CHECK(h.min() == static_cast<double>(data.front()));
  CHECK(h.max() == static_cast<double>(data.back()));
  CHECK(h.mean() == Approx(sum / static_cast<double>(data.size())).epsilon(1e-12));
  for (const double q : {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
    const auto exact = static_cast<double>(nearest_rank(data, q));
    const double got = h.quantile(q);
    INFO("q = " << q << ", exact " << exact << ", histogram " << got);
    CHECK(std::fabs(got - exact) <= 0.01 * exact);
  }
}

}  // namespace

TEST_CASE("LogHistogram buckets tile the value range", "[metrics][histogram]") {
  for (std::size_t i = 0; i + 1 < LogHistogram::kBucketCount; ++i) {
    const std::uint64_t lo = LogHistogram::bucket_lower(i);
    const std::uint64_t w = LogHistogram::bucket_width(i);
    REQUIRE(LogHistogram::bucket_index(lo) == i);
    REQUIRE(LogHistogram::bucket_index(lo + w - 1) == i);
    REQUIRE(LogHistogram::bucket_lower(i + 1) == lo + w);
    // Bounded relative width: what bounds the quantile error.
    if (w > 1) REQUIRE(static_cast<double>(w) / static_cast<double>(lo) <= 1.0 / 64);
  }
  const std::size_t last = LogHistogram::kBucketCount - 1;
  CHECK(LogHistogram::bucket_lower(last) + LogHistogram::bucket_width(last) - 1 ==
        LogHistogram::kMaxTrackable);
  CHECK(LogHistogram::bucket_index(UINT64_MAX) == last);
}

TEST_CASE("LogHistogram: small values are exact", "[metrics][histogram]") {
  LogHistogram h;
  for (std::int64_t v = 0; v < 128; ++v) h.record(v);
  CHECK(h.quantile(0.0) == 0);
  CHECK(h.quantile(0.5) == 63);
  CHECK(h.quantile(1.0) == 127);
  CHECK(h.mean() == Approx(63.5));
}

TEST_CASE("LogHistogram quantiles within 1% on uniform data", "[metrics][histogram]") {
  std::mt19937_64 g(1);
  std::vector<std::int64_t> data(200'000);
  for (auto& v : data) v = 1'000'000 + static_cast<std::int64_t>(uniform01(g) * 1e9);
  check_quantiles(data);
}

TEST_CASE("LogHistogram quantiles within 1% on exponential data", "[metrics][histogram]") {
  std::mt19937_64 g(2);
  std::vector<std::int64_t> data(200'000);
  const double mean_ns = 40e6;  // 40 ms
  for (auto& v : data) v = static_cast<std::int64_t>(-mean_ns * std::log1p(-uniform01(g)));
  check_quantiles(data);
}

TEST_CASE("LogHistogram quantiles within 1% from 1 ns to 1 h", "[metrics][histogram]") {
  std::mt19937_64 g(3);
  std::vector<std::int64_t> data(200'000);
  const double span = std::log(3600e9);
  for (auto& v : data) v = std::max<std::int64_t>(1, std::llround(std::exp(uniform01(g) * span)));
  data.push_back(1);
  data.push_back(3'600'000'000'000);
  check_quantiles(data);
}

TEST_CASE("LogHistogram merge equals recording everything in one", "[metrics][histogram]") {
  std::mt19937_64 g(4);
  LogHistogram a, b, all;
  for (int i = 0; i < 50'000; ++i) {
    const auto v = static_cast<std::int64_t>(uniform01(g) * 1e10);
    (i % 3 == 0 ? a : b).record(v);
    all.record(v);
  }
  a.merge(b);
  CHECK(a.count() == all.count());
  CHECK(a.min() == all.min());
  CHECK(a.max() == all.max());
  CHECK(a.mean() == Approx(all.mean()).epsilon(1e-12));
  for (const double q : {0.0, 0.1, 0.5, 0.9, 0.99, 1.0}) CHECK(a.quantile(q) == all.quantile(q));
  LogHistogram empty;
  a.merge(empty);
  CHECK(a.count() == all.count());
  CHECK(a.min() == all.min());
}

TEST_CASE("LogHistogram edge cases", "[metrics][histogram]") {
  LogHistogram h;
  CHECK(h.empty());
  CHECK(std::isnan(h.mean()));
  CHECK(std::isnan(h.quantile(0.5)));
  CHECK(std::isnan(h.min()));
  h.record(-5);  // clamps to 0
  CHECK(h.quantile(0.5) == 0);
  h.reset();
  // Beyond the trackable range: the top bucket, but min/max/mean stay exact.
  const std::int64_t huge = std::int64_t{1} << 55;
  h.record(huge);
  CHECK(h.max() == static_cast<double>(huge));
  CHECK(h.quantile(1.0) == static_cast<double>(huge));  // clamped into [min, max]
  h.record(seconds(1));
  CHECK(h.count() == 2);
  CHECK(h.quantile(0.5) == Approx(1e9).epsilon(0.01));
  h.record_n(10, 3);
  CHECK(h.count() == 5);
  CHECK(h.quantile(0.0) == 10);
}

TEST_CASE("TimeWeighted average, integral and peak", "[metrics][time_weighted]") {
  TimeWeighted w;
  w.set(seconds(1), 2);
  w.add(seconds(3), 3);  // 5
  CHECK(w.value() == 5);
  CHECK(w.peak() == 5);
  CHECK(w.integral(seconds(4)) == Approx(0 * 1 + 2 * 2 + 5 * 1));
  CHECK(w.average(seconds(4)) == Approx(9.0 / 4));
  w.add(seconds(4), -4);  // 1
  CHECK(w.peak() == 5);
  CHECK(w.average(seconds(6)) == Approx(11.0 / 6));
  // Several changes at one instant add no area.
  w.add(seconds(6), 10);
  w.add(seconds(6), -10);
  CHECK(w.peak() == 11);
  CHECK(w.average(seconds(6)) == Approx(11.0 / 6));

  // Until the first restart, the window is the whole run.
  CHECK(w.window_peak() == 11);
  CHECK(w.window_integral_ns(seconds(6)) == w.integral_ns(seconds(6)));

  w.restart_window(seconds(6));
  CHECK(w.window_peak() == 1);
  CHECK(w.window_integral_ns(seconds(6)) == 0);
  CHECK(w.window_average(seconds(6)) == 1);  // empty window: the current value
  w.set(milliseconds(6500), 3);
  CHECK(w.window_average(seconds(7)) == Approx((0.5 * 1 + 0.5 * 3) / 1.0));
  CHECK(w.window_start() == seconds(6));
  CHECK(w.window_peak() == 3);
  // The run's figures go on across windows.
  CHECK(w.peak() == 11);
  CHECK(w.start() == kTimeZero);
  CHECK(w.integral(seconds(7)) == Approx(11 + 0.5 * 1 + 0.5 * 3));
  CHECK(w.average(seconds(7)) == Approx(13.0 / 7));
  w.add(seconds(8), 20);  // 23: a new run peak inside the window
  CHECK(w.peak() == 23);
  w.restart_window(seconds(9));
  CHECK(w.window_peak() == 23);
  w.add(seconds(9), -23);
  CHECK(w.window_peak() == 23);  // the window includes its first instant
  CHECK(w.peak() == 23);

  TimeWeighted started_late(seconds(10), 4);
  CHECK(started_late.average(seconds(12)) == Approx(4));
  CHECK(started_late.window_average(seconds(12)) == Approx(4));
}

TEST_CASE("PeakCount keeps run and window peaks", "[metrics][time_weighted]") {
  PeakCount c;
  c.add(3);
  c.add(-1);
  CHECK(c.value() == 2);
  CHECK(c.peak() == 3);
  CHECK(c.window_peak() == 3);
  c.restart_window();
  CHECK(c.window_peak() == 2);
  c.add(-2);
  c.add(1);
  CHECK(c.window_peak() == 2);
  CHECK(c.peak() == 3);
  c.add(4);
  CHECK(c.peak() == 5);
  CHECK(c.window_peak() == 5);
}

TEST_CASE("average_over: exact integrals summed before one division", "[metrics][time_weighted]") {
  TimeWeighted a;
  TimeWeighted b;
  a.add(nanoseconds(1), 1);
  b.add(nanoseconds(2), 2);
  const WideIntegral sum = a.integral_ns(nanoseconds(3)) + b.integral_ns(nanoseconds(3));
  CHECK(sum == 2 + 2);
  CHECK(average_over(sum, kTimeZero, nanoseconds(3), 9) == Approx(4.0 / 3));
  CHECK(average_over(sum, nanoseconds(3), nanoseconds(3), 9) == 9);
}
