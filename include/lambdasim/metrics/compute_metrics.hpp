// The compute part of MetricsCollector: per function, attempts by outcome,
// cold and provisioned starts, latency histograms, environment gauges and
// billing, and the account total made from them. Hot-path calls are inline
// and O(1); MetricsCollector calls them directly (no virtual call).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
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

class ComputeMetrics {
 public:
  explicit ComputeMetrics(const ModelConfig& config);

  // Histograms each function holds (FunctionCompute), for the resource
  // budget's memory estimate: keep in step with the struct.
  static constexpr std::size_t kHistogramsPerFunction = 5;

  // An attempt refused with outcome index `o`; throttled() or
  // platform_errored() follows.
  void rejected(FunctionIndex f, std::size_t o) {
    FunctionCompute& m = functions_[f];
    ++m.rejected;
    ++m.counts.outcomes[o];
  }
  void throttled(FunctionIndex f) { ++functions_[f].counts.throttles; }
  // A function error (CloudWatch Errors): the code ran and failed.
  void errored(FunctionIndex f) { ++functions_[f].counts.errors; }
  // A failure of the platform, not the code (ENI, AZ, NAT, ...).
  void platform_errored(FunctionIndex f) { ++functions_[f].counts.platform_errors; }

  void started(SimTime now, FunctionIndex f, bool cold, bool provisioned) {
    FunctionCompute& m = functions_[f];
    ++m.counts.invocations;
    if (provisioned) ++m.counts.provisioned_starts;
    change_running(now, f, 1);
    if (cold) {
      ++m.counts.cold_starts;
      change_environments(now, f, 1);
    } else {
      change_idle(now, f, -1);
    }
  }

  // Counts the completion (its error is counted by errored() or
  // platform_errored()) and returns what it costs: requests + billed
  // duration, USD. `function_error`: the code failed (CloudWatch Errors).
  double completed(SimTime now, const Completion& c, std::size_t o, bool function_error) {
    FunctionCompute& m = functions_[c.function];
    ++m.counts.completed;
    ++m.counts.outcomes[o];
    // Latency of successes; CloudWatch Duration (the handler's time) of
    // successes and function errors (not of one cut short by an AZ loss). A
    // warm success usually waited for nothing but its handler: its one value
    // is both, recorded once (a second record per completion cost ~4% of a
    // steady run).
    if (c.outcome == Outcome::kSuccess) {
      if (c.cold) {
        m.latency_cold.record(c.latency);
        m.duration_other.record(c.run_duration);
      } else if (c.latency == c.run_duration) {
        m.latency_warm_same.record(c.latency);
      } else {
        m.latency_warm_other.record(c.latency);
        m.duration_other.record(c.run_duration);
      }
    } else if (function_error) {
      m.duration_other.record(c.run_duration);
    }
    if (c.type == InvocationType::kAsync) m.async_delay.record(c.async_delay);
    const double usd = bill(m, c);
    change_running(now, c.function, -1);
    if (c.environment_kept) {
      change_idle(now, c.function, 1);
    } else {
      change_environments(now, c.function, -1);
    }
    return usd;
  }

  void environment_ready(SimTime now, FunctionIndex f, bool provisioned) {
    change_idle(now, f, 1);
    change_environments(now, f, 1);
    // Provisioned concurrency is billed while configured: from readiness to the
    // end of the run (AWS keeps the configured count, replacing lost environments).
    if (provisioned) functions_[f].provisioned.add(now, 1);
  }
  void environment_removed(SimTime now, FunctionIndex f) {
    change_idle(now, f, -1);
    change_environments(now, f, -1);
  }

  // An async event's final state: success was counted at its completion.
  void async_final(FunctionIndex f, std::size_t o, bool success) {
    FunctionCompute& m = functions_[f];
    if (success) {
      ++m.counts.async_delivered;
    } else {
      ++m.counts.outcomes[o];
    }
  }
  // A declared per-function counter or level (counters.hpp).
  void count(FunctionIndex f, CounterId id, std::uint64_t n) {
    functions_[f].counts.counters[id.index] += n;
  }
  void level(SimTime now, FunctionIndex f, CounterId id, std::int64_t delta) {
    functions_[f].levels[id.index].add(now, delta);
    levels_[id.index].add(now, delta);
  }
  void async_requeued(FunctionIndex f, bool first) {
    FunctionCompute& m = functions_[f];
    ++m.counts.async_retries;
    if (first) ++m.counts.async_delayed;
  }

  // Time series: the account's gauges over the row [start, end) into `row`,
  // each function's concurrency into `function_rows`; then restart the windows.
  void write_row(TimeSeriesRow& row, std::vector<TimeSeriesFunctionRow>& function_rows,
                 SimTime start, SimTime end) const;
  void restart_windows(SimTime end);

  // Valid after the run: per function, in config order, and the account total
  // (its cost without the network's).
  std::vector<FunctionSummary> summarize_functions(SimTime end) const;
  FunctionSummary summarize_total(const std::vector<FunctionSummary>& functions, SimTime end) const;
  // total_usd per million billed requests; NaN if none.
  static double per_million(const CostSummary& c);

 private:
  struct FunctionCompute {
    // The summary's plain counters, counted in place (invocations, completed,
    // cold_starts, throttles, errors, async_*, outcomes...); summarize()
    // fills in the rest.
    FunctionSummary counts;
    std::uint64_t rejected = 0;
    // Successful completions: cold; warm whose latency is their handler's
    // time (also their duration); other warm. "all" is the merge.
    LogHistogram latency_cold;
    LogHistogram latency_warm_same;
    LogHistogram latency_warm_other;
    LogHistogram async_delay;
    // Handler time (CloudWatch Duration) of the completions not in
    // latency_warm_same: duration = latency_warm_same + duration_other.
    LogHistogram duration_other;
    // Windows are time-series rows. Account-wide averages are sums of these
    // exact integrals (running + idle = environments, for each function).
    TimeWeighted running;
    TimeWeighted idle;
    TimeWeighted environments;
    TimeWeighted provisioned;          // provisioned environments made ready so far
    std::vector<TimeWeighted> levels;  // declared levels, by CounterId
    std::int64_t billed_ms_on_demand = 0;
    std::int64_t billed_ms_provisioned = 0;
    // From the config, so nothing is looked up per call.
    double memory_gb = 0;
    double gb_second_usd = 0;    // on-demand duration price for its architecture
    double provisioned_usd = 0;  // configured provisioned, per GB-s
    double provisioned_duration_usd = 0;
    // Cost of one billed millisecond, for fault windows (on demand, provisioned).
    double usd_per_ms_on_demand = 0;
    double usd_per_ms_provisioned = 0;
  };

  static constexpr std::int64_t kNanosPerMilli = 1'000'000;

  // Billed duration: init (when this invocation initialised its environment
  // and init is billed) plus run, rounded up to the next millisecond.
  double bill(FunctionCompute& m, const Completion& c) const {
    SimTime billed = c.run_duration;
    if (c.cold && bill_init_) billed += c.init_duration;
    const std::int64_t ns = std::max<std::int64_t>(billed.count(), 0);
    const std::int64_t ms = (ns + kNanosPerMilli - 1) / kNanosPerMilli;
    (c.provisioned ? m.billed_ms_provisioned : m.billed_ms_on_demand) += ms;
    return request_usd_ + static_cast<double>(ms) *
                              (c.provisioned ? m.usd_per_ms_provisioned : m.usd_per_ms_on_demand);
  }

  void change_running(SimTime now, FunctionIndex f, std::int64_t delta) {
    functions_[f].running.add(now, delta);
    running_.add(delta);
  }
  void change_idle(SimTime now, FunctionIndex f, std::int64_t delta) {
    functions_[f].idle.add(now, delta);
    idle_.add(delta);
  }
  void change_environments(SimTime now, FunctionIndex f, std::int64_t delta) {
    functions_[f].environments.add(now, delta);
    environments_.add(delta);
  }
  // Account-wide time averages over [from, until): sums of per-function
  // integrals (TimeWeighted::integral_ns or window_integral_ns).
  template <class Integral>
  double account_average(TimeWeighted FunctionCompute::*gauge, Integral integral, SimTime from,
                         SimTime until, double value_now) const;
  FunctionSummary summarize(const FunctionCompute& m, SimTime end) const;

  PricingConfig pricing_;
  bool bill_init_ = true;
  double request_usd_ = 0;  // one request's price
  std::vector<FunctionCompute> functions_;
  // Account-wide peaks (not sums of per-function peaks); the averages are
  // sums of the per-function integrals, so each change costs one add here.
  PeakCount running_;
  PeakCount idle_;
  PeakCount environments_;
  std::vector<TimeWeighted> levels_;  // declared levels, account-wide, by CounterId
};

}  // namespace lambdasim
