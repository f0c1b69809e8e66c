#include "client_routing.hpp"

#include <algorithm>

namespace lambdasim {

ClientRouting::ClientRouting(Simulation& sim, const ModelConfig& config, const NetworkIndex& index,
                             ModelObserver& observer, ConnectionTable& connections,
                             FaultState& faults)
    : sim_(sim), index_(index), observer_(observer), connections_(connections), faults_(faults) {
  for (std::uint32_t s = 0; s < index.subnet_count(); ++s) {
    routes_.push_back(resolve_client_route(config, index, s));
  }
}

Outcome ClientRouting::request(std::uint32_t subnet, std::int64_t bytes, SimTime hold) {
  if (subnet == kNoIndex) return Outcome::kUnreachable;
  const Route& r = routes_[subnet];
  // A NAT or endpoint that is down (its own fault or its AZ's) drops the
  // request: the client times out, as with no route at all.
  SimTime unused{};  // clients get no latency model
  if (faults_.active() && faults_.path_down(r, unused)) return Outcome::kUnreachable;
  if (r.kind == RouteKind::kNat) {
    const Outcome o =
        connections_.open_client(r.resource, std::min(hold, index_.nat(r.resource).idle_timeout));
    if (o != Outcome::kSuccess) return o;
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
