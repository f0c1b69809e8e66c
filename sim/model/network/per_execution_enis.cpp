#include "per_execution_enis.hpp"

#include <algorithm>

namespace lambdasim {

PerExecutionEnis::PerExecutionEnis(Simulation& sim, const ModelConfig& config,
                                   ModelObserver& observer, EniQuota& quota, FaultState& faults,
                                   Rng& creation_rng)
    : sim_(sim),
      config_(config),
      observer_(observer),
      quota_(quota),
      faults_(faults),
      creation_rng_(creation_rng),
      api_tokens_(config.network.eni_api_burst) {
  // docs/aws-facts.md#eni-legacy-sizing: ENIs ~ peak concurrency x memory / 3 GB.
  constexpr int kEniMemoryMb = 3072;
  for (const FunctionConfig& fc : config.functions) {
    const std::size_t slots = fc.vpc ? fc.vpc->subnet_indices.size() : 0;
    groups_.emplace_back(slots);
    const int memory_mb = std::clamp(fc.memory_mb, 1, kEniMemoryMb);
    Packing p;
    if (config.network.per_execution_eni_packing == EniPacking::kMemory) {
      // An environment above 3 GB takes a whole ENI: the formula dates from
      // a 3 GB maximum, and one environment has one ENI.
      p.units_per_env = memory_mb;
      p.units_per_eni = kEniMemoryMb;
      p.max_per_eni = (kEniMemoryMb + memory_mb - 1) / memory_mb;
    } else {
      p.max_per_eni = kEniMemoryMb / memory_mb;
      p.units_per_eni = p.max_per_eni;
    }
    packing_.push_back(p);
  }
}

void PerExecutionEnis::register_events() {
  ev_ready_ = sim_.register_method<&PerExecutionEnis::on_ready>(this);
  ev_release_ = sim_.register_method<&PerExecutionEnis::on_release>(this);
}

void PerExecutionEnis::unlink(std::uint32_t e) {
  Eni& eni = enis_[e];
  if (!eni.in_free_list) return;
  if (eni.prev != kNoIndex)
    enis_[eni.prev].next = eni.next;
  else
    head(eni) = eni.next;
  if (eni.next != kNoIndex) enis_[eni.next].prev = eni.prev;
  eni.prev = eni.next = kNoIndex;
  eni.in_free_list = false;
}

void PerExecutionEnis::push(std::uint32_t e) {
  Eni& eni = enis_[e];
  if (eni.in_free_list) return;
  std::uint32_t& first = head(eni);
  eni.prev = kNoIndex;
  eni.next = first;
  if (first != kNoIndex) enis_[first].prev = e;
  first = e;
  eni.in_free_list = true;
}

bool PerExecutionEnis::api_allows(SimTime now) {
  const NetworkConfig& net = config_.network;
  api_tokens_ = std::min<double>(
      net.eni_api_burst,
      api_tokens_ + to_seconds(now - api_last_) * net.eni_api_rate_per_s / faults_.api_factor());
  api_last_ = now;
  if (api_tokens_ < 1) return false;
  api_tokens_ -= 1;
  return true;
}

PerExecutionEnis::Slot PerExecutionEnis::take(FunctionIndex f,
                                              const std::vector<std::uint32_t>& subnets,
                                              std::uint32_t first) {
  const SimTime now = sim_.now();
  const auto slots = static_cast<std::uint32_t>(subnets.size());
  bool api_checked = false;
  Slot out;
  for (std::uint32_t k = 0; k < slots; ++k) {
    const std::uint32_t slot = (first + k) % slots;
    const std::uint32_t subnet = subnets[slot];
    Group& g = groups_[f][slot];
    if (g.head != kNoIndex && g.envs < packing_[f].capacity(g.enis)) {
      const std::uint32_t e = g.head;
      Eni& eni = enis_[e];
      if (eni.held) {
        eni.held = false;
        --g.held;
      }
      ++g.envs;
      if (++eni.used >= packing_[f].max_per_eni) unlink(e);
      return Slot{Outcome::kSuccess, slot, e, std::max(kTimeZero, eni.ready_at - now)};
    }
    if (!api_checked) {
      api_checked = true;
      // With the quota reached Lambda makes no EC2 call (no API token spent):
      // ENILimitReachedException at once. The quota is the region's, so one
      // check covers every subnet.
      if (quota_.quota_reached(subnet, /*count_vpc_quota=*/false)) {
        out.refusal = Outcome::kEniLimitReached;
        return out;
      }
      if (!api_allows(now)) {
        out.refusal = Outcome::kEc2Throttled;
        return out;
      }
    }
    Outcome o = faults_.eni_creation();
    if (o == Outcome::kSuccess) o = quota_.add(subnet, /*count_vpc_quota=*/false);
    if (o == Outcome::kSubnetIpLimitReached) continue;
    if (o != Outcome::kSuccess) {
      out.refusal = o;
      return out;
    }
    SimTime creation{};
    const std::uint32_t e = create(f, slot, subnet, now, creation);
    return Slot{Outcome::kSuccess, slot, e, creation};
  }
  out.refusal = Outcome::kSubnetIpLimitReached;
  return out;
}

std::uint32_t PerExecutionEnis::create(FunctionIndex f, std::uint32_t slot, std::uint32_t subnet,
                                       SimTime now, SimTime& creation) {
  std::uint32_t e = free_;
  if (e != kNoIndex) {
    free_ = enis_[e].next;
  } else {
    e = static_cast<std::uint32_t>(enis_.size());
    enis_.emplace_back();
  }
  Eni& eni = enis_[e];
  const std::uint32_t generation = eni.generation + 1;
  eni = Eni{};
  eni.generation = generation;
  eni.creating = true;
  eni.function = f;
  eni.slot = slot;
  eni.subnet = subnet;
  eni.used = 1;
  eni.alive = true;
  Group& g = group(eni);
  ++g.enis;
  ++g.envs;
  creation = from_seconds(
      std::max(0.0, config_.network.per_execution_creation.seconds().sample(creation_rng_)) *
      faults_.api_factor());
  eni.ready_at = now + creation;
  if (eni.used < packing_[f].max_per_eni) push(e);
  observer_.on_eni_change(now, subnet, 0, +1);
  sim_.post_at(eni.ready_at, ev_ready_, {.a = (std::uint64_t{generation} << 32) | e});
  return e;
}

void PerExecutionEnis::on_ready(const EventArgs& args) {
  Eni& eni = enis_[static_cast<std::uint32_t>(args.a)];
  // Deleted while being created (its environment went first): nothing to do.
  if (!eni.alive || eni.generation != static_cast<std::uint32_t>(args.a >> 32)) return;
  eni.creating = false;
  observer_.on_eni_change(sim_.now(), eni.subnet, +1, -1);
}

std::int64_t PerExecutionEnis::alive() const {
  std::int64_t n = 0;
  for (const Eni& e : enis_) n += e.alive ? 1 : 0;
  return n;
}

void PerExecutionEnis::give_back(std::uint32_t e) {
  Eni& eni = enis_[e];
  Group& g = group(eni);
  --eni.used;
  --g.envs;
  LAMBDASIM_INVARIANT(eni.used >= 0 && g.envs >= 0,
                      "a per-execution ENI released more environments than it held");
  push(e);
  if (g.held > 0) release_held(eni.function, g);
  if (eni.used > 0) return;
  eni.idle_since = sim_.now();
  if (!eni.release_pending) {
    eni.release_pending = true;
    sim_.post_in(config_.network.per_execution_release_after, ev_release_, {.a = e});
  }
}

void PerExecutionEnis::on_release(const EventArgs& args) {
  const auto e = static_cast<std::uint32_t>(args.a);
  Eni& eni = enis_[e];
  eni.release_pending = false;
  if (!eni.alive || eni.used > 0) return;
  const SimTime due = eni.idle_since + config_.network.per_execution_release_after;
  if (sim_.now() < due) {  // reused and idle again since: wait for the new deadline
    eni.release_pending = true;
    sim_.post_at(due, ev_release_, args);
    return;
  }
  Group& g = group(eni);
  if (g.envs > packing_[eni.function].capacity(g.enis - 1)) {
    // Its memory is still carried (memory packing): deleted when an
    // environment of the group leaves (release_held).
    if (!eni.held) {
      eni.held = true;
      ++g.held;
    }
    return;
  }
  release(e);
}

void PerExecutionEnis::release(std::uint32_t e) {
  Eni& eni = enis_[e];
  Group& g = group(eni);
  unlink(e);
  eni.alive = false;
  --g.enis;
  if (eni.held) {
    eni.held = false;
    --g.held;
  }
  quota_.remove(eni.subnet);
  if (eni.creating) {
    eni.creating = false;
    observer_.on_eni_change(sim_.now(), eni.subnet, 0, -1);
  } else {
    observer_.on_eni_change(sim_.now(), eni.subnet, -1, 0);
  }
  eni.next = free_;
  free_ = e;
}

void PerExecutionEnis::release_held(FunctionIndex f, Group& g) {
  // Held ENIs hold no environment, so they are on the free list.
  std::uint32_t e = g.head;
  while (g.held > 0 && e != kNoIndex && g.envs <= packing_[f].capacity(g.enis - 1)) {
    const std::uint32_t next = enis_[e].next;
    if (enis_[e].held) release(e);
    e = next;
  }
}

}  // namespace lambdasim
