#include "hyperplane_enis.hpp"

#include <algorithm>

namespace lambdasim {

HyperplaneEnis::HyperplaneEnis(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
                               EniQuota& quota, FaultState& faults, Rng& creation_rng)
    : sim_(sim),
      config_(config),
      observer_(observer),
      quota_(quota),
      faults_(faults),
      creation_rng_(creation_rng) {}

void HyperplaneEnis::register_events() {
  ev_deploy_ = sim_.register_method<&HyperplaneEnis::on_deploy>(this);
  ev_group_ready_ = sim_.register_method<&HyperplaneEnis::on_group_ready>(this);
}

void HyperplaneEnis::add_functions() {
  for (const FunctionConfig& fc : config_.functions) {
    Function fn;
    fn.state = fc.deployed_at ? DeploymentState::kNotDeployed : DeploymentState::kActive;
    if (fc.vpc && config_.network.eni_model == EniModel::kHyperplane) {
      std::vector<std::string> sgs = fc.vpc->security_groups;
      std::sort(sgs.begin(), sgs.end());
      sgs.erase(std::unique(sgs.begin(), sgs.end()), sgs.end());
      for (std::uint32_t s : fc.vpc->subnet_indices) fn.groups.push_back(group_for(s, sgs));
    }
    functions_.push_back(std::move(fn));
  }
}

std::uint32_t HyperplaneEnis::group_for(std::uint32_t subnet, const std::vector<std::string>& sgs) {
  for (std::uint32_t g = 0; g < groups_.size(); ++g) {
    if (groups_[g].subnet == subnet && groups_[g].security_groups == sgs) return g;
  }
  Group group;
  group.subnet = subnet;
  group.security_groups = sgs;
  groups_.push_back(std::move(group));
  return static_cast<std::uint32_t>(groups_.size() - 1);
}

void HyperplaneEnis::start() {
  for (FunctionIndex f = 0; f < functions_.size(); ++f) {
    const FunctionConfig& fc = config_.functions[f];
    if (fc.deployed_at) {
      sim_.post_at(std::max(*fc.deployed_at, sim_.now()), ev_deploy_, {.a = f});
    } else if (fc.vpc && config_.network.eni_model == EniModel::kHyperplane) {
      activate_after_groups(f, /*instant=*/true);
    }
  }
}

Outcome HyperplaneEnis::ensure_group(std::uint32_t g, bool instant) {
  Group& group = groups_[g];
  if (group.ready || group.creating) return Outcome::kSuccess;
  Outcome o = faults_.eni_creation();
  if (o == Outcome::kSuccess) o = quota_.add(group.subnet, true);
  group.failure = o;
  if (o != Outcome::kSuccess) return o;
  if (instant) {
    group.ready = true;
    group.enis = 1;
    observer_.on_eni_change(sim_.now(), group.subnet, +1, 0);
  } else {
    group.creating = true;
    observer_.on_eni_change(sim_.now(), group.subnet, 0, +1);
    const SimTime t =
        std::max(kTimeZero, config_.network.hyperplane_creation.sample(creation_rng_));
    sim_.post_in(from_seconds(to_seconds(t) * faults_.api_factor()), ev_group_ready_, {.a = g});
  }
  return Outcome::kSuccess;
}

void HyperplaneEnis::activate_after_groups(FunctionIndex f, bool instant) {
  Function& fn = functions_[f];
  fn.pending_groups = 0;
  for (std::uint32_t g : fn.groups) {
    const Outcome o = ensure_group(g, instant);
    if (o != Outcome::kSuccess) {
      fn.state = DeploymentState::kFailed;  // AWS: EniLimitExceeded / SubnetOutOfIPAddresses
      fn.failure = o;
      return;
    }
    if (!groups_[g].ready) {
      auto& w = groups_[g].waiters;
      if (std::find(w.begin(), w.end(), f) == w.end()) {
        w.push_back(f);
        ++fn.pending_groups;
      }
    }
  }
  fn.state = fn.pending_groups == 0 ? DeploymentState::kActive : DeploymentState::kPending;
  fn.last_invoke = sim_.now();
}

void HyperplaneEnis::on_deploy(const EventArgs& args) {
  const auto f = static_cast<FunctionIndex>(args.a);
  const FunctionConfig& fc = config_.functions[f];
  if (fc.vpc && config_.network.eni_model == EniModel::kHyperplane) {
    activate_after_groups(f, /*instant=*/false);
  } else {
    functions_[f].state = DeploymentState::kActive;
    functions_[f].last_invoke = sim_.now();
  }
}

void HyperplaneEnis::on_group_ready(const EventArgs& args) {
  Group& group = groups_[args.a];
  group.creating = false;
  group.ready = true;
  group.enis = 1;
  observer_.on_eni_change(sim_.now(), group.subnet, +1, -1);
  for (FunctionIndex f : group.waiters) {
    Function& fn = functions_[f];
    if (--fn.pending_groups == 0 && fn.state == DeploymentState::kPending) {
      fn.state = DeploymentState::kActive;
      fn.last_invoke = sim_.now();
    }
  }
  group.waiters.clear();
}

std::int64_t HyperplaneEnis::enis_total() const {
  std::int64_t n = 0;
  for (const Group& g : groups_) n += g.enis + (g.creating ? 1 : 0);
  return n;
}

std::int64_t HyperplaneEnis::connections_total() const {
  std::int64_t n = 0;
  for (const Group& g : groups_) n += g.connections;
  return n;
}

Outcome HyperplaneEnis::readiness(FunctionIndex f) {
  Function& fn = functions_[f];
  const SimTime now = sim_.now();
  switch (fn.state) {
    case DeploymentState::kActive:
      if (!fn.groups.empty() && now - fn.last_invoke >= config_.network.inactive_after) {
        // Idle too long: Inactive. This invoke fails while ENIs are re-made.
        fn.state = DeploymentState::kReactivating;
        fn.reactivate_at =
            now + std::max(kTimeZero, config_.network.hyperplane_creation.sample(creation_rng_));
        return Outcome::kResourceNotReady;
      }
      fn.last_invoke = now;
      return Outcome::kSuccess;
    case DeploymentState::kReactivating:
      if (now < fn.reactivate_at) return Outcome::kResourceNotReady;
      fn.state = DeploymentState::kActive;
      fn.last_invoke = now;
      return Outcome::kSuccess;
    case DeploymentState::kFailed:
      return fn.failure;
    case DeploymentState::kNotDeployed:
    case DeploymentState::kPending:
      return Outcome::kFunctionNotReady;
  }
  return Outcome::kSuccess;
}

}  // namespace lambdasim
