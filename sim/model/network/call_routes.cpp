#include "call_routes.hpp"

#include <algorithm>

namespace lambdasim {

CallRoutes::CallRoutes(const ModelConfig& config, const NetworkIndex& index) {
  for (const FunctionConfig& fc : config.functions) {
    Function fn;
    fn.base = static_cast<std::uint32_t>(routes_.size());
    fn.calls = static_cast<std::uint32_t>(fc.calls.size());
    const std::vector<std::uint32_t> none{kNoIndex};  // the service VPC: one slot
    const std::vector<std::uint32_t>& subnets =
        fc.vpc && !fc.vpc->subnet_indices.empty() ? fc.vpc->subnet_indices : none;
    // The NAT drops a connection idle past its timeout, pooled ones included.
    bool any_pooled_nat = false;
    std::vector<SimTime> pooled_nat_idle(subnets.size(), kTimeInfinity);
    for (std::size_t slot = 0; slot < subnets.size(); ++slot) {
      for (const CallConfig& call : fc.calls) {
        const Route& r = routes_.emplace_back(
            resolve_route(config, index, fc, subnets[slot], config.targets[call.target_index]));
        if (call.connection != ConnectionMode::kPooled || r.kind != RouteKind::kNat) continue;
        pooled_nat_idle[slot] = std::min(pooled_nat_idle[slot], index.nat(r.resource).idle_timeout);
        any_pooled_nat = true;
      }
    }
    if (any_pooled_nat) fn.pooled_nat_idle = std::move(pooled_nat_idle);
    functions_.push_back(std::move(fn));
  }
}

}  // namespace lambdasim
