// The standard observer of a run: counts every attempt by outcome, cold starts,
// latency histograms, environment integrals, billing, VPC networking (ENIs,
// IPs, NAT connections, bytes), fault windows and the time series, per
// function, per network resource and account-wide. Called once or twice per
// simulated invocation, so each call is O(1) with no allocation (beyond
// appending a time-series row when an interval ends). finish() then summary()
// turn it into a RunSummary.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
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
  void on_async_requeued(SimTime now, FunctionIndex f, bool first) override;
  void on_eni_change(SimTime now, std::uint32_t subnet, int delta_enis,
                     int delta_creating) override;
  void on_transfer(SimTime now, TransferKind kind, std::uint32_t resource,
                   std::int64_t bytes) override;
  void on_nat_connections(SimTime now, std::uint32_t nat, int delta) override;
  void on_fault(SimTime now, std::uint32_t index, bool active) override;

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
    std::uint64_t async_delayed = 0;  // events requeued at least once
    std::uint64_t async_retries = 0;  // requeues
    std::array<std::uint64_t, kOutcomeCount> outcomes{};
    LogHistogram latency_cold;  // successful completions; "all" is the merge
    LogHistogram latency_warm;
    LogHistogram async_delay;
    // Windows are time-series rows. Account-wide averages are sums of these
    // exact integrals (running + idle = environments, for each function).
    TimeWeighted running;
    TimeWeighted idle;
    TimeWeighted environments;
    TimeWeighted provisioned;  // provisioned environments made ready so far
    std::int64_t billed_ms_on_demand = 0;
    std::int64_t billed_ms_provisioned = 0;
    // From the config, so nothing is looked up per call.
    std::string name;
    double memory_gb = 0;
    double gb_second_usd = 0;    // on-demand duration price for its architecture
    double provisioned_usd = 0;  // configured provisioned, per GB-s
    double provisioned_duration_usd = 0;
    // Cost of one billed millisecond, for fault windows (on demand, provisioned).
    double usd_per_ms_on_demand = 0;
    double usd_per_ms_provisioned = 0;
  };

  // Networking, indexed by NetworkIndex's global numbering.
  struct SubnetMetrics {
    TimeWeighted enis;      // in service
    TimeWeighted creating;  // being created (already holding their IP)
    int ips_used = 0;       // enis + creating
    int ips_used_peak = 0;
    int usable_ips = 0;
    std::uint32_t vpc = 0;
  };
  struct VpcMetrics {
    int enis = 0;
    int enis_peak = 0;
    int ips_used = 0;
    int ips_used_peak = 0;
  };
  struct NatMetrics {
    int connections = 0;
    int connections_peak = 0;
    std::int64_t bytes = 0;
  };

  // Account-wide running totals since the run began. A fault window's numbers
  // are the difference between its end and start snapshots, so tracking
  // windows costs nothing per invocation however many faults there are.
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
  };

  // Moves the current time-series row forward until it holds `now`.
  void advance(SimTime now) {
    if (now >= bucket_end_) roll(now);
  }
  void roll(SimTime now);
  void close_row(SimTime end);
  void change_running(SimTime now, FunctionIndex f, std::int64_t delta);
  void change_idle(SimTime now, FunctionIndex f, std::int64_t delta);
  void change_environments(SimTime now, FunctionIndex f, std::int64_t delta);
  // Account-wide time averages over [from, until): sums of per-function
  // integrals (TimeWeighted::integral_ns or window_integral_ns).
  template <class Integral>
  double account_average(TimeWeighted FunctionMetrics::*gauge, Integral integral, SimTime from,
                         SimTime until, double value_now) const;
  FunctionSummary summarize(const FunctionMetrics& m) const;
  void note_cold_success(SimTime now, SimTime arrived);
  NetworkSummary summarize_network() const;
  std::vector<FaultWindowSummary> summarize_faults() const;

  PricingConfig pricing_;
  std::array<bool, kOutcomeCount> throttle_{};  // is_throttle(), cached for the hot path
  std::vector<FunctionMetrics> functions_;
  // Account-wide peaks (not sums of per-function peaks); the averages are
  // sums of the per-function integrals, so each change costs one add here.
  PeakCount running_;
  PeakCount idle_;
  PeakCount environments_;
  Tally tally_;
  SimTime end_{};
  bool finished_ = false;

  // Time series: the row being filled covers [bucket_start_, bucket_end_).
  TimeSeries series_;
  // Current time-series row, per subnet and per VPC (networking only).
  std::vector<TimeSeriesSubnetRow> row_subnet_;
  std::vector<int> row_vpc_enis_max_;
  SimTime bucket_start_{};
  SimTime bucket_end_ = kTimeInfinity;
  TimeSeriesRow row_;
  std::vector<TimeSeriesFunctionRow> function_row_;
  int row_ips_used_max_ = 0;
  int row_nat_connections_max_ = 0;
  std::uint32_t row_faults_ = 0;

  // Networking.
  bool has_network_ = false;
  std::vector<SubnetMetrics> subnets_;
  std::vector<VpcMetrics> vpcs_;
  std::vector<NatMetrics> nats_;
  std::vector<std::int64_t> endpoint_bytes_;
  std::int64_t cross_az_bytes_ = 0;
  TimeWeighted enis_;  // windows are time-series rows
  TimeWeighted creating_;
  int ips_used_ = 0;
  int ips_used_peak_ = 0;
  int nat_connections_ = 0;
  int nat_connections_peak_ = 0;
  NetworkSummary network_names_;  // names and sizes from the config; numbers at summary()

  // Faults, indexed like ModelConfig::faults.timeline.
  std::vector<FaultWindow> faults_;
  std::vector<FaultWindowSummary> fault_names_;  // kind and subject from the config
  // Started faults whose first cold success is not seen yet (reserved up front).
  std::vector<std::uint32_t> awaiting_success_;
  std::uint32_t faults_active_ = 0;
};

}  // namespace lambdasim
