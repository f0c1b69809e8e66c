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
  for (const FunctionConfig& fc : config.functions) {
    const std::size_t slots = fc.vpc ? fc.vpc->subnet_indices.size() : 0;
    heads_.emplace_back(slots, kNoIndex);
    envs_per_eni_.push_back(std::max(1, 3072 / std::max(1, fc.memory_mb)));  // AWS: 3 GB / memory
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
    if (const std::uint32_t e = heads_[f][slot]; e != kNoIndex) {
      Eni& eni = enis_[e];
      if (++eni.used >= eni.capacity) unlink(e);
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
  eni = Eni{};
  eni.function = f;
  eni.slot = slot;
  eni.subnet = subnet;
  eni.used = 1;
  eni.capacity = envs_per_eni_[f];
  eni.alive = true;
  creation = from_seconds(
      std::max(0.0, config_.network.per_execution_creation.seconds().sample(creation_rng_)) *
      faults_.api_factor());
  eni.ready_at = now + creation;
  if (eni.used < eni.capacity) push(e);
  observer_.on_eni_change(now, subnet, 0, +1);
  sim_.post_at(eni.ready_at, ev_ready_, {.a = e});
  return e;
}

void PerExecutionEnis::on_ready(const EventArgs& args) {
  observer_.on_eni_change(sim_.now(), enis_[args.a].subnet, +1, -1);
}

void PerExecutionEnis::give_back(std::uint32_t e) {
  Eni& eni = enis_[e];
  --eni.used;
  push(e);
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
  unlink(e);
  eni.alive = false;
  quota_.remove(eni.subnet);
  observer_.on_eni_change(sim_.now(), eni.subnet, -1, 0);
  eni.next = free_;
  free_ = e;
}

}  // namespace lambdasim
