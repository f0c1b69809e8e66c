// The Lambda compute model: arrivals, the invocation path (request rate,
// concurrency pools, scaling rate, warm reuse newest-first, cold starts),
// execution environments with keep-alive and lifetime, provisioned
// concurrency, and the async queue with its retries. It talks to the kernel
// through post_at/post_in/now (events are never cancelled: a stale one finds
// its state changed and does nothing) and publishes through one ModelObserver.
//   Simulation sim;  MetricsCollector metrics(...);
//   LambdaModel model(sim, config, metrics, seed, replication);
//   model.start();  sim.run_until(horizon);
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/observer.hpp"

namespace lambdasim {

class NetworkModel;  // sim/model/network_model.hpp

// An environment's pooled connections: those of calls below `open` are open,
// except calls whose bit is set in `nat_closed` (dropped by a NAT's idle
// timeout, reopened on their next use). A function has at most 64 calls.
struct PooledConnections {
  std::uint32_t open = 0;
  std::uint64_t nat_closed = 0;
};

// What the model holds at one moment, for the end-of-run check of the tests
// (tests/test_drain_invariants.cpp). Once no arrival is left and the event
// queue has run dry, every transient count is zero, and the only ENIs and IPs
// left are the Hyperplane ENIs, which Lambda keeps while the function exists
// (it reclaims them after weeks idle: spec.network.inactive_after, not
// modelled as a deletion).
struct ResourceAudit {
  std::int64_t running = 0;                   // invocations
  std::int64_t environments = 0;              // alive: busy or idle
  std::int64_t provisioned_environments = 0;  // of which provisioned
  std::int64_t async_backlog = 0;             // async events not yet final
  std::int64_t nat_connections = 0;           // every NAT and destination, clients' too
  std::int64_t target_connections = 0;        // at private targets
  std::int64_t hyperplane_connections = 0;
  std::int64_t hyperplane_enis = 0;     // in service or being created
  std::int64_t per_execution_enis = 0;  // alive, being created included
  std::int64_t region_enis = 0;         // counted against the region's quota
  std::int64_t vpc_enis = 0;            // counted against the VPCs' quotas, summed
  std::int64_t ips_used = 0;            // subnets' usable IPs taken, summed
};

class LambdaModel {
 public:
  // `config` and `observer` must outlive the model. Random streams derive from
  // (seed, replication, entity name): see sim/README.md for the names.
  LambdaModel(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
              std::uint64_t seed, std::uint64_t replication);
  ~LambdaModel();
  LambdaModel(const LambdaModel&) = delete;
  LambdaModel& operator=(const LambdaModel&) = delete;

  // Schedules the first arrival of every source and provisioned allocations.
  void start();

  // Introspection for tests and explain.
  int running(FunctionIndex f) const { return functions_[f].running; }
  int idle(FunctionIndex f) const { return functions_[f].idle + functions_[f].idle_provisioned; }
  int account_running() const { return account_running_; }
  std::size_t environment_slots() const { return envs_.size(); }
  std::size_t async_backlog() const { return async_live_; }
  ResourceAudit audit() const;
  // The VPC networking state (ENIs, IPs, connections); for tests.
  const NetworkModel& network() const { return *net_; }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  enum class EnvState : std::uint8_t { kFree, kBusy, kIdle };

  // Two cache lines: a completion reads only the first, and these are the
  // model's random memory accesses (one environment per event).
  struct alignas(64) Environment {
    FunctionIndex function = 0;
    std::uint32_t generation = 0;
    std::uint32_t prev = kNone;  // idle list (MRU at head) or free list (next)
    std::uint32_t next = kNone;
    // Current invocation. Async: its event. Sync: the retrying caller's
    // attempt (client_tag), kNone when its source does not retry.
    std::uint32_t async_event = kNone;
    std::uint32_t calls_processed = 0;
    EnvState state = EnvState::kFree;
    bool provisioned = false;
    bool timer_pending = false;  // a keep-alive event at timer_at is current
    bool cold = false;
    InvocationType type = InvocationType::kSync;
    Outcome outcome = Outcome::kSuccess;
    SimTime request_time{};  // arrival (sync) or attempt (async)
    SimTime init_duration{};
    SimTime run_duration{};
    SimTime retire_at = kTimeInfinity;  // creation + max lifetime
    // Second line: idle periods, placement.
    SimTime expire_at = kTimeInfinity;    // end of the current idle period's keep-alive
    SimTime nat_idle_at = kTimeInfinity;  // NATs drop its idle pooled connections
    SimTime timer_at = kTimeInfinity;
    SimTime init_start{};  // begin_run time + ENI wait: init (or the handler) starts
    PooledConnections pooled;
    // Network placement (NetworkModel::Placement).
    std::uint32_t az = 0;
    std::uint32_t subnet = kNone;
    std::uint32_t slot = 0;
    std::uint32_t eni = kNone;
  };
  static_assert(sizeof(Environment) == 128, "an environment is two cache lines");

  struct TokenBucket {
    double tokens = 0;
    double capacity = 0;
    double refill_per_s = 0;
    SimTime last{};
    bool take(SimTime now);
  };

  struct FunctionState {
    const FunctionConfig* config = nullptr;
    bool reserved = false;
    int reserved_limit = 0;
    int running = 0;
    int idle = 0;
    int idle_provisioned = 0;
    bool network_checks = false;  // VPC-attached or deployed during the run
    bool has_calls = false;
    bool network_environment_state = false;  // the network keeps state per environment
    std::uint32_t idle_head = kNone;         // on-demand idle list, newest first
    std::uint32_t provisioned_head = kNone;
    // The idle environments of each list again, for a warm_reuse other than
    // most_recently_idle (the lists' head): a max-heap on creation order
    // (newest_created) or an unordered array (random). Empty otherwise.
    WarmReuse warm_reuse = WarmReuse::kMostRecentlyIdle;
    std::vector<std::uint32_t> idle_pool;
    std::vector<std::uint32_t> provisioned_pool;
    TokenBucket scaling;
    TokenBucket reserved_rate;
    Rng duration_rng;
    Rng init_rng;
    Rng error_rng;
    Rng keep_alive_rng;
    Rng placement_rng;
    Rng calls_rng;
    Rng warm_reuse_rng;  // drawn only by warm_reuse: random
  };

  // Per environment, beside envs_ (its two cache lines are full): where it is
  // in its function's idle pool, and its creation order.
  struct PoolEntry {
    std::uint64_t created = 0;
    std::uint32_t position = kNone;
  };

  struct ArrivalSource {
    FunctionIndex function = 0;
    const ArrivalConfig* config = nullptr;
    InvocationType type = InvocationType::kSync;
    SimTime window_end = kTimeInfinity;
    std::uint64_t index = 0;              // constant: arrivals so far; trace: next entry
    std::uint32_t client_subnet = kNone;  // client inside a VPC: its global subnet
    std::int64_t client_bytes = 0;
    SimTime client_hold{};  // NAT connection per request
    Rng rng;
    ClientRetryPolicy retry;  // max_attempts 1: its callers do not retry
    Rng retry_rng;            // back-off jitter: a stream of its own
  };

  struct AsyncEvent {
    FunctionIndex function = 0;
    std::uint32_t throttles = 0;  // back-off exponent
    std::uint32_t error_retries = 0;
    std::uint32_t next_free = kNone;
    SimTime enqueued{};
  };

  // Event handlers (one event type each).
  void on_arrival(const EventArgs& args);
  void on_client_retry(const EventArgs& args);  // a caller's SDK sends its next attempt
  void on_complete(const EventArgs& args);
  void on_handler(const EventArgs& args);  // a cold start's calls, after ENI wait and init
  void on_keep_alive(const EventArgs& args);
  void on_async_attempt(const EventArgs& args);
  void on_provisioned_ready(const EventArgs& args);
  void on_fault_begin(const EventArgs& args);
  void on_fault_end(const EventArgs& args);
  void on_az_detected(const EventArgs& args);
  // An AZ is lost: its environments die with probability `severity`, and the
  // invocations running in them fail with az_failure.
  void kill_environments_in(std::uint32_t az, double severity);

  // The invocation path. Returns the refusal, or kSuccess when it started.
  Outcome try_start(FunctionIndex f, InvocationType type, SimTime request_time,
                    std::uint32_t async_event);
  Outcome admission(FunctionState& fs, bool needs_new_environment);
  // `setup_delay`: waiting for a per-execution ENI before init (not billed).
  void begin_run(std::uint32_t env, bool cold, InvocationType type, SimTime request_time,
                 std::uint32_t async_event, SimTime setup_delay = kTimeZero);
  // Runs the handler of busy environment `env` from now: its calls, then its
  // own time; decides the outcome and schedules the completion `delay` later
  // (the ENI wait and init still ahead when the calls are resolved at once).
  void run_handler(std::uint32_t env, SimTime delay);
  // Ends the run of busy environment `index`: releases its calls' connections,
  // the concurrency it held, and publishes the Completion. The caller decides
  // the environment's fate (idle or destroyed) and the async follow-up.
  Completion end_run(std::uint32_t index, Outcome outcome, bool keep, SimTime init_duration,
                     SimTime run_duration);
  void finish_async(std::uint32_t id, Outcome final_state);
  // `ran`: the attempt ran and failed (function-error retries), else it was
  // refused (throttle / 5xx back-off).
  void retry_async(std::uint32_t id, bool ran);

  // Attempt `attempt` (1: the first) of a caller of source `s`: its route to
  // the Lambda API, then the invocation path.
  void send_attempt(std::uint32_t s, std::uint32_t attempt);
  // That attempt failed with `o` (`connection`: no answer at all): the SDK
  // retries it after a jittered back-off while attempts remain, else gives up.
  void client_failed(std::uint32_t tag, Outcome o, bool connection);

  // Arrival processes.
  // The arrival sources of function `f`; `base` prefixes their stream names.
  void add_sources(FunctionIndex f, const std::string& base, std::uint64_t seed,
                   std::uint64_t replication);
  SimTime next_arrival(ArrivalSource& src, SimTime after);
  double rate_at(const ArrivalSource& src, SimTime t) const;

  // Environments.
  std::uint32_t allocate_environment(FunctionIndex f, bool provisioned);
  void destroy_environment(std::uint32_t index);
  void make_idle(std::uint32_t index);
  void unlink_idle(std::uint32_t index);
  void arm_timer(std::uint32_t index);
  // The idle environment a warm start takes from the list at `head`
  // (FunctionConfig::warm_reuse); kNone when the list is empty.
  std::uint32_t pick_idle(FunctionState& fs, std::uint32_t head, bool provisioned);
  void pool_insert(std::vector<std::uint32_t>& pool, WarmReuse policy, std::uint32_t index);
  void pool_remove(std::vector<std::uint32_t>& pool, WarmReuse policy, std::uint32_t index);
  // newest_created's heap: the newest (largest `created`) at the front.
  void heap_place(std::vector<std::uint32_t>& pool, std::size_t position, std::uint32_t index);
  void heap_up(std::vector<std::uint32_t>& pool, std::size_t position);
  void heap_down(std::vector<std::uint32_t>& pool, std::size_t position);

  Simulation& sim_;
  const ModelConfig& config_;
  ModelObserver& observer_;
  std::unique_ptr<NetworkModel> net_;
  std::vector<FunctionState> functions_;
  std::vector<ArrivalSource> sources_;
  std::vector<Environment> envs_;
  std::vector<PoolEntry> pool_entries_;  // parallel to envs_
  std::uint64_t environments_created_ = 0;
  std::uint32_t free_env_ = kNone;
  std::vector<AsyncEvent> async_;
  std::uint32_t free_async_ = kNone;
  std::size_t async_live_ = 0;

  TokenBucket account_rate_;
  int account_running_ = 0;
  int unreserved_running_ = 0;
  int unreserved_limit_ = 0;
  // Legacy scaling: the burst, and when the current scaling episode began.
  int legacy_burst_ = 0;
  bool legacy_episode_ = false;
  SimTime legacy_episode_start_{};

  EventType ev_arrival_ = 0;
  EventType ev_client_retry_ = 0;
  EventType ev_complete_ = 0;
  EventType ev_handler_ = 0;
  EventType ev_keep_alive_ = 0;
  EventType ev_async_attempt_ = 0;
  EventType ev_provisioned_ready_ = 0;
  EventType ev_fault_begin_ = 0;
  EventType ev_fault_end_ = 0;
  EventType ev_az_detected_ = 0;
  Rng fault_rng_;
};

}  // namespace lambdasim
