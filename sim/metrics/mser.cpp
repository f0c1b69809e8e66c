#include "lambdasim/metrics/mser.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace lambdasim {

namespace {

constexpr std::size_t kBatch = 5;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(std::uint64_t num, std::uint64_t den) {
  return den == 0 ? kNaN : static_cast<double>(num) / static_cast<double>(den);
}

}  // namespace

std::string_view warmup_name(Warmup w) {
  return w == Warmup::kMser5 ? "mser5" : "none";
}

std::size_t mser5_truncation(std::span<const double> series) {
  const std::size_t k = series.size() / kBatch;
  if (k < 2) return 0;
  std::vector<double> z(k);
  for (std::size_t j = 0; j < k; ++j) {
    double sum = 0;
    for (std::size_t i = 0; i < kBatch; ++i) sum += series[j * kBatch + i];
    z[j] = sum / static_cast<double>(kBatch);
  }
  // Suffix sums from the end give every MSER(d) in one pass: with S1, S2 the
  // sum and sum of squares of Z_{d+1..k} and m = k - d batches,
  // sum (Z - mean)^2 = S2 - S1^2 / m. Batch means are O(concurrency), so
  // the cancellation costs nothing that matters at the scale of a run's
  // variance; a negative rounding residue is clamped to 0.
  std::vector<double> mser(k, 0.0);
  double s1 = 0;
  double s2 = 0;
  for (std::size_t j = k; j-- > 0;) {
    s1 += z[j];
    s2 += z[j] * z[j];
    const auto m = static_cast<double>(k - j);
    const double ss = std::max(0.0, s2 - s1 * s1 / m);
    mser[j] = ss / (m * m);
  }
  std::size_t best = 0;
  for (std::size_t d = 1; 2 * d < k; ++d) {
    if (mser[d] < mser[best]) best = d;
  }
  return best * kBatch;
}

void append_steady_rows(const TimeSeries& series, std::vector<SteadyRow>& out) {
  out.reserve(out.size() + series.rows.size());
  for (const TimeSeriesRow& r : series.rows) {
    out.push_back({.start = r.start,
                   .end = r.end,
                   .attempts = r.arrivals,
                   .successes = r.successes,
                   .throttles = r.throttles,
                   .concurrency_avg = r.concurrency_avg});
  }
}

SteadyStateSummary steady_state_summary(std::span<const SteadyRow> rows, std::size_t truncation) {
  SteadyStateSummary s;
  if (truncation >= rows.size()) {
    s.warmup_s = rows.empty() ? 0.0 : to_seconds(rows.back().end);
    s.concurrency_avg = kNaN;
    s.attempts_per_s = kNaN;
    s.success_rate = kNaN;
    s.p_throttle = kNaN;
    return s;
  }
  const std::span<const SteadyRow> kept = rows.subspan(truncation);
  s.warmup_s = to_seconds(kept.front().start);
  std::uint64_t attempts = 0;
  std::uint64_t successes = 0;
  std::uint64_t throttles = 0;
  double area = 0;  // concurrency x seconds
  for (const SteadyRow& r : kept) {
    attempts += r.attempts;
    successes += r.successes;
    throttles += r.throttles;
    area += r.concurrency_avg * to_seconds(r.end - r.start);
  }
  const double span_s = to_seconds(kept.back().end - kept.front().start);
  s.concurrency_avg = span_s > 0 ? area / span_s : kNaN;
  s.attempts_per_s = span_s > 0 ? static_cast<double>(attempts) / span_s : kNaN;
  s.success_rate = ratio(successes, attempts);
  s.p_throttle = ratio(throttles, attempts);
  return s;
}

SteadyStateSummary mser5_steady_state(std::span<const SteadyRow> rows) {
  std::vector<double> concurrency;
  concurrency.reserve(rows.size());
  for (const SteadyRow& r : rows) concurrency.push_back(r.concurrency_avg);
  return steady_state_summary(rows, mser5_truncation(concurrency));
}

}  // namespace lambdasim
