// Readable text tables for stdout: one row per function plus a total row,
// headed by the metrics' names (attempts, invocations, success_rate,
// throttles, errors, platform_errors, p_cold, latency and duration
// percentiles, concurrency, cost), the sum the attempts make, the account's
// cost (compute + network = total), then the outcomes other than success
// with the AWS error a client sees; with VPCs a network section and with
// faults a fault-window section. The aggregate version shows mean ±
// confidence half-width.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lambdasim/metrics/statistics.hpp"
#include "lambdasim/metrics/summary.hpp"
#include "lambdasim/scenario/scenario.hpp"

namespace lambdasim {

std::string render_summary_table(const RunSummary& summary);
std::string render_aggregate_table(const AggregateSummary& aggregate);
// The same, headed by the scenario's name, file and seed.
std::string render_summary_table(const Scenario& scenario, const RunSummary& summary);
std::string render_aggregate_table(const Scenario& scenario, const AggregateSummary& aggregate);

// A table in the same layout: columns two spaces apart, `left` ones
// left-aligned, cells sanitised.
std::string render_text_table(const std::vector<std::string>& header, const std::vector<bool>& left,
                              const std::vector<std::vector<std::string>>& rows);
// "mean ± half-width" of a flattened metric, formatted as the tables do
// (a percentage for rates, ms with three figures, dollars).
std::string format_metric_ci(std::string_view flat_name, const ConfidenceInterval& ci);

}  // namespace lambdasim
