// Warm-up deletion for steady-state metrics (`--warmup mser5`): MSER-5 picks
// how many leading time-series rows to drop from one replication, and the
// steady.* metrics are recomputed over the rows after it.
//   const std::size_t d = mser5_truncation(concurrency_by_row);  // rows to drop
//   SteadyStateSummary s = steady_state_summary(rows);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/timeseries.hpp"

namespace lambdasim {

// What a run does about its initial transient.
enum class Warmup : std::uint8_t {
  kNone,   // nothing deleted; no steady.* metrics
  kMser5,  // MSER-5 per replication on the running-concurrency rows; steady.* metrics
};
std::string_view warmup_name(Warmup w);  // "none", "mser5"

// The flat names of the steady-state metrics start with this.
inline constexpr std::string_view kSteadyPrefix = "steady.";

// MSER-5 (White 1997, "An effective truncation heuristic for bias reduction
// in simulation output", Simulation 69(6); White, Cobb & Spratt 2000, "A
// comparison of five steady-state truncation heuristics for simulation",
// WSC): the series is cut into k = n / 5 batches of 5 consecutive
// observations (an incomplete last batch is left out), Z_j their means, and
// d* minimises MSER(d) = sum_{j > d} (Z_j - mean_{j > d} Z)^2 / (k - d)^2 over
// d in the first half of the batches (d < k / 2, the smallest d on ties).
// Returns the truncation in observations, 5 d*; 0 when there are fewer than
// 2 batches. Non-finite observations are not expected (the caller's series
// is a time average, always finite).
std::size_t mser5_truncation(std::span<const double> series);

// One time-series row, as much of it as the steady metrics read (a light
// capture: 56 bytes a row, kept for every replication with --warmup).
struct SteadyRow {
  SimTime start{};
  SimTime end{};
  std::uint64_t attempts = 0;   // arriving in the row
  std::uint64_t successes = 0;  // successful completions in the row
  std::uint64_t throttles = 0;  // 429s in the row
  double concurrency_avg = 0;   // account-wide running invocations, time average
};

// Appends the SteadyRow of each of `series`' rows.
void append_steady_rows(const TimeSeries& series, std::vector<SteadyRow>& out);

// The steady.* metrics of `rows` (time order) with the first `truncation`
// rows deleted: time-weighted concurrency, attempts per second, and the
// success and throttle ratios of the rows kept. warmup_s is the start of the
// first row kept. Without rows left, the ratios and averages are NaN.
SteadyStateSummary steady_state_summary(std::span<const SteadyRow> rows, std::size_t truncation);

// MSER-5 on the rows' concurrency_avg, then steady_state_summary.
SteadyStateSummary mser5_steady_state(std::span<const SteadyRow> rows);

}  // namespace lambdasim
