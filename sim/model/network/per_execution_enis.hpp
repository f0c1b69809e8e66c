// Per-execution ENIs, the VPC model before Hyperplane (2019): the ENIs of one
// function in one subnet carry 3 GB of its environments' memory each (or
// floor(3 GB / memory) whole environments each: per_execution_eni_packing),
// are created on the cold path (seconds) through the rate-limited EC2 API,
// take an IP each, and are deleted after idling. Private to the network model
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
  // ENIs alive (in service or being created).
  std::int64_t alive() const;

 private:
  struct Eni {
    FunctionIndex function = 0;
    std::uint32_t slot = 0;
    std::uint32_t subnet = 0;
    int used = 0;  // environments placed on it
    bool in_free_list = false;
    bool release_pending = false;
    bool alive = false;
    bool held = false;      // idle past the delay, but carrying memory its group needs
    bool creating = false;  // until its ready event; it may be deleted before that
    // Counts the entry's reuses, so that the ready event of a deleted ENI
    // never marks the next ENI of its entry ready.
    std::uint32_t generation = 0;
    std::uint32_t prev = kNoIndex, next = kNoIndex;
    SimTime ready_at{};
    SimTime idle_since{};
  };

  // A function's ENIs in one subnet (one of its slots). Memory packing is
  // counted per group, not per ENI: the group's environments fit while
  // envs <= capacity(enis), so one environment's memory may span two ENIs,
  // and an ENI holding no environment may still carry others' memory.
  struct Group {
    std::uint32_t head = kNoIndex;  // free list: its ENIs with fewer than max_per_eni
    int envs = 0;
    int enis = 0;  // alive, creating included
    int held = 0;  // ENIs held (Eni::held)
  };
  // How a function's environments share ENIs (per_execution_eni_packing):
  // `enis` ENIs carry floor(enis x units_per_eni / units_per_env)
  // environments, at most max_per_eni of them placed on one ENI.
  struct Packing {
    std::int64_t units_per_env = 1;
    std::int64_t units_per_eni = 1;
    int max_per_eni = 1;
    int capacity(int enis) const { return static_cast<int>(enis * units_per_eni / units_per_env); }
  };

  void on_ready(const EventArgs& args);
  void on_release(const EventArgs& args);
  Group& group(const Eni& eni) { return groups_[eni.function][eni.slot]; }
  std::uint32_t& head(const Eni& eni) { return group(eni).head; }
  void unlink(std::uint32_t eni);
  void push(std::uint32_t eni);
  // The EC2 API's token bucket: false when it refuses a creation now.
  bool api_allows(SimTime now);
  std::uint32_t create(FunctionIndex f, std::uint32_t slot, std::uint32_t subnet, SimTime now,
                       SimTime& creation);
  // Deletes idle ENI `e` (its IP and quota slot come back).
  void release(std::uint32_t e);
  // After an environment left group `g` of function `f`: deletes a held ENI
  // the group no longer needs.
  void release_held(FunctionIndex f, Group& g);

  Simulation& sim_;
  const ModelConfig& config_;
  ModelObserver& observer_;
  EniQuota& quota_;
  FaultState& faults_;
  Rng& creation_rng_;
  std::vector<Eni> enis_;
  std::uint32_t free_ = kNoIndex;           // recycled entries of enis_
  std::vector<std::vector<Group>> groups_;  // per function, per slot
  std::vector<Packing> packing_;            // per function
  double api_tokens_ = 0;
  SimTime api_last_{};
  EventType ev_ready_ = 0;
  EventType ev_release_ = 0;
};

}  // namespace lambdasim
