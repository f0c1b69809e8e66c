// Bandwidth of NAT gateways and interface endpoints (one pipe per endpoint
// subnet, i.e. per AZ): FIFO servers whose capacity doubles after a saturated
// interval, up to a maximum (AWS documents the range, not the pace).
// Private to the network model (sim/model/network/).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

struct Pipe {  // a FIFO server of `capacity_bps` bits per second
  double capacity_bps = 0;
  double max_bps = 0;
  SimTime busy_until{};
  SimTime next_check{};
  SimTime interval{};
  bool saturated = false;

  // Queues `bytes` offered at `now`; returns the time until they are through.
  SimTime transfer(SimTime now, std::int64_t bytes) {
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
};

class BandwidthPipes {
 public:
  explicit BandwidthPipes(const NetworkIndex& index) {
    for (std::uint32_t n = 0; n < index.nat_count(); ++n) {
      const NatGatewayConfig& nat = index.nat(n);
      nat_.push_back(Pipe{nat.bandwidth_gbps * 1e9, nat.max_bandwidth_gbps * 1e9, kTimeZero,
                          kTimeZero, nat.bandwidth_scale_interval, false});
    }
    for (std::uint32_t e = 0; e < index.endpoint_count(); ++e) {
      const InterfaceEndpointConfig& ep = index.endpoint(e);
      endpoint_base_.push_back(static_cast<std::uint32_t>(endpoint_.size()));
      for (std::size_t k = 0; k < std::max<std::size_t>(1, ep.subnets.size()); ++k) {
        endpoint_.push_back(Pipe{ep.bandwidth_gbps * 1e9, ep.max_bandwidth_gbps * 1e9, kTimeZero,
                                 kTimeZero, seconds(60), false});
      }
    }
  }

  SimTime nat(std::uint32_t nat, SimTime now, std::int64_t bytes) {
    return nat_[nat].transfer(now, bytes);
  }
  // Through the ENI in the endpoint's `subnet`-th subnet.
  SimTime endpoint(std::uint32_t endpoint, std::uint32_t subnet, SimTime now, std::int64_t bytes) {
    return endpoint_[endpoint_base_[endpoint] + subnet].transfer(now, bytes);
  }

 private:
  std::vector<Pipe> nat_;
  std::vector<std::uint32_t> endpoint_base_;
  std::vector<Pipe> endpoint_;
};

}  // namespace lambdasim
