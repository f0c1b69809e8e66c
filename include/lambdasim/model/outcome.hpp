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

const OutcomeInfo& outcome_info(Outcome o);
inline std::string_view outcome_name(Outcome o) {
  return outcome_info(o).name;
}
inline bool is_throttle(Outcome o) {
  return outcome_info(o).throttle;
}

}  // namespace lambdasim
