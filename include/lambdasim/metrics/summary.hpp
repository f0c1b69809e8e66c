// The result of one run as plain values: per function and account-wide counts,
// probabilities, latency percentiles, environment averages and cost. flatten()
// gives each number a stable dotted name, which is what replications aggregate
// and what `compare` pairs. Undefined values (no samples) are NaN.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/model/outcome.hpp"

namespace lambdasim {

struct LatencySummary {
  std::uint64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
};

// USD. requests: $0.20/M per invocation that started (throttled and rejected
// attempts are not billed). duration: on-demand GB-s, each invocation's init
// (when cold and billed) + run rounded up to 1 ms. provisioned: configured
// provisioned concurrency, GB-s from each provisioned environment's readiness
// to the end of the run. provisioned_duration: invocations that ran on
// provisioned environments, at the provisioned duration price.
struct CostSummary {
  std::uint64_t billed_requests = 0;
  double billed_gb_seconds = 0;       // duration GB-s, on-demand + provisioned
  double provisioned_gb_seconds = 0;  // configured provisioned GB-s
  double requests_usd = 0;
  double duration_usd = 0;
  double provisioned_usd = 0;
  double provisioned_duration_usd = 0;
  double total_usd = 0;
  double per_million_usd = 0;  // total_usd per million billed requests; NaN if none
};

struct FunctionSummary {
  std::string name;  // "total" for the account-wide summary
  std::uint64_t invocations = 0;  // attempts: on_rejected + on_started
  std::uint64_t started = 0;
  std::uint64_t completed = 0;
  std::uint64_t in_flight = 0;  // started, not completed by the end of the run
  std::uint64_t cold_starts = 0;
  std::uint64_t provisioned_starts = 0;
  std::uint64_t successes = 0;
  std::uint64_t throttles = 0;  // 429s
  std::uint64_t errors = 0;     // failed attempts that are not 429s
  // Attempts by outcome; the async_* slots count async events that ended so.
  std::array<std::uint64_t, kOutcomeCount> outcomes{};
  std::uint64_t async_delivered = 0;  // async events that finally succeeded
  double success_rate = 0;            // successes / invocations
  double p_cold = 0;                  // cold_starts / started
  double p_throttle = 0;              // throttles / invocations
  LatencySummary latency;             // successful completions, sync and async attempts
  LatencySummary latency_cold;
  LatencySummary latency_warm;
  LatencySummary async_delay;  // async completions: first enqueue to start of the attempt
  double concurrency_avg = 0;  // running invocations, time average
  double concurrency_peak = 0;
  double environments_avg = 0;  // running + idle
  double environments_peak = 0;
  double idle_avg = 0;
  double idle_peak = 0;
  CostSummary cost;
};

struct RunSummary {
  SimTime end{};  // the run covered [0, end)
  std::vector<FunctionSummary> functions;  // in ModelConfig order
  FunctionSummary total;
};

// (name, value) pairs in a stable order: "total.<metric>" first, then
// "functions.<name>.<metric>" in function order. Metric names:
//   invocations started completed in_flight cold_starts provisioned_starts
//   successes throttles errors async_delivered <outcome_name>... success_rate
//   p_cold p_throttle latency_{count,mean,p50,p90,p99,p999,max}_ms (also
//   latency_cold_*, latency_warm_*, async_delay_*) concurrency_avg
//   concurrency_peak environments_avg environments_peak idle_avg idle_peak
//   billed_requests billed_gb_seconds provisioned_gb_seconds cost_requests_usd
//   cost_duration_usd cost_provisioned_usd cost_provisioned_duration_usd
//   cost_usd cost_per_million_usd
std::vector<std::pair<std::string, double>> flatten(const RunSummary& summary);
// One function's (or the total's) metrics under `prefix` ("total." ...).
void flatten_into(const FunctionSummary& f, const std::string& prefix,
                  std::vector<std::pair<std::string, double>>& out);

}  // namespace lambdasim
