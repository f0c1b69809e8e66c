// What the active faults do to the network, recomputed when one starts or
// ends: AZ severity and "known down", NATs and endpoints down, targets that
// refuse, time out or are slow, ENI creation failures and the EC2 API
// throttle factor. One `case` per fault kind in apply() says what that kind
// does; the query functions below are what placement and calls consult.
// Private to the network model (sim/model/network/).
#pragma once

#include <cstdint>
#include <vector>

#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/outcome.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

// The effect of the active faults on one call.
enum class CallFault : std::uint8_t {
  kNone,     // the call goes through (perhaps slower)
  kHang,     // packets dropped: it hangs until its connect timeout
  kRefused,  // the target refuses the connection
};

class FaultState {
 public:
  FaultState(const ModelConfig& config, const NetworkIndex& index, std::uint32_t az_count, Rng rng);

  // Fault `index` of the timeline starts, ends, or (an AZ outage) is detected.
  void begin(std::uint32_t index);
  void end(std::uint32_t index);
  void detected(std::uint32_t index);

  // What one active fault does, on top of the others: one `case` per kind
  // (the fault-kind table, fault_kinds.hpp, holds the rest of a kind's
  // spec; -Wswitch makes a kind without its case a compile error).
  // `detected`: the detection delay has passed (AZ outages).
  void apply(const FaultConfig& fault, bool detected);

  bool active() const { return active_; }
  double az_severity(std::uint32_t az) const { return az_severity_[az]; }
  bool az_known_down(std::uint32_t az) const { return az_known_down_[az]; }
  // Does a placement in `az` fail? An outage of severity s fails a fraction s.
  bool az_fails(std::uint32_t az) {
    const double s = az_severity_[az];
    return s > 0 && chance(s);
  }
  // The factor the EC2 ENI API rate is divided by, creation time multiplied by.
  double api_factor() const { return api_factor_; }
  // kEniCreationFailed when an active fault refuses an ENI creation.
  Outcome eni_creation() {
    if (active_ && eni_failure_ > 0 && chance(eni_failure_)) return Outcome::kEniCreationFailed;
    return Outcome::kSuccess;
  }
  // Effect on one call to `target` by route `r`; adds latency.
  CallFault on_call(std::uint32_t target, const Route& r, SimTime& latency);
  // Is a NAT or endpoint route cut by an active fault (its resource or its
  // AZ)? An endpoint falling back to another AZ's ENI adds cross-AZ latency.
  bool path_down(const Route& r, SimTime& latency);

 private:
  bool chance(double p) { return p >= 1.0 || (p > 0 && rng_.uniform01() < p); }
  void recompute();

  const ModelConfig& config_;
  bool active_ = false;
  std::vector<bool> on_;        // per fault of the timeline
  std::vector<bool> detected_;  // per fault: detection delay passed
  // Topology: the AZ of each NAT (kNoIndex: regional), of each endpoint's
  // ENIs (endpoint_az_base_[e] + k), of each target (kNoIndex: any).
  std::vector<std::uint32_t> nat_az_;
  std::vector<std::uint32_t> endpoint_az_base_;
  std::vector<std::uint32_t> endpoint_az_;
  std::vector<std::uint32_t> target_az_;
  // State.
  std::vector<double> az_severity_;
  std::vector<bool> az_known_down_;
  std::vector<bool> nat_down_;
  std::vector<bool> endpoint_down_;
  std::vector<double> target_refuse_;
  std::vector<double> target_timeout_;
  std::vector<SimTime> target_latency_;
  double eni_failure_ = 0;
  double api_factor_ = 1;
  Rng rng_;
};

}  // namespace lambdasim
