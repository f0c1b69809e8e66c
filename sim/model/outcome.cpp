#include "lambdasim/model/outcome.hpp"

namespace lambdasim {

namespace {
// Sources: Lambda Invoke API reference (docs/aws-facts.md#errors).
// The scaling-rate throttle has no Reason of its own in the API; AWS answers it
// with ConcurrentInvocationLimitExceeded, and we keep it apart internally.
constexpr std::array<OutcomeInfo, kOutcomeCount> kInfo{{
    {"success", "", 200, "", false},
    {"function_error", "X-Amz-Function-Error: Unhandled", 200, "", false},
    {"timeout", "X-Amz-Function-Error: Unhandled (Task timed out)", 200, "", false},
    {"throttle_account_concurrency", "TooManyRequestsException", 429,
     "ConcurrentInvocationLimitExceeded", true},
    {"throttle_reserved_concurrency", "TooManyRequestsException", 429,
     "ReservedFunctionConcurrentInvocationLimitExceeded", true},
    {"throttle_scaling", "TooManyRequestsException", 429, "ConcurrentInvocationLimitExceeded",
     true},
    {"throttle_account_rate", "TooManyRequestsException", 429,
     "FunctionInvocationRateLimitExceeded", true},
    {"throttle_reserved_rate", "TooManyRequestsException", 429,
     "ReservedFunctionInvocationRateLimitExceeded", true},
    {"function_not_ready", "ResourceConflictException", 409, "", false},
    {"eni_limit_reached", "ENILimitReachedException", 502, "", false},
    {"subnet_ip_limit_reached", "SubnetIPAddressLimitReachedException", 502, "", false},
    {"ec2_throttled", "EC2ThrottledException", 502, "", false},
    {"eni_creation_failed", "EC2UnexpectedException", 502, "", false},
    {"resource_not_ready", "ResourceNotReadyException", 502, "", false},
    {"nat_port_allocation", "ErrorPortAllocation (NAT)", 0, "", false},
    {"call_timeout", "X-Amz-Function-Error: Unhandled (call hung until timeout)", 200, "", false},
    {"target_refused", "X-Amz-Function-Error: Unhandled (connection refused)", 200, "", false},
    {"unreachable", "client timeout (no route to the Lambda API, or its NAT/endpoint down)", 0, "",
     false},
    {"az_failure", "ServiceException (AZ failure)", 500, "", false},
    {"async_expired", "event expired (maximum event age)", 0, "", false},
    {"async_destination", "sent to DLQ / on-failure destination", 0, "", false},
    {"async_dropped", "discarded after retries", 0, "", false},
    {"dns_timeout", "X-Amz-Function-Error: Unhandled (name lookup timed out)", 200, "", false},
}};
}  // namespace

const OutcomeInfo& outcome_info(Outcome o) {
  return kInfo[static_cast<std::size_t>(o)];
}

}  // namespace lambdasim
