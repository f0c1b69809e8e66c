#include "network_model.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

namespace lambdasim {

namespace {

// A pooled connection's release event: (function, environment slot, call) in
// one word. Calls are below NetworkModel::kMaxCalls (checked by validation
// and the constructor) and functions far fewer than 2^26 (checked too).
constexpr int kCallBits = std::bit_width(NetworkModel::kMaxCalls - 1);
constexpr int kSlotBits = 32;
constexpr std::size_t kMaxFunctions = std::size_t{1} << (64 - kSlotBits - kCallBits);
std::uint64_t pack_call(FunctionIndex f, std::uint32_t slot, std::uint32_t call) {
  return (static_cast<std::uint64_t>(f) << (kSlotBits + kCallBits)) |
         (static_cast<std::uint64_t>(slot) << kCallBits) | call;
}

std::uint32_t target_index(const ModelConfig& config, const CallConfig& call) {
  for (std::uint32_t t = 0; t < config.targets.size(); ++t) {
    if (config.targets[t].name == call.target) return t;
  }
  throw std::logic_error("call to unknown target '" + call.target + "'");
}

}  // namespace

SimTime NetworkModel::Pipe::transfer(SimTime now, std::int64_t bytes) {
  if (capacity_bps <= 0) return kTimeZero;
  if (now >= next_check) {
    // Bandwidth scaling is undocumented: double after a saturated interval.
    if (saturated) capacity_bps = std::min(max_bps, 2 * capacity_bps);
    saturated = false;
    next_check = now + interval;
  }
  const SimTime start = std::max(now, busy_until);
  if (busy_until > now) saturated = true;
  busy_until = start + from_seconds(static_cast<double>(bytes) * 8.0 / capacity_bps);
  return busy_until - now;
}

NetworkModel::NetworkModel(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
                           std::uint64_t seed, std::uint64_t replication)
    : sim_(sim),
      config_(config),
      observer_(observer),
      index_(config),
      creation_rng_(Rng::for_entity(seed, replication, "network/eni_creation")),
      fault_rng_(Rng::for_entity(seed, replication, "faults")) {
  if (config.functions.size() > kMaxFunctions) {
    throw std::length_error("NetworkModel: too many functions for an event's payload");
  }
  const NetworkConfig& net = config.network;
  azs_ = config.account.azs;
  if (azs_.empty()) azs_.push_back("az");
  for (std::uint32_t s = 0; s < index_.subnet_count(); ++s) {
    subnet_az_.push_back(az_index(index_.subnet(s).az));
    subnet_free_ips_.push_back(index_.subnet(s).usable_ips());
  }
  vpc_enis_.assign(net.vpcs.size(), 0);
  targets_ = static_cast<std::uint32_t>(config.targets.size());
  lambda_destination_ = lambda_api_destination(config);
  destinations_ = targets_ + 1;
  nat_conns_.assign(index_.nat_count() * destinations_, 0);
  for (std::uint32_t n = 0; n < index_.nat_count(); ++n) {
    const NatGatewayConfig& nat = index_.nat(n);
    nat_limit_.push_back(nat.ips * nat.connections_per_ip);
    nat_az_.push_back(az_index(nat.az));
    nat_pipes_.push_back(Pipe{nat.bandwidth_gbps * 1e9, nat.max_bandwidth_gbps * 1e9, kTimeZero,
                              kTimeZero, nat.bandwidth_scale_interval, false});
  }
  for (std::uint32_t e = 0; e < index_.endpoint_count(); ++e) {
    const InterfaceEndpointConfig& ep = index_.endpoint(e);
    endpoint_pipe_base_.push_back(static_cast<std::uint32_t>(endpoint_pipes_.size()));
    for (std::size_t k = 0; k < std::max<std::size_t>(1, ep.subnets.size()); ++k) {
      const std::uint32_t sub =
          k < ep.subnets.size() ? index_.find_subnet(index_.endpoint_vpc(e), ep.subnets[k]) : kNone;
      endpoint_pipe_az_.push_back(sub == kNone ? kNone : subnet_az_[sub]);
      endpoint_pipes_.push_back(Pipe{ep.bandwidth_gbps * 1e9, ep.max_bandwidth_gbps * 1e9,
                                     kTimeZero, kTimeZero, seconds(60), false});
    }
  }
  target_conns_.assign(targets_, 0);
  for (const TargetConfig& t : config.targets) {
    target_az_.push_back(t.az.empty() ? kNone : az_index(t.az));
  }
  target_refuse_.assign(targets_, 0);
  target_timeout_.assign(targets_, 0);
  target_latency_.assign(targets_, kTimeZero);
  nat_down_.assign(index_.nat_count(), false);
  endpoint_down_.assign(index_.endpoint_count(), false);
  for (const FaultConfig& fault : config.faults.timeline) {
    fault_az_.push_back(fault.kind == FaultKind::kAzOutage ? az_index(fault.az) : kNone);
  }
  fault_on_.assign(config.faults.timeline.size(), false);
  az_detected_flag_.assign(config.faults.timeline.size(), false);
  az_severity_.assign(azs_.size(), 0.0);
  az_known_down_.assign(azs_.size(), false);
  for (std::uint32_t s = 0; s < index_.subnet_count(); ++s) {
    client_routes_.push_back(resolve_client_route(config, index_, s));
  }

  for (const FunctionConfig& fc : config.functions) {
    FunctionNet fn;
    fn.state = fc.deployed_at ? FunctionState::kNotDeployed : FunctionState::kActive;
    fn.envs_per_eni = std::max(1, 3072 / std::max(1, fc.memory_mb));  // AWS: 3 GB / memory
    if (fc.vpc) {
      const std::uint32_t vpc = index_.find_vpc(fc.vpc->vpc);
      if (vpc == kNone) throw std::logic_error("function " + fc.name + ": unknown VPC");
      std::vector<std::string> sgs = fc.vpc->security_groups;
      std::sort(sgs.begin(), sgs.end());
      sgs.erase(std::unique(sgs.begin(), sgs.end()), sgs.end());
      for (const std::string& name : fc.vpc->subnets) {
        const std::uint32_t s = index_.find_subnet(vpc, name);
        if (s == kNone) throw std::logic_error("function " + fc.name + ": unknown subnet " + name);
        fn.subnets.push_back(s);
        // Hyperplane ENI groups only; per-execution ENIs live in eni_pool.
        if (net.eni_model == EniModel::kHyperplane) fn.groups.push_back(group_for(s, sgs));
        fn.eni_pool.push_back(kNone);
      }
    }
    fn.route_base = static_cast<std::uint32_t>(routes_.size());
    const std::size_t slots = std::max<std::size_t>(1, fn.subnets.size());
    for (std::size_t slot = 0; slot < slots; ++slot) {
      const std::uint32_t subnet = fn.subnets.empty() ? kNone : fn.subnets[slot];
      for (const CallConfig& call : fc.calls) {
        const TargetConfig& target = config.targets[target_index(config, call)];
        routes_.push_back(resolve_route(config, index_, fc, subnet, target));
      }
    }
    for (const CallConfig& call : fc.calls) fn.call_targets.push_back(target_index(config, call));
    if (fc.calls.size() > kMaxCalls) {
      throw std::logic_error("function " + fc.name + ": more than 64 calls");
    }
    // The NAT drops a connection idle past its timeout, pooled ones included.
    bool any_pooled_nat = false;
    std::vector<SimTime> pooled_nat_idle(slots, kTimeInfinity);
    for (std::size_t slot = 0; slot < slots; ++slot) {
      for (std::size_t c = 0; c < fc.calls.size(); ++c) {
        const Route& r = routes_[fn.route_base + slot * fc.calls.size() + c];
        if (fc.calls[c].connection != ConnectionMode::kPooled || r.kind != RouteKind::kNat)
          continue;
        pooled_nat_idle[slot] =
            std::min(pooled_nat_idle[slot], index_.nat(r.resource).idle_timeout);
        any_pooled_nat = true;
      }
    }
    if (any_pooled_nat) fn.pooled_nat_idle = std::move(pooled_nat_idle);
    functions_.push_back(std::move(fn));
  }

  api_tokens_ = net.eni_api_burst;
  ev_deploy_ = sim_.register_method<&NetworkModel::on_deploy>(this);
  ev_group_ready_ = sim_.register_method<&NetworkModel::on_group_ready>(this);
  ev_legacy_ready_ = sim_.register_method<&NetworkModel::on_legacy_eni_ready>(this);
  ev_legacy_release_ = sim_.register_method<&NetworkModel::on_legacy_eni_release>(this);
  ev_connection_release_ = sim_.register_method<&NetworkModel::on_connection_release>(this);
  ev_client_release_ = sim_.register_method<&NetworkModel::on_client_release>(this);
}

std::uint32_t NetworkModel::az_index(const std::string& name) {
  for (std::uint32_t i = 0; i < azs_.size(); ++i) {
    if (azs_[i] == name) return i;
  }
  azs_.push_back(name);
  return static_cast<std::uint32_t>(azs_.size() - 1);
}

std::uint32_t NetworkModel::group_for(std::uint32_t subnet, const std::vector<std::string>& sgs) {
  for (std::uint32_t g = 0; g < groups_.size(); ++g) {
    if (groups_[g].subnet == subnet && groups_[g].security_groups == sgs) return g;
  }
  Group group;
  group.subnet = subnet;
  group.security_groups = sgs;
  groups_.push_back(std::move(group));
  return static_cast<std::uint32_t>(groups_.size() - 1);
}

void NetworkModel::start() {
  for (FunctionIndex f = 0; f < functions_.size(); ++f) {
    const FunctionConfig& fc = config_.functions[f];
    if (fc.deployed_at) {
      sim_.post_at(std::max(*fc.deployed_at, sim_.now()), ev_deploy_, {.a = f});
    } else if (fc.vpc && config_.network.eni_model == EniModel::kHyperplane) {
      activate_after_groups(f, /*instant=*/true);
    }
  }
}

// ------------------------------------------------------- ENIs and readiness

Outcome NetworkModel::add_eni(std::uint32_t subnet, bool count_vpc_quota) {
  const std::uint32_t vpc = index_.subnet_vpc(subnet);
  if (count_vpc_quota && vpc_enis_[vpc] >= config_.network.enis_per_vpc) {
    return Outcome::kEniLimitReached;
  }
  if (region_enis_ >= config_.network.network_interfaces_per_region) {
    return Outcome::kEniLimitReached;
  }
  if (subnet_free_ips_[subnet] <= 0) return Outcome::kSubnetIpLimitReached;
  ++vpc_enis_[vpc];
  ++region_enis_;
  --subnet_free_ips_[subnet];
  return Outcome::kSuccess;
}

Outcome NetworkModel::eni_creation_fault() {
  if (faults_active_ && eni_failure_ > 0 && chance(eni_failure_)) {
    return Outcome::kEniCreationFailed;
  }
  return Outcome::kSuccess;
}

Outcome NetworkModel::ensure_group(std::uint32_t g, bool instant) {
  Group& group = groups_[g];
  if (group.ready || group.creating) return Outcome::kSuccess;
  Outcome o = eni_creation_fault();
  if (o == Outcome::kSuccess) o = add_eni(group.subnet, true);
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
    sim_.post_in(from_seconds(to_seconds(t) * api_factor_), ev_group_ready_, {.a = g});
  }
  return Outcome::kSuccess;
}

void NetworkModel::activate_after_groups(FunctionIndex f, bool instant) {
  FunctionNet& fn = functions_[f];
  fn.pending_groups = 0;
  for (std::uint32_t g : fn.groups) {
    const Outcome o = ensure_group(g, instant);
    if (o != Outcome::kSuccess) {
      fn.state = FunctionState::kFailed;  // AWS: EniLimitExceeded / SubnetOutOfIPAddresses
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
  fn.state = fn.pending_groups == 0 ? FunctionState::kActive : FunctionState::kPending;
  fn.last_invoke = sim_.now();
}

void NetworkModel::on_deploy(const EventArgs& args) {
  const auto f = static_cast<FunctionIndex>(args.a);
  const FunctionConfig& fc = config_.functions[f];
  if (fc.vpc && config_.network.eni_model == EniModel::kHyperplane) {
    activate_after_groups(f, /*instant=*/false);
  } else {
    functions_[f].state = FunctionState::kActive;
    functions_[f].last_invoke = sim_.now();
  }
}

void NetworkModel::on_group_ready(const EventArgs& args) {
  Group& group = groups_[args.a];
  group.creating = false;
  group.ready = true;
  group.enis = 1;
  observer_.on_eni_change(sim_.now(), group.subnet, +1, -1);
  for (FunctionIndex f : group.waiters) {
    FunctionNet& fn = functions_[f];
    if (--fn.pending_groups == 0 && fn.state == FunctionState::kPending) {
      fn.state = FunctionState::kActive;
      fn.last_invoke = sim_.now();
    }
  }
  group.waiters.clear();
}

Outcome NetworkModel::readiness(FunctionIndex f) {
  FunctionNet& fn = functions_[f];
  const SimTime now = sim_.now();
  switch (fn.state) {
    case FunctionState::kActive:
      if (!fn.groups.empty() && now - fn.last_invoke >= config_.network.inactive_after) {
        // Idle too long: Inactive. This invoke fails while ENIs are re-made.
        fn.state = FunctionState::kReactivating;
        fn.reactivate_at =
            now + std::max(kTimeZero, config_.network.hyperplane_creation.sample(creation_rng_));
        return Outcome::kResourceNotReady;
      }
      fn.last_invoke = now;
      return Outcome::kSuccess;
    case FunctionState::kReactivating:
      if (now < fn.reactivate_at) return Outcome::kResourceNotReady;
      fn.state = FunctionState::kActive;
      fn.last_invoke = now;
      return Outcome::kSuccess;
    case FunctionState::kFailed:
      return fn.failure;
    case FunctionState::kNotDeployed:
    case FunctionState::kPending:
      return Outcome::kFunctionNotReady;
  }
  return Outcome::kSuccess;
}

// ---------------------------------------------------------------- placement

void NetworkModel::legacy_unlink(std::uint32_t e) {
  LegacyEni& eni = legacy_[e];
  if (!eni.in_free_list) return;
  std::uint32_t& head = functions_[eni.function].eni_pool[eni.slot];
  if (eni.prev != kNone)
    legacy_[eni.prev].next = eni.next;
  else
    head = eni.next;
  if (eni.next != kNone) legacy_[eni.next].prev = eni.prev;
  eni.prev = eni.next = kNone;
  eni.in_free_list = false;
}

void NetworkModel::legacy_push(std::uint32_t e) {
  LegacyEni& eni = legacy_[e];
  if (eni.in_free_list) return;
  std::uint32_t& head = functions_[eni.function].eni_pool[eni.slot];
  eni.prev = kNone;
  eni.next = head;
  if (head != kNone) legacy_[head].prev = e;
  head = e;
  eni.in_free_list = true;
}

NetworkModel::Placement NetworkModel::place(FunctionIndex f, Rng& rng) {
  FunctionNet& fn = functions_[f];
  Placement p;
  if (fn.subnets.empty()) {  // service VPC: any of the region's AZs
    const auto n = static_cast<std::uint32_t>(std::max<std::size_t>(1, config_.account.azs.size()));
    if (!faults_active_) {
      p.az = static_cast<std::uint32_t>(rng.below(n));
      return p;
    }
    // Lambda avoids AZs it knows are down; until it knows, placements there fail.
    std::uint32_t eligible[64];
    std::uint32_t count = 0;
    for (std::uint32_t a = 0; a < n && count < 64; ++a) {
      if (!az_known_down_[a]) eligible[count++] = a;
    }
    if (count == 0) {
      p.refusal = Outcome::kAzFailure;
      return p;
    }
    p.az = eligible[rng.below(count)];
    if (az_severity_[p.az] > 0 && chance(az_severity_[p.az])) p.refusal = Outcome::kAzFailure;
    return p;
  }
  const auto slots = static_cast<std::uint32_t>(fn.subnets.size());
  if (!faults_active_) {
    p.slot = static_cast<std::uint32_t>(rng.below(slots));
  } else {
    std::uint32_t eligible[16];  // VpcConfig: at most 16 subnets
    std::uint32_t count = 0;
    for (std::uint32_t k = 0; k < slots && count < 16; ++k) {
      if (!az_known_down_[subnet_az_[fn.subnets[k]]]) eligible[count++] = k;
    }
    if (count == 0) {
      p.refusal = Outcome::kAzFailure;
      return p;
    }
    p.slot = eligible[rng.below(count)];
    const double sev = az_severity_[subnet_az_[fn.subnets[p.slot]]];
    if (sev > 0 && chance(sev)) {
      p.refusal = Outcome::kAzFailure;
      return p;
    }
  }
  p.subnet = fn.subnets[p.slot];
  p.az = subnet_az_[p.subnet];
  if (config_.network.eni_model == EniModel::kHyperplane) return p;

  // Per-execution: a slot on one of the function's ENIs in that subnet, else
  // a new ENI there, else in the next subnet with a free IP.
  const SimTime now = sim_.now();
  bool api_checked = false;
  for (std::uint32_t k = 0; k < slots; ++k) {
    const std::uint32_t slot = (p.slot + k) % slots;
    const std::uint32_t subnet = fn.subnets[slot];
    if (const std::uint32_t head = fn.eni_pool[slot]; head != kNone) {
      LegacyEni& eni = legacy_[head];
      if (++eni.used >= eni.capacity) legacy_unlink(head);
      p.slot = slot;
      p.subnet = subnet;
      p.az = subnet_az_[subnet];
      p.eni = head;
      p.delay = std::max(kTimeZero, eni.ready_at - now);
      return p;
    }
    if (!api_checked) {
      api_checked = true;
      const NetworkConfig& net = config_.network;
      api_tokens_ = std::min<double>(
          net.eni_api_burst,
          api_tokens_ + to_seconds(now - api_last_) * net.eni_api_rate_per_s / api_factor_);
      api_last_ = now;
      if (api_tokens_ < 1) {
        p.refusal = Outcome::kEc2Throttled;
        return p;
      }
      api_tokens_ -= 1;
    }
    Outcome o = eni_creation_fault();
    if (o == Outcome::kSuccess) o = add_eni(subnet, /*count_vpc_quota=*/false);
    if (o == Outcome::kSubnetIpLimitReached) continue;
    if (o != Outcome::kSuccess) {
      p.refusal = o;
      return p;
    }
    std::uint32_t e = legacy_free_;
    if (e != kNone) {
      legacy_free_ = legacy_[e].next;
    } else {
      e = static_cast<std::uint32_t>(legacy_.size());
      legacy_.emplace_back();
    }
    LegacyEni& eni = legacy_[e];
    eni = LegacyEni{};
    eni.function = f;
    eni.slot = slot;
    eni.subnet = subnet;
    eni.used = 1;
    eni.capacity = fn.envs_per_eni;
    eni.alive = true;
    const SimTime creation = from_seconds(
        std::max(0.0, config_.network.per_execution_creation.seconds().sample(creation_rng_)) *
        api_factor_);
    eni.ready_at = now + creation;
    if (eni.used < eni.capacity) legacy_push(e);
    observer_.on_eni_change(now, subnet, 0, +1);
    sim_.post_at(eni.ready_at, ev_legacy_ready_, {.a = e});
    p.slot = slot;
    p.subnet = subnet;
    p.az = subnet_az_[subnet];
    p.eni = e;
    p.delay = creation;
    return p;
  }
  p.refusal = Outcome::kSubnetIpLimitReached;
  return p;
}

void NetworkModel::on_legacy_eni_ready(const EventArgs& args) {
  observer_.on_eni_change(sim_.now(), legacy_[args.a].subnet, +1, -1);
}

void NetworkModel::release_eni_slot(std::uint32_t e) {
  LegacyEni& eni = legacy_[e];
  --eni.used;
  legacy_push(e);
  if (eni.used > 0) return;
  eni.idle_since = sim_.now();
  if (!eni.release_pending) {
    eni.release_pending = true;
    sim_.post_in(config_.network.per_execution_release_after, ev_legacy_release_, {.a = e});
  }
}

void NetworkModel::on_legacy_eni_release(const EventArgs& args) {
  const auto e = static_cast<std::uint32_t>(args.a);
  LegacyEni& eni = legacy_[e];
  eni.release_pending = false;
  if (!eni.alive || eni.used > 0) return;
  const SimTime due = eni.idle_since + config_.network.per_execution_release_after;
  if (sim_.now() < due) {  // reused and idle again since: wait for the new deadline
    eni.release_pending = true;
    sim_.post_at(due, ev_legacy_release_, args);
    return;
  }
  legacy_unlink(e);
  eni.alive = false;
  ++subnet_free_ips_[eni.subnet];
  --vpc_enis_[index_.subnet_vpc(eni.subnet)];
  --region_enis_;
  observer_.on_eni_change(sim_.now(), eni.subnet, -1, 0);
  eni.next = legacy_free_;
  legacy_free_ = e;
}

// ------------------------------------------------------------ calls, routes

Outcome NetworkModel::acquire(FunctionIndex f, std::uint32_t slot, std::uint32_t c) {
  FunctionNet& fn = functions_[f];
  const Route& r = routes_[fn.route_base + slot * config_.functions[f].calls.size() + c];
  const std::uint32_t t = fn.call_targets[c];
  if (!fn.groups.empty()) {  // every flow of a VPC function crosses its Hyperplane ENI
    Group& g = groups_[fn.groups[slot]];
    const long capacity =
        static_cast<long>(g.enis) * config_.network.connections_per_hyperplane_eni;
    if (g.connections >= capacity) {
      if (add_eni(g.subnet, true) != Outcome::kSuccess) return Outcome::kEniLimitReached;
      ++g.enis;  // AWS adds an ENI past 65,000 connections; modelled as instant
      observer_.on_eni_change(sim_.now(), g.subnet, +1, 0);
    }
  }
  if (r.kind == RouteKind::kNat) {
    int& n = nat_conns_[r.resource * destinations_ + t];
    if (n >= nat_limit_[r.resource]) return Outcome::kNatPortAllocation;
    ++n;
    observer_.on_nat_connections(sim_.now(), r.resource, +1);
  } else if (r.kind == RouteKind::kPrivate) {
    const int limit = config_.targets[t].max_connections;
    if (limit > 0 && target_conns_[t] >= limit) return Outcome::kTargetRefused;
    ++target_conns_[t];
  }
  if (!fn.groups.empty()) ++groups_[fn.groups[slot]].connections;
  return Outcome::kSuccess;
}

void NetworkModel::release(FunctionIndex f, std::uint32_t slot, std::uint32_t c) {
  FunctionNet& fn = functions_[f];
  const std::uint32_t t = fn.call_targets[c];
  const Route& r = routes_[fn.route_base + slot * config_.functions[f].calls.size() + c];
  if (r.kind == RouteKind::kNat) {
    --nat_conns_[r.resource * destinations_ + t];
    observer_.on_nat_connections(sim_.now(), r.resource, -1);
  } else if (r.kind == RouteKind::kPrivate) {
    --target_conns_[t];
  }
  if (!fn.groups.empty()) --groups_[fn.groups[slot]].connections;
}

NetworkModel::CallsResult NetworkModel::run_calls(FunctionIndex f, std::uint32_t slot,
                                                  std::uint32_t az, PooledConnections& pooled,
                                                  SimTime budget, Rng& rng) {
  (void)az;
  const FunctionConfig& fc = config_.functions[f];
  const FunctionNet& fn = functions_[f];
  const auto n = static_cast<std::uint32_t>(fc.calls.size());
  const SimTime now = sim_.now();
  CallsResult result;
  SimTime t{};
  for (std::uint32_t c = 0; c < n; ++c) {
    const CallConfig& call = fc.calls[c];
    const Route& r = routes_[fn.route_base + slot * n + c];
    if (r.kind == RouteKind::kUnreachable) {
      // Packets are dropped: no error comes back, the call hangs.
      t += call.connect_timeout.value_or(budget);
      result.duration = std::min(t, budget);
      result.outcome = Outcome::kCallTimeout;
      result.processed = c;
      pooled.open = std::max(pooled.open, c);
      return result;
    }
    const std::uint64_t bit = std::uint64_t{1} << c;
    const bool opens = call.connection == ConnectionMode::kNew || c >= pooled.open ||
                       (pooled.nat_closed & bit) != 0;
    if (opens) {
      const Outcome o = acquire(f, slot, c);
      if (o == Outcome::kSuccess) pooled.nat_closed &= ~bit;
      if (o != Outcome::kSuccess) {
        result.duration = t;
        result.outcome = o;
        result.processed = c;
        pooled.open = std::max(pooled.open, c);
        return result;
      }
    }
    SimTime latency = std::max(kTimeZero, config_.targets[fn.call_targets[c]].latency.sample(rng));
    if (faults_active_) {
      const int effect = call_fault(f, c, r, latency);
      if (effect != 0) {
        if (effect == 1) t += call.connect_timeout.value_or(budget);
        result.duration = std::min(t, budget);
        result.outcome = effect == 1 ? Outcome::kCallTimeout : Outcome::kTargetRefused;
        result.processed = c + 1;
        pooled.open = std::max(pooled.open, c + 1);
        return result;
      }
    }
    const std::int64_t bytes = call.bytes_out + call.bytes_in;
    if (r.kind == RouteKind::kNat) {
      // Bytes are offered to the pipe at the invocation's start, not at the
      // call's own (future) instant: a FIFO pipe must see requests in time
      // order, or one invocation's later calls would queue everyone else.
      latency += index_.nat(r.resource).added_latency + nat_pipes_[r.resource].transfer(now, bytes);
      observer_.on_transfer(now, TransferKind::kNat, r.resource, bytes);
    } else if (r.kind == RouteKind::kInterfaceEndpoint) {
      latency +=
          endpoint_pipes_[endpoint_pipe_base_[r.resource] + r.endpoint_subnet].transfer(now, bytes);
      observer_.on_transfer(now, TransferKind::kInterfaceEndpoint, r.resource, bytes);
    } else if (r.kind == RouteKind::kDirect) {
      observer_.on_transfer(now, TransferKind::kInternet, 0, bytes);
    }
    if (r.cross_az) {
      latency += config_.network.cross_az_latency;
      observer_.on_transfer(now, TransferKind::kCrossAz, fn.subnets.empty() ? 0 : fn.subnets[slot],
                            bytes);
    }
    t += latency;
    if (t >= budget) {
      result.duration = budget;
      result.outcome = Outcome::kTimeout;
      result.processed = c + 1;  // end_calls releases only per-invocation connections
      pooled.open = std::max(pooled.open, c + 1);
      return result;
    }
  }
  result.duration = t;
  result.processed = n;
  pooled.open = n;
  return result;
}

int NetworkModel::call_fault(FunctionIndex f, std::uint32_t c, const Route& r, SimTime& latency) {
  const std::uint32_t t = functions_[f].call_targets[c];
  latency += target_latency_[t];
  if (target_refuse_[t] > 0 && chance(target_refuse_[t])) return 2;
  if (target_timeout_[t] > 0 && chance(target_timeout_[t])) return 1;
  switch (r.kind) {
    case RouteKind::kNat:
    case RouteKind::kInterfaceEndpoint:
      return path_down(r, latency) ? 1 : 0;
    case RouteKind::kPrivate: {
      const std::uint32_t az = target_az_[t];
      return az != kNone && az_severity_[az] > 0 && chance(az_severity_[az]) ? 1 : 0;
    }
    default:
      return 0;
  }
}

void NetworkModel::fault_begin(std::uint32_t index) {
  fault_on_[index] = true;
  recompute_fault_state();
}

void NetworkModel::fault_end(std::uint32_t index) {
  fault_on_[index] = false;
  az_detected_flag_[index] = false;
  recompute_fault_state();
}

void NetworkModel::az_detected(std::uint32_t index) {
  if (!fault_on_[index]) return;
  az_detected_flag_[index] = true;
  recompute_fault_state();
}

void NetworkModel::recompute_fault_state() {
  const auto& timeline = config_.faults.timeline;
  std::fill(az_severity_.begin(), az_severity_.end(), 0.0);
  std::fill(az_known_down_.begin(), az_known_down_.end(), false);
  std::fill(nat_down_.begin(), nat_down_.end(), false);
  std::fill(endpoint_down_.begin(), endpoint_down_.end(), false);
  std::fill(target_refuse_.begin(), target_refuse_.end(), 0.0);
  std::fill(target_timeout_.begin(), target_timeout_.end(), 0.0);
  std::fill(target_latency_.begin(), target_latency_.end(), kTimeZero);
  eni_failure_ = 0;
  api_factor_ = 1;
  faults_active_ = false;
  auto target_of = [this](const std::string& name) {
    for (std::uint32_t t = 0; t < targets_; ++t) {
      if (config_.targets[t].name == name) return t;
    }
    return kNone;
  };
  for (std::uint32_t i = 0; i < timeline.size(); ++i) {
    if (!fault_on_[i]) continue;
    faults_active_ = true;
    const FaultConfig& fc = timeline[i];
    switch (fc.kind) {
      case FaultKind::kAzOutage: {
        const std::uint32_t az = fault_az_[i];
        az_severity_[az] = std::max(az_severity_[az], fc.severity);
        // Lambda stops placing there once it knows; a partial impairment is
        // never taken out of rotation (placements keep failing at `severity`).
        if (az_detected_flag_[i] && fc.severity >= 1.0) az_known_down_[az] = true;
        break;
      }
      case FaultKind::kNatFailure: {
        const std::uint32_t n = index_.find_nat(index_.find_vpc(fc.vpc), fc.resource);
        if (n != kNone) nat_down_[n] = true;
        break;
      }
      case FaultKind::kEndpointFailure:
        for (std::uint32_t e = 0; e < index_.endpoint_count(); ++e) {
          if (index_.endpoint(e).name == fc.resource &&
              config_.network.vpcs[index_.endpoint_vpc(e)].name == fc.vpc) {
            endpoint_down_[e] = true;
          }
        }
        break;
      case FaultKind::kEniCreationFailure:
        eni_failure_ = std::max(eni_failure_, fc.severity);
        break;
      case FaultKind::kEniApiThrottle:
        api_factor_ = std::max(api_factor_, fc.severity);
        break;
      case FaultKind::kLatency:
        if (const std::uint32_t t = target_of(fc.target); t != kNone) {
          target_latency_[t] += fc.extra_latency;
        }
        break;
      case FaultKind::kTargetOutage:
        if (const std::uint32_t t = target_of(fc.target); t != kNone) {
          double& p = fc.mode == TargetOutageMode::kRefuse ? target_refuse_[t] : target_timeout_[t];
          p = std::max(p, fc.severity);
        }
        break;
    }
  }
}

void NetworkModel::end_calls(FunctionIndex f, std::uint32_t slot, std::uint32_t processed) {
  const FunctionConfig& fc = config_.functions[f];
  const auto n = static_cast<std::uint32_t>(fc.calls.size());
  for (std::uint32_t c = 0; c < processed; ++c) {
    const CallConfig& call = fc.calls[c];
    if (call.connection != ConnectionMode::kNew) continue;
    SimTime hold = call.hold;
    if (hold > kTimeZero) {
      const Route& r = routes_[functions_[f].route_base + slot * n + c];
      if (r.kind == RouteKind::kNat) hold = std::min(hold, index_.nat(r.resource).idle_timeout);
    }
    if (hold > kTimeZero) {
      sim_.post_in(hold, ev_connection_release_, {.a = pack_call(f, slot, c)});
    } else {
      release(f, slot, c);
    }
  }
}

void NetworkModel::close_pooled(FunctionIndex f, std::uint32_t slot,
                                const PooledConnections& pooled) {
  const FunctionConfig& fc = config_.functions[f];
  const auto n = std::min<std::uint32_t>(pooled.open, static_cast<std::uint32_t>(fc.calls.size()));
  for (std::uint32_t c = 0; c < n; ++c) {
    if (fc.calls[c].connection != ConnectionMode::kPooled) continue;
    if ((pooled.nat_closed >> c & 1) == 0) release(f, slot, c);
  }
}

void NetworkModel::expire_pooled_nat(FunctionIndex f, std::uint32_t slot,
                                     PooledConnections& pooled) {
  const FunctionConfig& fc = config_.functions[f];
  const FunctionNet& fn = functions_[f];
  const auto calls = static_cast<std::uint32_t>(fc.calls.size());
  for (std::uint32_t c = 0; c < std::min(pooled.open, calls); ++c) {
    const std::uint64_t bit = std::uint64_t{1} << c;
    if (fc.calls[c].connection != ConnectionMode::kPooled || (pooled.nat_closed & bit) != 0) {
      continue;
    }
    if (routes_[fn.route_base + slot * calls + c].kind != RouteKind::kNat) continue;
    release(f, slot, c);
    pooled.nat_closed |= bit;
  }
}

void NetworkModel::on_connection_release(const EventArgs& args) {
  release(static_cast<FunctionIndex>(args.a >> (kSlotBits + kCallBits)),
          static_cast<std::uint32_t>(args.a >> kCallBits),
          static_cast<std::uint32_t>(args.a & ((1U << kCallBits) - 1)));
}

void NetworkModel::on_client_release(const EventArgs& args) {
  --nat_conns_[args.a];
  observer_.on_nat_connections(sim_.now(), static_cast<std::uint32_t>(args.a / destinations_), -1);
}

bool NetworkModel::path_down(const Route& r, SimTime& latency) {
  if (r.kind == RouteKind::kNat) {
    if (nat_down_[r.resource]) return true;
    const double sev = index_.nat(r.resource).regional ? 0 : az_severity_[nat_az_[r.resource]];
    return sev > 0 && chance(sev);
  }
  if (r.kind != RouteKind::kInterfaceEndpoint) return false;
  if (endpoint_down_[r.resource]) return true;
  const std::uint32_t base = endpoint_pipe_base_[r.resource];
  const std::uint32_t az = endpoint_pipe_az_[base + r.endpoint_subnet];
  if (az == kNone || az_severity_[az] <= 0 || !chance(az_severity_[az])) return false;
  // That AZ's endpoint ENI is gone: DNS hands out another AZ's, if any.
  const std::size_t n = std::max<std::size_t>(1, index_.endpoint(r.resource).subnets.size());
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t other = endpoint_pipe_az_[base + k];
    if (other != kNone && az_severity_[other] <= 0) {
      latency += config_.network.cross_az_latency;
      return false;
    }
  }
  return true;
}

Outcome NetworkModel::client_request(std::uint32_t subnet, std::int64_t bytes, SimTime hold) {
  if (subnet == kNone) return Outcome::kUnreachable;
  const Route& r = client_routes_[subnet];
  // A NAT or endpoint that is down (its own fault or its AZ's) drops the
  // request: the client times out, as with no route at all.
  SimTime unused{};  // clients get no latency model
  if (faults_active_ && path_down(r, unused)) return Outcome::kUnreachable;
  if (r.kind == RouteKind::kNat) {
    const std::uint32_t slot = r.resource * destinations_ + lambda_destination_;
    if (nat_conns_[slot] >= nat_limit_[r.resource]) return Outcome::kNatPortAllocation;
    hold = std::min(hold, index_.nat(r.resource).idle_timeout);
    if (hold > kTimeZero) {
      ++nat_conns_[slot];
      observer_.on_nat_connections(sim_.now(), r.resource, +1);
      sim_.post_in(hold, ev_client_release_, {.a = slot});
    }
    observer_.on_transfer(sim_.now(), TransferKind::kNat, r.resource, bytes);
  } else if (r.kind == RouteKind::kInterfaceEndpoint) {
    observer_.on_transfer(sim_.now(), TransferKind::kInterfaceEndpoint, r.resource, bytes);
  } else {
    return Outcome::kUnreachable;
  }
  if (r.cross_az) observer_.on_transfer(sim_.now(), TransferKind::kCrossAz, subnet, bytes);
  return Outcome::kSuccess;
}

}  // namespace lambdasim
