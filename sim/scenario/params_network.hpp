// Private to the scenario layer: the parameter rows of networking (network,
// targets, function vpc/calls/deployment, in-VPC clients) and faults, which
// params.cpp inserts into the one table.
#pragma once

#include <vector>

#include "lambdasim/scenario/params.hpp"

namespace lambdasim {

std::vector<ParamSpec> network_rows();           // spec.network.*, spec.targets.*
std::vector<ParamSpec> function_network_rows();  // spec.functions.<name>.{vpc,calls,deployed_at}
std::vector<ParamSpec> arrival_source_rows();    // spec.functions.<name>.arrivals[].source
std::vector<ParamSpec> fault_rows();             // spec.account.az_detection_delay, spec.faults

}  // namespace lambdasim
