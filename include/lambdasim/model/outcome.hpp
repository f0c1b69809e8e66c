// Every way an invocation attempt can end, and the AWS error a client would see
// for it. Shared by the model, metrics, reports and tests, so a reason is
// spelled the same everywhere.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lambdasim {

enum class Outcome : std::uint8_t {
  kSuccess,
  kFunctionError,                // the code failed
  kTimeout,                      // the function hit its timeout
  kThrottleAccountConcurrency,   // unreserved pool full
  kThrottleReservedConcurrency,  // function's reserved concurrency full
  kThrottleScaling,              // scaling rate (current: per-function bucket; legacy: burst)
  kThrottleAccountRate,          // account request-rate limit
  kThrottleReservedRate,         // function's (reserved) request-rate limit
  kFunctionNotReady,             // function Pending (ResourceConflictException)
  kEniLimitReached,
  kSubnetIpLimitReached,
  kEc2Throttled,
  kEniCreationFailed,  // EC2 refused to create the ENI
  kResourceNotReady,   // function Inactive, ENIs being re-created
  kNatPortAllocation,
  kCallTimeout,    // a call hung until the function timeout
  kTargetRefused,  // a private target refused the connection (its limit)
  kUnreachable,    // an in-VPC client could not reach the Lambda API
  kAzFailure,
  kAsyncExpired,      // async event older than its maximum age
  kAsyncDestination,  // async event sent to a DLQ / on-failure destination
  kAsyncDropped,      // async event discarded after its retries
  // Appended (issue 10): outcomes keep their numbering, and CSV columns their order.
  kDnsTimeout,  // every try of a call's name lookup was dropped by the VPC DNS server
  kCount
};

inline constexpr std::size_t kOutcomeCount = static_cast<std::size_t>(Outcome::kCount);

struct OutcomeInfo {
  std::string_view name;        // snake_case key used in JSON/CSV
  std::string_view aws_error;   // what the client sees
  int http_status;              // 0 where not an HTTP answer (async final states)
  std::string_view aws_reason;  // the Reason field of a 429, else empty
  bool throttle;                // a 429
};

// One row per outcome, in enum order: a new outcome is its enumerator and
// its row, here; the checks below make a missing or empty row a compile error.
// Sources: Lambda Invoke API reference (docs/aws-facts.md#errors).
// The scaling-rate throttle has no Reason of its own in the API; AWS answers it
// with ConcurrentInvocationLimitExceeded, and we keep it apart internally.
inline constexpr std::array<OutcomeInfo, kOutcomeCount> kOutcomeInfo{{
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

consteval bool every_outcome_named() {
  for (const OutcomeInfo& info : kOutcomeInfo) {
    if (info.name.empty() || (info.throttle && info.http_status != 429)) return false;
  }
  return true;
}
static_assert(every_outcome_named(), "every outcome needs its row in kOutcomeInfo");

constexpr const OutcomeInfo& outcome_info(Outcome o) {
  return kOutcomeInfo[static_cast<std::size_t>(o)];
}
constexpr std::string_view outcome_name(Outcome o) {
  return outcome_info(o).name;
}
constexpr bool is_throttle(Outcome o) {
  return outcome_info(o).throttle;
}

}  // namespace lambdasim
