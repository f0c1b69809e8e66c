// The route of every call of every function from each of its subnets
// (slots), resolved once (routes.hpp), and the shortest NAT idle timeout
// among each slot's pooled connections through a NAT.
// Private to the network model (sim/model/network/).
#pragma once

#include <cstdint>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

class CallRoutes {
 public:
  CallRoutes(const ModelConfig& config, const NetworkIndex& index);

  const Route& route(FunctionIndex f, std::uint32_t slot, std::uint32_t call) const {
    const Function& fn = functions_[f];
    return routes_[fn.base + slot * fn.calls + call];
  }
  // kTimeInfinity when no pooled call of `f` goes through a NAT.
  SimTime pooled_nat_idle(FunctionIndex f, std::uint32_t slot) const {
    const Function& fn = functions_[f];
    return fn.pooled_nat_idle.empty() ? kTimeInfinity : fn.pooled_nat_idle[slot];
  }

 private:
  struct Function {
    std::uint32_t base = 0;  // routes_[base + slot * calls + call]
    std::uint32_t calls = 0;
    std::vector<SimTime> pooled_nat_idle;  // per slot; empty if no pooled call uses a NAT
  };

  std::vector<Route> routes_;
  std::vector<Function> functions_;
};

}  // namespace lambdasim
