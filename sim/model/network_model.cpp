#include "network_model.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "lambdasim/model/resolve.hpp"

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

// Checks what the event payloads and the pooled-connection set rely on, and
// that the names are resolved, before any part reads an index.
const ModelConfig& checked(const ModelConfig& config) {
  if (config.functions.size() > kMaxFunctions) {
    throw std::length_error("NetworkModel: too many functions for an event's payload");
  }
  for (const FunctionConfig& fc : config.functions) {
    if (fc.calls.size() > NetworkModel::kMaxCalls) {
      throw std::logic_error("function " + fc.name + ": more than 64 calls");
    }
  }
  check_names_resolved(config);
  return config;
}

// Calls per environment the DNS cache keeps: the most calls of a function
// with a call that resolves (indexed by call).
std::uint32_t dns_cache_width(const ModelConfig& config) {
  std::size_t width = 0;
  for (const FunctionConfig& fc : config.functions) {
    for (const CallConfig& call : fc.calls) {
      if (call.dns) width = std::max(width, fc.calls.size());
    }
  }
  return static_cast<std::uint32_t>(width);
}

}  // namespace

NetworkModel::NetworkModel(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
                           std::uint64_t seed, std::uint64_t replication)
    : sim_(sim),
      config_(checked(config)),
      observer_(observer),
      index_(config),
      creation_rng_(Rng::for_entity(seed, replication, "network/eni_creation")),
      quota_(config.network, index_),
      faults_(config, index_, resolved_az_count(config),
              Rng::for_entity(seed, replication, "faults")),
      hyperplane_(sim, config, observer, quota_, faults_, creation_rng_),
      per_execution_(sim, config, observer, quota_, faults_, creation_rng_),
      connections_(sim, config, index_, observer),
      pipes_(index_),
      routes_(config, index_),
      clients_(sim, config, index_, observer, connections_, faults_),
      dns_(config.network.dns),
      dns_cache_(dns_cache_width(config)) {
  for (std::uint32_t s = 0; s < index_.subnet_count(); ++s) {
    subnet_az_.push_back(index_.subnet(s).az_index);
  }
  for (const FunctionConfig& fc : config.functions) {
    subnets_.push_back(fc.vpc ? fc.vpc->subnet_indices : std::vector<std::uint32_t>{});
    environment_state_.push_back(std::any_of(
        fc.calls.begin(), fc.calls.end(), [](const CallConfig& c) { return c.dns.has_value(); }));
  }
  hyperplane_.add_functions();
  // Registration order is event-type order: keep it.
  hyperplane_.register_events();
  per_execution_.register_events();
  ev_connection_release_ = sim_.register_method<&NetworkModel::on_connection_release>(this);
  connections_.register_events();
}

// ---------------------------------------------------------------- placement

NetworkModel::Placement NetworkModel::place_in_service_vpc(Rng& rng) {
  Placement p;
  const auto n = static_cast<std::uint32_t>(std::max<std::size_t>(1, config_.account.azs.size()));
  if (!faults_.active()) {
    p.az = static_cast<std::uint32_t>(rng.below(n));
    return p;
  }
  // Lambda avoids AZs it knows are down; until it knows, placements there fail.
  std::uint32_t eligible[64];
  std::uint32_t count = 0;
  for (std::uint32_t a = 0; a < n && count < 64; ++a) {
    if (!faults_.az_known_down(a)) eligible[count++] = a;
  }
  if (count == 0) {
    p.refusal = Outcome::kAzFailure;
    return p;
  }
  p.az = eligible[rng.below(count)];
  if (faults_.az_fails(p.az)) p.refusal = Outcome::kAzFailure;
  return p;
}

bool NetworkModel::pick_slot(const std::vector<std::uint32_t>& subnets, Rng& rng, Placement& p) {
  const auto slots = static_cast<std::uint32_t>(subnets.size());
  if (!faults_.active()) {
    p.slot = static_cast<std::uint32_t>(rng.below(slots));
    return true;
  }
  std::uint32_t eligible[16];  // FunctionVpcConfig: at most 16 subnets
  std::uint32_t count = 0;
  for (std::uint32_t k = 0; k < slots && count < 16; ++k) {
    if (!faults_.az_known_down(subnet_az_[subnets[k]])) eligible[count++] = k;
  }
  if (count == 0) {
    p.refusal = Outcome::kAzFailure;
    return false;
  }
  p.slot = eligible[rng.below(count)];
  if (faults_.az_fails(subnet_az_[subnets[p.slot]])) {
    p.refusal = Outcome::kAzFailure;
    return false;
  }
  return true;
}

NetworkModel::Placement NetworkModel::place(FunctionIndex f, Rng& rng) {
  const std::vector<std::uint32_t>& subnets = subnets_[f];
  if (subnets.empty()) return place_in_service_vpc(rng);  // any of the region's AZs
  Placement p;
  if (!pick_slot(subnets, rng, p)) return p;
  p.subnet = subnets[p.slot];
  p.az = subnet_az_[p.subnet];
  if (config_.network.eni_model == EniModel::kHyperplane) return p;
  const PerExecutionEnis::Slot s = per_execution_.take(f, subnets, p.slot);
  if (s.refusal != Outcome::kSuccess) {
    p.refusal = s.refusal;
    return p;
  }
  p.slot = s.slot;
  p.subnet = subnets[s.slot];
  p.az = subnet_az_[p.subnet];
  p.eni = s.eni;
  p.delay = s.delay;
  return p;
}

// ------------------------------------------------------------------- calls

Outcome NetworkModel::acquire(FunctionIndex f, std::uint32_t slot, std::uint32_t c,
                              const Route& r) {
  const std::uint32_t t = config_.functions[f].calls[c].target_index;
  const bool hyperplane = hyperplane_.has_groups(f);
  // Every flow of a VPC function crosses its Hyperplane ENI.
  if (hyperplane && hyperplane_.make_room(hyperplane_.group(f, slot)) != Outcome::kSuccess) {
    return Outcome::kEniLimitReached;
  }
  const Outcome o = connections_.open(r, t);
  if (o != Outcome::kSuccess) return o;
  if (hyperplane) hyperplane_.count_connection(hyperplane_.group(f, slot), +1);
  return Outcome::kSuccess;
}

void NetworkModel::release(FunctionIndex f, std::uint32_t slot, std::uint32_t c) {
  connections_.close(routes_.route(f, slot, c), config_.functions[f].calls[c].target_index);
  if (hyperplane_.has_groups(f)) hyperplane_.count_connection(hyperplane_.group(f, slot), -1);
}

// Inlined into run_calls: it is on every call's path.
[[gnu::always_inline]] inline void NetworkModel::carry(FunctionIndex f, std::uint32_t slot,
                                                       const Route& r, std::int64_t bytes,
                                                       SimTime now, SimTime& latency) {
  if (r.kind == RouteKind::kNat) {
    // Bytes are offered to the pipe at the invocation's start, not at the
    // call's own (future) instant: a FIFO pipe must see requests in time
    // order, or one invocation's later calls would queue everyone else.
    latency += index_.nat(r.resource).added_latency + pipes_.nat(r.resource, now, bytes);
    observer_.on_transfer(now, TransferKind::kNat, r.resource, bytes);
  } else if (r.kind == RouteKind::kInterfaceEndpoint) {
    latency += pipes_.endpoint(r.resource, r.endpoint_subnet, now, bytes);
    observer_.on_transfer(now, TransferKind::kInterfaceEndpoint, r.resource, bytes);
  } else if (r.kind == RouteKind::kDirect) {
    observer_.on_transfer(now, TransferKind::kInternet, 0, bytes);
  }
  if (r.cross_az) {
    latency += config_.network.cross_az_latency;
    observer_.on_transfer(now, TransferKind::kCrossAz, subnets_[f].empty() ? 0 : subnets_[f][slot],
                          bytes);
  }
}

DnsLookup NetworkModel::look_up(FunctionIndex f, std::uint32_t slot, Caller caller, std::uint32_t c,
                                SimTime ttl, SimTime now) {
  if (subnets_[f].empty() || dns_cache_.fresh(caller.env, c, now)) return {};
  std::uint32_t interface = caller.eni;  // per-execution: the environment's own ENI
  int enis = 1;
  if (hyperplane_.has_groups(f)) {  // shared by the (subnet, security groups) group
    interface = hyperplane_.group(f, slot);
    enis = std::max(1, hyperplane_.enis(interface));
  } else if (interface == kNone) {
    return {};
  }
  const DnsLookup r = dns_.resolve(interface, enis, now);
  count_lookup(observer_, now, f, r);
  if (!r.failed) dns_cache_.store(caller.env, c, now + r.delay, ttl);
  return r;
}

// Inlined into run_calls: it is on every new connection's path.
[[gnu::always_inline]] inline Outcome NetworkModel::open(FunctionIndex f, std::uint32_t slot,
                                                         Caller caller, std::uint32_t c,
                                                         const Route& r, SimTime now,
                                                         SimTime budget, SimTime& t) {
  const CallConfig& call = config_.functions[f].calls[c];
  if (call.dns) {  // the name is resolved before connecting
    const DnsLookup d = look_up(f, slot, caller, c, call.dns->ttl, now);
    t += d.delay;
    if (t >= budget) return Outcome::kTimeout;
    if (d.failed) return Outcome::kDnsTimeout;
  }
  return acquire(f, slot, c, r);
}

namespace {

// The calls stop at call `processed` (exclusive): its connection, if any, is
// open, and pooled ones up to there are.
NetworkModel::CallsResult stop(SimTime duration, Outcome outcome, std::uint32_t processed,
                               PooledConnections& pooled) {
  pooled.open = std::max(pooled.open, processed);
  return NetworkModel::CallsResult{duration, outcome, processed};
}

}  // namespace

NetworkModel::CallsResult NetworkModel::run_calls(FunctionIndex f, std::uint32_t slot,
                                                  Caller caller, PooledConnections& pooled,
                                                  SimTime budget, Rng& rng) {
  const FunctionConfig& fc = config_.functions[f];
  const auto n = static_cast<std::uint32_t>(fc.calls.size());
  const SimTime now = sim_.now();
  SimTime t{};
  for (std::uint32_t c = 0; c < n; ++c) {
    const CallConfig& call = fc.calls[c];
    const Route& r = routes_.route(f, slot, c);
    if (r.kind == RouteKind::kUnreachable) {
      // Packets are dropped: no error comes back, the call hangs.
      t += call.connect_timeout.value_or(budget);
      return stop(std::min(t, budget), Outcome::kCallTimeout, c, pooled);
    }
    const std::uint64_t bit = std::uint64_t{1} << c;
    if (call.connection == ConnectionMode::kNew || c >= pooled.open ||
        (pooled.nat_closed & bit) != 0) {
      const Outcome o = open(f, slot, caller, c, r, now, budget, t);
      if (o != Outcome::kSuccess) return stop(std::min(t, budget), o, c, pooled);
      pooled.nat_closed &= ~bit;
    }
    SimTime latency = std::max(kTimeZero, config_.targets[call.target_index].latency.sample(rng));
    if (faults_.active()) {
      const CallFault effect = faults_.on_call(call.target_index, r, latency);
      if (effect != CallFault::kNone) {
        if (effect == CallFault::kHang) t += call.connect_timeout.value_or(budget);
        return stop(std::min(t, budget),
                    effect == CallFault::kHang ? Outcome::kCallTimeout : Outcome::kTargetRefused,
                    c + 1, pooled);
      }
    }
    carry(f, slot, r, call.bytes_out + call.bytes_in, now, latency);
    t += latency;
    // end_calls releases only per-invocation connections.
    if (t >= budget) return stop(budget, Outcome::kTimeout, c + 1, pooled);
  }
  pooled.open = n;
  return CallsResult{t, Outcome::kSuccess, n};
}

void NetworkModel::end_calls(FunctionIndex f, std::uint32_t slot, std::uint32_t processed) {
  const FunctionConfig& fc = config_.functions[f];
  for (std::uint32_t c = 0; c < processed; ++c) {
    const CallConfig& call = fc.calls[c];
    if (call.connection != ConnectionMode::kNew) continue;
    SimTime hold = call.hold;
    if (hold > kTimeZero) {
      const Route& r = routes_.route(f, slot, c);
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
  const auto calls = static_cast<std::uint32_t>(fc.calls.size());
  for (std::uint32_t c = 0; c < std::min(pooled.open, calls); ++c) {
    const std::uint64_t bit = std::uint64_t{1} << c;
    if (fc.calls[c].connection != ConnectionMode::kPooled || (pooled.nat_closed & bit) != 0) {
      continue;
    }
    if (routes_.route(f, slot, c).kind != RouteKind::kNat) continue;
    release(f, slot, c);
    pooled.nat_closed |= bit;
  }
}

void NetworkModel::on_connection_release(const EventArgs& args) {
  release(static_cast<FunctionIndex>(args.a >> (kSlotBits + kCallBits)),
          static_cast<std::uint32_t>(args.a >> kCallBits),
          static_cast<std::uint32_t>(args.a & ((1U << kCallBits) - 1)));
}

}  // namespace lambdasim
