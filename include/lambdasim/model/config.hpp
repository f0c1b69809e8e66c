// Plain configuration structs of the Lambda model: what the scenario layer
// fills in from YAML (models never see YAML) and what the model, metrics and
// cost code read. Every default here comes from docs/aws-facts.md; the
// parameter table in sim/scenario/ binds a scenario key to each field, names
// the source of each default and shows it as derived from here: a default
// is changed here only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lambdasim/kernel/distribution.hpp"
#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/model/fault_config.hpp"
#include "lambdasim/model/network_config.hpp"

namespace lambdasim {

using FunctionIndex = std::uint32_t;

enum class ScalingModel { kCurrent, kLegacy };
enum class Architecture { kX86_64, kArm64 };
enum class InvocationType : std::uint8_t { kSync, kAsync };
enum class OnFailure { kDrop, kDestination };  // async: discard, or DLQ / on-failure destination
// Which idle environment a warm start takes (docs/aws-facts.md#warm-reuse-order).
enum class WarmReuse { kMostRecentlyIdle, kNewestCreated, kRandom };

enum class ArrivalKind {
  kPoisson,   // Poisson process at `rate` inside [at, at + duration)
  kConstant,  // evenly spaced at `rate` inside the window
  kBurst,     // same as poisson; the name says intent (a window on top of a base load)
  kRamp,      // rate goes linearly from `rate` to `to_rate` over the window (Poisson)
  kSine,      // rate(t) = rate + amplitude * sin(2 pi (t + phase) / period) (Poisson)
  kTrace,     // replay of a CSV: timestamps, or counts per interval
};

struct ArrivalConfig {
  ArrivalKind kind = ArrivalKind::kPoisson;
  double rate_per_s = 0;                     // mean/base/start rate
  double to_rate_per_s = 0;                  // ramp: end rate
  double amplitude_per_s = 0;                // sine
  SimTime period = hours(24);                // sine
  SimTime phase = kTimeZero;                 // sine
  SimTime at = kTimeZero;                    // window start
  SimTime duration = kTimeInfinity;          // window length ("for"); infinity = to the horizon
  std::optional<InvocationType> invocation;  // unset: the function's
  // kTrace: arrival instants (sorted, relative to `at`), already expanded from
  // counts when the CSV held counts (evenly spread inside each interval).
  std::shared_ptr<const std::vector<SimTime>> trace;
  std::string trace_file;  // for messages and explain
  // The caller. Inside a VPC (vpc, subnet): its request goes through the
  // Lambda interface endpoint of its VPC, else its subnet's NAT. Its SDK's
  // retries. Unset: a client on the internet that does not retry.
  std::optional<InvocationSourceConfig> source;

  // Equal configs: every field; `trace` by identity (shared, immutable).
  bool operator==(const ArrivalConfig&) const = default;
};

struct AsyncConfig {
  SimTime max_event_age = hours(6);               // AWS: 6 h default, 60 s..6 h
  int max_retries = 2;                            // AWS: 2 retries on function error (0..2)
  SimTime first_retry_delay = minutes(1);         // AWS: retried after 1 min ...
  SimTime second_retry_delay = minutes(2);        // ... then 2 min
  SimTime throttle_backoff_initial = seconds(1);  // AWS: back-off from 1 s ...
  SimTime throttle_backoff_max = minutes(5);      // ... up to 5 min
  OnFailure on_failure = OnFailure::kDrop;

  bool operator==(const AsyncConfig&) const = default;
};

struct FunctionConfig {
  std::string name;
  int memory_mb = 128;  // AWS: 128 MB .. 10,240 MB, default 128
  Architecture architecture = Architecture::kX86_64;
  SimTime timeout = seconds(3);  // AWS default 3 s, maximum 900 s
  DurationDistribution duration{Distribution::deterministic(0.1)};
  DurationDistribution init{Distribution::lognormal_from_median_p99(0.25, 1.0)};
  SimTime init_cap = seconds(10);  // AWS: init phase capped at 10 s on demand
  std::optional<int> reserved_concurrency;
  int provisioned_concurrency = 0;
  SimTime provisioned_start = kTimeZero;    // when provisioned concurrency is configured
  SimTime provisioned_delay = seconds(90);  // AWS: allocation starts after 1-2 min
  double provisioned_rate_per_min = 6000;   // AWS: up to 6,000 environments per minute
  double error_rate = 0;                    // fraction of invocations whose code fails
  DurationDistribution keep_alive{Distribution::deterministic(600)};  // 3rd: ~10 min
  SimTime max_lifetime = hours(4);  // AWS: "recycled every few hours"; no number documented
  WarmReuse warm_reuse = WarmReuse::kMostRecentlyIdle;  // not documented by AWS
  InvocationType invocation = InvocationType::kSync;
  AsyncConfig async;
  std::vector<ArrivalConfig> arrivals;
  // Network attachment: unset = the Lambda service VPC.
  std::optional<FunctionVpcConfig> vpc;
  std::vector<CallConfig> calls;  // made in order by every invocation
  // Deployment time: unset = deployed and Active before the run starts. A
  // VPC function deployed during the run is Pending while its ENIs are made.
  std::optional<SimTime> deployed_at;

  bool operator==(const FunctionConfig&) const = default;
};

struct AccountConfig {
  std::string region = "us-east-1";
  std::vector<std::string> azs{"use1-az1", "use1-az2", "use1-az4"};
  int concurrency_limit = 1000;  // AWS: 1,000 per region
  int unreserved_minimum = 100;  // AWS: 100 always unreserved
  // Requests per second, account-wide; unset = 10 x concurrency_limit (AWS).
  std::optional<double> request_rate_per_s;
  ScalingModel scaling = ScalingModel::kCurrent;
  int scaling_environments = 1000;       // current: 1,000 environments ...
  SimTime scaling_window = seconds(10);  // ... per 10 s per function, refilled continuously
  std::optional<int> legacy_burst;       // legacy: 3,000 / 1,000 / 500 by region when unset
  double legacy_increase_per_min = 500;  // legacy: +500 per minute after the burst

  bool operator==(const AccountConfig&) const = default;
};

// us-east-1 prices, docs/aws-facts.md#prices.
struct PricingConfig {
  double request_per_million_usd = 0.20;
  double gb_second_x86_usd = 0.0000166667;
  double gb_second_arm_usd = 0.0000133334;
  double provisioned_gb_second_usd = 0.0000041667;
  double provisioned_duration_gb_second_usd = 0.0000097222;
  bool bill_init = true;  // init billed since 1 Aug 2025
  double nat_hour_usd = 0.045;
  double nat_gb_usd = 0.045;
  double endpoint_az_hour_usd = 0.01;
  double endpoint_gb_usd = 0.01;
  double cross_az_gb_usd = 0.01;  // each direction: both sides are billed

  bool operator==(const PricingConfig&) const = default;
};

struct ModelConfig {
  AccountConfig account;
  PricingConfig pricing;
  NetworkConfig network;
  std::vector<TargetConfig> targets;
  std::vector<FunctionConfig> functions;
  FaultsConfig faults;

  bool operator==(const ModelConfig&) const = default;
};

// The legacy initial burst for a region (docs/aws-facts.md#scaling-legacy).
int legacy_burst_for_region(const std::string& region);

}  // namespace lambdasim
