// Runtime state of VPC networking for one simulation: Hyperplane ENI groups
// and per-execution ENIs with their IPs and quotas, function readiness
// (Pending, Failed, Inactive), connections through NATs and to private
// targets, and bandwidth of NATs and endpoints. LambdaModel calls it at four
// points: readiness, placement of a new environment, an invocation's calls,
// and release. Private to the model layer.
#pragma once

#include <cstdint>
#include <vector>

#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/lambda_model.hpp"
#include "lambdasim/model/observer.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

class NetworkModel {
 public:
  static constexpr std::uint32_t kNone = Route::kNone;

  NetworkModel(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
               std::uint64_t seed, std::uint64_t replication);
  NetworkModel(const NetworkModel&) = delete;
  NetworkModel& operator=(const NetworkModel&) = delete;

  // Creates the ENIs of functions deployed before the run; schedules deployments.
  void start();

  // Can `f` be invoked now? kSuccess, or the error the caller gets.
  Outcome readiness(FunctionIndex f);

  struct Placement {
    Outcome refusal = Outcome::kSuccess;
    std::uint32_t az = 0;
    std::uint32_t subnet = kNone;  // global subnet; kNone in the service VPC
    std::uint32_t slot = 0;        // index into the function's subnets
    std::uint32_t eni = kNone;     // per-execution ENI holding a slot
    SimTime delay{};               // waiting for that ENI's creation
  };
  Placement place(FunctionIndex f, Rng& rng);
  // The environment holding `eni` (per-execution) is gone.
  void release_eni_slot(std::uint32_t eni);

  struct CallsResult {
    SimTime duration{};
    Outcome outcome = Outcome::kSuccess;
    std::uint32_t processed = 0;  // calls that opened their connection
  };
  // PooledConnections::nat_closed is a 64-bit set: calls per function.
  static constexpr std::uint32_t kMaxCalls = 64;

  // Runs the calls of one invocation from an environment in (subnet, slot,
  // az), opening the pooled connections it lacks. `budget` is the time left
  // before the timeout.
  CallsResult run_calls(FunctionIndex f, std::uint32_t slot, std::uint32_t az,
                        PooledConnections& pooled, SimTime budget, Rng& rng);
  // Releases the per-invocation connections of the first `processed` calls
  // (a NAT drops one held longer than its idle timeout at that timeout).
  void end_calls(FunctionIndex f, std::uint32_t slot, std::uint32_t processed);
  // Closes an environment's pooled connections.
  void close_pooled(FunctionIndex f, std::uint32_t slot, const PooledConnections& pooled);
  // Shortest NAT idle timeout among the pooled connections through NATs of
  // an environment in `slot`; kTimeInfinity when it has none.
  SimTime pooled_nat_idle_timeout(FunctionIndex f, std::uint32_t slot) const {
    return functions_[f].pooled_nat_idle.empty() ? kTimeInfinity
                                                 : functions_[f].pooled_nat_idle[slot];
  }
  // The environment stayed idle past that timeout: the NATs drop (release)
  // all its pooled connections through them (the shortest timeout applies to
  // every NAT: AWS fixes it at 350 s); they are marked in `pooled`.
  void expire_pooled_nat(FunctionIndex f, std::uint32_t slot, PooledConnections& pooled);

  // An invocation from a client inside a VPC (an arrival source in global
  // `subnet`): counts its request and response bytes on the route to the
  // Lambda API; kUnreachable when there is none. Through a NAT the request
  // takes a connection (port) to the Lambda API for `hold` (cut at the NAT's
  // idle timeout): kNatPortAllocation when the NAT has none left.
  Outcome client_request(std::uint32_t subnet, std::int64_t bytes, SimTime hold);
  // Global subnet of a client source, or kNone.
  std::uint32_t source_subnet(const InvocationSourceConfig& source) const {
    return index_.find_subnet(index_.find_vpc(source.vpc), source.subnet);
  }

  // Fault `index` of the timeline starts or ends. AZ outages are also
  // `detected` (Lambda stops placing there) after the detection delay.
  void fault_begin(std::uint32_t index);
  void fault_end(std::uint32_t index);
  void az_detected(std::uint32_t index);
  // AZ (global AZ index) of a fault, for kAzOutage; kNone otherwise.
  std::uint32_t fault_az(std::uint32_t index) const { return fault_az_[index]; }
  // Severity of the current outage of `az` (0 = healthy).
  double az_severity(std::uint32_t az) const { return az_severity_[az]; }
  bool faults_active() const { return faults_active_; }

  bool has_calls(FunctionIndex f) const { return !config_.functions[f].calls.empty(); }
  std::uint32_t az_count() const { return static_cast<std::uint32_t>(azs_.size()); }
  const NetworkIndex& index() const { return index_; }

  // Introspection for tests.
  int enis_in_vpc(std::uint32_t vpc) const { return vpc_enis_[vpc]; }
  int region_enis() const { return region_enis_; }
  int free_ips(std::uint32_t subnet) const { return subnet_free_ips_[subnet]; }
  int nat_connections(std::uint32_t nat, std::uint32_t target) const {
    return nat_conns_[nat * destinations_ + target];
  }
  // NAT connections to the Lambda API (in-VPC clients), for tests.
  int nat_lambda_connections(std::uint32_t nat) const {
    return nat_conns_[nat * destinations_ + lambda_destination_];
  }
  int target_connections(std::uint32_t target) const { return target_conns_[target]; }

 private:
  enum class FunctionState : std::uint8_t {
    kNotDeployed,
    kPending,
    kActive,
    kFailed,
    kReactivating
  };

  struct Group {  // Hyperplane ENIs of one (subnet, security-group set)
    std::uint32_t subnet = 0;
    std::vector<std::string> security_groups;
    int enis = 0;
    bool ready = false;
    bool creating = false;
    Outcome failure = Outcome::kSuccess;
    long connections = 0;
    std::vector<FunctionIndex> waiters;
  };

  struct FunctionNet {
    FunctionState state = FunctionState::kActive;
    Outcome failure = Outcome::kSuccess;
    SimTime last_invoke{};
    SimTime reactivate_at{};
    int pending_groups = 0;
    std::vector<std::uint32_t> subnets;       // global subnet per slot
    std::vector<std::uint32_t> groups;        // Hyperplane group per slot; empty if per-execution
    std::vector<std::uint32_t> eni_pool;      // per-execution: free-slot list head per slot
    std::vector<std::uint32_t> call_targets;  // target index per call
    std::uint32_t route_base = 0;             // routes_[route_base + slot * calls + c]
    std::vector<SimTime> pooled_nat_idle;     // per slot; empty if no pooled call uses a NAT
    int envs_per_eni = 1;
  };

  struct LegacyEni {  // per-execution ENI
    FunctionIndex function = 0;
    std::uint32_t slot = 0;
    std::uint32_t subnet = 0;
    int used = 0;
    int capacity = 1;
    bool in_free_list = false;
    bool release_pending = false;
    bool alive = false;
    std::uint32_t prev = kNone, next = kNone;
    SimTime ready_at{};
    SimTime idle_since{};
  };

  struct Pipe {  // a FIFO server of `capacity` bits per second
    double capacity_bps = 0;
    double max_bps = 0;
    SimTime busy_until{};
    SimTime next_check{};
    SimTime interval{};
    bool saturated = false;
    SimTime transfer(SimTime now, std::int64_t bytes);
  };

  void on_deploy(const EventArgs& args);
  void on_group_ready(const EventArgs& args);
  void on_legacy_eni_ready(const EventArgs& args);
  void on_legacy_eni_release(const EventArgs& args);
  void on_connection_release(const EventArgs& args);
  void on_client_release(const EventArgs& args);

  // Hyperplane: makes sure group g has an ENI (creating it if needed);
  // returns the failure if quota or IPs refuse it.
  Outcome ensure_group(std::uint32_t g, bool instant);
  Outcome add_eni(std::uint32_t subnet, bool count_vpc_quota);
  void activate_after_groups(FunctionIndex f, bool instant);
  std::uint32_t group_for(std::uint32_t subnet, const std::vector<std::string>& sgs);

  void legacy_unlink(std::uint32_t eni);
  void legacy_push(std::uint32_t eni);

  // Connection accounting for call c of function f from slot.
  Outcome acquire(FunctionIndex f, std::uint32_t slot, std::uint32_t c);
  std::uint32_t az_index(const std::string& name);
  void recompute_fault_state();
  bool chance(double p) { return p >= 1.0 || (p > 0 && fault_rng_.uniform01() < p); }
  // Effect of active faults on one call: 0 ok, 1 hang, 2 refused; adds latency.
  int call_fault(FunctionIndex f, std::uint32_t c, const Route& r, SimTime& latency);
  Outcome eni_creation_fault();
  // Is a NAT or endpoint route cut by an active fault (its resource or its
  // AZ)? An endpoint falling back to another AZ's ENI adds cross-AZ latency.
  bool path_down(const Route& r, SimTime& latency);
  void release(FunctionIndex f, std::uint32_t slot, std::uint32_t c);

  Simulation& sim_;
  const ModelConfig& config_;
  ModelObserver& observer_;
  NetworkIndex index_;
  std::vector<std::string> azs_;
  std::vector<std::uint32_t> subnet_az_;
  std::vector<int> subnet_free_ips_;
  std::vector<int> vpc_enis_;
  int region_enis_ = 0;
  std::vector<Group> groups_;
  std::vector<FunctionNet> functions_;
  std::vector<Route> routes_;
  std::vector<Route> client_routes_;  // per global subnet
  std::vector<LegacyEni> legacy_;
  std::uint32_t legacy_free_ = kNone;
  std::uint32_t targets_ = 0;
  // NAT destinations: the targets, then the Lambda API (unless a target is it).
  std::uint32_t destinations_ = 0;
  std::uint32_t lambda_destination_ = 0;
  std::vector<int> nat_conns_;     // [nat * destinations_ + destination]
  std::vector<int> nat_limit_;     // per NAT
  std::vector<int> target_conns_;  // private targets
  std::vector<Pipe> nat_pipes_;
  std::vector<std::uint32_t> endpoint_pipe_base_;
  std::vector<Pipe> endpoint_pipes_;
  // Fault state, recomputed when a fault starts or ends.
  bool faults_active_ = false;
  std::vector<bool> fault_on_;
  std::vector<std::uint32_t> fault_az_;
  std::vector<double> az_severity_;
  std::vector<bool> az_known_down_;
  std::vector<bool> az_detected_flag_;  // per fault: detection delay passed
  std::vector<bool> nat_down_;
  std::vector<bool> endpoint_down_;
  std::vector<std::uint32_t> nat_az_;
  std::vector<std::uint32_t> endpoint_pipe_az_;
  std::vector<std::uint32_t> target_az_;
  std::vector<double> target_refuse_;
  std::vector<double> target_timeout_;
  std::vector<SimTime> target_latency_;
  double eni_failure_ = 0;
  double api_factor_ = 1;
  double api_tokens_ = 0;
  SimTime api_last_{};
  Rng creation_rng_;
  Rng fault_rng_;

  EventType ev_deploy_ = 0;
  EventType ev_group_ready_ = 0;
  EventType ev_legacy_ready_ = 0;
  EventType ev_legacy_release_ = 0;
  EventType ev_connection_release_ = 0;
  EventType ev_client_release_ = 0;
};

}  // namespace lambdasim
