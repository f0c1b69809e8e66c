// explain's binding limit (issue 12): per function, the concurrency each
// limit of the account, the scaling rate, the VPC and its NATs allows at the
// function's peak, and which binds first. Internal to explain.cpp.
#pragma once

#include "lambdasim/model/explain.hpp"
#include "lambdasim/model/routes.hpp"

namespace lambdasim {

// The sources' summed rate just before the instant the peak begins (0 when
// the peak is there from the start): what the function runs before a burst.
double arrival_rate_before_peak(const FunctionConfig& function, SimTime horizon);

// Fills `limits` and `binding_limit` of every function of `out`; runs after
// the core's functions, quotas and NAT connections are explained.
void explain_limits(const ModelConfig& config, const NetworkIndex& index, SimTime horizon,
                    Explanation& out);

}  // namespace lambdasim
