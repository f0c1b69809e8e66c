#include "fault_state.hpp"

#include <algorithm>
#include <stdexcept>

namespace lambdasim {

FaultState::FaultState(const ModelConfig& config, const NetworkIndex& index, std::uint32_t az_count,
                       Rng rng)
    : config_(config), rng_(rng) {
  for (std::uint32_t n = 0; n < index.nat_count(); ++n) {
    const NatGatewayConfig& nat = index.nat(n);
    nat_az_.push_back(nat.regional ? kNoIndex : nat.az_index);
  }
  for (std::uint32_t e = 0; e < index.endpoint_count(); ++e) {
    const InterfaceEndpointConfig& ep = index.endpoint(e);
    endpoint_az_base_.push_back(static_cast<std::uint32_t>(endpoint_az_.size()));
    if (ep.subnet_indices.empty()) endpoint_az_.push_back(kNoIndex);
    for (std::uint32_t g : ep.subnet_indices) {
      endpoint_az_.push_back(g == kNoIndex ? kNoIndex : index.subnet(g).az_index);
    }
  }
  for (const TargetConfig& t : config.targets) target_az_.push_back(t.az_index);
  on_.assign(config.faults.timeline.size(), false);
  detected_.assign(config.faults.timeline.size(), false);
  az_severity_.assign(az_count, 0.0);
  az_known_down_.assign(az_count, false);
  nat_down_.assign(index.nat_count(), false);
  endpoint_down_.assign(index.endpoint_count(), false);
  target_refuse_.assign(config.targets.size(), 0.0);
  target_timeout_.assign(config.targets.size(), 0.0);
  target_latency_.assign(config.targets.size(), kTimeZero);
}

void FaultState::begin(std::uint32_t index) {
  on_[index] = true;
  recompute();
}

void FaultState::end(std::uint32_t index) {
  on_[index] = false;
  detected_[index] = false;
  recompute();
}

void FaultState::detected(std::uint32_t index) {
  if (!on_[index]) return;
  detected_[index] = true;
  recompute();
}

void FaultState::recompute() {
  std::fill(az_severity_.begin(), az_severity_.end(), 0.0);
  std::fill(az_known_down_.begin(), az_known_down_.end(), false);
  std::fill(nat_down_.begin(), nat_down_.end(), false);
  std::fill(endpoint_down_.begin(), endpoint_down_.end(), false);
  std::fill(target_refuse_.begin(), target_refuse_.end(), 0.0);
  std::fill(target_timeout_.begin(), target_timeout_.end(), 0.0);
  std::fill(target_latency_.begin(), target_latency_.end(), kTimeZero);
  eni_failure_ = 0;
  api_factor_ = 1;
  active_ = false;
  const auto& timeline = config_.faults.timeline;
  for (std::uint32_t i = 0; i < timeline.size(); ++i) {
    if (!on_[i]) continue;
    active_ = true;
    apply(timeline[i], detected_[i]);
  }
}

void FaultState::apply(const FaultConfig& fault, bool detected) {
  switch (fault.kind) {
    case FaultKind::kAzOutage: {
      const std::uint32_t az = fault.az_index;
      az_severity_[az] = std::max(az_severity_[az], fault.severity);
      // Lambda stops placing there once it knows; a partial impairment is never
      // taken out of rotation (placements keep failing at `severity`).
      if (detected && fault.severity >= 1.0) az_known_down_[az] = true;
      return;
    }
    case FaultKind::kNatFailure:
      if (fault.resource_index != kNoIndex) nat_down_[fault.resource_index] = true;
      return;
    case FaultKind::kEndpointFailure:
      if (fault.resource_index != kNoIndex) endpoint_down_[fault.resource_index] = true;
      return;
    case FaultKind::kEniCreationFailure:
      eni_failure_ = std::max(eni_failure_, fault.severity);
      return;
    case FaultKind::kEniApiThrottle:
      api_factor_ = std::max(api_factor_, fault.severity);
      return;
    case FaultKind::kLatency:
      if (fault.target_index != kNoIndex)
        target_latency_[fault.target_index] += fault.extra_latency;
      return;
    case FaultKind::kTargetOutage: {
      if (fault.target_index == kNoIndex) return;
      double& p = fault.mode == TargetOutageMode::kRefuse ? target_refuse_[fault.target_index]
                                                          : target_timeout_[fault.target_index];
      p = std::max(p, fault.severity);
      return;
    }
  }
  throw std::logic_error("FaultState::apply: a fault kind without its effect");
}

CallFault FaultState::on_call(std::uint32_t t, const Route& r, SimTime& latency) {
  latency += target_latency_[t];
  if (target_refuse_[t] > 0 && chance(target_refuse_[t])) return CallFault::kRefused;
  if (target_timeout_[t] > 0 && chance(target_timeout_[t])) return CallFault::kHang;
  switch (r.kind) {
    case RouteKind::kNat:
    case RouteKind::kInterfaceEndpoint:
      return path_down(r, latency) ? CallFault::kHang : CallFault::kNone;
    case RouteKind::kPrivate: {
      const std::uint32_t az = target_az_[t];
      return az != kNoIndex && az_fails(az) ? CallFault::kHang : CallFault::kNone;
    }
    default:
      return CallFault::kNone;
  }
}

bool FaultState::path_down(const Route& r, SimTime& latency) {
  if (r.kind == RouteKind::kNat) {
    if (nat_down_[r.resource]) return true;
    const std::uint32_t az = nat_az_[r.resource];
    return az != kNoIndex && az_fails(az);
  }
  if (r.kind != RouteKind::kInterfaceEndpoint) return false;
  if (endpoint_down_[r.resource]) return true;
  const std::uint32_t base = endpoint_az_base_[r.resource];
  const std::uint32_t az = endpoint_az_[base + r.endpoint_subnet];
  if (az == kNoIndex || !az_fails(az)) return false;
  // That AZ's endpoint ENI is gone: DNS hands out another AZ's, if any.
  const std::uint32_t end = r.resource + 1 < endpoint_az_base_.size()
                                ? endpoint_az_base_[r.resource + 1]
                                : static_cast<std::uint32_t>(endpoint_az_.size());
  for (std::uint32_t k = base; k < end; ++k) {
    const std::uint32_t other = endpoint_az_[k];
    if (other != kNoIndex && az_severity_[other] <= 0) {
      latency += config_.network.cross_az_latency;
      return false;
    }
  }
  return true;
}

}  // namespace lambdasim
