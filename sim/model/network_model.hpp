// Runtime state of VPC networking for one simulation, as a thin coordinator
// of parts with one concern each (sim/model/network/): ENI quotas, Hyperplane
// ENIs and readiness, per-execution ENIs, the connection table, bandwidth
// pipes, fault state, call routes, client routing and the VPC DNS resolver. LambdaModel calls it at
// four points: readiness, placement of a new environment, an invocation's
// calls, and release. Private to the model layer.
#pragma once

#include <cstdint>
#include <vector>

#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/lambda_model.hpp"
#include "lambdasim/model/observer.hpp"
#include "lambdasim/model/routes.hpp"
#include "network/bandwidth_pipes.hpp"
#include "network/call_routes.hpp"
#include "network/client_routing.hpp"
#include "network/connection_table.hpp"
#include "network/dns_resolver.hpp"
#include "network/eni_quota.hpp"
#include "network/fault_state.hpp"
#include "network/hyperplane_enis.hpp"
#include "network/per_execution_enis.hpp"

namespace lambdasim {

class NetworkModel {
 public:
  static constexpr std::uint32_t kNone = kNoIndex;

  // `config` must have its names resolved (resolve.hpp).
  NetworkModel(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
               std::uint64_t seed, std::uint64_t replication);
  NetworkModel(const NetworkModel&) = delete;
  NetworkModel& operator=(const NetworkModel&) = delete;

  // Creates the ENIs of functions deployed before the run; schedules deployments.
  void start() { hyperplane_.start(); }

  // Can `f` be invoked now? kSuccess, or the error the caller gets.
  Outcome readiness(FunctionIndex f) { return hyperplane_.readiness(f); }

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
  void release_eni_slot(std::uint32_t eni) { per_execution_.give_back(eni); }

  struct CallsResult {
    SimTime duration{};
    Outcome outcome = Outcome::kSuccess;
    std::uint32_t processed = 0;  // calls that opened their connection
  };
  // PooledConnections::nat_closed is a 64-bit set: calls per function.
  static constexpr std::uint32_t kMaxCalls = 64;

  // The environment running the calls: its slot in LambdaModel (the DNS
  // cache is per environment) and its per-execution ENI (kNone for none).
  struct Caller {
    std::uint32_t env = 0;
    std::uint32_t eni = kNone;
  };
  // Runs the calls of one invocation from an environment in `slot` of its
  // function's subnets, opening the pooled connections it lacks. `budget` is
  // the time left before the timeout.
  CallsResult run_calls(FunctionIndex f, std::uint32_t slot, Caller caller,
                        PooledConnections& pooled, SimTime budget, Rng& rng);
  // Do the network's parts keep state per environment of `f` (the DNS
  // cache of a function whose calls resolve names)? Then the model tells
  // them when an environment goes; a part with such state adds its test here.
  bool keeps_environment_state(FunctionIndex f) const { return environment_state_[f]; }
  // Environment slot `env` is recycled: its runtime's state goes with it.
  void environment_gone(std::uint32_t env) { dns_cache_.clear(env); }
  // Releases the per-invocation connections of the first `processed` calls
  // (a NAT drops one held longer than its idle timeout at that timeout).
  void end_calls(FunctionIndex f, std::uint32_t slot, std::uint32_t processed);
  // Closes an environment's pooled connections.
  void close_pooled(FunctionIndex f, std::uint32_t slot, const PooledConnections& pooled);
  // Shortest NAT idle timeout among the pooled connections through NATs of
  // an environment in `slot`; kTimeInfinity when it has none.
  SimTime pooled_nat_idle_timeout(FunctionIndex f, std::uint32_t slot) const {
    return routes_.pooled_nat_idle(f, slot);
  }
  // The environment stayed idle past that timeout: the NATs drop (release)
  // all its pooled connections through them (the shortest timeout applies to
  // every NAT: AWS fixes it at 350 s); they are marked in `pooled`.
  void expire_pooled_nat(FunctionIndex f, std::uint32_t slot, PooledConnections& pooled);

  // An invocation from a client inside a VPC (an arrival source in global
  // `subnet`, kNone for none): see ClientRouting::request.
  Outcome client_request(std::uint32_t subnet, std::int64_t bytes, SimTime hold) {
    return clients_.request(subnet, bytes, hold);
  }

  // Fault `index` of the timeline starts or ends. AZ outages are also
  // `detected` (Lambda stops placing there) after the detection delay.
  void fault_begin(std::uint32_t index) { faults_.begin(index); }
  void fault_end(std::uint32_t index) { faults_.end(index); }
  void az_detected(std::uint32_t index) { faults_.detected(index); }
  // Severity of the current outage of `az` (0 = healthy).
  double az_severity(std::uint32_t az) const { return faults_.az_severity(az); }
  bool faults_active() const { return faults_.active(); }

  // Introspection for tests.
  int enis_in_vpc(std::uint32_t vpc) const { return quota_.vpc_enis(vpc); }
  int region_enis() const { return quota_.region_enis(); }
  int free_ips(std::uint32_t subnet) const { return quota_.free_ips(subnet); }
  int nat_connections(std::uint32_t nat, std::uint32_t target) const {
    return connections_.nat_connections(nat, target);
  }
  // NAT connections to the Lambda API (in-VPC clients), for tests.
  int nat_lambda_connections(std::uint32_t nat) const {
    return connections_.nat_connections(nat, connections_.lambda_destination());
  }
  int target_connections(std::uint32_t target) const {
    return connections_.target_connections(target);
  }
  // The network's share of LambdaModel::audit().
  void audit(ResourceAudit& a) const {
    a.nat_connections = connections_.nat_connections_total();
    a.target_connections = connections_.target_connections_total();
    a.hyperplane_connections = hyperplane_.connections_total();
    a.hyperplane_enis = hyperplane_.enis_total();
    a.per_execution_enis = per_execution_.alive();
    a.region_enis = quota_.region_enis();
    a.vpc_enis = quota_.vpc_enis_total();
    a.ips_used = quota_.ips_used();
  }

 private:
  void on_connection_release(const EventArgs& args);
  Placement place_in_service_vpc(Rng& rng);
  // Picks the slot (subnet) of a VPC function's new environment, avoiding
  // AZs known to be down; false (p.refusal set) when an AZ fault refuses it.
  bool pick_slot(const std::vector<std::uint32_t>& subnets, Rng& rng, Placement& p);
  // Connection accounting for call c of function f from slot.
  Outcome acquire(FunctionIndex f, std::uint32_t slot, std::uint32_t c, const Route& r);
  void release(FunctionIndex f, std::uint32_t slot, std::uint32_t c);
  // Bytes of one call through route r: adds the hops' latency (pipes, NAT,
  // cross-AZ) to `latency` and reports the transfers.
  void carry(FunctionIndex f, std::uint32_t slot, const Route& r, std::int64_t bytes, SimTime now,
             SimTime& latency);
  // Call c resolves its target's name before connecting: nothing when the
  // environment's cached answer is fresh or the function is in the service
  // VPC (not modelled), else a lookup through the environment's interface.
  DnsLookup look_up(FunctionIndex f, std::uint32_t slot, Caller caller, std::uint32_t c,
                    SimTime ttl, SimTime now);
  // Opens call c's connection (resolving its name first if it has `dns`,
  // adding the wait to `t`): kSuccess, or why the invocation stops there
  // (kTimeout when the wait reaches `budget`).
  Outcome open(FunctionIndex f, std::uint32_t slot, Caller caller, std::uint32_t c, const Route& r,
               SimTime now, SimTime budget, SimTime& t);

  Simulation& sim_;
  const ModelConfig& config_;
  ModelObserver& observer_;
  NetworkIndex index_;
  std::vector<std::uint32_t> subnet_az_;             // per global subnet
  std::vector<std::vector<std::uint32_t>> subnets_;  // per function: global subnet per slot
  Rng creation_rng_;  // ENI creation times, Hyperplane and per-execution
  EniQuota quota_;
  FaultState faults_;
  HyperplaneEnis hyperplane_;
  PerExecutionEnis per_execution_;
  ConnectionTable connections_;
  BandwidthPipes pipes_;
  CallRoutes routes_;
  ClientRouting clients_;
  DnsResolver dns_;
  DnsCache dns_cache_;
  std::vector<bool> environment_state_;  // per function
  EventType ev_connection_release_ = 0;
};

}  // namespace lambdasim
