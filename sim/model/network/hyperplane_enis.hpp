// Hyperplane ENIs and function readiness. Since 2019 a VPC function shares one
// Hyperplane ENI per (subnet, security-group set) with every function of that
// pair; the function is Pending while they are created, Failed when a quota or
// the subnet's IPs refuse them, and Inactive after weeks idle (its next invoke
// fails while they are re-made). Past 65,000 connections a group gets another
// ENI. Private to the network model (sim/model/network/).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eni_quota.hpp"
#include "fault_state.hpp"
#include "lambdasim/kernel/invariant.hpp"
#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/observer.hpp"

namespace lambdasim {

class HyperplaneEnis {
 public:
  // `creation_rng` (ENI creation times) is shared with the per-execution ENIs.
  HyperplaneEnis(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
                 EniQuota& quota, FaultState& faults, Rng& creation_rng);
  void register_events();  // deployment, group ready
  // Each function's deployment state and groups (one per subnet when the ENI
  // model is Hyperplane and the function is in a VPC), in function order.
  void add_functions();
  // Creates the ENIs of functions deployed before the run; schedules deployments.
  void start();

  // Can `f` be invoked now? kSuccess, or the error the caller gets.
  Outcome readiness(FunctionIndex f);

  bool has_groups(FunctionIndex f) const { return !functions_[f].groups.empty(); }
  std::uint32_t group(FunctionIndex f, std::uint32_t slot) const {
    return functions_[f].groups[slot];
  }
  // A new connection through group `g`: past each 65,000 the group needs
  // another ENI (modelled as instant); kEniLimitReached when quotas refuse it.
  Outcome make_room(std::uint32_t g) {
    Group& group = groups_[g];
    const long capacity =
        static_cast<long>(group.enis) * config_.network.connections_per_hyperplane_eni;
    if (group.connections < capacity) return Outcome::kSuccess;
    if (quota_.add(group.subnet, true) != Outcome::kSuccess) return Outcome::kEniLimitReached;
    ++group.enis;
    observer_.on_eni_change(sim_.now(), group.subnet, +1, 0);
    return Outcome::kSuccess;
  }
  void count_connection(std::uint32_t g, long delta) {
    groups_[g].connections += delta;
    LAMBDASIM_INVARIANT(groups_[g].connections >= 0, "Hyperplane ENI connections went negative");
  }
  // ENIs of group `g` (its DNS budget is per ENI).
  int enis(std::uint32_t g) const { return groups_[g].enis; }
  // Over every group: ENIs in service or being created; open connections.
  std::int64_t enis_total() const;
  std::int64_t connections_total() const;

 private:
  enum class DeploymentState : std::uint8_t {
    kNotDeployed,
    kPending,
    kActive,
    kFailed,
    kReactivating
  };

  struct Group {  // Hyperplane ENIs of one (subnet, security-group set)
    std::uint32_t subnet = 0;
    std::vector<std::string> security_groups;  // sorted, unique
    int enis = 0;
    bool ready = false;
    bool creating = false;
    Outcome failure = Outcome::kSuccess;
    long connections = 0;
    std::vector<FunctionIndex> waiters;
  };

  struct Function {
    DeploymentState state = DeploymentState::kActive;
    Outcome failure = Outcome::kSuccess;
    SimTime last_invoke{};
    SimTime reactivate_at{};
    int pending_groups = 0;
    std::vector<std::uint32_t> groups;  // per slot; empty outside a VPC or per-execution
  };

  void on_deploy(const EventArgs& args);
  void on_group_ready(const EventArgs& args);
  // Makes sure group g has an ENI (creating it if needed); returns the
  // failure if quota or IPs refuse it.
  Outcome ensure_group(std::uint32_t g, bool instant);
  void activate_after_groups(FunctionIndex f, bool instant);
  std::uint32_t group_for(std::uint32_t subnet, const std::vector<std::string>& sgs);

  Simulation& sim_;
  const ModelConfig& config_;
  ModelObserver& observer_;
  EniQuota& quota_;
  FaultState& faults_;
  Rng& creation_rng_;
  std::vector<Group> groups_;
  std::vector<Function> functions_;
  EventType ev_deploy_ = 0;
  EventType ev_group_ready_ = 0;
};

}  // namespace lambdasim
