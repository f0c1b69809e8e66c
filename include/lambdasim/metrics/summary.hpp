// The result of one run as plain values: per function and account-wide counts,
// probabilities, latency percentiles, environment averages and cost. flatten()
// gives each number a stable dotted name, which is what replications aggregate
// and what `compare` pairs. Undefined values (no samples) are NaN. Each
// number is declared once, with its unit and kind, in metric_spec.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
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
// Network (the account total only; per-function costs stay compute-only, as
// NATs and endpoints are shared): nat = NAT-hours (NATs x run hours, prorated
// rather than rounded up per started hour, since a run is a slice of steady
// operation) + GB processed; endpoint = interface endpoint AZ-hours (one per
// endpoint subnet) + GB; cross_az = GB x price x 2, because AWS bills
// inter-AZ transfer "per GB each direction": the sender's and the receiver's
// side are both metered. Gateway endpoints are free. GB = 10^9 bytes.
struct CostSummary {
  std::uint64_t billed_requests = 0;
  double billed_gb_seconds = 0;       // duration GB-s, on-demand + provisioned
  double provisioned_gb_seconds = 0;  // configured provisioned GB-s
  double requests_usd = 0;
  double duration_usd = 0;
  double provisioned_usd = 0;
  double provisioned_duration_usd = 0;
  double nat_usd = 0;
  double endpoint_usd = 0;
  double cross_az_usd = 0;
  double network_usd = 0;      // nat + endpoint + cross_az
  double compute_usd = 0;      // requests + duration + provisioned + provisioned_duration
  double total_usd = 0;        // compute + network
  double per_million_usd = 0;  // total_usd per million billed requests; NaN if none
};

struct FunctionSummary {
  std::string name;  // "total" for the account-wide summary
  // Names follow CloudWatch's where a metric matches (README "Metric names"):
  // attempts = invocations + throttles + platform_errors of refused attempts.
  std::uint64_t attempts = 0;     // offered: on_rejected + on_started
  std::uint64_t invocations = 0;  // started: the code ran (CloudWatch Invocations)
  std::uint64_t completed = 0;
  std::uint64_t in_flight = 0;  // started, not completed by the end of the run
  std::uint64_t cold_starts = 0;
  std::uint64_t provisioned_starts = 0;
  std::uint64_t successes = 0;
  std::uint64_t throttles = 0;  // 429s (CloudWatch Throttles)
  // Function errors: the invoke answered 200 with X-Amz-Function-Error (the
  // code failed, timed out, or a call failed inside it) (CloudWatch Errors).
  std::uint64_t errors = 0;
  // Failures that are neither 429s nor function errors: ENI, subnet IP, EC2,
  // AZ, NAT port, unreachable API, function not ready (counted by no
  // CloudWatch Lambda metric as errors).
  std::uint64_t platform_errors = 0;
  // Attempts by outcome; the async_* slots count async events that ended so.
  std::array<std::uint64_t, kOutcomeCount> outcomes{};
  std::uint64_t async_delivered = 0;  // async events that finally succeeded
  std::uint64_t async_delayed = 0;    // async events requeued at least once
  std::uint64_t async_retries = 0;    // async requeues (back-offs and error retries)
  // Declared counters (model/counters.hpp) by CounterId; only the
  // per-function ones count here (the total's are the sums).
  std::vector<std::uint64_t> counters;
  std::vector<bool> counter_present;  // CounterSpec::present for this run's config
  std::vector<double> level_peak;     // declared levels (CounterKind::kLevel), by CounterId
  std::vector<double> level_avg;      // their time averages over the run
  double success_rate = 0;            // successes / attempts
  double p_cold = 0;                  // cold_starts / invocations
  double p_throttle = 0;              // throttles / attempts
  // End-to-end latency of successful completions, sync and async attempts:
  // arrival (or async attempt) to response, ENI wait and init included.
  LatencySummary latency;
  LatencySummary latency_cold;
  LatencySummary latency_warm;
  // Handler time of completed invocations that succeeded or failed with a
  // function error (CloudWatch Duration): no init, no ENI wait.
  LatencySummary duration;
  LatencySummary async_delay;  // async completions: first enqueue to start of the attempt
  double concurrency_avg = 0;  // running invocations, time average
  double concurrency_peak = 0;
  double environments_avg = 0;  // running + idle
  double environments_peak = 0;
  double idle_avg = 0;
  double idle_peak = 0;
  CostSummary cost;
};

// VPC networking, per resource and account-wide. Gauges are counts of ENIs
// (in service, or being created), IPs (each ENI holds one from its subnet,
// from the start of its creation) and NAT connections.
struct SubnetNetworkSummary {
  std::string vpc;
  std::string name;
  std::string az;
  int usable_ips = 0;
  double enis_avg = 0;  // in service, time average
  double enis_peak = 0;
  double creating_avg = 0;  // being created, time average
  double creating_peak = 0;
  double ips_used_peak = 0;  // enis + creating
  double free_ips_min = 0;   // usable_ips - ips_used_peak
};

struct VpcNetworkSummary {
  std::string name;
  double enis_peak = 0;  // in service, summed over its subnets
  double ips_used_peak = 0;
};

struct NatNetworkSummary {
  std::string vpc;
  std::string name;
  std::string az;
  double connections_end = 0;  // open at the end of the run
  double connections_peak = 0;
  std::int64_t bytes = 0;  // processed, both directions
  double gb = 0;
};

struct EndpointNetworkSummary {
  std::string vpc;
  std::string name;
  std::string service;
  std::size_t azs = 0;  // its subnets, one per AZ: each is billed per hour
  std::int64_t bytes = 0;
  double gb = 0;
};

struct NetworkSummary {
  std::vector<SubnetNetworkSummary> subnets;  // global subnet order (NetworkIndex)
  std::vector<VpcNetworkSummary> vpcs;
  std::vector<NatNetworkSummary> nats;
  std::vector<EndpointNetworkSummary> endpoints;
  double enis_avg = 0;  // account-wide, in service
  double enis_peak = 0;
  double ips_used_peak = 0;
  double nat_connections_peak = 0;  // all NATs together
  std::int64_t cross_az_bytes = 0;  // one direction counted once (out + in of each call)
  double cross_az_gb = 0;
  double nat_hours = 0;  // NATs x run hours
  double nat_gb = 0;
  double endpoint_az_hours = 0;
  double endpoint_gb = 0;
  // Declared counters (model/counters.hpp) by CounterId; only the network
  // ones count here. counter_present: whether each is written (its
  // CounterSpec::present for this run's config).
  std::vector<std::uint64_t> counters;
  std::vector<bool> counter_present;
  std::vector<double> level_peak;  // declared network levels, by CounterId
  std::vector<double> level_avg;
};

// One fault of the timeline and what happened while it was active, account-wide.
struct FaultWindowSummary {
  std::size_t index = 0;  // into ModelConfig::faults.timeline
  std::string kind;       // fault_kind_name()
  std::string subject;    // the AZ, "vpc/resource" or target it hits
  bool started = false;   // false: the run ended before it began (counts are 0)
  bool open = false;      // still active at the end of the run: end = run end
  SimTime start{};
  SimTime end{};
  std::uint64_t attempts = 0;   // attempts arriving inside [start, end)
  std::uint64_t successes = 0;  // successful completions inside the window
  double availability = 0;      // successes / attempts that ended in the window; NaN if none
  // Attempts ending inside the window by outcome; async_* slots count async
  // events reaching that final state inside it.
  std::array<std::uint64_t, kOutcomeCount> outcomes{};
  std::uint64_t async_expired = 0;
  std::uint64_t async_destination = 0;
  // Async events first delayed inside the window (their first throttle, 5xx
  // or function error sent them back to the queue), and all requeues in it.
  std::uint64_t async_delayed = 0;
  std::uint64_t async_retries = 0;
  double cost_usd = 0;  // requests + duration of invocations completing inside
  // Fault start to the first successful completion of a cold invocation that
  // arrived after the start (new placement: another AZ, a fresh ENI); NaN if none.
  double first_success_after_start_s = 0;
  // Fault end to the end of the first time-series interval starting at or
  // after it whose availability is at least the pre-fault availability minus
  // 0.5 percentage points; NaN if never, if open, or without a time series.
  double time_to_recover_s = 0;
};

// Steady state (`--warmup mser5`): over the time-series rows after the
// warm-up that MSER-5 deletes (include/lambdasim/metrics/mser.hpp), from the
// account-wide columns that give each exactly. NaN when no row is left.
struct SteadyStateSummary {
  double warmup_s = 0;         // start of the first row kept
  double concurrency_avg = 0;  // running invocations, time average
  double attempts_per_s = 0;
  double success_rate = 0;  // successes / attempts, as FunctionSummary's
  double p_throttle = 0;    // throttles / attempts
};

struct RunSummary {
  SimTime end{};                           // the run covered [0, end)
  std::vector<FunctionSummary> functions;  // in ModelConfig order
  FunctionSummary total;                   // its cost includes the network's
  std::optional<NetworkSummary> network;   // only when the config has VPCs
  std::vector<FaultWindowSummary> faults;  // one per fault of the timeline
  // Only with a warm-up deletion (RunOptions::warmup).
  std::optional<SteadyStateSummary> steady;
};

// (name, value) pairs in a stable order: "total.<metric>" first (with VPCs,
// then the total's network costs), "functions.<name>.<metric>" in function
// order, then network.<metric>, network.vpcs.<vpc>.<metric>,
// network.subnets.<vpc>.<subnet>.<metric>, network.nats.<vpc>.<nat>.<metric>,
// network.endpoints.<vpc>.<endpoint>.<metric>, faults.<i>.<metric>,
// steady.<metric> (with a warm-up deletion). The
// metrics and their order are the declarations of metric_spec.hpp
// (sim/metrics/metric_table*.cpp) with `flattened` set.
std::vector<std::pair<std::string, double>> flatten(const RunSummary& summary);
// One function's (or the total's) metrics under `prefix` ("total." ...).
void flatten_into(const FunctionSummary& f, const std::string& prefix,
                  std::vector<std::pair<std::string, double>>& out);

}  // namespace lambdasim
