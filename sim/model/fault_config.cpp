#include "lambdasim/model/fault_config.hpp"

namespace lambdasim {

std::string_view fault_kind_name(FaultKind k) {
  switch (k) {
    case FaultKind::kAzOutage:
      return "az_outage";
    case FaultKind::kNatFailure:
      return "nat_failure";
    case FaultKind::kEndpointFailure:
      return "endpoint_failure";
    case FaultKind::kEniCreationFailure:
      return "eni_creation_failure";
    case FaultKind::kEniApiThrottle:
      return "eni_api_throttle";
    case FaultKind::kLatency:
      return "latency";
    case FaultKind::kTargetOutage:
      return "target_outage";
  }
  return "?";
}

}  // namespace lambdasim
