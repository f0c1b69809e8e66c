// The standard observer of a run. Each concern is its own part: compute
// (attempts by outcome, cold starts, latency, environments, cost), network
// (ENIs, IPs, NAT connections, bytes), faults (fault windows) and the time
// series (rows). MetricsCollector is the one ModelObserver: each event calls
// the parts it concerns directly (inline, no virtual call), so each call is
// O(1) with no allocation (beyond keeping a time-series row when an interval
// ends, if rows are kept). finish() then summary() turn it into a RunSummary.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/metrics/compute_metrics.hpp"
#include "lambdasim/metrics/fault_metrics.hpp"
#include "lambdasim/metrics/network_metrics.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/metrics/timeseries.hpp"
#include "lambdasim/metrics/timeseries_metrics.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/observer.hpp"

namespace lambdasim {

class MetricsCollector final : public ModelObserver {
 public:
  // timeseries_interval <= 0 computes no time series; `keep` says what is
  // kept of its rows (kStream hands them to `sink`). horizon only sizes the
  // time-series reservation; the run may end anywhere (finish()).
  MetricsCollector(const ModelConfig& config, SimTime timeseries_interval, SimTime horizon,
                   TimeSeriesKeep keep = TimeSeriesKeep::kAll, TimeSeriesSink sink = {});

  void on_rejected(SimTime now, FunctionIndex f, Outcome why, InvocationType type) override;
  void on_started(SimTime now, FunctionIndex f, bool cold, bool provisioned) override;
  void on_completed(SimTime now, const Completion& c) override;
  void on_environment_ready(SimTime now, FunctionIndex f, bool provisioned) override;
  void on_environment_removed(SimTime now, FunctionIndex f) override;
  void on_async_final(SimTime now, FunctionIndex f, Outcome final_state, SimTime age) override;
  void on_async_requeued(SimTime now, FunctionIndex f, bool first) override;
  void on_eni_change(SimTime now, std::uint32_t subnet, int delta_enis,
                     int delta_creating) override;
  void on_transfer(SimTime now, TransferKind kind, std::uint32_t resource,
                   std::int64_t bytes) override;
  void on_nat_connections(SimTime now, std::uint32_t nat, int delta) override;
  void on_count(SimTime now, CounterId id, FunctionIndex f, std::uint64_t n) override;
  void on_level(SimTime now, CounterId id, FunctionIndex f, std::int64_t delta) override;
  void on_fault(SimTime now, std::uint32_t index, bool active) override;

  // Closes the integrals and the last (possibly partial) time-series row at
  // `end`. Call once, after the last observer call.
  void finish(SimTime end);

  // Valid after finish(). timeseries() holds every row with TimeSeriesKeep::kAll
  // only.
  RunSummary summary() const;
  const TimeSeries& timeseries() const { return series_.series(); }

 private:
  // Moves the current time-series row forward until it holds `now`.
  void advance(SimTime now) {
    if (series_.due(now)) roll(now);
  }
  void roll(SimTime now);
  // Every part writes its columns of the row ending at `end`.
  void close_row(SimTime end);
  // A refused attempt: a throttle (429) or a platform error, per function and per row.
  void count_refusal(FunctionIndex f, std::size_t o) {
    if (throttle_[o]) {
      compute_.throttled(f);
      series_.throttle(f);
    } else {
      compute_.platform_errored(f);
      series_.platform_error(f);
    }
  }
  // A failed completion: a function error (CloudWatch Errors), or a
  // platform error when the AZ was lost under it.
  void count_failed_completion(FunctionIndex f, bool function_error) {
    if (function_error) {
      compute_.errored(f);
      series_.error(f);
    } else {
      compute_.platform_errored(f);
      series_.platform_error(f);
    }
  }

  PricingConfig pricing_;
  std::array<bool, kOutcomeCount> throttle_{};  // is_throttle(), cached for the hot path
  ComputeMetrics compute_;
  NetworkMetrics network_;
  FaultMetrics faults_;
  TimeSeriesMetrics series_;
  SimTime end_{};
  bool finished_ = false;
};

}  // namespace lambdasim
