// Private to the scenario layer: checks that involve more than one key
// (reserved concurrency against the account, provisioned against reserved,
// sine amplitude against its rate, ...), run once the whole file is read.
#pragma once

#include "lambdasim/scenario/scenario.hpp"
#include "scenario/walker.hpp"

namespace lambdasim {

// Reports through the walker, at the locations it recorded.
void check_scenario(const Scenario& scenario, Walker& walker);
// Names and limits of VPC networking and faults (checks_network.cpp).
void check_network(const Scenario& scenario, Walker& walker);

}  // namespace lambdasim
