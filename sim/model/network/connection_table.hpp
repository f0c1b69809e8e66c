// Open connections that hold a limited resource: NAT ports per (NAT,
// destination) (55,000 per IP per unique destination, AWS) and connections
// to private targets with a maximum. Calls open and close them; in-VPC
// clients hold a NAT port to the Lambda API for a while. The Hyperplane
// ENIs' own connection counts live with them (hyperplane_enis.hpp).
// Private to the network model (sim/model/network/).
#pragma once

#include <cstdint>
#include <vector>

#include "lambdasim/kernel/invariant.hpp"
#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/observer.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

class ConnectionTable {
 public:
  ConnectionTable(Simulation& sim, const ModelConfig& config, const NetworkIndex& index,
                  ModelObserver& observer);
  void register_events();  // a client's NAT port released

  // A call's connection to `target` by route `r`: a NAT port, or a place at
  // a private target; kNatPortAllocation / kTargetRefused when none is left.
  Outcome open(const Route& r, std::uint32_t target) {
    if (r.kind == RouteKind::kNat) {
      int& n = nat_conns_[r.resource * destinations_ + target];
      if (n >= nat_limit_[r.resource]) return Outcome::kNatPortAllocation;
      ++n;
      observer_.on_nat_connections(sim_.now(), r.resource, +1);
    } else if (r.kind == RouteKind::kPrivate) {
      const int limit = config_.targets[target].max_connections;
      if (limit > 0 && target_conns_[target] >= limit) return Outcome::kTargetRefused;
      ++target_conns_[target];
    }
    return Outcome::kSuccess;
  }
  void close(const Route& r, std::uint32_t target) {
    if (r.kind == RouteKind::kNat) {
      int& n = nat_conns_[r.resource * destinations_ + target];
      --n;
      LAMBDASIM_INVARIANT(n >= 0, "NAT connections went negative");
      observer_.on_nat_connections(sim_.now(), r.resource, -1);
    } else if (r.kind == RouteKind::kPrivate) {
      --target_conns_[target];
      LAMBDASIM_INVARIANT(target_conns_[target] >= 0, "target connections went negative");
    }
  }
  // An in-VPC client's request through `nat` holds a port to the Lambda API
  // for `hold` (already cut at the NAT's idle timeout; 0 = none taken).
  Outcome open_client(std::uint32_t nat, SimTime hold);

  int nat_connections(std::uint32_t nat, std::uint32_t destination) const {
    return nat_conns_[nat * destinations_ + destination];
  }
  std::uint32_t lambda_destination() const { return lambda_destination_; }
  int target_connections(std::uint32_t target) const { return target_conns_[target]; }
  // Over every NAT and destination, clients' ports included; over every target.
  std::int64_t nat_connections_total() const { return sum(nat_conns_); }
  std::int64_t target_connections_total() const { return sum(target_conns_); }

 private:
  void on_client_release(const EventArgs& args);
  static std::int64_t sum(const std::vector<int>& counts) {
    std::int64_t n = 0;
    for (const int c : counts) n += c;
    return n;
  }

  Simulation& sim_;
  const ModelConfig& config_;
  ModelObserver& observer_;
  // NAT destinations: the targets, then the Lambda API (unless a target is it).
  std::uint32_t destinations_ = 0;
  std::uint32_t lambda_destination_ = 0;
  std::vector<int> nat_conns_;  // [nat * destinations_ + destination]
  std::vector<int> nat_limit_;  // per NAT
  std::vector<int> target_conns_;
  EventType ev_client_release_ = 0;
};

}  // namespace lambdasim
