// The one interface through which the model publishes what happens; metrics,
// time series and tracing implement it (sim/metrics/). The model never calls
// a report. Calls are few per invocation (one on start, one on completion),
// each a single virtual call.
#pragma once

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/counters.hpp"
#include "lambdasim/model/outcome.hpp"

namespace lambdasim {

struct Completion {
  FunctionIndex function = 0;
  Outcome outcome = Outcome::kSuccess;  // success, function_error, timeout, az_failure, ...
  InvocationType type = InvocationType::kSync;
  bool cold = false;             // this invocation initialised a new environment
  bool provisioned = false;      // ran on a provisioned-concurrency environment
  bool environment_kept = true;  // the environment went idle (else it was destroyed)
  SimTime latency{};             // arrival (or async attempt) to end: what the caller waits
  SimTime init_duration{};       // init time when cold, else 0
  SimTime run_duration{};        // handler time (capped at the timeout)
  SimTime async_delay{};         // async: first enqueue to start of this attempt
};

// What a byte count passed through, for cost (NAT and endpoint GB, cross-AZ GB).
enum class TransferKind : std::uint8_t { kNat, kInterfaceEndpoint, kCrossAz, kInternet };

class ModelObserver {
 public:
  virtual ~ModelObserver() = default;
  // An attempt that never ran: throttles, 4xx/5xx before an environment.
  virtual void on_rejected(SimTime now, FunctionIndex f, Outcome why, InvocationType type) = 0;
  // An attempt got an environment and starts (cold: the environment is new and
  // initialises first). Running count +1; warm: idle count -1.
  virtual void on_started(SimTime now, FunctionIndex f, bool cold, bool provisioned) = 0;
  // An attempt that ran ended. Running -1; idle +1 when environment_kept.
  virtual void on_completed(SimTime now, const Completion& c) = 0;
  // An idle environment was created (provisioned concurrency): idle +1.
  virtual void on_environment_ready(SimTime now, FunctionIndex f, bool provisioned) = 0;
  // An idle environment was destroyed (keep-alive ended, lifetime, AZ lost): idle -1.
  virtual void on_environment_removed(SimTime now, FunctionIndex f) = 0;
  // An async event reached its final state: success (delivered), async_expired,
  // async_destination or async_dropped. `age` is first enqueue to now.
  virtual void on_async_final(SimTime now, FunctionIndex f, Outcome final_state, SimTime age) = 0;
  // An async event went back to Lambda's internal queue for a later attempt
  // (throttle or 5xx back-off, or a retry after a function error). `first`:
  // the first time this event is delayed, so events can be counted once.
  virtual void on_async_requeued(SimTime /*now*/, FunctionIndex /*f*/, bool /*first*/) {}

  // Networking (VPC). Subnets, NATs and endpoints are numbered in
  // NetworkConfig order across all VPCs (vpc 0's subnets first, and so on).
  // ENIs in a subnet: `enis` in service, `creating` being created; each takes an IP.
  virtual void on_eni_change(SimTime /*now*/, std::uint32_t /*subnet*/, int /*delta_enis*/,
                             int /*delta_creating*/) {}
  // Bytes through a NAT (resource = NAT), an interface endpoint (resource =
  // endpoint), across AZs (resource = subnet of the environment) or direct.
  virtual void on_transfer(SimTime /*now*/, TransferKind /*kind*/, std::uint32_t /*resource*/,
                           std::int64_t /*bytes*/) {}
  // Connections open through a NAT gateway (all destinations).
  virtual void on_nat_connections(SimTime /*now*/, std::uint32_t /*nat*/, int /*delta*/) {}
  // `n` events of a declared counter (counters.hpp): of function `f` for
  // a per-function counter; `f` is ignored for a network counter.
  virtual void on_count(SimTime /*now*/, CounterId /*id*/, FunctionIndex /*f*/,
                        std::uint64_t /*n*/) {}
  // A declared level (CounterKind::kLevel) changed by `delta`.
  virtual void on_level(SimTime /*now*/, CounterId /*id*/, FunctionIndex /*f*/,
                        std::int64_t /*delta*/) {}

  // Fault `index` of ModelConfig::faults.timeline started (active) or ended.
  virtual void on_fault(SimTime /*now*/, std::uint32_t /*index*/, bool /*active*/) {}
};

}  // namespace lambdasim
