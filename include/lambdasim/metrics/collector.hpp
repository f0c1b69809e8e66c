// The standard observer of a run: counts every attempt by outcome, cold starts,
// latency histograms, environment integrals, billing and the time series, per
// function and account-wide. Called once or twice per simulated invocation, so
// each call is O(1) with no allocation (beyond appending a time-series row when
// an interval ends). finish() then summary() turn it into a RunSummary.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/metrics/histogram.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/time_weighted.hpp"
#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/observer.hpp"

namespace lambdasim {

class MetricsCollector final : public ModelObserver {
 public:
  // timeseries_interval <= 0 keeps no time series. horizon only sizes the
  // time-series reservation; the run may end anywhere (finish()).
  MetricsCollector(const ModelConfig& config, SimTime timeseries_interval, SimTime horizon);

  void on_rejected(SimTime now, FunctionIndex f, Outcome why, InvocationType type) override;
  void on_started(SimTime now, FunctionIndex f, bool cold, bool provisioned) override;
  void on_completed(SimTime now, const Completion& c) override;
  void on_environment_ready(SimTime now, FunctionIndex f, bool provisioned) override;
  void on_environment_removed(SimTime now, FunctionIndex f) override;
  void on_async_final(SimTime now, FunctionIndex f, Outcome final_state, SimTime age) override;

  // Closes the integrals and the last (possibly partial) time-series row at
  // `end`. Call once, after the last observer call.
  void finish(SimTime end);

  // Valid after finish().
  RunSummary summary() const;
  const TimeSeries& timeseries() const { return series_; }

 private:
  struct FunctionMetrics {
    std::uint64_t rejected = 0;
    std::uint64_t started = 0;
    std::uint64_t completed = 0;
    std::uint64_t cold_starts = 0;
    std::uint64_t provisioned_starts = 0;
    std::uint64_t throttles = 0;
    std::uint64_t errors = 0;
    std::uint64_t async_delivered = 0;
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    LogHistogram latency_cold;  // successful completions; "all" is the merge
    LogHistogram latency_warm;
    LogHistogram async_delay;
    TimeWeighted running;
    TimeWeighted idle;
    TimeWeighted environments;
    TimeWeighted provisioned;  // provisioned environments made ready so far
    std::int64_t billed_ms_on_demand = 0;
    std::int64_t billed_ms_provisioned = 0;
    // From the config, so nothing is looked up per call.
    std::string name;
    double memory_gb = 0;
    double gb_second_usd = 0;          // on-demand duration price for its architecture
    double provisioned_usd = 0;        // configured provisioned, per GB-s
    double provisioned_duration_usd = 0;
  };

  // Moves the current time-series row forward until it holds `now`.
  void advance(SimTime now) {
    if (now >= bucket_end_) roll(now);
  }
  void roll(SimTime now);
  void close_row(SimTime end);
  void change_running(SimTime now, FunctionIndex f, double delta);
  void change_idle(SimTime now, FunctionIndex f, double delta);
  void change_environments(SimTime now, FunctionIndex f, double delta);
  FunctionSummary summarize(const FunctionMetrics& m) const;

  PricingConfig pricing_;
  std::array<bool, kOutcomeCount> throttle_{};  // is_throttle(), cached for the hot path
  std::vector<FunctionMetrics> functions_;
  // Account-wide gauges (peaks are not sums of per-function peaks).
  TimeWeighted running_;
  TimeWeighted idle_;
  TimeWeighted environments_;
  SimTime end_{};
  bool finished_ = false;

  // Time series: the row being filled covers [bucket_start_, bucket_end_).
  TimeSeries series_;
  SimTime bucket_start_{};
  SimTime bucket_end_ = kTimeInfinity;
  TimeSeriesRow row_;
  std::vector<TimeSeriesFunctionRow> function_row_;
  TimeWeighted row_running_;
  TimeWeighted row_idle_;
  TimeWeighted row_environments_;
  std::vector<TimeWeighted> row_function_running_;
};

}  // namespace lambdasim
