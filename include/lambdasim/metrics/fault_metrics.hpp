// The fault-window part of MetricsCollector: account-wide running totals, and
// per fault of the timeline the snapshots of them at its start and end, the
// first cold success after it began and its recovery in the time-series rows
// (followed as they close, so no row is kept for it).
// A window's numbers are differences of snapshots, so tracking windows costs
// nothing per invocation however many faults there are.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/timeseries.hpp"

namespace lambdasim {

class FaultMetrics {
 public:
  // One window per fault of the timeline, with its kind, subject and
  // configured times filled in.
  explicit FaultMetrics(std::vector<FaultWindowSummary> windows);

  void attempt() { ++tally_.attempts; }
  void outcome(std::size_t o) { ++tally_.outcomes[o]; }
  void cost(double usd) { tally_.cost_usd += usd; }
  void async_requeued(bool first) {
    ++tally_.async_retries;
    if (first) ++tally_.async_delayed;
  }
  // A cold invocation that arrived at `arrived` succeeded at `now`.
  void cold_success(SimTime now, SimTime arrived) {
    if (!awaiting_success_.empty()) note_cold_success(now, arrived);
  }

  bool has(std::uint32_t index) const { return index < faults_.size(); }
  // Fault `index` starts (active) or ends; `row_start` is the start of the
  // current time-series row.
  void fault(SimTime now, std::uint32_t index, bool active, SimTime row_start);

  // Time series: faults active at any time in the current row; then the next
  // row starts with those active now.
  std::uint32_t row_faults() const { return row_faults_; }
  void restart_row() { row_faults_ = faults_active_; }

  // A time-series row closed (rows come in time order). Recovery is found
  // here, as rows close, so no row has to be kept for it.
  void row_closed(const TimeSeriesRow& row) {
    rows_successes_ += row.successes;
    rows_ended_ += row.attempts_ended();
    if (!awaiting_recovery_.empty()) note_row_for_recovery(row);
  }

  // Valid after the run.
  std::vector<FaultWindowSummary> summarize(SimTime end) const;

 private:
  // Account-wide running totals since the run began.
  struct Tally {
    std::uint64_t attempts = 0;
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    double cost_usd = 0;              // requests + duration, at completion
    std::uint64_t async_delayed = 0;  // async events first requeued
    std::uint64_t async_retries = 0;  // async requeues
  };
  struct FaultWindow {
    bool started = false;
    bool active = false;
    SimTime start{};
    SimTime end{};
    Tally at_start;
    Tally at_end;
    double first_success_s = std::numeric_limits<double>::quiet_NaN();  // until found
    // Availability over the rows that ended before the fault began, less the
    // tolerance: a row after the fault at or above it has recovered. NaN when
    // no attempt ended before the fault (recovery is then unknown).
    double recovery_threshold = std::numeric_limits<double>::quiet_NaN();
    double time_to_recover_s = std::numeric_limits<double>::quiet_NaN();  // until found
  };

  void note_cold_success(SimTime now, SimTime arrived);
  void start(SimTime now, std::uint32_t index);
  void end(SimTime now, std::uint32_t index, SimTime row_start);
  void note_row_for_recovery(const TimeSeriesRow& row);
  void summarize_window(const FaultWindow& w, SimTime end, FaultWindowSummary& s) const;

  Tally tally_;
  std::vector<FaultWindow> faults_;  // indexed like ModelConfig::faults.timeline
  std::vector<FaultWindowSummary> names_;
  // Started faults whose first cold success is not seen yet (reserved up front).
  std::vector<std::uint32_t> awaiting_success_;
  // Started faults whose recovery is not seen yet (reserved up front).
  std::vector<std::uint32_t> awaiting_recovery_;
  // Closed time-series rows, summed: the baseline of a fault starting now.
  std::uint64_t rows_successes_ = 0;
  std::uint64_t rows_ended_ = 0;
  std::uint32_t faults_active_ = 0;
  std::uint32_t row_faults_ = 0;
};

}  // namespace lambdasim
