// Plain configuration of the fault timeline (DESIGN.md, Faults): what breaks,
// when, for how long and how badly. AWS documents neither how fast Lambda
// stops placing in a failed AZ nor what happens to in-flight work there; both
// are parameters here (docs/aws-facts.md#az-failures).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/kernel/sim_time.hpp"

namespace lambdasim {

enum class FaultKind {
  kAzOutage,            // an AZ is lost: environments, ENIs, NATs, endpoint ENIs in it
  kNatFailure,          // one NAT gateway down
  kEndpointFailure,     // one interface endpoint down (all its AZs)
  kEniCreationFailure,  // EC2 refuses ENI creation
  kEniApiThrottle,      // EC2 ENI API slowed: rate and creation time scaled
  kLatency,             // extra latency on calls to a target
  kTargetOutage,        // a target refuses connections or times out
};

enum class TargetOutageMode { kRefuse, kTimeout };

struct FaultConfig {
  FaultKind kind = FaultKind::kAzOutage;
  SimTime at{};
  SimTime duration = kTimeInfinity;  // "for"; infinity = open-ended
  std::string az;                    // kAzOutage
  std::string vpc;                   // kNatFailure, kEndpointFailure: the VPC of the resource
  std::string resource;              // kNatFailure / kEndpointFailure: its name
  std::string target;                // kLatency, kTargetOutage
  // Fraction of placements and calls that fail (kAzOutage, kEniCreationFailure,
  // kTargetOutage); 1 = all. For kEniApiThrottle: the factor the API rate is
  // divided by and creation time multiplied by. The loader sets the kind's
  // default (FaultKindSpec::default_severity) before reading the item's keys.
  double severity = 1.0;
  SimTime extra_latency{};                             // kLatency
  TargetOutageMode mode = TargetOutageMode::kTimeout;  // kTargetOutage
  // Written by resolve_names (resolve.hpp): AZ; global NAT or endpoint; target.
  std::uint32_t az_index = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t resource_index = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t target_index = std::numeric_limits<std::uint32_t>::max();

  bool operator==(const FaultConfig&) const = default;
};

struct FaultsConfig {
  std::vector<FaultConfig> timeline;
  // Time from an AZ failure until Lambda stops placing environments there:
  // not documented; AWS says Lambda recovers from AZ impairment in "a few
  // minutes without human intervention" (resilience blog, 2023).
  SimTime detection_delay = minutes(2);

  bool operator==(const FaultsConfig&) const = default;
};

// The scenario name of a kind ("az_outage"); the table is fault_kinds.hpp.
std::string_view fault_kind_name(FaultKind k);

}  // namespace lambdasim
