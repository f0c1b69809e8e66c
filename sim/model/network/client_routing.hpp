// Invocations from clients inside a VPC (arrival sources with a subnet):
// their request reaches the Lambda API through the VPC's Lambda interface
// endpoint, else the subnet's NAT, else nowhere. Counts the bytes and, through
// a NAT, the port each request holds. Private to the network model
// (sim/model/network/).
#pragma once

#include <cstdint>
#include <vector>

#include "connection_table.hpp"
#include "fault_state.hpp"
#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/observer.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

class ClientRouting {
 public:
  ClientRouting(Simulation& sim, const ModelConfig& config, const NetworkIndex& index,
                ModelObserver& observer, ConnectionTable& connections, FaultState& faults);

  // A request from global `subnet` (kNoIndex: none) of `bytes` (request and
  // response), holding a NAT port for `hold` (cut at the NAT's idle timeout).
  // kUnreachable without a route or when it is down; kNatPortAllocation when
  // the NAT has no port left.
  Outcome request(std::uint32_t subnet, std::int64_t bytes, SimTime hold);

 private:
  Simulation& sim_;
  const NetworkIndex& index_;
  ModelObserver& observer_;
  ConnectionTable& connections_;
  FaultState& faults_;
  std::vector<Route> routes_;  // per global subnet
};

}  // namespace lambdasim
