// Readable text tables for stdout: one row per function plus a total row
// (invocations, success %, throttles, errors, P(cold), latency, concurrency,
// cost), then the throttles and errors by reason with the AWS error a client
// sees; with VPCs a network section (peak ENIs, IPs, NAT connections, per
// subnet, network cost) and with faults a fault-window section. The aggregate
// version shows mean ± confidence half-width.
#pragma once

#include <string>

#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

std::string render_summary_table(const RunSummary& summary);
std::string render_aggregate_table(const AggregateSummary& aggregate);
// The same, headed by the scenario's name, file and seed.
std::string render_summary_table(const Scenario& scenario, const RunSummary& summary);
std::string render_aggregate_table(const Scenario& scenario, const AggregateSummary& aggregate);

}  // namespace lambdasim
