// LogHistogram: bucket geometry, quantiles within the stated 0.1% relative
// error of the exact nearest-rank percentiles (exponential, lognormal, 1 us to
// 1 h), exact merge, monotone quantiles, and percentiles that differ between
// replications (a -r 3 run's p99 has a CI half-width > 0, and summary.json
// states the resolution); TimeWeighted: integrals, averages, peaks, window
// restarts.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "lambdasim/experiment/runner.hpp"
#include "lambdasim/metrics/histogram.hpp"
#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/metrics/time_weighted.hpp"
#include "lambdasim/report/json_report.hpp"
#include "lambdasim/scenario/loader.hpp"

using namespace lambdasim;

namespace {

// std::mt19937_64's output is fixed by the standard (distributions are not),
// so the data is the same everywhere.
double uniform01(std::mt19937_64& g) {
  return static_cast<double>(g() >> 11) * (1.0 / 9007199254740992.0);
}

// A standard normal by Box-Muller over uniform01 (std::normal_distribution
// differs between standard libraries).
double normal01(std::mt19937_64& g) {
  constexpr double kTwoPi = 6.283185307179586;
  return std::sqrt(-2.0 * std::log1p(-uniform01(g))) * std::cos(kTwoPi * uniform01(g));
}

std::int64_t nearest_rank(const std::vector<std::int64_t>& sorted, double q) {
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

// The quantiles checked: the reported ones (p50, p90, p99, p99.9), the tails,
// and a fine grid in between.
std::vector<double> probe_quantiles() {
  std::vector<double> qs = {0.0, 1e-6, 0.001, 0.01, 0.5, 0.9, 0.99, 0.999, 0.9999, 0.99999, 1.0};
  for (int i = 1; i < 1000; ++i) qs.push_back(i / 1000.0);
  return qs;
}

// Returns the largest relative error seen, after checking each against the
// stated bound (which is itself checked to be at most 0.1%).
double check_quantiles(std::vector<std::int64_t> data) {
  STATIC_REQUIRE(LogHistogram::kRelativeError <= 0.001);
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
  double worst = 0;
  for (const double q : probe_quantiles()) {
    const auto exact = static_cast<double>(nearest_rank(data, q));
    const double got = h.quantile(q);
    const double error = exact == 0 ? std::fabs(got) : std::fabs(got - exact) / exact;
    worst = std::max(worst, error);
    INFO("q = " << q << ", exact " << exact << ", histogram " << got);
    REQUIRE(error <= LogHistogram::kRelativeError);
  }
  // The extremes are exact, not just close.
  CHECK(h.quantile(0.0) == static_cast<double>(data.front()));
  CHECK(h.quantile(1.0) == static_cast<double>(data.back()));
  return worst;
}

const std::string kScenarios = std::string(LAMBDASIM_SOURCE_DIR) + "/scenarios/";

Scenario load_file_ok(const std::string& path, const std::vector<Override>& overrides = {}) {
  const LoadResult r = load_scenario_file(path, overrides);
  INFO(path << "\n" << format_diagnostics(r.diagnostics));
  REQUIRE(r.ok());
  return *r.scenario;
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
    REQUIRE(static_cast<double>(w - 1) / static_cast<double>(std::max<std::uint64_t>(lo, 1)) <
            LogHistogram::kRelativeError);
  }
  const std::size_t last = LogHistogram::kBucketCount - 1;
  CHECK(LogHistogram::bucket_lower(last) + LogHistogram::bucket_width(last) - 1 ==
        LogHistogram::kMaxTrackable);
  CHECK(LogHistogram::bucket_index(UINT64_MAX) == last);
  // Exact below 2,048 ns; 1 ms buckets are 512 ns wide, 1 h buckets 2^31 ns (0.06%).
  CHECK(LogHistogram::bucket_width(LogHistogram::bucket_index(2047)) == 1);
  CHECK(LogHistogram::bucket_width(LogHistogram::bucket_index(2048)) == 2);
  CHECK(LogHistogram::bucket_width(LogHistogram::bucket_index(1'000'000)) == 512);
  CHECK(LogHistogram::bucket_width(LogHistogram::bucket_index(3'600'000'000'000)) ==
        std::uint64_t{1} << 31);
}

TEST_CASE("LogHistogram: small values are exact", "[metrics][histogram]") {
  LogHistogram h;
  for (std::int64_t v = 0; v < 2048; ++v) h.record(v);
  CHECK(h.quantile(0.0) == 0);
  CHECK(h.quantile(0.5) == 1023);
  CHECK(h.quantile(0.999) == 2045);  // rank ceil(2045.952) = 2046: the value 2045
  CHECK(h.quantile(1.0) == 2047);
  CHECK(h.mean() == Approx(1023.5));
}

TEST_CASE("LogHistogram quantiles within 0.1% on uniform data", "[metrics][histogram]") {
  std::mt19937_64 g(1);
  std::vector<std::int64_t> data(200'000);
  for (auto& v : data) v = 1'000'000 + static_cast<std::int64_t>(uniform01(g) * 1e9);
  check_quantiles(data);
}

TEST_CASE("LogHistogram quantiles within 0.1% on exponential data", "[metrics][histogram]") {
  std::mt19937_64 g(2);
  std::vector<std::int64_t> data(200'000);
  const double mean_ns = 40e6;  // 40 ms
  for (auto& v : data) v = static_cast<std::int64_t>(-mean_ns * std::log1p(-uniform01(g)));
  const double worst = check_quantiles(data);
  // Interpolation does better than the bound where buckets are well filled.
  CHECK(worst < LogHistogram::kRelativeError / 2);
}

TEST_CASE("LogHistogram quantiles within 0.1% on lognormal data", "[metrics][histogram]") {
  std::mt19937_64 g(5);
  std::vector<std::int64_t> data(200'000);
  // Median 40 ms, p99 250 ms (the shipped default's shape): sigma = ln(6.25) / 2.326.
  const double mu = std::log(40e6);
  const double sigma = std::log(250.0 / 40.0) / 2.3263478740408408;
  for (auto& v : data) v = std::llround(std::exp(mu + sigma * normal01(g)));
  check_quantiles(data);
}

TEST_CASE("LogHistogram quantiles within 0.1% from 1 us to 1 h", "[metrics][histogram]") {
  std::mt19937_64 g(3);
  std::vector<std::int64_t> data(200'000);
  const double lo = std::log(1e3);
  const double span = std::log(3600e9) - lo;
  for (auto& v : data) v = std::llround(std::exp(lo + uniform01(g) * span));
  data.push_back(1'000);
  data.push_back(3'600'000'000'000);
  check_quantiles(data);
}

TEST_CASE("LogHistogram quantiles within 0.1% from 1 ns to 1 h, sparse", "[metrics][histogram]") {
  // Few values over a wide range: most buckets hold one value or none, where
  // interpolation has the least to go on.
  std::mt19937_64 g(6);
  std::vector<std::int64_t> data(2'000);
  const double span = std::log(3600e9);
  for (auto& v : data) v = std::max<std::int64_t>(1, std::llround(std::exp(uniform01(g) * span)));
  check_quantiles(data);
}

TEST_CASE("LogHistogram interpolates inside a bucket", "[metrics][histogram]") {
  // 1,000 values spread over one 2^20 ns bucket (at 2^30 ns ~ 1.07 s): the
  // bucket's midpoint would report one value for every quantile; interpolation
  // follows the ranks.
  const std::int64_t lower = std::int64_t{1} << 30;
  const std::int64_t width = std::int64_t{1} << 20;
  REQUIRE(LogHistogram::bucket_width(LogHistogram::bucket_index(lower)) ==
          static_cast<std::uint64_t>(width));
  LogHistogram h;
  for (int i = 0; i < 1000; ++i) h.record(lower + width * i / 1000);
  CHECK(h.quantile(0.25) == Approx(static_cast<double>(lower) + 0.25 * width).epsilon(1e-5));
  CHECK(h.quantile(0.5) == Approx(static_cast<double>(lower) + 0.5 * width).epsilon(1e-5));
  CHECK(h.quantile(0.99) == Approx(static_cast<double>(lower) + 0.99 * width).epsilon(1e-5));
  CHECK(h.quantile(0.5) < h.quantile(0.51));
  // Two samples of one distribution with different seeds (two replications)
  // give different p99s, which the bucket midpoint often did not.
  std::mt19937_64 g1(11);
  std::mt19937_64 g2(12);
  LogHistogram a;
  LogHistogram b;
  for (int i = 0; i < 20'000; ++i) {
    a.record(static_cast<std::int64_t>(-40e6 * std::log1p(-uniform01(g1))));
    b.record(static_cast<std::int64_t>(-40e6 * std::log1p(-uniform01(g2))));
  }
  CHECK(a.quantile(0.99) != b.quantile(0.99));
  CHECK(a.quantile(0.5) != b.quantile(0.5));
}

TEST_CASE("LogHistogram quantile is monotone in q", "[metrics][histogram]") {
  std::mt19937_64 g(7);
  LogHistogram h;
  // Ties, sparse and dense buckets, values beyond the trackable range.
  for (int i = 0; i < 5'000; ++i) {
    h.record(static_cast<std::int64_t>(-40e6 * std::log1p(-uniform01(g))));
    h.record(std::int64_t{123'456'789});
  }
  h.record(std::int64_t{1} << 55);
  h.record((std::int64_t{1} << 55) + 12345);
  double previous = h.quantile(0.0);
  for (int i = 1; i <= 100'000; ++i) {
    const double q = i / 100'000.0;
    const double v = h.quantile(q);
    INFO("q = " << q);
    REQUIRE(v >= previous);
    previous = v;
  }
  CHECK(previous == h.max());
  // Half the values are this one; interpolation spreads them over its bucket.
  CHECK(h.quantile(0.5) == Approx(123'456'789).epsilon(LogHistogram::kRelativeError));
}

TEST_CASE("LogHistogram merge equals recording everything in one", "[metrics][histogram]") {
  std::mt19937_64 g(4);
  LogHistogram a, b, all;
  for (int i = 0; i < 50'000; ++i) {
    // Two populations, as a cold and a warm histogram: different ranges.
    const auto v = i % 3 == 0 ? static_cast<std::int64_t>(uniform01(g) * 1e10)
                              : static_cast<std::int64_t>(-5e6 * std::log1p(-uniform01(g)));
    (i % 3 == 0 ? a : b).record(v);
    all.record(v);
  }
  LogHistogram merged;  // into an empty one, as the account total does
  merged.merge(a);
  merged.merge(b);
  a.merge(b);
  for (const LogHistogram* m : {&a, &merged}) {
    CHECK(m->count() == all.count());
    CHECK(m->min() == all.min());
    CHECK(m->max() == all.max());
    CHECK(m->mean() == Approx(all.mean()).epsilon(1e-12));
    for (const double q : probe_quantiles()) {
      INFO("q = " << q);
      REQUIRE(m->quantile(q) == all.quantile(q));
    }
  }
  LogHistogram empty;
  a.merge(empty);
  CHECK(a.count() == all.count());
  CHECK(a.min() == all.min());
  CHECK(a.quantile(0.99) == all.quantile(0.99));
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
  CHECK(h.empty());
  // Beyond the trackable range: the top bucket, but min/max/mean stay exact
  // and quantiles stay within [min, max].
  const std::int64_t huge = std::int64_t{1} << 55;
  h.record(huge);
  CHECK(h.max() == static_cast<double>(huge));
  CHECK(h.quantile(1.0) == static_cast<double>(huge));
  CHECK(h.quantile(0.5) == static_cast<double>(huge));
  h.record(huge + 1000);
  h.record(huge + 2000);
  CHECK(h.quantile(0.5) >= static_cast<double>(huge));
  CHECK(h.quantile(0.5) <= static_cast<double>(huge + 2000));
  h.reset();
  h.record(seconds(1));
  h.record(seconds(2));
  CHECK(h.count() == 2);
  CHECK(h.quantile(0.5) == 1e9);
  CHECK(h.quantile(0.51) == 2e9);
  h.record_n(10, 3);
  h.record_n(20, 0);
  CHECK(h.count() == 5);
  CHECK(h.quantile(0.0) == 10);
  CHECK(h.quantile(0.6) == 10);  // rank 3 of 5
}

TEST_CASE("replications' latency percentiles differ: p99 CI half-width > 0",
          "[metrics][histogram][threads]") {
  // legacy-vs-current-scaling reported "p99 9193.91 +- 0.00" with bucket
  // midpoints: every replication landed on one bucket's midpoint.
  const Scenario s =
      load_file_ok(kScenarios + "legacy-vs-current-scaling.yaml", {{"spec.horizon", "3m"}});
  const std::vector<ReplicationResult> results = run_replications(s, 3, 2);
  std::vector<RunSummary> runs;
  for (const ReplicationResult& r : results) runs.push_back(r.summary);
  const AggregateSummary agg = aggregate(runs);
  for (const char* name : {"total.latency_p50_ms", "total.latency_p99_ms"}) {
    const AggregateMetric* m = agg.find(name);
    REQUIRE(m != nullptr);
    INFO(name << " = " << m->ci.mean << " +- " << m->ci.half_width);
    CHECK(m->ci.n == 3);
    CHECK(m->ci.half_width > 0);
    // The differences are real, not rounding: wider than the resolution.
    CHECK(m->ci.half_width > LogHistogram::kRelativeError * m->ci.mean);
  }
  // The JSON states the resolution, for one run and for replications.
  const nlohmann::json one = nlohmann::json::parse(summary_to_json(s, runs[0]));
  CHECK(one["latency_resolution"]["relative_error"].get<double>() == LogHistogram::kRelativeError);
  const nlohmann::json many = nlohmann::json::parse(aggregate_to_json(s, runs, agg));
  CHECK(many["latency_resolution"]["relative_error"].get<double>() == LogHistogram::kRelativeError);
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
