// Per-execution ENIs, the VPC model before Hyperplane (2019): each ENI serves
// up to 3 GB / memory environments of one function in one subnet, is created
// on the cold path (seconds) through the rate-limited EC2 API, takes an IP,
// and is deleted after idling. Private to the network model
// (sim/model/network/).
#pragma once

#include <cstdint>
#include <vector>

#include "eni_quota.hpp"
#include "fault_state.hpp"
#include "lambdasim/kernel/rng.hpp"
#include "lambdasim/kernel/simulation.hpp"
#include "lambdasim/model/config.hpp"
#include "lambdasim/model/observer.hpp"

namespace lambdasim {

class PerExecutionEnis {
 public:
  // `creation_rng` (ENI creation times) is shared with the Hyperplane ENIs.
  PerExecutionEnis(Simulation& sim, const ModelConfig& config, ModelObserver& observer,
                   EniQuota& quota, FaultState& faults, Rng& creation_rng);
  void register_events();  // ENI ready, idle ENI release

  struct Slot {
    Outcome refusal = Outcome::kSuccess;
    std::uint32_t slot = 0;  // index into the function's subnets
    std::uint32_t eni = kNoIndex;
    SimTime delay{};  // waiting for that ENI's creation
  };
  // A place on one of f's ENIs in subnet `first` of `subnets` (global subnet
  // per slot), else a new ENI there, else in the next subnet with a free IP.
  Slot take(FunctionIndex f, const std::vector<std::uint32_t>& subnets, std::uint32_t first);
  // The environment holding a place on `eni` is gone.
  void give_back(std::uint32_t eni);

 private:
  struct Eni {
    FunctionIndex function = 0;
    std::uint32_t slot = 0;
    std::uint32_t subnet = 0;
    int used = 0;
    int capacity = 1;
    bool in_free_list = false;
    bool release_pending = false;
    bool alive = false;
    std::uint32_t prev = kNoIndex, next = kNoIndex;
    SimTime ready_at{};
    SimTime idle_since{};
  };

  void on_ready(const EventArgs& args);
  void on_release(const EventArgs& args);
  // Free lists: a function's ENIs in one subnet with room, per slot.
  std::uint32_t& head(const Eni& eni) { return heads_[eni.function][eni.slot]; }
  void unlink(std::uint32_t eni);
  void push(std::uint32_t eni);
  // The EC2 API's token bucket: false when it refuses a creation now.
  bool api_allows(SimTime now);
  std::uint32_t create(FunctionIndex f, std::uint32_t slot, std::uint32_t subnet, SimTime now,
                       SimTime& creation);

  Simulation& sim_;
  const ModelConfig& config_;
  ModelObserver& observer_;
  EniQuota& quota_;
  FaultState& faults_;
  Rng& creation_rng_;
  std::vector<Eni> enis_;
  std::uint32_t free_ = kNoIndex;                  // recycled entries of enis_
  std::vector<std::vector<std::uint32_t>> heads_;  // per function, per slot
  std::vector<int> envs_per_eni_;                  // per function
  double api_tokens_ = 0;
  SimTime api_last_{};
  EventType ev_ready_ = 0;
  EventType ev_release_ = 0;
};

}  // namespace lambdasim
